"""The one check of a day record's shape and types, for every door a day comes in by.

A *day record* is a day with its tasks inline (``planner.store.day_format``). Whatever
reads one from outside planner's own writer checks it here first: the day-file reader (and
so the remote sync's merge driver and the conflict-copy reader, which read day files the
same way), the review's fast reader and ``planner import``. A record that passes can be
turned into a ``Day`` and used by every screen and command without a surprise: texts are
text, numbers are finite and in range, stamps are aware date-times of the days planner
keeps, rungs and statuses are known.

``check_day_record`` raises ``RecordError`` naming the record ("task 'scan'", "win 2",
"the day") and the field, with what was found and what was expected. Fields it does not
know are left alone (a later minor version may add some).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from planner.core.dates import FIRST_DAY, LAST_DAY
from planner.errors import PlannerError
from planner.store.day_fit import (
    FLAG_KINDS,
    MAX_COUNT,
    MAX_MEASUREMENT,
    MAX_MINUTES,
    MAX_SECONDS,
    NULL,
    RUNGS,
    STATUSES,
    TEXT_KINDS,
    day_fits,
    encodable,
    outcome_fits,
    task_fits,
)


class RecordError(PlannerError):
    """A day record whose fields cannot make a day; the message names the record, the
    field and the problem."""


class _Bad(Exception):
    """A field's problem, before the record it is in is named."""


Check = Callable[[Any], None]


class Field(NamedTuple):
    """What a field may hold: its JSON types (``kinds``; None for null where allowed), and
    a ``check`` of the value beyond its type (not called for null)."""

    kinds: frozenset[type]
    what: str  # what the field should be, in a message
    check: Check | None = None


def check_day_record(record: object) -> None:
    """``record`` as a day record planner can use; RecordError naming what is wrong."""
    if not isinstance(record, Mapping):
        raise RecordError(f"the day is {_found(record)}, not an object")
    if not day_fits(record):
        _check_fields(record, DAY_FIELDS, DAY_REQUIRED, "the day")
    for kind, label in (("wins", "win"), ("losses", "loss")):
        items = record.get(kind)
        if items is None:
            continue
        if type(items) is not list:
            raise RecordError(f"the day, field {kind!r}: {_found(items)}, not a list")
        for number, item in enumerate(items, start=1):
            if type(item) is not dict:
                raise RecordError(f"{label} {number}: {_found(item)}, not an object")
            if not outcome_fits(item):
                _check_fields(item, OUTCOME_FIELDS, OUTCOME_REQUIRED, f"{label} {number}")
    tasks = record.get("tasks")
    if type(tasks) is not list:
        raise RecordError(f"the day, field 'tasks': {_found(tasks)}, not a list")
    seen: set[str] = set()
    for number, task in enumerate(tasks, start=1):
        if type(task) is not dict:
            raise RecordError(f"task {number}: {_found(task)}, not an object")
        if not task_fits(task):
            _check_fields(task, TASK_FIELDS, TASK_REQUIRED, _task_name(task, f"task {number}"))
        if task["id"] in seen:
            raise RecordError(f"task {task['id']!r}: the id is used by another task of the day")
        seen.add(task["id"])


def check_task_record(task: Mapping[str, Any]) -> None:
    """One stored task record (read on its own to change it); RecordError if unusable."""
    if not task_fits(task):
        _check_fields(task, TASK_FIELDS, TASK_REQUIRED, _task_name(task, "a task"))


def _check_fields(
    record: Mapping[str, Any], fields: Mapping[str, Field], required: frozenset[str], name: str
) -> None:
    """Every known field of ``record`` (``name`` says which record): the type first, which
    is all most fields need, then the value's own check."""
    if not required.issubset(record.keys()):
        missing = sorted(required.difference(record.keys()))[0]
        raise RecordError(f"{name}: the field {missing!r} is missing")
    for key, value in record.items():
        field = fields.get(key)
        if field is None:
            continue
        kinds, what, check = field  # unpacked: a NamedTuple's attributes are slow to read
        try:
            if type(value) not in kinds:
                raise _Bad(f"{_found(value)}, not {what}")
            if check is not None and value is not None:
                check(value)
        except _Bad as problem:
            raise RecordError(f"{name}, field {key!r}: {problem}") from None


def _task_name(task: Mapping[str, Any], otherwise: str) -> str:
    task_id = task.get("id")
    return f"task {task_id!r}" if type(task_id) is str and task_id.strip() else otherwise


