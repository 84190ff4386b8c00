"""Undo and redo of one window's changes to a day, record by record.

A ``Step`` holds, for each record a change touched (the day's header and each task), its
content before and after: what the records say, without their stamps or bookkeeping (when
the app was last seen, whether the time-box notice was shown). Undoing a step writes the
*before* contents back, redoing writes the *after* ones, each applied to the day as it is on
disk now, and only if every record the step touched still holds what the step left there:
a record changed elsewhere since is never overwritten (``ChangedElsewhere``). The values
written are old; their stamps are new, so a later merge keeps the undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.core.model import Day, TaskState
from planner.errors import PlannerError
from planner.store.day_format import WRAP_UP_FIELDS, day_from_record, header_record, task_as_record
from planner.store.stamps import without_stamp

PLAN = "day"  # the record of the day's own fields (template, budget, task order)
PLAN_FIELDS = ("template", "template_source", "budget_minutes", "task_order")
ITEM_KINDS = {"win": "wins", "loss": "losses"}
# Record keys: "day", "worked", "wrap_note", "measurements.<unit>", "win:<id>",
# "loss:<id>" and "task:<id>"; bookkeeping (when the app was last seen, the time-box notice)
# is not a change a user makes: never undone, never compared.

Contents = dict[str, dict[str, Any] | None]  # record key -> content (None: no such record)


class ChangedElsewhere(PlannerError):
    """An undo or redo refused: a record it would restore was changed since, elsewhere."""


@dataclass(frozen=True)
class Step:
    """One change to one day, as the records it touched were before and after it."""

    label: str  # what the change was, for "Undid: done · Scan mentions"
    day: date
    before: Contents
    after: Contents


def contents(day: Day) -> Contents:
    """Every record of ``day`` as a Step compares it, without stamps."""
    header = header_record(day)
    found: Contents = {PLAN: {key: header[key] for key in PLAN_FIELDS}}
    for key in WRAP_UP_FIELDS:
        found[key] = {"value": header[key]}
    for unit, value in header["measurements"].items():
        found[f"measurements.{unit}"] = {"value": value}
    for prefix, kind in ITEM_KINDS.items():
        for item in header[kind]:
            found[f"{prefix}:{item['id']}"] = without_stamp(item)
    for task in day.tasks:
        found[f"task:{task.id}"] = without_stamp(task_as_record(task))
    return found


def step_between(label: str, before: Day, after: Day) -> Step | None:
    """The step that turned ``before`` into ``after``; None when no record changed."""
    old, new = contents(before), contents(after)
    keys = [key for key in {**old, **new} if old.get(key) != new.get(key)]
    if not keys:
        return None
    return Step(
        label, after.date, {key: old.get(key) for key in keys}, {key: new.get(key) for key in keys}
    )


def restored(stored: Day, wanted: Contents, expected: Contents) -> Day:
    """``stored`` with the records of ``wanted`` put back; ChangedElsewhere unless each of
    those records still holds what ``expected`` says (others may have moved: they stay)."""
    now = contents(stored)
    moved = [key for key, content in expected.items() if now.get(key) != content]
    if moved:
        what = ", ".join(_name(key, now.get(key) or expected.get(key)) for key in moved)
        raise ChangedElsewhere(f"{what} changed elsewhere since: nothing was undone or redone")
    header = header_record(stored)
    tasks = {task.id: task_as_record(task) for task in stored.tasks}
    order: list[str] = list(header["task_order"])
    for key, content in wanted.items():
        kind, _, name = key.partition(":")
        if key == PLAN:
            assert content is not None, "a day always has its own fields"
            header.update(content)
            order = list(content["task_order"])
        elif key.startswith("measurements."):
            unit = key.removeprefix("measurements.")
            if content is None:
                header["measurements"].pop(unit, None)
            else:
                header["measurements"][unit] = content["value"]
        elif key in WRAP_UP_FIELDS:
            header[key] = "" if content is None else content["value"]
        elif kind in ITEM_KINDS:
            items = [item for item in header[ITEM_KINDS[kind]] if item["id"] != name]
            header[ITEM_KINDS[kind]] = items + ([] if content is None else [dict(content)])
        elif content is None:
            tasks.pop(name, None)
        else:
            tasks[name] = {**content, "updated_at": None}
            if name not in order:
                order.append(name)
    header["tasks"] = [tasks[tid] for tid in order if tid in tasks]
    header["tasks"] += [record for tid, record in tasks.items() if tid not in order]
    del header["task_order"]
    return day_from_record(header)


def _name(key: str, content: dict[str, Any] | None) -> str:
    """A record as the user knows it: the task's title, the win's text, the field."""
    if content is not None and "title" in content:
        return f"“{content['title']}”"
    if content is not None and "text" in content:
        return f"“{content['text']}”"
    return {PLAN: "the day's plan", "worked": "what worked", "wrap_note": "the note"}.get(
        key, key.removeprefix("measurements.")
    )


def task_step(label: str, before: TaskState, after: TaskState, day: date) -> Step | None:
    """The step of a change to one task (``label`` gets the task's title)."""
    old, new = without_stamp(task_as_record(before)), without_stamp(task_as_record(after))
    if old == new:
        return None
    key = f"task:{after.id}"
    return Step(f"{label} · {after.title}", day, {key: old}, {key: new})


class UndoHistory:
    """One window's steps, per day, for as long as it runs: undo takes the latest done step
    back, redo does the latest undone one again; a new step forgets what was undone."""

    def __init__(self) -> None:
        self._done: dict[date, list[Step]] = {}
        self._undone: dict[date, list[Step]] = {}

    def remember(self, step: Step | None) -> None:
        if step is not None:
            self._done.setdefault(step.day, []).append(step)
            self._undone.pop(step.day, None)

    def next_undo(self, day: date) -> Step | None:
        steps = self._done.get(day)
        return steps[-1] if steps else None

    def next_redo(self, day: date) -> Step | None:
        steps = self._undone.get(day)
        return steps[-1] if steps else None

    def undone(self, step: Step) -> None:
        """``step`` (the latest done) was taken back."""
        self._done[step.day].pop()
        self._undone.setdefault(step.day, []).append(step)

    def redone(self, step: Step) -> None:
        """``step`` (the latest undone) was done again."""
        self._undone[step.day].pop()
        self._done.setdefault(step.day, []).append(step)

    def labels(self, day: date) -> list[str]:
        """What undo would take back, latest first."""
        return [step.label for step in reversed(self._done.get(day, []))]
