"""What a user can type, refused up front with a message that names it: bytes that are
not UTF-8 in any argument, days outside the kept range, durations that are not one or are
negative or too long, blank or many-line wins, and the one ``@Channel`` rule of `planner
win`/`loss` and the wrap-up. Nothing refused ever reaches the disk."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import Paths
from planner.core.model import Outcome, outcome_line, split_channel_tag
from planner.core.wrap_up import matched_outcomes
from planner.store.days import Store
from planner.ui.palette import ask_date
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.today import TodayScreen
from tests.helpers import TODAY, FakeClock, make_app

PAST_DAY = "2026-11-20"
BAD = "\udcff\udcfe"  # what Python makes of the bytes ff fe in an argument


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """stderr of a command that argparse refuses (exit status 2)."""
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    return capsys.readouterr().err


def first_task(capsys: pytest.CaptureFixture[str]) -> str:
    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    return str(data["tasks"][0]["id"])


def stored_day(paths: Paths, day: str = PAST_DAY):  # type: ignore[no-untyped-def]
    return Store(paths.data_dir).load_day(date.fromisoformat(day))


# --- text that is not UTF-8 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["win", BAD], "TEXT"),
        (["loss", f"lost {BAD}"], "TEXT"),
        (["win", "ok", "--channel", BAD], "--channel"),
        (["skip", "TASK", "--reason", f"a{BAD}"], "--reason"),
        (["done", BAD], "TASK_ID"),
        (["undo", BAD], "TASK_ID"),
        (["timer", "start", BAD], "TASK_ID"),
        (["log", BAD, "15m"], "TASK_ID"),
        (["today", "--template", BAD], "--template"),
        (["--theme", BAD], "--theme"),
        (["template", "new", BAD], "NAME"),
        (["template", "new", "mine", "--from", BAD], "--from"),
        (["template", "validate", "ok.yaml", f"{BAD}.yaml"], "FILE"),
        (["export", "-o", f"{BAD}.md"], "--output"),
        (["import", f"{BAD}.json"], "FILE"),
        (["remote", "add", f"https://example.com/{BAD}"], "URL"),
    ],
)
def test_an_argument_that_is_not_utf8_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], paths: Paths, argv: list[str], named: str
) -> None:
    err = usage_error(capsys, *argv)
    assert f"error: {named} is not valid UTF-8 text" in err
    assert "Traceback" not in err
    assert not paths.data_dir.exists(), "nothing stored"


def test_a_task_id_that_is_not_utf8_leaves_the_day_as_it_was(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    task = first_task(capsys)
    assert run(capsys, "done", task, "--date", PAST_DAY)[0] == 0
    before = stored_day(paths)
    err = usage_error(capsys, "skip", task, "--reason", BAD, "--date", PAST_DAY)
    assert "planner skip: error: --reason is not valid UTF-8 text" in err
    assert stored_day(paths) == before


def test_bytes_from_the_shell_are_refused_end_to_end(paths: Paths) -> None:
    """The real path: bytes in argv, decoded by Python itself, through `python -m planner`."""
    done = subprocess.run(
        [sys.executable, "-m", "planner", "win", b"\xff\xfe", "--date", PAST_DAY],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert b"planner win: error: TEXT is not valid UTF-8 text" in done.stderr
    assert b"Traceback" not in done.stderr
    assert not paths.data_dir.exists()


# --- durations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("²", "'²' is not a duration: use 15m, 1h30m or 90s"),
        ("soon", "'soon' is not a duration: use 15m, 1h30m or 90s"),
        ("-5m", "'-5m': a duration cannot be negative (use 15m, 1h30m or 90s)"),
        ("-1h30m", "'-1h30m': a duration cannot be negative"),
        ("-5", "'-5': a duration cannot be negative"),
        ("99999999999999999999h", "is too long: one duration is at most 24h"),
        ("25h", "'25h' is too long: one duration is at most 24h"),
    ],
)
def test_log_refuses_a_bad_duration_with_its_reason(
    capsys: pytest.CaptureFixture[str], paths: Paths, duration: str, message: str
) -> None:
    task = first_task(capsys)
    code, _, err = run(capsys, "log", task, duration, "--date", PAST_DAY)
    assert code == 2 and message in err
    assert "invalid literal" not in err and "required" not in err
    assert stored_day(paths) is None, "nothing stored"


def test_log_takes_up_to_a_day(capsys: pytest.CaptureFixture[str], paths: Paths) -> None:
    task = first_task(capsys)
    code, out, _ = run(capsys, "log", task, "24h", "--date", PAST_DAY)
    assert code == 0 and "24h00m logged" in out
    assert stored_day(paths).task(task).seconds == 24 * 3600


# --- wins and losses ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n \n", "\t"])
def test_a_blank_win_is_refused(
    capsys: pytest.CaptureFixture[str], paths: Paths, text: str
) -> None:
    err = usage_error(capsys, "win", text, "--date", PAST_DAY)
    assert "planner win: error: argument TEXT: cannot be blank" in err
    assert not paths.data_dir.exists()


def test_a_blank_channel_is_refused(capsys: pytest.CaptureFixture[str], paths: Paths) -> None:
    err = usage_error(capsys, "loss", "no reply", "--channel", "  ", "--date", PAST_DAY)
    assert "argument --channel: cannot be blank" in err
    assert not paths.data_dir.exists()


@pytest.mark.parametrize(
    ("argv", "text", "channel"),
    [
        (["met them @ conference"], "met them @ conference", None),
        (["mail bob@example.com"], "mail bob@example.com", None),
        (["@LinkedIn"], "@LinkedIn", None),
        (["new lead: ACME @LinkedIn"], "new lead: ACME", "LinkedIn"),
        (["new lead: ACME @LinkedIn", "--channel", "LinkedIn"], "new lead: ACME", "LinkedIn"),
        (["a referral", "--channel", "@Email"], "a referral", "Email"),
        (["a referral", "--channel", "Sales Navigator"], "a referral", "Sales Navigator"),
        (["two\nlines"], "two lines", None),
        (["  first line \r\n\n second @Email \n"], "first line second", "Email"),
    ],
)
def test_a_win_is_one_line_tagged_by_a_trailing_at_channel(
    capsys: pytest.CaptureFixture[str],
    paths: Paths,
    argv: list[str],
    text: str,
    channel: str | None,
) -> None:
    code, out, _ = run(capsys, "win", *argv, "--date", PAST_DAY)
    assert code == 0 and out.startswith(f"{PAST_DAY} win: {text}")
    wins = stored_day(paths).wins
    assert [(win.text, win.channel) for win in wins] == [(text, channel)]


def test_two_channels_for_one_win_are_a_usage_error(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    code, _, err = run(capsys, "win", "lead @LinkedIn", "--channel", "Email", "--date", PAST_DAY)
    assert code == 2
    assert "TEXT ends in @LinkedIn but --channel says Email: give the channel once" in err
    assert not paths.data_dir.exists()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("new lead: ACME @LinkedIn", ("new lead: ACME", "LinkedIn")),
        ("  new lead\t@LinkedIn  ", ("new lead", "LinkedIn")),
        ("met them @ conference", ("met them @ conference", None)),
        ("met them @", ("met them @", None)),
        ("write to bob@example.com", ("write to bob@example.com", None)),
        ("@LinkedIn", ("@LinkedIn", None)),
        ("a @b @Email", ("a @b", "Email")),
    ],
)
def test_the_one_channel_rule(line: str, expected: tuple[str, str | None]) -> None:
    assert split_channel_tag(line) == expected


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome("met them @ conference", id="win-1"),
        Outcome("new lead", "LinkedIn", id="win-2"),
        Outcome("a referral", "Sales Navigator", id="win-3"),
    ],
)
def test_a_stored_win_read_back_from_the_wrap_up_is_the_same_win(outcome: Outcome) -> None:
    """The wrap-up shows each win as a line and reads the lines back: an untouched line is
    the stored item, not a new one with the text cut at an ``@``."""
    assert matched_outcomes(outcome_line(outcome), (outcome,)) == (outcome,)


async def test_wrap_up_lines_follow_the_same_rule(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", "tab", *"met them @ conference", "enter", *"lead @LinkedIn")
        await pilot.press("ctrl+s")
        await pilot.pause()
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    assert [(w.text, w.channel) for w in day.wins] == [
        ("met them @ conference", None),
        ("lead", "LinkedIn"),
    ]


# --- the same parsers in the app ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("²", "'²' is not a duration"),
        ("-5", "a duration cannot be negative"),
        ("25h", "is too long: one duration is at most 24h"),
    ],
)
async def test_edit_minutes_refuses_what_log_refuses(
    paths: Paths, clock: FakeClock, plan_file: Path, typed: str, message: str
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", "ctrl+a", "ctrl+k", *typed, "enter")
        await pilot.pause()
        prompt = app.screen  # still open, the reason under the field
        assert isinstance(prompt, TextPrompt) and message in prompt.error
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is None or day.task("scan").seconds == 0


async def test_go_to_date_refuses_a_day_outside_the_range(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        ask_date(app)
        await pilot.pause()
        await pilot.press(*"0999-01-01", "enter")
        await pilot.pause()
        prompt = app.screen  # still open, the reason under the field
        assert isinstance(prompt, TextPrompt) and "outside the days planner keeps" in prompt.error
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen) and app.screen.date == TODAY
    assert not (paths.data_dir / "days" / "999").exists()
