"""A calendar heatmap of completion: one cell a day, weeks as columns, weekdays as rows.

GitHub-style: month labels on top, weekday labels on the left, the newest week on the
right. A cell's shade is the share of the day's plan that was done; a day with nothing
stored (no data) looks different from a day stored with nothing done (0%). The widget
takes plain data, ``(date, share or None)`` pairs, and never reads the store.

One character a week column: a full year (53 weeks) plus the labels takes 57 columns,
so it fits 80 columns; when the widget is narrower it shows the most recent weeks that fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

WEEKS_IN_A_YEAR = 53
LABEL_WIDTH = 4  # "Mon " on the left of the grid
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
GRID_TOP = 1  # the month labels take the first line
HEIGHT = 9  # months, seven weekdays, the cursor's day and the legend

CELL = "■"
NO_DATA = "·"
LEVELS = 5  # 0% done, four shades above it; level 4 is a day with all of its plan done


def share_level(share: float) -> int:
    """The shade of a stored day: 0 for nothing done, 4 for everything done."""
    if share <= 0:
        return 0
    if share >= 1:
        return 4
    if share < 0.5:
        return 1
    return 2 if share < 0.75 else 3


def share_text(share: float | None) -> str:
    return "no day stored" if share is None else f"{round(share * 100)}% done"


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (weeks start on Monday, as in the templates)."""
    return day - timedelta(days=day.weekday())


