"""Three versions of a day merged record by record (the git sync's merge driver), with real
git for the driver: no mocks, and never a conflict marker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from copy import deepcopy
from pathlib import Path

import pytest

from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState
from planner.store.day_format import day_as_record
from planner.store.days import Store
from planner.store.merge import merge_three
from tests.helpers import TODAY, git_missing

EARLY, LATE = "2026-11-24T08:00:00+00:00", "2026-11-24T09:00:00+00:00"


def base_day() -> Day:
    tasks = [
        TaskState("scan", "Scan", Rung.LISTEN, updated_at=EARLY),
        TaskState("news", "News", Rung.READ, updated_at=EARLY),
        TaskState("post", "Post", Rung.CREATE, updated_at=EARLY),
    ]
    win = Outcome("lead", "LinkedIn", EARLY, id="win-lead", updated_at=EARLY)
    return Day(
        date=TODAY, template="T", tasks=tasks, wins=[win], updated_at=EARLY, created_at=EARLY
    )


def changed(day: Day, stamp: str, **notes: str) -> Day:
    copy = deepcopy(day)
    for task_id, note in notes.items():
        task = copy.task(task_id)
        task.note, task.updated_at = note, stamp
    return copy


def both_ways(base: Day | None, ours: Day, theirs: Day) -> Day:
    """The merge, checked to be the same whichever side runs it."""
    one, two = merge_three(base, ours, theirs), merge_three(base, theirs, ours)
    assert one is not None and two is not None
    assert day_as_record(one) == day_as_record(two)
    return one


def test_changes_to_different_tasks_are_both_kept() -> None:
    base = base_day()
    merged = both_ways(base, changed(base, LATE, scan="laptop"), changed(base, EARLY, news="desk"))
    assert merged.task("scan").note == "laptop" and merged.task("news").note == "desk"


def test_the_same_task_changed_on_both_keeps_the_newer() -> None:
    base = base_day()
    merged = both_ways(base, changed(base, LATE, scan="later"), changed(base, EARLY, scan="early"))
    assert merged.task("scan").note == "later"


def test_a_field_changed_on_one_side_wins_even_under_an_older_header() -> None:
    base = base_day()
    ours, theirs = deepcopy(base), deepcopy(base)
    ours.worked, ours.field_stamps = "short posts", {"worked": EARLY}
    theirs.wrap_note, theirs.updated_at = "dentist", LATE
    theirs.field_stamps = {"wrap_note": LATE}
    merged = both_ways(base, ours, theirs)
    assert (merged.worked, merged.wrap_note) == ("short posts", "dentist")


def test_wins_added_on_both_are_kept_and_a_removed_one_stays_removed() -> None:
    base = base_day()
    ours, theirs = deepcopy(base), deepcopy(base)
    ours.wins.append(Outcome("ours", id="win-ours", updated_at=LATE))
    theirs.wins.append(Outcome("theirs", id="win-theirs", updated_at=LATE))
    gone = ours.wins.pop(0)
    ours.removed_wins.append(Outcome(gone.text, gone.channel, gone.at, gone.id, LATE, LATE))
    merged = both_ways(base, ours, theirs)
    assert sorted(win.text for win in merged.wins) == ["ours", "theirs"]
    assert [win.id for win in merged.removed_wins] == ["win-lead"]


def test_a_change_newer_than_a_tombstone_revives_the_item() -> None:
    base = base_day()
    ours, theirs = deepcopy(base), deepcopy(base)
    ours.removed_wins = [Outcome("lead", "LinkedIn", EARLY, "win-lead", EARLY, EARLY)]
    ours.wins = []
    theirs.wins = [Outcome("lead: signed", "LinkedIn", EARLY, "win-lead", LATE)]
    merged = both_ways(base, ours, theirs)
    assert [win.text for win in merged.wins] == ["lead: signed"] and not merged.removed_wins


def test_a_task_dropped_by_a_sync_but_worked_on_elsewhere_is_kept() -> None:
    base = base_day()
    ours = deepcopy(base)
    ours.tasks = [task for task in ours.tasks if task.id != "post"]  # sync dropped it
    theirs = changed(base, EARLY, post="half written")
    merged = both_ways(base, ours, theirs)
    assert merged.task("post").note == "half written"
    untouched = both_ways(base, ours, deepcopy(base))
    assert "post" not in [task.id for task in untouched.tasks]


def test_a_day_made_on_both_machines_merges_without_duplicates() -> None:
    ours, theirs = base_day(), changed(base_day(), LATE, news="read")
    theirs.task("scan").status = Status.DONE
    theirs.task("scan").updated_at = LATE
    merged = both_ways(None, ours, theirs)
    assert [task.id for task in merged.tasks] == ["scan", "news", "post"]
    assert merged.task("scan").status is Status.DONE and len(merged.wins) == 1


# --- the driver, through real git --------------------------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "commit.gpgsign=false", "-c", "core.hooksPath=", *args],
        capture_output=True,
        text=True,
        check=check,
        env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A data folder under git with planner's merge driver set, as `remote add` will do."""
    if git_missing():
        pytest.skip("git is not installed")
    folder = tmp_path / "data"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "planner test")
    git(folder, "config", "user.email", "planner@invalid")
    command = f'"{sys.executable}" -m planner.remote.merge_driver %O %A %B %P'
    git(folder, "config", "merge.planner-day.driver", command)
    (folder / ".git" / "info" / "attributes").write_text("*.json merge=planner-day\n")
    return folder


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def test_git_merges_a_day_changed_on_both_branches_by_record(repo: Path) -> None:
    store = Store(repo)
    store.ensure_day(base_day())
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "laptop")
    store.update_task(TODAY, "scan", lambda task: changed_note(task, "laptop"))
    commit(repo, "laptop")
    git(repo, "checkout", "-q", "main")
    Store(repo).update_task(TODAY, "news", lambda task: changed_note(task, "desk"))
    commit(repo, "desk")
    result = git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    assert result.returncode == 0, result.stderr
    text = store.day_file(TODAY).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    day = Store(repo).load_day(TODAY)
    assert day is not None
    assert (day.task("scan").note, day.task("news").note) == ("laptop", "desk")