def _found(value: object) -> str:
    """What a value is, in a message: its JSON kind, and the value itself when short."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    if value is None:
        return "null"
    kinds = {str: "text", bool: "true/false", int: "the number", float: "the number"}
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return f"{kinds.get(type(value), type(value).__name__)} {shown}"


# --- values beyond their type -----------------------------------------------------------


def _utf8(value: str) -> None:
    if not value.isascii() and not encodable(value):
        raise _Bad("text holding a character no file can (a lone surrogate, like \\ud800)")


def _not_blank(value: str) -> None:
    if not value.strip():
        raise _Bad("empty text")
    _utf8(value)


def _between(low: int, high: int) -> Check:
    def between(value: int) -> None:
        if not low <= value <= high:
            raise _Bad(f"{value} is out of range ({low} to {high})")

    return between


def _finite(value: float) -> None:
    if not math.isfinite(value) or abs(value) > MAX_MEASUREMENT:
        raise _Bad(f"{value} is out of range (at most {MAX_MEASUREMENT:g} either way)")


def _one_of(allowed: tuple[str, ...]) -> Check:
    known = frozenset(allowed)

    def one_of(value: str) -> None:
        if value not in known:
            raise _Bad(f"{_found(value)}, not one of {', '.join(allowed)}")

    return one_of


def _day(value: str) -> None:
    try:
        when = date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= when <= LAST_DAY:
        raise _Bad(f"{value} is outside the days planner keeps ({FIRST_DAY} to {LAST_DAY})")


def _stamp(value: str) -> None:
    """An ISO 8601 date-time with a UTC offset, on a day planner keeps."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{value!r} is not a time stamp (like 2026-11-24T09:30:00+00:00)") from None
    if moment.tzinfo is None:
        raise _Bad(f"{value!r} has no UTC offset (like +00:00)")
    if FIRST_DAY.year < moment.year < LAST_DAY.year:
        return  # the offset cannot move it out of range: no need to convert (speed)
    try:
        day = moment.astimezone(UTC).date()
    except OverflowError:
        day = date.min
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _Bad(f"{value} is outside the days planner keeps ({FIRST_DAY} to {LAST_DAY})")


def _any_stamp(value: object) -> None:
    if type(value) is not str:
        raise _Bad(f"{_found(value)}, not a time stamp")
    _stamp(value)


def _intervals(value: list[Any]) -> None:
    for number, pair in enumerate(value, start=1):
        if type(pair) is not list or len(pair) != 2:
            raise _Bad(f"interval {number} is {_found(pair)}, not [start, stop]")
        try:
            _any_stamp(pair[0])
            _any_stamp(pair[1])
        except _Bad as problem:
            raise _Bad(f"interval {number}: {problem}") from None


def _values(check: Check) -> Check:
    def values(value: dict[str, Any]) -> None:
        for key, item in value.items():
            try:
                _utf8(key)
                check(item)
            except _Bad as problem:
                raise _Bad(f"{key!r}: {problem}") from None

    return values


def _number(value: object) -> None:
    if type(value) not in _NUMBER:
        raise _Bad(f"{_found(value)}, not a number")
    _finite(value)  # type: ignore[arg-type]


_NUMBER = frozenset({int, float})
_TEXT = Field(TEXT_KINDS, "text", _utf8)
_SOME_TEXT = Field(frozenset({str}), "text", _utf8)
_NAME = Field(frozenset({str}), "text", _not_blank)
_STAMP = Field(frozenset({str, NULL}), "a time stamp", _stamp)
_FLAG = Field(FLAG_KINDS, "true or false")
_OBJECT = frozenset({dict, NULL})


def _whole(low: int, high: int) -> Field:
    return Field(frozenset({int, NULL}), "a whole number", _between(low, high))


DAY_FIELDS: dict[str, Field] = {
    "date": Field(frozenset({str}), "a date (YYYY-MM-DD)", _day),
    "template": _SOME_TEXT,
    "template_source": _TEXT,
    "budget_minutes": _whole(0, MAX_MINUTES),
    "created_at": _STAMP,
    "updated_at": _STAMP,
    "last_seen_at": _STAMP,
    "worked": _TEXT,
    "wrap_note": _TEXT,
    "field_stamps": Field(frozenset({dict, NULL}), "an object of time stamps", _values(_any_stamp)),
    "measurements": Field(frozenset({dict, NULL}), "an object of numbers", _values(_number)),
    "budget_noticed": _FLAG,
}
DAY_REQUIRED = frozenset({"date", "template"})

OUTCOME_FIELDS: dict[str, Field] = {
    "text": _SOME_TEXT,
    "channel": _TEXT,
    "id": _TEXT,
    "at": _STAMP,
    "updated_at": _STAMP,
    "removed_at": _STAMP,
    "kind": _TEXT,
    "strategy": _TEXT,
    "piece": _TEXT,
}
OUTCOME_REQUIRED = frozenset({"text"})

TASK_FIELDS: dict[str, Field] = {
    "id": _NAME,
    "title": _NAME,
    "rung": Field(frozenset({str}), f"one of {', '.join(RUNGS)}", _one_of(RUNGS)),
    "minutes": _whole(0, MAX_MINUTES),
    "channel": _TEXT,
    "target": _whole(1, MAX_COUNT),
    "unit": _TEXT,
    "hint": _TEXT,
    "status": Field(frozenset({str}), f"one of {', '.join(STATUSES)}", _one_of(STATUSES)),
    "count": _whole(0, MAX_COUNT),
    "note": _TEXT,
    "skip_reason": _TEXT,
    "done_at": _STAMP,
    "skipped_at": _STAMP,
    "updated_at": _STAMP,
    "running_since": _STAMP,
    "intervals": Field(frozenset({list, NULL}), "a list of [start, stop] time stamps", _intervals),
    "adjust_seconds": _whole(-MAX_SECONDS, MAX_SECONDS),
    "seconds": _whole(0, MAX_SECONDS),
    "out_of_order": _FLAG,
    "strategy": _TEXT,
}
TASK_REQUIRED = frozenset({"id", "title", "rung"})
