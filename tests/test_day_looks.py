"""How a day looks (issue 16, findings 11 and 12): backfilled tasks say when they were
entered, rungs with nothing planned show no ``0/0m``, the past-day view shows empty rungs as
the checklist does, one unit style for time, rung descriptions cut at whole words only, and
the first-run hint about ``?`` and ``ctrl+p`` that goes once used (remembered on disk).

Keys are pressed as a person presses them; assertions are on the rendered widgets and on the
data folder."""

from __future__ import annotations

import json
import subprocess
import textwrap
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from planner.cli import main
from planner.config import Paths, resolve_paths
from planner.core.dates import done_when
from planner.core.ladder import Rung
from planner.core.timebox import logged_of_planned
from planner.remote.repo import EXCLUDED
from planner.store.ui_state import (
    UI_STATE_FILE_NAME,
    keys_hint_seen,
    read_ui_state,
    remember,
    remember_keys_hint_seen,
)
from planner.ui.screens.day_detail import DayDetailScreen
from planner.ui.screens.review import ReviewScreen
from planner.ui.screens.today import BackfillScreen
from planner.ui.widgets.checklist import Checklist, wrapped
from planner.ui.widgets.day_header import DayHeader
from planner.ui.widgets.keys_footer import KeysHint
from planner.ui.widgets.side_panel import SidePanel
from tests.helpers import NOW, TODAY, FakeClock, git_missing, make_app, on_screen

PAST = date(2026, 11, 19)  # a Thursday, five days before TODAY


def prompt_of(checklist: Checklist, option_id: str) -> str:
    return str(checklist.get_option(option_id).prompt)


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def entered_today() -> str:
    """How a task of a past day marked done at NOW says it (in the test's local time)."""
    return f"done (entered 24 Nov {NOW.astimezone():%H:%M})"


# --- the domain ------------------------------------------------------------------------


def test_done_when_names_the_date_only_when_it_is_another(utc: None) -> None:
    assert done_when("2026-11-24T09:30:00+00:00", TODAY) == "done 09:30"
    assert done_when("2026-12-05T09:00:00+00:00", TODAY) == "done (entered 5 Dec 09:00)"
    assert done_when("2027-01-02T08:05:00+00:00", TODAY) == "done (entered 2 Jan 2027 08:05)"
    assert done_when(None, TODAY) == "done"
    assert done_when("not a stamp", TODAY) == "done"


def test_logged_of_planned_never_says_zero_of_zero() -> None:
    assert logged_of_planned(0, 0) == ""
    assert logged_of_planned(20, 0) == ""  # under half a minute
    assert logged_of_planned(12 * 60, 0) == "12m logged"
    assert logged_of_planned(0, 5) == "0m of 5m"
    assert logged_of_planned(65 * 60, 90) == "1h05m of 1h30m"  # one unit style, not 65/90m


