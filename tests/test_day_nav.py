"""Moving between days on the checklist (issue 16, finding 6): `[` / `]`, `.` and `escape`,
one rule for past days, and only the keys that work on the day shown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot

from planner.config import Paths
from planner.core.model import Status
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.screens.help import HelpScreen
from planner.ui.screens.today import TodayScreen
from tests.helpers import TODAY, FakeClock, make_app

YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)


def shown(app: PlannerApp) -> TodayScreen:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    return screen


def title(app: PlannerApp) -> str:
    return str(app.screen.query_one("#day-header").render())


def footer_keys(app: PlannerApp) -> set[str]:
    """The actions the footer offers now."""
    return {
        active.binding.action
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.enabled
    }


async def go_to_date(app: PlannerApp, pilot: Pilot[None], typed: str) -> None:
    from planner.ui.palette import ask_date

    ask_date(app)
    await pilot.pause()
    await pilot.press(*typed, "enter")
    await pilot.pause()


async def test_brackets_step_through_days_and_full_stop_comes_back(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        first = shown(app)
        await pilot.press("left_square_bracket")
        assert shown(app) is first and first.date == YESTERDAY
        assert "past day" in title(app)
        assert first.checklist.get_option("task:monday") is not None  # Monday's plan
        await pilot.press("left_square_bracket", "right_square_bracket")
        assert first.date == YESTERDAY
        await pilot.press("full_stop")
        assert first.date == TODAY and first.follows_today
        assert title(app).startswith("Today")
        await pilot.press("right_square_bracket")
        assert first.date == TOMORROW and "plan only" in title(app)


async def test_escape_on_another_day_goes_back_to_today(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert "back" not in footer_keys(app), "on today there is nothing to go back to"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "back" in footer_keys(app)
        await pilot.press("escape")
        assert shown(app).date == TODAY
        await pilot.press("escape")  # on today: nothing happens, the app stays
        assert shown(app).date == TODAY and app.is_running


async def test_a_day_opened_with_go_to_date_is_left_with_escape(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        first = shown(app)
        await go_to_date(app, pilot, "2026-11-20")
        opened = shown(app)
        assert opened is not first and opened.date.isoformat() == "2026-11-20"
        await pilot.press("right_square_bracket")  # still the day opened, moved on
        assert shown(app) is opened and opened.date.isoformat() == "2026-11-21"
        await pilot.press("escape")
        assert shown(app) is first and first.date == TODAY
        await go_to_date(app, pilot, "-3")
        await pilot.press("full_stop")
        assert shown(app) is first, "`.` goes back to today's checklist, none left behind"
        assert len(app.screen_stack) == 1


async def test_a_past_day_is_edited_at_once_and_today_untouched(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("left_square_bracket", "space")
        await pilot.pause()
    store = Store(paths.data_dir)
    yesterday = store.load_day(YESTERDAY)
    assert yesterday is not None and yesterday.task("scan").status is Status.DONE
    assert store.load_day(TODAY) is None or store.load_day(TODAY).task("scan").is_open  # type: ignore[union-attr]


async def test_a_plan_only_day_offers_only_what_works_there(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert {"toggle_done", "skip", "wrap_up"} <= footer_keys(app)
        await pilot.press("right_square_bracket")
        offered = footer_keys(app)
        assert not offered & {"toggle_done", "skip", "timer", "count", "wrap_up"}
        assert {"review", "back"} <= offered
        await pilot.press("space", "s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen), "s asked nothing"
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = " ".join(str(label.render()) for label in help_screen.query("Label"))
        assert "plan only" in text and "Today" not in text.split("Keys")[-1].split("\n")[0]
        assert "Mark the task done" not in text and "Done" not in text.split()
    assert Store(paths.data_dir).load_day(TOMORROW) is None
