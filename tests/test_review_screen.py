"""The review screen, the heatmap and the day detail, driven with keys and the mouse.

History is written through a Session for dates before TODAY (a Tuesday), then the app is
opened on TODAY and `r` pressed. Assertions are on the widgets and on the day files.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from planner.config import Paths, Settings
from planner.core.model import Status
from planner.core.plan import skip
from planner.session.work import Session
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.screens.day_detail import DayDetailScreen
from planner.ui.screens.review import ReviewScreen, range_title
from planner.ui.screens.today import BackfillScreen, TodayScreen
from planner.ui.widgets.checklist import Checklist
from planner.ui.widgets.heatmap import (
    CELL,
    LABEL_WIDTH,
    NO_DATA,
    WEEKS_IN_A_YEAR,
    Heatmap,
    share_level,
)
from tests.helpers import TODAY, FakeClock, make_app, on_screen

D = timedelta(days=1)
PARTIAL = date(2026, 11, 19)  # a Thursday: scan done, news skipped with a reason, a note


def work_day(session: Session, day: date, *, only: set[str] | None = None) -> None:
    """Store ``day`` from the template and mark its tasks (or only those named) done."""
    view = session.open_day(day)
    for task in view.day.tasks:
        if only is None or task.id in only:
            session.toggle_done(day, task.id)


@pytest.fixture
def history(paths: Paths, clock: FakeClock, plan_file: Path) -> Session:
    """Runs of 6 (10-15 Nov) and 4 (20-23 Nov) complete days; a gap on the 16th-17th,
    the 18th complete, the 19th partial (breaks the run)."""
    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    for offset in range(6):
        work_day(session, date(2026, 11, 10) + offset * D)
    work_day(session, date(2026, 11, 18))
    work_day(session, PARTIAL, only={"scan"})
    session.change_task(PARTIAL, "news", lambda task: skip(task, "no time", clock.now))
    session.change_task(PARTIAL, "follow", lambda task: replace(task, note="call ACME"))
    session.add_outcome(PARTIAL, "win", "demo booked", "LinkedIn")
    for offset in range(4):
        work_day(session, date(2026, 11, 20) + offset * D)
    return session


def review_app(paths: Paths, clock: FakeClock, plan_file: Path) -> PlannerApp:
    return make_app(paths, clock, plan_file)


async def open_review(app: App[Any], pilot: Any) -> ReviewScreen:
    await pilot.press("r")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def row(table: DataTable[Any], key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def test_streaks_and_week_tables(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(app, pilot)
        streaks = text_of(screen, "#review-streaks")
        assert "4 days now" in streaks  # today is still open: the run ends yesterday
        assert "6 days longest" in streaks
        assert "23 Nov - 24 Nov 2026" in text_of(screen, "#review-title")
        rungs = screen.query_one("#rung-table", DataTable)
        assert rungs.row_count == 6
        # Mon 23 Nov complete (the Monday-only task too), today open.
        assert row(rungs, "close")[1:4] == ["2", "0", "1"]
        assert row(rungs, "listen")[1:5] == ["1", "0", "1", "10m"]
        channels = screen.query_one("#channel-table", DataTable)
        assert row(channels, "LinkedIn")[:4] == ["LinkedIn", "1", "0", "1"]
        assert not screen.loading_now


async def test_range_switching(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(app, pilot)
        rungs = screen.query_one("#rung-table", DataTable)
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "November 2026" in text_of(screen, "#review-title")
        # listen: 12 days with scan done (10-15, 18, 19, 20-23), today's still open.
        assert row(rungs, "listen")[1:4] == ["12", "0", "1"]
        assert row(rungs, "read")[1:4] == ["11", "1", "1"]  # the 19th's news was skipped
        assert "This month" in text_of(screen, "#review-range")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Review · year · 2026" in text_of(screen, "#review-title")
        await pilot.press("w", "left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "16 Nov - 22 Nov 2026" in text_of(screen, "#review-title")
        assert row(rungs, "listen")[1:4] == ["5", "0", "0"]  # 18-22 stored, all with scan
        await pilot.press("right_square_bracket", "right_square_bracket")  # not past today
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "23 Nov - 24 Nov 2026" in text_of(screen, "#review-title")


async def test_channel_returns_mark_drop_candidates(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(app, pilot)
        returns = screen.query_one("#returns-table", DataTable)
        linkedin = row(returns, "LinkedIn")
        assert linkedin[2] == "0"  # no win this week
        assert "drop?" not in linkedin[5]  # the win on the 19th is inside 30 days
        history.add_outcome(TODAY, "loss", "ghosted", "Mastodon")
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert row(returns, "Mastodon")[3] == "1"
        assert "drop?" not in row(returns, "Mastodon")[5]  # no time spent on it


async def test_screen_is_up_before_the_worker_is_done(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: Any
) -> None:
    release = threading.Event()
    real_review = Session.review

    def slow_review(self: Session, *args: Any, **kwargs: Any) -> Any:
        assert release.wait(10), "the test never released the worker"
        return real_review(self, *args, **kwargs)

    monkeypatch.setattr(Session, "review", slow_review)
    app = review_app(paths, clock, plan_file)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.loading_now
            assert "loading…" in text_of(screen, "#review-title")
            assert screen.query_one("#rung-table", DataTable).row_count == 0
            await pilot.press("down")  # the UI still answers keys while the worker waits
            assert screen.query_one(Heatmap).cursor is None  # no data yet: nothing to move
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not screen.loading_now
            assert screen.query_one("#rung-table", DataTable).row_count == 6
            assert screen.query_one(Heatmap).cursor == TODAY
    finally:
        release.set()


async def test_enter_on_a_heatmap_day_opens_its_detail(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(app, pilot)
        heatmap = screen.query_one(Heatmap)
        assert heatmap.has_focus and heatmap.cursor == TODAY
        await pilot.press("left", "down", "down")  # Tue 17 -> Thu 19 Nov
        assert heatmap.cursor == PARTIAL
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DayDetailScreen) and detail.date == PARTIAL
        tasks = text_of(detail, "#detail-tasks")
        for title in ("Scan mentions", "Read the news", "Comment on posts", "Follow up"):
            assert title in tasks
        assert "Mondays only" not in tasks  # a Thursday
        assert "skipped: no time" in tasks
        assert "✎ call ACME" in tasks
        assert "1/4 done · 1 skipped · 2 left open" in text_of(detail, "#detail-title")
        assert "demo booked @LinkedIn" in text_of(detail, "#detail-wrap-up")
        await pilot.press("space")  # read-only: nothing is toggled
        stored = Store(paths.data_dir).load_day(PARTIAL)
        assert stored is not None and stored.task("posts").status is Status.OPEN
        await pilot.press("escape")
        assert app.screen is screen


async def test_backfill_opens_the_checklist_on_that_date_and_saves(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("left", "down", "down", "enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DayDetailScreen)
        await pilot.press("b")  # a past day opens ready to edit, as from Go to date
        await pilot.pause()
        checklist_screen = app.screen
        assert isinstance(checklist_screen, BackfillScreen)
        assert isinstance(checklist_screen, TodayScreen) and checklist_screen.date == PARTIAL
        assert not checklist_screen.follows_today
        checklist = checklist_screen.query_one(Checklist)
        assert checklist.current_task_id == "posts"  # next up on that day
        await pilot.press("space")
        stored = Store(paths.data_dir).load_day(PARTIAL)
        assert stored is not None and stored.task("posts").status is Status.DONE
        today = Store(paths.data_dir).load_day(TODAY)
        assert today is not None and today.task("posts").status is Status.OPEN
        await pilot.press("escape")
        assert on_screen(app) is detail
        assert "2/4 done" in text_of(detail, "#detail-title")  # read again
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert on_screen(app) is screen
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rungs = screen.query_one("#rung-table", DataTable)
        assert row(rungs, "comment")[1:4] == ["12", "0", "1"]  # the backfilled count


async def test_click_on_a_heatmap_cell_opens_that_day(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_review(app, pilot)
        heatmap = app.screen.query_one(Heatmap)
        assert heatmap.weeks_shown == WEEKS_IN_A_YEAR
        monday_23 = (LABEL_WIDTH + WEEKS_IN_A_YEAR - 1, 1)
        assert heatmap.day_at(*monday_23) == date(2026, 11, 23)
        await pilot.click(Heatmap, offset=monday_23)
        await pilot.pause()
        assert isinstance(app.screen, DayDetailScreen)
        assert app.screen.date == date(2026, 11, 23)


async def test_escape_and_q_go_back_to_the_checklist(
    history: Session, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await open_review(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        await open_review(app, pilot)
        await pilot.press("q")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running


async def test_goals_dashboard(paths: Paths, clock: FakeClock, tmp_path: Path) -> None:
    plan = tmp_path / "goals.yaml"
    plan.write_text(
        "name: Goals\nladder:\n  comment:\n"
        "    - {title: Comment, id: posts, target: 3, unit: comments}\n"
        "goals:\n  - {name: Comments, unit: comments, target: 6, per: week}\n"
        "  - {name: Leads, unit: leads, target: 3, per: week}\n"
    )
    session = Session(paths, Settings(), template_choice=str(plan), clock=clock)
    monday = TODAY - D
    session.open_day(monday)
    session.change_task(monday, "posts", lambda task: replace(task, count=6))
    app = make_app(paths, clock, plan)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_review(app, pilot)
        rows = screen.query(".goal-row")
        assert len(rows) == 2
        statuses = [str(row.query_one(".goal-status", Static).render()) for row in rows]
        assert statuses[0] == "6/6 comments this week  met"
        assert statuses[1] == "0/3 leads this week  behind"


async def test_a_store_without_history_shows_empty_figures(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = review_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = await open_review(app, pilot)
        assert "0 days now" in text_of(screen, "#review-streaks")
        assert "no channel time yet" not in str(
            screen.query_one("#returns-table", DataTable).get_row_at(0)
        )  # today is stored (opened by the app): LinkedIn has a planned task
        assert "No goals" in str(screen.query_one(".goal-empty", Static).render())


# --- the heatmap widget on its own ------------------------------------------------------


class HeatmapApp(App[None]):
    def __init__(self, cells: list[tuple[date, float | None]], width: str = "auto") -> None:
        super().__init__()
        self.cells = cells
        self.chosen: list[date] = []
        self.width = width

    def compose(self) -> ComposeResult:
        heatmap = Heatmap(self.cells, today=TODAY)
        heatmap.styles.width = self.width
        yield heatmap

    def on_heatmap_day_chosen(self, message: Heatmap.DayChosen) -> None:
        self.chosen.append(message.date)


def test_share_levels() -> None:
    assert [share_level(s) for s in (0, 0.01, 0.49, 0.5, 0.74, 0.75, 0.99, 1)] == [
        0, 1, 1, 2, 2, 3, 3, 4,
    ]  # fmt: skip


async def test_no_data_looks_different_from_nothing_done() -> None:
    cells: list[tuple[date, float | None]] = [(TODAY - D, 0.0), (TODAY, None)]
    app = HeatmapApp(cells)
    async with app.run_test() as pilot:
        heatmap = app.query_one(Heatmap)
        last = LABEL_WIDTH + WEEKS_IN_A_YEAR - 1
        monday, tuesday = heatmap.render_line(1), heatmap.render_line(2)
        assert monday.crop(last, last + 1).text == CELL
        assert tuesday.crop(last, last + 1).text == NO_DATA
        wednesday = heatmap.render_line(3)
        assert wednesday.crop(last, last + 1).text == " "  # the future is blank
        assert "no day stored" in heatmap.render_line(8).text
        await pilot.press("up")
        assert "0% done" in heatmap.render_line(8).text


async def test_cursor_moves_by_day_and_week_within_the_shown_days() -> None:
    cells: list[tuple[date, float | None]] = [(TODAY - n * D, 1.0) for n in range(400)]
    app = HeatmapApp(cells)
    async with app.run_test() as pilot:
        heatmap = app.query_one(Heatmap)
        await pilot.press("down", "right")  # nothing after today
        assert heatmap.cursor == TODAY
        await pilot.press("up", "left")
        assert heatmap.cursor == TODAY - 8 * D
        await pilot.press("home")
        assert heatmap.cursor == heatmap.first_day == date(2025, 11, 24)
        await pilot.press("left", "up")
        assert heatmap.cursor == date(2025, 11, 24)
        await pilot.press("end", "enter")
        assert app.chosen == [TODAY]


async def test_a_narrow_heatmap_shows_the_latest_weeks() -> None:
    cells: list[tuple[date, float | None]] = [(TODAY - n * D, 0.5) for n in range(365)]
    app = HeatmapApp(cells, width="30")
    async with app.run_test(size=(40, 12)) as pilot:
        heatmap = app.query_one(Heatmap)
        assert heatmap.weeks_shown == 26
        assert heatmap.first_day == TODAY - 1 * D - 25 * 7 * D
        await pilot.press("home")
        assert heatmap.cursor == heatmap.first_day


def test_range_titles() -> None:
    assert range_title("week", date(2026, 11, 23), TODAY) == "23 Nov - 24 Nov 2026"
    assert range_title("week", date(2025, 12, 29), date(2026, 1, 4)) == (
        "29 Dec 2025 - 04 Jan 2026"
    )
    assert range_title("month", date(2026, 11, 1), TODAY) == "November 2026"
    assert range_title("year", date(2026, 1, 1), TODAY) == "2026"


async def test_the_review_lists_published_pieces_with_their_wins(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    old = session.add_idea("Post: what a client asked about pricing", "LinkedIn")
    session.schedule_idea(old.id, TODAY - timedelta(days=120))
    session.publish_idea(old.id, "https://example.com/pricing")
    fresh = session.add_idea("Newsletter: the week's questions")
    session.schedule_idea(fresh.id, TODAY)
    session.publish_idea(fresh.id)
    for _ in range(2):
        session.add_outcome(TODAY - timedelta(days=100), "win", "a lead", None, piece=old.id)
    app = review_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await open_review(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#piece-table", DataTable)
        assert row(table, old.id)[1:] == [
            "Post: what a client asked about pricing",
            "LinkedIn",
            "2",
            "re-share?",
        ]
        assert row(table, fresh.id)[3:] == ["0", ""]
        assert next(iter(table.rows)).value == fresh.id, "newest first"
