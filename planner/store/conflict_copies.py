"""Conflict copies of day files left by a folder sync (Syncthing, Dropbox, Nextcloud) next
to the day they are a version of, merged back into it.

A sync that saw a day file change on two machines keeps one version as the day file and the
other as a copy beside it, in ``days/YYYY/``:

- Syncthing: ``2026-12-04.sync-conflict-20261204-101530-ABCDEF7.json``
- Dropbox: ``2026-12-04 (conflicted copy).json``, ``2026-12-04 (Laptop's conflicted copy
  2026-12-04).json``; Dropbox and Nextcloud: ``2026-12-04 (conflicted copy 2026-12-04
  101530).json``

Each copy is merged into its day record by record, two-way (``merge.merge_days``), through
``Store.restore_day``: under the data lock, against the day as stored now, written
atomically, records keeping their own stamps. It then moves to ``<data>/conflicts/``.

Guarantees: nothing is lost. A copy moves only after its day was written; a copy that is
damaged or foreign is not merged but moved aside (``conflicts/``) and reported; a copy from
a newer planner, or one whose day could not be written, stays where it is and is reported.
Nothing in ``conflicts/`` is ever overwritten (a name taken gets ``.2``, ``.3`` …).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from planner.core.model import Day
from planner.store.day_format import DAYS_TABLE, TASKS_TABLE, decode_day
from planner.store.days import Store
from planner.store.files import sync_folder
from planner.store.records import (
    KIND,
    META_TABLE,
    SCHEMA_RECORD,
    SCHEMA_VERSION,
    StoreError,
    parse_tables,
)
from planner.store.tree import DAYS_FOLDER, date_of, year_folders
from planner.store.unique_ids import DuplicateTaskIds, check_unique_ids

CONFLICTS_FOLDER = "conflicts"
COPY_NAME = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})"
    r"(?:(?:\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{7})?)+"  # Syncthing
    r"| \([^()]*conflicted copy[^()]*\)(?: \(\d+\))?)"  # Dropbox, Nextcloud
    r"\.json"
)


class CopyOutcome(StrEnum):
    MERGED = "merged"  # into its day, then moved to conflicts/
    UNREADABLE = "unreadable"  # damaged or foreign: moved to conflicts/, not merged
    NEWER_SCHEMA = "newer schema"  # from a newer planner: left in place
    NOT_MERGED = "not merged"  # its day could not be written: left in place


@dataclass(frozen=True)
class ConflictCopy:
    """What became of one conflict copy of ``day``, found at ``copy``."""

    day: date
    copy: Path
    outcome: CopyOutcome
    moved_to: Path | None  # None: still at ``copy``
    problem: str = ""  # why it was not merged, or not moved; for the user


def find_conflict_copies(data_dir: Path) -> list[Path]:
    """The conflict copies of day files under ``data_dir`` (names only: nothing is read)."""
    found: list[Path] = []
    for _, folder in year_folders(data_dir / DAYS_FOLDER):
        for entry in os.scandir(folder):
            if COPY_NAME.fullmatch(entry.name) is None:
                continue  # a day file, most likely: no Path built (ten years: 3,650 of them)
            path = folder / entry.name
            if copy_date(path) is not None and entry.is_file():
                found.append(path)
    return sorted(found)


def copy_date(path: Path) -> date | None:
    """The day ``path`` is a conflict copy of, if it is named and placed as one."""
    match = COPY_NAME.fullmatch(path.name)
    return None if match is None else date_of(path.with_name(f"{match['day']}.json"))


def merge_conflict_copies(store: Store) -> list[ConflictCopy]:
    """Merge every conflict copy into its day and move it aside (see the module); what
    became of each, in the order of their names. StoreError if the data lock cannot be had
    (then nothing was done)."""
    copies = find_conflict_copies(store.home)
    if not copies:
        return []
    with store.locked():  # one planner at a time handles the copies
        handled = (_handle(store, path) for path in copies)
        return [copy for copy in handled if copy is not None]


def _handle(store: Store, path: Path) -> ConflictCopy | None:
    day = copy_date(path)
    assert day is not None, "found by its name"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None  # handled by another planner (or the sync) meanwhile
    except OSError as error:
        problem = f"{path}: cannot be read ({error.strerror or error})"
        return _set_aside(store, ConflictCopy(day, path, CopyOutcome.UNREADABLE, None, problem))
    newer = _newer_schema(raw)
    if newer is not None:
        problem = (
            f"{path} was written by a newer planner (schema version {newer}; this one reads"
            f" up to {SCHEMA_VERSION}). Upgrade planner on this machine to merge it."
        )
        return ConflictCopy(day, path, CopyOutcome.NEWER_SCHEMA, None, problem)
    try:
        copy = _read_day(path, raw, day)
    except (StoreError, DuplicateTaskIds) as error:
        return _set_aside(store, ConflictCopy(day, path, CopyOutcome.UNREADABLE, None, str(error)))
    from planner.store.merge import merge_days  # only when there is a copy: not at start-up

    try:
        store.restore_day(copy, merge_days)
    except (StoreError, DuplicateTaskIds) as error:
        return ConflictCopy(day, path, CopyOutcome.NOT_MERGED, None, str(error))
    return _set_aside(store, ConflictCopy(day, path, CopyOutcome.MERGED, None))


def _read_day(path: Path, raw: bytes, day: date) -> Day:
    """The day a copy holds, read as the store reads a day file (older schemas too)."""
    tables = parse_tables(path, raw)
    header = tables.get(DAYS_TABLE, {}).get(day.isoformat())
    found = decode_day(path, header, tables.get(TASKS_TABLE, {}), day)
    if found is None:
        raise StoreError(path, f"holds no record for {day.isoformat()}")
    check_unique_ids(found)
    return found


def _newer_schema(raw: bytes) -> int | None:
    """The schema version of a planner day file newer than this planner reads, if it is one."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    meta = data.get(META_TABLE) if isinstance(data, dict) else None
    schema = meta.get(SCHEMA_RECORD) if isinstance(meta, dict) else None
    if not isinstance(schema, dict) or schema.get("kind") != KIND:
        return None
    version = schema.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return version
    return None


def _set_aside(store: Store, copy: ConflictCopy) -> ConflictCopy:
    """``copy`` moved to the conflicts folder; left in place (and said why) if it cannot be."""
    folder = store.home / CONFLICTS_FOLDER
    try:
        moved = _move(copy.copy, folder)
    except OSError as error:
        why = f"{copy.copy} could not be moved to {folder} ({error.strerror or error})"
        problem = "; ".join(filter(None, (copy.problem, why)))
        return ConflictCopy(copy.day, copy.copy, copy.outcome, None, problem)
    return ConflictCopy(copy.day, copy.copy, copy.outcome, moved, copy.problem)


def _move(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under its own name, or the first free ``name.N.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        name = path.name if number == 1 else f"{path.stem}.{number}{path.suffix}"
        target = folder / name
        try:
            os.link(path, target)  # fails if the name is taken, where a rename would replace
        except FileExistsError:
            continue
        except OSError:  # a filesystem without hard links: look, then rename
            if target.exists():
                continue
            os.rename(path, target)
        else:
            path.unlink()
        sync_folder(folder)
        sync_folder(path.parent)
        return target
    raise AssertionError("unreachable: the numbers never run out")
