"""JSON files on the user's disk that are never torn, never clobbered, and diff well.

The mechanics under ``planner.store.days``, with no knowledge of days or tasks:

- ``read_tables`` reads and validates one file. A missing file is simply empty; a file that
  is empty, not JSON, JSON of another shape, not ours (no or a foreign ``_meta``) or from a
  newer planner raises ``StoreError`` and is never written to.
- Writes go through ``planner.store.files.write_atomically`` (a crash leaves the old file
  or the new one, never a torn one).
- ``AtomicJSONStorage`` is the TinyDB ``Storage`` built from the two, and ``RecordTable``
  the TinyDB table keyed by stable string ids instead of TinyDB's integers.
- ``AtomicJSONStorage.transaction()`` is the read-modify-write unit: it takes the file lock,
  reads (and validates) the file once, lets any number of TinyDB operations work on that
  copy and writes the result once, after backing the old file up to ``<file>.bak`` (and
  handing it to ``keep``: the store's backups) the first time a writer touches it.

Files are pretty-printed (indent 2, sorted keys, UTF-8, trailing newline) so that git can
diff and merge them record by record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from planner.errors import PlannerError
from planner.store.files import backup_path, copies_of, file_version, write_atomically
from planner.store.tree import date_of

if TYPE_CHECKING:
    from filelock import BaseFileLock

# filelock is imported on the first write, not at start-up: opening a day only reads.
LockFactory = Callable[[], "BaseFileLock"]
# Given a file and its bytes just validated, under the lock, before a writer's first write.
KeepCopy = Callable[[Path, bytes], object]

SCHEMA_VERSION = 2  # 2: wins and losses are items with ids and stamps (planner.store.days)
KIND = "planner-days"
META_TABLE = "_meta"
SCHEMA_RECORD = "schema"
LOCK_TIMEOUT_SECONDS = 10.0

Tables = dict[str, dict[str, Any]]
JSON_NAMES: dict[type, str] = {list: "array", str: "string", bool: "boolean", type(None): "null"}
JSON_NAMES |= dict.fromkeys((int, float), "number")


class StoreError(PlannerError):
    """A data file planner will not read or write; the message is written for the user.

    ``path`` is the file at fault, ``problem`` what is wrong with it and ``backup`` the latest
    copy of it that can be read (``files.copies_of``), if any: the message offers only such a
    copy (for a day file, through `planner restore DATE`), and says when there is none.
    """

    def __init__(
        self, path: Path, problem: str, advice: str | None = None, *, offer_backup: bool = True
    ) -> None:
        self.path, self.problem, day = path, problem, date_of(path)
        copies = copies_of(path) if offer_backup else []
        readable = [copy for copy in copies if can_be_read(copy)]
        self.backup: Path | None = readable[0] if readable else None
        if self.backup is not None:
            how = f"copy {self.backup} over it"
            if day is not None:
                how = (
                    f"`planner restore {day.isoformat()}` lists its backups ({len(readable)} "
                    f"can be read, the latest is {self.backup}) and `--pick N` puts one back"
                )
            advice = f"{(advice or 'Move it aside').rstrip('.')}, or put a good backup back: {how}."
        else:
            advice = (
                advice or "Move it aside (or repair it by hand); planner then treats it as absent."
            )
            if copies:
                advice += f" No backup of it can be read ({len(copies)} found)."
            elif offer_backup and day is not None:
                advice += " There is no backup of it."
        super().__init__(f"{path}: {problem}. Nothing was written to it. {advice}")


def can_be_read(path: Path) -> bool:
    try:
        return read_tables(path) is not None
    except StoreError:
        return False


def meta_tables() -> Tables:
    return {META_TABLE: {SCHEMA_RECORD: {"schema_version": SCHEMA_VERSION, "kind": KIND}}}


# --- reading --------------------------------------------------------------------------


class FileRead(NamedTuple):
    """A data file as read: its validated tables, the exact bytes they came from, and the
    file's version (``files.file_version``, taken from the same open file: the bytes and
    the version always match)."""

    tables: Tables
    raw: bytes
    version: int


def read_tables(path: Path) -> FileRead | None:
    """``path`` read and validated; None if absent."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
            version = file_version(os.fstat(handle.fileno()))
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(path, "is a folder where a data file belongs") from None
    except OSError as error:
        problem = f"cannot be read ({error.strerror})"
        advice = "Check that planner may read it."
        raise StoreError(path, problem, advice, offer_backup=False) from error
    return FileRead(parse_tables(path, raw), raw, version)


