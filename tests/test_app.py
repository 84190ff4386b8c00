"""The checklist driven as a user drives it: keys in, then the screen and the disk checked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from planner.config import Paths
from planner.core.model import Status
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.screens.today import TodayScreen
from planner.ui.widgets.checklist import Checklist
from tests.helpers import TODAY, FakeClock, make_app


def stored_status(paths: Paths, task_id: str, day: date = TODAY) -> Status:
    stored = Store(paths.data_dir).load_day(day)
    assert stored is not None
    return stored.task(task_id).status


async def test_opens_on_next_up_with_rungs_in_ladder_order(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        ids = [option.id for option in checklist.options]
        assert ids == [
            "rung:listen", "task:scan", "rung:read", "task:news", "rung:comment", "task:posts",
            "rung:create", "rung:communicate", "rung:close", "task:follow",
        ]  # fmt: skip
        assert checklist.current_task_id == "scan"
        assert checklist.has_focus
        assert "next up" in str(checklist.get_option("task:scan").prompt)
        assert "nothing planned" in str(checklist.get_option("rung:create").prompt)
        assert "0/4 done" in str(app.screen.query_one("#day-header").render())
        await pilot.press("q")
    assert app.return_code == 0


async def test_space_marks_done_and_next_up_moves(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("space")
        checklist = app.screen.query_one(Checklist)
        assert "next up" in str(checklist.get_option("task:news").prompt)
        assert "next up" not in str(checklist.get_option("task:scan").prompt)
        assert "1/4 done" in str(app.screen.query_one("#day-header").render())
        assert stored_status(paths, "scan") is Status.DONE
        assert checklist.current_task_id == "news", "the cursor follows next up"
        await pilot.press("k", "space")
        assert stored_status(paths, "scan") is Status.OPEN


async def test_arrows_and_jk_move_between_tasks_only(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        await pilot.press("j")
        assert checklist.current_task_id == "news"
        await pilot.press("down", "down")
        assert checklist.current_task_id == "follow"
        await pilot.press("k")
        assert checklist.current_task_id == "posts"
        await pilot.press("up")
        assert checklist.current_task_id == "news"


async def test_skip_asks_a_reason_and_s_again_takes_it_back(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("s")
        await pilot.press(*"no time", "enter")
        stored = Store(paths.data_dir).load_day(TODAY)
        assert stored is not None
        assert stored.task("scan").status is Status.SKIPPED
        assert stored.task("scan").skip_reason == "no time"
        checklist = app.screen.query_one(Checklist)
        assert "skipped: no time" in str(checklist.get_option("task:scan").prompt)
        await pilot.press("k", "s")  # the cursor followed next up: back to the skipped task
        assert stored_status(paths, "scan") is Status.OPEN


async def test_escape_cancels_a_skip(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("s", "x", "escape")
        assert stored_status(paths, "scan") is Status.OPEN


async def test_note_is_added_then_edited(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("j", "n", *"ACME post", "enter")
        await pilot.press("n", "backspace", "backspace", "backspace", "backspace", *"blog", "enter")
        stored = Store(paths.data_dir).load_day(TODAY)
        assert stored is not None and stored.task("news").note == "ACME blog"


async def test_plus_and_minus_count_towards_the_target(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("j", "j", "plus", "plus")
        checklist = app.screen.query_one(Checklist)
        assert "2/3 comments" in str(checklist.get_option("task:posts").prompt)
        assert stored_status(paths, "posts") is Status.OPEN
        await pilot.press("plus")
        assert stored_status(paths, "posts") is Status.DONE
        await pilot.press("j", "j", "minus")  # the cursor went on to next up (scan)
        stored = Store(paths.data_dir).load_day(TODAY)
        assert stored is not None
        assert (stored.task("posts").count, stored.task("posts").status) == (2, Status.OPEN)


async def test_plus_on_a_task_without_target_explains(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("plus")
        await pilot.pause()
        assert any("no target" in n.message for n in app._notifications)
        assert stored_status(paths, "scan") is Status.OPEN


async def test_everything_is_as_left_after_a_restart(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("space", "s", *"later", "enter")  # the cursor follows next up
        await pilot.press("plus", "n", *"two so far", "enter")
        await pilot.press("q")
    before = Store(paths.data_dir).load_day(TODAY)

    again = make_app(paths, clock, plan_file)
    async with again.run_test():
        checklist = again.screen.query_one(Checklist)
        assert checklist.current_task_id == "posts", "the cursor starts on next up"
        prompt = str(checklist.get_option("task:posts").prompt)
        assert "1/3 comments" in prompt and "two so far" in prompt
        assert "skipped: later" in str(checklist.get_option("task:news").prompt)
    after = Store(paths.data_dir).load_day(TODAY)
    assert before == after
    assert after is not None and after.task("scan").done_at is not None


async def test_a_past_day_can_be_filled_in(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    monday = TODAY - timedelta(days=1)
    app = make_app(paths, clock, plan_file, day=monday)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        assert checklist.get_option("task:monday") is not None
        assert "past day" in str(app.screen.query_one("#day-header").render())
        await pilot.press("space")
    assert stored_status(paths, "scan", monday) is Status.DONE
    assert Store(paths.data_dir).load_day(TODAY) is None, "today was not touched"


async def test_a_future_day_shows_the_plan_and_refuses_changes(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    future = TODAY + timedelta(days=6)  # a Monday
    app = make_app(paths, clock, plan_file, day=future)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        assert checklist.get_option("task:monday") is not None
        assert any("this is the plan" in n.message for n in app._notifications)
        await pilot.press("space", "s", "t", "enter")  # hidden keys; enter is refused
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen), "s asked no reason: skip is hidden"
        assert any("not come yet" in n.message for n in app._notifications)
    assert Store(paths.data_dir).load_day(future) is None


async def test_changes_from_another_instance_show_up(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        from planner.core.plan import mark_done

        Store(paths.data_dir).update_task(TODAY, "follow", lambda t: mark_done(t, clock()))
        app.screen.reload_if_changed_outside()  # type: ignore[attr-defined]
        await pilot.pause()
        checklist = app.screen.query_one(Checklist)
        assert "done" in str(checklist.get_option("task:follow").prompt)
        assert checklist.current_task_id == "scan", "the cursor stays where it was"


async def test_click_on_a_task_toggles_it(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        index = checklist.get_option_index("task:news")
        # Options can span several lines (rung spacing, notes): count the lines above.
        news_line = sum(str(option.prompt).count("\n") + 1 for option in checklist.options[:index])
        await pilot.click(Checklist, offset=(10, news_line))
        assert stored_status(paths, "news") is Status.DONE


async def test_app_with_no_arguments_uses_the_environment(planner_home: Path) -> None:
    app = PlannerApp()
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        assert checklist.current_task_id is not None
        assert "Daily marketing hour" in str(app.screen.query_one("#day-header").render())
        await pilot.press("q")
