"""The Session is the one path to disk: each change a key or a command makes is an operation
applied to the day as stored now, behind the same two guards (future day, unknown task)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.config import Paths, Settings
from planner.core.ladder import Rung
from planner.core.model import (
    BadNumber,
    Day,
    Status,
    TaskSpec,
    Template,
    UnknownTask,
    parse_measurement,
)
from planner.core.plan import NoTarget, add_count
from planner.session.base import FutureDay
from planner.session.work import Session
from planner.store.days import Store
from tests.helpers import NOW, TODAY, FakeClock


@pytest.fixture
def pilot(paths: Paths, clock: FakeClock, plan_file: Path) -> Session:
    return Session(paths, Settings(), template_choice=str(plan_file), clock=clock)


def test_task_operations_change_what_is_stored_now(pilot: Session, paths: Paths) -> None:
    pilot.open_day(TODAY)
    other = Store(paths.data_dir)  # another planner counts one meanwhile
    other.update_task(TODAY, "posts", lambda task: add_count(task, 1, NOW))
    pilot.count(TODAY, "posts", 2)
    pilot.skip_task(TODAY, "news", "travelling")
    pilot.set_note(TODAY, "scan", "  two leads ")
    pilot.set_logged_minutes(TODAY, "scan", 12)
    stored = other.load_day(TODAY)
    assert stored is not None
    assert stored.task("posts").count == 3 and stored.task("posts").status is Status.DONE
    assert stored.task("news").status is Status.SKIPPED
    assert stored.task("news").skip_reason == "travelling"
    assert stored.task("scan").note == "two leads"
    assert stored.task("scan").seconds == 12 * 60
    assert pilot.reopen_task(TODAY, "news").status is Status.OPEN


OPERATIONS: dict[str, Callable[[Session, date], object]] = {
    "count": lambda s, d: s.count(d, "posts", 1),
    "skip": lambda s, d: s.skip_task(d, "posts", ""),
    "reopen": lambda s, d: s.reopen_task(d, "posts"),
    "note": lambda s, d: s.set_note(d, "posts", "x"),
    "minutes": lambda s, d: s.set_logged_minutes(d, "posts", 3),
    "done": lambda s, d: s.toggle_done(d, "posts"),
    "timer": lambda s, d: s.toggle_timer(d, "posts"),
    "log": lambda s, d: s.log_time(d, "posts", 60),
    "budget": lambda s, d: s.notice_budget(d),
    "sync": lambda s, d: s.sync_day(d),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_refuses_a_future_day(pilot: Session, operation: str) -> None:
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(FutureDay, match="has not come yet"):
        OPERATIONS[operation](pilot, tomorrow)
    assert pilot.load_day(tomorrow) is None


TASK_OPERATIONS: dict[str, Callable[[Session, str], object]] = {
    "count": lambda s, task_id: s.count(TODAY, task_id, 1),
    "skip": lambda s, task_id: s.skip_task(TODAY, task_id, ""),
    "reopen": lambda s, task_id: s.reopen_task(TODAY, task_id),
    "note": lambda s, task_id: s.set_note(TODAY, task_id, "x"),
    "minutes": lambda s, task_id: s.set_logged_minutes(TODAY, task_id, 3),
    "done": lambda s, task_id: s.toggle_done(TODAY, task_id),
    "timer": lambda s, task_id: s.toggle_timer(TODAY, task_id),
    "log": lambda s, task_id: s.log_time(TODAY, task_id, 60),
}


@pytest.mark.parametrize("operation", TASK_OPERATIONS)
def test_every_task_operation_names_the_valid_ids(pilot: Session, operation: str) -> None:
    pilot.open_day(TODAY)
    before = pilot.store.day_file(TODAY).read_bytes()
    with pytest.raises(UnknownTask, match="no task 'nope' on 2026-11-24; valid ids: scan, news"):
        TASK_OPERATIONS[operation](pilot, "nope")
    assert pilot.store.day_file(TODAY).read_bytes() == before


def test_counting_a_task_without_a_target_is_a_planner_error(pilot: Session) -> None:
    pilot.open_day(TODAY)
    with pytest.raises(NoTarget, match="'Scan mentions' has no target"):
        pilot.count(TODAY, "scan", 1)


def test_a_goal_figure_must_be_a_finite_number() -> None:
    assert parse_measurement(" 2.5 ", "leads") == 2.5
    for text in ("two", "nan", "inf", "-inf", ""):
        with pytest.raises(BadNumber, match="is not a number of leads"):
            parse_measurement(text, "leads")


def test_the_busiest_day_follows_the_weekday_rules() -> None:
    every_day = TaskSpec("a", "A", Rung.LISTEN, minutes=20)
    mondays = TaskSpec("b", "B", Rung.READ, minutes=30, days=(0,))
    fridays = TaskSpec("c", "C", Rung.READ, minutes=15, days=(4,))
    template = Template("T", (every_day, mondays, fridays))
    assert template.busiest_day_minutes == 50  # not 65: Monday and Friday never meet


def test_a_day_lists_its_ids_when_a_task_is_missing() -> None:
    with pytest.raises(UnknownTask, match=r"valid ids: \(the day has no tasks\)"):
        Day(date=TODAY, template="T").task("x")


def test_done_keeps_the_count_in_the_app_and_the_shell_alike(pilot: Session) -> None:
    """One rule for `space` and `planner done`: done with 1/3 is done with one comment."""
    pilot.open_day(TODAY)
    pilot.count(TODAY, "posts", 1)
    done, _ = pilot.toggle_done(TODAY, "posts", only_mark=True)  # `planner done posts`
    assert (done.status, done.count) == (Status.DONE, 1)
    reopened, _ = pilot.toggle_done(TODAY, "posts")  # `space` again
    assert (reopened.status, reopened.count) == (Status.OPEN, 1)
