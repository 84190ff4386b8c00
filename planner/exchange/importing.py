"""`planner import`: read a JSON export back into the store, never clobbering by surprise.

The file is read and checked whole before anything is written: a foreign or broken file
raises ``ImportFileError`` naming the file and what is wrong (for an item or idea, which
one and the field, as its store checks it). Days, items and ideas the store does not have
are added; identical ones are left alone. Those it already has (with different content)
are only written when the user says how:

- ``replace``: the file's day replaces the stored one (header and tasks).
- ``merge``: record by record, as a git-synced data dir merges (``planner.store.merge``):
  each task, each win and loss, and each wrap-up field comes from the side that changed it
  last; what only one side has is kept; equal stamps are settled the same way everywhere.
  An item or idea: the newer of the two records (``merge.newer``: a drop newer than an
  edit stays dropped).

Without either, ``ImportConflict`` lists the dates (and items, ideas) it would overwrite
and nothing is written. Records keep their own ``updated_at`` (``Store.restore_day``), so
exporting again gives the same data. Exports of versions 1 and 2 (days only) still import.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from planner.core.model import Day
from planner.errors import PlannerError
from planner.exchange.export import EXPORT_FORMAT, EXPORT_VERSION, Records
from planner.store.day_check import RecordError, check_day_record
from planner.store.day_format import day_as_record, day_from_record
from planner.store.days import Store
from planner.store.files import folders_synced_at_end
from planner.store.merge import merge_days
from planner.store.record_files import (
    RECORD_FILES,
    Record,
    RecordKind,
    newest_record,
    put_records,
    read_kind,
)
from planner.store.records import StoreError, json_problem


class Mode(StrEnum):
    ADD = "add"  # no flag: only days the store does not have
    REPLACE = "replace"
    MERGE = "merge"


class ImportFileError(PlannerError):
    """The file is not a planner export planner can read; nothing was written."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        super().__init__(f"{path}: {problem}. Nothing was imported.")


class ImportConflict(PlannerError):
    """The store already has some of the file's days (or items, ideas: ``records``, as
    "item ID"), and no --replace or --merge was given."""

    def __init__(self, path: Path, dates: list[date], records: list[str] | None = None) -> None:
        self.path, self.dates, self.records = path, dates, records or []
        listed = ", ".join([day.isoformat() for day in dates] + self.records)
        sizes = [(len(dates), "day")]
        sizes += [(len(names), noun) for names, noun in _by_kind(self.records)]
        count = " and ".join(counted(size, noun) for size, noun in sizes if size)
        super().__init__(
            f"{path}: importing would overwrite {count} already stored: {listed}. "
            "Nothing was imported. Run again with --replace (the file's days replace the "
            "stored ones) or --merge (keep what each side changed last, record by record)."
        )


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _by_kind(records: list[str]) -> list[tuple[list[str], str]]:
    return [
        ([name for name in records if name.startswith(f"{kind.noun} ")], kind.noun)
        for kind in RECORD_FILES
    ]


ADDED, REPLACED, MERGED, UNCHANGED = "added", "replaced", "merged", "already up to date"


@dataclass
class ImportReport:
    """What an import did, date by date; and for the items and ideas, ``records``: for
    each kind ("items"), what became of each id (``ADDED``, ``REPLACED``...)."""

    added: list[date] = field(default_factory=list)
    replaced: list[date] = field(default_factory=list)
    merged: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)
    records: dict[str, dict[str, str]] = field(default_factory=dict)

    def summary(self) -> str:
        lists = {ADDED: self.added, REPLACED: self.replaced, MERGED: self.merged}
        parts = [f"{len(dates)} {label}" for label, dates in lists.items() if dates]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} {UNCHANGED}")
        total = sum(map(len, (self.added, self.replaced, self.merged, self.unchanged)))
        said = [f"{counted(total, 'day')}: {', '.join(parts)}"] if parts else []
        for kind in RECORD_FILES:
            outcomes = list(self.records.get(kind.name, {}).values())
            if outcomes:
                how = (f"{outcomes.count(label)} {label}" for label in (*lists, UNCHANGED))
                shown = ", ".join(part for part in how if not part.startswith("0 "))
                said.append(f"{counted(len(outcomes), kind.noun)}: {shown}")
        return "; ".join(said) if said else "no days in the file"


