"""Today's work: a Day built from a template, the next-up task, and the changes a user makes.

Pure functions: the current time is always an argument, so tests and backfilled days need
no clock tricks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from planner.core.ladder import RUNGS, Rung
from planner.core.model import Day, Status, TaskState, Template
from planner.errors import PlannerError


class NoTarget(PlannerError):
    """Counting (+/-) on a task that has no target to count towards."""


def utc_stamp(now: datetime) -> str:
    """An ISO 8601 UTC timestamp with offset, as stored on records."""
    return now.astimezone(UTC).isoformat()


def build_day(template: Template, day: date, now: datetime) -> Day:
    """A fresh Day holding a copy of the template's tasks that apply on ``day``."""
    stamp = utc_stamp(now)
    tasks = [TaskState.from_spec(spec) for spec in template.tasks_for(day)]
    for task in tasks:
        task.updated_at = stamp
    return Day(
        date=day,
        template=template.name,
        tasks=sorted(tasks, key=lambda task: task.rung.position),
        template_source=template.source,
        budget_minutes=template.budget_minutes,
        created_at=stamp,
        updated_at=stamp,
    )


def next_up(day: Day) -> TaskState | None:
    """The first open task of the highest rung that still has open tasks (a dated item
    moved on to today is today's, not this day's)."""
    for rung in RUNGS:
        for task in day.tasks:
            if task.rung is rung and task.is_open and task.moved_to is None:
                return task
    return None


def tasks_by_rung(day: Day) -> dict[Rung, list[TaskState]]:
    """Every rung in ladder order, each with its tasks (possibly none)."""
    grouped: dict[Rung, list[TaskState]] = {rung: [] for rung in RUNGS}
    for task in day.tasks:
        grouped[task.rung].append(task)
    return grouped


def higher_open_rung(day: Day, task_id: str) -> Rung | None:
    """The highest rung above the task's own that still has open tasks, if any.

    The ladder is shown, not enforced: this names the rung a gentle notice points to.
    """
    rung = day.task(task_id).rung
    for other in day.tasks:
        if other.rung.position < rung.position and other.is_open:
            return other.rung
    return None


def out_of_order_notice(rung: Rung) -> str:
    return f"{rung.label} still has open tasks: the ladder puts {rung.value} first."


@dataclass(frozen=True)
class Progress:
    """How far a set of tasks has come: skipped tasks are closed but not done."""

    done: int
    skipped: int
    total: int

    @property
    def open(self) -> int:
        return self.total - self.done - self.skipped

    @property
    def ratio(self) -> float:
        """Share of the tasks that are done, skipped ones left out of the count."""
        counted = self.total - self.skipped
        return self.done / counted if counted else (1.0 if self.total else 0.0)


def progress(tasks: list[TaskState]) -> Progress:
    """Done, skipped and all of ``tasks``; a dated item moved on to today counts there."""
    tasks = [task for task in tasks if task.moved_to is None]
    return Progress(
        done=sum(task.status is Status.DONE for task in tasks),
        skipped=sum(task.status is Status.SKIPPED for task in tasks),
        total=len(tasks),
    )


# --- changes a user makes to one task -------------------------------------------------
# Each returns a new TaskState so the store can apply it to the freshly read record.


def mark_done(task: TaskState, now: datetime) -> TaskState:
    """Done, as it is: a counted task keeps its count (done at 1/3 says what happened;
    inventing the two missing comments would not)."""
    changed = task.copy()
    changed.status = Status.DONE
    changed.done_at = utc_stamp(now)
    changed.skipped_at = None
    changed.skip_reason = ""
    return changed


def reopen(task: TaskState) -> TaskState:
    changed = task.copy()
    changed.status = Status.OPEN
    changed.out_of_order = False
    changed.done_at = None
    changed.skipped_at = None
    changed.skip_reason = ""
    reached = changed.target is not None and changed.count >= changed.target
    if task.status is Status.DONE and changed.target is not None and reached:
        # Reopening a task done by reaching its target leaves it one short, not at zero.
        changed.count = changed.target - 1
    return changed


def toggle_done(task: TaskState, now: datetime, *, out_of_order: bool = False) -> TaskState:
    """Space: open or skipped becomes done; done becomes open again.

    ``out_of_order`` records that a higher rung still had open tasks when it was done.
    """
    if task.status is Status.DONE:
        return reopen(task)
    done = mark_done(task, now)
    done.out_of_order = out_of_order
    return done


def skip(task: TaskState, reason: str, now: datetime) -> TaskState:
    changed = task.copy()
    changed.status = Status.SKIPPED
    changed.skip_reason = reason.strip()
    changed.skipped_at = utc_stamp(now)
    changed.done_at = None
    return changed


def set_note(task: TaskState, note: str) -> TaskState:
    changed = task.copy()
    changed.note = note.strip()
    return changed


