"""The store keeps its promises on disk: round trips, format, atomicity, refusal, locking."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest
from filelock import FileLock

from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState, UnknownTask
from planner.store import files
from planner.store.days import Store
from planner.store.records import SCHEMA_VERSION, StoreError
from planner.store.unique_ids import DuplicateTaskIds

DAY = date(2026, 11, 24)
CREATED = "2026-11-24T08:00:00+00:00"
LATER = datetime(2026, 11, 24, 8, 15, 3, 123456, tzinfo=UTC)


def make_day(day: date = DAY) -> Day:
    tasks = [
        TaskState("listen-scan", "Scan mentions", Rung.LISTEN, minutes=5, channel="LinkedIn"),
        TaskState("read-three", "Read three posts — café edition", Rung.READ, minutes=10),
        TaskState("comment-prospects", "Comment", Rung.COMMENT, target=3, unit="comments"),
    ]
    for task in tasks:
        task.updated_at = CREATED
    return Day(
        date=day,
        template="Daily marketing hour",
        tasks=tasks,
        template_source="embedded:daily-marketing-hour",
        budget_minutes=60,
        created_at=CREATED,
        updated_at=CREATED,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(home: Path) -> Store:
    return Store(home, clock=lambda: LATER)


def stored(store: Store, day: date = DAY) -> Day:
    loaded = store.load_day(day)
    assert loaded is not None
    return loaded


def mark_done(task: TaskState) -> TaskState:
    changed = task.copy()
    changed.status = Status.DONE
    return changed


def add_one(task: TaskState) -> None:
    task.count += 1


# --- round trip -----------------------------------------------------------------------


def test_ensure_then_load_round_trips(store: Store) -> None:
    day = make_day()
    assert store.ensure_day(day) == day
    assert store.load_day(DAY) == day
    assert [task.id for task in stored(store).tasks] == [
        "listen-scan",
        "read-three",
        "comment-prospects",
    ]


def test_a_missing_day_loads_as_none_and_creates_nothing(store: Store, home: Path) -> None:
    assert store.load_day(DAY) is None
    assert store.days_between(date(2020, 1, 1), date(2030, 1, 1)) == []
    assert store.day_dates() == []
    assert store.data_version(DAY) == 0
    assert store.check() == []
    assert not home.exists()


def test_ensure_day_stamps_records_that_have_no_stamp(store: Store) -> None:
    day = make_day()
    day.created_at = day.updated_at = None
    day.tasks[0].updated_at = None
    stored = store.ensure_day(day)
    assert stored.created_at == stored.updated_at == "2026-11-24T08:15:03.123456+00:00"
    assert stored.tasks[0].updated_at == "2026-11-24T08:15:03.123456+00:00"
    assert stored.tasks[1].updated_at == CREATED


def test_stamps_never_go_backwards(home: Path) -> None:
    """A clock set back, a second planner with an earlier clock: each new stamp is still
    after the latest in the file, so the newer change wins any later merge."""
    early = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    store = Store(home, clock=lambda: LATER)
    store.ensure_day(make_day())
    first = store.update_task(DAY, "listen-scan", mark_done).updated_at
    behind = Store(home, clock=lambda: early)  # another planner, its clock an hour behind
    second = behind.update_task(DAY, "read-three", mark_done).updated_at
    third = behind.update_task(DAY, "comment-prospects", mark_done).updated_at
    assert first == LATER.isoformat()
    assert second == "2026-11-24T08:15:03.123457+00:00"
    assert third == "2026-11-24T08:15:03.123458+00:00"


def test_update_task_persists_and_stamps(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    changed = store.update_task(DAY, "listen-scan", mark_done)
    assert changed.status is Status.DONE
    assert changed.updated_at == "2026-11-24T08:15:03.123456+00:00"
    assert datetime.fromisoformat(changed.updated_at).utcoffset() is not None

    other = Store(home)  # a second instance reads what the first wrote
    loaded = other.load_day(DAY)
    assert loaded is not None
    assert loaded.task("listen-scan") == changed
    assert loaded.task("read-three").status is Status.OPEN


def test_update_task_accepts_a_change_that_mutates_in_place(store: Store) -> None:
    store.ensure_day(make_day())
    assert store.update_task(DAY, "comment-prospects", add_one).count == 1
    assert store.update_task(DAY, "comment-prospects", add_one).count == 2
    assert stored(store).task("comment-prospects").count == 2


def test_update_task_stamps_with_the_real_clock_by_default(home: Path) -> None:
    store = Store(home)
    store.ensure_day(make_day())
    before = datetime.now(UTC)
    changed = store.update_task(DAY, "listen-scan", mark_done)
    assert changed.updated_at is not None
    stamp = datetime.fromisoformat(changed.updated_at)
    assert stamp.utcoffset() == timedelta(0)
    assert stamp >= before


def test_update_task_does_not_touch_the_day_header(store: Store) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)
    assert stored(store).updated_at == CREATED


def test_update_task_on_unknown_task_or_day_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="holds no day 2026-11-24"):
        store.update_task(DAY, "listen-scan", mark_done)
    store.ensure_day(make_day())
    before = store.day_file(DAY).read_bytes()
    with pytest.raises(UnknownTask, match="no task 'no-such-task' on 2026-11-24; valid ids"):
        store.update_task(DAY, "no-such-task", mark_done)
    assert store.day_file(DAY).read_bytes() == before


def test_a_change_that_raises_writes_nothing(store: Store) -> None:
    store.ensure_day(make_day())
    before = store.day_file(DAY).read_bytes()

    def refuse(task: TaskState) -> TaskState:
        task.count = 99
        raise ValueError("no")

    with pytest.raises(ValueError):
        store.update_task(DAY, "comment-prospects", refuse)
    assert store.day_file(DAY).read_bytes() == before


def test_a_change_that_changes_nothing_writes_nothing(store: Store) -> None:
    store.ensure_day(make_day())
    version = store.data_version(DAY)
    task = store.update_task(DAY, "listen-scan", lambda task: task)
    assert task.updated_at == CREATED
    assert store.data_version(DAY) == version


def test_a_change_may_not_swap_the_task(store: Store) -> None:
    store.ensure_day(make_day())
    with pytest.raises(ValueError, match="returned task"):
        store.update_task(DAY, "listen-scan", lambda task: make_day().tasks[1])


def test_ensure_day_returns_the_stored_day_untouched(store: Store) -> None:
    first = store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)
    before = store.day_file(DAY).read_bytes()
    version = store.data_version(DAY)

    other = make_day()
    other.template = "Light Friday"
    other.tasks = other.tasks[:1]
    stored = store.ensure_day(other)

    assert stored.template == first.template
    assert stored.task("listen-scan").status is Status.DONE
    assert len(stored.tasks) == 3
    assert store.day_file(DAY).read_bytes() == before
    assert store.data_version(DAY) == version


def test_ensure_day_refuses_duplicate_task_ids(store: Store) -> None:
    day = make_day()
    day.tasks.append(day.tasks[0].copy())
    with pytest.raises(DuplicateTaskIds, match="duplicate"):
        store.ensure_day(day)


def test_change_day_rewrites_header_and_tasks(store: Store) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)

    def resync(day: Day) -> None:
        day.template = "Light Friday"
        day.tasks = [
            day.task("listen-scan"),
            TaskState("close-follow-up", "Follow up", Rung.CLOSE),
            day.task("read-three"),
        ]
        day.created_at = "2030-01-01T00:00:00+00:00"

    stored = store.change_day(DAY, resync)

    assert [task.id for task in stored.tasks] == ["listen-scan", "close-follow-up", "read-three"]
    assert stored.template == "Light Friday"
    assert stored.created_at == CREATED  # the day keeps when it was first stored
    # A microsecond after the done above: the clock stood still, stamps never do.
    assert stored.updated_at == "2026-11-24T08:15:03.123457+00:00"
    assert stored.task("listen-scan").status is Status.DONE
    assert stored.task("read-three").updated_at == CREATED  # unchanged: stamp kept
    assert stored.task("close-follow-up").updated_at == "2026-11-24T08:15:03.123457+00:00"
    assert store.load_day(DAY) == stored
    tasks = json.loads(store.day_file(DAY).read_text(encoding="utf-8"))["tasks"]
    assert "2026-11-24/comment-prospects" not in tasks


def test_change_day_builds_on_what_is_stored_now(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    Store(home).update_task(DAY, "listen-scan", mark_done)  # another instance, meanwhile

    def resync(day: Day) -> None:
        day.template = "Light Friday"
        day.tasks = [task for task in day.tasks if task.id != "read-three"]

    changed = store.change_day(DAY, resync)
    assert changed.template == "Light Friday"
    assert changed.task("listen-scan").status is Status.DONE  # the other's toggle survives
    assert [task.id for task in stored(store).tasks] == ["listen-scan", "comment-prospects"]
    with pytest.raises(StoreError, match="holds no day 2026-11-25"):
        store.change_day(date(2026, 11, 25), resync)


# --- file format ----------------------------------------------------------------------


def test_file_is_pretty_sorted_and_keyed_by_string_ids(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)
    path = home / "days" / "2026" / "2026-11-24.json"
    assert store.day_file(DAY) == path
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)

    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "café" in text  # UTF-8, not \u escapes
    assert data["_meta"] == {"schema": {"schema_version": SCHEMA_VERSION, "kind": "planner-days"}}
    assert list(data["days"]) == ["2026-11-24"]
    assert sorted(data["tasks"]) == [
        "2026-11-24/comment-prospects",
        "2026-11-24/listen-scan",
        "2026-11-24/read-three",
    ]
    header = data["days"]["2026-11-24"]
    assert header["task_order"] == ["listen-scan", "read-three", "comment-prospects"]
    task = data["tasks"]["2026-11-24/listen-scan"]
    assert task["date"] == "2026-11-24"
    assert task["status"] == "done"
    assert task["updated_at"] == "2026-11-24T08:15:03.123456+00:00"


# --- atomic writes --------------------------------------------------------------------


def test_a_failed_rename_leaves_the_old_file_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)  # the backup exists from here on
    before = store.day_file(DAY).read_bytes()

    def crash(*args: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(StoreError, match=r"could not be written \(power cut\); it is as it was"):
        store.update_task(DAY, "read-three", mark_done)
    monkeypatch.undo()

    assert store.day_file(DAY).read_bytes() == before
    assert stored(store).task("read-three").status is Status.OPEN
    assert sorted(p.name for p in store.day_file(DAY).parent.iterdir()) == [
        "2026-11-24.json",
        "2026-11-24.json.bak",
    ]


def test_a_failed_serialisation_leaves_the_old_file_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ensure_day(make_day())
    before = store.day_file(DAY).read_bytes()

    def crash(*args: object, **kwargs: object) -> str:
        raise RuntimeError("killed mid-dump")

    monkeypatch.setattr("planner.store.records.dump_tables", crash)
    with pytest.raises(RuntimeError):
        store.update_task(DAY, "read-three", mark_done)
    monkeypatch.undo()
    assert store.day_file(DAY).read_bytes() == before
    assert store.load_day(DAY) == make_day()


def test_writes_are_fsynced_file_and_folder(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)  # the backup is out of the way
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    store.update_task(DAY, "read-three", mark_done)
    assert len(synced) == (2 if os.name == "posix" else 1)


def test_in_one_pass_each_folder_is_synced_once_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``folders_synced_at_end`` (an import): each file is still fsynced before its rename,
    each folder once when the block ends (by an error too); after it, every write syncs
    its folder again."""
    fsynced: list[int] = []
    synced: list[Path] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        fsynced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(files, "sync_folder", synced.append)

    with pytest.raises(RuntimeError), files.folders_synced_at_end():
        for name in ("a/1.json", "b/2.json", "a/3.json"):
            files.write_atomically(tmp_path / name, b"{}\n")
        assert len(fsynced) == 3 and synced == []
        raise RuntimeError("stopped half-way")
    assert synced == [tmp_path / "a", tmp_path / "b"]
    assert (tmp_path / "a" / "3.json").read_bytes() == b"{}\n"

    files.write_atomically(tmp_path / "b" / "4.json", b"{}\n")
    assert synced[2:] == [tmp_path / "b"] and len(fsynced) == 4


