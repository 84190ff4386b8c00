"""Conflict copies left by Syncthing, Dropbox and Nextcloud merged back into their day, with
real day files written by a second store (the "laptop") and copied in under the sync's names."""

from __future__ import annotations

import json
import shutil
from copy import deepcopy
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState
from planner.store.conflict_copies import (
    ConflictCopy,
    CopyOutcome,
    find_conflict_copies,
    merge_conflict_copies,
)
from planner.store.days import Store

DAY = date(2026, 12, 4)
EARLY, LATE = "2026-12-04T08:00:00+00:00", "2026-12-04T09:00:00+00:00"
SYNCTHING = "2026-12-04.sync-conflict-20261204-101530-ABCDEF7.json"
DROPBOX = "2026-12-04 (Laptop's conflicted copy 2026-12-04).json"
NAMES = [
    SYNCTHING,
    "2026-12-04 (conflicted copy).json",
    DROPBOX,
    "2026-12-04 (conflicted copy 2026-12-04 101530).json",  # Dropbox, Nextcloud
]


def base_day() -> Day:
    tasks = [
        TaskState("scan", "Scan mentions", Rung.LISTEN, updated_at=EARLY),
        TaskState("news", "Read the news", Rung.READ, updated_at=EARLY),
    ]
    win = Outcome("lead", "LinkedIn", EARLY, id="win-lead", updated_at=EARLY)
    return Day(DAY, "T", tasks, wins=[win], created_at=EARLY, updated_at=EARLY)


def done(day: Day, task_id: str) -> Day:
    changed = deepcopy(day)
    task = changed.task(task_id)
    task.status, task.done_at, task.updated_at = Status.DONE, LATE, LATE
    return changed


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", clock=lambda: datetime(2026, 12, 4, 10, tzinfo=UTC))