class Heatmap(Widget, can_focus=True):
    """The last year of days; arrows move a cursor, enter (or a click) chooses a day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k",  # k and j as in every list
            "move(-1)",
            "Day before",
            show=False,
            id="heatmap-day-before",
            tooltip="Move to the day before",
        ),
        Binding(
            "down,j",
            "move(1)",
            "Day after",
            show=False,
            id="heatmap-day-after",
            tooltip="Move to the day after",
        ),
        Binding(
            "left",
            "move(-7)",
            "Week before",
            show=False,
            id="heatmap-week-before",
            tooltip="Move to the same weekday a week before",
        ),
        Binding(
            "right",
            "move(7)",
            "Week after",
            show=False,
            id="heatmap-week-after",
            tooltip="Move to the same weekday a week after",
        ),
        Binding(
            "home",
            "jump_to('first')",
            "First day",
            show=False,
            id="heatmap-first",
            tooltip="Move to the first day shown",
        ),
        Binding(
            "end",
            "jump_to('last')",
            "Last day",
            show=False,
            id="heatmap-last",
            tooltip="Move to the last day (today)",
        ),
        Binding(
            "enter",
            "choose",
            "Open day",
            id="heatmap-open",
            tooltip="Open the day under the cursor",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "heatmap--label",
        "heatmap--no-data",
        "heatmap--level-0",
        "heatmap--level-1",
        "heatmap--level-2",
        "heatmap--level-3",
        "heatmap--level-4",
        "heatmap--cursor",
    }

    DEFAULT_CSS = """
    Heatmap {
        width: auto;
        max-width: 100%;
        height: 9;
    }
    Heatmap > .heatmap--label { color: $text-muted; }
    Heatmap > .heatmap--no-data { color: $foreground 30%; }
    Heatmap > .heatmap--level-0 { color: $foreground 14%; }
    Heatmap > .heatmap--level-1 { color: $success 35%; }
    Heatmap > .heatmap--level-2 { color: $success 58%; }
    Heatmap > .heatmap--level-3 { color: $success 80%; }
    Heatmap > .heatmap--level-4 { color: $success; }
    Heatmap > .heatmap--cursor { background: $accent 45%; }
    Heatmap:focus > .heatmap--cursor { background: $accent; }
    """

    class DayChosen(Message):
        """Enter, or a click, on a day: the screen decides what opening it means."""

        def __init__(self, heatmap: Heatmap, day: date) -> None:
            super().__init__()
            self.heatmap = heatmap
            self.date = day

        @property
        def control(self) -> Heatmap:
            return self.heatmap

    cursor: reactive[date | None] = reactive(None)
    """The day under the keyboard cursor (None until there are days to show)."""

    def __init__(
        self,
        cells: Iterable[tuple[date, float | None]] = (),
        *,
        today: date | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._shares: dict[date, float | None] = {}
        self._today: date | None = None
        self._lines: list[Text] = []
        self.show(cells, today=today)

    # --- data ------------------------------------------------------------------------

    def show(
        self, cells: Iterable[tuple[date, float | None]], *, today: date | None = None
    ) -> None:
        """Show ``cells``; ``today`` is the last day (default: the newest cell's date)."""
        self._shares = {day: share for day, share in cells}
        self._today = today or max(self._shares, default=None)
        if self._today is not None and (self.cursor is None or self.cursor > self._today):
            self.cursor = self._today
        self.refresh(layout=True)

    @property
    def today(self) -> date | None:
        return self._today

    def share(self, day: date) -> float | None:
        """The share done on ``day``, None when no day is stored."""
        return self._shares.get(day)

    # --- geometry ----------------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return LABEL_WIDTH + WEEKS_IN_A_YEAR

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return HEIGHT

    @property
    def weeks_shown(self) -> int:
        width = self.content_size.width or LABEL_WIDTH + WEEKS_IN_A_YEAR
        return max(1, min(WEEKS_IN_A_YEAR, width - LABEL_WIDTH))

    @property
    def first_day(self) -> date | None:
        """The Monday of the leftmost week shown."""
        if self._today is None:
            return None
        return week_start(self._today) - timedelta(weeks=self.weeks_shown - 1)

    def day_at(self, column: int, row: int) -> date | None:
        """The day drawn at content offset (``column``, ``row``), or None."""
        first = self.first_day
        week, weekday = column - LABEL_WIDTH, row - GRID_TOP
        if first is None or not (0 <= week < self.weeks_shown and 0 <= weekday < 7):
            return None
        day = first + timedelta(weeks=week, days=weekday)
        assert self._today is not None
        return day if day <= self._today else None

    # --- keys and mouse ----------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.cursor is None or self._today is None:
            return
        first = self.first_day
        assert first is not None
        wanted = self.cursor + timedelta(days=days)
        self.cursor = min(max(wanted, first), self._today)

    def action_jump_to(self, where: str) -> None:
        if self._today is not None:
            self.cursor = self._today if where == "last" else self.first_day

    def action_choose(self) -> None:
        if self.cursor is not None:
            self.post_message(self.DayChosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        day = None if offset is None else self.day_at(offset.x, offset.y)
        if day is not None:
            self.cursor = day
            self.post_message(self.DayChosen(self, day))

    def on_resize(self) -> None:
        first = self.first_day
        if self.cursor is not None and first is not None and self.cursor < first:
            self.cursor = first

    def watch_cursor(self) -> None:
        self.refresh()

    # --- drawing ----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """The component's colour blended over the widget's background (CSS gives alphas)."""
        styles = self.get_component_styles(name)
        background = self.background_colors[1]
        color = None
        if styles.has_rule("color"):
            # "auto 60%" ($text-muted) means: a readable text colour on this background.
            own = styles.color
            if styles.auto_color:
                own = background.get_contrast_text(own.a)
            color = background + own
        bgcolor = background + styles.background if styles.has_rule("background") else None
        return Style(
            color=color.rich_color if color else None,
            bgcolor=bgcolor.rich_color if bgcolor else None,
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        # Built whole each time (nine short lines): simpler than caching per line.
        self._lines = self.grid_lines()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        lines = self._lines or self.grid_lines()
        if y >= len(lines):
            return Strip.blank(self.size.width, self.rich_style)
        line = lines[y]
        # Text.render leaves a span-less line's own style out: put it back under the spans.
        base = line.style if isinstance(line.style, Style) else Style.parse(line.style)
        segments = list(Segment.apply_style(line.render(self.app.console), base))
        strip = Strip(segments, line.cell_len).apply_style(self.rich_style)
        return strip.adjust_cell_length(self.size.width, self.rich_style)

    def grid_lines(self) -> list[Text]:
        """The lines drawn: months, seven weekdays, then the cursor's day and the legend."""
        if self._today is None:
            return [Text("No days to show yet.", style=self._style("heatmap--label"))]
        label = self._style("heatmap--label")
        levels = [self._style(f"heatmap--level-{level}") for level in range(LEVELS)]
        no_data = self._style("heatmap--no-data")
        cursor = self._style("heatmap--cursor")
        weeks, first = self.weeks_shown, self.first_day
        assert first is not None
        lines = [self._month_line(first, weeks, label)]
        for weekday in range(7):
            line = Text(f"{WEEKDAY_LABELS[weekday]:<{LABEL_WIDTH}}", style=label)
            for week in range(weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self._today:
                    line.append(" ")
                    continue
                share = self._shares.get(day)
                glyph, style = (
                    (NO_DATA, no_data) if share is None else (CELL, levels[share_level(share)])
                )
                line.append(glyph, style + cursor if day == self.cursor else style)
            lines.append(line)
        lines.append(self._footer_line(levels, no_data, label))
        return lines

    def _month_line(self, first: date, weeks: int, style: Style) -> Text:
        """Month names over the first week column that holds the month's first day."""
        cells = [" "] * (LABEL_WIDTH + weeks + 3)
        free_from = 0
        for week in range(weeks):
            monday = first + timedelta(weeks=week)
            sunday = monday + timedelta(days=6)
            starts_month = sunday.day <= 7 or (week == 0 and monday.day <= 7)
            column = LABEL_WIDTH + week
            if starts_month and column >= free_from:
                cells[column : column + 3] = list(f"{sunday:%b}")
                free_from = column + 4
        return Text("".join(cells[: LABEL_WIDTH + weeks]), style=style)

    def _footer_line(self, levels: list[Style], no_data: Style, label: Style) -> Text:
        """The cursor's day and share on the left, the legend on the right when it fits."""
        line = Text(" " * LABEL_WIDTH)
        if self.cursor is not None:
            line.append(f"{self.cursor:%a %d %b %Y}", style="bold")
            line.append(f"  {share_text(self._shares.get(self.cursor))}", style=label)
        legend = Text("less ", style=label)
        for style in levels:
            legend.append(CELL, style)
        legend.append(" done  ", style=label)
        legend.append(NO_DATA, no_data)
        legend.append(" none", style=label)
        room = LABEL_WIDTH + self.weeks_shown - line.cell_len - legend.cell_len
        if room >= 2:
            line.append(" " * room)
            line.append_text(legend)
        return line
