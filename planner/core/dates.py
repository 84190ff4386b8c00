"""Dates as people type them, and the day a moment belongs to.

One parser for every place a user names a day (`--date`, `--from`/`--to`, the palette's
Go to date…): ``2026-11-20``, ``today``, ``yesterday``, ``tomorrow``, ``-3`` / ``+2``
days from today, or a weekday (``fri``, ``friday``: the next one, never today). "Today"
is always the *logical* today, which honours the settings' ``day_starts_at``: the caller
passes it in, so nothing here reads a clock. Whatever the form, a day outside
FIRST_DAY..LAST_DAY is refused by the parser itself, so no door can let one through.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from planner.errors import PlannerError

DATE_FORMS = "YYYY-MM-DD, today, yesterday, tomorrow, -3, +2 or fri (the next Friday)"
# The days planner keeps: a day outside them would be stored where no reader looks
# (days/999/...) or is a typo; every door that takes a date checks ``within_range``.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9999, 12, 31)
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_OFFSET = re.compile(r"^[+-][0-9]+$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class DateError(PlannerError):
    """Text typed for a day that names none; the message says what is understood."""


def done_when(stamp: str | None, day: date) -> str:
    """When a task of ``day`` was marked done, in local time, as its line says it: ``done
    09:00``; marked on another date (a past day filled in later, or past midnight), that date
    too, so the time does not read as when the work was done: ``done (entered 5 Dec 09:00)``,
    with the year when it is another. ``done`` alone without a readable stamp."""
    if not stamp:
        return "done"
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return "done"
    if moment.date() == day:
        return f"done {moment:%H:%M}"
    year = f" {moment.year}" if moment.year != day.year else ""
    return f"done (entered {moment.day} {moment:%b}{year} {moment:%H:%M})"


def logical_today(now: datetime, day_starts_at: time = time(0, 0)) -> date:
    """The calendar day a moment belongs to when the day starts at ``day_starts_at``.

    A night owl with ``day_starts_at=04:00`` is still on Monday at 02:30 on Tuesday.
    """
    shift = timedelta(hours=day_starts_at.hour, minutes=day_starts_at.minute)
    return (now - shift).date()


def parse_day(text: str, today: date) -> date:
    """The day ``text`` names, words and offsets counted from ``today``; DateError if none,
    or if it is not one of the days planner keeps (``within_range``)."""
    key = text.strip().lower()
    if key in _RELATIVE:
        key = f"{_RELATIVE[key]:+d}"  # a word is an offset ("tomorrow" of 9999-12-31 too)
    if _OFFSET.match(key):
        return within_range(_offset_day(key, today))
    weekday = next(
        (n for n, name in enumerate(_WEEKDAYS) if len(key) >= 3 and name.startswith(key)), None
    )
    if weekday is not None:  # the next one: "fri" on a Friday is a week ahead
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        return within_range(_offset_day(f"+{ahead}", today))
    try:
        day = date.fromisoformat(key)
    except ValueError:  # not ISO, or out of the calendar's range
        raise DateError(f"{text.strip()!r} is not a date: use {DATE_FORMS}") from None
    return within_range(day)


def _offset_day(key: str, today: date) -> date:
    """``today`` moved by ``+N``/``-N`` days; past the calendar is a DateError that says the
    range, as ``within_range`` does."""
    outside = DateError(
        f"{key} days from {today.isoformat()} is outside the days planner keeps "
        f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
    )
    if len(key) > 10:  # nine digits already reach past the calendar; no giant int is made
        raise outside
    try:
        return today + timedelta(days=int(key))
    except OverflowError:
        raise outside from None


def within_range(day: date) -> date:
    """``day`` itself when planner keeps such days (FIRST_DAY to LAST_DAY); DateError if not."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateError(
            f"{day.isoformat()} is outside the days planner keeps "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
    return day
