"""Issue 16, finding 1 (the looks): the checklist's cursor and the ``▶ next up`` chip never
look alike, in every shipped theme, in 256 colours and with ``NO_COLOR``.

What is checked is what reaches the terminal: the screen as Textual composes it (after its
``NO_COLOR`` filter), with every colour taken down to the xterm 256-colour palette for the
256-colour case, as rich does for such a terminal, and reverse video swapped as the
terminal swaps it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from planner.config import Paths, Settings
from planner.session.work import Session
from planner.ui.app import PlannerApp
from planner.ui.themes.colors import contrast_ratio
from planner.ui.themes.loading import shipped_themes_dir
from planner.ui.widgets.checklist import CURSOR_BAR, NEXT_UP, Checklist
from tests.helpers import TODAY, FakeClock

SHIPPED = sorted(path.stem for path in shipped_themes_dir().glob("*.yaml"))
MODES = ["truecolor", "256 colours", "NO_COLOR"]

TEXT_CONTRAST = 4.5  # WCAG AA for body text: every letter of the cursor row
FILL_CONTRAST = 3.0  # the cursor's fill against the list around it (WCAG's 3:1 for marks)
CHIP_CONTRAST = 3.0  # the next-up chip is bold text: 3:1 at the least


@dataclass(frozen=True)
class Cell:
    char: str
    fg: Color
    bg: Color
    bold: bool


def terminal_color(color: RichColor | None, default: Color, mode: str) -> Color:
    if color is None or color.is_default:
        return default
    if mode == "256 colours":
        color = color.downgrade(ColorSystem.EIGHT_BIT)
    red, green, blue = color.get_truecolor()
    return Color(red, green, blue)


def cells(strip: Strip, mode: str) -> list[Cell]:
    """Each cell of a screen line as the terminal paints it."""
    found: list[Cell] = []
    for segment in strip:
        style = segment.style or Style()
        fg = terminal_color(style.color, Color(255, 255, 255), mode)
        bg = terminal_color(style.bgcolor, Color(0, 0, 0), mode)
        if style.reverse:
            fg, bg = bg, fg
        found.extend(Cell(char, fg, bg, bool(style.bold)) for char in segment.text)
    return found


def screen_row(app: PlannerApp, text: str, mode: str) -> list[Cell]:
    """The checklist's row holding ``text``, from its left edge."""
    region = app.screen.query_one(Checklist).content_region
    lines = app.screen._compositor.render_strips()  # the composed screen, filters applied
    rows = [line for line in lines if text in line.text]
    assert len(rows) == 1, f"{text!r} is on {len(rows)} rows"
    return cells(rows[0], mode)[region.x : region.right]


def row_text(row: list[Cell]) -> str:
    return "".join(cell.char for cell in row)


def worst_text_contrast(row: list[Cell]) -> float:
    return min(contrast_ratio(cell.fg, cell.bg) for cell in row if not cell.char.isspace())


def fill(row: list[Cell]) -> Color:
    """The row's background, from its last cell (blank in every task row)."""
    return row[-1].bg


def make_app(paths: Paths, clock: FakeClock, plan_file: Path, theme: str) -> PlannerApp:
    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    return PlannerApp(session=session, day=TODAY, theme=theme)


def chip(row: list[Cell]) -> list[Cell]:
    text = row_text(row)
    start = text.index(NEXT_UP)
    return row[start : start + len(NEXT_UP)]


def check_cursor_row(row: list[Cell], plain: list[Cell]) -> None:
    """The cursor row: its bar at the left edge, a fill that stands out from the rows
    around it, and every letter readable on that fill."""
    assert row_text(row).startswith(CURSOR_BAR)
    assert worst_text_contrast(row) >= TEXT_CONTRAST
    assert contrast_ratio(fill(row), fill(plain)) >= FILL_CONTRAST


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", SHIPPED)
async def test_the_cursor_and_next_up_never_look_alike(
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    theme: str,
    mode: str,
) -> None:
    if mode == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(paths, clock, plan_file, theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == theme
        assert app.no_color is (mode == "NO_COLOR")
        # At the start the cursor is on the next-up task: one row, the cursor's look with
        # the chip still there to read.
        both = screen_row(app, "Scan mentions", mode)
        check_cursor_row(both, plain=screen_row(app, "Comment on posts", mode))
        assert NEXT_UP in row_text(both)

        # Done, then back up: the cursor is on a done task and next up is the task below,
        # the moment a person took the chip for the cursor.
        await pilot.press("space", "k")
        await pilot.pause()
        cursor = screen_row(app, "Scan mentions", mode)
        upcoming = screen_row(app, "Read the news", mode)
        plain = screen_row(app, "Comment on posts", mode)
        check_cursor_row(cursor, plain)
        assert NEXT_UP not in row_text(cursor)
        # Next up: the chip as text on the list's own background, no fill and no bar.
        assert NEXT_UP in row_text(upcoming)
        assert not row_text(upcoming).startswith(CURSOR_BAR)
        assert {cell.bg for cell in upcoming} == {fill(plain)}
        assert worst_text_contrast(chip(upcoming)) >= CHIP_CONTRAST
        assert all(cell.bold for cell in chip(upcoming) if not cell.char.isspace())