# --- reading and checking ---------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    """What a JSON export holds, checked: its days, and its items and ideas by kind and id."""

    days: list[Day]
    records: dict[str, dict[str, Record]] = field(default_factory=dict)


def read_export(path: Path) -> list[Day]:
    """The days of the export at ``path``, checked; raises ImportFileError."""
    return read_backup(path).days


def parse_export(path: Path, data: Any) -> list[Day]:
    return parse_backup(path, data).days


def read_backup(path: Path) -> Backup:
    """The export at ``path``, checked whole; raises ImportFileError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(path, "no such file") from None
    except OSError as error:
        raise ImportFileError(path, f"cannot be read ({error.strerror})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ImportFileError(path, f"is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ImportFileError(path, f"is not JSON ({json_problem(error)})") from None
    except RecursionError:
        raise ImportFileError(path, "is not a planner export (it is nested too deeply)") from None
    return parse_backup(path, data)


def parse_backup(path: Path, data: Any) -> Backup:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            path,
            f'is not a planner export (it needs "format": "{EXPORT_FORMAT}"; '
            "make one with `planner export --format json`)",
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError(path, f'has no valid "version" (found {version!r})')
    if version > EXPORT_VERSION:
        raise ImportFileError(
            path,
            f"was written by a newer planner (export version {version}; this one reads "
            f"up to {EXPORT_VERSION}): update planner to import it",
        )
    raw_days = data.get("days")
    if not isinstance(raw_days, list):
        raise ImportFileError(path, '"days" is missing or is not a list')
    days: list[Day] = []
    seen: set[date] = set()
    for index, raw in enumerate(raw_days):
        where = f"days[{index}]"
        if isinstance(raw, dict) and isinstance(raw.get("date"), str):
            where += f" ({raw['date']})"
        try:
            check_day_record(raw)
            day = day_from_record(raw)
        except RecordError as error:
            problem = str(error).removeprefix("the day, ")  # where says which day already
            raise ImportFileError(path, f"{where}, {problem}") from None
        if day.date in seen:
            raise ImportFileError(path, f"{where} repeats a date already in the file")
        seen.add(day.date)
        days.append(day)
    records = {kind.name: parse_records(path, data.get(kind.name), kind) for kind in RECORD_FILES}
    return Backup(sorted(days, key=lambda day: day.date), records)


def parse_records(path: Path, raw: Any, kind: RecordKind) -> dict[str, Record]:
    """The records of one kind in an export (none in one of version 1 or 2), each checked
    by its store's own check; ImportFileError naming the record and the field."""
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise ImportFileError(path, f'"{kind.name}" is not a list')
    found: dict[str, Record] = {}
    for index, record in enumerate(raw):
        where = f"{kind.name}[{index}]"
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            where += f" ({kind.noun} {record['id']})"
        try:
            key = kind.check(record, where)
        except RecordError as error:
            raise ImportFileError(path, str(error)) from None
        if key in found:
            raise ImportFileError(path, f"{where} repeats an id already in the file")
        found[key] = record
    return found


# --- writing ------------------------------------------------------------------------------


