"""The app's remote sync, driven as a user drives it: real git, a bare repository as the
remote, a second machine's folder changed through the CLI; the checklist, the disk and the
remote checked. No timers are waited for: the periodic sync is called, with the clock moved."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from planner.cli import main
from planner.config import Paths, resolve_paths
from planner.core.model import Day, Status
from planner.store.days import Store
from planner.ui.app import PlannerApp
from planner.ui.palette import open_day, planner_commands
from planner.ui.screens.today import TodayScreen
from planner.ui.widgets.side_panel import SidePanel
from tests.helpers import NOW, TODAY, FakeClock, git_missing, make_app

DATE = ["--date", TODAY.isoformat()]


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    if git_missing():
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


def add_remote(url: Path, capsys: pytest.CaptureFixture[str]) -> int:
    """`planner remote add URL` on this machine (PLANNER_HOME), as the user would."""
    code = main(["remote", "add", str(url)])
    capsys.readouterr()
    return code


def remote_day(bare: Path, tmp_path: Path) -> Day:
    """TODAY as the remote has it (a fresh clone of it)."""
    clone = tmp_path / "clone"
    subprocess.run(["rm", "-rf", str(clone)], check=True)
    subprocess.run(["git", "clone", "-q", str(bare), str(clone)], check=True)
    day = Store(clone).load_day(TODAY)
    assert day is not None, "the day reached the remote"
    return day


def stored(paths: Paths) -> Day:
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    return day


async def settled(pilot: Pilot[None]) -> None:
    """What the app started (the sync after the first frame, say) has ended and shows."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def told(app: PlannerApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def header_line(app: PlannerApp) -> str:
    """The header's remote sync line as drawn ("" when it shows none)."""
    drawn = str(app.screen.query_one("#day-header").render()).splitlines()
    return next((line for line in drawn if line.startswith("remote sync: ")), "")


