"""One id, one task: a task is found, changed and merged by its id, so a day to store that
names two tasks alike is refused before anything is written."""

from __future__ import annotations

from planner.core.model import Day
from planner.errors import PlannerError


class DuplicateTaskIds(PlannerError):
    """A day to store that names two tasks alike (a task is found, changed and merged by
    its id)."""


def check_unique_ids(day: Day) -> None:
    ids = [task.id for task in day.tasks]
    duplicates = sorted({tid for tid in ids if ids.count(tid) > 1})
    if duplicates:
        raise DuplicateTaskIds(f"day {day.date.isoformat()} has duplicate task ids: {duplicates}")