def parse_tables(path: Path, raw: bytes) -> Tables:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(path, f"is not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        # Plain TinyDB would take this for a new database and start afresh over it.
        raise StoreError(path, "is empty (it may have been truncated)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(path, f"is not valid JSON ({json_problem(error)})") from None
    except RecursionError:
        raise StoreError(path, "is not a planner data file (it is nested too deeply)") from None
    return validate_tables(path, data)


def json_problem(error: json.JSONDecodeError) -> str:  # "line 3, column 5: unterminated string"
    what = error.msg.removesuffix(" at").removesuffix(" starting")
    return f"line {error.lineno}, column {error.colno}: {what[:1].lower()}{what[1:]}"


def validate_tables(path: Path, data: object) -> Tables:
    """``data`` as tables of records, if it is a planner file this planner can read."""
    if not isinstance(data, dict):
        kind = JSON_NAMES.get(type(data), type(data).__name__)
        raise StoreError(path, f"holds a JSON {kind}, not the tables of a planner data file")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
            raise StoreError(
                path, f"is not a planner data file (its {name!r} is not a table of records)"
            )
    schema = data.get(META_TABLE, {}).get(SCHEMA_RECORD)
    if not isinstance(schema, dict):
        raise StoreError(path, f"is not a planner data file (it has no {META_TABLE} table)")
    if schema.get("kind") != KIND:
        raise StoreError(
            path, f"is not a planner data file (its kind is {schema.get('kind')!r}, not {KIND!r})"
        )
    version = schema.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(path, f"has an invalid schema_version ({version!r})")
    if version > SCHEMA_VERSION:
        raise StoreError(
            path,
            f"was written by a newer planner (schema version {version}; "
            f"this one reads up to {SCHEMA_VERSION})",
            "Upgrade planner to read it.",
        )
    return data


# --- writing --------------------------------------------------------------------------


def dump_tables(data: Mapping[str, Any]) -> str:
    """The on-disk text: one key per line, sorted, so git diffs and merges per record."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- the lock -------------------------------------------------------------------------


@contextmanager
def holding(
    lock: BaseFileLock,
    path: Path,
    timeout: float = LOCK_TIMEOUT_SECONDS,
    *,
    what: str = "",
    give_up: Callable[[], bool] | None = None,
) -> Iterator[None]:
    """``lock`` held for the ``with`` block; StoreError naming ``path`` when it cannot be
    had (another planner holds it past ``timeout``, or the folder refuses a lock file; or
    ``give_up`` said so while waiting). ``what`` says what the lock is for, in the message."""
    from filelock import Timeout

    lock_file = Path(lock.lock_file)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        acquired = lock.acquire(timeout=timeout, cancel_check=give_up)
    # Timeout is an OSError too: it must be caught first.
    except Timeout:
        raise StoreError(
            path,
            f"is locked by another planner{what} (waited {timeout:g} s for {lock.lock_file})",
            "Close the other planner and try again.",
            offer_backup=False,
        ) from None
    except OSError as error:
        raise StoreError(
            path,
            f"cannot be locked for writing ({error.strerror or error} at {lock_file})",
            "Check that planner may write to that folder.",
            offer_backup=False,
        ) from error
    with acquired:
        yield


@contextmanager
def exclusive(lock_path: Path, about: Path, timeout: float, what: str) -> Iterator[None]:
    """A lock of its own at ``lock_path`` (e.g. one sync at a time), held for the block."""
    from filelock import FileLock

    with holding(FileLock(str(lock_path)), about, timeout, what=what):
        yield


# --- TinyDB ---------------------------------------------------------------------------


class AtomicJSONStorage(Storage):
    """TinyDB storage over one validated, atomically written, pretty-printed JSON file.

    Outside a transaction every ``read`` reads the file and every ``write`` validates the
    file it replaces and writes at once. Inside ``transaction()`` the file is read once
    under the lock and written once at the end: that is how the store makes a change.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock: LockFactory | None = None,
        backed_up: set[Path] | None = None,
        keep: KeepCopy | None = None,
        lock_timeout: Callable[[], float] = lambda: LOCK_TIMEOUT_SECONDS,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._lock_factory, self._lock_timeout = lock or self._own_lock, lock_timeout
        # Files this writer has already backed up (shared by one Store's storages).
        self.backed_up = backed_up if backed_up is not None else set()
        self._keep = keep
        self._tables: Tables | None = None
        self._raw: bytes | None = None
        # The version of the file as this storage last read or wrote it (0: absent).
        self.version = 0
        self._mode: str | None = None  # None, "snapshot" or "transaction"
        self._dirty = False

    @property
    def raw(self) -> bytes | None:
        """The exact bytes of the file as read for the current snapshot or transaction."""
        return self._raw

    def read(self) -> Tables | None:
        if self._mode is not None:
            return self._tables
        loaded = read_tables(self.path)
        return None if loaded is None else loaded[0]

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._mode == "snapshot":
            raise RuntimeError("a snapshot is read-only: write in a transaction")
        if self._mode == "transaction":
            self._tables, self._dirty = data, True
            return
        # Never overwrite what has not just been validated, under the lock.
        with self._locked():
            loaded = read_tables(self.path)
            self._commit(data, None if loaded is None else loaded[1])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock, read once, let TinyDB work on that copy, write once if anything changed.

        If the body raises, nothing is written.
        """
        with self._locked(), self._holding("transaction"):
            yield
            if self._dirty and self._tables is not None:
                self._commit(self._tables, self._raw)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read the file once for several TinyDB reads (no lock needed: renames are atomic)."""
        with self._holding("snapshot"):
            yield

    @contextmanager
    def _holding(self, mode: str) -> Iterator[None]:
        if self._mode is not None:
            raise RuntimeError(f"a {mode} cannot start inside a {self._mode}")
        loaded = read_tables(self.path)
        self._tables, self._raw = (None, None) if loaded is None else loaded[:2]
        self.version = 0 if loaded is None else loaded.version
        self._mode, self._dirty = mode, False
        try:
            yield
        finally:
            self._mode, self._dirty = None, False
            self._tables = self._raw = None

    def _own_lock(self) -> BaseFileLock:
        from filelock import FileLock

        return FileLock(f"{self.path}.lock")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with holding(self._lock_factory(), self.path, self._lock_timeout()):
            yield

    def _commit(self, data: Tables, previous: bytes | None) -> None:
        """Write ``data`` over the file whose validated bytes were ``previous``."""
        content = dump_tables({**data, **meta_tables()}).encode("utf-8")
        try:
            if previous is not None and self.path not in self.backed_up:
                # The file was just read and validated: it is the latest good version.
                write_atomically(backup_path(self.path), previous)
                if self._keep is not None:
                    self._keep(self.path, previous)
                self.backed_up.add(self.path)
            write_atomically(self.path, content)
            self.version = file_version(os.stat(self.path))  # under the lock: ours
        except OSError as error:
            raise StoreError(
                self.path,
                f"could not be written ({error.strerror or error}); it is as it was before",
                "Check the free space and permissions of its folder, then try again.",
                offer_backup=False,
            ) from error


class RecordTable(Table):
    """A TinyDB table whose records are keyed by stable string ids (merge-friendly)."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int

    def record(self, record_id: str) -> dict[str, Any] | None:
        found = self.get(doc_id=record_id)  # type: ignore[call-overload]  # ids are str here
        return None if found is None else dict(found)

    def records(self) -> dict[str, dict[str, Any]]:
        return {str(document.doc_id): dict(document) for document in self.all()}

    def put(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Insert or wholly replace records (one table update; no stale fields survive)."""

        def replace(table: dict[Any, Any]) -> None:
            for record_id, data in records.items():
                table[record_id] = dict(data)

        self._update_table(replace)

    def drop(self, record_ids: list[str]) -> None:
        def remove(table: dict[Any, Any]) -> None:
            for record_id in record_ids:
                table.pop(record_id, None)

        self._update_table(remove)


class RecordDB(TinyDB):
    table_class = RecordTable

    def records(self, name: str) -> RecordTable:
        table = self.table(name)
        assert isinstance(table, RecordTable)
        return table

    @property
    def file(self) -> AtomicJSONStorage:
        storage = self.storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage
