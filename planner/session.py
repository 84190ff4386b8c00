"""One use of planner: the settings, the chosen template and the store, working together.

The CLI and the app both go through a Session, so a task marked done from the shell and
from the checklist take exactly the same path to the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planner.config import Paths, Settings, load_settings, resolve_paths, save_setting
from planner.core.dates import logical_today
from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState, Template, WrapUp
from planner.core.plan import (
    SyncResult,
    add_count,
    build_day,
    higher_open_rung,
    reopen,
    set_note,
    skip,
    sync_day,
    toggle_done,
    utc_stamp,
)
from planner.core.timebox import add_time, set_logged_minutes, start_timer, stop_timer
from planner.core.wrap_up import Conflict, merge_wrap_up, new_outcome_id
from planner.errors import PlannerError
from planner.store.days import Store
from planner.templates.choice import DayTemplates
from planner.templates.drift import TaskDrift, template_drift, window

if TYPE_CHECKING:
    from planner.core.model import Goal
    from planner.exchange.export import ExportRequest
    from planner.exchange.importing import ImportReport, Mode
    from planner.review.figures import Review
    from planner.store.records import StoreError
    from planner.templates.cache import Loaded

Clock = Callable[[], datetime]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def local_now() -> datetime:
    return datetime.now().astimezone()


class FutureDay(PlannerError):
    """Future days show the plan; nothing about them can be recorded yet."""


@dataclass
class DayView:
    """A day to show: ``stored`` is False for a future day, which is only the plan."""

    day: Day
    stored: bool


class Session:
    """Settings, the day's template and the stored days of one planner (app or command)."""

    @classmethod
    def for_user(cls, template_choice: str | None = None) -> Session:
        """The session of the user's own folders and settings (ConfigError if unreadable)."""
        paths = resolve_paths()
        return cls(paths, load_settings(paths.config_file), template_choice)

    def __init__(
        self,
        paths: Paths,
        settings: Settings,
        template_choice: str | None = None,
        clock: Clock = local_now,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.clock = clock
        self.store = Store(paths.data_dir, clock=clock)
        self.day_templates = DayTemplates(paths, template_choice)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return logical_today(self.now(), self.settings.day_starts_at)

    # --- the day's template (see planner.templates.choice) -----------------------------

    def template_path_for(self, day: date) -> Path:
        """The file of the day's template; raises TemplateNotFound."""
        return self.day_templates.path_for(day, self.settings)

    def template_for(self, day: date) -> Template:
        """The day's template or its last good version; TemplateNotFound, or TemplateError
        when no version of the file ever loaded."""
        return self.day_templates.template_for(day, self.settings)

    def take_template_warnings(self) -> list[str]:
        """Warnings about broken template files since the last call (shown once)."""
        return self.day_templates.take_warnings()

    def template_changed(self, day: date) -> Loaded | None:
        """The day's template reloaded when its file changed since the last call."""
        return self.day_templates.changed(day, self.settings)

    def update_setting(self, key: str, value: object) -> None:
        """Write one setting (keeping the file's comments) and use it from now on."""
        save_setting(self.paths.config_file, key, value)
        self.settings = load_settings(self.paths.config_file)

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
        stored = self.store.change_day(day, change)
        return replace(results[-1], day=stored)

    def recent_days(self, today: date) -> list[Day]:
        """The stored days of the drift window (the 30 days before ``today``)."""
        return self.store.days_between(*window(today))

    def drift(
        self, template: Template, today: date, days: list[Day] | None = None
    ) -> list[TaskDrift]:
        """How the template's tasks fared over the last days (see planner.templates.drift); ``days``
        from ``recent_days`` spares reading them again for each template."""
        recent = self.recent_days(today) if days is None else days
        return template_drift(template, recent, today)

    def preview(self, day: date) -> DayView:
        """The day as stored, or as the template would make it; writes nothing."""
        stored = self.store.load_day(day)
        if stored is not None:
            return DayView(stored, stored=True)
        return DayView(build_day(self.template_for(day), day, self.now()), stored=False)

    def open_day(self, day: date) -> DayView:
        """The stored day, creating it from the template unless it lies in the future."""
        stored = self.store.load_day(day)
        if stored is not None:
            return DayView(stored, stored=True)
        if day > self.today():
            return self.preview(day)
        fresh = build_day(self.template_for(day), day, self.now())
        return DayView(self.store.ensure_day(fresh), stored=True)

    def load_day(self, day: date) -> Day | None:
        """The stored day, or None; creates nothing (the day detail of the review)."""
        return self.store.load_day(day)

    def data_version(self, day: date) -> int:
        """Changes whenever the day's file is replaced, by this planner or another one."""
        return self.store.data_version(day)

    def worked_day(self, day: date, refusal: str = "its plan can be seen, not worked") -> Day:
        """The stored day (created from its template if need be) that a change applies to;
        FutureDay, saying ``refusal``, for a day that has not come yet. The one guard of
        every change below."""
        view = self.open_day(day)
        if not view.stored:
            raise FutureDay(f"{day.isoformat()} has not come yet: {refusal}")
        return view.day

    def change_task(
        self, day: date, task_id: str, change: Callable[[TaskState], TaskState]
    ) -> TaskState:
        """Apply ``change`` to the task as it is on disk now (another instance may have
        moved it since this one read it). UnknownTask if the day has no such task."""
        self.worked_day(day).task(task_id)
        return self.store.update_task(day, task_id, change)

    def change_day(self, day: date, change: Callable[[Day], None]) -> Day:
        """Apply ``change`` to the whole day as it is on disk now, under the lock."""
        self.worked_day(day)
        return self.store.change_day(day, change)

    # --- what a user does to a task (the checklist's keys and the CLI's commands) -------

    def skip_task(self, day: date, task_id: str, reason: str = "") -> TaskState:
        now = self.now()
        return self.change_task(day, task_id, lambda task: skip(task, reason, now))

    def reopen_task(self, day: date, task_id: str) -> TaskState:
        """Open a done or skipped task again (`planner undo`, `s` on a skipped task)."""
        return self.change_task(day, task_id, reopen)

    def set_note(self, day: date, task_id: str, note: str) -> TaskState:
        return self.change_task(day, task_id, lambda task: set_note(task, note))

    def count(self, day: date, task_id: str, delta: int) -> TaskState:
        """+/-: count towards the task's target; NoTarget for a task without one."""
        now = self.now()
        return self.change_task(day, task_id, lambda task: add_count(task, delta, now))

    def set_logged_minutes(self, day: date, task_id: str, minutes: int) -> TaskState:
        """`e`: the task's logged time becomes exactly ``minutes``."""
        return self.change_task(day, task_id, lambda task: set_logged_minutes(task, minutes))

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

        task = self.change_task(day, task_id, change)
        return task, higher if task.status is Status.DONE else None

    def toggle_timer(self, day: date, task_id: str, *, start: bool | None = None) -> Day:
        """Start the task's timer (pausing any other: one runs at a time), or pause it.

        ``start`` forces a direction (the CLI's `timer start|stop`); None toggles.
        """
        self.worked_day(day).task(task_id)
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

        return self.change_day(day, change)

    def stop_running_timer(self, day: date, at: str | None = None) -> Day:
        """Stop whatever runs on the day, at ``at`` (a stored stamp) or now."""
        moment = datetime.fromisoformat(at) if at else self.now()

        def change(stored: Day) -> None:
            for index, task in enumerate(stored.tasks):
                if task.running_since:
                    stored.tasks[index] = stop_timer(task, max(moment, _since(task)))

        return self.change_day(day, change)

    def log_time(self, day: date, task_id: str, seconds: int) -> TaskState:
        return self.change_task(day, task_id, lambda task: add_time(task, seconds))

    def add_outcome(self, day: date, kind: str, text: str, channel: str | None) -> Day:
        """Record a win or a loss (``kind`` is "win" or "loss")."""
        outcome = Outcome(
            text=text.strip(),
            channel=channel or None,
            at=utc_stamp(self.now()),
            id=new_outcome_id(kind),
        )

        def change(stored: Day) -> None:
            (stored.wins if kind == "win" else stored.losses).append(outcome)

        return self.change_day(day, change)

    def save_wrap_up(self, day: date, base: WrapUp, mine: WrapUp) -> tuple[Day, list[Conflict]]:
        """Apply what the wrap-up dialog changed (``base`` is what it opened with, ``mine``
        what it closed with) to the day as stored now, under the lock; the fields that were
        changed elsewhere too are left as stored and returned (see core.wrap_up)."""
        now = self.now()
        conflicts: list[Conflict] = []

        def change(stored: Day) -> None:
            conflicts[:] = merge_wrap_up(stored, base, mine, now)

        return self.change_day(day, change), conflicts

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

    # --- review (may run in a worker thread: it reads files only, writes only the cache)

    def review_goals(self, problems: list[str] | None = None) -> tuple[Goal, ...]:
        """The goals of today's template; none when it cannot be loaded (``problems`` then
        gets the reason)."""
        try:
            return self.template_for(self.today()).goals
        except PlannerError as error:
            if problems is not None:
                problems.append(str(error))
            return ()

    def review(
        self, start: date, end: date, goals: tuple[Goal, ...] = ()
    ) -> tuple[Review, list[StoreError]]:
        """The review of ``start``..``end`` over all stored history (through the summary
        cache), and the day files that could not be read (skipped)."""
        from planner.review.history import load_review

        threshold = self.settings.streak_threshold
        return load_review(self.paths, self.today(), start, end, goals, threshold)

    # --- export (the app renders in a worker; see export_days) -------------------------

    def export_days(self, request: ExportRequest) -> Callable[[], list[Day]]:
        """The days ``request`` covers, as a function to call. The plan of coming days
        (``ics``) is made now, from the templates, on the calling thread (the template cache
        is not for threads); stored days are read when the function is called, which a
        worker thread may do (reading files only). ExportError for a request that cannot be
        exported."""
        from planner.exchange.export import check_request, plan_dates  # only when exporting

        check_request(request)
        if request.format == "ics":
            planned = [self.preview(when).day for when in plan_dates(request, self.today())]
            return lambda: planned
        start, end = request.start, request.end
        return lambda: self.stored_days(start, end)

    def stored_days(self, start: date | None = None, end: date | None = None) -> list[Day]:
        """The stored days from ``start`` to ``end`` (None: the first or last stored)."""
        if start is None or end is None:
            dates = self.store.day_dates()
            if not dates:
                return []
            start, end = start or dates[0], end or dates[-1]
        return self.store.days_between(start, end)

    def export(self, request: ExportRequest) -> bytes:
        """The file ``request`` asks for (`planner export`); writes nothing."""
        from planner.exchange.export import render_export

        return render_export(request, self.export_days(request)(), self.now())

    def import_file(self, path: Path, mode: Mode | None = None) -> ImportReport:
        """`planner import`: a JSON export read back into the store (see exchange.importing);
        without ``mode``, only days the store does not have are added."""
        from planner.exchange.importing import Mode, import_file

        return import_file(self.store, path, mode or Mode.ADD)


def _since(task: TaskState) -> datetime:
    # A stop never lands before its start, even if the clock has moved backwards.
    return datetime.fromisoformat(task.running_since) if task.running_since else EPOCH
