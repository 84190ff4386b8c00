"""Time on tasks: timers, logged minutes, durations, and the day's time box.

All moments are aware datetimes and are stored as UTC stamps, so a DST change or a trip
across time zones never changes a duration. A clock that moves backwards never makes time
negative: an interval that would end before it started counts as zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from planner.core.model import Day, TaskState
from planner.core.plan import utc_stamp
from planner.errors import PlannerError


class BadDuration(PlannerError):
    """Text typed for a duration that is not one (``e``, `planner log`)."""


def parse_stamp(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def seconds_between(start: str | datetime, stop: str | datetime) -> int:
    begin = parse_stamp(start) if isinstance(start, str) else start
    end = parse_stamp(stop) if isinstance(stop, str) else stop
    # In UTC: Python subtracts datetimes sharing a tzinfo by wall clock, which a DST change
    # would make an hour wrong.
    return max(0, int((end.astimezone(UTC) - begin.astimezone(UTC)).total_seconds()))


def closed_seconds(task: TaskState) -> int:
    """Seconds of finished intervals plus hand corrections (never below zero)."""
    timed = sum(seconds_between(start, stop) for start, stop in task.intervals)
    return max(0, timed + task.adjust_seconds)


def logged_seconds(task: TaskState, now: datetime | None = None) -> int:
    """All the time on the task, the running stretch included when ``now`` is given."""
    running = seconds_between(task.running_since, now) if task.running_since and now else 0
    return closed_seconds(task) + running


def _with_total(task: TaskState) -> TaskState:
    task.seconds = closed_seconds(task)
    return task


def start_timer(task: TaskState, now: datetime) -> TaskState:
    if task.running_since:
        return task.copy()
    changed = task.copy()
    changed.running_since = utc_stamp(now)
    return changed


def stop_timer(task: TaskState, now: datetime) -> TaskState:
    """Close the running interval at ``now`` (or at the moment the app was last seen)."""
    changed = task.copy()
    if changed.running_since:
        changed.intervals.append([changed.running_since, utc_stamp(now)])
        changed.running_since = None
    return _with_total(changed)


def add_time(task: TaskState, seconds: int) -> TaskState:
    """`planner log TASK 15m`: add time by hand (negative takes time off, never below zero)."""
    changed = task.copy()
    changed.adjust_seconds += seconds
    if closed_seconds(changed) == 0:
        changed.adjust_seconds = -sum(seconds_between(a, b) for a, b in changed.intervals)
    return _with_total(changed)


def set_logged_minutes(task: TaskState, minutes: int) -> TaskState:
    """`e`: correct the logged time to exactly ``minutes`` (the timer, if running, goes on)."""
    changed = task.copy()
    timed = sum(seconds_between(a, b) for a, b in changed.intervals)
    changed.adjust_seconds = max(0, minutes) * 60 - timed
    return _with_total(changed)


def running_task(day: Day) -> TaskState | None:
    return next((task for task in day.tasks if task.running_since), None)


_DURATION = re.compile(r"(-?)(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")
DURATION_FORMS = "15m, 1h30m or 90s"
MAX_DURATION = "24h"
MAX_DURATION_SECONDS = 24 * 3600  # one `planner log`, or a task's logged time set at `e`


def parse_duration(text: str) -> int:
    """Seconds in ``15m``, ``1h30m``, ``90s`` or a bare number of minutes (``20``), from 0 to
    MAX_DURATION_SECONDS; BadDuration, saying what is understood, for anything else.

    Digits are ASCII only (``²`` is not a two), and a duration is never negative: taking
    time off is a correction of the logged time (`e`), not a log.
    """
    shown = text.strip()
    cleaned = shown.lower().replace(" ", "")
    if re.fullmatch(r"-?[0-9]+", cleaned):
        cleaned += "m"  # a bare number is minutes
    match = _DURATION.fullmatch(cleaned)
    if match is None or not any(match.groups()[1:]):
        raise BadDuration(f"{shown!r} is not a duration: use {DURATION_FORMS}")
    sign, *parts = match.groups()
    if sign:
        raise BadDuration(f"{shown!r}: a duration cannot be negative (use {DURATION_FORMS})")
    too_long = BadDuration(f"{shown!r} is too long: one duration is at most {MAX_DURATION}")
    # More than six digits is past a day in any unit: refused before it becomes a giant int.
    if any(len(part.lstrip("0")) > 6 for part in parts if part):
        raise too_long
    hours, minutes, seconds = (int(part or 0) for part in parts)
    total = hours * 3600 + minutes * 60 + seconds
    if total > MAX_DURATION_SECONDS:
        raise too_long
    return total


def clock_text(seconds: int) -> str:
    """12:05 for minutes and seconds, 1:02:05 past the hour."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(seconds: int) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def logged_of_planned(logged: int, planned_minutes: int) -> str:
    """Time on a rung or a task against its plan, in one unit style: ``12m of 15m``,
    ``1h05m of 1h30m``; with nothing planned the logged time alone (``12m logged``), and
    nothing at all when there is neither (not ``0/0m``). ``logged`` is in seconds."""
    if planned_minutes <= 0:
        return f"{minutes_text(logged)} logged" if round(logged / 60) else ""
    return f"{minutes_text(logged)} of {minutes_text(planned_minutes * 60)}"


# `e` asks before saving more than this many time boxes on one task, and never below 4h
# (a short box is often overrun by an honest hour or two; 1012 typed for 12 is far past).
UNLIKELY_TIME_BOXES = 3
UNLIKELY_FLOOR_MINUTES = 4 * 60


def unlikely_minutes(day: Day, task_id: str, minutes: int) -> str | None:
    """Why ``minutes`` set as the logged time of task ``task_id`` looks like a typo, or None:
    more than three of the day's time boxes (at least 4h) on one task, or more time logged
    on the day than a day has. A value already logged is never questioned."""
    task = day.task(task_id)
    if minutes * 60 <= closed_seconds(task):
        return None
    limit = max(UNLIKELY_TIME_BOXES * day.budget_minutes, UNLIKELY_FLOOR_MINUTES)
    others = sum(closed_seconds(other) for other in day.tasks if other.id != task_id)
    if others + minutes * 60 > MAX_DURATION_SECONDS:
        total = minutes_text(others + minutes * 60)
        return f"the day would have {total} logged, more than a day has"
    if minutes > limit:
        return f"that is more than {minutes_text(limit * 60)} on one task"
    return None


@dataclass(frozen=True)
class TimeBox:
    planned_minutes: int
    logged_seconds: int
    budget_minutes: int

    @property
    def used_up(self) -> bool:
        return self.budget_minutes > 0 and self.logged_seconds >= self.budget_minutes * 60

    @property
    def ratio(self) -> float:
        return self.logged_seconds / (self.budget_minutes * 60) if self.budget_minutes else 0.0


def time_box(day: Day, now: datetime | None = None) -> TimeBox:
    return TimeBox(
        planned_minutes=sum(task.minutes for task in day.tasks),
        logged_seconds=sum(logged_seconds(task, now) for task in day.tasks),
        budget_minutes=day.budget_minutes,
    )
