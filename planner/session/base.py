"""The session's ground floor: settings, the day's template, reading days, the one way to
change a day (under the lock, on the day as it is on disk now), undo and redo, the review
and exports (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from planner.config import (
    ConflictMarkers,
    Paths,
    Settings,
    load_user_settings,
    resolve_paths,
    save_user_setting,
)
from planner.core.dates import logical_today
from planner.core.ideas import is_idea_id
from planner.core.items import is_item_id
from planner.core.model import Day, TaskState, Template
from planner.core.plan import build_day, utc_stamp
from planner.errors import PlannerError
from planner.session.ideas import IdeaWork, day_with_pieces, is_idea_step, restore_ideas
from planner.session.items import (
    ItemWork,
    day_with_items,
    is_item_step,
    restore_items,
    with_items_shown,
)
from planner.store.backup_policy import BackupPolicy
from planner.store.changes import Contents, Step, UndoHistory, restored, step_between, task_step
from planner.store.days import Store
from planner.store.files import files_version
from planner.store.idea_store import IdeaStore
from planner.store.item_store import ItemStore
from planner.templates.choice import DayTemplates

if TYPE_CHECKING:
    from planner.core.model import Goal
    from planner.exchange.export import ExportDays, ExportRequest
    from planner.exchange.importing import ImportReport, Mode
    from planner.review.figures import Review
    from planner.review.plan import ReviewPlan
    from planner.store.backups import DayBackups, PutBack
    from planner.store.records import StoreError
    from planner.templates.cache import Loaded
    from planner.templates.drift import TaskDrift

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


class NothingToUndo(PlannerError):
    """Undo or redo with no change of this window's left to take back or do again."""


class FutureDay(PlannerError):
    """Future days show the plan; nothing about them can be recorded yet."""


@dataclass
class DayView:
    """A day to show: ``stored`` is False for a future day, which is only the plan."""

    day: Day
    stored: bool


