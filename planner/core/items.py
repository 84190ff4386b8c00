"""Dated items: one-off tasks for one day ("follow up with Acme on Tuesday"), beside the
template's tasks, and how a day's view takes them in. Plain data and pure functions.

An item is stored on its own (``planner.store.item_store``), never in a day file: adding
one to a future day stores no day, and `S` (template sync) cannot remove one. A day's view
holds the items planned for it as tasks marked ``one_off``; an item still open from a past
day shows on today too, ``carried_from`` that day, and its old day lists it ``moved_to``
today, not as left open, so each item is counted once: on the day it was settled, or
today while it is open.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from planner.core.ladder import Rung
from planner.core.model import Status, TaskState

ITEM_PREFIX = "item-"


def new_item_id() -> str:
    """A fresh id, the same on every machine once synced: random, never derived."""
    return f"{ITEM_PREFIX}{uuid.uuid4().hex[:12]}"


def is_item_id(task_id: str) -> bool:
    return task_id.startswith(ITEM_PREFIX)


@dataclass(frozen=True)
class DatedItem:
    """One item: its day (``on``) and everything done to it, as a task holds it (the
    task's id is the item's). ``removed_at`` makes it a tombstone (`planner drop`)."""

    on: date
    task: TaskState
    created_at: str | None = None
    removed_at: str | None = None

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def updated_at(self) -> str | None:
        return self.removed_at or self.task.updated_at

    @property
    def live(self) -> bool:
        return self.removed_at is None


def make_item(
    title: str,
    on: date,
    rung: Rung,
    stamp: str,
    *,
    minutes: int = 0,
    channel: str | None = None,
    strategy: str | None = None,
) -> DatedItem:
    task = TaskState(
        id=new_item_id(),
        title=" ".join(title.split()),
        rung=rung,
        minutes=minutes,
        channel=channel,
        strategy=strategy,
        updated_at=stamp,
    )
    return DatedItem(on=on, task=task, created_at=stamp)


def item_tasks(items: list[DatedItem], day: date, today: date) -> list[TaskState]:
    """The tasks ``items`` add to the view of ``day``, marked ``one_off``: those planned for
    it, and on today those still open from past days (``carried_from``); on a past day an
    open item is shown ``moved_to`` today."""
    shown = []
    for item in items:
        if not item.live:
            continue
        task = replace(item.task.copy(), one_off=True)
        if item.on == day:
            if day < today and task.is_open:
                task = replace(task, moved_to=today.isoformat())
            shown.append(task)
        elif day == today and item.on < today and task.is_open:
            shown.append(replace(task, carried_from=item.on.isoformat()))
    return shown


def with_items(tasks: list[TaskState], extra: list[TaskState]) -> list[TaskState]:
    """The day's tasks with ``extra`` (one-off) ones, each after the last task of its rung:
    the ladder order holds, the template's tasks of a rung come first."""
    ordered = list(tasks)
    for task in extra:
        index = max(
            (n + 1 for n, other in enumerate(ordered) if other.rung.position <= task.rung.position),
            default=0,
        )
        ordered.insert(index, task)
    return ordered


def counted_open(task: TaskState) -> bool:
    """Whether ``task`` counts as left open on its day (not one moved on to today)."""
    return task.status is Status.OPEN and task.moved_to is None