def test_leftover_temporary_files_are_ignored(store: Store) -> None:
    store.ensure_day(make_day())
    folder = store.day_file(DAY).parent
    (folder / ".2026-11-24.json.k3j_x9.tmp").write_text('{"_meta": {', encoding="utf-8")
    (folder / ".2026-11-25.json.abc123.tmp").write_text("", encoding="utf-8")

    assert store.load_day(DAY) == make_day()
    assert store.day_dates() == [DAY]
    assert store.days_between(date(2026, 11, 1), date(2026, 11, 30)) == [make_day()]
    assert store.check() == []
    assert store.update_task(DAY, "read-three", mark_done).status is Status.DONE


# --- refusal of files that cannot be trusted -------------------------------------------

BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n\t\n",
    "invalid JSON": b'{"_meta": {"schema": ',
    "not UTF-8": b'{"\xff": 1}',
    "a JSON list": b"[]",
    "a JSON string": b'"days"',
    "a foreign dict": b'{"foo": 1}',
    "tables without _meta": b'{"days": {}, "tasks": {}}',
    "a foreign kind": b'{"_meta": {"schema": {"kind": "todo-app", "schema_version": 1}}}',
    "a newer schema": b'{"_meta": {"schema": {"kind": "planner-days", "schema_version": 9}}}',
    "a string schema version": (
        b'{"_meta": {"schema": {"kind": "planner-days", "schema_version": "1"}}}'
    ),
    "a record that is not a dict": (
        b'{"_meta": {"schema": {"kind": "planner-days", "schema_version": 1}},'
        b' "tasks": {"2026-11-24/a": [1, 2]}}'
    ),
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_an_untrusted_file_is_refused_and_never_written(store: Store, content: bytes) -> None:
    path = store.day_file(DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    attempts: list[Callable[[], object]] = [
        lambda: store.load_day(DAY),
        lambda: store.ensure_day(make_day()),
        lambda: store.update_task(DAY, "listen-scan", mark_done),
        lambda: store.restore_day(make_day()),
        lambda: store.days_between(DAY, DAY),
        lambda: store.change_day(DAY, lambda day: None),
    ]
    for attempt in attempts:
        with pytest.raises(StoreError) as caught:
            attempt()
        assert caught.value.path == path
        assert str(path) in str(caught.value)
        assert (
            "move it aside" in str(caught.value).lower() or "upgrade" in str(caught.value).lower()
        )
        assert path.read_bytes() == content
    assert not path.with_name(path.name + ".bak").exists()
    assert [error.path for error in store.check()] == [path]
    assert path.read_bytes() == content


def test_the_refusal_says_what_is_wrong(store: Store) -> None:
    path = store.day_file(DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="is empty"):
        store.load_day(DAY)
    path.write_bytes(BAD_FILES["a newer schema"])
    with pytest.raises(StoreError, match="newer planner"):
        store.load_day(DAY)
    path.write_bytes(b'{"a": 1,}')
    with pytest.raises(StoreError, match=r"JSON \(line 1, column 9: expecting property"):
        store.load_day(DAY)
    path.write_bytes(b"[]")
    with pytest.raises(StoreError, match="holds a JSON array"):
        store.load_day(DAY)


def test_the_refusal_offers_the_backup(store: Store) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)
    path = store.day_file(DAY)
    backup = path.with_name("2026-11-24.json.bak")
    path.write_bytes(b"")
    with pytest.raises(StoreError) as caught:
        store.load_day(DAY)
    assert caught.value.backup == backup
    assert str(backup) in str(caught.value)


