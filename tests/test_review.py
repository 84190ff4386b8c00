"""Review figures: summaries, streaks, heatmap cells, ranges, per-rung and per-channel
figures, channel return on time. Pure functions, no store, no Textual."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.config import ConfigError, load_settings, save_setting
from planner.core.ladder import Rung
from planner.core.model import Day, Goal, Outcome, Status, TaskState
from planner.review.figures import (
    ReviewError,
    build_review,
    channel_returns,
    custom_range,
    heatmap,
    review_range,
    rung_figures,
    streaks,
)
from planner.review.summary import NO_CHANNEL, DaySummary, Figures, summarize, summarize_records
from planner.store.day_format import day_as_record
from tests.helpers import TODAY  # a Tuesday


def task(
    task_id: str,
    status: Status = Status.DONE,
    *,
    rung: Rung = Rung.LISTEN,
    minutes: int = 10,
    seconds: int = 0,
    channel: str | None = None,
    out_of_order: bool = False,
    unit: str | None = None,
    target: int | None = None,
    count: int = 0,
) -> TaskState:
    return TaskState(
        id=task_id,
        title=task_id.title(),
        rung=rung,
        minutes=minutes,
        channel=channel,
        status=status,
        seconds=seconds,
        out_of_order=out_of_order,
        unit=unit,
        target=target,
        count=count,
    )


def day_of(when: date, *statuses: Status, template: str = "Daily") -> Day:
    return Day(
        date=when,
        template=template,
        tasks=[task(f"t{number}", status) for number, status in enumerate(statuses)],
    )


def summary(when: date, *statuses: Status, template: str = "Daily") -> DaySummary:
    return summarize(day_of(when, *statuses, template=template))


def days_ago(count: int) -> date:
    return TODAY - timedelta(days=count)


DONE, SKIPPED, OPEN = Status.DONE, Status.SKIPPED, Status.OPEN


# --- summarize ------------------------------------------------------------------------


def rich_day() -> Day:
    return Day(
        date=TODAY,
        template="Daily",
        budget_minutes=45,
        tasks=[
            task("scan", rung=Rung.LISTEN, minutes=5, seconds=420, channel="LinkedIn"),
            task("news", SKIPPED, rung=Rung.READ, minutes=10),
            task(
                "posts",
                OPEN,
                rung=Rung.COMMENT,
                minutes=15,
                seconds=300,
                channel="LinkedIn",
                out_of_order=True,
                unit="comments",
                target=3,
                count=2,
            ),
            task("mail", rung=Rung.COMMUNICATE, minutes=20, channel="Email"),
        ],
        wins=[Outcome("new lead", "LinkedIn"), Outcome("kind words")],
        losses=[Outcome("lost deal", "Email")],
        measurements={"leads": 2.0},
    )


def test_summarize_counts_tasks_time_and_outcomes() -> None:
    result = summarize(rich_day())
    assert (result.total, result.done, result.skipped, result.open) == (4, 2, 1, 1)
    assert result.planned_minutes == 50
    assert result.logged_seconds == 720
    assert result.out_of_order == 1
    assert result.share_done == 0.5 and result.share_settled == 0.75
    assert result.budget_minutes == 45
    # A done task never timed counts its planned minutes as time spent.
    assert result.figures.spent_seconds == 420 + 300 + 20 * 60
    assert list(result.rungs) == [Rung.LISTEN, Rung.READ, Rung.COMMENT, Rung.COMMUNICATE]
    assert result.rungs[Rung.READ] == Figures(skipped=1, planned_minutes=10)
    assert result.channels["LinkedIn"] == Figures(
        done=1,
        open=1,
        planned_minutes=20,
        logged_seconds=720,
        spent_seconds=720,
        out_of_order=1,
    )
    assert set(result.channels) == {"Email", "LinkedIn"}, "tasks without channel left out"
    assert result.wins == {"LinkedIn": 1, NO_CHANNEL: 1}
    assert result.losses == {"Email": 1}
    assert result.measures == {"comments": 2.0, "leads": 2.0}


def test_a_wrap_up_number_wins_over_the_task_count_of_its_unit() -> None:
    day = rich_day()
    day.measurements = {"comments": 5.0}
    assert summarize(day).measures == {"comments": 5.0}


def test_summarize_records_agrees_with_summarize() -> None:
    day = rich_day()
    assert summarize_records(day_as_record(day)) == summarize(day)
    empty = Day(date=TODAY, template="Rest")
    assert summarize_records(day_as_record(empty)) == summarize(empty)


@pytest.mark.parametrize(
    ("field", "value"), [("rung", "shout"), ("status", "maybe"), ("minutes", "many")]
)
def test_summarize_records_rejects_malformed_tasks(field: str, value: str) -> None:
    data = day_as_record(rich_day())
    data["tasks"][0][field] = value
    with pytest.raises((KeyError, ValueError)):
        summarize_records(data)


def test_summary_round_trips_through_its_dict() -> None:
    result = summarize(rich_day())
    assert DaySummary.from_dict(result.to_dict()) == result


# --- streaks --------------------------------------------------------------------------


def test_streak_counts_consecutive_complete_days_up_to_today() -> None:
    history = [summary(days_ago(n), DONE, DONE) for n in range(5)]
    assert streaks(history, TODAY) == (5, 5)


def test_a_gap_breaks_the_streak() -> None:
    history = [summary(days_ago(n), DONE) for n in (0, 1, 3, 4, 5, 6)]  # day 2 missing
    result = streaks(history, TODAY)
    assert (result.current, result.longest) == (2, 4)


def test_today_not_yet_done_does_not_break_the_current_streak() -> None:
    history = [summary(days_ago(n), DONE) for n in (1, 2, 3)]
    history.append(summary(TODAY, DONE, OPEN))
    assert streaks(history, TODAY).current == 3
    # Nor does a today that was never opened.
    assert streaks(history[:3], TODAY).current == 3
    # Once today counts, it adds to the streak.
    history[-1] = summary(TODAY, DONE, DONE)
    assert streaks(history, TODAY).current == 4


def test_yesterday_left_open_ends_the_current_streak() -> None:
    history = [summary(days_ago(n), DONE) for n in (2, 3)]
    history.append(summary(days_ago(1), DONE, OPEN))
    assert streaks(history, TODAY) == (0, 2)


def test_skipped_tasks_count_as_settled() -> None:
    history = [summary(days_ago(n), DONE, SKIPPED) for n in range(3)]
    history.append(summary(days_ago(3), SKIPPED, SKIPPED))
    assert streaks(history, TODAY) == (4, 4)


def test_threshold_lets_a_mostly_done_day_count() -> None:
    history = [summary(days_ago(n), DONE, DONE, DONE, DONE, OPEN) for n in range(3)]
    assert streaks(history, TODAY, threshold=1.0) == (0, 0)
    assert streaks(history, TODAY, threshold=0.8) == (3, 3)
    assert streaks(history, TODAY, threshold=0.81) == (0, 0)


def test_template_changes_do_not_break_a_streak() -> None:
    history = [
        summary(days_ago(2), DONE, DONE, template="Daily marketing hour"),
        summary(days_ago(1), DONE, template="Light Friday"),
        summary(TODAY, DONE, DONE, DONE, template="LinkedIn B2B"),
    ]
    assert streaks(history, TODAY) == (3, 3)


def test_a_day_with_no_tasks_neither_counts_nor_breaks() -> None:
    history = [
        summary(days_ago(3), DONE),
        summary(days_ago(2)),  # stored, nothing planned (a rest day)
        summary(days_ago(1), DONE),
    ]
    assert streaks(history, TODAY) == (2, 2)
    assert summary(TODAY).counts() is False


def test_future_days_are_ignored() -> None:
    history = [summary(days_ago(n), DONE) for n in range(3)]
    history += [summary(TODAY + timedelta(days=n), DONE) for n in (1, 2, 5)]
    assert streaks(history, TODAY) == (3, 3)


def test_longest_streak_is_found_in_the_past() -> None:
    old = [summary(days_ago(100 + n), DONE) for n in range(10)]
    recent = [summary(days_ago(n), DONE) for n in range(2)]
    assert streaks(old + recent, TODAY) == (2, 10)
    assert streaks([], TODAY) == (0, 0)


# --- heatmap and ranges ---------------------------------------------------------------


def test_heatmap_has_one_cell_a_day_and_none_where_nothing_is_stored() -> None:
    history = [summary(days_ago(2), DONE, OPEN), summary(TODAY, DONE), summary(days_ago(9), DONE)]
    cells = heatmap(history, days_ago(3), TODAY)
    assert [cell.date for cell in cells] == [days_ago(n) for n in (3, 2, 1, 0)]
    assert [cell.share for cell in cells] == [None, 0.5, None, 1.0]
    assert [cell.counts for cell in cells] == [False, False, False, True]
    assert cells[1].tasks == 2


@pytest.mark.parametrize(
    ("kind", "offset", "expected"),
    [
        ("week", 0, (date(2026, 11, 23), TODAY)),
        ("week", -1, (date(2026, 11, 16), date(2026, 11, 22))),
        ("month", 0, (date(2026, 11, 1), TODAY)),
        ("month", -11, (date(2025, 12, 1), date(2025, 12, 31))),
        ("month", 1, (date(2026, 12, 1), date(2026, 12, 31))),
        ("year", 0, (date(2026, 1, 1), TODAY)),
        ("year", -1, (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_review_ranges_are_calendar_periods_ending_today(
    kind: str, offset: int, expected: tuple[date, date]
) -> None:
    assert review_range(kind, TODAY, offset) == expected  # type: ignore[arg-type]


def test_custom_range_defaults_and_rejects_a_backwards_range() -> None:
    assert custom_range(None, None, TODAY) == (days_ago(29), TODAY)
    assert custom_range(date(2026, 1, 1), None, TODAY) == (date(2026, 1, 1), TODAY)
    with pytest.raises(ReviewError, match="after it ends"):
        custom_range(TODAY, days_ago(1), TODAY)
    with pytest.raises(ReviewError):
        review_range("fortnight", TODAY)  # type: ignore[arg-type]


# --- a range's figures ----------------------------------------------------------------


def channel_day(when: date, channel: str, seconds: int, wins: int = 0) -> DaySummary:
    return summarize(
        Day(
            date=when,
            template="Daily",
            tasks=[task("work", seconds=seconds, channel=channel)],
            wins=[Outcome("a win", channel) for _ in range(wins)],
            losses=[Outcome("a loss", channel)] if not wins else [],
        )
    )


def test_rung_figures_cover_every_rung_in_ladder_order() -> None:
    figures = rung_figures([summarize(rich_day()), summarize(rich_day())])
    assert list(figures) == list(Rung)
    assert figures[Rung.CREATE] == Figures()
    assert figures[Rung.COMMENT].out_of_order == 2
    assert figures[Rung.LISTEN].logged_seconds == 840


def test_channel_returns_sorted_by_wins_per_hour_with_drop_candidates() -> None:
    history = [
        channel_day(days_ago(5), "LinkedIn", 3600, wins=2),
        channel_day(days_ago(6), "Email", 1800, wins=2),
        channel_day(days_ago(7), "X", 7200),  # time, no win: drop candidate
        channel_day(days_ago(60), "Forum", 600),  # nothing in 30 days, no win in 90
        channel_day(days_ago(50), "Meetup", 3600, wins=1),  # won within 90 days
    ]
    returns = channel_returns(history, days_ago(89), TODAY, TODAY)
    assert [item.channel for item in returns] == ["Email", "LinkedIn", "Meetup", "Forum", "X"]
    by_name = {item.channel: item for item in returns}
    assert by_name["Email"].wins_per_hour == 4.0
    assert by_name["X"].drop_candidate == (30, 90)
    assert by_name["X"].losses == 1
    assert by_name["Forum"].drop_candidate == (90,)
    assert by_name["Meetup"].drop_candidate == ()
    assert by_name["LinkedIn"].drop_candidate == ()


def test_drop_marks_look_back_from_today_whatever_the_range() -> None:
    history = [channel_day(days_ago(400), "X", 600), channel_day(days_ago(3), "X", 600)]
    (only,) = channel_returns(history, days_ago(410), days_ago(390), TODAY)
    assert only.spent_seconds == 600 and only.drop_candidate == (30, 90)


def test_build_review_bundles_the_range_and_reaches_outside_it() -> None:
    history = [summary(days_ago(n), DONE, SKIPPED) for n in range(40)]
    history.append(summarize(rich_day()))
    history = [item for item in history if item.date != TODAY or item.total == 4]
    goal = Goal("New leads", "leads", 3, "week")
    start, end = review_range("week", TODAY)
    review = build_review(history, TODAY, start, end, [goal], threshold=0.75)
    assert [item.date for item in review.days] == [start, end]
    assert review.total.done == 1 + 2 and review.total.skipped == 1 + 1
    assert review.streaks == (40, 40), "the streak reaches back before the range"
    assert len(review.heatmap) == 365 and review.heatmap[-1].date == TODAY
    assert review.wins == 2 and review.losses == 1
    assert review.days_counted == 2
    assert [progress.goal for progress in review.goals] == [goal]
    assert review.goals[0].current == 2.0


# --- the setting ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("", 1.0), ("0.8", 0.8), ("1", 1.0), ("0", 0.0)])
def test_streak_threshold_setting(tmp_path: Path, text: str, expected: float) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"streak_threshold: {text}\n" if text else "theme: x\n")
    assert load_settings(config).streak_threshold == expected


@pytest.mark.parametrize("text", ["1.5", "-0.1", "most", "true"])
def test_streak_threshold_must_be_a_share(tmp_path: Path, text: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"streak_threshold: {text}\n")
    with pytest.raises(ConfigError, match="streak_threshold must be a number from 0 to 1"):
        load_settings(config)


def test_streak_threshold_can_be_saved(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    save_setting(config, "streak_threshold", 0.75)
    assert load_settings(config).streak_threshold == 0.75


def test_channels_with_no_time_rank_after_those_with_time() -> None:
    """A win and 0m spent is no return to weigh: it does not outrank a channel that took
    time and brought wins, however few (it used to come first, with wins/hour "·")."""
    history = [
        channel_day(days_ago(1), "LinkedIn", 7200, wins=1),  # 0.5 wins an hour
        channel_day(days_ago(4), "X", 600),  # time, no win
        summarize(Day(date=days_ago(2), template="D", wins=[Outcome("referral", "Friends")])),
        summarize(Day(date=days_ago(3), template="D", losses=[Outcome("no", "Fax")])),
    ]
    returns = channel_returns(history, days_ago(9), TODAY, TODAY)
    assert [item.channel for item in returns] == ["LinkedIn", "X", "Friends", "Fax"]
    assert [item.spent_seconds > 0 for item in returns] == [True, True, False, False]
    assert returns[2].drop_candidate == () and returns[3].drop_candidate == ()
