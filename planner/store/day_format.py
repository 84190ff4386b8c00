"""The day format: the one encoder of a ``Day`` into records and the one decoder back.

A stored day is records (``planner.store.days`` says which files hold them):

- its *header*, keyed ``"2026-11-24"`` in the ``days`` table: everything but the tasks, with
  ``task_order`` listing the task ids;
- one *task record* a task, keyed ``"2026-11-24/<task id>"`` in the ``tasks`` table, with
  the task's ``date``.

The same fields with the tasks inline under ``"tasks"`` (and no ``task_order``) are a *day
record*: a day in a JSON export, in ``planner today --json``, and what the review
summarises. Every reader of days goes through ``day_record`` (stored records to a day
record) and ``day_from_record`` (a day record to a ``Day``), or for the review's speed
``summary_fields``; every writer through
``header_record``, ``task_record`` and ``day_as_record``. A new version of the format
changes this module and no other.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState
from planner.store.day_check import RecordError, check_day_record, check_task_record
from planner.store.records import StoreError

ITEM_PREFIX = {"wins": "win", "losses": "loss"}  # a derived id: "win-3f2a…", "loss-…"
# The wrap-up's text fields: each carries its own stamp (``field_stamps``), as does each
# goal measurement ("measurements.<unit>").
WRAP_UP_FIELDS = ("worked", "wrap_note")
DAYS_TABLE = "days"
TASKS_TABLE = "tasks"


def task_key(day: date, task_id: str) -> str:
    return f"{day.isoformat()}/{task_id}"


# --- writing --------------------------------------------------------------------------


def outcome_as_record(outcome: Outcome) -> dict[str, Any]:
    record = {
        "id": outcome.id,
        "text": outcome.text,
        "channel": outcome.channel,
        "at": outcome.at,
        "updated_at": outcome.updated_at,
    }
    if outcome.removed_at is not None:
        record["removed_at"] = outcome.removed_at
    if outcome.kind is not None:  # only where a template declares kinds
        record["kind"] = outcome.kind
    if outcome.strategy is not None:
        record["strategy"] = outcome.strategy
    if outcome.piece is not None:  # a win that names a piece of the content pipeline
        record["piece"] = outcome.piece
    return record


def task_as_record(task: TaskState) -> dict[str, Any]:
    record = _task_record(task)
    if task.strategy is not None:  # only from templates that declare strategies
        record["strategy"] = task.strategy
    return record


def _task_record(task: TaskState) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "rung": task.rung.value,
        "minutes": task.minutes,
        "channel": task.channel,
        "target": task.target,
        "unit": task.unit,
        "hint": task.hint,
        "status": task.status.value,
        "count": task.count,
        "note": task.note,
        "skip_reason": task.skip_reason,
        "done_at": task.done_at,
        "skipped_at": task.skipped_at,
        "updated_at": task.updated_at,
        "intervals": [list(pair) for pair in task.intervals],
        "running_since": task.running_since,
        "adjust_seconds": task.adjust_seconds,
        "seconds": task.seconds,
        "out_of_order": task.out_of_order,
    }


def header_record(day: Day) -> dict[str, Any]:
    """The day without its tasks, as stored (tasks are records of their own)."""
    return {
        "date": day.date.isoformat(),
        "template": day.template,
        "template_source": day.template_source,
        "budget_minutes": day.budget_minutes,
        "task_order": [task.id for task in day.tasks],
        "created_at": day.created_at,
        "updated_at": day.updated_at,
        "worked": day.worked,
        "wins": [outcome_as_record(win) for win in (*day.wins, *day.removed_wins)],
        "losses": [outcome_as_record(loss) for loss in (*day.losses, *day.removed_losses)],
        "field_stamps": dict(sorted(day.field_stamps.items())),
        "wrap_note": day.wrap_note,
        "measurements": dict(day.measurements),
        "budget_noticed": day.budget_noticed,
        "last_seen_at": day.last_seen_at,
    }


def task_record(day: date, task: TaskState, updated_at: str | None) -> dict[str, Any]:
    """The stored record of one task of ``day``, stamped ``updated_at``."""
    record = task_as_record(task)
    record["date"] = day.isoformat()
    record["updated_at"] = updated_at
    return record


def day_as_record(day: Day) -> dict[str, Any]:
    """The day record: the header's fields and the tasks inline (exports, ``--json``)."""
    data = header_record(day)
    del data["task_order"]
    # Taken-back wins and losses are tombstones for merging days, not part of the day.
    data["wins"] = [outcome_as_record(win) for win in day.wins]
    data["losses"] = [outcome_as_record(loss) for loss in day.losses]
    data["tasks"] = [task_as_record(task) for task in day.tasks]
    return data


# --- reading --------------------------------------------------------------------------


