"""`planner restore DATE [--pick N]`: a day's backups listed with what each holds, and one
put back, the day file it replaces kept aside (never deleted), under the store's lock."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import Paths
from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState
from planner.session.work import Session
from planner.store.backup_policy import BackupPolicy
from planner.store.days import Store
from tests.helpers import FakeClock

DAY = date(2026, 11, 24)
ISO = DAY.isoformat()
DAMAGED = b'{"_meta": {"schema": '


def a_day() -> Day:
    return Day(
        date=DAY,
        template="Restore",
        tasks=[
            TaskState("scan", "Scan mentions", Rung.LISTEN, minutes=5),
            TaskState("posts", "Comment on posts", Rung.COMMENT, target=3, unit="comments"),
        ],
        budget_minutes=30,
    )


def mark_done(task: TaskState) -> None:
    task.status = Status.DONE


def add_one(task: TaskState) -> None:
    task.count += 1


def at(hour: int) -> datetime:
    return datetime(2026, 11, 24, hour, 0, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def day_file(paths: Paths, utc: None) -> Path:
    """A day made at 09:00, changed by app sessions at 10:00 (scan done) and 11:00 (a post
    counted), then damaged: a .bak (the file before 11:00) and two copies in backups/."""
    clock = FakeClock(at(9))
    Store(paths.data_dir, clock=clock).ensure_day(a_day())
    for hour, change in ((10, mark_done), (11, add_one)):
        clock.now = at(hour)
        store = Store(paths.data_dir, clock=clock)
        store.backup_policy = BackupPolicy.EVERY_SESSION
        store.update_task(DAY, "scan" if change is mark_done else "posts", change)
    path = Store(paths.data_dir).day_file(DAY)
    path.write_bytes(DAMAGED)
    return path


def backups_folder(paths: Paths) -> Path:
    return paths.data_dir / "backups" / "2026"


def test_restore_lists_the_backups_numbered_with_time_tasks_and_the_files_state(
    day_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "restore", ISO)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{ISO}: the day file {day_file}"
    assert lines[1].startswith("  now: cannot be used: is not valid JSON (line 1")
    assert lines[2] == f"backups, newest first (put one back: planner restore {ISO} --pick N):"
    assert lines[3].startswith("  1. ") and lines[3].endswith("readable, 2 tasks: 1 done")
    assert lines[4] == f"     beside the day file: {day_file}.bak"
    assert lines[5] == "  2. 2026-11-24 11:00  readable, 2 tasks: 1 done"
    assert lines[6].startswith("     taken before a write: ")
    assert lines[6].endswith("backups/2026/2026-11-24.20261124T110000Z.json")
    assert lines[7] == "  3. 2026-11-24 10:00  readable, 2 tasks: 0 done"
    assert len(lines) == 9
    assert day_file.read_bytes() == DAMAGED, "listing changes nothing"


def test_pick_puts_the_backup_back_and_keeps_the_damaged_file_aside(
    paths: Paths, day_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = backups_folder(paths) / "2026-11-24.20261124T100000Z.json"
    code, out, err = run(capsys, "restore", ISO, "--pick", "3")
    assert (code, err) == (0, "")
    assert day_file.read_bytes() == copy.read_bytes()
    aside = [path for path in backups_folder(paths).iterdir() if "before-restore" in path.name]
    assert len(aside) == 1 and aside[0].read_bytes() == DAMAGED, "kept, never deleted"
    assert out.splitlines() == [
        f"{ISO}: put back backup 3 (taken before a write, 2026-11-24 10:00, readable, "
        f"2 tasks: 0 done) from {copy}",
        f"the day file as it was is kept as {aside[0]}",
    ]
    stored = Store(paths.data_dir).load_day(DAY)
    assert stored is not None and stored.task("scan").status is Status.OPEN
    assert copy.exists(), "the backup itself stays"

    code, out, _ = run(capsys, "restore", ISO)
    assert "  now: readable, 2 tasks: 0 done" in out.splitlines()
    assert "kept aside by planner restore" in out and "(the same as now)" in out
    assert run(capsys, "done", "scan", "--date", ISO)[0] == 0, "the day works again"


def listed(out: str) -> list[tuple[str, str, str]]:
    """`planner restore DATE`'s backups: (number, what it holds, where it is)."""
    lines = out.splitlines()
    starts = [i for i, line in enumerate(lines) if line[:4].strip().rstrip(".").isdigit()]
    return [
        (lines[i].split(".")[0].strip(), lines[i].split("  ", 2)[-1], lines[i + 1].strip())
        for i in starts
    ]


