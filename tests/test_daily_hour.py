"""The daily hour in the app: timers on an injected clock, the time box, ladder notices,
rollover and the wrap-up. Time moves by setting the fake clock, never by sleeping."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from planner.config import Paths
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.screens.today import TodayScreen
from planner.ui.widgets.checklist import Checklist
from tests.helpers import TODAY, FakeClock, make_app


def stored(paths: Paths, day: date = TODAY):  # type: ignore[no-untyped-def]
    result = Store(paths.data_dir).load_day(day)
    assert result is not None
    return result


def screen(app: PlannerApp) -> TodayScreen:
    assert isinstance(app.screen, TodayScreen)
    return app.screen


def messages(app: PlannerApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_timer_runs_pauses_and_only_one_runs(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("t")
        assert stored(paths).task("scan").running_since is not None
        clock.now += timedelta(minutes=2, seconds=5)
        screen(app).tick()
        checklist = app.screen.query_one(Checklist)
        assert "⏱ 2:05" in str(checklist.get_option("task:scan").prompt)
        await pilot.press("j", "t")  # starting another pauses the first
        day = stored(paths)
        assert day.task("scan").running_since is None and day.task("scan").seconds == 125
        assert day.task("news").running_since is not None
        clock.now += timedelta(minutes=3)
        await pilot.press("t")
        assert stored(paths).task("news").seconds == 180
        assert "5m of 30m logged" in str(app.screen.query_one("#day-header").render())


async def test_edit_logged_minutes(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", *"25", "enter")
        assert stored(paths).task("scan").seconds == 25 * 60
        await pilot.press("e", "ctrl+a", "ctrl+k", *"1h5m", "enter")
        assert stored(paths).task("scan").seconds == 65 * 60


async def test_budget_used_up_is_said_once(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("t")
        clock.now += timedelta(minutes=31)
        screen(app).tick()
        screen(app).tick()
        await pilot.pause()
        assert sum("time box is used up" in m for m in messages(app)) == 1
        assert stored(paths).budget_noticed
    again = make_app(paths, clock, plan_file)
    async with again.run_test() as pilot:
        await pilot.press("y")  # keep the running time
        screen(again).tick()
        await pilot.pause()
        assert not any("time box is used up" in m for m in messages(again))


async def test_out_of_order_done_is_noticed_and_recorded(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("j", "j", "j", "space")  # "follow" (close) while listen is open
        await pilot.pause()
        assert any("Listen still has open tasks" in m for m in messages(app))
        assert stored(paths).task("follow").out_of_order
        await pilot.press("k", "k", "k", "space")  # listen itself: in order
        assert not stored(paths).task("scan").out_of_order


async def test_a_timer_left_running_asks_keep_or_stop(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("t")
        clock.now += timedelta(minutes=10)
        screen(app).heartbeat()
        await pilot.press("q")
    closed_at = clock.now
    clock.now += timedelta(hours=2)

    again = make_app(paths, clock, plan_file)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert "left running" in str(again.screen.query_one("#confirm-question").render())
        await pilot.press("n")  # stop at the moment planner closed
        await pilot.pause()
    task = stored(paths).task("scan")
    assert task.running_since is None and task.seconds == 10 * 60
    assert datetime.fromisoformat(task.intervals[-1][1]) == closed_at


async def test_keeping_the_gap_counts_it(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("t")
        await pilot.press("q")
    clock.now += timedelta(hours=1)
    again = make_app(paths, clock, plan_file)
    async with again.run_test() as pilot:
        await pilot.press("y")
        await pilot.press("t")
    assert stored(paths).task("scan").seconds == 3600


async def test_a_day_left_open_past_midnight_moves_on(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("space", "t")  # done; the cursor moved on to the news: its timer
        clock.now += timedelta(days=1)
        screen(app).tick()
        await pilot.pause()
        assert screen(app).date == TODAY + timedelta(days=1)
        assert any("new day has started" in m for m in messages(app))
        assert app.screen.query_one(Checklist).current_task_id == "scan"
    old = stored(paths)
    assert old.task("scan").status.value == "done", "nothing is lost"
    assert old.task("news").running_since is None and old.task("news").seconds > 0


async def test_wrap_up_is_stored_and_editable(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w")
        await pilot.press(*"Comments on ACME posts")
        await pilot.press("tab", *"new lead: ACME @LinkedIn", "enter", *"a referral")
        await pilot.press("tab", *"no reply from Bob @Email")
        await pilot.press("tab", *"good day", "ctrl+s")
        await pilot.pause()
    day = stored(paths)
    assert day.worked == "Comments on ACME posts" and day.wrap_note == "good day"
    assert [(w.text, w.channel) for w in day.wins] == [
        ("new lead: ACME", "LinkedIn"),
        ("a referral", None),
    ]
    assert [(loss.text, loss.channel) for loss in day.losses] == [("no reply from Bob", "Email")]

    again = make_app(paths, clock, plan_file)
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        wins = again.screen.query_one("#wrap-wins")
        assert "new lead: ACME @LinkedIn" in wins.text  # type: ignore[attr-defined]
        await pilot.press("escape")
    assert stored(paths).wins == day.wins