def import_days(
    store: Store,
    path: Path,
    days: list[Day],
    mode: Mode = Mode.ADD,
    records: Records | None = None,
) -> ImportReport:
    """Write ``days`` and ``records`` (the items and ideas by kind and id; from
    ``read_backup(path)``) into ``store`` as ``mode`` says.

    Every stored day and record file concerned is read first, so a broken file
    (StoreError) or a conflict stops the import before anything is written. Then every
    write is made under one hold of the lock, each file atomically.
    """
    stored = {day.date: store.load_day(day.date) for day in days}
    differing = [
        day.date
        for day in days
        if (old := stored[day.date]) is not None and day_as_record(old) != day_as_record(day)
    ]
    kinds = [kind for kind in RECORD_FILES if (records or {}).get(kind.name)]
    held = {kind.name: read_kind(store.home, kind) for kind in kinds}
    outcomes = {
        kind.name: {
            key: record_outcome(held[kind.name].get(key), record, mode)
            for key, record in (records or {})[kind.name].items()
        }
        for kind in kinds
    }
    clashing = [
        f"{kind.noun} {key}"
        for kind in kinds
        for key, outcome in outcomes[kind.name].items()
        if outcome is None
    ]
    if (differing or clashing) and mode is Mode.ADD:
        raise ImportConflict(path, differing, clashing)
    differ = set(differing)  # looked up for every day
    report = ImportReport()
    report.unchanged = [d.date for d in days if d.date not in differ and stored[d.date] is not None]
    writing = [day for day in days if day.date in differ or stored[day.date] is None]
    changes = {
        kind: [
            (records or {})[kind.name][key]
            for key, how in outcomes[kind.name].items()
            if how != UNCHANGED
        ]
        for kind in kinds
    }
    if writing or any(changes.values()):  # nothing to write: not even the lock file is made
        # The lock held once for every write (each day's takes it again at once), and each
        # folder synced once at the end, not after each of its files: the pace of an import.
        try:
            with store.locked(), folders_synced_at_end():
                write_days(store, path, writing, differ, mode, report)
                for kind, changed in changes.items():
                    put_records(
                        store.home, kind, changed, store.locked, choose_record(path, kind, mode)
                    )
        except OSError as error:  # the folders' last sync (a write's own error is a StoreError)
            problem = f"could not be synced to disk ({error.strerror or error})"
            advice = "Check the disk, then import again (what was written is complete)."
            raise StoreError(store.home, problem, advice, offer_backup=False) from error
    for kind in kinds:
        report.records[kind.name] = {key: str(how) for key, how in outcomes[kind.name].items()}
    return report


def write_days(
    store: Store,
    path: Path,
    days: list[Day],
    differing: set[date],
    mode: Mode,
    report: ImportReport,
) -> None:
    """Store each of ``days``: added where none was stored when checked, else replaced or
    merged as ``mode`` says; ``report`` says which."""
    for day in days:
        if day.date not in differing:
            store.restore_day(day, refuse_if_stored(path))
            report.added.append(day.date)
        elif mode is Mode.REPLACE:
            store.restore_day(day)
            report.replaced.append(day.date)
        else:
            store.restore_day(day, merge_days)
            report.merged.append(day.date)


def record_outcome(stored: Record | None, incoming: Record, mode: Mode) -> str | None:
    """What importing ``incoming`` over ``stored`` does (None: a conflict, in ADD mode)."""
    if stored is None:
        return ADDED
    if stored == incoming:
        return UNCHANGED
    return {Mode.ADD: None, Mode.REPLACE: REPLACED, Mode.MERGE: MERGED}[mode]


def choose_record(
    path: Path, kind: RecordKind, mode: Mode
) -> Callable[[Record | None, Record], Record]:
    """The record to store for an incoming one, given the one stored now (under the lock:
    another planner may have written it since the check)."""

    def choose(stored: Record | None, incoming: Record) -> Record:
        if stored is None or mode is Mode.REPLACE:
            return incoming
        if mode is Mode.MERGE:
            return newest_record(stored, incoming)
        if stored != incoming:
            raise ImportConflict(path, [], [f"{kind.noun} {kind.check(incoming, kind.noun)}"])
        return stored

    return choose


def refuse_if_stored(path: Path) -> Callable[[Day | None, Day], Day]:
    """For a day that was absent when checked: refuse if another planner stored it since."""

    def combine(stored: Day | None, day: Day) -> Day:
        if stored is not None:
            raise ImportConflict(path, [day.date])
        return day

    return combine


def import_file(store: Store, path: Path, mode: Mode = Mode.ADD) -> ImportReport:
    """Read, check and import ``path``: the whole of `planner import`."""
    backup = read_backup(path)
    return import_days(store, path, backup.days, mode, backup.records)
