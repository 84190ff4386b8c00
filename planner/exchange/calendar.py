"""The iCalendar plan (`planner export --format ics`): the coming days as VEVENTs.

Events rather than VTODOs because every calendar app imports events (Google Calendar
ignores to-dos) and the point is to block the time: each task is placed inside the day's
time box, starting at ``--at`` (local time, "floating": 09:00 wherever the calendar is), in
ladder order, for its planned minutes. UIDs are ``<date>.<task id>@planner.invalid``, so
importing a newer export updates the events instead of duplicating them.

Reminders without a daemon: the first event of each day carries a VALARM (a DISPLAY alarm)
that goes off ``alarm_minutes`` before the day's block starts (default 10; None: no alarms),
so the phone's calendar nudges when planner is not running. A cancelled (skipped) task
carries none, since calendars drop cancelled events: the day's first event that is not
cancelled does, still timed from the start of the block.

``calendar_ics`` takes the day's tasks (``task_events``) and any other events
(``extra_events``: a ``CalendarEvent`` each, with a UID of its own), and puts the alarm on
the first event of each day among all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from planner.core.model import Day, Status, TaskState

UID_DOMAIN = "planner.invalid"  # a reserved name: never anyone's real domain
DEFAULT_START = time(9, 0)
DEFAULT_ALARM_MINUTES = 10  # the reminder goes off this long before the day's block
# A task with no planned minutes gets an equal share of the box's unplanned minutes,
# but never less than this, so it still shows in a calendar.
MIN_EVENT_MINUTES = 5


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


def event_uid(day: date, task_id: str, *, one_off: bool = False) -> str:
    """A task's event is its day's and its id's; a dated item's or a scheduled piece's is
    its own id alone, so that moving it to another day moves its event (no copy left)."""
    return f"{task_id}@{UID_DOMAIN}" if one_off else f"{day.isoformat()}.{task_id}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: ``start`` and ``end`` are naive local times ("floating")."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False


def task_events(day: Day, start_at: time = DEFAULT_START) -> list[CalendarEvent]:
    """An event per task of ``day``, where ``plan_slots`` puts it."""
    return [
        CalendarEvent(
            uid=event_uid(day.date, slot.task.id, one_off=slot.task.one_off),
            start=slot.start,
            end=slot.end,
            summary=f"{slot.task.rung.label}: {slot.task.title}",
            description=event_description(day, slot.task),
            categories=(slot.task.rung.label, *([slot.task.channel] if slot.task.channel else [])),
            cancelled=slot.task.status is Status.SKIPPED,
        )
        for slot in plan_slots(day, start_at)
    ]


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


@dataclass(frozen=True)
class Reminder:
    """The alarm of one day: on ``event``, ``before`` its start (the block's start less
    the alarm time, counted from the event's own start)."""

    event: CalendarEvent
    before: timedelta
    block_start: datetime


def day_reminders(events: list[CalendarEvent], alarm_minutes: int) -> dict[str, Reminder]:
    """By UID, the one event of each day that carries the day's alarm: the first that is
    not cancelled, ``alarm_minutes`` before the first event of the day (cancelled or not)
    starts. ``events`` in order of start."""
    by_day: dict[date, list[CalendarEvent]] = {}
    for event in events:
        by_day.setdefault(event.start.date(), []).append(event)
    reminders = {}
    for same_day in by_day.values():
        block_start = same_day[0].start
        first = next((event for event in same_day if not event.cancelled), None)
        if first is None:
            continue  # every event cancelled: nothing to be reminded of
        before = timedelta(minutes=alarm_minutes) + (first.start - block_start)
        reminders[first.uid] = Reminder(first, before, block_start)
    return reminders


def calendar_ics(
    days: Iterable[Day],
    now: datetime,
    start_at: time = DEFAULT_START,
    alarm_minutes: int | None = DEFAULT_ALARM_MINUTES,
    extra_events: Iterable[CalendarEvent] = (),
) -> bytes:
    """An iCalendar file with one VEVENT per task of ``days`` and one per ``extra_events``,
    in order of start; ``now`` is its DTSTAMP. The first event of each day has an alarm
    ``alarm_minutes`` before the day's block (None: no alarms)."""
    from icalendar import Alarm, Calendar, Event  # only this format needs it

    calendar = Calendar()
    calendar.add("prodid", "-//planner//daily marketing ladder//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "planner")
    stamp = now.astimezone(UTC)
    ordered = [
        event
        for day in sorted(days, key=lambda day: day.date)
        for event in task_events(day, start_at)
    ]
    events = sorted([*ordered, *extra_events], key=lambda event: event.start)  # stable
    reminders = {} if alarm_minutes is None else day_reminders(events, alarm_minutes)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.categories:
            event.add("categories", list(item.categories))
        if item.cancelled:
            event.add("status", "CANCELLED")
        reminder = reminders.get(item.uid)
        if reminder is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", reminder_text(reminder))
            alarm.add("trigger", -reminder.before)  # relative to the event's start
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def reminder_text(reminder: Reminder) -> str:
    return f"planner at {reminder.block_start:%H:%M}: {reminder.event.summary}"
