"""Today's checklist screen: shows a day and turns key presses into changes on disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from planner.errors import PlannerError
from planner.model import Day, Status, TaskState
from planner.plan import add_count, next_up, reopen, set_note, skip, toggle_done
from planner.screens.prompt import TextPrompt
from planner.session import Session
from planner.store import StoreError
from planner.widgets.checklist import Checklist
from planner.widgets.day_header import DayHeader

# How often to look for changes written by another running planner.
OUTSIDE_CHANGE_POLL_SECONDS = 2.0


class TodayScreen(Screen[None]):
    """One day's checklist. Every change is written at once; there is no save step."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_done", "Done", tooltip="Mark the task done, or open again"),
        Binding("s", "skip", "Skip", tooltip="Skip the task (asks an optional reason)"),
        Binding("n", "note", "Note", tooltip="Add or edit the task's note"),
        Binding("plus,equals_sign", "count(1)", "Count", tooltip="Count one towards the target"),
        Binding("minus", "count(-1)", "Uncount", show=False, tooltip="Take one off the count"),
    ]

    def __init__(self, session: Session, day: date) -> None:
        super().__init__()
        self.session = session
        self.date = day
        self._day: Day | None = None
        self._stored = False
        self._seen_version: int | float = 0

    def compose(self) -> ComposeResult:
        yield DayHeader(id="day-header")
        yield Checklist(id="checklist")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.load_day()
        except PlannerError as error:
            # Nothing to show without the day: leave with the reason, as the CLI would.
            self.app.exit(return_code=1, message=f"planner: {error}")
            return
        self.set_interval(OUTSIDE_CHANGE_POLL_SECONDS, self.reload_if_changed_outside)

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
        self._seen_version = self.session.store.data_version(self.date)
        self.refresh_view(keep_cursor=keep_cursor)
        if not self._stored:
            self.notify("A future day: this is the plan. It can be worked once the day comes.")

    def refresh_view(self, *, keep_cursor: bool = True) -> None:
        upcoming = next_up(self.day)
        self.query_one(DayHeader).show_day(self.day, self.session.today())
        self.checklist.show_day(
            self.day, upcoming.id if upcoming else None, keep_cursor=keep_cursor
        )

    def reload_if_changed_outside(self) -> None:
        if self.session.store.data_version(self.date) != self._seen_version:
            try:
                self.load_day(keep_cursor=True)
            except StoreError as error:
                self.notify(str(error), title="Cannot read the day", severity="error")

    # --- actions ---------------------------------------------------------------------

    def apply(self, change: Callable[[TaskState], TaskState], task_id: str | None = None) -> None:
        """Write ``change`` for the task under the cursor, then show what is on disk."""
        task_id = task_id or self.checklist.current_task_id
        if task_id is None:
            return
        if not self._stored:
            self.notify("This day has not come yet: nothing can be marked.", severity="warning")
            return
        try:
            changed = self.session.store.update_task(self.date, task_id, change)
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        except ValueError as error:
            self.notify(str(error), severity="warning")
            return
        index = next(i for i, task in enumerate(self.day.tasks) if task.id == task_id)
        self.day.tasks[index] = changed
        self._seen_version = self.session.store.data_version(self.date)
        self.refresh_view()

    def current_task(self) -> TaskState | None:
        task_id = self.checklist.current_task_id
        return self.day.task(task_id) if task_id else None

    def action_toggle_done(self) -> None:
        self.apply(lambda task: toggle_done(task, self.session.now()))

    def on_checklist_task_activated(self, message: Checklist.TaskActivated) -> None:
        self.apply(lambda task: toggle_done(task, self.session.now()), message.task_id)

    def action_count(self, delta: int) -> None:
        task = self.current_task()
        if task is not None and task.target is None:
            self.notify(f"'{task.title}' has no target to count; space marks it done.")
            return
        self.apply(lambda task: add_count(task, delta, self.session.now()))

    def action_skip(self) -> None:
        task = self.current_task()
        if task is None:
            return
        if task.status is Status.SKIPPED:
            self.apply(reopen)  # `s` on a skipped task takes the skip back
            return
        self._ask(
            f"Skip “{task.title}”? Reason (optional):",
            "",
            lambda reason: self.apply(lambda t: skip(t, reason, self.session.now()), task.id),
        )

    def action_note(self) -> None:
        task = self.current_task()
        if task is None:
            return
        self._ask(
            f"Note for “{task.title}”:",
            task.note,
            lambda note: self.apply(lambda t: set_note(t, note), task.id),
        )

    def _ask(self, title: str, value: str, then: Callable[[str], None]) -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(TextPrompt(title, value=value), answered)
