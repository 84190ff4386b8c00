"""`planner remote`: what travels besides the days (templates, shared settings), and what a
sync does when git stops short (a text file changed on both machines, a day removed on
one and worked on the other, a leftover index.lock). Real git, two machines."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from planner.config import resolve_paths
from planner.session.work import Session
from tests.helpers import TODAY
from tests.test_remote import DATE, Machines, bare, run, task_ids

__all__ = ["bare"]  # the fixture, used by name

OWN_TEMPLATE = """\
name: Mine
budget_minutes: 60
ladder:
  listen:
    - title: Scan mentions
      minutes: 5
  read:
    - title: Read two posts
      minutes: 10
"""


def config_dir() -> Path:
    return resolve_paths().config_dir


def write_config(text: str) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.yaml").write_text(text, encoding="utf-8")


def own_template(text: str = OWN_TEMPLATE) -> Path:
    folder = config_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_templates_and_shared_settings_travel_and_the_theme_stays(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    machines.on("laptop")
    own_template()
    write_config("# mine\ntheme: ladder-light\ndefault_template: mine\nstreak_threshold: 0.5\n")
    code, out, err = run(capsys, "remote", "add", str(bare))
    assert code == 0, err
    paths = resolve_paths()
    assert "templates: now in" in out and "now shared" in out
    assert (paths.data_dir / "templates" / "mine.yaml").read_text() == OWN_TEMPLATE
    assert (paths.config_dir / "templates.bak" / "mine.yaml").exists(), "the old folder kept"
    assert "default_template: mine" in (paths.config_dir / "config.yaml.bak").read_text()
    config = (paths.config_dir / "config.yaml").read_text()
    assert "theme: ladder-light" in config and "default_template" not in config
    assert paths.template_dir == paths.data_dir / "templates"
    _, located, _ = run(capsys, "locate")
    assert str(paths.data_dir / "templates") in located and "settings.yaml" in located

    machines.on("desk")
    write_config("theme: textual-dark\nstreak_threshold: 0.8\n")
    code, out, err = run(capsys, "remote", "add", str(bare))
    assert code == 0, err
    assert "streak_threshold: kept the synced value" in out
    session = Session.for_user()
    assert session.settings.default_template == "mine", "the shared settings came down"
    assert session.settings.streak_threshold == 0.5
    assert session.settings.theme == "textual-dark", "the theme stays per machine"
    assert [
        task["title"] for task in json.loads(run(capsys, "today", "--json", *DATE)[1])["tasks"]
    ] == ["Scan mentions", "Read two posts"], "the desk's day follows the laptop's template"


def test_a_setting_changed_in_the_app_goes_to_the_shared_file(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    machines.on("laptop")
    write_config("theme: ladder-light\n")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    session = Session.for_user()
    session.update_setting("default_template", "content-creator")
    session.update_setting("theme", "ladder-dark")
    paths = resolve_paths()
    assert "default_template: content-creator" in paths.shared_settings_file.read_text()
    assert "ladder-dark" in paths.config_file.read_text()
    assert "default_template" not in paths.config_file.read_text()
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    assert Session.for_user().settings.default_template == "content-creator"


def edit_template(old: str, new: str) -> None:
    path = resolve_paths().data_dir / "templates" / "mine.yaml"
    path.write_text(path.read_text().replace(old, new), encoding="utf-8")


def test_a_template_changed_on_both_waits_for_the_user_and_resolve_settles_it(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    machines.on("laptop")
    own_template()
    write_config("default_template: mine\n")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    edit_template("Scan mentions", "Scan mentions on the desk")
    assert run(capsys, "remote", "sync")[0] == 0
    laptop = machines.on("laptop")
    edit_template("Scan mentions", "Scan mentions on the laptop")
    first = task_ids(capsys)[0]  # the laptop loads its version once
    code, _, err = run(capsys, "remote", "sync")
    assert code == 1
    assert "changed on both machines: templates/mine.yaml" in err and "--mine" in err
    _, out, _ = run(capsys, "remote", "status", "--json")
    status = json.loads(out)
    assert status["state"] == "stopped" and "templates/mine.yaml" in status["reason"]

    # Meanwhile the laptop works on: the template's last good version, never the markers.
    assert "<<<<<<<" in (resolve_paths().template_dir / "mine.yaml").read_text()
    code, _, err = run(capsys, "done", first, *DATE)
    assert code == 0, err
    session = Session.for_user()
    titles = [task.title for task in session.template_for(TODAY.replace(day=25)).tasks]
    assert titles[0] == "Scan mentions on the laptop"
    code, out, err = run(
        capsys, "template", "validate", str(resolve_paths().template_dir / "mine.yaml")
    )
    assert code == 1 and "changed on two machines" in out + err

    code, out, err = run(capsys, "remote", "resolve", "templates/mine.yaml", "--theirs")
    assert code == 0, err
    text = (resolve_paths().template_dir / "mine.yaml").read_text()
    assert "on the desk" in text and "<<<<<<<" not in text
    desk = machines.on("desk")
    assert run(capsys, "remote", "sync")[0] == 0
    assert "on the desk" in (resolve_paths().template_dir / "mine.yaml").read_text()
    for store in (laptop, desk):
        day = store.load_day(TODAY)
        assert day is not None and day.task(first).status.value == "done"


def test_a_settings_file_left_with_markers_is_never_read_the_version_before_is(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    machines.on("laptop")
    write_config("streak_threshold: 0.5\n")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    Session.for_user().update_setting("streak_threshold", 0.7)
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("laptop")
    Session.for_user().update_setting("streak_threshold", 0.9)
    assert run(capsys, "remote", "sync")[0] == 1
    assert "<<<<<<<" in resolve_paths().shared_settings_file.read_text()
    session = Session.for_user()
    assert session.settings.streak_threshold == 0.9, "this machine's, from before the merge"
    assert any("settings.yaml" in warning for warning in session.take_template_warnings())
    code, _, err = run(capsys, "remote", "resolve", "settings.yaml", "--mine")
    assert code == 0, err
    machines.on("desk")
    assert run(capsys, "remote", "sync")[0] == 0
    assert Session.for_user().settings.streak_threshold == 0.9


def test_a_day_removed_on_one_machine_and_worked_on_the_other_is_kept(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    laptop = machines.on("laptop")
    first, second = task_ids(capsys)[:2]
    assert run(capsys, "done", first, *DATE)[0] == 0
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    desk = machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    desk.day_file(TODAY).unlink()  # removed by hand on the desk
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("laptop")
    assert run(capsys, "done", second, *DATE)[0] == 0
    code, _, err = run(capsys, "remote", "sync")
    assert code == 0, err
    machines.on("desk")
    assert run(capsys, "remote", "sync")[0] == 0
    for store in (laptop, desk):
        day = store.load_day(TODAY)
        assert day is not None, "the change beat the removal"
        assert (day.task(first).status.value, day.task(second).status.value) == ("done", "done")


def test_a_damaged_day_stops_the_sync_names_the_file_and_loses_nothing(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    laptop = machines.on("laptop")
    first, second = task_ids(capsys)[:2]
    assert run(capsys, "done", first, *DATE)[0] == 0
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    assert run(capsys, "done", second, *DATE)[0] == 0
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("laptop")
    laptop.day_file(TODAY).write_text('{"days": {"2026-11', encoding="utf-8")  # damaged here
    mine = laptop.day_file(TODAY).read_bytes()
    code, _, err = run(capsys, "remote", "sync")
    assert code == 1 and "days/2026/2026-11-24.json" in err and "not sent" in err
    assert laptop.day_file(TODAY).read_bytes() == mine, "nothing overwritten"
    desk = machines.on("desk")
    assert run(capsys, "remote", "sync")[0] == 0
    day = desk.load_day(TODAY)
    assert day is not None and day.task(second).status.value == "done", "the desk's is whole"
    machines.on("laptop")
    assert not (resolve_paths().data_dir / ".git" / "MERGE_HEAD").exists()
    _, out, _ = run(capsys, "remote", "status", "--json")
    assert json.loads(out)["state"] == "stopped"


def test_a_day_from_a_newer_planner_says_upgrade(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    laptop = machines.on("laptop")
    first, second = task_ids(capsys)[:2]
    assert run(capsys, "done", second, *DATE)[0] == 0
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    desk_file = resolve_paths().data_dir / "days" / "2026" / "2026-11-24.json"
    data = json.loads(desk_file.read_text(encoding="utf-8"))
    data["_meta"]["schema"]["schema_version"] = 99
    desk_file.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "remote", "sync")
    assert code == 1 and "newer planner" in err, "this planner does not send what it cannot read"
    for command in (["commit", "-qam", "a newer planner"], ["push", "-q", "origin", "main"]):
        subprocess.run(["git", "-C", str(desk_file.parents[2]), *command], check=True)
    machines.on("laptop")
    assert run(capsys, "done", first, *DATE)[0] == 0
    code, _, err = run(capsys, "remote", "sync")
    assert code == 1 and "newer planner" in err
    day = laptop.load_day(TODAY)
    assert day is not None and day.task(first).status.value == "done", "work goes on here"


def test_offline_then_back_converges(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    machines.on("laptop")
    first, second = task_ids(capsys)[:2]
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    desk = machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    hidden = bare.with_name("away.git")
    bare.rename(hidden)  # the remote cannot be reached
    assert run(capsys, "done", first, *DATE)[0] == 0
    code, _, err = run(capsys, "remote", "sync")
    assert code == 1 and "fetch" in err
    assert json.loads(run(capsys, "remote", "status", "--json")[1])["state"] == "offline"
    hidden.rename(bare)
    machines.on("laptop")
    assert run(capsys, "done", second, *DATE)[0] == 0
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("desk")
    assert run(capsys, "remote", "sync")[0] == 0
    machines.on("laptop")
    assert run(capsys, "remote", "sync")[0] == 0
    for store in (machines.on("laptop"), desk):
        day = store.load_day(TODAY)
        assert day is not None
        assert (day.task(first).status.value, day.task(second).status.value) == ("done", "done")


def test_a_stale_index_lock_from_a_killed_sync_is_cleared(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Machines(tmp_path, monkeypatch).on("laptop")
    first = task_ids(capsys)[0]
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    lock = resolve_paths().data_dir / ".git" / "index.lock"
    lock.write_text("")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    assert run(capsys, "done", first, *DATE)[0] == 0
    code, _, err = run(capsys, "remote", "sync")
    assert code == 0, err
    assert not lock.exists()
    log = subprocess.run(
        ["git", "-C", str(bare), "log", "--oneline", "main"], capture_output=True, text=True
    )
    assert log.stdout.count("planner: changes") >= 2


def test_remote_sync_after_cli_sends_each_write(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = Machines(tmp_path, monkeypatch)
    machines.on("laptop")
    first = task_ids(capsys)[0]
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    write_config("remote_sync_after_cli: true\n")
    assert run(capsys, "done", first, *DATE)[0] == 0
    assert json.loads(run(capsys, "remote", "status", "--json")[1])["ahead"] == 0
    desk = machines.on("desk")
    assert run(capsys, "remote", "add", str(bare))[0] == 0
    day = desk.load_day(TODAY)
    assert day is not None and day.task(first).status.value == "done"
