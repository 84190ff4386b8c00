"""Snapshots where the picture is the point: the heatmap's shades, labels and legend, and
the review screen's layout at the smallest size and a comfortable one.

The data is made by a formula (no randomness), the date and clock are fixed, TZ is UTC.
Update on purpose with `pytest tests/test_review_snapshots.py --snapshot-update`, then
look at the pictures (the report, or the SVGs in tests/__snapshots__).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

from planner.config import Paths, Settings
from planner.session.work import Session
from planner.ui.themes.loading import load_themes
from planner.ui.widgets.heatmap import Heatmap
from tests.helpers import TODAY, FakeClock, make_app


def year_of_shares() -> list[tuple[date, float | None]]:
    """A year that starts sparse and gets steadier: gaps, every shade, a recent streak."""
    cells: list[tuple[date, float | None]] = []
    for back in range(364, -1, -1):
        day = TODAY - timedelta(days=back)
        if back > 300 and back % 3:
            share: float | None = None  # before the habit took
        elif back % 11 == 5 or (day.weekday() == 6 and back > 60):
            share = None  # a missed day, most Sundays off
        elif back < 12:
            share = 1.0
        else:
            share = ((back * 7) % 10) / 8
        cells.append((day, min(share, 1.0) if share is not None else None))
    return cells


class HeatmapApp(App[None]):
    """Just the heatmap, in one of the shipped themes."""

    CSS = "Screen { padding: 1 2; }"

    def __init__(self, theme: str) -> None:
        super().__init__()
        self._theme_name = theme

    def compose(self) -> ComposeResult:
        yield Heatmap(year_of_shares(), today=TODAY)

    def on_mount(self) -> None:
        for theme in load_themes(None).themes:
            self.register_theme(theme)
        self.theme = self._theme_name


def test_heatmap_dark_80x24(snap_compare: Any) -> None:
    # Cursor moved back a week and a day: the footer shows that day and its share.
    app = HeatmapApp("ladder-dark")
    assert snap_compare(app, press=["left", "up"], terminal_size=(80, 24))


def test_heatmap_light_120x40(snap_compare: Any) -> None:
    assert snap_compare(HeatmapApp("ladder-light"), terminal_size=(120, 40))


def test_heatmap_narrow_shows_the_latest_weeks(snap_compare: Any) -> None:
    assert snap_compare(HeatmapApp("ladder-dark"), terminal_size=(44, 14))


def stored_history(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    for back in range(1, 40):
        day = TODAY - timedelta(days=back)
        if back % 9 == 4:
            continue  # a gap
        view = session.open_day(day)
        for index, task in enumerate(view.day.tasks):
            if back < 8 or (back + index) % 3:
                session.toggle_done(day, task.id)
        if back % 6 == 0:
            session.add_outcome(day, "win", "new lead", "LinkedIn")


async def _review(pilot: Any) -> None:
    await pilot.press("r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_review_screen_80x24(
    snap_compare: Any, paths: Paths, clock: FakeClock, plan_file: Path, utc: None
) -> None:
    stored_history(paths, clock, plan_file)
    app = make_app(paths, clock, plan_file)
    assert snap_compare(app, run_before=_review, terminal_size=(80, 24))


def test_review_screen_120x40_light(
    snap_compare: Any, paths: Paths, clock: FakeClock, plan_file: Path, utc: None
) -> None:
    stored_history(paths, clock, plan_file)
    app = make_app(paths, clock, plan_file)
    app._theme_choice = "ladder-light"
    assert snap_compare(app, run_before=_review, terminal_size=(120, 40))
