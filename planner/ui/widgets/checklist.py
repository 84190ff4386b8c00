"""The day's checklist: rung headers in ladder order, each followed by its tasks."""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from planner.core.dates import done_when
from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState
from planner.core.plan import progress, tasks_by_rung
from planner.core.timebox import (
    clock_text,
    closed_seconds,
    logged_of_planned,
    logged_seconds,
    minutes_text,
)
from planner.ui.widgets.text_styles import FAINT, MUTED, drawn

TASK_PREFIX = "task:"
RUNG_PREFIX = "rung:"

CHECKS = {Status.OPEN: "○", Status.DONE: "✓", Status.SKIPPED: "↷"}

# The cursor and next up must never look alike (issue 16): the cursor is the one filled
# row, with a bar at its left edge; next up is a text chip after the task's title.
CURSOR_BAR = "▌"
NEXT_UP = "▶ next up"
NEXT_UP_STYLE = "b $accent"


def local_clock(stamp: str | None) -> str:
    """HH:MM in local time for a stored UTC timestamp."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return ""


def task_details(task: TaskState, now: datetime | None = None, day: date | None = None) -> str:
    """The short facts shown at the right of a task line (``day``: the task's day, so a
    task marked done on another date says so)."""
    parts: list[str] = []
    if task.running_since:
        parts.append(f"⏱ {clock_text(logged_seconds(task, now))}")
    if task.target is not None:
        parts.append(f"{task.count}/{task.target}{f' {task.unit}' if task.unit else ''}")
    if task.channel:
        parts.append(task.channel)
    logged = closed_seconds(task)
    if logged and not task.running_since:
        parts.append(logged_of_planned(logged, task.minutes))
    elif task.minutes:  # nothing logged yet, or the running clock shows it
        parts.append(minutes_text(task.minutes * 60))
    if task.status is Status.DONE:
        if day is None:
            parts.append(f"done {local_clock(task.done_at)}".rstrip())
        else:
            parts.append(done_when(task.done_at, day))
    elif task.status is Status.SKIPPED:
        parts.append("skipped")
    return " · ".join(parts)


def short_day(iso: str, day: date | None) -> str:
    """``Fri 4 Dec`` for a stored ``YYYY-MM-DD`` (with the year when not ``day``'s)."""
    try:
        when = date.fromisoformat(iso)
    except ValueError:
        return iso
    year = f" {when.year}" if day is None or when.year != day.year else ""
    return f"{when:%a} {when.day} {when:%b}{year}"


def one_off_tag(task: TaskState, day: date | None = None) -> Content:
    """What marks a dated item (planner.core.items) after its title: ``one-off``, the day
    an open one was carried from, or, on its old day, that it moved on to today."""
    if task.moved_to:
        return Content.styled("  → moved to today", f"{MUTED} i")
    if task.carried_from:
        return Content.styled(f"  ↪ from {short_day(task.carried_from, day)}", "$warning")
    if task.one_off:
        return Content.styled("  one-off", MUTED)
    return Content("")


def task_prompt(
    task: TaskState,
    *,
    next_up: bool,
    width: int,
    now: datetime | None = None,
    day: date | None = None,
) -> Content:
    check_style = {
        Status.OPEN: MUTED if not next_up else "b $accent",
        Status.DONE: "b $success",
        Status.SKIPPED: MUTED,
    }[task.status]
    title_style = {
        Status.OPEN: "b" if next_up else (MUTED if task.moved_to else ""),
        Status.DONE: f"{MUTED} strike",
        Status.SKIPPED: f"{MUTED} i",
    }[task.status]
    check = Content.styled(CHECKS[task.status], check_style)
    title = Content.styled(task.title, title_style)
    # Text, not a filled block: only the cursor row is filled, so the two never look alike.
    tag = Content.styled(f"  {NEXT_UP}", NEXT_UP_STYLE) if next_up else Content("")
    details_style = "b $warning" if task.running_since else MUTED
    details = Content.styled(task_details(task, now, day), details_style)
    # The first cell stays blank for the cursor's bar (Checklist.render_line).
    left = Content.assemble("   ", check, " ", title, one_off_tag(task, day), tag)
    gap = max(2, width - left.cell_length - details.cell_length - 1)
    line = Content.assemble(left, " " * gap, details)
    extra_lines = []
    if task.status is Status.SKIPPED and task.skip_reason:
        extra_lines.append(Content.styled(f"       skipped: {task.skip_reason}", f"{MUTED} i"))
    if task.note:
        extra_lines.append(Content.styled(f"       ✎ {task.note}", MUTED))
    if task.hint and task.is_open and next_up:
        extra_lines.append(Content.styled(f"       {task.hint}", f"{MUTED} i"))
    return Content("\n").join([line, *extra_lines]) if extra_lines else line


def rung_prompt(
    rung: Rung, tasks: list[TaskState], now: datetime | None = None, width: int = 78
) -> Content:
    # A blank line above every rung but the first keeps the ladder readable at a glance.
    spacer = "" if rung.position == 0 else "\n"
    if not tasks:
        return Content.assemble(spacer, "  ", empty_rung(rung))
    counted = [task for task in tasks if not task.moved_to]  # a moved item is today's
    figures = progress(counted)
    style = f"b $rung-{rung.value}"
    spent = rung_time(counted, now)
    head = Content.assemble(
        "  ",
        Content.styled(rung.label.upper(), style),
        Content.styled(f"  {figures.done}/{figures.total}  {spent}{'  ' if spent else ''}", MUTED),
    )
    why = Content.styled(wrapped(rung.why, width - 1, head.cell_length), f"{MUTED} i")
    return Content.assemble(spacer, head, why)


def empty_rung(rung: Rung) -> Content:
    """A rung with no task on the day, faint: shown, so the ladder always has all its rungs."""
    return Content.styled(f"{rung.label.upper()} · nothing planned", FAINT)


MIN_WHY_ROOM = 24  # below this many cells beside the head, a description gets its own lines
WHY_INDENT = 4


def wrapped(text: str, width: int, indent: int) -> str:
    """``text`` after ``indent`` cells, wrapped at whole words within ``width`` cells, its
    further lines under its first (a line left to the terminal would wrap to the ladder's
    left edge, and a cut one loses words); on lines of its own, four cells in, when the
    room beside the head is too narrow for a few words."""
    if indent + len(text) <= width:
        return text
    if width - indent < MIN_WHY_ROOM:
        indent = WHY_INDENT
        lines = textwrap.wrap(text, max(1, width - indent))
        return "".join(f"\n{' ' * indent}{line}" for line in lines)
    lines = textwrap.wrap(text, width - indent)
    return f"\n{' ' * indent}".join(lines)


def rung_time(tasks: list[TaskState], now: datetime | None) -> str:
    """Logged against planned time for a rung, e.g. "12m of 15m"; "12m logged" when none
    was planned, nothing when neither (not "0/0m")."""
    planned = sum(task.minutes for task in tasks)
    return logged_of_planned(sum(logged_seconds(task, now) for task in tasks), planned)


def cursor_line(line: Strip, cursor: Style) -> Strip:
    """A line of the task under the cursor: every cell in the cursor's colours (a done
    task's faint or green text would not read on them), the bar in its first cell."""
    colours = Style(color=cursor.color, bgcolor=cursor.bgcolor, reverse=cursor.reverse)
    cells = [
        Segment(text, colours if style is None else style + colours, control)
        for text, style, control in line
    ]
    recoloured = Strip(cells, line.cell_length)
    if not recoloured.text.startswith(" "):
        return recoloured
    bar = Strip([Segment(CURSOR_BAR, cells[0].style)], 1)
    return Strip.join([bar, recoloured.crop(1)])


class Checklist(OptionList):
    """Rung headers are disabled options, so the cursor moves from task to task."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="down", tooltip="Next task"),
        Binding("k", "cursor_up", "Up", show=False, id="up", tooltip="Previous task"),
    ]

    class TaskActivated(Message):
        """Enter or a click on a task."""

        def __init__(self, task_id: str) -> None:
            self.task_id = task_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._day: Day | None = None
        self._next_up: str | None = None
        self._now: datetime | None = None
        self._built_width = 0  # the line width the options were last built for

    @property
    def current_task_id(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith(TASK_PREFIX):
            return None
        return option.id.removeprefix(TASK_PREFIX)

    def show_day(
        self,
        day: Day,
        next_up: str | None,
        *,
        keep_cursor: bool = False,
        now: datetime | None = None,
    ) -> None:
        """Render ``day`` (running timers as of ``now``); the cursor goes to the next-up
        task unless asked to stay."""
        previous = self.current_task_id if keep_cursor else None
        self._day = day
        self._next_up = next_up
        self._now = now
        options = self._build_options()
        # The same lines (a day just created from the plan shown): nothing to draw again.
        if [_shown(option) for option in options] != [_shown(option) for option in self.options]:
            self.set_options(options)
        self.move_to(previous or next_up)

    def move_to(self, task_id: str | None) -> None:
        if task_id is None:
            first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
            self.highlighted = first
            return
        try:
            self.highlighted = self.get_option_index(TASK_PREFIX + task_id)
        except OptionDoesNotExist:  # the task is gone (another instance re-synced the day)
            self.highlighted = None

    def _build_options(self) -> list[Option]:
        assert self._day is not None
        width = self._built_width = self._line_width()
        options: list[Option] = []
        for rung, tasks in tasks_by_rung(self._day).items():
            header = rung_prompt(rung, tasks, self._now, width)
            options.append(Option(header, id=RUNG_PREFIX + rung, disabled=True))
            for task in tasks:
                is_next = task.id == self._next_up
                prompt = task_prompt(
                    task, next_up=is_next, width=width, now=self._now, day=self._day.date
                )
                options.append(Option(prompt, id=TASK_PREFIX + task.id))
        return options

    def _line_width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 20 else 78

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        first = next(iter(line), None)
        meta = first.style.meta if first is not None and first.style is not None else {}
        if self.highlighted is None or meta.get("option") != self.highlighted:
            return line
        cursor = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        # Textual 8.2.8 leaves reverse out of visual styles; the CSS asks for it with NO_COLOR.
        reverse = self.get_component_styles("option-list--option-highlighted").text_style.reverse
        return cursor_line(line, cursor.rich_style + Style(reverse=reverse))

    def on_resize(self, event: Resize) -> None:
        # Lines are laid out for a width: built again only when it changed (not on the
        # first layout of a checklist whose guess was right).
        if self._day is not None and self._line_width() != self._built_width:
            self.show_day(self._day, self._next_up, keep_cursor=True, now=self._now)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        task_id = self.current_task_id
        if task_id is not None:
            self.post_message(self.TaskActivated(task_id))


def _shown(option: Option) -> tuple[object, ...]:
    """What an option shows: two alike need not be drawn again."""
    return (option.id, drawn(option.prompt), option.disabled)