async def test_the_remote_sync_key_sends_a_change(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert add_remote(bare, capsys) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        assert app.remote.sync.remote_set, "the start-up sync found the remote"
        assert remote_day(bare, tmp_path).task("scan").status is Status.OPEN
        await pilot.press("space")
        await pilot.press("R")
        await settled(pilot)
        assert remote_day(bare, tmp_path).task("scan").status is Status.DONE
        assert "remote sync: synced" in told(app)
        assert "remote sync: synced" in header_line(app)


async def test_a_checklist_opened_on_another_day_shows_the_state_too(
    bare: Path, paths: Paths, clock: FakeClock, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_remote(bare, capsys) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        open_day(app, app.session, TODAY - timedelta(days=1))
        await settled(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.date != TODAY
        assert "remote sync: synced" in header_line(app)


async def test_a_change_from_another_machine_shows_after_a_sync(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert add_remote(bare, capsys) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)  # the day the app made went to the remote
        monkeypatch.setenv("PLANNER_HOME", str(tmp_path / "desk"))
        assert add_remote(bare, capsys) == 0  # the desk brings the day down
        assert main(["done", "follow", *DATE]) == 0
        assert main(["remote", "sync"]) == 0
        capsys.readouterr()

        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.day.task("follow").status is Status.OPEN
        await pilot.press("R")
        await settled(pilot)
        assert screen.day.task("follow").status is Status.DONE, "on screen, as on disk"
        assert stored(paths).task("follow").status is Status.DONE
        assert "1/4 done" in str(screen.query_one("#day-header").render())


async def test_the_periodic_sync_runs_when_due_and_changes_wait(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert add_remote(bare, capsys) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        await pilot.press("space")
        app.remote.tick()  # as the timer would, before remote_sync_minutes have passed
        await settled(pilot)
        assert remote_day(bare, tmp_path).task("scan").status is Status.OPEN
        assert "1 change waiting" in header_line(app)

        clock.now = NOW + timedelta(minutes=5)  # remote_sync_minutes (the default, 5) later
        app.remote.tick()
        await settled(pilot)
        assert remote_day(bare, tmp_path).task("scan").status is Status.DONE
        assert "remote sync: synced" in header_line(app)


async def test_offline_is_shown_and_local_work_goes_on(
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if git_missing():
        pytest.skip("git is not installed")
    assert add_remote(tmp_path / "nowhere.git", capsys) == 1  # set, but not reached
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.remote.sync.status_text(clock.now) == "offline since 09:30"
        panel = str(app.screen.query_one(SidePanel).render())
        assert "REMOTE SYNC" in panel and "offline since 09:30" in panel
        assert not header_line(app), "wide: the side panel has it, not the header"

        await pilot.press("space")
        assert stored(paths).task("scan").status is Status.DONE
        await pilot.press("R")
        await settled(pilot)
        assert any("remote sync: offline" in message for message in told(app))
        assert stored(paths).task("scan").status is Status.DONE, "the change stays saved"
        await pilot.press("space")  # the cursor followed the work to the next task
        assert stored(paths).task("news").status is Status.DONE, "and work goes on"


async def test_quit_sends_the_changes_waiting(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert add_remote(bare, capsys) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        await pilot.press("space")
        await pilot.press("q")
        await settled(pilot)
    assert app.return_code == 0
    assert "remote sync" not in capsys.readouterr().err, "nothing left to say"
    assert remote_day(bare, tmp_path).task("scan").status is Status.DONE


async def test_quit_offline_still_quits_and_says_it_will_sync_next_time(
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if git_missing():
        pytest.skip("git is not installed")
    assert add_remote(tmp_path / "nowhere.git", capsys) == 1
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        await pilot.press("space")
        await pilot.press("q")
        await settled(pilot)
    assert app.return_code == 0
    assert "remote sync: will sync next time" in capsys.readouterr().err  # after it closed
    assert stored(paths).task("scan").status is Status.DONE


async def test_without_a_remote_nothing_shows_and_the_command_says_how(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        assert not header_line(app)
        assert "REMOTE SYNC" not in str(app.screen.query_one(SidePanel).render())
        assert app.check_action("remote_sync", ()) is False, "no R without a remote"
        screen: Any = app.screen
        commands = {command.title: command for command in planner_commands(app, screen, [])}
        commands["Sync now (remote)"].callback()
        await pilot.pause()
        assert any("planner remote add URL" in message for message in told(app))
        assert not app.remote.running()
        await pilot.press("q")
    assert app.return_code == 0


async def test_shared_settings_from_another_machine_are_used_after_a_sync(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert add_remote(bare, capsys) == 0
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        monkeypatch.setenv("PLANNER_HOME", str(tmp_path / "desk"))
        assert add_remote(bare, capsys) == 0
        desk = resolve_paths()
        desk.shared_settings_file.write_text("streak_threshold: 0.5\n", encoding="utf-8")
        assert main(["remote", "sync"]) == 0
        capsys.readouterr()

        assert app.session.settings.streak_threshold != 0.5
        await pilot.press("R")
        await settled(pilot)
        assert app.session.settings.streak_threshold == 0.5, "used without a restart"

        desk.shared_settings_file.write_text("streak_threshold: 3\n", encoding="utf-8")
        assert main(["remote", "sync"]) == 0
        await pilot.press("R")
        await settled(pilot)
        assert app.session.settings.streak_threshold == 0.5, "a bad value keeps the good one"
        assert any("streak_threshold must be" in message for message in told(app))


def hanging_remote(
    bare: Path,
    paths: Paths,
    ssh: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """A remote set up, then moved to a server that accepts the connection and never
    answers: an ssh (the script at ``ssh``, returned) that waits and waits."""
    assert add_remote(bare, capsys) == 0
    ssh.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    ssh.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(ssh))
    git = ["git", "-C", str(paths.data_dir)]
    subprocess.run([*git, "remote", "set-url", "origin", "ssh://host/planner.git"], check=True)
    return ssh


async def test_quit_stops_a_sync_that_hangs_and_says_it_will_sync_next_time(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hanging = hanging_remote(bare, paths, tmp_path / "hanging-ssh", monkeypatch, capsys)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.remote.running(), "the start-up sync is waiting for the server"
        await pilot.press("space")
        await pilot.press("q")
        # A watchdog, not a measure: a quit held by the hanging ssh would wait 10 minutes.
        await asyncio.wait_for(settled(pilot), 120)
    assert app.return_code == 0
    assert "remote sync: will sync next time" in capsys.readouterr().err
    assert stored(paths).task("scan").status is Status.DONE, "the change is kept to send later"
    leftover = subprocess.run(["pgrep", "-f", str(hanging)], capture_output=True, text=True)
    assert leftover.stdout == "", "the stopped fetch left no ssh behind"


async def test_an_app_closed_otherwise_stops_its_hanging_sync_too(
    bare: Path,
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hanging = hanging_remote(bare, paths, tmp_path / "hanging-ssh-2", monkeypatch, capsys)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        [start] = app.remote.running()
        assert start.name == "start", "the start-up sync is waiting for the server"
    # Closed without q (a signal, the terminal gone): its git and ssh are stopped all the
    # same, so no thread holds the process for git's 30 s. Polled, not timed.
    for _ in range(600):
        found = subprocess.run(["pgrep", "-f", str(hanging)], capture_output=True, text=True)
        if found.stdout == "":
            break
        await asyncio.sleep(0.1)
    assert found.stdout == "", "no ssh left running after the app closed"


async def test_a_conflict_copy_is_merged_after_the_first_frame_and_told_once(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    assert main(["done", "scan", *DATE, "--template", str(plan_file)]) == 0
    day = stored(paths)
    # The laptop's version, left by Syncthing beside the day: it finished "follow" too.
    later = (NOW + timedelta(minutes=1)).isoformat()
    task = day.task("follow")
    task.status, task.done_at, task.updated_at = Status.DONE, later, later
    laptop = Store(tmp_path / "laptop")
    laptop.restore_day(day)
    own = Store(paths.data_dir).day_file(TODAY)
    copy = own.with_name(f"{TODAY.isoformat()}.sync-conflict-20261124-101530-ABCDEF7.json")
    shutil.copyfile(laptop.day_file(TODAY), copy)

    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.day.task("follow").status is Status.DONE, "on screen"
        assert stored(paths).task("follow").status is Status.DONE, "and on disk"
        assert stored(paths).task("scan").status is Status.DONE, "this machine's change kept"
        assert not copy.exists()
        assert (paths.data_dir / "conflicts" / copy.name).exists(), "moved aside, not deleted"
        said = [message for message in told(app) if "conflict" in message.lower()]
        assert len(said) == 1, said
