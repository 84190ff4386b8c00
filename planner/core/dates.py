"""Dates as people type them, and the day a moment belongs to.

One parser for every place a user names a day (`--date`, `--from`/`--to`, the palette's
Go to date…): ``2026-11-20``, ``today``, ``yesterday``, ``tomorrow``, or ``-3`` / ``+2``
days from today. "Today" is always the *logical* today, which honours the settings'
``day_starts_at``: the caller passes it in, so nothing here reads a clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from planner.errors import PlannerError

DATE_FORMS = "YYYY-MM-DD, today, yesterday, tomorrow or -3"
# The days planner keeps: a day outside them would be stored where no reader looks
# (days/999/...) or is a typo; every door that takes a date checks ``within_range``.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9999, 12, 31)
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_OFFSET = re.compile(r"^[+-]\d{1,4}$")


class DateError(PlannerError):
    """Text typed for a day that names none; the message says what is understood."""


def logical_today(now: datetime, day_starts_at: time = time(0, 0)) -> date:
    """The calendar day a moment belongs to when the day starts at ``day_starts_at``.

    A night owl with ``day_starts_at=04:00`` is still on Monday at 02:30 on Tuesday.
    """
    shift = timedelta(hours=day_starts_at.hour, minutes=day_starts_at.minute)
    return (now - shift).date()


def parse_day(text: str, today: date) -> date:
    """The day ``text`` names, words and offsets counted from ``today``; DateError if none."""
    key = text.strip().lower()
    if key in _RELATIVE:
        return today + timedelta(days=_RELATIVE[key])
    try:
        if _OFFSET.match(key):
            return today + timedelta(days=int(key))
        return date.fromisoformat(key)
    except (ValueError, OverflowError):  # not ISO, or out of the calendar's range
        raise DateError(f"{text.strip()!r} is not a date: use {DATE_FORMS}") from None


def within_range(day: date) -> date:
    """``day`` itself when planner keeps such days (FIRST_DAY to LAST_DAY); DateError if not."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateError(
            f"{day.isoformat()} is outside the days planner keeps "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
    return day
