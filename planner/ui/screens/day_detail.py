"""One past day, read-only: its tasks by rung, times, notes, skip reasons and wrap-up.

Opened from the review screen's heatmap. Nothing here writes; the backfill key (``b``)
opens the ordinary, editable checklist on that date, as Go to date does (the checklist is
handed in as ``open_checklist``: this module does not import the checklist screen, which
imports the review).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from planner.core.model import Day, Outcome, Status, TaskState, outcome_line
from planner.core.plan import progress, tasks_by_rung
from planner.core.timebox import closed_seconds, minutes_text
from planner.errors import PlannerError
from planner.session.work import Session
from planner.ui.widgets.checklist import CHECKS, empty_rung, rung_time, task_details
from planner.ui.widgets.day_header import day_title
from planner.ui.widgets.text_styles import MUTED

# Not $text-muted: in Content styles its "auto 60%" loses the 60% (Textual 8.2.8).


def task_lines(task: TaskState, day: date | None = None) -> Content:
    """A task as the detail shows it: check, title and facts, then skip reason and note
    (``day``: the day it belongs to, so a task marked done later says when)."""
    check_style = {
        Status.OPEN: MUTED,
        Status.DONE: "b $success",
        Status.SKIPPED: MUTED,
    }[task.status]
    title_style = {Status.OPEN: "", Status.DONE: "", Status.SKIPPED: f"{MUTED} i"}[task.status]
    lines = [
        Content.assemble(
            "  ",
            Content.styled(CHECKS[task.status], check_style),
            " ",
            Content.styled(task.title, title_style),
            Content.styled(f"  {task_details(task, day=day)}", MUTED),
        )
    ]
    if task.out_of_order:
        lines.append(Content.styled("      out of ladder order", "$warning i"))
    if task.status is Status.SKIPPED and task.skip_reason:
        lines.append(Content.styled(f"      skipped: {task.skip_reason}", f"{MUTED} i"))
    if task.note:
        lines.append(Content.styled(f"      ✎ {task.note}", MUTED))
    return Content("\n").join(lines)


def day_summary_line(day: Day) -> Content:
    figures = progress(day.tasks)
    logged = sum(closed_seconds(task) for task in day.tasks)
    planned = sum(task.minutes for task in day.tasks)
    skipped = f" · {figures.skipped} skipped" if figures.skipped else ""
    left_open = f" · {figures.open} left open" if figures.open else ""
    return Content.styled(
        f"{figures.done}/{figures.total} done{skipped}{left_open} · "
        f"{minutes_text(logged)} logged of {minutes_text(planned * 60)} planned · "
        f"time box {minutes_text(day.budget_minutes * 60)}",
        MUTED,
    )


def outcome_lines(title: str, outcomes: list[Outcome], style: str) -> Content:
    lines = [Content.styled(title, f"b {style}")]
    lines += [Content.assemble("  • ", outcome_line(outcome)) for outcome in outcomes]
    return Content("\n").join(lines)


class DayDetailScreen(Screen[None]):
    """A stored day shown read-only; ``b`` edits it deliberately (backfill)."""

    CSS_PATH = "review.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="day-detail-back", tooltip="Back to the review"),
        Binding(
            "b",
            "backfill",
            "Edit this day",
            id="backfill",
            tooltip="Open this day's checklist to change it (changes are saved at once; u undoes)",
        ),
    ]

    def __init__(
        self,
        session: Session,
        day: date,
        open_checklist: Callable[[date], Screen[None]] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.date = day
        self.open_checklist = open_checklist
        self.day: Day | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-tasks")
            yield Static(id="detail-wrap-up")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        try:
            self.day = self.session.load_day(self.date)
        except PlannerError as error:
            self.notify(str(error), title="Cannot read the day", severity="error", timeout=10)
            self.day = None
        self.show()

    def show(self) -> None:
        title = Content.from_markup(
            "[b]$title[/]", title=day_title(self.date, self.session.today())
        )
        tasks = self.query_one("#detail-tasks", Static)
        wrap_up = self.query_one("#detail-wrap-up", Static)
        if self.day is None:
            self.query_one("#detail-title", Static).update(title)
            tasks.update(Content.styled("No day is stored for this date.", MUTED))
            wrap_up.update("")
            return
        day = self.day
        self.query_one("#detail-title", Static).update(
            Content("\n").join(
                [
                    Content.assemble(title, Content.styled(f"  {day.template}", MUTED)),
                    day_summary_line(day),
                ]
            )
        )
        blocks: list[Content] = []
        rungs = tasks_by_rung(day).items() if day.tasks else ()  # no tasks: said below
        for rung, rung_tasks in rungs:
            if not rung_tasks:  # shown, faint, as the checklist shows it
                blocks.append(empty_rung(rung))
                continue
            figures = progress(rung_tasks)
            spent = rung_time(rung_tasks, None)
            header = Content.assemble(
                Content.styled(rung.label.upper(), f"b $rung-{rung.value}"),
                Content.styled(f"  {figures.done}/{figures.total}  {spent}".rstrip(), MUTED),
            )
            lines = [task_lines(task, day.date) for task in rung_tasks]
            blocks.append(Content("\n").join([header, *lines]))
        if not blocks:
            blocks.append(Content.styled("The day had no tasks.", MUTED))
        tasks.update(Content("\n\n").join(blocks))
        wrap_up.update(self.wrap_up_content(day))

    @staticmethod
    def wrap_up_content(day: Day) -> Content:
        parts: list[Content] = []
        if day.worked:
            parts.append(Content.assemble(Content.styled("What worked\n", "b"), day.worked))
        if day.wins:
            parts.append(outcome_lines("Wins", day.wins, "$success"))
        if day.losses:
            parts.append(outcome_lines("Losses", day.losses, "$error"))
        if day.wrap_note:
            parts.append(Content.assemble(Content.styled("Note\n", "b"), day.wrap_note))
        if not parts:
            return Content.styled("No wrap-up written.", f"{MUTED} i")
        return Content("\n\n").join(parts)

    def action_back(self) -> None:
        self.dismiss()

    def action_backfill(self) -> None:
        if self.date > self.session.today():
            self.notify("This day has not come yet: there is nothing to backfill.")
            return
        if self.open_checklist is not None:
            # One rule for past days (planner.ui.screens.day_nav): they open ready to edit,
            # as from Go to date; every change is saved at once and `u` takes it back.
            self.app.push_screen(self.open_checklist(self.date), self.reloaded)

    def reloaded(self, _: None = None) -> None:
        """Back from the checklist: show what is on disk now."""
        self.load()


__all__ = ["DayDetailScreen", "day_summary_line", "task_lines"]
