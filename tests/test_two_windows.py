"""Two planners open on one day, and the CLI beside them: every change is kept, on both
screens and on disk (the findings of the "never lose a change" issue, replayed)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Label, TextArea

from planner.cli import main
from planner.config import Paths
from planner.core.model import Day, Status
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.screens.today import TodayScreen
from planner.ui.screens.wrap_up import WrapUpScreen
from tests.helpers import TODAY, FakeClock, make_app


def on_disk(paths: Paths) -> Day:
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    return day


def shown(app: PlannerApp) -> Day:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    return screen.day


def checklist_of(app: PlannerApp) -> TodayScreen:
    for screen in app.screen_stack:
        if isinstance(screen, TodayScreen):
            return screen
    raise AssertionError("no checklist")


async def test_a_window_that_writes_shows_what_the_other_wrote(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        await two.press("j", "j", "plus", "plus")  # B counts two comments
        await one.press("n", *"hi", "enter")  # A saves a note on its own task
        await one.pause()
        assert shown(first).task("posts").count == 2, "A shows B's count at once"
        await two.press("j", "space")  # B marks Follow up done
        await one.press("n", "backspace", "backspace", *"ok", "enter")
        await one.pause()
        assert shown(first).task("follow").status is Status.DONE
        assert shown(first).task("scan").note == "ok"
    stored = on_disk(paths)
    assert stored.task("posts").count == 2 and stored.task("follow").status is Status.DONE
    assert stored.task("scan").note == "ok"


async def test_two_wrap_ups_and_the_cli_keep_every_win(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        await one.press("w")
        await two.press("w")
        await one.pause()
        for app, text in ((first, "lead from A"), (second, "lead from B")):
            app.screen.query_one("#wrap-wins", TextArea).load_text(text)
        # While both dialogs are open, a win from the shell.
        assert main(["win", "from the shell", "--date", TODAY.isoformat()]) == 0
        await one.press("ctrl+s")
        await two.press("ctrl+s")
        await one.pause()
        await two.pause()
        wins = {win.text for win in shown(second).wins}
    assert wins == {"lead from A", "lead from B", "from the shell"}
    assert {win.text for win in on_disk(paths).wins} == wins
    assert len({win.id for win in on_disk(paths).wins}) == 3


async def test_the_same_field_changed_in_two_windows_shows_both(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        await one.press("w")
        await two.press("w")
        await one.press(*"short posts")
        await two.press(*"long posts")
        await one.press("ctrl+s")
        await one.pause()
        await two.press("ctrl+s")
        await two.pause()
        dialog = second.screen
        assert isinstance(dialog, WrapUpScreen), "B's dialog stays open with both versions"
        assert dialog.query_one("#wrap-worked", TextArea).text == "short posts\n\nlong posts"
        notice = str(dialog.query_one("#wrap-notice", Label).render())
        assert "Changed elsewhere while you wrote: What worked" in notice
        assert on_disk(paths).worked == "short posts", "nothing was overwritten"
        await two.press("ctrl+s")  # B keeps both
        await two.pause()
        assert checklist_of(second).day.worked == "short posts\n\nlong posts"
    assert on_disk(paths).worked == "short posts\n\nlong posts"


async def test_removing_a_win_leaves_a_tombstone_that_a_merge_keeps(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    assert main(["win", "keep me", "--date", TODAY.isoformat()]) == 0
    assert main(["win", "typo", "--date", TODAY.isoformat()]) == 0
    export = tmp_path / "before.json"  # a copy made while "typo" was still a win
    assert main(["export", "--format", "json", "-o", str(export)]) == 0
    clock.now = clock.now.replace(hour=23)  # the removal comes later than the export
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#wrap-wins", TextArea).load_text("keep me")
        await pilot.press("ctrl+s")
        await pilot.pause()
    day = on_disk(paths)
    assert [win.text for win in day.wins] == ["keep me"]
    assert [win.text for win in day.removed_wins] == ["typo"]
    assert day.removed_wins[0].removed_at is not None
    # The older copy, which still has the win, does not bring it back when merged.
    assert main(["import", "--merge", str(export)]) == 0
    assert [win.text for win in on_disk(paths).wins] == ["keep me"]


async def test_dated_items_from_the_cli_and_another_window_show_up_and_both_stay(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    """Items live in their own files: a window notices them changing as it notices the
    day file, and a change in one window never writes back the other's view."""
    from planner.config import Settings
    from planner.core.ladder import Rung
    from planner.session.work import Session

    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        cli = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
        from_cli = cli.add_item("Call Acme", TODAY, Rung.CLOSE)
        checklist_of(first).reload_if_changed_outside()
        await one.pause()
        assert from_cli.id in {task.id for task in shown(first).tasks}
        await one.press("a", *"Send the proposal", "enter")  # window one adds one
        await one.pause()
        checklist_of(second).reload_if_changed_outside()
        await two.pause()
        titles = {task.title for task in shown(second).tasks if task.one_off}
        assert titles == {"Call Acme", "Send the proposal"}
        checklist_of(second).checklist.move_to(from_cli.id)
        await two.press("space")  # window two settles the CLI's item
        await two.pause()
        checklist_of(first).reload_if_changed_outside()
        await one.pause()
        assert shown(first).task(from_cli.id).status is Status.DONE
    items = {item.task.title: item.task.status for item in cli.items.live_items()}
    assert items == {"Call Acme": Status.DONE, "Send the proposal": Status.OPEN}


@pytest.mark.keys_before_day_stored
async def test_two_windows_and_the_cli_on_a_day_not_created_yet_keep_every_change(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        # Both show the plan and create the day just after their first frames; keys pressed
        # meanwhile go after that. Whichever writes first, the others keep what it wrote.
        await one.press("space")  # A: Scan done
        await two.press("j", "space")  # B: News done
        cli = ["--template", str(plan_file), "--date", TODAY.isoformat()]
        assert main([*cli, "skip", "posts", "--reason", "no time"]) == 0  # the CLI beside them
        for app, pilot in ((first, one), (second, two)):
            screen, deadline = checklist_of(app), time.monotonic() + 30.0  # generous
            while (screen.changes.creating or screen.dirty) and time.monotonic() < deadline:
                await pilot.pause(0.01)
            assert not screen.changes.creating and not screen.dirty
    stored = on_disk(paths)
    assert stored.task("scan").status is Status.DONE
    assert stored.task("news").status is Status.DONE
    assert stored.task("posts").status is Status.SKIPPED
