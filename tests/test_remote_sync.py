"""RemoteSync, the remote sync as a window sees it, without Textual: real git, a bare
repository as the remote and data folders made through the CLI."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import Settings, resolve_paths
from planner.remote import repo
from planner.remote.git import GitError, Offline
from planner.session.remote_sync import RemoteSync
from tests.helpers import NOW, TODAY, FakeClock, git_missing

DATE = ["--date", TODAY.isoformat()]


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    if git_missing():
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


def cli(*argv: str) -> int:
    return main(list(argv))


def remote_log(bare: Path) -> list[str]:
    """The commits the remote has, newest first."""
    done = subprocess.run(
        ["git", "--git-dir", str(bare), "log", "--format=%s", "main"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.splitlines() if done.returncode == 0 else []


def synced_folder(bare: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """This machine's data folder (PLANNER_HOME), with a day in it, synced with ``bare``."""
    assert cli("win", "first", *DATE) == 0
    assert cli("remote", "add", str(bare)) == 0
    capsys.readouterr()
    return resolve_paths().data_dir


def test_no_repository_no_remote_nothing_shown(planner_home: Path) -> None:
    sync = RemoteSync(resolve_paths().data_dir, Settings(), FakeClock())
    assert not sync.has_repository()
    state = sync.sync_now()
    assert state.remote is None and not sync.remote_set
    assert sync.status_text(NOW) == ""
    assert not sync.due(NOW)
    assert sync.quit_text() is None
    assert "planner remote add URL" in sync.outcome_text()


