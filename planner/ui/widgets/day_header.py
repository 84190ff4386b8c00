"""The bar above the checklist: which day, which plan, how far the day has come and, on
narrow terminals with a remote set, the remote sync (wide ones show it in the side panel)."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widget import Widget

from planner.core.model import Day
from planner.core.plan import progress
from planner.core.timebox import TimeBox, minutes_text
from planner.ui.widgets.text_styles import MUTED, drawn


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


class DayHeader(Widget):
    """Date, template, done/total, and the time box (logged vs budget); always visible.

    One widget drawing its lines, not a row of Statics: each widget costs its compose,
    mount, styling and layout when the app starts, and the header is on every start."""

    _day_lines: tuple[Content, Content, Content, Content] | None = None  # titles, figures
    _bars: tuple[Content, Content] = (Content(""), Content(""))  # the day's, the time box's
    _remote = Content("")  # the remote sync's line; empty without a remote
    _waiting = Content("")  # why changes wait (another planner holds the lock)
    _remote_shown = False  # whether the last layout gave the remote line its row

    def show_day(self, day: Day, today: date, box: TimeBox) -> None:
        # Content, not markup strings: nothing to parse on every refresh (and a template
        # named with brackets shows as written).
        shown = self._drawn()
        figures = progress(day.tasks)
        skipped = f" · {figures.skipped} skipped" if figures.skipped else ""
        over = Content.styled("time box used up", "b $warning") if box.used_up else None
        box_title = Content.styled("Time box", MUTED)
        self._day_lines = (
            Content.assemble(
                Content.styled(day_title(day.date, today), "b"),
                "  ",
                Content.styled(day.template, MUTED),
            ),
            Content(f"{figures.done}/{figures.total} done{skipped}"),
            Content.assemble(box_title, "  ", over) if over else box_title,
            # One unit style, as the review's: 2h22m of 1h00m, not 2h22m of 60m.
            Content(
                f"{minutes_text(box.logged_seconds)} of {minutes_text(box.budget_minutes * 60)}"
                f" logged · {minutes_text(box.planned_minutes * 60)} planned"
            ),
        )
        self._bars = (
            text_bar(figures.ratio, BAR_WIDTH),
            text_bar(box.ratio, BAR_WIDTH, "$warning"),
        )
        if self._drawn() != shown:  # else nothing to draw again
            self.refresh(layout=False)

    def _drawn(self) -> tuple[object, ...]:
        return tuple(drawn(content) for content in (*(self._day_lines or ()), *self._bars))

    def show_waiting(self, text: str) -> None:
        """``text``: why changes are not written yet (another planner holds the lock);
        empty hides the line."""
        if text != self._waiting.plain:  # else nothing to lay out again
            self._waiting = Content.styled(text, "b $warning")
            self.refresh(layout=True)

    def show_remote_sync(self, text: str, severity: str = "information") -> None:
        """``text``: the remote sync's state in short; empty (no remote) hides the line."""
        style = REMOTE_STYLES.get(severity, MUTED)
        self._remote = (
            Content.assemble(Content.styled("remote sync: ", MUTED), (text, style))
            if text
            else Content("")
        )
        self.refresh(layout=True)

    @property
    def waiting_line(self) -> str:
        """The waiting line as shown ("" when there is none)."""
        return self._waiting.plain

    @property
    def remote_line(self) -> str:
        """The remote sync's line as shown: none on wide terminals (the side panel has it)."""
        return self._remote.plain if not self.screen.has_class("-wide") else ""

    def on_resize(self) -> None:
        # Crossing the screen's wide breakpoint moves the remote line to the side panel
        # and back: the header's height changes with it.
        if bool(self.remote_line) != self._remote_shown:
            self.refresh(layout=True)

    def render(self) -> Content:
        self._remote_shown = bool(self.remote_line)
        lines: list[Content] = []
        if self._day_lines is not None:
            day, day_figures, box, box_figures = self._day_lines
            width = self.content_region.width
            lines.append(header_row(day, day_figures, self._bars[0], width))
            lines.append(header_row(box, box_figures, self._bars[1], width))
        if self._remote_shown:
            lines.append(self._remote)
        if self._waiting.plain:
            lines.append(self._waiting)
        return Content("\n").join(lines)


def header_row(title: Content, figures: Content, bar: Content, width: int) -> Content:
    """One line of the header: the title, cut to fit, then the figures and the bar at the
    right edge (the bar BAR_WIDTH cells, the figures muted with a space either side)."""
    right = Content.assemble(" ", Content.styled(figures.plain, MUTED), " ", bar)
    room = max(0, width - right.cell_length)
    return Content.assemble(title.truncate(room, ellipsis=True, pad=True), right)
