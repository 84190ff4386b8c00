"""Dated items on disk: ``<data>/items/YYYY.json`` (the year of the item's day), one record
an item by its id, written atomically under the lock of the days tree.

A file is ``{"format": "planner-items", "version": 1, "items": {id: record}}``; a record is
the item's task as a day file stores one (``day_format.task_as_record``) with ``on``,
``created_at`` and, for an item taken back, ``removed_at`` (a tombstone, so a merge cannot
bring it back). Every record is checked as a day's task is (``day_check``), and a file
planner cannot trust is refused by name, never written over.

An item moved to another year is written to that year's file; the copy left in the old one
is older, and reading keeps, for each id, the newest record of all files (the merge's rule:
``merge.newer``), so moves need no second write and merge like any other change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any

from planner.core.items import DatedItem
from planner.errors import PlannerError
from planner.store.day_check import RecordError, check_task_record
from planner.store.day_format import task_as_record, task_from_record
from planner.store.envelope import Envelope

ITEMS_FOLDER = "items"
ITEMS_FORMAT = "planner-items"
ITEMS_VERSION = 1
ITEMS = Envelope(ITEMS_FORMAT, ITEMS_VERSION, "items", "item")


class UnknownItem(PlannerError, LookupError):
    """An item id that no live item has."""


def item_as_record(item: DatedItem) -> dict[str, Any]:
    record = task_as_record(item.task)
    record["on"] = item.on.isoformat()
    record["created_at"] = item.created_at
    if item.removed_at is not None:
        record["removed_at"] = item.removed_at
    return record


def item_from_record(record: Any, where: str) -> DatedItem:
    """RecordError naming ``where`` (the file and item) and the field when unusable."""
    if not isinstance(record, dict):
        raise RecordError(f"{where}: an item must be a record, not {type(record).__name__}")
    try:
        check_task_record(record)
        on = date.fromisoformat(str(record.get("on")))
    except RecordError as error:
        raise RecordError(f"{where}: {error}") from None
    except ValueError:
        raise RecordError(f"{where}, field 'on': a date YYYY-MM-DD is needed") from None
    task = task_from_record(record)
    removed = record.get("removed_at")
    created = record.get("created_at")
    return DatedItem(
        on=on,
        task=task,
        created_at=str(created) if created else None,
        removed_at=str(removed) if removed else None,
    )


def newest(first: DatedItem, second: DatedItem) -> DatedItem:
    from planner.store.merge import newer  # an item in two files is rare: not at start-up

    return newer(first, second, lambda item: item.updated_at, item_as_record)


class ItemStore:
    """The dated items of one data dir; ``locked`` is the days tree's lock (``Store``)."""

    def __init__(self, home: Path, locked: Callable[[], AbstractContextManager[None]]) -> None:
        self.folder = home / ITEMS_FOLDER
        self.locked = locked

    def file_for(self, year: int) -> Path:
        return self.folder / f"{year}.json"

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("[0-9][0-9][0-9][0-9].json"))

    # --- reading --------------------------------------------------------------------------

    def all_items(self) -> dict[str, DatedItem]:
        """Every item, tombstones included, the newest record of each id."""
        found: dict[str, DatedItem] = {}
        for path in self.files():
            for item in read_items(path).values():
                known = found.get(item.id)
                found[item.id] = item if known is None else newest(known, item)
        return found

    def live_items(self) -> list[DatedItem]:
        """The items not taken back, by day then by when they were added."""
        items = [item for item in self.all_items().values() if item.live]
        return sorted(items, key=lambda item: (item.on, item.created_at or "", item.id))

    def item(self, item_id: str) -> DatedItem:
        found = self.all_items().get(item_id)
        if found is None or not found.live:
            raise UnknownItem(f"no item {item_id!r}: `planner item list` shows the items")
        return found

    # --- writing (under the lock) --------------------------------------------------------

    def put(self, item: DatedItem) -> DatedItem:
        """Store ``item`` (new, changed, or a tombstone) in the file of its day's year."""
        with self.locked():
            path = self.file_for(item.on.year)
            records = {key: item_as_record(value) for key, value in read_items(path).items()}
            records[item.id] = item_as_record(item)
            write_items(path, records)
        return item

    def change(self, item_id: str, change: Callable[[DatedItem], DatedItem]) -> DatedItem:
        """Apply ``change`` to the live item as it is on disk now, and store the result."""
        with self.locked():
            return self.put(change(self.item(item_id)))


def read_items(path: Path) -> dict[str, DatedItem]:
    """The records of one items file (none when it does not exist); StoreError naming the
    file, the item and the field for anything planner cannot trust."""
    return ITEMS.read(path, item_from_record, lambda item: item.id)


def write_items(path: Path, records: dict[str, dict[str, Any]]) -> None:
    ITEMS.write(path, records)
