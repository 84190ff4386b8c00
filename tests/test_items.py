"""Dated items (issue 18): carry-over as pure rules (an open item moves once onto today, a
done one stays on its day, a dropped one goes), the review counting each item once (also
through its cache), and the commands `planner add`, `item list|move|rename` and `drop`."""

from __future__ import annotations

import json
from contextlib import nullcontext
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import Paths, Settings, load_settings, resolve_paths
from planner.core.items import DatedItem, item_tasks, make_item
from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState
from planner.review.history import load_review
from planner.review.items import counted_on, items_by_day, with_items
from planner.review.summary import summarize
from planner.session.work import Session
from planner.store.item_store import ItemStore, read_items
from tests.helpers import NOW, TODAY, FakeClock

YESTERDAY = TODAY - timedelta(days=1)
LAST_WEEK = TODAY - timedelta(days=7)
TOMORROW = TODAY + timedelta(days=1)
STAMP = "2026-11-17T09:00:00+00:00"


def item(title: str, on: date, status: Status = Status.OPEN) -> DatedItem:
    made = make_item(title, on, Rung.CLOSE, STAMP)
    return replace(made, task=replace(made.task, status=status))


def ids(tasks: list[TaskState]) -> list[str]:
    return [task.id for task in tasks]


# --- carry-over, pure ----------------------------------------------------------------


def test_an_open_item_moves_once_onto_today() -> None:
    late = item("Follow up", LAST_WEEK)
    on_today = item_tasks([late], TODAY, TODAY)
    assert ids(on_today) == [late.id] and on_today[0].carried_from == LAST_WEEK.isoformat()
    assert item_tasks([late], YESTERDAY, TODAY) == [], "not on the days between"
    assert item_tasks([late], TOMORROW, TODAY) == [], "not ahead of today"
    [left] = item_tasks([late], LAST_WEEK, TODAY)
    assert left.moved_to == TODAY.isoformat() and left.carried_from is None
    assert counted_on(late, TODAY) == TODAY


def test_a_done_item_stays_on_its_day_and_a_dropped_one_goes() -> None:
    done = item("Sent it", LAST_WEEK, Status.DONE)
    skipped = item("Not this week", LAST_WEEK, Status.SKIPPED)
    dropped = replace(item("Never mind", LAST_WEEK), removed_at=STAMP)
    everything = [done, skipped, dropped]
    assert item_tasks(everything, TODAY, TODAY) == []
    kept = item_tasks(everything, LAST_WEEK, TODAY)
    assert ids(kept) == [done.id, skipped.id]
    assert all(task.moved_to is None and task.one_off for task in kept)
    assert counted_on(done, TODAY) == LAST_WEEK
    assert items_by_day(everything, TODAY) == {LAST_WEEK: [done.task, skipped.task]}


def test_the_review_counts_each_item_once() -> None:
    late, done = item("Follow up", LAST_WEEK), item("Sent it", LAST_WEEK, Status.DONE)
    dropped = replace(item("Never mind", YESTERDAY), removed_at=STAMP)
    ahead = item("Next week's call", TOMORROW)
    task = TaskState(id="scan", title="Scan", rung=Rung.LISTEN)
    stored = [summarize(Day(when, "Plan", tasks=[task.copy()])) for when in (LAST_WEEK, TODAY)]
    summaries = with_items(stored, [late, done, dropped, ahead], TODAY)
    by_date = {summary.date: summary for summary in summaries}
    assert list(by_date) == [LAST_WEEK, TODAY], "a future item is a plan: not reviewed"
    assert (by_date[LAST_WEEK].done, by_date[LAST_WEEK].open) == (1, 1), "open: its task only"
    assert (by_date[TODAY].done, by_date[TODAY].open) == (0, 2), "the carried item is today's"
    assert by_date[TODAY].rungs[Rung.CLOSE].open == 1
    assert list(by_date[TODAY].rungs) == [Rung.LISTEN, Rung.CLOSE], "in ladder order"
    assert sum(summary.total for summary in summaries) == 4, "two tasks, two items, once each"


def test_a_day_view_counts_an_item_moved_on_to_today_there_only() -> None:
    late = item("Follow up", LAST_WEEK)
    view = Day(LAST_WEEK, "Plan", tasks=item_tasks([late], LAST_WEEK, TODAY))
    assert summarize(view).total == 0, "left to today, not left open here"
    today = Day(TODAY, "Plan", tasks=item_tasks([late], TODAY, TODAY))
    assert summarize(today).open == 1


def test_items_on_a_day_without_a_file_make_a_summary_of_their_own() -> None:
    done = item("Sent it", YESTERDAY, Status.DONE)
    [summary] = with_items([], [done], TODAY)
    assert summary.date == YESTERDAY and summary.done == 1 and summary.template == ""


# --- the review of a session, through its cache -------------------------------------------


@pytest.fixture
def planned(paths: Paths, clock: FakeClock, plan_file: Path) -> Session:
    return Session(paths, Settings(), template_choice=str(plan_file), clock=clock)


