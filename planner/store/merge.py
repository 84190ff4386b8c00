"""Versions of one day merged record by record: `planner import --merge` and a synced
folder's conflict copy (two versions), the git sync's merge driver (two versions and the
one they both come from). Nothing a side did is lost unless the other side changed the same
record later.

The records: each task; each win and loss (a removed one is a tombstone, a record too);
``worked``, ``wrap_note`` and each goal measurement, stamped by ``Day.field_stamps``; and
each other field of the day (template, budget, task order...), stamped by the day's
``updated_at``.

- With a common version: a record changed on one side only comes from that side; changed
  on both, the newer one wins; a change beats a removal.
- Without one: a record only one side has is kept; two different versions, the newer wins.

One tie-break everywhere: when two versions carry the same stamp, the one whose canonical
JSON (sorted keys, no spaces) sorts last wins, so every machine picks the same one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from planner.core.model import Day
from planner.store.day_format import WRAP_UP_FIELDS, day_from_record, header_record, task_as_record
from planner.store.stamps import parse_stamp, without_stamp

T = TypeVar("T")
Record = dict[str, Any]
Field = tuple[str | None, Any, str | None]  # (stamp to compare by, value, own stamp)

# The day's own fields, stamped by its updated_at (the wrap-up's have stamps of their own).
PLAN_FIELDS = (
    "template",
    "template_source",
    "budget_minutes",
    "task_order",
    "created_at",
    "budget_noticed",
    "last_seen_at",
)


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stamp_key(stamp: str | None) -> datetime:
    """A stamp for comparing (None and unreadable ones are the oldest)."""
    return parse_stamp(stamp) or datetime.min.replace(tzinfo=UTC)


def newer(first: T, second: T, stamp: Callable[[T], str | None], record: Callable[[T], Any]) -> T:
    """The later-stamped of two versions; on equal stamps, the deterministic tie-break."""
    one, two = stamp_key(stamp(first)), stamp_key(stamp(second))
    if one != two:
        return first if one > two else second
    return first if canonical(record(first)) >= canonical(record(second)) else second


def merge_days(ours: Day | None, theirs: Day) -> Day:
    """Two versions of a day with no common one to compare with (see the module)."""
    merged = merge_three(None, ours, theirs)
    assert merged is not None, "theirs is a day"
    return merged


def merge_three(base: Day | None, ours: Day | None, theirs: Day | None) -> Day | None:
    """Two versions of a day that both come from ``base`` (None: none in common, as when
    both machines made the day), merged record by record (see the module)."""
    if ours is None or theirs is None:
        return pick(base, ours, theirs, lambda day: day.updated_at, header_record)
    mine, other = header_record(ours), header_record(theirs)
    old = header_record(base) if base is not None else _pristine_header()
    header = _merge_fields(old, mine, other)
    for kind in ("wins", "losses"):
        items = merge_records(_by_id(old[kind]), _by_id(mine[kind]), _by_id(other[kind]))
        # In the order they were recorded, the same on every machine (not side by side).
        header[kind] = sorted(items.values(), key=lambda item: (item.get("at") or "", item["id"]))
    old_tasks = _tasks(base) if base is not None else _pristine_tasks(ours, theirs)
    tasks = merge_records(old_tasks, _tasks(ours), _tasks(theirs))
    order = [tid for tid in header.pop("task_order") or [] if tid in tasks]
    header["tasks"] = [tasks[tid] for tid in order]
    header["tasks"] += [tasks[tid] for tid in sorted(tasks) if tid not in order]
    return day_from_record(header)


def pick(
    base: T | None,
    ours: T | None,
    theirs: T | None,
    stamp: Callable[[T], str | None],
    record: Callable[[T], Any],
) -> T | None:
    """The three-way choice for one record (None: that side has no such record)."""

    def same(one: T | None, two: T | None) -> bool:
        if one is None or two is None:
            return one is None and two is None
        return bool(record(one) == record(two))

    if same(ours, theirs):  # the same content: the later stamp, so both sides agree
        return ours if ours is None or theirs is None else newer(ours, theirs, stamp, record)
    if base is not None and same(ours, base):
        return theirs
    if base is not None and same(theirs, base):
        return ours
    if ours is None or theirs is None:  # removed on one side, changed (or new) on the other
        return ours if theirs is None else theirs
    return newer(ours, theirs, stamp, record)


def merge_records(
    base: dict[str, Record], ours: dict[str, Record], theirs: dict[str, Record]
) -> dict[str, Record]:
    """Records by id (tasks, wins, losses), each through ``pick``; in ours' order first."""
    merged: dict[str, Record] = {}
    for key in dict.fromkeys([*ours, *theirs, *base]):
        chosen = pick(
            base.get(key),
            ours.get(key),
            theirs.get(key),
            _updated_at,
            without_stamp,
        )
        if chosen is not None:
            merged[key] = chosen
    return merged


