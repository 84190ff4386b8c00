"""Snapshots where the picture is the point: the main screens at the smallest size (80x24)
and a wide one (120x40, with the side panel), in a light and a dark theme; the help once.

The date, clock and time zone are fixed and cursors do not blink, so a picture changes only
when the look does. The plan is this file's own, so editing a shipped template does not
move the pictures. Update on purpose (`pytest tests/test_snapshots.py --snapshot-update`)
and look at the result: `rsvg-convert tests/__snapshots__/test_snapshots/X.svg -o X.png`.

A new screen is one line in SCREENS: the keys that lead to it from the checklist.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from planner.config import Paths, Settings
from planner.session.work import Session
from planner.ui.app import PlannerApp
from tests.helpers import FakeClock

# Keys that lead from the checklist to each screen, with some work done on the way.
# The cursor follows next up after done and skip (issue 16, finding 1): no `j` needed.
WORKED = ["space", "s", *"travel", "enter", "plus", "n", *"Jane at ACME", "enter"]
SCREENS: dict[str, list[str]] = {
    "today": WORKED,
    "wrap-up": [*WORKED, "w", *"Short posts work", "tab", *"new lead: ACME @LinkedIn"],
    "templates": ["T"],
    "review": [*WORKED, "r"],
}
SIZES = [(80, 24), (120, 40)]
THEMES = ["ladder-light", "ladder-dark"]

PLAN = textwrap.dedent(
    """\
    name: Daily marketing hour
    budget_minutes: 60
    ladder:
      listen:
        - title: Scan mentions and saved searches
          minutes: 5
          channel: LinkedIn
          notes: Note who asks for help in your field; that is a lead.
      read:
        - {title: Read three posts from the industry list, minutes: 10, channel: Blogs}
      comment:
        - title: Comment on prospects' posts
          minutes: 10
          target: 3
          unit: comments
          channel: LinkedIn
        - {title: Share one useful article with a note, minutes: 5, channel: LinkedIn}
      communicate:
        - {title: Call one past client, minutes: 10, channel: Phone}
      close:
        - title: Follow up open proposals
          minutes: 5
          channel: Email
          notes: One short, friendly nudge with a clear next step.
    """
)


def test_the_snapshot_plan_is_valid(tmp_path: Path) -> None:
    from planner.templates.reader import load_file

    path = tmp_path / "plan.yaml"
    path.write_text(PLAN)
    assert len(load_file(path).tasks) == 6  # a broken plan would snapshot an empty screen


def frozen_app(paths: Paths, plan: Path, theme: str) -> PlannerApp:
    """Tuesday 24 November 2026, 08:40 UTC, on the snapshot plan."""
    clock = FakeClock(datetime(2026, 11, 24, 8, 40).astimezone())
    session = Session(paths, Settings(), template_choice=str(plan), clock=clock)
    return PlannerApp(session=session, day=clock.now.date(), theme=theme)


def then(keys: list[str]) -> Any:
    """Press ``keys``, then stop every cursor from blinking."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()  # the review loads in a worker
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
        # Tables size their rows on a later refresh: let the layout settle (a scrollbar
        # appears or not depending on it).
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "snapshot-plan.yaml"
    path.write_text(PLAN)
    return path


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(
    snap_compare: Any,
    paths: Paths,
    plan: Path,
    utc: None,
    screen: str,
    size: tuple[int, int],
    theme: str,
) -> None:
    app = frozen_app(paths, plan, theme)
    assert snap_compare(app, run_before=then(SCREENS[screen]), terminal_size=size)


def test_help(snap_compare: Any, paths: Paths, plan: Path, utc: None) -> None:
    app = frozen_app(paths, plan, "ladder-dark")
    assert snap_compare(app, run_before=then(["question_mark"]), terminal_size=(100, 40))
