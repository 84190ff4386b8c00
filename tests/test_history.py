"""Loading day summaries for a review: straight from the day files, through a derived
cache that is never trusted over the files and is safe to delete."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

from planner.config import Paths
from planner.core.ladder import Rung
from planner.core.model import Day, Goal, Outcome, Status, TaskState
from planner.review.history import (
    CACHE_FOLDER,
    load_history,
    load_review,
    summary_from_row,
    summary_to_row,
)
from planner.review.summary import DaySummary, Figures, KindCount, summarize
from planner.store.days import Store
from tests.helpers import TODAY

DAYS = [TODAY - timedelta(days=n) for n in (400, 30, 2, 1, 0)]  # across two years


def make_day(when: date, done: int = 1) -> Day:
    tasks = [
        TaskState(
            id=f"task-{n}",
            title=f"Task {n}",
            rung=Rung.LISTEN if n % 2 else Rung.CLOSE,
            minutes=5,
            channel="LinkedIn" if n else None,
            status=Status.DONE if n < done else Status.OPEN,
            seconds=60 * n,
        )
        for n in range(3)
    ]
    return Day(
        date=when,
        template="Daily",
        tasks=tasks,
        wins=[Outcome("lead", "LinkedIn")],
        measurements={"leads": 1.0},
    )


def fill(paths: Paths) -> Store:
    store = Store(paths.data_dir)
    for when in DAYS:
        store.ensure_day(make_day(when))
    return store


def cache_files(paths: Paths) -> list[Path]:
    folder = paths.cache_dir / CACHE_FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


def test_summaries_match_the_stored_days(paths: Paths) -> None:
    store = fill(paths)
    history = load_history(paths)
    assert [s.date for s in history.summaries] == DAYS
    expected = [summarize(store.load_day(when)) for when in DAYS]  # type: ignore[arg-type]
    assert history.summaries == expected
    assert (history.files_read, history.from_cache, history.problems) == (5, 0, [])


def test_the_cache_answers_until_a_day_file_changes(paths: Paths) -> None:
    store = fill(paths)
    first = load_history(paths)
    assert [f.name for f in cache_files(paths)] == ["days-2025.json", "days-2026.json"]

    second = load_history(paths)
    assert (second.files_read, second.from_cache) == (0, 5)
    assert second.summaries == first.summaries

    store.update_task(TODAY, "task-2", lambda task: setattr(task, "status", Status.DONE))
    third = load_history(paths)
    assert (third.files_read, third.from_cache) == (1, 4)
    assert third.summaries[-1].done == 2, "the changed day is read again"


def test_a_deleted_day_leaves_the_cache_too(paths: Paths) -> None:
    store = fill(paths)
    load_history(paths)
    store.day_file(DAYS[2]).unlink()
    assert [s.date for s in load_history(paths).summaries] == DAYS[:2] + DAYS[3:]
    cached = json.loads((paths.cache_dir / CACHE_FOLDER / "days-2026.json").read_text())
    assert DAYS[2].isoformat() not in cached["days"]


def test_a_broken_or_foreign_cache_is_rebuilt(paths: Paths) -> None:
    fill(paths)
    load_history(paths)
    broken, foreign = cache_files(paths)
    broken.write_text("{not json")
    foreign.write_text(json.dumps({"version": 999, "days": {}}))
    history = load_history(paths)
    assert history.files_read == 5 and not history.problems
    assert (load_history(paths).files_read, load_history(paths).from_cache) == (0, 5)


def test_a_tampered_cache_entry_is_not_believed(paths: Paths) -> None:
    fill(paths)
    load_history(paths)
    path = paths.cache_dir / CACHE_FOLDER / "days-2026.json"
    data = json.loads(path.read_text())
    entry = data["days"][TODAY.isoformat()]
    entry["summary"] = ["garbage"]
    path.write_text(json.dumps(data))
    history = load_history(paths)
    assert history.files_read == 1 and history.summaries[-1].date == TODAY


def test_a_corrupt_day_file_is_reported_skipped_and_left_alone(paths: Paths) -> None:
    store = fill(paths)
    bad = store.day_file(DAYS[1])
    bad.write_text('{"days": ')
    newer = store.day_file(DAYS[2])
    tables = json.loads(newer.read_text())
    tables["_meta"]["schema"]["schema_version"] = 99
    newer.write_text(json.dumps(tables))
    before = bad.read_bytes(), newer.read_bytes()

    history = load_history(paths)
    assert [s.date for s in history.summaries] == [DAYS[0], DAYS[3], DAYS[4]]
    problems = sorted(str(problem) for problem in history.problems)
    assert len(problems) == 2
    assert str(bad) in problems[0] and "not valid JSON" in problems[0]
    assert str(newer) in problems[1] and "newer planner" in problems[1]
    assert (bad.read_bytes(), newer.read_bytes()) == before
    assert len(load_history(paths).problems) == 2, "never cached as good"


def test_malformed_records_are_problems_not_crashes(paths: Paths) -> None:
    store = fill(paths)
    path = store.day_file(TODAY)
    tables = json.loads(path.read_text())
    next(iter(tables["tasks"].values()))["rung"] = "shout"
    path.write_text(json.dumps(tables))
    history = load_history(paths)
    assert len(history.problems) == 1 and "malformed" in str(history.problems[0])
    assert TODAY not in [s.date for s in history.summaries]


def test_every_refused_day_is_a_problem_even_one_without_a_title(paths: Paths) -> None:
    store = fill(paths)
    load_history(paths)  # cached while they were good
    for day, field, value in ((DAYS[1], "title", None), (DAYS[3], "channel", 42)):
        path = store.day_file(day)
        tables = json.loads(path.read_text())
        task = next(iter(tables["tasks"].values()))
        if value is None:
            del task[field]
        else:
            task[field] = value
        path.write_text(json.dumps(tables))
    history = load_history(paths)
    said = sorted(str(problem) for problem in history.problems)
    assert len(said) == 2, "the store refuses both: the review counts neither"
    assert "field 'title' is missing" in said[0] and "field 'channel'" in said[1]
    assert [s.date for s in history.summaries] == [DAYS[0], DAYS[2], DAYS[4]]


def test_a_day_file_that_cannot_be_read_is_a_problem(paths: Paths) -> None:
    store = fill(paths)
    path = store.day_file(DAYS[3])
    path.unlink()
    path.mkdir()  # named like a day file, but nothing to read
    history = load_history(paths)
    [problem] = history.problems
    assert problem.path == path and problem.problem == "cannot be read (Is a directory)"
    assert [s.date for s in history.summaries] == DAYS[:3] + DAYS[4:]


def test_a_cache_row_is_positional_json() -> None:
    # The cache's format: summary_to_row hands its tuples and mappings to JSON as they
    # are, which must write exactly these lists (CACHE_VERSION 3).
    figures = Figures(1, 2, 3, 4, 5, 6, 7)
    summary = DaySummary(
        date=TODAY,
        template="Daily",
        figures=figures,
        budget_minutes=60,
        rungs={Rung.LISTEN: figures},
        channels={"LinkedIn": figures},
        wins={"LinkedIn": 2},
        losses={"": 1},
        measures={"leads": 1.5},
        strategies={"warm": figures},
        win_kinds=(KindCount("booked call", "LinkedIn", "warm", 2),),
        loss_kinds=(KindCount("other", "", "", 1),),
        entered=("leads",),
    )
    row = json.loads(json.dumps(summary_to_row(summary)))
    seven = [1, 2, 3, 4, 5, 6, 7]
    assert row == [
        TODAY.isoformat(),
        "Daily",
        60,
        seven,
        {"listen": seven},
        {"LinkedIn": seven},
        {"LinkedIn": 2},
        {"": 1},
        {"leads": 1.5},
        {"warm": seven},
        [["booked call", "LinkedIn", "warm", 2]],
        [["other", "", "", 1]],
        ["leads"],
    ]
    assert summary_from_row(row) == summary


def test_a_range_reads_only_its_days(paths: Paths) -> None:
    fill(paths)
    history = load_history(paths, DAYS[1], DAYS[3])
    assert [s.date for s in history.summaries] == DAYS[1:4]
    assert history.files_read == 3
    # The days outside the range stay cached as they were (none yet), nothing is lost.
    assert load_history(paths).files_read == 2


def test_without_the_cache_nothing_is_written(paths: Paths) -> None:
    fill(paths)
    assert len(load_history(paths, use_cache=False).summaries) == 5
    assert cache_files(paths) == []


def test_no_history_no_folders(paths: Paths) -> None:
    history = load_history(paths)
    assert history.summaries == [] and history.problems == []
    assert not paths.data_dir.exists() and not paths.cache_dir.exists()


def test_stray_files_are_ignored(paths: Paths) -> None:
    store = fill(paths)
    folder = store.day_file(TODAY).parent
    (folder / "notes.txt").write_text("mine")
    (folder / "2026-02-30.json").write_text("{}")  # not a real date
    (folder / f".{TODAY.isoformat()}.json.123.tmp").write_text("half")
    assert len(load_history(paths).summaries) == 5


def test_same_size_new_mtime_is_read_again(paths: Paths) -> None:
    store = fill(paths)
    load_history(paths)
    path = store.day_file(TODAY)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))
    assert load_history(paths).files_read == 1


def test_load_review_covers_every_day_with_goals(paths: Paths) -> None:
    fill(paths)
    goal = Goal("New leads", "leads", 3, "week")
    review, problems = load_review(paths, TODAY, DAYS[2], TODAY, [goal], threshold=0.3)
    assert problems == []
    assert [s.date for s in review.days] == DAYS[2:]
    assert review.streaks == (3, 3)
    assert review.goals[0].current == 2.0  # Monday and Tuesday of this week
    assert review.wins == 3
