"""Days out of planner: a Markdown journal, CSV of task records, a JSON dump, an iCalendar plan.

The renderers are pure functions of the days (and of the moment, where a format needs one);
``days_to_export`` gathers them (for the CLI and the app: stored days one file at a time, so
an unreadable day file leaves out only its own day, which ``ExportDays.left_out`` names) and
``render_export`` makes the file. ``planner.exchange.output`` writes it where the user asked.

- ``md``: a readable journal, one section a day.
- ``csv``: one row per task per day, header ``CSV_COLUMNS`` (stable: columns are only added
  at the end).
- ``json``: ``{"format": "planner-export", "version": 2, "days": [<day record>, ...]}``
  (``planner.store.day_format``), which ``planner import`` reads back losslessly.
- ``ics``: the plan of the coming days as VEVENTs. Events rather than VTODOs because every
  calendar app imports events (Google Calendar ignores to-dos) and the point is to block
  the time: each task is placed inside the day's time box, starting at ``--at`` (local
  time, "floating": 09:00 wherever the calendar is), in ladder order, for its planned
  minutes. UIDs are ``<date>.<task id>@planner.invalid``, so importing a newer export
  updates the events instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from planner.core.dates import LAST_DAY
from planner.core.model import Day, Status, TaskState
from planner.core.timebox import closed_seconds
from planner.errors import PlannerError
from planner.exchange.journal import markdown_journal
from planner.store.day_format import day_as_record
from planner.store.days import Store
from planner.store.records import StoreError

FORMATS: dict[str, str] = {
    "md": "Markdown journal",
    "csv": "CSV of task records",
    "json": "JSON dump (planner import reads it back)",
    "ics": "iCalendar plan of the coming days",
}
EXPORT_FORMAT = "planner-export"
EXPORT_VERSION = 2  # 2: wins and losses with ids and stamps, field_stamps (1 still imports)
UID_DOMAIN = "planner.invalid"  # a reserved name: never anyone's real domain
DEFAULT_START = time(9, 0)
DEFAULT_PLAN_DAYS = 7
# A task with no planned minutes gets an equal share of the box's unplanned minutes,
# but never less than this, so it still shows in a calendar.
MIN_EVENT_MINUTES = 5

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


def json_dump(days: Iterable[Day]) -> str:
    """The versioned envelope ``planner import`` reads; sorted keys, so it diffs well."""
    envelope: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "days": [day_as_record(day) for day in sorted(days, key=lambda day: day.date)],
    }
    return json.dumps(envelope, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- iCalendar --------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """Where one task sits in its day's time box (naive local times)."""

    task: TaskState
    start: datetime
    end: datetime


def plan_slots(day: Day, start_at: time = DEFAULT_START) -> list[Slot]:
    """The day's tasks one after another from ``start_at``, in ladder order."""
    ordered = sorted(day.tasks, key=lambda task: task.rung.position)  # stable within a rung
    unplanned = [task for task in ordered if not task.minutes]
    spare = max(0, day.budget_minutes - sum(task.minutes for task in ordered))
    share = max(MIN_EVENT_MINUTES, spare // len(unplanned)) if unplanned else 0
    cursor = datetime.combine(day.date, start_at)
    slots = []
    for task in ordered:
        end = cursor + timedelta(minutes=task.minutes or share)
        slots.append(Slot(task, cursor, end))
        cursor = end
    return slots


def event_uid(day: date, task_id: str) -> str:
    return f"{day.isoformat()}.{task_id}@{UID_DOMAIN}"


def calendar_ics(days: Iterable[Day], now: datetime, start_at: time = DEFAULT_START) -> bytes:
    """An iCalendar file with one VEVENT per task of ``days``; ``now`` is its DTSTAMP."""
    from icalendar import Calendar, Event  # only this format needs it

    calendar = Calendar()
    calendar.add("prodid", "-//planner//daily marketing ladder//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "planner")
    stamp = now.astimezone(UTC)
    for day in sorted(days, key=lambda day: day.date):
        for slot in plan_slots(day, start_at):
            task = slot.task
            event = Event()
            event.add("uid", event_uid(day.date, task.id))
            event.add("dtstamp", stamp)
            event.add("dtstart", slot.start)
            event.add("dtend", slot.end)
            event.add("summary", f"{task.rung.label}: {task.title}")
            description = event_description(day, task)
            if description:
                event.add("description", description)
            categories = [task.rung.label] + ([task.channel] if task.channel else [])
            event.add("categories", categories)
            if task.status is Status.SKIPPED:
                event.add("status", "CANCELLED")
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def event_description(day: Day, task: TaskState) -> str:
    lines = []
    if task.target is not None:
        lines.append(f"Target: {task.target} {task.unit or ''}".rstrip())
    if task.channel:
        lines.append(f"Channel: {task.channel}")
    if task.hint:
        lines.append(task.hint)
    if task.note:
        lines.append(f"Note: {task.note}")
    lines.append(f"{day.template} · {task.rung.why}")
    return "\n".join(lines)


# --- gathering the days -------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    """What to export. No dates: every stored day (md, csv, json) or the next 7 (ics)."""

    format: str
    start: date | None = None
    end: date | None = None
    start_at: time = DEFAULT_START


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
    return lambda: read_stored_days(store, request.start, request.end)


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


def plan_dates(request: ExportRequest, today: date) -> list[date]:
    """The coming days an ``ics`` export plans: ``start`` (today) to ``end`` (a week)."""
    first = request.start or today
    ahead = min(DEFAULT_PLAN_DAYS - 1, (LAST_DAY - first).days)  # the calendar ends
    last = request.end or first + timedelta(days=ahead)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def render_export(request: ExportRequest, days: list[Day], now: datetime) -> bytes:
    """The file ``request`` asks for, made of ``days`` (the stored days it covers, or for
    ``ics`` the plan of the coming days). A pure function: a worker thread may run it."""
    check_request(request)
    if request.format == "ics":
        return calendar_ics(days, now, request.start_at)
    if request.format == "md":
        return markdown_journal(days).encode()
    if request.format == "csv":
        return tasks_csv(days).encode()
    return json_dump(days).encode()


def default_file_name(fmt: str, today: date) -> str:
    """``planner-export-2026-11-24.md``: the name the app suggests."""
    return f"planner-export-{today.isoformat()}.{fmt}"
