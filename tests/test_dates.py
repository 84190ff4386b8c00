"""One way around dates: the parser every door uses, and `--date` counted from the logical
today (the settings' ``day_starts_at``), as the app counts it."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest

from planner.cli import main
from planner.config import Paths
from planner.core.dates import FIRST_DAY, LAST_DAY, DateError, logical_today, parse_day
from planner.session.work import Session
from tests.helpers import TODAY

# 02:30 on Wednesday the 25th: with the day starting at 04:00 it is still Tuesday the 24th.
NIGHT = datetime(2026, 11, 25, 2, 30).astimezone()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        (" Yesterday ", date(2026, 11, 23)),
        ("tomorrow", date(2026, 11, 25)),
        ("-3", date(2026, 11, 21)),
        ("+2", date(2026, 11, 26)),
        ("2026-01-02", date(2026, 1, 2)),
    ],
)
def test_words_offsets_and_iso_dates(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["next week", "2026-13-45", "", "-", "+\u0663", "10000-01-01"])
def test_anything_else_is_a_date_error_naming_what_is_understood(text: str) -> None:
    with pytest.raises(DateError, match="is not a date: use YYYY-MM-DD, today"):
        parse_day(text, TODAY)


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("0999-01-01", TODAY),
        ("1969-12-31", TODAY),
        ("yesterday", FIRST_DAY),
        ("tomorrow", LAST_DAY),
        ("-20782", TODAY),  # 1969-12-31
        ("+2912116", TODAY),  # 9999-12-31 is +2912115
    ],
)
def test_days_outside_the_kept_range_are_refused_in_every_form(text: str, today: date) -> None:
    with pytest.raises(DateError, match=r"outside the days planner keeps \(1970-01-01 to 9999"):
        parse_day(text, today)


@pytest.mark.parametrize("text", ["+9000000", "-9000000", "+" + "9" * 5000])
def test_an_offset_past_the_calendar_says_the_range(text: str) -> None:
    with pytest.raises(DateError, match=r"days from 2026-11-24 is outside the days planner keeps"):
        parse_day(text, TODAY)


def test_the_first_and_last_kept_days_are_days() -> None:
    assert parse_day("1970-01-01", TODAY) == FIRST_DAY
    assert parse_day("9999-12-31", TODAY) == LAST_DAY
    assert parse_day("+2912115", TODAY) == LAST_DAY
    assert parse_day("+99999", TODAY) == date(2300, 9, 8)


def test_the_logical_today_follows_the_day_start() -> None:
    assert logical_today(NIGHT, time(4, 0)) == TODAY
    assert logical_today(NIGHT) == date(2026, 11, 25)


@pytest.fixture
def night_owl(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings with the day starting at 04:00, and the clock at 02:30 the next morning."""
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text("day_starts_at: '04:00'\n", encoding="utf-8")
    monkeypatch.setattr(Session, "now", lambda self: NIGHT)


def day_shown(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["today", "--json", *argv]) == 0
    return str(json.loads(capsys.readouterr().out)["date"])


@pytest.mark.usefixtures("night_owl")
def test_date_words_count_from_the_logical_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert day_shown(capsys) == "2026-11-24"
    assert day_shown(capsys, "--date", "today") == "2026-11-24"
    assert day_shown(capsys, "--date", "yesterday") == "2026-11-23"
    assert day_shown(capsys, "--date", "-3") == "2026-11-21"


@pytest.mark.usefixtures("night_owl")
def test_export_ranges_count_from_the_logical_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "ics", "--from", "today", "--to", "today"]) == 0
    out = capsys.readouterr().out
    assert "DTSTART:20261124T" in out and "DTSTART:20261125T" not in out


def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["today", "--date", "2026-13-45"])
    assert caught.value.code == 2
    assert "'2026-13-45' is not a date: use YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["today", "--date", "0999-01-01"],
        ["--date", "1969-12-31", "today"],
        ["win", "too early", "--date", "0999-01-01"],
        ["today", "--date", "+9000000"],
        ["review", "--from", "0999-01-01"],
        ["review", "--to", "-9000000"],
        ["export", "--from", "1969-12-31"],
    ],
)
def test_every_date_option_refuses_days_outside_the_range(
    capsys: pytest.CaptureFixture[str], paths: Paths, argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "outside the days planner keeps (1970-01-01 to 9999-12-31)" in capsys.readouterr().err
    assert not paths.data_dir.exists(), "nothing stored"


def test_a_review_up_to_the_first_day_starts_there(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "--to", "1970-01-05", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["start"] == "1970-01-01"
