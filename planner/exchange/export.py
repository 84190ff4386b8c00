"""Days out of planner: a Markdown journal, CSV of task records, a JSON dump, an iCalendar plan.

The renderers are pure functions of the days (and of the moment, where a format needs one);
``days_to_export`` gathers them (for the CLI and the app: stored days one file at a time, so
an unreadable day file leaves out only its own day, which ``ExportDays.left_out`` names) and
``render_export`` makes the file. ``planner.exchange.output`` writes it where the user asked.

- ``md``: a readable journal, one section a day.
- ``csv``: one row per task per day, header ``CSV_COLUMNS`` (stable: columns are only added
  at the end).
- ``json``: ``{"format": "planner-export", "version": 3, "days": [<day record>, ...],
  "items": [<item record>, ...], "ideas": [...]}`` (``planner.store.day_format``; the
  records as their stores keep them, tombstones too: ``planner.store.record_files``), which
  ``planner import`` reads back losslessly.
- ``ics``: the plan of the coming days as VEVENTs, each day's first with an alarm
  (``planner.exchange.calendar``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from planner.core.dates import LAST_DAY
from planner.core.model import Day, TaskState
from planner.core.timebox import closed_seconds
from planner.errors import PlannerError
from planner.exchange.calendar import DEFAULT_ALARM_MINUTES, DEFAULT_START

# Re-exported: tests and scripts import these from here, as before the calendar moved out.
from planner.exchange.calendar import UID_DOMAIN as UID_DOMAIN
from planner.exchange.calendar import Slot as Slot
from planner.exchange.calendar import calendar_ics as calendar_ics
from planner.exchange.calendar import event_uid as event_uid
from planner.exchange.calendar import plan_slots as plan_slots
from planner.exchange.journal import markdown_journal
from planner.store.day_format import day_as_record
from planner.store.days import Store
from planner.store.record_files import RECORD_FILES, Record, read_kind
from planner.store.records import StoreError

FORMATS: dict[str, str] = {
    "md": "Markdown journal",
    "csv": "CSV of task records",
    "json": "JSON dump (planner import reads it back)",
    "ics": "iCalendar plan of the coming days",
}
EXPORT_FORMAT = "planner-export"
# 2: wins and losses with ids and stamps, field_stamps; 3: items and ideas (1, 2 import)
EXPORT_VERSION = 3
DEFAULT_PLAN_DAYS = 7

CSV_COLUMNS: tuple[str, ...] = (
    "date",
    "template",
    "rung",
    "task_id",
    "title",
    "channel",
    "status",
    "count",
    "target",
    "unit",
    "planned_minutes",
    "logged_minutes",
    "logged_seconds",
    "note",
    "skip_reason",
    "done_at",
    "skipped_at",
    "out_of_order",
    "updated_at",
    "strategy",  # new columns go last: scripts read the others by place
)

# --- CSV --------------------------------------------------------------------------------


def tasks_csv(days: Iterable[Day]) -> str:
    """One row per task per day, oldest day first, tasks in the day's order."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for day in sorted(days, key=lambda day: day.date):
        for task in day.tasks:
            writer.writerow(csv_row(day, task))
    return out.getvalue()


def csv_row(day: Day, task: TaskState) -> list[str | int]:
    seconds = closed_seconds(task)
    values: dict[str, str | int | None] = {
        "date": day.date.isoformat(),
        "template": day.template,
        "rung": task.rung.value,
        "task_id": task.id,
        "title": task.title,
        "channel": task.channel,
        "status": task.status.value,
        "count": task.count,
        "target": task.target,
        "unit": task.unit,
        "planned_minutes": task.minutes,
        "logged_minutes": f"{seconds / 60:.1f}",
        "logged_seconds": seconds,
        "note": task.note,
        "skip_reason": task.skip_reason,
        "done_at": task.done_at,
        "skipped_at": task.skipped_at,
        "out_of_order": "yes" if task.out_of_order else "no",
        "updated_at": task.updated_at,
        "strategy": task.strategy,
    }
    cells = (values[column] for column in CSV_COLUMNS)
    return ["" if cell is None else cell for cell in cells]


# --- JSON -------------------------------------------------------------------------------


Records = Mapping[str, Mapping[str, Record]]  # by kind ("items"), by id


