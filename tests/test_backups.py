"""Backups of day files in ``<data>/backups/`` (planner.store.backups): when they are taken,
how many stay, that only a copy that can be read is ever offered; and the temporaries of
writers killed mid-write removed at the next start, never those of a writer at work."""

from __future__ import annotations

import subprocess
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import Paths
from planner.core.ladder import Rung
from planner.core.model import Day, TaskState
from planner.remote import repo
from planner.remote.git import git
from planner.store.backup_policy import BackupPolicy
from planner.store.backups import MAX_BACKUPS, read_state
from planner.store.days import Store
from planner.store.files import kept_copies
from planner.store.records import StoreError
from tests.helpers import NOW, TODAY, FakeClock, git_missing, make_app

DAY = TODAY
CLI_DAY = "2021-03-02"  # a past day: the commands work it with the real clock
SCAN = "listen-scan-mentions-and-saved-searches"  # a task of the shipped default template


def a_day(day: date = DAY) -> Day:
    return Day(
        date=day,
        template="Backups",
        tasks=[
            TaskState("scan", "Scan mentions", Rung.LISTEN, minutes=5),
            TaskState("posts", "Comment on posts", Rung.COMMENT, target=3, unit="comments"),
        ],
        budget_minutes=30,
    )


def add_one(task: TaskState) -> None:
    task.count += 1


def backups_folder(home: Path, year: int = DAY.year) -> Path:
    return home / "backups" / str(year)


def kept(home: Path, day: date = DAY) -> list[Path]:
    """The day's copies taken before writes (not those kept aside by a restore), oldest
    first; and nothing else is in the backups folder."""
    folder = backups_folder(home, day.year)
    found = sorted(folder.iterdir()) if folder.is_dir() else []
    copies = kept_copies(Store(home).day_file(day))[::-1]
    assert sorted(copies) == found
    return [path for path in copies if not path.name.endswith(".before-restore.json")]


def count_in(path: Path) -> int:
    found = read_state(path, DAY).day
    assert found is not None, path
    return found.task("posts").count


def session_store(home: Path, clock: FakeClock, policy: BackupPolicy) -> Store:
    store = Store(home, clock=clock)
    store.backup_policy = policy
    return store


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


# --- when copies are taken, and how many stay ------------------------------------------


def test_each_session_keeps_one_copy_before_its_first_write_and_five_at_most(
    home: Path,
) -> None:
    clock = FakeClock()
    Store(home, clock=clock).ensure_day(a_day())
    assert kept(home) == [], "a new file has nothing to back up"
    before: list[bytes] = []
    for _ in range(MAX_BACKUPS + 2):
        clock.now += timedelta(minutes=7)
        store = session_store(home, clock, BackupPolicy.EVERY_SESSION)
        before.append(store.day_file(DAY).read_bytes())
        for _ in range(3):  # only the session's first write takes one
            store.update_task(DAY, "posts", add_one)

    copies = kept(home)
    assert len(copies) == MAX_BACKUPS, "the oldest beyond five are removed"
    assert [path.read_bytes() for path in copies] == before[-MAX_BACKUPS:]
    assert [count_in(path) for path in copies] == [6, 9, 12, 15, 18]
    stamps = [path.name.split(".")[1] for path in copies]
    assert stamps == sorted(stamps) and len(set(stamps)) == MAX_BACKUPS


def test_copies_taken_in_the_same_second_do_not_overwrite_each_other(home: Path) -> None:
    clock = FakeClock()  # never moves
    Store(home, clock=clock).ensure_day(a_day())
    for _ in range(3):
        session_store(home, clock, BackupPolicy.EVERY_SESSION).update_task(DAY, "posts", add_one)
    assert [count_in(path) for path in kept(home)] == [0, 1, 2]


def test_commands_keep_one_copy_an_hour_at_most(home: Path) -> None:
    clock = FakeClock()
    Store(home, clock=clock).ensure_day(a_day())
    for minutes in (1, 20, 40, 59):
        clock.now = NOW + timedelta(minutes=minutes)
        session_store(home, clock, BackupPolicy.HOURLY).update_task(DAY, "posts", add_one)
    assert len(kept(home)) == 1, "within the hour of the first, no more"
    clock.now = NOW + timedelta(minutes=61)
    session_store(home, clock, BackupPolicy.HOURLY).update_task(DAY, "posts", add_one)
    assert [count_in(path) for path in kept(home)] == [0, 4]


