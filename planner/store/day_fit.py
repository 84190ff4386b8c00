"""The fast path of ``planner.store.day_check``: the same rules as its tables, written out.

Reading ten years of days checks some 300,000 records, and the table-driven check alone
took a third of the review's cold start. A record these predicates accept, the tables
accept too (tests/test_day_check.py holds them to it); one they refuse goes through the
tables, which say what is wrong. The limits live here, so both read the same ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from planner.core.dates import FIRST_DAY, LAST_DAY
from planner.core.ladder import Rung
from planner.core.model import Status

MAX_MINUTES = 24 * 60  # planned minutes of a task, a day's budget
MAX_SECONDS = 10**9  # logged time of one task (some thirty years)
MAX_COUNT = 10**6
MAX_MEASUREMENT = 1e12
RUNGS = tuple(rung.value for rung in Rung)  # in ladder order, as messages list them
STATUSES = tuple(status.value for status in Status)

NULL: type = type(None)
TEXT_KINDS: frozenset[type] = frozenset({str, NULL})
FLAG_KINDS: frozenset[type] = frozenset({bool, NULL})
_RUNG_SET = frozenset(RUNGS)
_STATUS_SET = frozenset(STATUSES)
_FIRST_ISO, _LAST_ISO = FIRST_DAY.isoformat(), LAST_DAY.isoformat()


def stamp_fits(value: object) -> bool:
    """None, or an aware ISO date-time well inside the days planner keeps (a stamp in the
    first or last year is left to the tables, which convert it to UTC to be sure)."""
    if value is None:
        return True
    if type(value) is not str:
        return False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.tzinfo is not None and FIRST_DAY.year < moment.year < LAST_DAY.year


def text_fits(value: object) -> bool:
    """None, or text UTF-8 can hold (JSON's "\\ud800" escape makes a lone surrogate, which
    no file can be written with)."""
    return value is None or (type(value) is str and (value.isascii() or encodable(value)))


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name_fits(value: object) -> bool:
    return type(value) is str and value.strip() != "" and text_fits(value)


def _whole_fits(value: object, low: int, high: int) -> bool:
    return value is None or (type(value) is int and low <= value <= high)


def _intervals_fit(intervals: object) -> bool:
    return intervals is None or (
        type(intervals) is list
        and all(
            type(pair) is list
            and len(pair) == 2
            and pair[0] is not None
            and pair[1] is not None
            and stamp_fits(pair[0])
            and stamp_fits(pair[1])
            for pair in intervals
        )
    )


def task_fits(task: Mapping[str, Any]) -> bool:
    get = task.get
    task_id, title, rung, status = get("id"), get("title"), get("rung"), get("status")
    return (
        _name_fits(task_id)
        and _name_fits(title)
        and type(rung) is str
        and rung in _RUNG_SET
        and ((type(status) is str and status in _STATUS_SET) or "status" not in task)
        and text_fits(get("channel"))
        and text_fits(get("unit"))
        and text_fits(get("hint"))
        and text_fits(get("strategy"))
        and text_fits(get("note"))
        and text_fits(get("skip_reason"))
        and type(get("out_of_order")) in FLAG_KINDS
        and _whole_fits(get("minutes"), 0, MAX_MINUTES)
        and _whole_fits(get("target"), 1, MAX_COUNT)
        and _whole_fits(get("count"), 0, MAX_COUNT)
        and _whole_fits(get("seconds"), 0, MAX_SECONDS)
        and _whole_fits(get("adjust_seconds"), -MAX_SECONDS, MAX_SECONDS)
        and stamp_fits(get("done_at"))
        and stamp_fits(get("skipped_at"))
        and stamp_fits(get("updated_at"))
        and stamp_fits(get("running_since"))
        and _intervals_fit(get("intervals"))
    )


def outcome_fits(item: Mapping[str, Any]) -> bool:
    get = item.get
    return (
        get("text") is not None
        and text_fits(get("text"))
        and text_fits(get("channel"))
        and text_fits(get("id"))
        and text_fits(get("kind"))
        and text_fits(get("strategy"))
        and text_fits(get("piece"))
        and stamp_fits(get("at"))
        and stamp_fits(get("updated_at"))
        and stamp_fits(get("removed_at"))
    )


def _no_object(value: Any) -> bool:
    """Absent, null or an empty object: nothing for the tables to look into (an empty
    list or string is not one: the tables refuse it)."""
    return value is None or (type(value) is dict and not value)


def day_fits(record: Mapping[str, Any]) -> bool:
    """The day's own fields; one holding stamps or numbers in an object goes by the tables."""
    get = record.get
    when = get("date")
    return (
        _no_object(get("field_stamps"))
        and _no_object(get("measurements"))
        and type(when) is str
        and len(when) == 10
        and _FIRST_ISO <= when <= _LAST_ISO
        and _is_date(when)
        and get("template") is not None
        and text_fits(get("template"))
        and text_fits(get("template_source"))
        and text_fits(get("worked"))
        and text_fits(get("wrap_note"))
        and type(get("budget_noticed")) in FLAG_KINDS
        and _whole_fits(get("budget_minutes"), 0, MAX_MINUTES)
        and stamp_fits(get("created_at"))
        and stamp_fits(get("updated_at"))
        and stamp_fits(get("last_seen_at"))
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