def test_git_merges_a_day_made_on_both_machines(repo: Path) -> None:
    commit_empty = git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    assert commit_empty.returncode == 0
    git(repo, "checkout", "-q", "-b", "laptop")
    laptop = base_day()
    laptop.task("scan").status = Status.DONE
    Store(repo).ensure_day(laptop)
    commit(repo, "laptop made the day")
    git(repo, "checkout", "-q", "main")
    desk = base_day()
    desk.task("news").note = "desk"
    Store(repo).ensure_day(desk)
    commit(repo, "desk made the day")
    result = git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    assert result.returncode == 0, result.stderr
    day = Store(repo).load_day(TODAY)
    assert day is not None and [task.id for task in day.tasks] == ["scan", "news", "post"]


def test_a_file_from_a_newer_planner_stops_the_merge_and_is_named(repo: Path) -> None:
    store = Store(repo)
    store.ensure_day(base_day())
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "laptop")
    path = store.day_file(TODAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["_meta"]["schema"]["schema_version"] = 99
    data["days"]["2026-11-24"]["worked"] = "from the future"
    path.write_text(json.dumps(data), encoding="utf-8")
    commit(repo, "a newer planner")
    git(repo, "checkout", "-q", "main")
    Store(repo).update_task(TODAY, "news", lambda task: changed_note(task, "desk"))
    commit(repo, "desk")
    ours = path.read_bytes()
    result = git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    assert result.returncode != 0
    assert "cannot merge days/2026/2026-11-24.json" in result.stderr + result.stdout
    assert "newer planner" in result.stderr + result.stdout
    assert path.read_bytes() == ours, "this machine's version is kept, no markers"


def test_a_day_damaged_by_hand_stops_the_merge_naming_day_record_and_field(repo: Path) -> None:
    store = Store(repo)
    store.ensure_day(base_day())
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "laptop")
    path = store.day_file(TODAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"]["2026-11-24/scan"]["intervals"] = [["yesterday", "now"]]
    path.write_text(json.dumps(data), encoding="utf-8")
    commit(repo, "edited by hand")
    git(repo, "checkout", "-q", "main")
    Store(repo).update_task(TODAY, "news", lambda task: changed_note(task, "desk"))
    commit(repo, "desk")
    ours = path.read_bytes()
    result = git(repo, "merge", "-q", "--no-edit", "laptop", check=False)
    said = result.stderr + result.stdout
    assert result.returncode != 0 and "Traceback" not in said
    assert "'2026-11-24'" in said and "task 'scan', field 'intervals'" in said
    assert path.read_bytes() == ours, "this machine's version is kept, no markers"


def changed_note(task: TaskState, note: str) -> TaskState:
    task.note = note
    return task
