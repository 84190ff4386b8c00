"""Two copies of one day merged record by record: `planner import --merge` now, the git sync
of the data folder next. Nothing a side did is lost unless the other side changed the same
record later.

- The header's plan fields (template, budget, task order...) come from the newer header.
- ``worked``, ``wrap_note`` and each goal measurement come from the side that changed that
  field last (``Day.field_stamps``).
- Wins and losses are items: every item either side has is kept, the newer version of an
  item both have wins, and a removed item stays removed (its tombstone is an item too).
- Tasks: the newer version of each task; tasks only one side has are kept, after the
  winning header's order.

One tie-break everywhere: when two versions carry the same stamp, the one whose canonical
JSON (sorted keys, no spaces) sorts last wins, so every machine picks the same one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from copy import deepcopy
from datetime import UTC, datetime
from typing import Any, TypeVar

from planner.core.model import Day, Outcome, TaskState
from planner.store.day_format import header_record, outcome_as_record, task_as_record

T = TypeVar("T")


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stamp_key(stamp: str | None) -> datetime:
    """A stamp for comparing (None and unreadable ones are the oldest)."""
    oldest = datetime.min.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return oldest
    return oldest if parsed is None or parsed.tzinfo is None else parsed.astimezone(UTC)


def newer(first: T, second: T, stamp: Callable[[T], str | None], record: Callable[[T], Any]) -> T:
    """The later-stamped of two versions; on equal stamps, the deterministic tie-break."""
    one, two = stamp_key(stamp(first)), stamp_key(stamp(second))
    if one != two:
        return first if one > two else second
    return first if canonical(record(first)) >= canonical(record(second)) else second


def merge_days(ours: Day | None, theirs: Day) -> Day:
    """The record-by-record merge described in the module docstring (``ours`` None: a day
    only the other side has)."""
    if ours is None:
        return theirs
    winner = newer(ours, theirs, lambda day: day.updated_at, header_record)
    other = theirs if winner is ours else ours
    merged = deepcopy(winner)
    _merge_fields(merged, other)
    merged.wins, merged.removed_wins = _merge_items(
        (*ours.wins, *ours.removed_wins), (*theirs.wins, *theirs.removed_wins)
    )
    merged.losses, merged.removed_losses = _merge_items(
        (*ours.losses, *ours.removed_losses), (*theirs.losses, *theirs.removed_losses)
    )
    rivals = {task.id: task for task in other.tasks}
    tasks: list[TaskState] = []
    for task in merged.tasks:
        rival = rivals.get(task.id)
        best = task if rival is None else newer(task, rival, _task_stamp, task_as_record)
        tasks.append(best.copy())
    known = {task.id for task in merged.tasks}
    tasks += [task.copy() for task in other.tasks if task.id not in known]
    merged.tasks = tasks
    return merged


def _task_stamp(task: TaskState) -> str | None:
    return task.updated_at


def _merge_fields(merged: Day, other: Day) -> None:
    """Each wrap-up field from the side that changed it last (``merged`` is the newer
    header's copy, changed in place)."""
    units = {*merged.measurements, *other.measurements}
    keys = ["worked", "wrap_note", *(f"measurements.{unit}" for unit in sorted(units))]
    for key in keys:
        mine, theirs = merged.field_stamps.get(key), other.field_stamps.get(key)
        if mine is None and theirs is None:
            continue  # never stamped on either side: the newer header's value stands
        value_mine, value_theirs = _field(merged, key), _field(other, key)
        pick = newer((mine, value_mine), (theirs, value_theirs), lambda v: v[0], lambda v: v[1])
        if pick[0] is not None:
            merged.field_stamps[key] = pick[0]
        _set_field(merged, key, pick[1])


def _field(day: Day, key: str) -> Any:
    if key.startswith("measurements."):
        return day.measurements.get(key.removeprefix("measurements."))
    return getattr(day, key)


def _set_field(day: Day, key: str, value: Any) -> None:
    if key.startswith("measurements."):
        unit = key.removeprefix("measurements.")
        if value is None:
            day.measurements.pop(unit, None)
        else:
            day.measurements[unit] = value
    else:
        setattr(day, key, value)


def _merge_items(
    first: Iterable[Outcome], second: Iterable[Outcome]
) -> tuple[list[Outcome], list[Outcome]]:
    """Every item of both sides, the newer version of each; live ones, then tombstones."""
    chosen: dict[str, Outcome] = {}
    for item in (*first, *second):
        held = chosen.get(item.id)
        chosen[item.id] = (
            item if held is None else newer(held, item, lambda o: o.updated_at, outcome_as_record)
        )
    items = list(chosen.values())
    return (
        [item for item in items if item.removed_at is None],
        [item for item in items if item.removed_at is not None],
    )