def test_wrapped_keeps_whole_words_under_the_head() -> None:
    why = Rung.COMMENT.why
    text = wrapped(why, 60, 24)
    lines = text.split("\n")
    assert len(lines) > 1 and "…" not in text
    assert 24 + len(lines[0]) <= 60
    assert all(line.startswith(" " * 24) and len(line) <= 60 for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == why
    assert wrapped(why, 200, 24) == why
    narrow = wrapped(why, 40, 30).split("\n")  # no room beside the head: lines of its own
    assert narrow[0] == "" and all(line.startswith("    ") for line in narrow[1:])
    assert " ".join(line.strip() for line in narrow[1:]) == why


def test_ui_state_reads_nothing_from_a_bad_file_and_keeps_other_keys(tmp_path: Path) -> None:
    assert read_ui_state(tmp_path) == {} and not keys_hint_seen(tmp_path)
    (tmp_path / UI_STATE_FILE_NAME).write_text("{not json")
    assert read_ui_state(tmp_path) == {}
    (tmp_path / UI_STATE_FILE_NAME).write_text("[1, 2]")
    assert read_ui_state(tmp_path) == {}
    remember(tmp_path, "other", 3)
    remember_keys_hint_seen(tmp_path)
    assert json.loads((tmp_path / UI_STATE_FILE_NAME).read_text()) == {
        "keys_hint_seen": True,
        "other": 3,
    }
    assert keys_hint_seen(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == [UI_STATE_FILE_NAME]  # no temporary


def test_the_remote_sync_leaves_the_state_file_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert f"/{UI_STATE_FILE_NAME}" in EXCLUDED
    if git_missing():
        pytest.skip("git is not installed")
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    assert main(["win", "a demo booked", "--date", TODAY.isoformat()]) == 0  # a day stored
    data = resolve_paths().data_dir
    remember_keys_hint_seen(data)
    assert main(["remote", "add", str(bare)]) == 0
    assert main(["remote", "sync"]) == 0
    capsys.readouterr()
    sent = subprocess.run(
        ["git", "-C", str(bare), "ls-tree", "-r", "--name-only", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert any(name.startswith("days/") for name in sent)
    assert UI_STATE_FILE_NAME not in sent
    waiting = subprocess.run(
        ["git", "-C", str(data), "status", "--porcelain"], capture_output=True, text=True
    ).stdout
    assert UI_STATE_FILE_NAME not in waiting


# --- the checklist and the past-day view -----------------------------------------------


async def test_a_backfilled_task_says_when_it_was_entered(
    utc: None, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("space")  # today: the time alone
        checklist = app.screen.query_one(Checklist)
        assert f"done {NOW.astimezone():%H:%M}" in prompt_of(checklist, "task:scan")
        assert "entered" not in prompt_of(checklist, "task:scan")

        await pilot.press("r")  # the review, then the heatmap's day five days back
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("left", "down", "down", "enter")  # Tue 24 -> Thu 19 Nov
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, DayDetailScreen) and detail.date == PAST
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BackfillScreen)
        await pilot.press("space")  # the first task of 19 Nov, marked done on the 24th
        past = app.screen.query_one(Checklist)
        assert entered_today() in prompt_of(past, "task:scan")

        await pilot.press("escape")  # back to the past-day view, read again
        await pilot.pause()
        assert on_screen(app) is detail
        assert entered_today() in text_of(detail, "#detail-tasks")
        assert "done 09:" not in text_of(detail, "#detail-tasks")


async def test_rungs_with_nothing_planned_show_no_zero_of_zero(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(120, 40)) as pilot:
        checklist = app.screen.query_one(Checklist)
        assert "0m of 5m" in prompt_of(checklist, "rung:listen")
        read = prompt_of(checklist, "rung:read")
        assert "0/1" in read and "0/0m" not in read and "0m of 0m" not in read
        await pilot.press("j", "e", "ctrl+a", "ctrl+k", *"12", "enter")  # on "Read the news"
        await pilot.pause()
        assert "12m logged" in prompt_of(checklist, "rung:read")
        assert "12m logged" in prompt_of(checklist, "task:news")
        panel = str(app.screen.query_one(SidePanel).render())
        assert "0/0m" not in panel and "12m logged" in panel


async def test_the_past_day_view_shows_empty_rungs_as_the_checklist_does(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        checklist = app.screen.query_one(Checklist)
        assert "CREATE · nothing planned" in prompt_of(checklist, "rung:create")
        await pilot.press("space")  # today is stored: the review has a day to open
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # the heatmap opens on today
        await pilot.pause()
        assert isinstance(app.screen, DayDetailScreen)
        tasks = text_of(app.screen, "#detail-tasks")
        assert "CREATE · nothing planned" in tasks
        assert "COMMUNICATE · nothing planned" in tasks
        assert tasks.index("COMMENT") < tasks.index("CREATE") < tasks.index("CLOSE")
        assert "0/0m" not in tasks


BIG_PLAN = textwrap.dedent(
    """\
    name: Long plan
    budget_minutes: 90
    ladder:
      listen:
        - {title: Scan mentions, id: scan, minutes: 45}
      create:
        - {title: Record a video, id: video, minutes: 30}
    """
)


async def test_time_has_one_unit_style_everywhere(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    plan = tmp_path / "long.yaml"
    plan.write_text(BIG_PLAN)
    app = make_app(paths, clock, plan)
    async with app.run_test(size=(120, 40)) as pilot:
        header = str(app.screen.query_one("#day-header").render())
        assert " 0m of 1h30m logged · 1h15m planned " in header
        await pilot.press("e", "ctrl+a", "ctrl+k", *"65", "enter")
        await pilot.pause()
        header = str(app.screen.query_one("#day-header").render())
        assert " 1h05m of 1h30m logged · 1h15m planned " in header
        panel = str(app.screen.query_one(SidePanel).render())
        assert "1h05m of 1h30m logged" in panel and "1h15m planned" in panel
        assert "75m" not in panel and "90m" not in panel
        checklist = app.screen.query_one(Checklist)
        assert "1h05m of 45m" in prompt_of(checklist, "rung:listen")
        assert "1h05m of 45m" in prompt_of(checklist, "task:scan")

        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DayDetailScreen)
        summary = text_of(app.screen, "#detail-title")
        assert "1h05m logged of 1h15m planned · time box 1h30m" in summary


@pytest.mark.parametrize("width", [80, 60])
async def test_rung_descriptions_are_never_cut_mid_word(
    width: int, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(width, 40)):
        checklist = app.screen.query_one(Checklist)
        for rung in (Rung.LISTEN, Rung.READ, Rung.COMMENT, Rung.CLOSE):
            prompt = prompt_of(checklist, f"rung:{rung.value}")
            assert "…" not in prompt
            assert rung.why in " ".join(prompt.split())
            assert all(len(line) < width for line in prompt.split("\n"))


# --- the first-run hint ------------------------------------------------------------------


def hints(app: Any) -> list[str]:
    return [str(hint.render()) for hint in app.screen.query(KeysHint)]


@pytest.mark.parametrize("key", ["question_mark", "ctrl+p"])
async def test_the_first_run_hint_goes_once_used_and_stays_gone(
    key: str, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert hints(app) == [
            "New here? Press ? for every key, ctrl+p to search commands and tasks."
        ]
        await pilot.press("space", "j")  # other keys leave it
        assert len(hints(app)) == 1
        assert not (paths.data_dir / UI_STATE_FILE_NAME).exists()
        await pilot.press(key)
        await pilot.pause()
        state = json.loads((paths.data_dir / UI_STATE_FILE_NAME).read_text())
        assert state == {"keys_hint_seen": True}
        await pilot.press("escape")
        await pilot.pause()
        assert hints(app) == []

    again = make_app(paths, clock, plan_file)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert hints(again) == []


async def test_the_hint_is_on_every_checklist_until_used(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file, day=TODAY - timedelta(days=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(hints(app)) == 1
        region = app.screen.query_one(KeysHint).region
        assert region.y == 24 - 2, "just above the footer"
        assert app.screen.query_one(Checklist).region.bottom <= region.y
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert hints(app) == []


async def test_the_header_fits_its_lines_to_the_terminal(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        header = app.screen.query_one(DayHeader)
        header.show_remote_sync("synced 2 min ago")
        header.show_waiting("1 change waiting for another planner")
        await pilot.pause()
        lines = str(header.render()).splitlines()
        assert header.size.height == len(lines) == 4
        assert lines[2] == "remote sync: synced 2 min ago"
        assert all(len(line) == 78 for line in lines[:2])  # the bars at the right edge
        assert lines[0].endswith(" 0/4 done " + "─" * 12)
        await pilot.resize_terminal(120, 24)  # wide: the side panel has the remote sync
        await pilot.pause()
        lines = str(header.render()).splitlines()
        assert header.size.height == len(lines) == 3
        assert not any(line.startswith("remote sync") for line in lines)
        header.show_waiting("")
        await pilot.pause()
        assert header.size.height == 2
        await pilot.resize_terminal(30, 24)  # a long title is cut, the figures stay
        await pilot.pause()
        first = str(header.render()).splitlines()[0]
        assert first.endswith("0/4 done " + "─" * 12) and "…" in first
