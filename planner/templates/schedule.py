"""Weekdays: the words a template's ``days`` and the settings' ``schedule:`` take, and the
schedule of which template runs on which weekday."""

from __future__ import annotations

import re
from collections.abc import Mapping

from planner.core.model import WEEKDAYS
from planner.errors import PlannerError
from planner.templates.names import same_template

FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_WORDS: dict[str, tuple[int, ...]] = {
    **{short: (number,) for number, short in enumerate(WEEKDAYS)},
    **{full: (number,) for number, full in enumerate(FULL_WEEKDAYS)},
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
}


class ScheduleError(PlannerError):
    """Weekdays typed for a schedule that planner does not know; the message suggests one."""


def parse_weekdays(text: str) -> tuple[str, ...]:
    """ "mon, fri" / "weekdays" / "" -> weekday words in week order; ScheduleError if unknown."""
    numbers: set[int] = set()
    for word in re.split(r"[\s,]+", text.strip().lower()):
        if not word:
            continue
        if word not in DAY_WORDS:
            from planner.templates.yaml_nodes import suggestion

            close = suggestion(word, list(DAY_WORDS))
            raise ScheduleError(f"unknown weekday '{word}'{close}; use {', '.join(WEEKDAYS)}")
        numbers.update(DAY_WORDS[word])
    return tuple(WEEKDAYS[number] for number in sorted(numbers))


def schedule_with(
    schedule: Mapping[str, str], name: str, weekdays: tuple[str, ...]
) -> dict[str, str]:
    """``schedule`` with ``name`` on exactly ``weekdays`` (other templates keep other days)."""
    kept = {day: other for day, other in schedule.items() if not same_template(other, name)}
    kept.update({day: name for day in weekdays})
    return {day: kept[day] for day in WEEKDAYS if day in kept}


def schedule_renamed(schedule: Mapping[str, str], old: str, new: str | None) -> dict[str, str]:
    """``schedule`` after template ``old`` became ``new`` (None: was deleted)."""
    renamed = {
        day: (new if same_template(other, old) else other) for day, other in schedule.items()
    }
    return {day: other for day, other in renamed.items() if other is not None}