def write_copy(store: Store, name: str, day: Day) -> Path:
    """``day`` as the other machine's planner wrote it, under the sync's name for a copy."""
    laptop = Store(store.home.parent / f"laptop-{len(name)}")
    laptop.restore_day(day)
    path = store.day_file(DAY).with_name(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(laptop.day_file(DAY), path)
    return path


def stored(store: Store) -> Day:
    day = store.load_day(DAY)
    assert day is not None
    return day


@pytest.mark.parametrize("name", NAMES)
def test_a_copy_is_merged_record_by_record_and_moved_aside(store: Store, name: str) -> None:
    main = done(base_day(), "scan")
    lead = main.wins.pop()
    main.removed_wins = [replace(lead, removed_at=LATE, updated_at=LATE)]
    store.restore_day(main)
    theirs = done(base_day(), "news")
    theirs.wins.append(Outcome("talk", None, LATE, id="win-talk", updated_at=LATE))
    copy = write_copy(store, name, theirs)

    handled = merge_conflict_copies(store)

    moved = store.home / "conflicts" / name
    assert handled == [ConflictCopy(DAY, copy, CopyOutcome.MERGED, moved)]
    day = stored(store)
    assert [task.status for task in day.tasks] == [Status.DONE, Status.DONE]
    assert [win.id for win in day.wins] == ["win-talk"]
    assert [win.id for win in day.removed_wins] == ["win-lead"]  # the removal holds
    assert not copy.exists() and moved.is_file()


def test_a_name_taken_in_conflicts_is_never_overwritten(store: Store) -> None:
    store.restore_day(base_day())
    taken = store.home / "conflicts" / SYNCTHING
    taken.parent.mkdir(parents=True)
    taken.write_text("an earlier copy")
    copy = write_copy(store, SYNCTHING, done(base_day(), "news"))
    content = copy.read_bytes()

    [handled] = merge_conflict_copies(store)

    assert taken.read_text() == "an earlier copy"
    assert handled.moved_to == taken.with_name(f"{Path(SYNCTHING).stem}.2.json")
    assert handled.moved_to.read_bytes() == content
    assert stored(store).task("news").status is Status.DONE


@pytest.mark.parametrize(
    "content",
    [
        b"{ torn",
        b"",
        b'{"_meta": {"schema": {"kind": "todo-app", "schema_version": 1}}}',
        b'{"_meta": {"schema": {"kind": "planner-days", "schema_version": 2}}}',  # no day
        b'{"_meta": {"schema": {"kind": "planner-days", "schema_version": 2}}, "days": '
        b'{"2026-12-04": {"date": "2026-12-04", "template": "t", "task_order": ["a"]}}, '
        b'"tasks": {"2026-12-04/a": {"id": "a", "title": "A", "rung": "listen", '
        b'"channel": 42}}}',
    ],
    ids=["damaged", "empty", "foreign", "no day", "mistyped"],
)
def test_an_untrusted_copy_is_moved_aside_unmerged(store: Store, content: bytes) -> None:
    store.restore_day(base_day())
    before = store.day_file(DAY).read_bytes()
    copy = store.day_file(DAY).with_name(DROPBOX)
    copy.write_bytes(content)

    [handled] = merge_conflict_copies(store)

    assert handled.outcome is CopyOutcome.UNREADABLE
    assert handled.moved_to == store.home / "conflicts" / DROPBOX
    assert handled.moved_to.read_bytes() == content and not copy.exists()
    assert str(copy) in handled.problem
    assert store.day_file(DAY).read_bytes() == before


def test_a_copy_from_a_newer_planner_stays_where_it_is(store: Store) -> None:
    store.restore_day(base_day())
    before = store.day_file(DAY).read_bytes()
    copy = store.day_file(DAY).with_name(SYNCTHING)
    copy.write_text(
        json.dumps({"_meta": {"schema": {"kind": "planner-days", "schema_version": 9}}})
    )

    [handled] = merge_conflict_copies(store)

    assert (handled.outcome, handled.moved_to) == (CopyOutcome.NEWER_SCHEMA, None)
    assert "Upgrade planner on this machine" in handled.problem
    assert copy.is_file() and not (store.home / "conflicts").exists()
    assert store.day_file(DAY).read_bytes() == before


def test_a_copy_without_its_day_becomes_the_day(store: Store) -> None:
    theirs = done(base_day(), "news")
    write_copy(store, DROPBOX, theirs)

    [handled] = merge_conflict_copies(store)

    assert handled.outcome is CopyOutcome.MERGED
    assert stored(store) == theirs


def test_a_copy_of_the_older_schema_is_merged(store: Store) -> None:
    """Schema 1 (wins without ids or stamps), as a planner not yet upgraded writes it."""
    store.restore_day(done(base_day(), "scan"))
    header = {
        "date": "2026-12-04",
        "template": "T",
        "task_order": ["scan", "news"],
        "created_at": EARLY,
        "updated_at": LATE,
        "wins": [{"text": "talk", "channel": None, "at": LATE}],
    }
    tasks = {
        f"2026-12-04/{task.id}": {**vars(task), "rung": task.rung.value, "date": "2026-12-04"}
        for task in done(base_day(), "news").tasks
    }
    schema = {"schema_version": 1, "kind": "planner-days"}
    copy = store.day_file(DAY).with_name(SYNCTHING)
    tables = {"_meta": {"schema": schema}, "days": {"2026-12-04": header}, "tasks": tasks}
    copy.write_text(json.dumps(tables))

    [handled] = merge_conflict_copies(store)

    assert handled.outcome is CopyOutcome.MERGED
    day = stored(store)
    assert [task.status for task in day.tasks] == [Status.DONE, Status.DONE]
    assert [win.text for win in day.wins] == ["lead", "talk"]


def test_a_copy_whose_day_cannot_be_written_stays(store: Store) -> None:
    store.day_file(DAY).parent.mkdir(parents=True)
    store.day_file(DAY).write_text("{ torn")
    copy = write_copy(store, SYNCTHING, base_day())

    [handled] = merge_conflict_copies(store)

    assert (handled.outcome, handled.moved_to) == (CopyOutcome.NOT_MERGED, None)
    assert str(store.day_file(DAY)) in handled.problem
    assert copy.is_file() and store.day_file(DAY).read_text() == "{ torn"


def test_files_that_only_look_like_copies_are_left_alone(store: Store) -> None:
    store.restore_day(base_day())
    folder = store.day_file(DAY).parent
    lookalikes = [
        folder / "notes.json",
        folder / f".{SYNCTHING}.3f2a.tmp",
        folder / f"{SYNCTHING}.bak",
        folder / "2026-02-30 (conflicted copy).json",  # no such date
        folder / "2026-12-04 (copy).json",
        store.days_folder / "2025" / DROPBOX,  # in another year's folder
        store.home / "conflicts" / DROPBOX,
    ]
    for path in lookalikes:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    before = store.day_file(DAY).read_bytes()

    assert find_conflict_copies(store.home) == []
    assert merge_conflict_copies(store) == []
    assert all(path.read_text() == "{}" for path in lookalikes)
    assert store.day_file(DAY).read_bytes() == before


def test_running_twice_does_nothing_the_second_time(store: Store) -> None:
    store.restore_day(base_day())
    write_copy(store, SYNCTHING, done(base_day(), "news"))
    write_copy(store, DROPBOX, done(base_day(), "scan"))
    assert len(find_conflict_copies(store.home)) == 2

    first = merge_conflict_copies(store)
    version = store.data_version(DAY)

    assert [copy.outcome for copy in first] == [CopyOutcome.MERGED] * 2
    assert find_conflict_copies(store.home) == []
    assert merge_conflict_copies(store) == []
    assert store.data_version(DAY) == version
    assert sorted(path.name for path in (store.home / "conflicts").iterdir()) == sorted(
        [SYNCTHING, DROPBOX]
    )
