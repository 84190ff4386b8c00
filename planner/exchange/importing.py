"""`planner import`: read a JSON export back into the store, never clobbering by surprise.

The file is read and checked whole before anything is written: a foreign or broken file
raises ``ImportFileError`` naming the file and what is wrong. Days the store does not have
are added. Days it already has (with different content) are only written when the user
says how:

- ``replace``: the file's day replaces the stored one (header and tasks).
- ``merge``: record by record, as a git-synced data dir merges (``planner.store.merge``):
  each task, each win and loss, and each wrap-up field comes from the side that changed it
  last; what only one side has is kept; equal stamps are settled the same way everywhere.

Without either, ``ImportConflict`` lists the dates it would overwrite and nothing is
written. Records keep their own ``updated_at`` (``Store.restore_day``), so exporting again
gives the same data.
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
from planner.exchange.export import EXPORT_FORMAT, EXPORT_VERSION
from planner.store.day_check import RecordError, check_day_record
from planner.store.day_format import day_as_record, day_from_record
from planner.store.days import Store
from planner.store.merge import merge_days
from planner.store.records import json_problem


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
    """The store already has some of the file's days, and no --replace or --merge was given."""

    def __init__(self, path: Path, dates: list[date]) -> None:
        self.path, self.dates = path, dates
        listed = ", ".join(day.isoformat() for day in dates)
        count = "1 day" if len(dates) == 1 else f"{len(dates)} days"
        super().__init__(
            f"{path}: importing would overwrite {count} already stored: {listed}. "
            "Nothing was imported. Run again with --replace (the file's days replace the "
            "stored ones) or --merge (keep what each side changed last, record by record)."
        )


@dataclass
class ImportReport:
    """What an import did, date by date."""

    added: list[date] = field(default_factory=list)
    replaced: list[date] = field(default_factory=list)
    merged: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(dates)} {label}"
            for label, dates in (
                ("added", self.added),
                ("replaced", self.replaced),
                ("merged", self.merged),
                ("already up to date", self.unchanged),
            )
            if dates
        ]
        total = sum(map(len, (self.added, self.replaced, self.merged, self.unchanged)))
        days = "1 day" if total == 1 else f"{total} days"
        return f"{days}: {', '.join(parts)}" if parts else "no days in the file"


# --- reading and checking ---------------------------------------------------------------


def read_export(path: Path) -> list[Day]:
    """The days of the export at ``path``, checked; raises ImportFileError."""
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
    return parse_export(path, data)


def parse_export(path: Path, data: Any) -> list[Day]:
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
    return sorted(days, key=lambda day: day.date)


# --- writing ------------------------------------------------------------------------------


def import_days(store: Store, path: Path, days: list[Day], mode: Mode = Mode.ADD) -> ImportReport:
    """Write ``days`` (from ``read_export(path)``) into ``store`` as ``mode`` says.

    Every stored day concerned is read first, so a broken day file (StoreError) or a
    conflict stops the import before anything is written.
    """
    stored = {day.date: store.load_day(day.date) for day in days}
    differing = [
        day.date
        for day in days
        if (old := stored[day.date]) is not None and day_as_record(old) != day_as_record(day)
    ]
    if differing and mode is Mode.ADD:
        raise ImportConflict(path, differing)
    report = ImportReport()
    for day in days:
        if day.date not in differing and stored[day.date] is not None:
            report.unchanged.append(day.date)
        elif day.date not in differing:
            store.restore_day(day, refuse_if_stored(path))
            report.added.append(day.date)
        elif mode is Mode.REPLACE:
            store.restore_day(day)
            report.replaced.append(day.date)
        else:
            store.restore_day(day, merge_days)
            report.merged.append(day.date)
    return report


def refuse_if_stored(path: Path) -> Callable[[Day | None, Day], Day]:
    """For a day that was absent when checked: refuse if another planner stored it since."""

    def combine(stored: Day | None, day: Day) -> Day:
        if stored is not None:
            raise ImportConflict(path, [day.date])
        return day

    return combine


def import_file(store: Store, path: Path, mode: Mode = Mode.ADD) -> ImportReport:
    """Read, check and import ``path``: the whole of `planner import`."""
    return import_days(store, path, read_export(path), mode)
