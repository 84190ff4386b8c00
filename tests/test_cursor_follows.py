"""Issue 16, finding 1: the cursor follows the work. Done, skip or a reached target moves it
to the next-up task, so a day is worked through with one key per task; the setting
``cursor_follows_next_up: false`` keeps it where it was; undo never moves it."""

from __future__ import annotations

from pathlib import Path

from planner.config import Paths, Settings, load_settings
from planner.core.model import Status
from planner.session.work import Session
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.widgets.checklist import Checklist
from tests.helpers import TODAY, FakeClock, make_app


def statuses(paths: Paths) -> dict[str, Status]:
    stored = Store(paths.data_dir).load_day(TODAY)
    assert stored is not None
    return {task.id: task.status for task in stored.tasks}


def app_without_following(paths: Paths, clock: FakeClock, plan_file: Path) -> PlannerApp:
    settings = Settings(cursor_follows_next_up=False)
    session = Session(paths, settings, template_choice=str(plan_file), clock=clock)
    return PlannerApp(session=session, day=TODAY)


async def test_a_day_of_four_tasks_is_done_with_four_spaces(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        seen = [checklist.current_task_id]
        for _ in range(4):
            await pilot.press("space")
            seen.append(checklist.current_task_id)
        assert seen == ["scan", "news", "posts", "follow", "follow"]  # the last stays put
        assert statuses(paths) == dict.fromkeys(["scan", "news", "posts", "follow"], Status.DONE)
        assert "4/4 done" in str(app.screen.query_one("#day-header").render())


async def test_with_the_setting_off_the_cursor_stays(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = app_without_following(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        await pilot.press("space")
        assert checklist.current_task_id == "scan"
        assert "next up" in str(checklist.get_option("task:news").prompt)
        await pilot.press("s", "enter")
        assert checklist.current_task_id == "scan"
        await pilot.press("space")  # on the skipped task: done instead, as before
        assert statuses(paths)["scan"] is Status.DONE
        assert statuses(paths)["news"] is Status.OPEN


async def test_skip_moves_the_cursor_to_the_next_up_task(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        await pilot.press("s", *"no time", "enter")
        assert checklist.current_task_id == "news"
        await pilot.press("s", "enter")
        assert checklist.current_task_id == "posts"
        assert statuses(paths)["scan"] is Status.SKIPPED
        assert statuses(paths)["news"] is Status.SKIPPED
        assert statuses(paths)["posts"] is Status.OPEN


async def test_reaching_the_target_moves_the_cursor_and_counting_before_does_not(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        await pilot.press("j", "j", "plus", "plus")
        assert checklist.current_task_id == "posts"  # 2/3: still counting
        await pilot.press("plus")
        assert statuses(paths)["posts"] is Status.DONE
        assert checklist.current_task_id == "scan"  # the next up: listen is still open


async def test_undo_and_opening_a_task_again_leave_the_cursor(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        await pilot.press("space")
        assert checklist.current_task_id == "news"
        await pilot.press("u")  # scan is open again, and next up, but the cursor stays
        assert statuses(paths)["scan"] is Status.OPEN
        assert checklist.current_task_id == "news"
        await pilot.press("k", "space")
        assert checklist.current_task_id == "news"
        await pilot.press("k", "space")  # back on it: opened again, the cursor stays
        assert statuses(paths)["scan"] is Status.OPEN
        assert checklist.current_task_id == "scan"


def test_the_setting_is_read_from_config_yaml(tmp_path: Path) -> None:
    file = tmp_path / "config.yaml"
    assert load_settings(file).cursor_follows_next_up is True
    file.write_text("cursor_follows_next_up: false\n")
    assert load_settings(file).cursor_follows_next_up is False


def ladder_notices(app: PlannerApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Out of ladder order"]


async def test_the_out_of_ladder_order_notice_is_said_once_per_rung(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    """Issue 16, finding 9: not on every action."""
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        await pilot.press("j", "space")  # news done while Listen is open
        assert ladder_notices(app) == ["Listen still has open tasks: the ladder puts listen first."]
        assert checklist.current_task_id == "scan"
        await pilot.press("j", "j", "space")  # posts done: Listen again, not said again
        await pilot.press("j", "j", "j", "t")  # a timer on follow: still not said
        assert statuses(paths)["posts"] is Status.DONE
        assert app.screen.day.task("follow").running_since is not None  # type: ignore[attr-defined]
        assert len(ladder_notices(app)) == 1
