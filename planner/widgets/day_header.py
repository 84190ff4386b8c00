"""The bar above the checklist: which day, which plan, and how far the day has come."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from planner.model import Day
from planner.plan import progress


def day_title(day: date, today: date) -> str:
    label = f"{day:%a %d %b %Y}"
    if day == today:
        return f"Today · {day:%a %d %b}"
    if day < today:
        return f"{label} · past day"
    return f"{label} · plan only"


BAR_WIDTH = 12


def text_bar(ratio: float, width: int) -> str:
    """A bar of ``width`` cells, filled to ``ratio`` (a lighter widget than ProgressBar)."""
    filled = round(max(0.0, min(1.0, ratio)) * width)
    return f"[$success]{'━' * filled}[/][$text-disabled]{'━' * (width - filled)}[/]"


class DayHeader(Horizontal):
    """Date, template name, and done/total with a progress bar; always visible."""

    def compose(self) -> ComposeResult:
        yield Static(id="day-title")
        yield Static(id="day-figures")
        yield Static(id="day-bar")

    def show_day(self, day: Day, today: date) -> None:
        figures = progress(day.tasks)
        self.query_one("#day-title", Static).update(
            f"[b]{day_title(day.date, today)}[/]  [$text-muted]{day.template}[/]"
        )
        skipped = f" · {figures.skipped} skipped" if figures.skipped else ""
        planned = sum(task.minutes for task in day.tasks)
        self.query_one("#day-figures", Static).update(
            f"{figures.done}/{figures.total} done{skipped} · {planned}/{day.budget_minutes}m"
        )
        self.query_one("#day-bar", Static).update(text_bar(figures.ratio, BAR_WIDTH))
