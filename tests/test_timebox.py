"""Time arithmetic: intervals, corrections, durations, and the time box, without Textual."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.ladder import Rung
from planner.core.model import Day, TaskState
from planner.core.timebox import (
    MAX_DURATION_SECONDS,
    BadDuration,
    add_time,
    clock_text,
    logged_seconds,
    parse_duration,
    seconds_between,
    set_logged_minutes,
    start_timer,
    stop_timer,
    time_box,
)

PARIS = ZoneInfo("Europe/Paris")


def task(**kwargs: object) -> TaskState:
    return TaskState(id="t", title="T", rung=Rung.READ, **kwargs)  # type: ignore[arg-type]


def test_a_timer_across_midnight_counts_the_real_time() -> None:
    start = datetime(2026, 11, 24, 23, 50, tzinfo=PARIS)
    running = start_timer(task(), start)
    stopped = stop_timer(running, start + timedelta(minutes=25))
    assert stopped.seconds == 25 * 60 and stopped.running_since is None
    assert len(stopped.intervals) == 1


def test_a_dst_change_does_not_change_a_duration() -> None:
    # 2026-10-25 03:00 in Paris the clocks go back to 02:00: 1h30 wall clock is 2h30 real.
    start = datetime(2026, 10, 25, 1, 30, tzinfo=PARIS)
    stop = datetime(2026, 10, 25, 3, 0, tzinfo=PARIS)
    assert seconds_between(start, stop) == (stop.astimezone(UTC) - start.astimezone(UTC)).seconds
    assert seconds_between(start, stop) == 150 * 60


def test_a_clock_moving_backwards_never_gives_negative_time() -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    running = start_timer(task(), now)
    stopped = stop_timer(running, now - timedelta(minutes=5))
    assert stopped.seconds == 0
    assert logged_seconds(running, now - timedelta(hours=1)) == 0


def test_running_time_counts_only_with_a_now() -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    running = start_timer(task(), now)
    assert logged_seconds(running) == 0
    assert logged_seconds(running, now + timedelta(seconds=75)) == 75
    assert start_timer(running, now + timedelta(hours=1)).running_since == running.running_since


def test_hand_corrections_and_logging() -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    timed = stop_timer(start_timer(task(), now), now + timedelta(minutes=10))
    assert set_logged_minutes(timed, 25).seconds == 25 * 60
    assert set_logged_minutes(timed, 0).seconds == 0
    assert add_time(timed, 15 * 60).seconds == 25 * 60
    assert add_time(timed, -60 * 60).seconds == 0, "never below zero"
    assert add_time(add_time(timed, -60 * 60), 60).seconds == 60


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("15m", 900),
        ("1h30m", 5400),
        ("90s", 90),
        ("20", 1200),
        ("2h", 7200),
        (" 1h 5m ", 3900),
        ("0", 0),
        ("24h", MAX_DURATION_SECONDS),
        ("1440", MAX_DURATION_SECONDS),
        ("0000000000030m", 1800),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "m", "ten minutes", "1.5h", "5x", "-", "²", "\u0661\u0662m", "5m-"]
)
def test_parse_duration_rejects_nonsense_saying_the_forms(text: str) -> None:
    with pytest.raises(BadDuration) as caught:
        parse_duration(text)
    assert str(caught.value) == f"{text.strip()!r} is not a duration: use 15m, 1h30m or 90s"


@pytest.mark.parametrize("text", ["-5m", "-1h30m", "-5", " -90s"])
def test_parse_duration_refuses_negative_durations(text: str) -> None:
    with pytest.raises(BadDuration, match="a duration cannot be negative"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["24h1s", "1441", "25h", "99999999999999999999h", "9" * 5000])
def test_parse_duration_is_at_most_a_day(text: str) -> None:
    with pytest.raises(BadDuration, match="is too long: one duration is at most 24h"):
        parse_duration(text)


def test_clock_text() -> None:
    assert clock_text(65) == "1:05" and clock_text(3725) == "1:02:05" and clock_text(-5) == "0:00"


def test_time_box() -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    listen = TaskState(id="l", title="L", rung=Rung.LISTEN, minutes=10, adjust_seconds=600)
    read = start_timer(TaskState(id="r", title="R", rung=Rung.READ, minutes=20), now)
    day = Day(date=date(2026, 11, 24), template="T", tasks=[listen, read], budget_minutes=15)
    box = time_box(day, now + timedelta(minutes=5))
    assert (box.planned_minutes, box.logged_seconds, box.used_up) == (30, 900, True)
    assert not time_box(day, now).used_up