def add_count(task: TaskState, delta: int, now: datetime) -> TaskState:
    """+/-: move a counted task towards its target. Reaching it makes the task done; going
    back below it opens the task again, unless it was marked done by hand below target."""
    if task.target is None:
        raise NoTarget(f"'{task.title}' has no target to count; space marks it done.")
    changed = task.copy()
    changed.count = max(0, task.count + delta)
    if changed.count >= task.target and task.status is not Status.DONE:
        return mark_done(changed, now)
    was_reached = task.count >= task.target
    if changed.count < task.target and task.status is Status.DONE and was_reached:
        changed.status = Status.OPEN
        changed.done_at = None
    return changed


# --- today after a template edit --------------------------------------------------------


@dataclass(frozen=True)
class SyncResult:
    """What syncing a day with its template changes: the new day and the tasks that
    were added, removed (untouched), kept although removed (touched), or updated
    (``was``: the updated tasks as they were, in the same order)."""

    day: Day
    added: tuple[TaskState, ...]
    removed: tuple[TaskState, ...]
    kept: tuple[TaskState, ...]
    updated: tuple[TaskState, ...]
    was: tuple[TaskState, ...] = ()

    @property
    def changes(self) -> bool:
        return bool(self.added or self.removed or self.updated)

    def summary(self) -> str:
        """One line a task, for the confirmation and the CLI; an updated task says what
        of its plan changes (``~ Scan: minutes 5m → 8m, target 3 → 5; work kept``)."""
        lines = [f"+ {task.title}" for task in self.added]
        lines += [f"- {task.title}" for task in self.removed]
        for new, old in zip(self.updated, self.was or self.updated, strict=True):
            changed = ", ".join(plan_changes(old, new)) or "plan changed"
            lines.append(f"~ {new.title}: {changed}; work kept")
        lines += [f"= {task.title} (no longer planned; kept, it has work)" for task in self.kept]
        return "\n".join(lines) or "Nothing to change: today already follows the template."


def plan_changes(old: TaskState, new: TaskState) -> list[str]:
    """What a sync changes in a task's plan, in words: ``minutes 5m → 8m``, ``target 3 →
    5``, ``title 'Scan' → 'Scan more'``; what was not set reads "none"."""

    def shown(value: object) -> str:
        return "none" if value in (None, "") else str(value)

    said = []
    if old.title != new.title:
        said.append(f"title '{old.title}' → '{new.title}'")
    if old.rung is not new.rung:
        said.append(f"rung {old.rung.value} → {new.rung.value}")
    if old.minutes != new.minutes:
        said.append(f"minutes {old.minutes}m → {new.minutes}m")
    for name in ("channel", "target", "unit", "strategy"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            said.append(f"{name} {shown(before)} → {shown(after)}")
    if old.hint != new.hint:
        said.append("notes changed")
    return said


def untouched(task: TaskState) -> bool:
    """Nothing was done to the task yet: removing it loses nothing."""
    return (
        task.status is Status.OPEN
        and task.count == 0
        and not task.note
        and not task.intervals
        and task.running_since is None
        and task.adjust_seconds == 0
        and task.seconds == 0
    )


def sync_day(day: Day, template: Template, now: datetime) -> SyncResult:
    """``day`` made to follow ``template`` again, keeping all the work done on it.

    Tasks are matched by id. A task the template adds is added (open); one it no longer
    has is removed when untouched and kept otherwise; one that stays keeps its state
    (status, count, time, note) and takes the template's current title, minutes, channel,
    target, unit, notes and strategy. The day takes the template's name, source and budget.
    """
    stamp = utc_stamp(now)
    wanted = [TaskState.from_spec(spec) for spec in template.tasks_for(day.date)]
    wanted_ids = {task.id for task in wanted}
    current = {task.id: task for task in day.tasks}
    added, updated, was, tasks = [], [], [], []
    for fresh in wanted:
        old = current.get(fresh.id)
        if old is None:
            fresh.updated_at = stamp
            added.append(fresh)
            tasks.append(fresh)
            continue
        merged = old.copy()
        merged.title, merged.rung, merged.minutes = fresh.title, fresh.rung, fresh.minutes
        merged.channel, merged.target, merged.unit = fresh.channel, fresh.target, fresh.unit
        merged.hint, merged.strategy = fresh.hint, fresh.strategy
        if merged != old:
            updated.append(merged)
            was.append(old)
        tasks.append(merged)
    removed = [t for t in day.tasks if t.id not in wanted_ids and untouched(t)]
    kept = [t for t in day.tasks if t.id not in wanted_ids and not untouched(t)]
    tasks.extend(task.copy() for task in kept)
    synced = replace(
        day,
        template=template.name,
        template_source=template.source,
        budget_minutes=template.budget_minutes,
        # sorted() is stable: within a rung, the template's order, then kept tasks.
        tasks=sorted(tasks, key=lambda task: task.rung.position),
        wins=list(day.wins),
        losses=list(day.losses),
    )
    return SyncResult(synced, tuple(added), tuple(removed), tuple(kept), tuple(updated), tuple(was))