def test_the_review_counts_items_once_and_its_cache_follows_them(planned: Session) -> None:
    planned.open_day(LAST_WEEK)
    tasks = len(planned.open_day(TODAY).day.tasks)  # both Tuesdays: the same tasks
    review, problems = planned.review(LAST_WEEK, TODAY)
    assert problems == [] and review.total.total == tasks * 2
    late = planned.add_item("Follow up", LAST_WEEK, Rung.CLOSE)
    review, _ = planned.review(LAST_WEEK, TODAY)  # day summaries from the cache now
    by_date = {summary.date: summary for summary in review.days}
    assert by_date[TODAY].open == tasks + 1, "the open item on today"
    assert by_date[LAST_WEEK].total == tasks, "not left open on its old day"
    planned.toggle_done(TODAY, late.id)
    review, _ = planned.review(LAST_WEEK, TODAY)
    by_date = {summary.date: summary for summary in review.days}
    assert by_date[TODAY].done == 1 and by_date[TODAY].total == tasks + 1
    assert by_date[LAST_WEEK].total == tasks
    planned.drop_item(late.id)
    review, _ = planned.review(LAST_WEEK, TODAY)
    assert review.total.total == tasks * 2, "a dropped item is not counted"


def test_a_broken_items_file_is_a_problem_of_the_review_not_a_crash(planned: Session) -> None:
    tasks = len(planned.open_day(TODAY).day.tasks)
    planned.add_item("Follow up", TODAY, Rung.CLOSE)
    planned.items.file_for(TODAY.year).write_text("{")
    review, problems = load_review(planned.paths, TODAY, TODAY, TODAY)
    assert [problem.path.name for problem in problems] == [f"{TODAY.year}.json"]
    assert review.total.total == tasks, "the days still reviewed"


# --- the commands -----------------------------------------------------------------------


@pytest.fixture
def cli_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' today is TODAY."""

    def make_session(template_choice: str | None) -> Session:
        paths = resolve_paths()
        return Session(paths, load_settings(paths.config_file), template_choice, FakeClock(NOW))

    monkeypatch.setattr("planner.cli.items.make_session", make_session)
    monkeypatch.setattr("planner.cli.make_session", make_session)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def listed(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "item", "list", "--json", *argv)
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    return data


@pytest.mark.usefixtures("cli_today")
def test_add_prints_the_id_and_item_list_json_lists_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "add", "Follow up with Acme", "--on", "fri", "--rung", "close")
    assert code == 0
    item_id = out.strip()
    code, out, _ = run(capsys, "add", "Call Bob", "--date", "+2", "--rung", "communicate")
    assert code == 0
    args = ("--minutes", "10", "--channel", "@Email")
    run(capsys, "add", "Send the proposal", "--on", "2026-12-08", "--rung", "close", *args)
    items = listed(capsys)
    assert [(entry["title"], entry["on"]) for entry in items] == [
        ("Call Bob", "2026-11-26"),
        ("Follow up with Acme", "2026-11-27"),
        ("Send the proposal", "2026-12-08"),
    ]
    first = next(entry for entry in items if entry["id"] == item_id)
    assert first["rung"] == "close" and first["status"] == "open"
    assert {"id", "title", "on", "rung", "status", "created_at", "updated_at"} <= set(first)
    assert items[-1]["minutes"] == 10 and items[-1]["channel"] == "Email"
    assert [entry["title"] for entry in listed(capsys, "--from", "fri", "--to", "fri")] == [
        "Follow up with Acme"
    ]
    assert not list((resolve_paths().data_dir / "days").rglob("*.json")), "no day stored"


@pytest.mark.usefixtures("cli_today")
def test_an_item_shows_in_today_json_carried_and_moved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    item_id = run(capsys, "add", "Follow up", "--on", "-7", "--rung", "close")[1].strip()
    today = json.loads(run(capsys, "today", "--json")[1])
    [task] = [task for task in today["tasks"] if task["id"] == item_id]
    assert task["one_off"] is True and task["carried_from"] == LAST_WEEK.isoformat()
    assert task["status"] == "open"
    before = json.loads(run(capsys, "today", "--date", "-7", "--json")[1])
    [old] = [task for task in before["tasks"] if task["id"] == item_id]
    assert old["moved_to"] == TODAY.isoformat()
    assert all(not task["one_off"] for task in today["tasks"] if task["id"] != item_id)


@pytest.mark.usefixtures("cli_today")
def test_item_move_rename_and_drop(capsys: pytest.CaptureFixture[str]) -> None:
    item_id = run(capsys, "add", "Follow up", "--on", "today", "--rung", "close")[1].strip()
    code, out, _ = run(capsys, "item", "move", item_id, "--on", "2027-01-04")
    assert code == 0 and "2027-01-04" in out
    code, out, _ = run(capsys, "item", "rename", item_id, "Follow up with  Acme")
    assert code == 0 and "Follow up with Acme" in out
    [entry] = listed(capsys)
    assert (entry["on"], entry["title"]) == ("2027-01-04", "Follow up with Acme")
    code, out, _ = run(capsys, "drop", item_id)
    assert code == 0 and "dropped" in out
    assert listed(capsys) == []
    home = resolve_paths().data_dir
    stored = ItemStore(home, nullcontext).all_items()
    assert stored[item_id].removed_at is not None, "kept as a tombstone"
    assert read_items(home / "items" / "2027.json")[item_id].removed_at is not None
    code, _, err = run(capsys, "drop", item_id)
    assert code != 0 and "planner item list" in err


@pytest.mark.usefixtures("cli_today")
def test_add_refuses_a_bad_rung_or_day(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as bad_rung:
        main(["add", "Call Bob", "--rung", "sell"])
    assert bad_rung.value.code == 2 and "not a rung" in capsys.readouterr().err
    with pytest.raises(SystemExit) as bad_day:
        main(["add", "Call Bob", "--rung", "close", "--on", "someday"])
    assert bad_day.value.code == 2 and "not a date" in capsys.readouterr().err
    assert listed(capsys) == []
