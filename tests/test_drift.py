"""Drift: per task of a template, over the 30 days before today, how often it was planned,
done, skipped or left open, and which tasks are candidates to drop."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from planner.core.model import Day, Status, TaskState
from planner.core.plan import build_day
from planner.session.work import Session
from planner.templates.drift import MIN_PLANNED, template_drift, window
from planner.templates.reader import load_text
from tests.helpers import NOW, TODAY

PLAN = load_text(
    "name: P\nladder:\n"
    "  read: [{title: Read, id: read}]\n"
    "  create: [{title: Post, id: post}]\n"
    "  close: [{title: Mondays, id: monday, days: [mon]}]\n"
)


def day_with(day: date, **statuses: Status) -> Day:
    built = build_day(PLAN, day, NOW)
    for task in built.tasks:
        task.status = statuses.get(task.id, Status.OPEN)
    return built


def test_the_window_is_the_30_days_before_today() -> None:
    assert window(TODAY) == (TODAY - timedelta(days=30), TODAY - timedelta(days=1))


def test_counts_per_task_over_the_window_only() -> None:
    days = [
        day_with(TODAY - timedelta(days=n), read=Status.DONE, post=Status.SKIPPED)
        for n in range(1, 5)
    ]
    days.append(day_with(TODAY - timedelta(days=5), read=Status.SKIPPED))
    days.append(day_with(TODAY, read=Status.SKIPPED))  # today: still in progress
    days.append(day_with(TODAY - timedelta(days=31), read=Status.SKIPPED))  # too old
    drift = {task.task_id: task for task in template_drift(PLAN, days, TODAY)}
    read, post, monday = drift["read"], drift["post"], drift["monday"]
    assert (read.planned, read.done, read.skipped, read.left_open) == (5, 4, 1, 0)
    assert (post.planned, post.done, post.skipped, post.left_open) == (5, 0, 4, 1)
    # 2026-11-23 (TODAY - 1) is the only Monday in the window's stored days.
    assert (monday.planned, monday.left_open) == (1, 1)
    assert [task.task_id for task in drift.values() if task.drop_candidate] == ["post"]
    assert "drop?" in post.line() and "drop?" not in read.line()


def test_too_few_days_make_no_drop_candidate() -> None:
    days = [day_with(TODAY - timedelta(days=n), post=Status.SKIPPED) for n in (2, 3)]
    post = next(t for t in template_drift(PLAN, days, TODAY) if t.task_id == "post")
    assert post.planned == MIN_PLANNED - 1 and post.skipped == post.planned
    assert not post.drop_candidate


def test_tasks_the_days_do_not_know_and_days_of_other_tasks() -> None:
    other = Day(date=TODAY - timedelta(days=1), template="Other")
    other.tasks = [TaskState(id="elsewhere", title="E", rung=PLAN.tasks[0].rung)]
    drift = template_drift(PLAN, [other], TODAY)
    assert [task.task_id for task in drift] == ["read", "post", "monday"]
    assert all(task.planned == 0 and not task.drop_candidate for task in drift)


def test_only_days_made_from_the_template_count() -> None:
    """A template copied from another has the same task ids: the days of the one it was
    copied from are not its own (the same file name is; an old day without one, by name)."""
    shipped = replace(PLAN, source="/somewhere/examples/daily-marketing-hour.yaml")
    copied = replace(PLAN, name="Mine", source="/home/me/templates/my-hour.yaml")
    days = [day_with(TODAY - timedelta(days=n), post=Status.SKIPPED) for n in (1, 2, 3)]
    for day in days:
        day.template_source = "examples/daily-marketing-hour.yaml"  # as days store it
    older = day_with(TODAY - timedelta(days=4), post=Status.SKIPPED)
    older.template, older.template_source = "Mine", ""
    post = {t.task_id: t for t in template_drift(shipped, [*days, older], TODAY)}["post"]
    assert (post.planned, post.drop_candidate) == (3, True)
    post = {t.task_id: t for t in template_drift(copied, [*days, older], TODAY)}["post"]
    assert (post.planned, post.skipped) == (1, 1)  # only the old day named "Mine"


def test_the_session_reads_the_stored_days(session: Session) -> None:
    for n in range(1, 4):
        session.store.ensure_day(day_with(TODAY - timedelta(days=n), post=Status.SKIPPED))
    post = next(t for t in session.drift(PLAN, TODAY) if t.task_id == "post")
    assert (post.planned, post.skipped, post.drop_candidate) == (3, 3, True)