def outcomes_from_records(
    kind: str, records: list[Mapping[str, Any]], fallback_stamp: str | None
) -> tuple[list[Outcome], list[Outcome]]:
    """The live and the removed outcomes of ``kind`` ("wins" or "losses").

    Records from schema version 1 have no id: each gets one derived from what it says, the
    same on every machine (so two copies of an old day still merge item by item), and the
    day's ``updated_at`` as its own.
    """
    live: list[Outcome] = []
    removed: list[Outcome] = []
    seen: dict[str, int] = {}
    for data in records:
        text, channel, at = str(data["text"]), data.get("channel"), data.get("at")
        outcome_id = data.get("id")
        if not outcome_id:
            import hashlib  # only for an id derived here (schema 1): not at start-up

            basis = json.dumps([kind, text, channel, at])
            seen[basis] = seen.get(basis, 0) + 1
            digest = hashlib.sha1(f"{basis}#{seen[basis]}".encode()).hexdigest()
            outcome_id = f"{ITEM_PREFIX[kind]}-{digest[:12]}"
        outcome = Outcome(
            text=text,
            channel=channel,
            at=at,
            id=str(outcome_id),
            updated_at=data.get("updated_at") or at or fallback_stamp,
            removed_at=data.get("removed_at"),
            kind=data.get("kind"),
            strategy=data.get("strategy"),
            piece=data.get("piece"),
        )
        (live if outcome.removed_at is None else removed).append(outcome)
    return live, removed


def field_stamps_from_record(data: Mapping[str, Any]) -> dict[str, str]:
    """The wrap-up fields' stamps; a schema 1 day gives its filled fields the day's own."""
    stamps = data.get("field_stamps")
    if isinstance(stamps, Mapping):
        return {str(key): str(value) for key, value in stamps.items()}
    fallback = data.get("updated_at")
    if not fallback:
        return {}
    filled = [key for key in WRAP_UP_FIELDS if data.get(key)]
    filled += [f"measurements.{unit}" for unit in data.get("measurements") or {}]
    return dict.fromkeys(filled, str(fallback))


def task_from_record(data: Mapping[str, Any]) -> TaskState:
    """The task a record holds; RecordError when a field cannot be read."""
    try:
        return _task(data)
    except (KeyError, TypeError, ValueError) as error:
        raise RecordError(repr(error)) from None


