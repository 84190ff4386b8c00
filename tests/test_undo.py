"""Undo and redo in the checklist: `u` / ctrl+z take this window's last change back exactly,
`U` / ctrl+y make it again, and nothing changed elsewhere since is ever overwritten."""

from __future__ import annotations

from copy import deepcopy
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.config import Paths
from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState
from planner.store.changes import ChangedElsewhere, restored, step_between
from planner.store.day_format import task_as_record
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.palette import planner_commands
from planner.ui.screens.help import HelpScreen
from planner.ui.screens.today import TodayScreen
from tests.helpers import PLAN, TODAY, FakeClock, make_app


def on_disk(paths: Paths) -> Day:
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    return day


def content(task: TaskState) -> dict[str, Any]:
    """What a task says, without when it was last written."""
    return {key: value for key, value in task_as_record(task).items() if key != "updated_at"}


def toasts(app: PlannerApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


# The keys of each kind of change, pressed with the cursor on "Scan mentions" (the first
# task), and the task whose record they change.
CHANGES: dict[str, tuple[tuple[str, ...], str]] = {
    "done": (("space",), "scan"),
    "skip": (("s", *"on the road", "enter"), "scan"),
    "count": (("j", "j", "plus"), "posts"),
    "note": (("n", *"call Bob", "enter"), "scan"),
    "time": (("e", *"25", "enter"), "scan"),
    "timer": (("t",), "scan"),
}


@pytest.mark.parametrize("kind", CHANGES)
async def test_undo_restores_the_task_exactly_and_redo_makes_the_change_again(
    paths: Paths, clock: FakeClock, plan_file: Path, kind: str
) -> None:
    keys, task_id = CHANGES[kind]
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = content(on_disk(paths).task(task_id))
        await pilot.press(*keys)
        await pilot.pause()
        after = content(on_disk(paths).task(task_id))
        assert after != before, f"{kind} changed nothing"
        clock.now += timedelta(minutes=5)  # undo later: the old values, not new ones
        await pilot.press("u")
        await pilot.pause()
        assert content(on_disk(paths).task(task_id)) == before
        assert any(text.startswith("Undid: ") for text in toasts(app))
        await pilot.press("U")
        await pilot.pause()
        assert content(on_disk(paths).task(task_id)) == after
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert content(on_disk(paths).task(task_id)) == before


async def test_a_second_space_is_undone_back_to_the_first_done_time(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("space")
        await pilot.pause()
        first = on_disk(paths).task("scan")
        clock.now += timedelta(minutes=20)
        await pilot.press("k", "space")  # back up to it (the cursor moved on): a slip, reopened
        await pilot.press("u")
        await pilot.pause()
        again = on_disk(paths).task("scan")
        assert again.status is Status.DONE and again.done_at == first.done_at
        assert again.updated_at is not None and first.updated_at is not None
        assert again.updated_at > first.updated_at, "old values, fresh stamp"
        assert "Undid: reopen · Scan mentions" in toasts(app)


async def test_undo_takes_back_a_wrap_up_and_a_sync(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("w", *"short posts", "ctrl+s")
        await pilot.pause()
        assert on_disk(paths).worked == "short posts"
        await pilot.press("u")
        await pilot.pause()
        assert on_disk(paths).worked == ""
        plan_file.write_text(PLAN + "  create:\n    - {title: Write a post, id: post}\n")
        await pilot.press("S", "y")
        await pilot.pause()
        assert "post" in [task.id for task in on_disk(paths).tasks]
        await pilot.press("u")
        await pilot.pause()
        assert "post" not in [task.id for task in on_disk(paths).tasks]
        assert "Undid: sync with the template" in toasts(app)


async def test_undo_never_overwrites_a_change_made_elsewhere(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        await one.press("n", *"mine", "enter")
        await one.pause()
        await two.pause()
        screen_b = second.screen
        assert isinstance(screen_b, TodayScreen)
        screen_b.reload_if_changed_outside()  # B's poll (every 2 s) sees A's note
        await two.press("n", "ctrl+a", "ctrl+k", *"theirs", "enter")  # B rewrites the note
        await two.pause()
        assert on_disk(paths).task("scan").note == "theirs"
        await one.press("u")
        await one.pause()
        assert on_disk(paths).task("scan").note == "theirs", "nothing undone"
        assert any("changed elsewhere" in text for text in toasts(first))
        # A change to another task elsewhere does not stop the undo of this one.
        await one.press("j", "space")
        await one.pause()
        assert main(["skip", "posts", "--date", TODAY.isoformat()]) == 0  # the shell
        await one.press("u")
        await one.pause()
        assert on_disk(paths).task("news").status is Status.OPEN
        assert on_disk(paths).task("posts").status is Status.SKIPPED


async def test_nothing_to_undo_says_so(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("u", "U")
        await pilot.pause()
        assert "Nothing to undo on this day." in toasts(app)
        assert "Nothing to redo on this day." in toasts(app)


def test_a_step_restores_only_the_records_it_touched() -> None:
    before = Day(
        date=TODAY,
        template="T",
        tasks=[TaskState("a", "A", Rung.LISTEN), TaskState("b", "B", Rung.READ)],
    )
    after = deepcopy(before)
    after.tasks[0].note = "mine"
    step = step_between("note", before, after)
    assert step is not None and set(step.before) == {"task:a"}
    elsewhere = deepcopy(after)
    elsewhere.tasks[1].note = "theirs"
    back = restored(elsewhere, step.before, step.after)
    assert back.task("a").note == "" and back.task("b").note == "theirs"
    elsewhere.tasks[0].note = "changed again"
    with pytest.raises(ChangedElsewhere, match="“A” changed elsewhere since"):
        restored(elsewhere, step.before, step.after)
    assert step_between("nothing", before, deepcopy(before)) is None


async def test_the_help_and_the_palette_list_the_undo_history(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("space", "n", *"hi", "enter")  # the cursor moved on to the news
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        titles = [command.title for command in planner_commands(app, screen, [])]
        assert "Undo history 1: note · Read the news" in titles
        assert "Undo history 2: done · Scan mentions" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        history = [group for group in help_screen.groups if group.title.startswith("Undo")]
        assert [line.description for line in history[0].keys] == [
            "note · Read the news",
            "done · Scan mentions",
        ]