def test_a_readable_file_is_kept_aside_too_and_can_be_picked_back(
    day_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "restore", ISO, "--pick", "2")[0] == 0  # 11:00: scan done
    good = day_file.read_bytes()
    (earlier,) = [  # the list now starts with the damaged file kept aside: numbers move
        number
        for number, holds, _ in listed(run(capsys, "restore", ISO)[1])
        if holds.endswith("0 done")
    ]
    assert run(capsys, "restore", ISO, "--pick", earlier)[0] == 0
    assert good != day_file.read_bytes()
    (number,) = [
        number
        for number, holds, where in listed(run(capsys, "restore", ISO)[1])
        if where.startswith("kept aside") and holds.startswith("readable")
    ]
    assert run(capsys, "restore", ISO, "--pick", number)[0] == 0
    assert day_file.read_bytes() == good


def test_a_backup_that_cannot_be_read_is_not_put_back(
    paths: Paths, day_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bak = day_file.with_name(f"{day_file.name}.bak")
    bak.write_bytes(b"")
    _, out, _ = run(capsys, "restore", ISO)
    assert "  1. " in out and "cannot be used: is empty" in out
    code, out, err = run(capsys, "restore", ISO, "--pick", "1")
    assert code == 1 and out == ""
    assert f"planner: backup 1 of {ISO} ({bak}) is empty" in err and "pick another" in err
    assert day_file.read_bytes() == DAMAGED
    assert not [path for path in backups_folder(paths).iterdir() if "before" in path.name]


def test_a_number_not_on_the_list_is_refused(
    day_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "restore", ISO, "--pick", "4")
    assert code == 1 and f"{ISO} has 3 backup(s): pick 1 to 3" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as usage:
        main(["restore", ISO, "--pick", "0"])
    assert usage.value.code == 2
    assert "is not a backup number" in capsys.readouterr().err
    assert day_file.read_bytes() == DAMAGED


def test_date_is_checked_as_every_date_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["restore", "2026-11-31"])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert "'2026-11-31' is not a date: use YYYY-MM-DD, today, yesterday" in err


def test_a_day_without_file_or_backups(paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "restore", ISO)
    assert code == 0
    assert out.splitlines()[1:] == [
        "  now: there is none",
        "  no backups yet (one is kept before planner writes over the file)",
    ]
    code, _, err = run(capsys, "restore", ISO, "--pick", "1")
    assert code == 1 and f"{ISO} has no backups" in err
    assert not paths.data_dir.exists(), "nothing was made"


def test_a_day_file_gone_is_put_back_with_nothing_to_keep_aside(
    paths: Paths, day_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day_file.unlink()
    code, out, _ = run(capsys, "restore", ISO, "--pick", "2")
    assert code == 0 and out.splitlines()[-1] == "there was no day file to keep aside"
    stored = Store(paths.data_dir).load_day(DAY)
    assert stored is not None and stored.task("scan").status is Status.DONE


def test_putting_back_waits_for_the_lock(paths: Paths, day_file: Path, session: Session) -> None:
    holder = Store(paths.data_dir)
    done: list[object] = []
    with holder.locked():
        putting = threading.Thread(target=lambda: done.append(session.put_back(DAY, 2)))
        putting.start()
        putting.join(0.5)
        assert putting.is_alive(), "it waits while another planner changes the days"
        assert day_file.read_bytes() == DAMAGED
    putting.join(10)
    assert len(done) == 1 and day_file.read_bytes() != DAMAGED
