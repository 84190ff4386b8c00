"""`planner remote`: two machines (two data folders) and a bare repository, real git, driven
through the CLI: days made, changed and merged on both end the same on both."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from planner.cli import main
from planner.config import resolve_paths
from planner.store.days import Store
from tests.helpers import TODAY, git_missing

DATE = ["--date", TODAY.isoformat()]


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    if git_missing():
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


class Machines:
    """Switches PLANNER_HOME between two machines' folders."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp_path, self.monkeypatch = tmp_path, monkeypatch

    def on(self, name: str) -> Store:
        self.monkeypatch.setenv("PLANNER_HOME", str(self.tmp_path / name))
        return Store(resolve_paths().data_dir)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def task_ids(capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = run(capsys, "today", "--json", *DATE)
    return [task["id"] for task in json.loads(out)["tasks"]]


def test_two_machines_sync_their_days_by_record(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    laptop = machines.on("laptop")
    first, second, third = task_ids(capsys)[:3]
    assert run(capsys, "done", first, *DATE)[0] == 0
    assert run(capsys, "remote", "add", str(bare))[0] == 0

    desk = machines.on("desk")
    assert run(capsys, "win", "desk was here", *DATE)[0] == 0  # the desk made the day too
    code, _, err = run(capsys, "remote", "add", str(bare))
    assert code == 0, err
    day = desk.load_day(TODAY)
    assert day is not None
    assert day.task(first).status.value == "done", "the laptop's day came down, merged"
    assert [win.text for win in day.wins] == ["desk was here"]

    assert run(capsys, "skip", second, *DATE)[0] == 0  # on the desk
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("laptop")
    assert run(capsys, "done", third, *DATE)[0] == 0  # on the laptop meanwhile
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "sync")[0] == 0

    for store in (laptop, desk):
        merged = store.load_day(TODAY)
        assert merged is not None
        statuses = [merged.task(tid).status.value for tid in (first, second, third)]
        assert statuses == ["done", "skipped", "done"]
        assert [win.text for win in merged.wins] == ["desk was here"]
        assert "<<<<<<<" not in store.day_file(TODAY).read_text(encoding="utf-8")

    code, out, _ = run(capsys, "remote", "status", "--json")
    status = json.loads(out)
    assert {"remote", "last_sync", "ahead", "behind", "local_changes", "state"} <= set(status)
    assert status["state"] == "synced" and status["ahead"] == 0 and status["local_changes"] == 0


def test_an_unreachable_remote_exits_1_and_local_work_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if git_missing():
        pytest.skip("git is not installed")
    Machines(tmp_path, monkeypatch).on("laptop")
    first = task_ids(capsys)[0]
    code, _, err = run(capsys, "remote", "add", str(tmp_path / "nowhere.git"))
    assert code == 1 and "git fetch failed" in err
    assert run(capsys, "done", first, *DATE)[0] == 0, "planner works on, offline"
    _, out, _ = run(capsys, "remote", "status", "--json")
    assert json.loads(out)["state"] == "offline"
    code, _, err = run(capsys, "remote", "sync")
    assert code == 1 and "git fetch failed" in err
    assert run(capsys, "remote", "remove")[0] == 0
    _, out, _ = run(capsys, "remote", "status", "--json")
    assert json.loads(out)["state"] == "no remote"
