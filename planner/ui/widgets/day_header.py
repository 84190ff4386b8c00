"""The bar above the checklist: which day, which plan, how far the day has come and, on
narrow terminals with a remote set, the remote sync (wide ones show it in the side panel)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from planner.core.model import Day
from planner.core.plan import progress
from planner.core.timebox import TimeBox, minutes_text
from planner.ui.widgets.text_styles import MUTED


def day_title(day: date, today: date) -> str:
    label = f"{day:%a %d %b %Y}"
    if day == today:
        return f"Today · {day:%a %d %b}"
    if day < today:
        return f"{label} · past day"
    return f"{label} · plan only"


BAR_WIDTH = 12

# How the remote sync's state is drawn, by the severity the app gives it.
REMOTE_STYLES = {"information": MUTED, "warning": "$warning", "error": "b $error"}


FILLED, EMPTY = "━", "─"


def text_bar(ratio: float, width: int, colour: str = "$success") -> Content:
    """A bar of ``width`` cells, filled to ``ratio`` (a lighter widget than ProgressBar).

    Filled and empty cells differ in shape as well as colour, so the bar still reads
    under ``NO_COLOR`` (Textual then draws everything in shades of grey or none)."""
    filled = round(max(0.0, min(1.0, ratio)) * width)
    # Not $text-disabled: it is "auto 38%", which content styles draw at full strength.
    # Content built here, not markup: parsing it cost ~0.3 ms a bar, a dozen bars a refresh.
    return Content.assemble(
        Content.styled(FILLED * filled, colour),
        Content.styled(EMPTY * (width - filled), "$foreground 25%"),
    )


class DayHeader(Vertical):
    """Date, template, done/total, and the time box (logged vs budget); always visible."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="header-row"):
            yield Static(id="day-title")
            yield Static(id="day-figures")
            yield Static(id="day-bar")
        with Horizontal(classes="header-row"):
            yield Static(id="box-title")
            yield Static(id="box-figures")
            yield Static(id="box-bar")
        yield Static(id="remote-sync-line")  # shown only with a remote set (planner.tcss)
        waiting = Static(id="day-waiting")
        waiting.display = False  # shown only while changes wait for another planner's lock
        yield waiting

    def show_day(self, day: Day, today: date, box: TimeBox) -> None:
        # Content, not markup strings: nothing to parse on every refresh (and a template
        # named with brackets shows as written).
        figures = progress(day.tasks)
        self.query_one("#day-title", Static).update(
            Content.assemble(
                Content.styled(day_title(day.date, today), "b"),
                "  ",
                Content.styled(day.template, MUTED),
            )
        )
        skipped = f" · {figures.skipped} skipped" if figures.skipped else ""
        self.query_one("#day-figures", Static).update(
            Content(f"{figures.done}/{figures.total} done{skipped}")
        )
        self.query_one("#day-bar", Static).update(text_bar(figures.ratio, BAR_WIDTH))
        over = Content.styled("time box used up", "b $warning") if box.used_up else None
        title = Content.styled("Time box", MUTED)
        self.query_one("#box-title", Static).update(
            Content.assemble(title, "  ", over) if over else title
        )
        self.query_one("#box-figures", Static).update(
            Content(
                # One unit style, as the review's: 2h22m of 1h00m, not 2h22m of 60m.
                f"{minutes_text(box.logged_seconds)} of {minutes_text(box.budget_minutes * 60)}"
                f" logged · {minutes_text(box.planned_minutes * 60)} planned"
            )
        )
        self.query_one("#box-bar", Static).update(text_bar(box.ratio, BAR_WIDTH, "$warning"))

    def show_waiting(self, text: str) -> None:
        """``text``: why changes are not written yet (another planner holds the lock);
        empty hides the line."""
        line = self.query_one("#day-waiting", Static)
        line.update(Content.styled(text, "b $warning"))
        line.display = bool(text)

    def show_remote_sync(self, text: str, severity: str = "information") -> None:
        """``text``: the remote sync's state in short; empty (no remote) hides the line."""
        line = self.query_one("#remote-sync-line", Static)
        style = REMOTE_STYLES.get(severity, MUTED)
        line.update(Content.assemble(Content.styled("remote sync: ", MUTED), (text, style)))
        line.set_class(bool(text), "-shown")
