"""The files of records kept by id beside the day files (the dated items,
``items/YYYY.json``; the ideas, ``ideas.json``), taken whole: for the git sync's merge, the
check before a sync commits, and `planner export` / `planner import`.

Each kind is one row of ``RECORD_FILES``: where its files are, their ``"format"`` and
version, the key of their ``{id: record}`` mapping, and the store's own check of one
record. A new kind of record file is one more row.

A file is ``{"format": F, "version": N, KEY: {id: record}}``, as the kind's store writes
it. A record's stamp is its ``removed_at`` when it is a tombstone, else its ``updated_at``
(a drop newer than an edit stays dropped; an edit newer than the drop revives the record).
Versions of one file merge record by record (``merged_records``): a record changed on one
side only comes from that side; changed on both, or made on both, the newer one wins
(``merge.newer``, with its tie-break); a change beats a removal. Never a conflict marker.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import reduce
from pathlib import Path
from typing import Any

from planner.store.envelope import Envelope
from planner.store.files import write_atomically
from planner.store.idea_store import IDEAS_FILE, IDEAS_FORMAT, IDEAS_VERSION, idea_from_record
from planner.store.item_store import ITEMS_FOLDER, ITEMS_FORMAT, ITEMS_VERSION, item_from_record
from planner.store.merge import newer, pick
from planner.store.records import StoreError

Record = dict[str, Any]


@dataclass(frozen=True)
class RecordKind:
    """One kind of record file."""

    name: str  # the key of the records in the file and in a JSON export: "items"
    noun: str  # one of them, in messages: "item"
    pattern: str  # its files, from the data dir (a glob, as git's attributes take it)
    format: str
    version: int  # the newest this planner reads (and writes)
    check: Callable[[Any, str], str]  # a record's id; RecordError naming ``where``, the field
    file_of: Callable[[Record], str]  # where a (checked) record goes, from the data dir
    dated: bool  # its records have an ``on`` date: an export's --from/--to select them

    @property
    def envelope(self) -> Envelope:
        return Envelope(self.format, self.version, self.name, self.noun)

    @property
    def root(self) -> str:
        """The file or folder of the data dir that holds them (what the sync adds)."""
        return self.pattern.split("/")[0]

    def matches(self, name: str) -> bool:
        """``name`` (a path from the data dir, with ``/``) is one of this kind's files."""
        return fnmatchcase(name, self.pattern)

    def files(self, home: Path) -> list[Path]:
        return sorted(home.glob(self.pattern))


def _item_id(record: Any, where: str) -> str:
    return item_from_record(record, where).id


def _item_file(record: Record) -> str:
    return f"{ITEMS_FOLDER}/{str(record['on'])[:4]}.json"


ITEMS = RecordKind(
    name="items",
    noun="item",
    pattern=f"{ITEMS_FOLDER}/[0-9][0-9][0-9][0-9].json",
    format=ITEMS_FORMAT,
    version=ITEMS_VERSION,
    check=_item_id,
    file_of=_item_file,
    dated=True,
)


def _idea_id(record: Any, where: str) -> str:
    return idea_from_record(record, where).id


IDEAS = RecordKind(
    name="ideas",
    noun="idea",
    pattern=IDEAS_FILE,
    format=IDEAS_FORMAT,
    version=IDEAS_VERSION,
    check=_idea_id,
    file_of=lambda record: IDEAS_FILE,
    dated=False,  # the backlog: an export holds all of it, whatever its dates
)
RECORD_FILES: tuple[RecordKind, ...] = (ITEMS, IDEAS)


def kind_of(name: str) -> RecordKind | None:
    """The kind whose file ``name`` (from the data dir, with ``/``) is, if any."""
    return next((kind for kind in RECORD_FILES if kind.matches(name)), None)


def record_stamp(record: Record) -> str | None:
    """What a record is compared by: a tombstone's ``removed_at``, else its ``updated_at``."""
    stamp = record.get("removed_at") or record.get("updated_at")
    return stamp if isinstance(stamp, str) else None


def newest_record(first: Record, second: Record) -> Record:
    return newer(first, second, record_stamp, lambda record: record)


# --- reading ----------------------------------------------------------------------------


def records_in(
    raw: bytes, kind: RecordKind, shown: str, *, may_be_empty: bool = False
) -> dict[str, Record]:
    """The records of one version of a file of ``kind``, each checked as its store checks
    it; StoreError naming ``shown``, the record and the field for anything untrusted.
    ``may_be_empty``: an empty version holds no record (git's %O when both sides made it)."""
    if may_be_empty and not raw.strip():
        return {}

    def checked(record: Any, where: str) -> tuple[str, Record]:
        return kind.check(record, where), record

    found = kind.envelope.records(raw, Path(shown), checked, lambda pair: pair[0])
    return {key: record for key, (_, record) in found.items()}


def read_file(path: Path, kind: RecordKind) -> dict[str, Record]:
    """The records of one file (none when it does not exist); StoreError if untrusted."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror or error})") from None
    return records_in(raw, kind, str(path))


def read_kind(home: Path, kind: RecordKind) -> dict[str, Record]:
    """Every record of ``kind`` in the data dir ``home``, tombstones included: for each id
    the newest of all its files (as its store reads them). StoreError if one is untrusted."""
    found: dict[str, Record] = {}
    for path in kind.files(home):
        for key, record in read_file(path, kind).items():
            known = found.get(key)
            found[key] = record if known is None else newest_record(known, record)
    return dict(sorted(found.items()))


# --- merging and writing -----------------------------------------------------------------


def merged_records(
    base: dict[str, Record], ours: dict[str, Record], theirs: dict[str, Record]
) -> dict[str, Record]:
    """Three versions of one file's records merged by id (see the module); sorted by id."""
    merged: dict[str, Record] = {}
    for key in sorted({*base, *ours, *theirs}):
        chosen = pick(base.get(key), ours.get(key), theirs.get(key), record_stamp, dict)
        if chosen is not None:
            merged[key] = chosen
    return merged


def dump_records(kind: RecordKind, records: dict[str, Record]) -> bytes:
    """A file of ``kind`` holding ``records``, as its store writes one."""
    return kind.envelope.dump(records)


def put_records(
    home: Path,
    kind: RecordKind,
    records: list[Record],
    locked: Callable[[], AbstractContextManager[None]],
    choose: Callable[[Record | None, Record], Record] | None = None,
) -> None:
    """Make each of ``records`` (checked) the one record of its id, or what ``choose``
    makes of it and the record stored now (None: none), read under the lock: written to
    its own file, any copy of that id in the kind's other files taken out. Under
    ``locked``, every file read before any is written, each written atomically."""
    if not records:
        return
    with locked():
        files = {
            path.relative_to(home).as_posix(): read_file(path, kind) for path in kind.files(home)
        }
        changed: set[str] = set()
        for incoming in records:
            key = kind.check(incoming, kind.noun)
            copies = [held[key] for held in files.values() if key in held]
            stored = reduce(newest_record, copies) if copies else None
            record = incoming if choose is None else choose(stored, incoming)
            if record == stored:
                continue
            target = kind.file_of(record)
            for name, held in files.items():
                if name != target and held.pop(key, None) is not None:
                    changed.add(name)
            files.setdefault(target, {})[key] = record
            changed.add(target)
        for name in sorted(changed):
            path = home / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, dump_records(kind, files[name]))
