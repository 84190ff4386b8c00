"""Dated items in the review (planner.core.items), each counted once: on the day it is on,
with its status; an item still open from a past day on today only (it is carried there, and
its old day lists it as moved on, not as left open). A future item is a plan: not counted.

Items are added on top of the day summaries when a review is read, never cached with them:
the summary cache is keyed by day file, and an item changes no day file (nor does today
coming, which carries open items on). The items files are small; reading them every time
keeps the cache right without watching them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from planner.core.items import DatedItem
from planner.core.model import Day, TaskState
from planner.review.summary import DaySummary, plus_tasks, summarize
from planner.store.item_store import ItemStore
from planner.store.records import StoreError

ITEM_DAY_TEMPLATE = ""  # the template of a day that has items but no day file


def counted_on(item: DatedItem, today: date) -> date:
    """The day the review counts ``item`` on: today while it is open from a past day."""
    if item.on < today and item.task.is_open:
        return today
    return item.on


def items_by_day(items: Iterable[DatedItem], today: date) -> dict[date, list[TaskState]]:
    """The tasks of the live items up to today, by the day each is counted on."""
    found: dict[date, list[TaskState]] = {}
    for item in items:
        when = counted_on(item, today)
        if item.live and when <= today:
            found.setdefault(when, []).append(item.task)
    return found


def with_items(
    summaries: Iterable[DaySummary], items: Iterable[DatedItem], today: date
) -> list[DaySummary]:
    """``summaries`` (one a stored day) with the items' figures added, each item once; a
    day with items but no day file gets a summary of its items alone. Oldest first."""
    by_date = {summary.date: summary for summary in summaries}
    for when, tasks in items_by_day(items, today).items():
        extra = summarize(Day(date=when, template=ITEM_DAY_TEMPLATE, tasks=tasks))
        known = by_date.get(when)
        by_date[when] = extra if known is None else plus_tasks(known, extra)
    return [by_date[when] for when in sorted(by_date)]


def live_items(data_dir: Path) -> tuple[list[DatedItem], list[StoreError]]:
    """The items of ``data_dir`` (read without the lock: each file is replaced whole), or
    none and the file that cannot be trusted (the review says so and goes on)."""
    try:
        return ItemStore(data_dir, _unlocked).live_items(), []
    except StoreError as error:
        return [], [error]


@contextmanager
def _unlocked() -> Iterator[None]:
    yield  # reading only
