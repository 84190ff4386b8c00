"""The review's figures read as a person reads them: one unit style for time (4h35m, never
275m beside 2h22m), the drop? window named (it is not the week shown), channels with no
time spent ranked after those that took time, and a goal's status whole at 80 columns."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from planner.config import Paths, Settings
from planner.core.model import WrapUp
from planner.session.work import Session
from planner.ui.screens.review import ReviewScreen
from tests.helpers import TODAY, FakeClock, make_app

PLAN = """\
name: Fit
budget_minutes: 300
ladder:
  listen:
    - {title: Scan, id: scan, minutes: 125, channel: X}
  create:
    - {title: Write, id: write, minutes: 150, channel: Blog}
goals:
  - {name: New leads, unit: leads, target: 3, per: week}
"""


def monday_worked(paths: Paths, clock: FakeClock, plan: Path) -> None:
    """Monday: both tasks done without a timer (spent = planned), a win on Blog, one on
    Friends (no task, no time), 2 leads; X took time and brought nothing."""
    session = Session(paths, Settings(), template_choice=str(plan), clock=clock)
    monday = TODAY - timedelta(days=1)
    session.open_day(monday)
    for task_id in ("scan", "write"):
        session.toggle_done(monday, task_id)
    session.add_outcome(monday, "win", "post shared", "Blog")
    session.add_outcome(monday, "win", "a referral", "Friends")
    session.save_wrap_up(monday, WrapUp(), WrapUp(measurements={"leads": 2.0}))


def cells(table: DataTable[Any], key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def test_the_review_at_80_columns_says_units_windows_and_whole_statuses(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    plan = tmp_path / "fit.yaml"
    plan.write_text(PLAN)
    monday_worked(paths, clock, plan)
    app = make_app(paths, clock, plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)

        # Monday and today planned 275m each: said as hours and minutes, like the time logged.
        summary = str(screen.query_one("#review-range", Static).render())
        assert "0m of 9h10m" in summary and "550m" not in summary
        rungs = screen.query_one("#rung-table", DataTable)
        assert cells(rungs, "listen")[4:6] == ["4h10m", "0m"]

        returns = screen.query_one("#returns-table", DataTable)
        assert [str(key.value) for key in returns.rows] == ["Blog", "X", "Friends"]
        assert cells(returns, "Friends")[1:5] == ["0m", "1", "0", "·"]
        assert cells(returns, "X")[5] == "drop? last 30/90 days"
        drop = returns.ordered_columns[5]
        assert drop.get_render_width(returns) >= len("drop? last 30/90 days")  # not cut
        assert sum(column.get_render_width(returns) for column in returns.ordered_columns) < 78
        heading = str(screen.query_one("#returns-heading", Static).render())
        assert "drop? = time spent, no win in the last 30 or 90 days" in heading

        status = screen.query_one(".goal-status", Static)
        text = str(status.render())
        assert text == "2/3 leads this week  on track"
        # Whole, on one line, inside the 80 columns.
        assert status.size.height == 1 and status.size.width >= len(text)
        assert status.region.right <= 80
