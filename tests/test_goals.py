"""The goals dashboard: values per period over time, and whether a goal is on track."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.core.ladder import Rung
from planner.core.model import Day, Goal, Status, TaskState, WrapUp
from planner.core.wrap_up import merge_wrap_up
from planner.review.goals import Track, goal_progress, period_of, sparkline
from planner.review.summary import DaySummary, summarize
from planner.store.day_format import day_as_record, day_from_record
from tests.helpers import NOW, TODAY  # a Tuesday

MONDAY = date(2026, 11, 23)


def measured(when: date, leads: float | None = None, comments: int | None = None) -> DaySummary:
    tasks = []
    if comments is not None:
        tasks.append(
            TaskState(
                id="posts",
                title="Comment on posts",
                rung=Rung.COMMENT,
                status=Status.OPEN,
                target=3,
                unit="comments",
                count=comments,
            )
        )
    measurements = {} if leads is None else {"leads": leads}
    return summarize(Day(date=when, template="Daily", tasks=tasks, measurements=measurements))


@pytest.mark.parametrize(
    ("per", "expected"),
    [
        ("day", (TODAY, TODAY)),
        ("week", (MONDAY, date(2026, 11, 29))),
        ("month", (date(2026, 11, 1), date(2026, 11, 30))),
    ],
)
def test_periods_are_calendar_periods(per: str, expected: tuple[date, date]) -> None:
    assert period_of(per, TODAY) == expected
    assert period_of("month", date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    with pytest.raises(ValueError, match="unknown goal period"):
        period_of("fortnight", TODAY)


def test_weekly_goal_sums_its_weeks_and_the_current_one_comes_last() -> None:
    goal = Goal("New leads", "leads", 3, "week")
    history = [
        measured(MONDAY, leads=1),
        measured(TODAY, leads=1.5),
        measured(MONDAY - timedelta(days=1), leads=4),  # the Sunday before: last week
        measured(MONDAY - timedelta(days=14), leads=2),
        measured(TODAY + timedelta(days=2), leads=9),  # the future does not count
    ]
    progress = goal_progress(goal, history, TODAY, periods=4)
    assert [point.start for point in progress.series] == [
        MONDAY - timedelta(weeks=n) for n in (3, 2, 1, 0)
    ]
    assert progress.values == [0.0, 2.0, 4.0, 2.5]
    assert progress.current == 2.5


def test_on_track_follows_the_pace_of_the_days_already_over() -> None:
    goal = Goal("New leads", "leads", 7, "week")
    # Tuesday: Monday is over, so 1 of 7 is expected by now.
    assert goal_progress(goal, [measured(MONDAY, leads=1)], TODAY).track is Track.ON_TRACK
    assert goal_progress(goal, [measured(MONDAY, leads=0.5)], TODAY).track is Track.BEHIND
    assert goal_progress(goal, [], MONDAY).track is Track.ON_TRACK, "nothing expected yet"
    met = goal_progress(goal, [measured(TODAY, leads=7)], TODAY)
    assert (met.track, met.expected) == (Track.MET, 1.0)


def test_daily_goal_is_fed_by_counted_tasks_and_wrap_up_numbers() -> None:
    goal = Goal("Comments", "comments", 3, "day")
    assert goal_progress(goal, [measured(TODAY, comments=2)], TODAY).current == 2
    assert goal_progress(goal, [measured(TODAY, comments=3)], TODAY).track is Track.MET
    history = [measured(TODAY - timedelta(days=n), comments=n % 4) for n in range(12)]
    assert goal_progress(goal, history, TODAY).values == [(11 - n) % 4 for n in range(12)]


def test_sparkline_scales_to_the_target_or_the_largest_value() -> None:
    assert sparkline([]) == ""
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([0, 1, 2, 4], target=4) == "▁▃▅█"
    assert sparkline([1, 2], target=8) == "▂▃"
    assert sparkline([5, 10], target=2) == "▅█"


def test_measurements_round_trip_and_old_days_load_without_them() -> None:
    day = Day(date=TODAY, template="Daily", measurements={"leads": 2.0})
    data = day_as_record(day)
    assert data["measurements"] == {"leads": 2.0}
    assert day_from_record(data).measurements == {"leads": 2.0}
    del data["measurements"]
    assert day_from_record(data).measurements == {}
    wrap_up = WrapUp.of(day)
    assert wrap_up.measurements == {"leads": 2.0}
    other = Day(date=TODAY, template="Daily")
    assert merge_wrap_up(other, WrapUp(), wrap_up, NOW) == []
    assert other.measurements == {"leads": 2.0}
