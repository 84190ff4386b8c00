"""The panel beside the checklist on wide terminals: the day's progress per rung, the time
box, what is next and, with a remote set, the remote sync. Hidden below the wide
breakpoint (see TodayScreen), where the header alone carries the day's figures."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from planner.core.model import Day
from planner.core.plan import next_up, progress, tasks_by_rung
from planner.core.timebox import TimeBox, minutes_text
from planner.ui.widgets.checklist import rung_time
from planner.ui.widgets.day_header import REMOTE_STYLES, text_bar
from planner.ui.widgets.text_styles import MUTED

# The panel's content width: its CSS width (37) less the left border and the padding.
PANEL_WIDTH = 32
# A rung's bar leaves the rest of its line to the rung's time ("1h05m of 1h30m"), which
# does not fit beside a long label ("COMMENT / SHARE").
RUNG_BAR_WIDTH = 15


class SidePanel(Static):
    """Attributes down: the screen calls ``show_day`` whenever the day changes, the app
    ``show_remote_sync`` whenever the remote sync's state does.

    The day's lines are built when the panel is drawn, not when the day is shown: hidden on
    narrow terminals, the panel then costs nothing at start-up nor on each second's tick."""

    _day: tuple[Day, TimeBox, datetime | None] | None = None
    _day_content: Content | None = None  # built from _day when first drawn
    _remote_content = Content("")

    def show_day(self, day: Day, box: TimeBox, now: datetime | None = None) -> None:
        self._day, self._day_content = (day, box, now), None
        self.refresh()  # its size is the stylesheet's: no layout needed

    def show_remote_sync(self, text: str, severity: str = "information") -> None:
        """``text``: the state in short ("synced 2 min ago"); empty: no remote, no lines."""
        self._remote_content = remote_content(text, severity)
        self.refresh()

    def render(self) -> Content:
        if self._day_content is None:
            self._day_content = panel_content(*self._day) if self._day else Content("")
        return self._day_content + self._remote_content


def remote_content(text: str, severity: str = "information") -> Content:
    if not text:
        return Content("")
    style = REMOTE_STYLES.get(severity, MUTED)
    return Content("\n").join(
        [Content(""), Content(""), Content.styled("REMOTE SYNC", "b"), Content.styled(text, style)]
    )


def spread(left: Content, right: Content, width: int = PANEL_WIDTH) -> Content:
    """``left`` and ``right`` on one line of ``width`` cells, pushed to either side."""
    gap = max(1, width - left.cell_length - right.cell_length)
    return Content.assemble(left, " " * gap, right)


def panel_content(day: Day, box: TimeBox, now: datetime | None = None) -> Content:
    lines: list[Content] = []
    for rung, tasks in tasks_by_rung(day).items():
        label = rung.label.upper()
        if not tasks:
            lines.append(
                spread(Content.styled(label, MUTED), Content.styled("nothing planned", MUTED))
            )
            lines.append(Content.styled("·" * RUNG_BAR_WIDTH, "$foreground 15%"))
            continue
        figures = progress(tasks)
        colour = f"$rung-{rung.value}"
        skipped = f" ↷{figures.skipped}" if figures.skipped else ""
        counts = f"{figures.done}/{figures.total}{skipped}"
        lines.append(spread(Content.styled(label, f"b {colour}"), Content.styled(counts, MUTED)))
        bar = text_bar(figures.ratio, RUNG_BAR_WIDTH, colour)
        lines.append(spread(bar, Content.styled(rung_time(tasks, now), MUTED)))
    over = Content.styled("used up", "b $warning") if box.used_up else Content("")
    logged = f"{minutes_text(box.logged_seconds)} of {minutes_text(box.budget_minutes * 60)}"
    lines += [
        Content(""),
        spread(Content.styled("TIME BOX", "b"), over),
        text_bar(box.ratio, PANEL_WIDTH, "$warning"),
        spread(
            Content.styled(f"{logged} logged", MUTED),
            Content.styled(f"{minutes_text(box.planned_minutes * 60)} planned", MUTED),
        ),
    ]
    upcoming = next_up(day)
    lines += [Content(""), Content.styled("NEXT UP", "b")]
    if upcoming is None:
        lines.append(Content.styled("Nothing left: the day is done.", MUTED))
    else:
        lines.append(Content.styled(f"▶ {upcoming.title}", "$accent"))
    return Content("\n").join(lines)
