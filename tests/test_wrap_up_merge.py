"""The wrap-up saved as a three-way merge, item by item, and what a taken-back win leaves:
nothing is lost by saving, by undoing, or by a prompt opened on an older copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import TextArea

from planner.cli import main
from planner.config import Paths, Settings
from planner.core.model import Day, Outcome, TaskState
from planner.exchange.journal import markdown_journal
from planner.review.summary import summarize_records
from planner.session.work import Session
from planner.store.day_format import day_as_record, day_record, header_record
from planner.store.days import Store
from planner.ui.screens.today import TodayScreen
from tests.helpers import TODAY, FakeClock, make_app

DATE = ["--date", TODAY.isoformat()]


def on_disk(paths: Paths) -> Day:
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    return day


async def test_saving_an_untouched_wrap_up_changes_nothing(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    """Two wins alike, and a loss saying the same as a win: each stays itself."""
    for command in (["win", "call Bob"], ["win", "call Bob"], ["loss", "call Bob"]):
        assert main([*command, *DATE]) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = Store(paths.data_dir).day_file(TODAY).read_bytes()
        await pilot.press("w", "ctrl+s")
        await pilot.pause()
    assert Store(paths.data_dir).day_file(TODAY).read_bytes() == before
    day = on_disk(paths)
    assert [w.text for w in day.wins] == ["call Bob", "call Bob"] and not day.removed_wins
    assert [loss.text for loss in day.losses] == ["call Bob"]


async def test_a_note_typed_on_an_older_copy_is_not_saved_over_a_newer_one(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("n")  # the prompt opens on the note as shown: empty
        await pilot.pause()
        Store(paths.data_dir).update_task(TODAY, "scan", lambda task: _noted(task, "theirs"))
        await pilot.press(*"mine", "enter")
        await pilot.pause()
        assert on_disk(paths).task("scan").note == "theirs"
        screen = app.screen
        assert isinstance(screen, TodayScreen) and screen.day.task("scan").note == "theirs"
        assert any("changed elsewhere" in str(n.message) for n in app._notifications)


async def test_undoing_an_added_win_leaves_a_tombstone_and_keeps_a_win_from_the_shell(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#wrap-wins", TextArea).load_text("lead from the app")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert main(["win", "from the shell", *DATE]) == 0  # another record, meanwhile
        await pilot.press("u")
        await pilot.pause()
    day = on_disk(paths)
    assert [win.text for win in day.wins] == ["from the shell"]
    assert [win.text for win in day.removed_wins] == ["lead from the app"]


def test_taken_back_wins_are_left_out_of_json_the_review_and_exports(
    paths: Paths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    session = Session(paths, Settings(), clock=clock)
    session.open_day(TODAY)
    session.add_outcome(TODAY, "win", "kept", None)
    gone = session.add_outcome(TODAY, "win", "taken back", "LinkedIn").wins[-1]
    stored = session.change_day(TODAY, lambda day: _take_back(day, gone))
    assert [w.text for w in stored.removed_wins] == ["taken back"]
    assert [w["text"] for w in day_as_record(stored)["wins"]] == ["kept"]
    assert "taken back" not in markdown_journal([stored])
    header = header_record(stored)
    assert len(header["wins"]) == 2, "the tombstone is stored"
    path = Store(paths.data_dir).day_file(TODAY)
    tables = json.loads(path.read_text(encoding="utf-8"))
    record = day_record(path, tables["days"][TODAY.isoformat()], tables["tasks"], TODAY)
    assert record is not None and summarize_records(record).wins == {"": 1}
    capsys.readouterr()
    assert main(["today", "--json", *DATE]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [win["text"] for win in shown["wins"]] == ["kept"]


def _take_back(day: Day, item: Outcome) -> None:
    day.wins.remove(item)


def _noted(task: TaskState, note: str) -> None:
    task.note = note