def json_dump(days: Iterable[Day], records: Records | None = None) -> str:
    """The versioned envelope ``planner import`` reads; sorted keys, so it diffs well.
    ``records``: the items and ideas (``read_stored_records``), each kind a list by id."""
    envelope: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "days": [day_as_record(day) for day in sorted(days, key=lambda day: day.date)],
    }
    for kind in RECORD_FILES:
        held = (records or {}).get(kind.name, {})
        envelope[kind.name] = [held[key] for key in sorted(held)]
    return json.dumps(envelope, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- gathering the days -------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    """What to export. No dates: every stored day (md, csv, json) or the next 7 (ics).
    ``start_at`` and ``alarm_minutes`` (None: no alarms) are for ics only."""

    format: str
    start: date | None = None
    end: date | None = None
    start_at: time = DEFAULT_START
    alarm_minutes: int | None = DEFAULT_ALARM_MINUTES


class ExportError(PlannerError):
    """An export that cannot be made as asked (dates the wrong way round, a format planner
    does not write)."""


def check_request(request: ExportRequest) -> None:
    """Raises ExportError when ``request`` cannot be exported."""
    if request.format not in FORMATS:
        formats = ", ".join(FORMATS)
        raise ExportError(f"unknown export format {request.format!r}; use one of {formats}")
    if request.start and request.end and request.start > request.end:
        raise ExportError(
            f"--from {request.start.isoformat()} is after --to {request.end.isoformat()}"
        )


@dataclass(frozen=True)
class LeftOut:
    """A stored day an export had to leave out: its file could not be read (``error`` names
    the file and says why)."""

    day: date
    error: StoreError


@dataclass(frozen=True)
class ExportDays:
    """The days an export holds, and those it had to leave out."""

    days: list[Day]
    left_out: tuple[LeftOut, ...] = ()
    records: Records = field(default_factory=dict)  # json: the items and ideas


def days_to_export(
    request: ExportRequest, store: Store, planned: Callable[[], list[Day]]
) -> Callable[[], ExportDays]:
    """The days ``request`` covers, as a function to call (a worker thread may: it only
    reads files). ``planned`` is what ``Session.days_for_export`` made for the request: for
    ``ics`` the plan of the coming days, already made; the stored days of the other formats
    are read here instead, day by day, so that one file that cannot be read leaves only its
    own day out."""
    check_request(request)
    if request.format == "ics":
        return lambda: ExportDays(planned())
    start, end = request.start, request.end
    if request.format == "json":  # a backup: the items and ideas too
        return lambda: with_records(read_stored_days(store, start, end), store, start, end)
    return lambda: read_stored_days(store, start, end)


def read_stored_days(store: Store, start: date | None, end: date | None) -> ExportDays:
    """Every stored day from ``start`` to ``end`` (None: open on that side), oldest first;
    a day whose file cannot be read is left out, with the StoreError that says why."""
    days: list[Day] = []
    left_out: list[LeftOut] = []
    for when in store.day_dates():
        if (start and when < start) or (end and when > end):
            continue
        try:
            found = store.load_day(when)
        except StoreError as error:
            left_out.append(LeftOut(when, error))
            continue
        if found is not None:
            days.append(found)
    return ExportDays(days, tuple(left_out))


def with_records(
    found: ExportDays, store: Store, start: date | None, end: date | None
) -> ExportDays:
    """``found`` with the stored items and ideas (see ``read_stored_records``)."""
    records = read_stored_records(store.home, start, end)
    return ExportDays(found.days, found.left_out, records)


def read_stored_records(home: Path, start: date | None, end: date | None) -> Records:
    """Every item and idea, tombstones included (a merge of the backup must not bring back
    what was dropped); the items only from ``start`` to ``end``, as the days. StoreError
    for a file that cannot be read: a backup never lacks part of the backlog unsaid."""
    found: dict[str, Mapping[str, Record]] = {}
    for kind in RECORD_FILES:
        records = read_kind(home, kind)
        if kind.dated:
            records = {
                key: record
                for key, record in records.items()
                if within(date.fromisoformat(str(record["on"])), start, end)
            }
        found[kind.name] = records
    return found


def within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def plan_dates(request: ExportRequest, today: date) -> list[date]:
    """The coming days an ``ics`` export plans: ``start`` (today) to ``end`` (a week)."""
    first = request.start or today
    ahead = min(DEFAULT_PLAN_DAYS - 1, (LAST_DAY - first).days)  # the calendar ends
    last = request.end or first + timedelta(days=ahead)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def render_export(
    request: ExportRequest, days: list[Day], now: datetime, records: Records | None = None
) -> bytes:
    """The file ``request`` asks for, made of ``days`` (the stored days it covers, or for
    ``ics`` the plan of the coming days) and for ``json`` the items and ideas (``records``:
    ``ExportDays.records``). A pure function: a worker thread may run it."""
    check_request(request)
    if request.format == "ics":
        return calendar_ics(days, now, request.start_at, request.alarm_minutes)
    if request.format == "md":
        return markdown_journal(days).encode()
    if request.format == "csv":
        return tasks_csv(days).encode()
    return json_dump(days, records).encode()


def default_file_name(fmt: str, today: date) -> str:
    """``planner-export-2026-11-24.md``: the name the app suggests."""
    return f"planner-export-{today.isoformat()}.{fmt}"
