"""The day's plan and the changes a user makes, without Textual or storage."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from planner.core.dates import logical_today
from planner.core.ladder import RUNGS, Rung, parse_rung
from planner.core.model import Status, TaskSpec, TaskState, Template
from planner.core.plan import (
    NoTarget,
    add_count,
    build_day,
    mark_done,
    next_up,
    progress,
    reopen,
    set_note,
    skip,
    tasks_by_rung,
    toggle_done,
)
from planner.store.day_format import day_as_record, day_from_record

NOW = datetime(2026, 11, 24, 9, 0).astimezone()
TUESDAY = date(2026, 11, 24)


def template() -> Template:
    return Template(
        name="Test plan",
        budget_minutes=60,
        tasks=(
            TaskSpec(id="listen-a", title="Listen A", rung=Rung.LISTEN, minutes=5),
            TaskSpec(id="read-a", title="Read A", rung=Rung.READ),
            TaskSpec(id="comment-a", title="Comment", rung=Rung.COMMENT, target=3, unit="comments"),
            TaskSpec(id="close-mon", title="Only mondays", rung=Rung.CLOSE, days=(0,)),
            TaskSpec(id="close-tue", title="Only tuesdays", rung=Rung.CLOSE, days=(1,)),
        ),
    )


def test_rungs_are_in_ladder_order_with_reasons() -> None:
    assert [rung.value for rung in RUNGS] == [
        "listen",
        "read",
        "comment",
        "create",
        "communicate",
        "close",
    ]
    assert all(rung.why and rung.label for rung in RUNGS)
    assert parse_rung("Share") is Rung.COMMENT
    assert parse_rung("lisen") is None


def test_build_day_copies_the_tasks_that_apply_on_the_weekday() -> None:
    day = build_day(template(), TUESDAY, NOW)
    assert [task.id for task in day.tasks] == ["listen-a", "read-a", "comment-a", "close-tue"]
    assert all(task.status is Status.OPEN for task in day.tasks)
    assert day.template == "Test plan" and day.budget_minutes == 60


def test_next_up_is_first_open_task_of_highest_open_rung() -> None:
    day = build_day(template(), TUESDAY, NOW)
    assert next_up(day) is day.tasks[0]
    day.tasks[0] = mark_done(day.tasks[0], NOW)
    day.tasks[1] = skip(day.tasks[1], "no time", NOW)
    upcoming = next_up(day)
    assert upcoming is not None and upcoming.id == "comment-a"
    for index, task in enumerate(day.tasks):
        day.tasks[index] = mark_done(task, NOW)
    assert next_up(day) is None


def test_toggle_done_records_the_time_and_toggles_back() -> None:
    task = TaskState(id="x", title="X", rung=Rung.READ)
    done = toggle_done(task, NOW)
    assert done.status is Status.DONE
    assert done.done_at is not None and done.done_at.endswith("+00:00")
    assert task.status is Status.OPEN, "the original is left alone"
    again = toggle_done(done, NOW)
    assert again.status is Status.OPEN and again.done_at is None


def test_skip_keeps_reason_and_reopen_clears_it() -> None:
    task = TaskState(id="x", title="X", rung=Rung.READ)
    skipped = skip(task, "  travelling  ", NOW)
    assert skipped.status is Status.SKIPPED and skipped.skip_reason == "travelling"
    assert skipped.skipped_at is not None
    assert toggle_done(skipped, NOW).status is Status.DONE
    reopened = reopen(skipped)
    assert reopened.status is Status.OPEN and reopened.skip_reason == ""


def test_counting_reaches_done_at_target_and_leaves_it_below() -> None:
    task = TaskState(id="c", title="C", rung=Rung.COMMENT, target=3)
    task = add_count(task, 1, NOW)
    task = add_count(task, 1, NOW)
    assert (task.count, task.status) == (2, Status.OPEN)
    task = add_count(task, 1, NOW)
    assert (task.count, task.status) == (3, Status.DONE) and task.done_at
    task = add_count(task, -1, NOW)
    assert (task.count, task.status) == (2, Status.OPEN) and task.done_at is None
    assert add_count(TaskState(id="z", title="Z", rung=Rung.READ, target=2), -1, NOW).count == 0


def test_counting_a_task_without_target_is_refused() -> None:
    with pytest.raises(NoTarget, match="no target"):
        add_count(TaskState(id="x", title="X", rung=Rung.READ), 1, NOW)


def test_space_on_a_counted_task_keeps_its_count() -> None:
    """Done at 1/3 is done with one comment: no counts are invented, none are lost."""
    task = TaskState(id="c", title="C", rung=Rung.COMMENT, target=3, count=1)
    done = toggle_done(task, NOW)
    assert (done.count, done.status) == (1, Status.DONE)
    assert (toggle_done(done, NOW).count, toggle_done(done, NOW).status) == (1, Status.OPEN)
    counted = add_count(done, 1, NOW)  # one more comment: still done, by hand
    assert (counted.count, counted.status) == (2, Status.DONE)


def test_reopening_a_task_done_at_its_target_leaves_it_one_short() -> None:
    task = add_count(TaskState(id="c", title="C", rung=Rung.COMMENT, target=2), 2, NOW)
    assert (task.count, task.status) == (2, Status.DONE)
    assert (toggle_done(task, NOW).count, toggle_done(task, NOW).status) == (1, Status.OPEN)
    skipped = skip(task, "", NOW)
    assert reopen(skipped).count == 2  # taking a skip back changes no count


def test_progress_per_rung_and_for_the_day() -> None:
    day = build_day(template(), TUESDAY, NOW)
    day.tasks[0] = mark_done(day.tasks[0], NOW)
    day.tasks[1] = skip(day.tasks[1], "", NOW)
    figures = progress(day.tasks)
    assert (figures.done, figures.skipped, figures.total, figures.open) == (1, 1, 4, 2)
    per_rung = {rung: progress(tasks) for rung, tasks in tasks_by_rung(day).items()}
    assert list(per_rung) == list(RUNGS)
    assert per_rung[Rung.LISTEN].open == 0 and per_rung[Rung.CREATE].total == 0


def test_note_is_trimmed() -> None:
    assert set_note(TaskState(id="x", title="X", rung=Rung.READ), " hi \n").note == "hi"


@pytest.mark.parametrize(
    ("moment", "starts", "expected"),
    [
        (datetime(2026, 11, 24, 2, 30), time(0, 0), date(2026, 11, 24)),
        (datetime(2026, 11, 24, 2, 30), time(4, 0), date(2026, 11, 23)),
        (datetime(2026, 11, 24, 4, 0), time(4, 0), date(2026, 11, 24)),
    ],
)
def test_logical_today_respects_day_start(moment: datetime, starts: time, expected: date) -> None:
    assert logical_today(moment, starts) == expected


def test_day_round_trips_through_dict() -> None:
    day = build_day(template(), TUESDAY, NOW)
    day.tasks[2] = add_count(day.tasks[2], 2, NOW)
    day.tasks[0] = set_note(day.tasks[0], "ACME mentioned us")
    assert day_from_record(day_as_record(day)) == day
