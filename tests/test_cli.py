"""The `planner` command from the shell: output, exit codes, and what reaches the disk."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from planner import __version__
from planner.cli import main
from planner.config import resolve_paths
from planner.core.model import Status
from planner.store.days import Store
from planner.templates.library import examples_dir

PAST_DAY = "2026-11-20"  # a Friday


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_today_text_lists_rungs_in_ladder_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "today", "--date", PAST_DAY)
    assert code == 0
    headings = [line.split()[0] for line in out.splitlines() if line[:1].isupper()]
    assert headings[1:] == ["LISTEN", "READ", "COMMENT", "CREATE", "COMMUNICATE", "CLOSE"]
    assert "Daily marketing hour" in out and "[ ]" in out


def test_today_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "today", "--date", PAST_DAY, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["date"] == PAST_DAY and data["template"] == "Daily marketing hour"
    assert data["stored"] is False, "printing a day does not start it"
    rungs = [task["rung"] for task in data["tasks"]]
    order = ["listen", "read", "comment", "create", "communicate", "close"]
    assert rungs == sorted(rungs, key=order.index)
    for task in data["tasks"]:
        assert {"id", "title", "rung", "status"} <= set(task)
        assert task["status"] == "open"
    assert Store(resolve_paths().data_dir).load_day(date(2026, 11, 20)) is None


def test_done_skip_undo_change_the_stored_day(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "today", "--date", PAST_DAY, "--json")
    first, second = (task["id"] for task in json.loads(out)["tasks"][:2])

    assert run(capsys, "done", first, "--date", PAST_DAY)[0] == 0
    code, out, _ = run(capsys, "skip", second, "--reason", "on the road", "--date", PAST_DAY)
    assert code == 0 and f"{second}: skipped" in out

    day = Store(resolve_paths().data_dir).load_day(date(2026, 11, 20))
    assert day is not None
    assert day.task(first).status is Status.DONE and day.task(first).done_at
    assert day.task(second).skip_reason == "on the road"

    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    assert data["stored"] is True
    assert [t["status"] for t in data["tasks"][:2]] == ["done", "skipped"]
    assert data["progress"] == {"done": 1, "skipped": 1, "total": len(data["tasks"])}

    run(capsys, "undo", first, "--date", PAST_DAY)
    day = Store(resolve_paths().data_dir).load_day(date(2026, 11, 20))
    assert day is not None and day.task(first).status is Status.OPEN


def test_date_may_come_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--date", PAST_DAY, "today", "--json")
    assert code == 0 and json.loads(out)["date"] == PAST_DAY


def test_unknown_task_id_lists_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "done", "no-such-task", "--date", PAST_DAY)
    assert code == 1 and out == ""
    assert "no task 'no-such-task'" in err and "valid ids: listen-" in err


def test_future_days_cannot_be_marked(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "today", "--date", "2099-01-05", "--json")[1])
    code, _, err = run(capsys, "done", data["tasks"][0]["id"], "--date", "2099-01-05")
    assert code == 1 and "has not come yet" in err


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["today", "--date", "next week"])
    assert caught.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_template_option_picks_a_shipped_template(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "today", "--template", "linkedin-b2b", "--json")
    assert code == 0 and json.loads(out)["template_source"].endswith("linkedin-b2b.yaml")
    code, _, err = run(capsys, "today", "--template", "no-such-plan")
    assert code == 1 and "daily-marketing-hour" in err, "the error lists what exists"


def test_user_template_from_the_config_dir(capsys: pytest.CaptureFixture[str]) -> None:
    folder = resolve_paths().template_dir
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("name: Mine\nladder:\n  read: [Read one thing]\n")
    code, out, _ = run(capsys, "today", "--template", "mine", "--json")
    assert code == 0 and [t["id"] for t in json.loads(out)["tasks"]] == ["read-read-one-thing"]


def test_broken_template_names_file_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nladder:\n  lisen:\n    - Scan\n")
    code, _, err = run(capsys, "today", "--template", str(broken))
    assert code == 1
    assert f"{broken}:3:3:" in err and "did you mean 'listen'" in err


def test_validate_reports_every_problem_and_exit_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nladder:\n  lisen: [Scan]\n  read:\n    - {title: X, minutes: -5}\n")
    code, out, _ = run(capsys, "template", "validate", str(bad))
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith(f"{bad}:3:3:") and lines[1].startswith(f"{bad}:5:")

    good = sorted(examples_dir().glob("*.yaml"))
    code, out, _ = run(capsys, "template", "validate", *map(str, good))
    assert code == 0 and out.count(": ok") == len(good)


def test_template_list_shows_shipped_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "template", "list")
    assert code == 0
    for name in ("daily-marketing-hour", "linkedin-b2b", "content-creator"):
        assert name in out


def test_locate_prints_where_everything_lives(
    capsys: pytest.CaptureFixture[str], planner_home: Path
) -> None:
    code, out, _ = run(capsys, "locate")
    assert code == 0
    assert f"config:    {planner_home / 'config' / 'config.yaml'}" in out
    assert f"data:      {planner_home / 'data'}" in out
    assert f"templates: {planner_home / 'config' / 'templates'}" in out
    assert f"cache:     {planner_home / 'cache'}" in out


def test_corrupt_data_file_is_an_error_and_stays_untouched(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = Store(resolve_paths().data_dir)
    file = store.day_file(date(2026, 11, 20))
    file.parent.mkdir(parents=True)
    file.write_bytes(b"")
    code, _, err = run(capsys, "done", "listen-x", "--date", PAST_DAY)
    assert code == 1 and str(file) in err
    assert file.read_bytes() == b""


def test_version_and_help_from_a_real_process() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "planner", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.strip() == f"planner {__version__}"
    helped = subprocess.run(
        [sys.executable, "-m", "planner", "--help"], capture_output=True, text=True
    )
    for command in ("today", "done", "skip", "undo", "locate", "template"):
        assert command in helped.stdout


def test_errors_from_a_real_process_are_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planner", "done", "nope", "--date", PAST_DAY],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.startswith("planner: no task")


def test_timer_log_win_and_loss_show_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    first = data["tasks"][0]["id"]
    assert run(capsys, "timer", "start", first, "--date", PAST_DAY)[0] == 0
    assert run(capsys, "timer", "stop", first, "--date", PAST_DAY)[0] == 0
    code, out, _ = run(capsys, "log", first, "1h30m", "--date", PAST_DAY)
    assert code == 0 and "1h30m logged" in out
    run(capsys, "win", "new lead: ACME", "--channel", "LinkedIn", "--date", PAST_DAY)
    run(capsys, "loss", "proposal declined", "--date", PAST_DAY)

    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    task = data["tasks"][0]
    assert task["seconds"] >= 5400 and task["logged_seconds"] >= 5400
    assert len(task["intervals"]) == 1 and task["running_since"] is None
    assert data["wins"][0]["text"] == "new lead: ACME" and data["wins"][0]["channel"] == "LinkedIn"
    assert data["losses"][0] == {**data["losses"][0], "text": "proposal declined", "channel": None}


def test_log_rejects_a_bad_duration(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    code, _, err = run(capsys, "log", data["tasks"][0]["id"], "soon", "--date", PAST_DAY)
    assert code == 2 and "not a duration" in err


def test_done_out_of_order_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    last = data["tasks"][-1]["id"]
    code, _, err = run(capsys, "done", last, "--date", PAST_DAY)
    assert code == 0 and "Listen still has open tasks" in err
    data = json.loads(run(capsys, "today", "--date", PAST_DAY, "--json")[1])
    assert data["tasks"][-1]["out_of_order"] is True


# --- templates: list, new, edit -------------------------------------------------------------


def test_template_list_shows_validity_default_and_weekdays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = resolve_paths()
    paths.template_dir.mkdir(parents=True)
    (paths.template_dir / "broken.yaml").write_text("name: B\nladder:\n  lisen: [a]\n")
    paths.config_file.write_text("default_template: linkedin-b2b\nschedule: {fri: broken}\n")
    code, out, _ = run(capsys, "template", "list")
    lines = {line.split()[0]: line for line in out.splitlines() if not line.startswith(" ")}
    assert code == 0
    assert "yours" in lines["broken"] and "INVALID" in lines["broken"]
    assert lines["broken"].endswith("on fri")
    assert lines["linkedin-b2b"].endswith("default") and "shipped" in lines["linkedin-b2b"]
    assert "10 tasks, 60/60 min" in lines["linkedin-b2b"]
    assert "Daily LinkedIn routine" in out


def test_template_new_copies_an_example_and_edit_checks_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = examples_dir() / "content-creator.yaml"
    before = example.read_bytes()
    code, out, _ = run(capsys, "template", "new", "Light Friday", "--from", "content-creator")
    made = resolve_paths().template_dir / "light-friday.yaml"
    assert code == 0 and str(made) in out and example.read_bytes() == before
    assert "name: Light Friday" in made.read_text()
    code, _, err = run(capsys, "template", "new", "light-friday")
    assert code == 1 and "already have a template 'light-friday'" in err

    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('minutes: 10', 'minutes: ten', 1))\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    code, out, _ = run(capsys, "template", "edit", "light-friday")
    assert code == 1 and f"{made}:" in out and "minutes must be a whole number" in out
    code, _, err = run(capsys, "template", "edit", "linkedin-b2b")
    assert code == 1 and "shipped example" in err