def test_changes_waiting_are_counted_then_synced(
    bare: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = synced_folder(bare, capsys)
    sync = RemoteSync(folder, Settings(), lambda: datetime.now().astimezone())
    now = datetime.now().astimezone()
    assert sync.look().remote == str(bare)
    assert sync.state.waiting == 0
    assert sync.status_text(now) == "synced just now"
    sent = len(remote_log(bare))

    assert cli("win", "second", *DATE) == 0
    assert sync.look().waiting == 1
    assert sync.status_text(now) == "1 change waiting"
    state = sync.sync_now(time_limit=10.0)
    assert not state.offline and not state.stopped and not state.syncing
    assert state.waiting == 0
    assert len(remote_log(bare)) == sent + 1, "the change reached the remote"
    assert state.last_sync is not None
    assert sync.status_text(state.last_sync + timedelta(minutes=2)) == "synced 2 min ago"
    assert sync.outcome_text() == "remote sync: synced"
    assert sync.quit_text() is None


def test_due_every_interval_while_changes_wait(
    bare: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = synced_folder(bare, capsys)
    clock = FakeClock()
    sync = RemoteSync(folder, Settings(remote_sync_minutes=5), clock)
    sync.look()
    assert not sync.due(NOW), "nothing waits"
    assert cli("win", "second", *DATE) == 0
    sync.look()
    assert sync.due(NOW), "never tried yet, and a change waits"
    assert sync.sync_if_due(NOW)
    assert sync.state.last_try == NOW and sync.state.waiting == 0

    assert cli("win", "third", *DATE) == 0
    assert not sync.sync_if_due(NOW + timedelta(minutes=4)), "the interval has not passed"
    assert sync.state.waiting == 1, "the look counted it"
    assert sync.due(NOW + timedelta(minutes=5))
    assert sync.sync_if_due(NOW + timedelta(minutes=5))
    assert sync.state.waiting == 0

    on_demand = RemoteSync(folder, Settings(remote_sync_minutes=0), clock)
    assert cli("win", "fourth", *DATE) == 0
    sent = len(remote_log(bare))
    assert on_demand.sync_at_start().waiting == 1, "0: a look at start, no sync"
    assert len(remote_log(bare)) == sent
    assert not on_demand.due(NOW + timedelta(days=1)), "0: only on demand and at quit"
    assert on_demand.sync_at_quit() is None, "at quit it syncs"
    assert len(remote_log(bare)) == sent + 1


def test_offline_is_state_not_an_error(
    tmp_path: Path, planner_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if git_missing():
        pytest.skip("git is not installed")
    assert cli("win", "first", *DATE) == 0
    assert cli("remote", "add", str(tmp_path / "nowhere.git")) == 1  # set, but not reached
    capsys.readouterr()
    clock = FakeClock()
    sync = RemoteSync(resolve_paths().data_dir, Settings(), clock)
    state = sync.sync_now(time_limit=3.0)
    assert state.offline and not state.stopped and state.offline_since == NOW
    assert "git fetch failed" in state.reason
    assert sync.status_text(NOW + timedelta(minutes=3)) == "offline since 09:30"
    assert sync.severity == "warning"
    assert "your changes are kept" in sync.outcome_text()

    clock.now = NOW + timedelta(minutes=10)
    assert cli("win", "second", *DATE) == 0, "local work goes on"
    assert sync.sync_now().offline_since == NOW, "offline since the first failure"
    assert sync.state.waiting >= 1
    assert sync.sync_at_quit(time_limit=3.0) == "remote sync: will sync next time"
    tomorrow = NOW + timedelta(days=1)
    assert sync.status_text(tomorrow) == f"offline since {NOW:%a %d %b} 09:30"


def test_a_stopped_sync_says_why_in_short_and_in_full(
    bare: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = synced_folder(bare, capsys)
    reason = (
        "changed on both machines: settings.yaml. Edit it (remove the <<<<<<< ======= "
        ">>>>>>> lines) or run `planner remote resolve settings.yaml --mine` (or --theirs)"
    )

    def refused(folder: Path, time_limit: float | None = None) -> None:
        raise GitError(reason)

    monkeypatch.setattr(repo, "sync", refused)
    sync = RemoteSync(folder, Settings(), FakeClock())
    state = sync.sync_now()
    assert state.stopped and not state.offline and not state.syncing
    assert sync.status_text(NOW) == "stopped: changed on both machines: settings.yaml"
    assert sync.outcome_text() == f"remote sync: stopped: {reason}"
    assert sync.quit_text() == f"remote sync: stopped: {reason}"
    assert sync.severity == "error"


def test_status_wording(tmp_path: Path) -> None:
    sync = RemoteSync(tmp_path, Settings(), FakeClock())
    sync.state = replace(sync.state, remote="git@host:me/days.git")
    assert sync.status_text(NOW) == "not synced yet"
    sync.state = replace(sync.state, last_sync=NOW - timedelta(hours=2))
    assert sync.status_text(NOW) == "synced at 07:30"
    sync.state = replace(sync.state, last_sync=NOW - timedelta(days=1))
    assert sync.status_text(NOW) == f"synced on {NOW - timedelta(days=1):%a %d %b}"
    sync.state = replace(sync.state, waiting=3)
    assert sync.status_text(NOW) == "3 changes waiting"
    sync.state = replace(sync.state, syncing=True)
    assert sync.status_text(NOW) == "syncing…"
    long = "x" * 100
    sync.state = replace(sync.state, syncing=False, stopped=True, reason=long)
    assert sync.status_text(NOW) == f"stopped: {'x' * 59}…"


def test_a_sync_stopped_before_its_fetch_does_not_start_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app quit while its sync was still doing local work: the fetch that would come
    next must not start (the process would wait for it); the next sync may fetch again."""
    if git_missing():
        pytest.skip("git is not installed")
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    assert main(["remote", "add", str(bare)]) == 0
    folder = resolve_paths().data_dir
    from planner.remote import git as remote_git

    real_git = remote_git.git
    fetches: list[str] = []

    def stop_then_git(where: Path, *args: str, **kwargs: object) -> object:
        if args and args[0] == "fetch":
            fetches.append("tried")
            remote_git.stop_network_commands()  # the quit, just before the fetch
        return real_git(where, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "git", stop_then_git)
    with pytest.raises(Offline, match="was not started"):
        repo.sync(folder)
    monkeypatch.setattr(repo, "git", real_git)
    repo.sync(folder)  # a new sync: allowed again
    assert fetches == ["tried"]