def _merge_fields(old: Record, mine: Record, other: Record) -> Record:
    """The day's fields one by one, into a copy of the newer header."""
    newest: Record = newer(mine, other, _updated_at, without_stamp)
    header = dict(newest)
    fields_old = _fields(old)
    fields_mine, fields_other = _fields(mine), _fields(other)
    measurements: dict[str, Any] = {}
    stamps: dict[str, str] = {}
    for key in dict.fromkeys([*fields_mine, *fields_other, *fields_old]):
        chosen = pick(
            fields_old.get(key),
            fields_mine.get(key),
            fields_other.get(key),
            lambda field: field[0],
            lambda field: field[1],
        )
        if chosen is None:
            continue
        value = chosen[1]
        if key.startswith("measurements."):
            measurements[key.removeprefix("measurements.")] = value
        else:
            header[key] = value
        # The field's own stamp: of the side it came from, the later one if both say the same.
        own = [
            found[2]
            for found in (fields_mine.get(key), fields_other.get(key), chosen)
            if found is not None and found[1] == value and found[2] is not None
        ]
        if own:
            stamps[key] = max(own, key=stamp_key)
    header["measurements"] = dict(sorted(measurements.items()))
    header["field_stamps"] = {**(header.get("field_stamps") or {}), **stamps}
    header["updated_at"] = max(
        (h.get("updated_at") for h in (mine, other)), key=stamp_key, default=None
    )
    return header


def _fields(header: Record) -> dict[str, Field]:
    """The day's fields with the stamp each goes by; a goal without a number is absent."""
    day_stamp = header.get("updated_at")
    own = header.get("field_stamps") or {}
    found: dict[str, Field] = {key: (day_stamp, header.get(key), None) for key in PLAN_FIELDS}
    for key in WRAP_UP_FIELDS:
        found[key] = (own.get(key) or day_stamp, header.get(key), own.get(key))
    for unit, value in (header.get("measurements") or {}).items():
        key = f"measurements.{unit}"
        found[key] = (own.get(key) or day_stamp, value, own.get(key))
    return found


def _updated_at(record: Record) -> str | None:
    stamp = record.get("updated_at")
    return stamp if isinstance(stamp, str) else None


class _Unknown:
    """A value equal to no other: the common version of a field when there is none."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


# What a task says before anyone worked on it (as a template makes it).
_NO_WORK: Record = {
    "status": "open",
    "count": 0,
    "note": "",
    "skip_reason": "",
    "done_at": None,
    "skipped_at": None,
    "intervals": [],
    "running_since": None,
    "adjust_seconds": 0,
    "seconds": 0,
    "out_of_order": False,
}


def _pristine_header() -> Record:
    """The common version of a day both machines made on their own (git's empty %O): its
    wrap-up as yet unwritten, its own fields unknown (the newer header decides them)."""
    header: Record = {key: _Unknown() for key in PLAN_FIELDS}
    header.update(worked="", wrap_note="", measurements={}, field_stamps={}, wins=[], losses=[])
    return header


def _pristine_tasks(ours: Day, theirs: Day) -> dict[str, Record]:
    """For a day both machines made on their own: each task both have, as the template
    made it before anyone worked on it, so that the side that worked on it wins (its
    untouched twin may well carry a later stamp: it was made later)."""
    mine, other = _tasks(ours), _tasks(theirs)
    common = {}
    for task_id in mine.keys() & other.keys():
        fresh = {**without_stamp(mine[task_id]), **_NO_WORK}
        if fresh == {**without_stamp(other[task_id]), **_NO_WORK}:  # the same plan on both
            common[task_id] = fresh
    return common


def _by_id(items: list[Record]) -> dict[str, Record]:
    return {item["id"]: item for item in items}


def _tasks(day: Day) -> dict[str, Record]:
    return {task.id: task_as_record(task) for task in day.tasks}