def test_a_burst_of_commands_keeps_one_copy_and_not_the_apps_out(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["done", SCAN, "--date", CLI_DAY]) == 0  # makes the day
    day = date.fromisoformat(CLI_DAY)
    home = paths.data_dir
    for session in range(MAX_BACKUPS):  # five app sessions (with the real clock too)

        def note(task: TaskState, said: str = f"session {session}") -> None:
            task.note = said

        session_store(home, FakeClock(datetime.now(UTC)), BackupPolicy.EVERY_SESSION).update_task(
            day, SCAN, note
        )
    apps = {path: path.read_bytes() for path in kept(home, day)}
    assert len(apps) == MAX_BACKUPS

    for command in ["undo", "done"] * 6:
        assert main([command, SCAN, "--date", CLI_DAY]) == 0
    capsys.readouterr()

    assert {path: path.read_bytes() for path in kept(home, day)} == apps
    bak = Store(home).day_file(day).with_name(f"{CLI_DAY}.json.bak")
    assert bak.is_file(), "the .bak beside the file still follows every command"


def test_a_first_burst_of_commands_keeps_exactly_one_copy(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ["done", "undo"] * 6:
        assert main([command, SCAN, "--date", CLI_DAY]) == 0
    capsys.readouterr()
    assert len(kept(paths.data_dir, date.fromisoformat(CLI_DAY))) == 1


async def test_the_app_keeps_one_copy_per_day_per_session(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    found_by_second = b""
    for session in (1, 2):
        app = make_app(paths, clock, plan_file)
        if session == 2:
            found_by_second = Store(paths.data_dir).day_file(TODAY).read_bytes()
        async with app.run_test() as pilot:
            for _ in range(4):
                await pilot.press("space")  # done, open, done, open: four writes
            await app.workers.wait_for_complete()
            assert len(kept(paths.data_dir)) == session
            await pilot.press("q")
    assert found_by_second in [path.read_bytes() for path in kept(paths.data_dir)]


def test_a_damaged_file_is_never_copied(home: Path) -> None:
    clock = FakeClock()
    store = session_store(home, clock, BackupPolicy.EVERY_SESSION)
    store.ensure_day(a_day())
    path = store.day_file(DAY)
    path.write_bytes(b'{"_meta": ')
    for attempt in range(2):
        with pytest.raises(StoreError):
            session_store(home, clock, BackupPolicy.EVERY_SESSION).update_task(
                DAY, "posts", add_one
            )
        assert kept(home) == [], attempt
    assert path.read_bytes() == b'{"_meta": '


# --- only a copy that can be read is offered --------------------------------------------


def damaged_store(home: Path) -> tuple[Store, Path]:
    """A day written in two sessions (so it has a .bak and a kept copy), then damaged."""
    clock = FakeClock()
    Store(home, clock=clock).ensure_day(a_day())
    store = session_store(home, clock, BackupPolicy.EVERY_SESSION)
    store.update_task(DAY, "posts", add_one)
    path = store.day_file(DAY)
    path.write_bytes(b"")
    return store, path


def test_a_damaged_day_with_a_damaged_bak_offers_the_copy_that_can_be_read(home: Path) -> None:
    store, path = damaged_store(home)
    bak = path.with_name(f"{path.name}.bak")
    bak.write_bytes(b'{"days": ')
    (good,) = kept(home)

    with pytest.raises(StoreError) as caught:
        store.load_day(DAY)
    said = str(caught.value)
    assert str(bak) not in said, "the broken .bak is not offered"
    assert caught.value.backup == good
    assert "`planner restore 2026-11-24`" in said and str(good) in said
    assert "1 can be read" in said


def test_when_no_copy_can_be_read_the_message_says_so(home: Path) -> None:
    store, path = damaged_store(home)
    path.with_name(f"{path.name}.bak").write_bytes(b'{"days": ')
    (copy,) = kept(home)
    copy.write_bytes(b"[]")

    with pytest.raises(StoreError) as caught:
        store.update_task(DAY, "posts", add_one)
    said = str(caught.value)
    assert caught.value.backup is None
    assert "planner restore" not in said and ".bak" not in said
    assert "No backup of it can be read (2 found)." in said


def test_a_day_without_any_copy_says_there_is_none(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    day = date.fromisoformat(CLI_DAY)
    store = Store(paths.data_dir)
    store.ensure_day(a_day(day))  # a new file: nothing to back up
    store.day_file(day).write_bytes(b"{")
    assert main(["undo", SCAN, "--date", CLI_DAY]) == 1
    err = capsys.readouterr().err
    assert "is not valid JSON" in err and "There is no backup of it." in err
    assert "Traceback" not in err


def test_the_commands_point_to_planner_restore(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["done", SCAN, "--date", CLI_DAY]) == 0
    assert main(["undo", SCAN, "--date", CLI_DAY]) == 0  # .bak and a kept copy
    path = Store(paths.data_dir).day_file(date.fromisoformat(CLI_DAY))
    path.write_bytes(b"[1, 2]")
    path.with_name(f"{path.name}.bak").write_bytes(b"not json")
    capsys.readouterr()
    assert main(["done", SCAN, "--date", CLI_DAY]) == 1
    err = capsys.readouterr().err
    assert f"`planner restore {CLI_DAY}` lists its backups (1 can be read" in err
    assert ".bak" not in err


# --- the remote sync leaves the backups alone ------------------------------------------


@pytest.mark.skipif(git_missing(), reason="git is not installed")
def test_the_sync_excludes_the_backups_folder(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("done", "undo"):
        assert main([command, SCAN, "--date", CLI_DAY]) == 0
    folder = paths.data_dir
    assert kept(folder, date.fromisoformat(CLI_DAY)), "there is a backup to leave out"
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    repo.configure(folder)
    exclude = (folder / ".git" / "info" / "exclude").read_text(encoding="utf-8")
    assert "/backups/" in exclude.splitlines()
    repo.commit_local(folder)
    tracked = git(folder, "ls-files").stdout.splitlines()
    assert f"days/2021/{CLI_DAY}.json" in tracked
    assert not [name for name in tracked if name.startswith("backups/")]
    assert git(folder, "status", "--porcelain").stdout == "", "nothing left untracked"


# --- temporaries of writers killed mid-write --------------------------------------------


def plant(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text('{"_meta": {', encoding="utf-8")
    return path


def test_stale_temporaries_are_removed_and_nothing_else(home: Path) -> None:
    store = Store(home, clock=FakeClock())
    store.ensure_day(a_day())
    store.ensure_day(a_day(date(2025, 3, 4)))
    days_2026, days_2025 = home / "days" / "2026", home / "days" / "2025"
    stale = [
        plant(days_2026, ".2026-11-24.json.k3j_x9ab.tmp"),
        plant(days_2026, ".2026-11-24.json.bak.a1b2c3d4.tmp"),
        plant(days_2025, ".2025-03-04.json.zzzzzzzz.tmp"),
        plant(backups_folder(home), ".2026-11-24.20261124T083000Z.json.q1w2e3r4.tmp"),
    ]
    others = [
        plant(days_2026, ".notes.tmp"),  # not write_atomically's name
        plant(days_2026, ".2026-11-24.json.ABCDEFGH.tmp"),  # nor this (upper case)
        plant(days_2026, "2026-11-24.json.abcdefgh.tmp"),  # not a dot-file
        plant(home, ".settings.yaml.abcdefgh.tmp"),  # not in the days or backups
    ]

    assert store.remove_stale_temporaries() == len(stale)
    assert [path for path in stale if path.exists()] == []
    assert [path for path in others if not path.exists()] == []
    assert store.remove_stale_temporaries() == 0
    assert store.load_day(DAY) == Store(home).load_day(DAY)


def test_no_lock_is_taken_and_no_folder_made_when_there_is_nothing_to_remove(
    home: Path,
) -> None:
    assert Store(home).remove_stale_temporaries() == 0
    assert not home.exists()


def test_a_temporary_of_a_writer_at_work_is_left_to_it(home: Path) -> None:
    store = Store(home, clock=FakeClock())
    store.ensure_day(a_day())
    writer = Store(home)
    folder = store.day_file(DAY).parent
    inside, finish = threading.Event(), threading.Event()

    def write_slowly() -> None:  # as write_atomically does, holding the lock throughout
        with writer.locked():
            temporary = plant(folder, ".2026-11-24.json.w0rk1ng_.tmp")
            inside.set()
            finish.wait(10)
            temporary.unlink()  # renamed over its target, say

    removed: list[int] = []
    writing = threading.Thread(target=write_slowly)
    writing.start()
    assert inside.wait(10)
    removing = threading.Thread(target=lambda: removed.append(store.remove_stale_temporaries()))
    removing.start()
    removing.join(0.5)
    assert removing.is_alive(), "it waits for the lock the writer holds"
    assert (folder / ".2026-11-24.json.w0rk1ng_.tmp").exists()
    finish.set()
    writing.join(10)
    removing.join(10)
    assert removed == [0], "the writer's own temporary was gone by then: not counted"


def test_a_writing_command_removes_them_and_a_reading_one_does_not(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["done", SCAN, "--date", CLI_DAY]) == 0
    leftover = plant(paths.data_dir / "days" / "2021", f".{CLI_DAY}.json.abcd_123.tmp")
    assert main(["today", "--date", CLI_DAY]) == 0
    assert leftover.exists(), "reading commands leave the data folder alone"
    assert main(["undo", SCAN, "--date", CLI_DAY]) == 0
    assert not leftover.exists()


async def test_the_app_removes_them_after_its_first_frame(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    Store(paths.data_dir, clock=clock).ensure_day(a_day())  # the day exists: no write at start
    leftover = plant(paths.data_dir / "days" / "2026", ".2026-11-24.json.abcd_123.tmp")
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not leftover.exists()
        await pilot.press("q")
