"""Today's checklist screen: shows a day and turns keys into changes on disk (day_changes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.worker import Worker

from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState, WrapUp
from planner.core.plan import NoTarget, higher_open_rung, next_up
from planner.core.timebox import closed_seconds, minutes_text, running_task, time_box
from planner.errors import PlannerError
from planner.session.base import FutureDay
from planner.session.work import NoItemTimer, Session
from planner.store.changes import ChangedElsewhere
from planner.ui.bindings import CHECKLIST_BINDINGS
from planner.ui.screens import day_cursor, day_items, day_nav, day_template, day_undo, day_wrap_up
from planner.ui.screens.day_changes import DayChanges
from planner.ui.screens.day_pieces import asks_url, open_ideas
from planner.ui.screens.ladder_notice import LadderNotices
from planner.ui.screens.left_running import ask_about_timer_left_running
from planner.ui.widgets.checklist import Checklist
from planner.ui.widgets.day_header import DayHeader
from planner.ui.widgets.keys_footer import KeysFooter
from planner.ui.widgets.side_panel import SidePanel

HEARTBEAT_SECONDS = 30.0

# Terminals this wide or wider get the side panel beside the checklist.
WIDE_FROM = 110

# How often to look for changes written by another running planner.
OUTSIDE_CHANGE_POLL_SECONDS = 2.0


class TodayScreen(Screen[None]):
    """One day's checklist. Every change is written at once; there is no save step."""

    # From WIDE_FROM columns the screen has the class -wide and shows the side panel. No
    # class below it: one added there would restyle the whole screen before the first frame.
    HORIZONTAL_BREAKPOINTS = [(WIDE_FROM, "-wide")]  # noqa: RUF012 - Textual's, without ClassVar
    BINDINGS: ClassVar[list[BindingType]] = CHECKLIST_BINDINGS

    def __init__(self, session: Session, day: date) -> None:
        super().__init__()
        self.session = session
        self.date = day
        # A screen opened on today follows the calendar past midnight; a chosen date stays.
        self.follows_today = day == session.today()
        self._day: Day | None = None
        self._stored = False
        self._seen_version = self._seen_records = 0
        self.changes = DayChanges(self)  # written at once, or in line while the lock is held
        self.ladder_notices = LadderNotices()  # once per rung per day

    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        with Horizontal(id="today-body"):
            yield Checklist(id="checklist")
            yield SidePanel(id="side-panel")  # shown on wide terminals only (planner.tcss)
        yield KeysFooter()

    def on_mount(self) -> None:
        try:
            self.load_day()
        except PlannerError as error:
            # Nothing to show without the day: leave with the reason, as the CLI would.
            self.app.exit(return_code=1, message=f"planner: {error}")
            return
        ask_about_timer_left_running(self, self.day)
        if self.date > self.session.today():
            self.notify("A future day: this is the plan. It can be worked once the day comes.")
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
        records = self.session.records_version()  # items, ideas: before reading them
        view = self.changes.open_view()
        self._day, self._stored = view.day, view.stored
        self._seen_version = view.day.version  # of the very file the day was read from
        self._seen_records = records
        self.refresh_view(keep_cursor=keep_cursor)

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
        records = self.session.records_version()
        if self.session.data_version(self.date) != self._seen_version or (
            records != self._seen_records
        ):
            try:
                self.changes.when_free(partial(self.load_day, keep_cursor=True))
            except PlannerError as error:
                self.notify(str(error), title="Cannot read the day", severity="error")

    # --- other days (see planner.ui.screens.day_nav) ------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return day_nav.works_on_day(self, action)  # hidden where it means nothing

    @property
    def help_title(self) -> str:  # the heading of these keys in `?`
        return day_nav.help_title(self.date, self.session.today())

    def action_previous_day(self) -> None:
        day_nav.step(self, -1)

    def action_next_day(self) -> None:
        day_nav.step(self, 1)

    def action_today(self) -> None:
        day_nav.to_today(self)

    def action_back(self) -> None:
        day_nav.back(self)

    action_ideas = open_ideas  # `i`: the content pipeline (planner.ui.screens.ideas)

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

    @property
    def dirty(self) -> bool:
        """Changes wait in line: quitting now would lose them (the app asks first)."""
        return bool(self.changes)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.changes.worker_ended(event.worker, event.state)

    def show_waiting(self, text: str) -> None:
        self.query_one(DayHeader).show_waiting(text)

    def apply(self, change: Callable[[date, str], TaskState], task_id: str | None = None) -> None:
        """Write ``change`` (a Session operation on a day and a task id) for ``task_id`` or
        the task under the cursor, then show what is on disk."""
        task_id = task_id or self.checklist.current_task_id
        if task_id is not None:
            follow = day_cursor.follower(self, task_id)  # a skip or a reached target
            self.changes.change(lambda day: change(day, task_id), follow)

    def show_latest(self) -> None:
        """After a write: the whole day as it is on disk now, what others changed included."""
        try:
            self.load_day(keep_cursor=True)
        except PlannerError as error:
            self.notify(str(error), title="Cannot read the day", severity="error")

    def report(self, error: PlannerError) -> None:
        """A refusal (a future day, counting without a target) is a notice; any other error
        means the change was not saved."""
        if isinstance(error, FutureDay | NoTarget | ChangedElsewhere | NoItemTimer):
            self.notify(str(error), severity="warning", timeout=10)
            if isinstance(error, ChangedElsewhere):
                self.show_latest()  # what it changed to, on screen
        else:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)

    def show_stored(self, day: Day) -> None:
        """Show ``day`` as a change just wrote it (the whole day, read under the lock)."""
        self._day, self._stored = day, True
        self._seen_version = day.version
        self._seen_records = self.session.records_version()
        self.refresh_view()

    def current_task(self) -> TaskState | None:
        task_id = self.checklist.current_task_id
        return self.day.task(task_id) if task_id else None

    def action_toggle_done(self) -> None:
        if (task_id := self.checklist.current_task_id) is not None:
            self.toggle_done(task_id)

    def on_checklist_task_activated(self, message: Checklist.TaskActivated) -> None:
        self.toggle_done(message.task_id)

    def toggle_done(self, task_id: str) -> None:
        if asks_url(self, task_id):  # a scheduled piece: its URL first (day_pieces)
            return
        follow = day_cursor.follower(self, task_id)

        def done(result: tuple[TaskState, Rung | None]) -> None:
            follow(result[0])
            self.ladder_notices.say(self, result[1])

        self.changes.change(lambda day: self.session.toggle_done(day, task_id), done)

    def action_timer(self) -> None:
        task_id = self.checklist.current_task_id
        if task_id is None:
            return

        def started(day: Day) -> None:
            if day.task(task_id).running_since:
                self.ladder_notices.say(self, higher_open_rung(day, task_id))

        self.changes.change(lambda day: self.session.toggle_timer(day, task_id), started)

    def action_edit_time(self) -> None:
        task = self.current_task()
        if task is None:
            return

        from planner.ui.screens.logged_time import minutes_prompt, typed_minutes

        shown = closed_seconds(task)

        def save(text: str | None) -> None:
            if text is not None:  # checked by the prompt: it parses, and was asked about
                minutes = typed_minutes(text)
                self.apply(
                    lambda day, tid: self.session.set_logged_minutes(day, tid, minutes, was=shown),
                    task.id,
                )

        self.app.push_screen(minutes_prompt(self.day, task), save)

    action_add_item = day_items.ask_new_item  # `a`: a one-off task, for any day

    def action_wrap_up(self) -> None:
        try:
            stored = self.session.worked_day(self.date)  # as on disk now; a future day: no
        except PlannerError as error:
            self.report(error)
            return
        day_wrap_up.open_wrap_up(self, WrapUp.of(stored))

    def action_undo(self) -> None:
        self.changes.change_here(lambda: day_undo.undo(self))

    def action_redo(self) -> None:
        self.changes.change_here(lambda: day_undo.undo(self, redo=True))

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
            self.changes.change(self.session.notice_budget)

    def heartbeat(self) -> None:
        """While a timer runs, remember that the app is alive (for a timer left running);
        not while changes wait in line (they end with a write, and beats would pile up)."""
        if self._stored and running_task(self.day) is not None and not self.changes:
            self.changes.change(self.session.mark_seen)

    def roll_over(self) -> None:
        """A day left open past its end moves to the new day; nothing is lost."""
        old = self.date
        if running_task(self.day) is not None:
            self.changes.change(self.session.stop_running_timer)
        self.date = self.session.today()
        self.load_day()
        self.notify(
            f"A new day has started: {old:%a %d %b} is saved, here is {self.date:%a %d %b}.",
            title="New day",
        )

    def action_count(self, delta: int) -> None:
        self.apply(lambda day, task_id: self.session.count(day, task_id, delta))

    def action_skip(self) -> None:
        task = self.current_task()
        if task is None:
            return
        if task.status is Status.SKIPPED:
            # `s` on a skipped task takes the skip back.
            self.apply(self.session.reopen_task)
            return
        self._ask(
            f"Skip “{task.title}”? Reason (optional):",
            "",
            lambda reason: self.apply(
                lambda day, task_id: self.session.skip_task(day, task_id, reason), task.id
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
                lambda day, task_id: self.session.set_note(day, task_id, note, was=task.note),
                task.id,
            ),
        )

    def _ask(self, title: str, value: str, then: Callable[[str], None]) -> None:
        from planner.ui.screens.prompt import TextPrompt

        def answered(text: str | None) -> None:
            if text is not None:
                then(text)

        # A note is added to, not replaced: the caret goes after it, nothing is selected.
        self.app.push_screen(TextPrompt(title, value=value, select=False), answered)


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