class SessionBase(ItemWork, IdeaWork):
    """Settings, the day's template and the stored days of one planner (app or command):
    reading days, the one way to change them (``change_task``, ``change_day``), undo and
    redo, the review and exports. What a user does with them is ``Session``'s."""

    @classmethod
    def for_user(cls, template_choice: str | None = None) -> Self:
        """The session of the user's own folders and settings (ConfigError if unreadable)."""
        paths = resolve_paths()
        try:
            return cls(paths, load_user_settings(paths), template_choice)
        except ConflictMarkers as error:
            if error.path != paths.shared_settings_file:
                raise
            from planner.remote.conflicts import settings_before_conflict

            session = cls(paths, settings_before_conflict(paths, error), template_choice)
            session.day_templates.warnings.append(f"{error}; until then, the version from before")
            return session

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
        self.items = ItemStore(paths.data_dir, self.store.locked)  # dated one-off tasks
        self.ideas = IdeaStore(paths.data_dir, self.store.locked)  # the content pipeline
        self.store.backup_policy = BackupPolicy.HOURLY  # a command's (see ``used_by_app``)
        self.day_templates = DayTemplates(paths, template_choice)
        self.history = UndoHistory()  # this window's changes, for undo and redo
        self._leftovers_looked_at = False  # the stale temporaries (remove_stale_temporaries)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return logical_today(self.now(), self.settings.day_starts_at)

    # --- backups and leftovers (see planner.store.backups) -----------------------------

    def used_by_app(self) -> None:
        """This session is the app's: its first write to each day keeps a backup (a
        command's keeps one an hour at most, so a burst of commands cannot push the app's
        out), and the app removes stale temporaries itself, after its first frame."""
        self.store.backup_policy = BackupPolicy.EVERY_SESSION
        self._leftovers_looked_at = True

    def remove_stale_temporaries(self) -> int:
        """Remove the temporaries that writers killed mid-write left (under the lock);
        return how many. A command does it before its first change, the app in a worker."""
        self._leftovers_looked_at = True
        return self.store.remove_stale_temporaries()

    def backups(self, day: date) -> DayBackups:
        """The day's file as it is now and its backups, newest first (`planner restore`)."""
        from planner.store.backups import backups_of  # `planner restore`'s: not at start-up

        return backups_of(self.store.day_file(day), day)

    def put_back(self, day: date, number: int) -> PutBack:
        """Backup ``number`` of ``backups(day)`` made the day's file again under the lock,
        the file it replaces kept aside (`planner restore DATE --pick N`); CannotPutBack if
        it cannot be."""
        from planner.store.backups import put_back

        self._before_change()
        return put_back(self.store.day_file(day), day, number, self.now(), self.store.locked())

    def _before_change(self) -> None:
        if not self._leftovers_looked_at:
            self.remove_stale_temporaries()

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
        save_user_setting(self.paths, key, value)
        self.settings = load_user_settings(self.paths)

    def reload_settings(self) -> str | None:
        """The settings read again (a remote sync may have brought a new shared file). A
        file planner cannot read keeps the settings in use: what is wrong is returned."""
        try:
            self.settings = load_user_settings(self.paths)
        except PlannerError as error:
            return f"{error} (the settings from before stay in use)"
        return None

    def recent_days(self, today: date) -> list[Day]:
        """The stored days of the drift window (the 30 days before ``today``)."""
        from planner.templates.drift import window  # the templates screen's: not at start-up

        return self.store.days_between(*window(today))

    def drift(
        self, template: Template, today: date, days: list[Day] | None = None
    ) -> list[TaskDrift]:
        """How the template's tasks fared over the last days (see planner.templates.drift); ``days``
        from ``recent_days`` spares reading them again for each template."""
        from planner.templates.drift import template_drift

        recent = self.recent_days(today) if days is None else days
        return template_drift(template, recent, today)

    def preview(self, day: date) -> DayView:
        """The day as stored, or as the template would make it; writes nothing. Both with
        the day's dated items (planner.session.items), as every day this returns."""
        stored = self.store.load_day(day)
        if stored is not None:
            return DayView(self.with_items(stored), stored=True)
        plan = build_day(self.template_for(day), day, self.now())
        return DayView(self.with_items(plan), stored=False)

    def with_items(self, day: Day) -> Day:
        """``day`` as shown: with its dated items (never written to its file)."""
        return day_with_pieces(day_with_items(day, self.items, self.today()), self.ideas)

    def open_day(self, day: date, plan: Day | None = None) -> DayView:
        """The stored day, creating it from the template unless it lies in the future.
        ``plan``: the day to create (as ``preview`` built it), so that a worker thread
        need not read the template."""
        stored = self.store.load_day(day)
        if stored is not None:
            return DayView(self.with_items(stored), stored=True)
        if day > self.today():
            return self.preview(day)
        fresh = plan or build_day(self.template_for(day), day, self.now())
        fresh = replace(fresh, tasks=[task for task in fresh.tasks if not task.one_off])
        return DayView(self.with_items(self.store.ensure_day(fresh)), stored=True)

    def load_day(self, day: date) -> Day | None:
        """The stored day, or None; creates nothing (the day detail of the review)."""
        stored = self.store.load_day(day)
        return None if stored is None else self.with_items(stored)

    def records_version(self) -> int:
        """Changes whenever a dated items file or the ideas file is replaced, by this
        planner or another one (a day's view takes them in: see ``with_items``)."""
        return files_version([*self.items.files(), self.ideas.path])

    def data_version(self, day: date) -> int:
        """Changes whenever the day's file is replaced, by this planner or another one."""
        return self.store.data_version(day)

    @contextmanager
    def holding_lock(
        self, *, wait: bool = True, give_up: Callable[[], bool] | None = None
    ) -> Iterator[None]:
        """The lock of the days held for the ``with`` block: the changes made in it on this
        thread take it again at once, one after the other, on the days as they are then.
        Another planner (or a sync) holding it is waited for up to the store's timeout, or
        until ``give_up`` returns true (then StoreError); with ``wait=False``, not at all:
        LockBusy at once."""
        with self.store.locked(wait=wait, give_up=give_up):
            yield

    def worked_day(self, day: date, refusal: str = "its plan can be seen, not worked") -> Day:
        """The stored day (created from its template if need be) that a change applies to;
        FutureDay, saying ``refusal``, for a day that has not come yet. The one guard of
        every change below (a command's first also removes stale temporaries)."""
        self._before_change()
        view = self.open_day(day)
        if not view.stored:
            raise FutureDay(f"{day.isoformat()} has not come yet: {refusal}")
        return view.day

    def change_task(
        self,
        day: date,
        task_id: str,
        change: Callable[[TaskState], TaskState],
        label: str = "change",
    ) -> TaskState:
        """Apply ``change`` to the task as it is on disk now (another instance may have
        moved it since this one read it), and remember it for undo as ``label``.
        UnknownTask if the day has no such task."""
        self.worked_day(day).task(task_id)
        if is_item_id(task_id):  # a dated item: its own store, not the day file
            return self.change_item_task(task_id, change, label, day)
        if is_idea_id(task_id):  # a piece of the content pipeline: the idea store
            return self.change_piece_task(task_id, change, label, day)
        before: list[TaskState] = []

        def recording(task: TaskState) -> TaskState:
            before.append(task.copy())
            return change(task)

        after = self.store.update_task(day, task_id, recording)
        self.history.remember(task_step(label, before[-1], after, day) if before else None)
        return after

    def change_day(
        self, day: date, change: Callable[[Day], Day | None], label: str | None = None
    ) -> Day:
        """Apply ``change`` to the whole day as it is on disk now, under the lock; with a
        ``label``, it can be undone (bookkeeping such as the heartbeat has none)."""
        self.worked_day(day)
        before: list[Day] = []

        def recording(stored: Day) -> Day | None:
            before.append(deepcopy(stored))
            return change(stored)

        after = self.store.change_day(day, recording)
        if label is not None and before:
            self.history.remember(step_between(label, before[-1], after))
        return self.with_items(after)

    # --- undo and redo (this window's own changes, per day; see store.changes) ----------

    def undo(self, day: date) -> tuple[Step, Day]:
        """Take the latest change back; NothingToUndo, or ChangedElsewhere (nothing
        written) when a record it touched has changed since."""
        step = self.history.next_undo(day)
        if step is None:
            raise NothingToUndo("Nothing to undo on this day.")
        stored = self._put_back(day, step.before, step.after, is_item_step(step))
        self.history.undone(step)
        return step, stored

    def redo(self, day: date) -> tuple[Step, Day]:
        """Do the latest undone change again (see ``undo``)."""
        step = self.history.next_redo(day)
        if step is None:
            raise NothingToUndo("Nothing to redo on this day.")
        stored = self._put_back(day, step.after, step.before, is_item_step(step))
        self.history.redone(step)
        return step, stored

    def _put_back(self, day: date, wanted: Contents, expected: Contents, items: bool) -> Day:
        """Undo's and redo's write: the records of ``wanted``, on the day or its items."""
        if items:
            restore_items(self.items, wanted, expected, utc_stamp(self.now()))
        elif is_idea_step(wanted):  # the content pipeline's ideas
            restore_ideas(self.ideas, wanted, expected, utc_stamp(self.now()))
        else:
            return self.with_items(
                self.store.change_day(day, lambda now: restored(now, wanted, expected))
            )
        return self.with_items(self.store.load_day(day) or self.preview(day).day)

    # --- review (may run in a worker thread: it reads files only, writes only the cache)

    def review_plan(self, problems: list[str] | None = None) -> ReviewPlan:
        """The goals, strategies and outcome kinds of today's template; none when it
        cannot be loaded (``problems`` then gets the reason)."""
        from planner.review.plan import ReviewPlan

        try:
            return ReviewPlan.of(self.template_for(self.today()))
        except PlannerError as error:
            if problems is not None:
                problems.append(str(error))
            return ReviewPlan()

    def review(
        self, start: date, end: date, plan: ReviewPlan | tuple[Goal, ...] = ()
    ) -> tuple[Review, list[StoreError]]:
        """The review of ``start``..``end`` over all stored history (through the summary
        cache) against ``plan`` (``review_plan``, or just goals), and the day files that
        could not be read (skipped)."""
        from planner.review.history import load_review

        threshold = self.settings.streak_threshold
        return load_review(self.paths, self.today(), start, end, plan, threshold)

    # --- export (the app renders in a worker; see days_for_export) -------------------------

    def days_for_export(self, request: ExportRequest) -> Callable[[], ExportDays]:
        """The days ``request`` covers, as a function to call, which a worker thread may do
        (it only reads files). The plan of coming days (``ics``) is made now, on the calling
        thread (the template cache is not for threads); stored days are read one file at a
        time when it is called, so a day file that cannot be read leaves out only its own
        day (``ExportDays.left_out`` names it). ExportError for a request that cannot be
        exported."""
        from planner.exchange.export import check_request, days_to_export, plan_dates

        check_request(request)
        planned = []
        if request.format == "ics":
            planned = [self.preview(when).day for when in plan_dates(request, self.today())]
        load = days_to_export(request, self.store, lambda: planned)
        # md and csv list each day's items and pieces (json keeps them apart, ics plans them)
        return with_items_shown(load, self.with_items) if request.format in ("md", "csv") else load

    def export(self, request: ExportRequest) -> bytes:
        """The file ``request`` asks for, of the days that can be read; writes nothing."""
        from planner.exchange.export import render_export

        found = self.days_for_export(request)()
        return render_export(request, found.days, self.now(), found.records)

    def import_file(self, path: Path, mode: Mode | None = None) -> ImportReport:
        """`planner import`: a JSON export read back into the store (see exchange.importing);
        without ``mode``, only days the store does not have are added."""
        from planner.exchange.importing import Mode, import_file

        self._before_change()
        return import_file(self.store, path, mode or Mode.ADD)