def day_from_record(data: Mapping[str, Any]) -> Day:
    """The day a day record holds; RecordError when a field cannot be read."""
    try:
        stamp = data.get("updated_at")
        wins, removed_wins = outcomes_from_records("wins", data.get("wins") or [], stamp)
        losses, removed_losses = outcomes_from_records("losses", data.get("losses") or [], stamp)
        return Day(
            date=date.fromisoformat(data["date"]),
            template=str(data["template"]),
            tasks=[_task(task) for task in data.get("tasks", [])],
            template_source=str(data.get("template_source") or ""),
            budget_minutes=int(data.get("budget_minutes") or 0),
            created_at=data.get("created_at"),
            updated_at=data.get("updated_at"),
            worked=str(data.get("worked") or ""),
            wins=wins,
            losses=losses,
            removed_wins=removed_wins,
            removed_losses=removed_losses,
            field_stamps=field_stamps_from_record(data),
            wrap_note=str(data.get("wrap_note") or ""),
            measurements={
                str(unit): float(value) for unit, value in (data.get("measurements") or {}).items()
            },
            budget_noticed=bool(data.get("budget_noticed")),
            last_seen_at=data.get("last_seen_at"),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise RecordError(repr(error)) from None


def _task(data: Mapping[str, Any]) -> TaskState:
    return TaskState(
        id=str(data["id"]),
        title=str(data["title"]),
        rung=Rung(data["rung"]),
        minutes=int(data.get("minutes") or 0),
        channel=data.get("channel"),
        target=data.get("target"),
        unit=data.get("unit"),
        hint=str(data.get("hint") or ""),
        status=Status(data.get("status", "open")),
        count=int(data.get("count") or 0),
        note=str(data.get("note") or ""),
        skip_reason=str(data.get("skip_reason") or ""),
        done_at=data.get("done_at"),
        skipped_at=data.get("skipped_at"),
        updated_at=data.get("updated_at"),
        intervals=[[str(a), str(b)] for a, b in data.get("intervals") or []],
        running_since=data.get("running_since"),
        adjust_seconds=int(data.get("adjust_seconds") or 0),
        seconds=int(data.get("seconds") or 0),
        out_of_order=bool(data.get("out_of_order")),
        strategy=data.get("strategy"),
    )


def day_record(
    path: Path, header: Mapping[str, Any] | None, tasks: Mapping[str, Any], when: date
) -> dict[str, Any] | None:
    """The day record of ``when`` from its stored ``header`` and the ``tasks`` table of the
    file at ``path`` (None when there is no header): tasks in ``task_order``, then any
    task records the order does not list (a hand edit or a merge). StoreError when the
    records do not fit together."""
    if header is None:
        return None
    iso = when.isoformat()
    if header.get("date") != iso:
        raise StoreError(path, f"has day record {iso!r} for another date ({header.get('date')})")
    prefix = f"{iso}/"
    found = {key.removeprefix(prefix): rec for key, rec in tasks.items() if key.startswith(prefix)}
    order = header.get("task_order")
    if not isinstance(order, list) or not all(isinstance(tid, str) for tid in order):
        raise StoreError(path, f"has a malformed day record {iso!r} (task_order)")
    missing = [tid for tid in order if tid not in found]
    if missing:
        raise StoreError(path, f"lists tasks of {iso} that have no record: {missing}")
    listed = set(order)
    extra = [tid for tid in found if tid not in listed]
    records = []
    # Records are dicts here (every table was validated as one when its file was read).
    for tid in order + sorted(extra) if extra else order:
        record = found[tid]
        held = record.get("id")
        if held != tid:
            if not isinstance(held, str):
                raise StoreError(path, f"has a malformed task record {prefix + tid!r} (no id)")
            raise StoreError(path, f"has task record {prefix + tid!r} holding task {held!r}")
        records.append(record)
    data = {key: value for key, value in header.items() if key != "task_order"}
    data["tasks"] = records
    try:
        check_day_record(data)
    except RecordError as error:
        raise StoreError(path, f"has a malformed day record {iso!r} ({error})") from None
    return data


# One task as the review's summary needs it: rung, status value, planned minutes, logged
# seconds, out of order, channel, unit, target, count, strategy.
TaskRow = tuple[Rung, str, int, int, bool, str | None, str | None, int | None, int, str | None]
# One win or loss as the review's summary needs it: channel, kind, strategy.
OutcomeRow = tuple[str | None, str | None, str | None]
_RUNG_BY_VALUE = {rung.value: rung for rung in Rung}
_STATUSES = frozenset(status.value for status in Status)


class SummaryFields(NamedTuple):
    """The fields of a day record a review summary is made of (``summary_fields``)."""

    date: date
    template: str
    budget_minutes: int
    tasks: list[TaskRow]
    wins: list[OutcomeRow]
    losses: list[OutcomeRow]
    measurements: dict[str, float]


def summary_fields(record: Mapping[str, Any]) -> SummaryFields:
    """What a review summary needs of a day record, read straight from it: ten times faster
    than ``day_from_record`` for years of day files. Raises KeyError, TypeError or
    ValueError on a malformed record."""
    rows: list[TaskRow] = []
    for task in record.get("tasks") or []:
        status = task.get("status", "open")
        if status not in _STATUSES:
            raise ValueError(f"unknown status {status!r}")
        rows.append(
            (
                _RUNG_BY_VALUE[task["rung"]],
                status,
                int(task.get("minutes") or 0),
                int(task.get("seconds") or 0),
                bool(task.get("out_of_order")),
                task.get("channel"),
                task.get("unit"),
                task.get("target"),
                int(task.get("count") or 0),
                task.get("strategy"),
            )
        )
    return SummaryFields(
        date.fromisoformat(record["date"]),
        str(record["template"]),
        int(record.get("budget_minutes") or 0),
        rows,
        _outcome_rows(record.get("wins")),
        _outcome_rows(record.get("losses")),
        {str(unit): float(value) for unit, value in (record.get("measurements") or {}).items()},
    )


def _outcome_rows(outcomes: Any) -> list[OutcomeRow]:
    return [
        (item.get("channel"), item.get("kind"), item.get("strategy"))
        for item in outcomes or []
        if not item.get("removed_at")
    ]


def decode_day(
    path: Path, header: Mapping[str, Any] | None, tasks: Mapping[str, Any], when: date
) -> Day | None:
    """The stored day of ``when`` (see ``day_record``); StoreError naming the file and the
    record when it cannot be read."""
    record = day_record(path, header, tasks, when)
    if record is None:
        return None
    iso = when.isoformat()
    try:  # its tasks too: day_record checked them with the day, and their ids with their keys
        return day_from_record(record)
    except RecordError as error:
        raise StoreError(path, f"has a malformed day record {iso!r} ({error})") from None


def decode_task(path: Path, key: str, record: Mapping[str, Any]) -> TaskState:
    """One stored task record; StoreError naming the file and the record if malformed."""
    try:
        check_task_record(record)
        task = task_from_record(record)
    except RecordError as error:
        raise StoreError(path, f"has a malformed task record {key!r} ({error})") from None
    if not key.endswith(f"/{task.id}"):
        raise StoreError(path, f"has task record {key!r} holding task {task.id!r}")
    return task
