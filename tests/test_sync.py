"""Syncing a day with an edited template: new tasks added, untouched removed ones dropped,
everything done on tasks that stay kept (plan.sync_day, Session.sync_day, `planner sync`)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import Paths, Settings
from planner.core.model import Day, Status
from planner.core.plan import add_count, build_day, skip, sync_day, untouched
from planner.core.timebox import add_time
from planner.session.base import FutureDay
from planner.session.work import Session
from planner.templates.reader import load_text
from tests.helpers import NOW, TODAY, FakeClock

BEFORE = load_text(
    "name: Before\nbudget_minutes: 30\nladder:\n"
    "  listen: [{title: Scan, id: scan, minutes: 5}]\n"
    "  read: [{title: Read, id: read}]\n"
    "  comment: [{title: Comment, id: posts, target: 3}]\n"
    "  close: [{title: Follow up, id: follow}, {title: Call, id: call}]\n",
    "before.yaml",
)
AFTER = load_text(
    "name: After\nbudget_minutes: 45\nladder:\n"
    "  listen: [{title: Scan more, id: scan, minutes: 10}]\n"
    "  comment: [{title: Comment, id: posts, target: 3}]\n"
    "  create: [{title: Write, id: write}]\n"
    "  close:\n"
    "    - {title: Tuesday only, id: tue, days: [tue]}\n"
    "    - {title: Not today, id: wed, days: [wed]}\n",
    "after.yaml",
)
LATER = NOW + timedelta(hours=1)


def worked_day() -> Day:
    day = build_day(BEFORE, TODAY, NOW)
    index = {task.id: i for i, task in enumerate(day.tasks)}
    day.tasks[index["scan"]] = skip(day.tasks[index["scan"]], "busy", NOW)
    day.tasks[index["posts"]] = add_count(day.tasks[index["posts"]], 2, NOW)
    day.tasks[index["follow"]] = add_time(day.tasks[index["follow"]], 300)
    return day


def test_sync_adds_removes_keeps_and_updates() -> None:
    day = worked_day()
    result = sync_day(day, AFTER, LATER)
    ids = [task.id for task in result.day.tasks]
    # Ladder order; within a rung the template's tasks, then kept ones; wed is not today.
    assert ids == ["scan", "posts", "write", "tue", "follow"]
    assert [t.id for t in result.added] == ["write", "tue"]
    assert [t.id for t in result.removed] == ["read", "call"]  # untouched
    assert [t.id for t in result.kept] == ["follow"]  # has logged time
    scan = result.day.task("scan")
    assert (scan.status, scan.skip_reason, scan.title, scan.minutes) == (
        Status.SKIPPED,
        "busy",
        "Scan more",
        10,
    )
    assert [t.id for t in result.updated] == ["scan"]
    assert result.day.task("posts").count == 2
    assert result.day.task("follow").seconds == 300
    assert result.day.task("write").status is Status.OPEN
    assert (result.day.template, result.day.budget_minutes) == ("After", 45)
    assert result.day.template_source == "after.yaml"
    assert day.template == "Before" and len(day.tasks) == 5  # the input is left alone
    summary = result.summary()
    assert "+ Write" in summary and "- Read" in summary and "= Follow up" in summary


def test_the_summary_says_what_changes_in_each_tasks_plan() -> None:
    after = load_text(
        "name: After\nladder:\n"
        "  listen: [{title: Scan, id: scan, minutes: 8, channel: Google Alerts}]\n"
        "  read: [{title: Read, id: read}]\n"
        "  comment: [{title: Comment on posts, id: posts, target: 5, unit: comments}]\n"
        "  close: [{title: Follow up, id: follow}, {title: Call, id: call, notes: Be brief}]\n",
        "after.yaml",
    )
    result = sync_day(worked_day(), after, LATER)
    assert [t.id for t in result.was] == [t.id for t in result.updated] == ["scan", "posts", "call"]
    assert result.summary().splitlines() == [
        "~ Scan: minutes 5m → 8m, channel none → Google Alerts; work kept",
        "~ Comment on posts: title 'Comment' → 'Comment on posts', target 3 → 5, "
        "unit none → comments; work kept",
        "~ Call: notes changed; work kept",
    ]


def test_syncing_twice_changes_nothing_more() -> None:
    once = sync_day(worked_day(), AFTER, LATER)
    twice = sync_day(once.day, AFTER, LATER)
    assert not twice.changes and twice.day.tasks == once.day.tasks
    assert "Nothing to change" in sync_day(build_day(AFTER, TODAY, NOW), AFTER, LATER).summary()


def test_untouched_means_nothing_was_done() -> None:
    task = build_day(BEFORE, TODAY, NOW).task("read")
    assert untouched(task)
    task.note = "later"
    assert not untouched(task)


def test_session_sync_writes_through_change_day(session: Session, plan_file: Path) -> None:
    session.day_templates.choice = str(plan_file)
    session.open_day(TODAY)
    session.toggle_done(TODAY, "scan")
    plan_file.write_text(plan_file.read_text().replace("id: news}", "id: news}\n    - New one"))
    preview = session.sync_preview(TODAY)
    assert [t.title for t in preview.added] == ["New one"]
    unchanged = session.store.load_day(TODAY)
    assert unchanged is not None and len(unchanged.tasks) == 4  # the preview wrote nothing
    result = session.sync_day(TODAY)
    stored = session.store.load_day(TODAY)
    assert stored is not None and stored == result.day
    assert "read-new-one" in [t.id for t in stored.tasks]
    assert stored.task("scan").status is Status.DONE
    with pytest.raises(FutureDay):
        session.sync_day(TODAY + timedelta(days=1))


def test_planner_sync_dry_run_and_real(
    capsys: pytest.CaptureFixture[str], paths: Paths, plan_file: Path
) -> None:
    assert main(["done", "scan", "--template", str(plan_file), "--date", "2026-11-20"]) == 0
    plan_file.write_text(plan_file.read_text().replace("- {title: Read the news, id: news}", ""))
    capsys.readouterr()
    args = ["sync", "--template", str(plan_file), "--date", "2026-11-20"]
    assert main([*args, "--dry-run"]) == 0
    assert "- Read the news" in capsys.readouterr().out
    store = Session(paths, Settings(), clock=FakeClock()).store

    def stored_ids() -> list[str]:
        stored = store.load_day(TODAY.replace(day=20))
        assert stored is not None
        return [task.id for task in stored.tasks]

    assert "news" in stored_ids()
    assert main(args) == 0
    assert "synced with 'Pilot plan'" in capsys.readouterr().out
    assert "news" not in stored_ids() and "scan" in stored_ids()
