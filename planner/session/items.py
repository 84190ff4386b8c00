"""Dated items for the session: a day's view takes them in (``planner.core.items``), a
change to one of their tasks goes to the item store instead of the day file, and undo
takes it back the same way (a record changed elsewhere since is never overwritten).
What a user does with items (`planner add`, `item move`, `drop`, `a`) is ``ItemWork``'s."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.core.items import DatedItem, item_tasks, make_item, with_items
from planner.core.ladder import Rung
from planner.core.model import Day, TaskState
from planner.core.plan import utc_stamp
from planner.store.changes import ChangedElsewhere, Contents, Step, UndoHistory
from planner.store.item_store import ItemStore, item_as_record, item_from_record
from planner.store.stamps import without_stamp

if TYPE_CHECKING:
    from planner.exchange.export import ExportDays

ITEM_KEY = "item:"  # an undo step's record key of an item


def day_with_items(day: Day, store: ItemStore, today: date) -> Day:
    """``day`` as the screen and `today --json` show it: its items in (a copy)."""
    if not store.folder.exists():  # no item was ever added: nothing to read
        return day
    extra = item_tasks(store.live_items(), day.date, today)
    if not extra:
        return day
    return replace(day, tasks=with_items(day.tasks, extra))


def with_items_shown(
    load: Callable[[], ExportDays], shown: Callable[[Day], Day]
) -> Callable[[], ExportDays]:
    """``load`` with each day ``shown`` (its items in), each item once: an open item is on
    today, not on the day it moved from (what a journal or a table of tasks lists)."""

    def with_items() -> ExportDays:
        found = load()
        days = [shown(day) for day in found.days]
        kept = [replace(day, tasks=[t for t in day.tasks if t.moved_to is None]) for day in days]
        return replace(found, days=kept)

    return with_items


def _content(item: DatedItem) -> dict[str, object]:
    return without_stamp({k: v for k, v in item_as_record(item).items() if k != "created_at"})


def item_step(label: str, before: DatedItem | None, after: DatedItem) -> Step:
    """The undo step of one change to one item (``before`` None: it was added)."""
    key = ITEM_KEY + after.id
    was: Contents = {key: None if before is None or not before.live else _content(before)}
    now: Contents = {key: _content(after) if after.live else None}
    return Step(label, after.on, was, now)


def is_item_step(step: Step) -> bool:
    return all(key.startswith(ITEM_KEY) for key in step.before)


def refuse_if_moved(expected: Contents, now: Mapping[str, object | None], title: str) -> None:
    """ChangedElsewhere (nothing undone) unless each record of ``expected`` still holds
    what it says; ``now`` is each record's content as stored now (None: gone)."""
    for key, content in expected.items():
        if now.get(key) != content:
            raise ChangedElsewhere(f"“{title}” changed elsewhere since: nothing was undone")


def restore_items(store: ItemStore, wanted: Contents, expected: Contents, stamp: str) -> None:
    """Put the items of ``wanted`` back (None: taken back), if each still holds what
    ``expected`` says; ChangedElsewhere, nothing written, otherwise."""
    with store.locked():
        found = {ITEM_KEY + key: item for key, item in store.all_items().items()}
        now = {key: _content(item) if item.live else None for key, item in found.items()}
        titles = [found[key].task.title for key in expected if key in found]
        refuse_if_moved(expected, now, titles[0] if titles else "the item")
        for key, content in wanted.items():
            item = found[key]
            if content is None:
                store.put(replace(item, removed_at=stamp))
                continue
            record = {**content, "created_at": item.created_at, "updated_at": stamp}
            store.put(item_from_record(record, key))


class ItemWork:
    """What a user does with dated items; mixed into the Session (which has these)."""

    items: ItemStore
    now: Callable[[], datetime]
    today: Callable[[], date]
    history: UndoHistory

    def _remember(self, step: Step) -> None:
        self.history.remember(step)

    def add_item(
        self,
        title: str,
        on: date,
        rung: Rung,
        *,
        minutes: int = 0,
        channel: str | None = None,
        strategy: str | None = None,
    ) -> DatedItem:
        """A one-off task on ``on`` (any day, a future one too: no day is stored)."""
        stamp = utc_stamp(self.now())
        item = make_item(
            title, on, rung, stamp, minutes=minutes, channel=channel, strategy=strategy
        )
        self.items.put(item)
        self._remember(item_step(f"add · {item.task.title}", None, item))
        return item

    def change_item(
        self, item_id: str, change: Callable[[DatedItem], DatedItem], label: str
    ) -> DatedItem:
        """``change`` applied to the item as it is on disk now, stamped, remembered for
        undo as ``label``."""
        stamp = utc_stamp(self.now())
        before: list[DatedItem] = []

        def stamped(item: DatedItem) -> DatedItem:
            before.append(item)
            changed = change(item)
            return replace(changed, task=replace(changed.task, updated_at=stamp))

        after = self.items.change(item_id, stamped)
        self._remember(item_step(label, before[-1], after))
        return after

    def change_item_task(
        self, item_id: str, change: Callable[[TaskState], TaskState], label: str, day: date
    ) -> TaskState:
        """A checklist change (done, skip, note, time...) to an item's task, made on the
        view of ``day``: an item carried onto it from an earlier day moves to it (it was
        worked there, and stays on that day's checklist once settled)."""

        def changed(item: DatedItem) -> DatedItem:
            on = day if item.on < day and item.task.is_open else item.on
            return replace(item, on=on, task=change(item.task.copy()))

        return self.change_item(item_id, changed, label).task

    def move_item(self, item_id: str, on: date) -> DatedItem:
        return self.change_item(item_id, lambda item: replace(item, on=on), "move")

    def rename_item(self, item_id: str, title: str) -> DatedItem:
        clean = " ".join(title.split())

        def rename(item: DatedItem) -> DatedItem:
            return replace(item, task=replace(item.task, title=clean))

        return self.change_item(item_id, rename, "rename")

    def drop_item(self, item_id: str) -> DatedItem:
        """Take the item back: a tombstone, so that a merge cannot bring it back."""
        stamp = utc_stamp(self.now())
        return self.change_item(item_id, lambda item: replace(item, removed_at=stamp), "drop")

    def items_between(self, start: date | None, end: date | None) -> list[DatedItem]:
        return [
            item
            for item in self.items.live_items()
            if (start is None or item.on >= start) and (end is None or item.on <= end)
        ]