def test_a_day_missing_a_task_record_is_refused(store: Store) -> None:
    store.ensure_day(make_day())
    path = store.day_file(DAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["tasks"]["2026-11-24/read-three"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="read-three"):
        store.load_day(DAY)


def test_a_malformed_task_record_is_refused(store: Store) -> None:
    store.ensure_day(make_day())
    path = store.day_file(DAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"]["2026-11-24/read-three"]["rung"] = "shout"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="task 'read-three', field 'rung': text 'shout', not one"):
        store.load_day(DAY)
    with pytest.raises(StoreError):
        store.ensure_day(make_day())
    assert path.read_bytes() == before


# --- backups --------------------------------------------------------------------------


def test_first_write_to_an_existing_file_backs_it_up(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    path = store.day_file(DAY)
    backup = path.with_name(path.name + ".bak")
    assert not backup.exists()  # a new file has nothing to back up

    original = path.read_bytes()
    store.update_task(DAY, "listen-scan", mark_done)
    assert backup.read_bytes() == original

    store.update_task(DAY, "read-three", mark_done)  # not again in the same session
    assert backup.read_bytes() == original

    after_session = path.read_bytes()
    Store(home).update_task(DAY, "comment-prospects", add_one)  # a new session backs up
    assert backup.read_bytes() == after_session


# --- two processes --------------------------------------------------------------------


def increment_many(home: str, task_id: str, times: int, start: Event) -> None:
    store = Store(Path(home))
    start.wait()
    for _ in range(times):
        store.update_task(DAY, task_id, add_one)


def run_in_two_processes(home: Path, task_ids: tuple[str, str], times: int) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=increment_many, args=(str(home), task_id, times, start))
        for task_id in task_ids
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]


def test_two_processes_counting_the_same_task_lose_nothing(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    run_in_two_processes(home, ("comment-prospects", "comment-prospects"), 100)
    assert stored(store).task("comment-prospects").count == 200
    assert store.check() == []


def test_two_processes_counting_different_tasks_lose_nothing(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    run_in_two_processes(home, ("comment-prospects", "read-three"), 100)
    loaded = store.load_day(DAY)
    assert loaded is not None
    assert loaded.task("comment-prospects").count == 100
    assert loaded.task("read-three").count == 100
    json.loads(store.day_file(DAY).read_text(encoding="utf-8"))


def test_a_lock_held_too_long_is_reported(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    before = store.day_file(DAY).read_bytes()
    waiting = Store(home)
    waiting.tree_lock.timeout = 0.1  # the store's 10 s, shortened
    with FileLock(str(home / "days" / ".lock")), pytest.raises(StoreError, match="locked by"):
        waiting.update_task(DAY, "listen-scan", mark_done)
    assert store.day_file(DAY).read_bytes() == before


# --- many days ------------------------------------------------------------------------


def test_days_between_crosses_month_and_year_boundaries(store: Store) -> None:
    dates = [date(2025, 11, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 2, 1)]
    for day in reversed(dates):
        store.ensure_day(make_day(day))

    found = store.days_between(date(2025, 12, 1), date(2026, 1, 31))
    assert [day.date for day in found] == [date(2025, 12, 31), date(2026, 1, 1)]
    assert found[0] == make_day(date(2025, 12, 31))
    assert [d.date for d in store.days_between(date(2025, 1, 1), date(2027, 1, 1))] == dates
    assert store.days_between(date(2026, 1, 2), date(2026, 1, 31)) == []
    assert store.days_between(date(2026, 2, 1), date(2025, 1, 1)) == []
    assert store.day_dates() == dates


def test_day_dates_ignores_backups_locks_and_misplaced_files(store: Store, home: Path) -> None:
    store.ensure_day(make_day())
    store.update_task(DAY, "listen-scan", mark_done)  # makes a .bak
    (home / "days" / "2026" / "notes.json").write_text("{}", encoding="utf-8")
    (home / "days" / "2026" / "2025-05-05.json").write_text("{}", encoding="utf-8")
    (home / "days" / "misc").mkdir()
    assert store.day_dates() == [DAY]
    problems = store.check()
    assert sorted(error.path.name for error in problems) == ["2025-05-05.json", "notes.json"]


def test_data_version_moves_with_every_write(store: Store) -> None:
    assert store.data_version(DAY) == 0
    store.ensure_day(make_day())
    seen = {store.data_version(DAY)}
    for _ in range(5):  # faster than a coarse file-system clock ticks
        store.update_task(DAY, "comment-prospects", add_one)
        seen.add(store.data_version(DAY))
    assert len(seen) == 6
    assert store.load_day(DAY) is not None
    assert store.data_version(DAY) in seen  # reading changes nothing


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("intervals", [["yesterday", "now"]], "field 'intervals': interval 1: 'yesterday' is not"),
        ("channel", 42, "field 'channel': the number 42, not text"),
        ("done_at", "0001-01-01T00:00:00+01:00", "outside the days planner keeps"),
        ("minutes", float("inf"), "field 'minutes': the number inf, not a whole number"),
    ],
)
def test_a_day_file_damaged_by_hand_is_refused_naming_day_record_and_field(
    store: Store, field: str, value: object, problem: str
) -> None:
    store.ensure_day(make_day())
    path = store.day_file(DAY)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tasks"]["2026-11-24/read-three"][field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        store.load_day(DAY)
    said = str(caught.value)
    assert "'2026-11-24'" in said and "task 'read-three'" in said and problem in said
    with pytest.raises(StoreError):  # nor is it written over
        store.update_task(DAY, "read-three", lambda task: task)
