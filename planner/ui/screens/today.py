"""Today's checklist screen: shows a day and turns key presses into changes on disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from planner.core.model import Day, Status, TaskState, WrapUp
from planner.core.plan import NoTarget, higher_open_rung, next_up, out_of_order_notice
from planner.core.timebox import (
    BadDuration,
    closed_seconds,
    minutes_text,
    parse_duration,
    running_task,
    seconds_between,
    time_box,
)
from planner.errors import PlannerError
from planner.session.base import FutureDay
from planner.session.work import Session
from planner.store.changes import ChangedElsewhere
from planner.ui.bindings import CHECKLIST_BINDINGS
from planner.ui.screens import day_template, day_undo, day_wrap_up
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.prompt import TextPrompt
from planner.ui.widgets.checklist import Checklist, local_clock
from planner.ui.widgets.day_header import DayHeader
from planner.ui.widgets.side_panel import SidePanel

# A timer whose app was last seen longer ago than this was left running while closed.
LEFT_RUNNING_GRACE_SECONDS = 90
HEARTBEAT_SECONDS = 30.0

# Terminals this wide or wider get the side panel beside the checklist.
WIDE_FROM = 110

# How often to look for changes written by another running planner.
OUTSIDE_CHANGE_POLL_SECONDS = 2.0


class TodayScreen(Screen[None]):
    """One day's checklist. Every change is written at once; there is no save step."""

    # From WIDE_FROM columns the screen has the class -wide and shows the side panel.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it without ClassVar
        (0, "-narrow"),
        (WIDE_FROM, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = CHECKLIST_BINDINGS

    def __init__(self, session: Session, day: date) -> None:
        super().__init__()
        self.session = session
        self.date = day
        # A screen opened on today follows the calendar past midnight; a chosen date stays.
        self.follows_today = day == session.today()
        self._day: Day | None = None
        self._stored = False
        self._seen_version = 0

    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        with Horizontal(id="today-body"):
            yield Checklist(id="checklist")
            yield SidePanel(id="side-panel")  # shown on wide terminals only (planner.tcss)
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.load_day()
        except PlannerError as error:
            # Nothing to show without the day: leave with the reason, as the CLI would.
            self.app.exit(return_code=1, message=f"planner: {error}")
            return
        self.check_timer_left_running()
        self.set_interval(1.0, self.tick)
        self.set_interval(HEARTBEAT_SECONDS, self.heartbeat)
        day_template.show_template_warnings(self)
        day_template.watch_day_template(self)  # notes the template file as it is now
        self.set_interval(OUTSIDE_CHANGE_POLL_SECONDS, self.look_outside)

    @property
    def day(self) -> Day:
        assert self._day is not None, "the day is loaded on mount"
        return self._day

    @property
    def checklist(self) -> Checklist:
        return self.query_one(Checklist)

    def load_day(self, *, keep_cursor: bool = False) -> None:
        view = self.session.open_day(self.date)
        self._day, self._stored = view.day, view.stored
        self._seen_version = view.day.version  # of the very file the day was read from
        self.refresh_view(keep_cursor=keep_cursor)
        if not self._stored:
            self.notify("A future day: this is the plan. It can be worked once the day comes.")

    def refresh_view(self, *, keep_cursor: bool = True) -> None:
        upcoming = next_up(self.day)
        now = self.session.now()
        box = time_box(self.day, now)
        self.query_one(DayHeader).show_day(self.day, self.session.today(), box)
        self.query_one(SidePanel).show_day(self.day, box, now)
        self.checklist.show_day(
            self.day, upcoming.id if upcoming else None, keep_cursor=keep_cursor, now=now
        )

    def look_outside(self) -> None:
        """Every few seconds: the day file and the template file, changed by someone else."""
        self.reload_if_changed_outside()
        self.watch_template()

    def reload_if_changed_outside(self) -> None:
        if self.session.data_version(self.date) != self._seen_version:
            try:
                self.load_day(keep_cursor=True)
            except PlannerError as error:
                self.notify(str(error), title="Cannot read the day", severity="error")

    # --- templates (see planner.ui.screens.templates) -----------------------------------

    def action_templates(self) -> None:
        from planner.ui.screens.templates import TemplatesScreen  # loaded when first wanted

        self.app.push_screen(TemplatesScreen(self.session, self.date))

    def action_edit_template(self) -> None:
        day_template.edit_day_template(self)

    def action_sync(self) -> None:
        day_template.ask_sync(self)

    def watch_template(self) -> None:
        day_template.watch_day_template(self)

    # --- actions ---------------------------------------------------------------------

    def apply(self, change: Callable[[str], TaskState], task_id: str | None = None) -> None:
        """Write ``change`` (a Session operation on a task id) for ``task_id`` or the task
        under the cursor, then show what is on disk."""
        task_id = task_id or self.checklist.current_task_id
        if task_id is None:
            return
        try:
            change(task_id)
        except PlannerError as error:
            self.report(error)
            return
        self.show_latest()

    def show_latest(self) -> None:
        """After a write: the whole day as it is on disk now, what others changed included."""
        try:
            self.load_day(keep_cursor=True)
        except PlannerError as error:
            self.notify(str(error), title="Cannot read the day", severity="error")

    def report(self, error: PlannerError) -> None:
        """A refusal (a future day, counting without a target) is a notice; any other error
        means the change was not saved."""
        if isinstance(error, FutureDay | NoTarget | ChangedElsewhere):
            self.notify(str(error), severity="warning", timeout=10)
            if isinstance(error, ChangedElsewhere):
                self.show_latest()  # what it changed to, on screen
        else:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)

    def show_stored(self, day: Day) -> None:
        """Show ``day`` as a change just wrote it (the whole day, read under the lock)."""
        self._day = day
        self._seen_version = day.version
        self.refresh_view()

    def current_task(self) -> TaskState | None:
        task_id = self.checklist.current_task_id
        return self.day.task(task_id) if task_id else None

    def action_toggle_done(self) -> None:
        task_id = self.checklist.current_task_id
        if task_id is not None:
            self.toggle_done(task_id)

    def on_checklist_task_activated(self, message: Checklist.TaskActivated) -> None:
        self.toggle_done(message.task_id)

    def toggle_done(self, task_id: str) -> None:
        try:
            _, higher = self.session.toggle_done(self.date, task_id)
        except PlannerError as error:
            self.report(error)
            return
        if higher is not None:
            self.notify(out_of_order_notice(higher), title="Out of ladder order")
        self.show_latest()

    def action_timer(self) -> None:
        task_id = self.checklist.current_task_id
        if task_id is None:
            return
        try:
            day = self.session.toggle_timer(self.date, task_id)
        except PlannerError as error:
            self.report(error)
            return
        higher = higher_open_rung(day, task_id)
        if day.task(task_id).running_since and higher is not None:
            self.notify(out_of_order_notice(higher), title="Out of ladder order")
        self.show_stored(day)

    def action_edit_time(self) -> None:
        task = self.current_task()
        if task is None:
            return

        def save(text: str) -> None:
            try:
                minutes = round(parse_duration(text) / 60)
            except BadDuration as error:
                self.notify(str(error), severity="warning")
                return
            shown = closed_seconds(task)
            self.apply(
                lambda tid: self.session.set_logged_minutes(self.date, tid, minutes, was=shown),
                task.id,
            )

        logged = round(closed_seconds(task) / 60)
        self._ask(f"Logged minutes for “{task.title}” (e.g. 25, 1h10m):", str(logged), save)

    def action_wrap_up(self) -> None:
        try:
            stored = self.session.worked_day(self.date)  # as on disk now; a future day: no
        except PlannerError as error:
            self.report(error)
            return
        day_wrap_up.open_wrap_up(self, WrapUp.of(stored))

    def action_undo(self) -> None:
        day_undo.undo(self)

    def action_redo(self) -> None:
        day_undo.undo(self, redo=True)

    def action_export(self) -> None:
        from planner.ui.screens.export import ExportScreen  # the export code loads on demand

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {path}", title="Export")

        self.app.push_screen(ExportScreen(self.session), written)

    def action_review(self) -> None:
        from planner.ui.screens.review import ReviewScreen  # the review code loads on demand

        def backfill(day: date) -> Screen[None]:
            return BackfillScreen(self.session, day)

        self.app.push_screen(
            ReviewScreen(self.session, open_checklist=backfill), self.back_from_review
        )

    def back_from_review(self, _: None = None) -> None:
        # A past day may have been backfilled meanwhile; today may have changed too.
        self.reload_if_changed_outside()

    # --- time passing ------------------------------------------------------------------

    def tick(self) -> None:
        """Every second: the running timer's clock, the time box, and the budget notice."""
        if self._day is None or not self._stored:
            return
        if self.follows_today and self.session.today() != self.date:
            self.roll_over()
            return
        if running_task(self.day) is None:
            return
        self.refresh_view()
        box = time_box(self.day, self.session.now())
        if box.used_up and not self.day.budget_noticed:
            self.day.budget_noticed = True  # said once, even if it cannot be written
            self.notify(
                f"The time box is used up: {minutes_text(box.logged_seconds)} of "
                f"{box.budget_minutes}m. Keep going if you like.",
                title="Time box",
            )
            self.bookkeep(self.session.notice_budget)

    def heartbeat(self) -> None:
        """While a timer runs, remember that the app is alive (for a timer left running)."""
        if self._stored and running_task(self.day) is not None:
            self.bookkeep(self.session.mark_seen)

    def bookkeep(self, write: Callable[[date], Day]) -> None:
        """A write nobody asked for (the heartbeat, the notice): a failure is said, not
        raised (a file locked or broken elsewhere must not end the app)."""
        try:
            self.show_stored(write(self.date))
        except PlannerError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)

    def roll_over(self) -> None:
        """A day left open past its end moves to the new day; nothing is lost."""
        old = self.date
        if running_task(self.day) is not None:
            self.session.stop_running_timer(old)
        self.date = self.session.today()
        self.load_day()
        self.notify(
            f"A new day has started: {old:%a %d %b} is saved, here is {self.date:%a %d %b}.",
            title="New day",
        )

    def check_timer_left_running(self) -> None:
        running = running_task(self.day)
        seen = self.day.last_seen_at
        if running is None or seen is None:
            return
        gap = seconds_between(seen, self.session.now())
        if gap < LEFT_RUNNING_GRACE_SECONDS:
            return

        def answered(keep: bool | None) -> None:
            if not keep:
                self.show_stored(self.session.stop_running_timer(self.date, at=seen))
                self.notify(f"Timer stopped at {local_clock(seen)}, when planner closed.")

        question = (
            f"The timer on “{running.title}” was left running when planner closed at "
            f"{local_clock(seen)}. Count the {minutes_text(gap)} since then?"
        )
        self.app.push_screen(
            Confirm(question, yes="Keep the time", no=f"Stop at {local_clock(seen)}"), answered
        )

    def action_count(self, delta: int) -> None:
        self.apply(lambda task_id: self.session.count(self.date, task_id, delta))

    def action_skip(self) -> None:
        task = self.current_task()
        if task is None:
            return
        if task.status is Status.SKIPPED:
            # `s` on a skipped task takes the skip back.
            self.apply(lambda task_id: self.session.reopen_task(self.date, task_id))
            return
        self._ask(
            f"Skip “{task.title}”? Reason (optional):",
            "",
            lambda reason: self.apply(
                lambda task_id: self.session.skip_task(self.date, task_id, reason), task.id
            ),
        )

    def action_note(self) -> None:
        task = self.current_task()
        if task is None:
            return
        self._ask(
            f"Note for “{task.title}”:",
            task.note,
            lambda note: self.apply(
                lambda task_id: self.session.set_note(self.date, task_id, note, was=task.note),
                task.id,
            ),
        )

    def _ask(self, title: str, value: str, then: Callable[[str], None]) -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(TextPrompt(title, value=value), answered)


class BackfillScreen(TodayScreen):
    """The ordinary checklist on a past date, with a way back to the day detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q",
            "back",
            "Back",
            id="backfill-back",
            tooltip="Back to the day (everything is already saved)",
        ),
    ]

    def action_back(self) -> None:
        self.dismiss()
