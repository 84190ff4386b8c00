"""When records changed: the ``updated_at`` of each day header, task, win and loss, and of
each wrap-up field. A record keeps its stamp while its content stays the same, so a sync or
merge sees only what really moved; ``Store`` makes sure a new stamp is never earlier than one
already written."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from planner.store.day_format import DAYS_TABLE, TASKS_TABLE, WRAP_UP_FIELDS
from planner.store.records import RecordDB


def latest_stamp(db: RecordDB) -> datetime | None:
    """The latest ``updated_at`` among the records of ``db``'s file (read in a transaction)."""
    latest = None
    for table in (DAYS_TABLE, TASKS_TABLE):
        for record in db.records(table).records().values():
            stamp = parse_stamp(record.get("updated_at"))
            if stamp is not None and (latest is None or stamp > latest):
                latest = stamp
    return latest


def parse_stamp(value: object) -> datetime | None:
    """A stored stamp as an aware UTC datetime; None when absent or not a stamp."""
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.astimezone(UTC) if stamp.tzinfo is not None else None


def without_stamp(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "updated_at"}


def stamp_wrap_up(header: dict[str, Any], old: dict[str, Any] | None, stamp: str) -> None:
    """Give each win, loss and wrap-up field of ``header`` its stamp: ``stamp`` where it
    differs from ``old`` (the header as stored), its old stamp where it does not. A stored
    win or loss the new header lacks (an undo of its adding) stays, as a tombstone: a
    later merge with a copy that still has it must not bring it back."""
    old = old or {}
    for kind in ("wins", "losses"):
        before = {item.get("id"): item for item in old.get(kind) or []}
        for item in header[kind]:
            previous = before.pop(item["id"], None)
            same = previous is not None and without_stamp(previous) == without_stamp(item)
            item["updated_at"] = previous.get("updated_at") if same and previous else stamp
        for gone in before.values():
            if gone.get("removed_at"):
                header[kind].append(gone)
            else:
                header[kind].append({**gone, "removed_at": stamp, "updated_at": stamp})
    stamps: dict[str, str] = dict(old.get("field_stamps") or {})
    fields = {key: (header.get(key), old.get(key)) for key in WRAP_UP_FIELDS}
    new_units, old_units = header.get("measurements") or {}, old.get("measurements") or {}
    for unit in {*new_units, *old_units}:
        fields[f"measurements.{unit}"] = (new_units.get(unit), old_units.get(unit))
    for key, (new, previous) in fields.items():
        if new != previous or (new and key not in stamps):
            stamps[key] = stamp
    header["field_stamps"] = dict(sorted(stamps.items()))


def settle(
    new: dict[str, Any], old: dict[str, Any] | None, stamp: str, *, keep_stamps: bool
) -> bool:
    """Give ``new`` its ``updated_at``: its own (``keep_stamps``, or now if it has none) or
    as ``restamp`` says. True when the record differs from ``old`` and must be written."""
    if keep_stamps:
        new["updated_at"] = new.get("updated_at") or stamp
        return new != old
    return restamp(new, old, stamp)


def restamp(new: dict[str, Any], old: dict[str, Any] | None, stamp: str) -> bool:
    """Give ``new`` the stamp it should carry; True if it differs from ``old``."""
    if old is not None and without_stamp(new) == without_stamp(old):
        new["updated_at"] = old.get("updated_at")
        return False
    new["updated_at"] = stamp
    return True
