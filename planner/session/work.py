"""What a user does to a day: the checklist's keys and the shell's commands, each one
operation on the day as it is on disk now (through ``SessionBase.change_task`` and
``change_day``), remembered for undo under a label."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from planner.core.ideas import StageError, is_idea_id
from planner.core.items import is_item_id
from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState, Template, WrapUp, channels_in
from planner.core.plan import (
    SyncResult,
    add_count,
    higher_open_rung,
    reopen,
    set_note,
    skip,
    sync_day,
    toggle_done,
    utc_stamp,
)
from planner.core.timebox import (
    add_time,
    closed_seconds,
    minutes_text,
    set_logged_minutes,
    start_timer,
    stop_timer,
)
from planner.errors import PlannerError
from planner.session.base import SessionBase
from planner.store.changes import ChangedElsewhere
from planner.store.conflict_copies import (
    CONFLICTS_FOLDER,
    ConflictCopy,
    CopyOutcome,
    merge_conflict_copies,
)

if TYPE_CHECKING:
    from planner.core.wrap_up import Conflict

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class NoItemTimer(PlannerError):
    """A timer asked of a dated item: items take their time with `e` (log_time)."""


class Session(SessionBase):
    """One use of planner (the app, or one command): see the package docstring."""

    def merge_conflict_copies(self) -> list[ConflictCopy]:
        """The conflict copies a folder sync (Syncthing, Dropbox, Nextcloud) left beside
        day files, merged into their days by record and moved to ``<data>/conflicts/``."""
        return merge_conflict_copies(self.store)

    def sync_preview(self, day: date) -> SyncResult:
        """What syncing the stored day with its template would change; writes nothing."""
        stored = self.worked_day(day, "there is nothing to sync")
        return sync_day(stored, self.template_for(day), self.now())

    def sync_day(self, day: date) -> SyncResult:
        """Make the stored day follow its template again (see plan.sync_day), applied to
        the day as it is on disk now, under the lock."""
        template, now = self.template_for(day), self.now()
        results: list[SyncResult] = []

        def change(stored: Day) -> Day:
            results.append(sync_day(stored, template, now))
            return results[-1].day

        self.worked_day(day, "there is nothing to sync")
        stored = self.change_day(day, change, "sync with the template")
        return replace(results[-1], day=stored)

    # --- what a user does to a task (the checklist's keys and the CLI's commands) -------

    def skip_task(self, day: date, task_id: str, reason: str = "") -> TaskState:
        now = self.now()
        return self.change_task(day, task_id, lambda task: skip(task, reason, now), "skip")

    def reopen_task(self, day: date, task_id: str) -> TaskState:
        """Open a done or skipped task again (`planner undo`, `s` on a skipped task)."""
        return self.change_task(day, task_id, reopen, "reopen")

    def set_note(self, day: date, task_id: str, note: str, *, was: str | None = None) -> TaskState:
        """The task's note becomes ``note``. ``was``: the note the user was shown; if the
        stored one differs (changed elsewhere since), ChangedElsewhere and nothing written."""

        def change(task: TaskState) -> TaskState:
            if was is not None and task.note != was:
                raise ChangedElsewhere(
                    f"the note of “{task.title}” changed elsewhere while you wrote yours "
                    f"(it now says “{task.note}”): yours was not saved"
                )
            return set_note(task, note)

        return self.change_task(day, task_id, change, "note")

    def count(self, day: date, task_id: str, delta: int) -> TaskState:
        """+/-: count towards the task's target; NoTarget for a task without one."""
        now = self.now()
        return self.change_task(day, task_id, lambda task: add_count(task, delta, now), "count")

    def set_logged_minutes(
        self, day: date, task_id: str, minutes: int, *, was: int | None = None
    ) -> TaskState:
        """`e`: the task's logged time becomes exactly ``minutes``. ``was``: the logged
        seconds the user was shown; if time was logged elsewhere since, ChangedElsewhere."""

        def change(task: TaskState) -> TaskState:
            if was is not None and closed_seconds(task) != was:
                raise ChangedElsewhere(
                    f"the time of “{task.title}” changed elsewhere meanwhile (now "
                    f"{minutes_text(closed_seconds(task))}): yours was not saved"
                )
            return set_logged_minutes(task, minutes)

        return self.change_task(day, task_id, change, "time")

    def toggle_done(
        self, day: date, task_id: str, *, only_mark: bool = False
    ) -> tuple[TaskState, Rung | None]:
        """Space (or `planner done`, with ``only_mark``): returns the task and, when it was
        just done while a higher rung still had open tasks, that rung (recorded on the task
        as out of order)."""
        stored = self.worked_day(day)
        before = stored.task(task_id)
        if only_mark and before.status is Status.DONE:
            return before, None
        higher = None if before.status is Status.DONE else higher_open_rung(stored, task_id)
        now = self.now()

        def change(task: TaskState) -> TaskState:
            if only_mark and task.status is Status.DONE:
                return task  # another instance was quicker
            return toggle_done(task, now, out_of_order=higher is not None)

        label = "reopen" if before.status is Status.DONE else "done"
        task = self.change_task(day, task_id, change, label)
        return task, higher if task.status is Status.DONE else None

    def toggle_timer(self, day: date, task_id: str, *, start: bool | None = None) -> Day:
        """Start the task's timer (pausing any other: one runs at a time), or pause it.

        ``start`` forces a direction (the CLI's `timer start|stop`); None toggles.
        """
        if is_idea_id(task_id):  # a piece of the content pipeline: published, not timed
            raise StageError("a piece to publish has no timer: space marks it published")
        if is_item_id(task_id):
            title = self.worked_day(day).task(task_id).title
            raise NoItemTimer(f"“{title}” is a one-off item: it has no timer; `e` sets its time")
        title = self.worked_day(day).task(task_id).title
        now = self.now()

        def change(stored: Day) -> None:
            task = stored.task(task_id)
            starting = not task.running_since if start is None else start
            for index, other in enumerate(stored.tasks):
                if other.running_since and (other.id != task_id or not starting):
                    stored.tasks[index] = stop_timer(other, now)
            if starting and not stored.task(task_id).running_since:
                index = stored.tasks.index(stored.task(task_id))
                started = start_timer(stored.tasks[index], now)
                if higher_open_rung(stored, task_id) is not None:
                    started.out_of_order = True
                stored.tasks[index] = started
            stored.last_seen_at = utc_stamp(now)

        return self.change_day(day, change, f"timer · {title}")

    def stop_running_timer(self, day: date, at: str | None = None) -> Day:
        """Stop whatever runs on the day, at ``at`` (a stored stamp) or now."""
        moment = datetime.fromisoformat(at) if at else self.now()

        def change(stored: Day) -> None:
            for index, task in enumerate(stored.tasks):
                if task.running_since:
                    stored.tasks[index] = stop_timer(task, max(moment, _since(task)))

        return self.change_day(day, change, "timer")

    def log_time(self, day: date, task_id: str, seconds: int) -> TaskState:
        return self.change_task(day, task_id, lambda task: add_time(task, seconds), "time")

    def add_outcome(
        self,
        day: date,
        kind: str,
        text: str,
        channel: str | None,
        *,
        outcome_kind: str | None = None,
        strategy: str | None = None,
        piece: str | None = None,
    ) -> Day:
        """Record a win or a loss (``kind`` is "win" or "loss"), of a declared
        ``outcome_kind`` (None: "other") and the ``strategy`` (an id) that brought it;
        a win may name the published ``piece`` (an idea's id) it came from."""
        from planner.core.wrap_up import new_outcome_id  # loaded on demand, not at start-up

        outcome = Outcome(
            text=text.strip(),
            channel=channel or None,
            at=utc_stamp(self.now()),
            id=new_outcome_id(kind),
            kind=outcome_kind,
            strategy=strategy,
            piece=piece,
        )

        def change(stored: Day) -> None:
            (stored.wins if kind == "win" else stored.losses).append(outcome)

        return self.change_day(day, change, f"{kind} · {outcome.text}")

    def known_channels(self, day: date) -> list[str]:
        """The channels a win or loss of ``day`` can be tagged with by name, spaces and
        all (see model.split_channel_tag): those of the day's template and those the days
        of the last month (``day`` included) used. Reads no more than those days."""
        from planner.templates.drift import window  # the wrap-up's, `planner win`'s: not at start

        try:
            template: Template | None = self.template_for(day)
        except PlannerError:
            template = None  # the days' own channels still count
        first, _ = window(day)
        return channels_in(template, self.store.days_between(first, day))

    def save_wrap_up(self, day: date, base: WrapUp, mine: WrapUp) -> tuple[Day, list[Conflict]]:
        """Apply what the wrap-up dialog changed (``base`` is what it opened with, ``mine``
        what it closed with) to the day as stored now, under the lock; the fields that were
        changed elsewhere too are left as stored and returned (see core.wrap_up)."""
        from planner.core.wrap_up import merge_wrap_up

        now = self.now()
        conflicts: list[Conflict] = []

        def change(stored: Day) -> None:
            conflicts[:] = merge_wrap_up(stored, base, mine, now)

        return self.change_day(day, change, "wrap-up"), conflicts

    def notice_budget(self, day: date) -> Day:
        """Remember that the "time box used up" notice was shown for the day."""

        def change(stored: Day) -> None:
            stored.budget_noticed = True

        return self.change_day(day, change)

    def mark_seen(self, day: date) -> Day:
        """Remember that the app was running now (a timer left running is judged by it)."""

        def change(stored: Day) -> None:
            stored.last_seen_at = utc_stamp(self.now())

        return self.change_day(day, change)


def _since(task: TaskState) -> datetime:
    # A stop never lands before its start, even if the clock has moved backwards.
    return datetime.fromisoformat(task.running_since) if task.running_since else EPOCH


def conflict_copies_text(found: list[ConflictCopy]) -> str:
    """What the user is told, once, about the conflict copies just handled ("" for none)."""
    lines = []
    merged = [copy for copy in found if copy.outcome is CopyOutcome.MERGED]
    if merged:
        days = ", ".join(sorted({copy.day.isoformat() for copy in merged}))
        folder = merged[0].moved_to.parent if merged[0].moved_to else CONFLICTS_FOLDER
        count = len(merged)
        lines.append(
            f"{count} conflict cop{'ies' if count > 1 else 'y'} merged into {days}; "
            f"moved to {folder}"
        )
    lines += [
        f"{copy.copy.name}: {copy.outcome.value}: {copy.problem}"
        for copy in found
        if copy.outcome is not CopyOutcome.MERGED
    ]
    return "\n".join(lines)
