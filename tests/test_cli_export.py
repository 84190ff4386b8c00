"""`planner export` and `planner import` from the shell: output, files, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.cli import main
from planner.config import resolve_paths
from planner.exchange.export import CSV_COLUMNS, FORMATS
from planner.store.days import Store
from tests.test_export import realistic_day

DAY = date(2026, 11, 20)  # a Friday
LATER = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # after every stamp of realistic_day


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def store() -> Store:
    return Store(resolve_paths().data_dir)


@pytest.fixture
def two_days() -> None:
    store().ensure_day(realistic_day(DAY))
    store().ensure_day(realistic_day(DAY + timedelta(days=1)))


@pytest.mark.usefixtures("two_days")
def test_export_markdown_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--format", "md")
    assert code == 0
    assert out.startswith("# Planner journal, 2026-11-20 to 2026-11-21")
    assert "## Friday 20 November 2026" in out
    assert "skipped: client call ran long" in out


@pytest.mark.usefixtures("two_days")
def test_export_csv_range_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "tasks.csv"
    code, out, err = run(
        capsys, "export", "--from", "2026-11-21", "--to", "2026-11-21", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert str(target) in err
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode())))
    assert tuple(rows[0]) == CSV_COLUMNS  # the format came from the file's suffix
    assert {row[0] for row in rows[1:]} == {"2026-11-21"}
    assert len(rows) == 6


@pytest.mark.usefixtures("two_days")
def test_json_out_then_import_elsewhere_with_conflict_then_merge(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "dump.json"
    assert run(capsys, "export", "--format", "json", "-o", str(dump))[0] == 0
    original = dump.read_text()

    # Another machine: an empty data dir.
    monkeypatch.setenv("PLANNER_HOME", str(tmp_path / "laptop"))
    code, out, _ = run(capsys, "import", str(dump))
    assert code == 0
    assert out == f"imported {dump}: 2 days: 2 added\n"
    again = tmp_path / "again.json"
    run(capsys, "export", "--format", "json", "-o", str(again))
    assert again.read_text() == original

    # The laptop changes a day; importing the desktop's dump over it needs a decision.
    laptop = Store(resolve_paths().data_dir, clock=lambda: LATER)
    laptop.change_day(DAY, lambda day: setattr(day, "wrap_note", "laptop"))
    code, out, err = run(capsys, "import", str(dump))
    assert code == 1 and out == ""
    assert "would overwrite 1 day already stored: 2026-11-20" in err
    assert "--replace" in err and "--merge" in err
    assert store().load_day(DAY).wrap_note == "laptop"  # type: ignore[union-attr]

    code, out, _ = run(capsys, "import", str(dump), "--merge")
    assert code == 0 and "1 merged, 1 already up to date" in out
    assert store().load_day(DAY).wrap_note == "laptop"  # type: ignore[union-attr] # newer

    code, out, _ = run(capsys, "import", str(dump), "--replace")
    assert code == 0 and "1 replaced" in out
    assert store().load_day(DAY).wrap_note == "Short day, dentist at 11."  # type: ignore[union-attr]


def test_import_flags_are_exclusive_and_bad_files_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["import", "x.json", "--replace", "--merge"])
    assert caught.value.code == 2
    capsys.readouterr()
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"days": []}')
    code, _, err = run(capsys, "import", str(foreign))
    assert code == 1
    assert err.startswith(f"planner: {foreign}: is not a planner export")
    assert "Traceback" not in err


def test_export_ics_of_planned_days_at_a_chosen_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "plan.ics"
    code, _, _ = run(
        capsys, "export", "--from", "2026-12-01", "--to", "2026-12-02", "--at", "7:30",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    starts = sorted(event.decoded("dtstart") for event in events)
    assert starts[0] == datetime(2026, 12, 1, 7, 30)
    assert {start.date() for start in starts} == {date(2026, 12, 1), date(2026, 12, 2)}
    assert store().day_dates() == []  # a plan is only shown, never stored


def test_bad_time_and_reversed_range_are_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "--format", "ics", "--at", "nine"])
    assert caught.value.code == 2
    assert "'nine' is not a time of day" in capsys.readouterr().err
    code, _, err = run(capsys, "export", "--from", "2026-11-21", "--to", "2026-11-20")
    assert code == 1 and "is after --to" in err


# --- where -o writes, and days that cannot be read -----------------------------------------


@pytest.mark.usefixtures("two_days")
def test_export_to_a_symlink_writes_the_file_it_links_to(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "journals" / "journal.md"
    real.parent.mkdir()
    real.write_text("old journal")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    code, out, err = run(capsys, "export", "-o", str(link))
    assert code == 0 and out == ""
    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert real.read_text().startswith("# Planner journal, 2026-11-20 to 2026-11-21")
    assert f"written to {link} (the file it links to, {real})" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.usefixtures("two_days")
def test_export_to_a_fifo_is_refused_without_waiting_for_a_reader(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a writer would not block: no hang
    try:
        code, out, err = run(capsys, "export", "-o", str(fifo))
        assert os.read(reader, 100) == b""
    finally:
        os.close(reader)
    assert code == 1 and out == ""
    assert err == f"planner: cannot write {fifo}: it is a named pipe (FIFO), not a file\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.usefixtures("two_days")
def test_export_to_a_folder_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path))
    assert code == 1
    assert err == f"planner: cannot write {tmp_path}: it is a folder, not a file\n"
    assert tmp_path.is_dir()


@pytest.mark.skipif(not Path(os.devnull).is_char_device(), reason="needs a device node")
@pytest.mark.usefixtures("two_days")
def test_export_to_a_device_is_refused_and_the_device_stays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "export", "-o", os.devnull)
    assert code == 1
    assert err == f"planner: cannot write {os.devnull}: it is a character device, not a file\n"
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


@pytest.mark.usefixtures("two_days")
def test_export_into_a_missing_folder_is_refused_and_creates_no_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "nonexistent" / "x.md"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 1 and out == ""
    assert err.startswith(f"planner: cannot write {target}: folder {target.parent} does not exist")
    assert "Traceback" not in err
    assert not target.parent.exists()


@pytest.mark.usefixtures("two_days")
def test_export_to_dash_prints_and_writes_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "export", "--format", "csv", "-o", "-")
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 11
    assert not (tmp_path / "-").exists()


def break_day_file(day: date) -> Path:
    path = store().day_file(day)
    path.write_text("{ not json")
    return path


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
@pytest.mark.usefixtures("two_days")
def test_an_unreadable_day_is_left_out_named_and_the_exit_is_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    store().ensure_day(realistic_day(DAY + timedelta(days=2)))
    broken = break_day_file(DAY + timedelta(days=1))
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"{FORMATS[fmt]} written to {target}"
    assert len(lines) == 2
    assert lines[1].startswith(f"planner: left out 2026-11-21: {broken}: is not valid JSON")
    text = target.read_text()
    assert "2026-11-20" in text and "2026-11-22" in text
    assert "2026-11-21" not in text
    if fmt == "json":
        days = json.loads(text)["days"]
        assert [day["date"] for day in days] == ["2026-11-20", "2026-11-22"]


@pytest.mark.usefixtures("two_days")
def test_every_unreadable_day_gets_its_own_line_when_printing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = break_day_file(DAY), break_day_file(DAY + timedelta(days=1))
    code, out, err = run(capsys, "export")
    assert code == 1
    assert out.startswith("# Planner journal\n\nNo days recorded in this range.")
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["left out 2026-11-20", "left out 2026-11-21"]
    assert str(first) in lines[0] and str(second) in lines[1]


@pytest.mark.usefixtures("two_days")
def test_an_unreadable_day_outside_the_range_does_not_matter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    break_day_file(DAY)
    code, out, err = run(capsys, "export", "--from", "2026-11-21")
    assert code == 0 and err == ""
    assert "## Saturday 21 November 2026" in out


def test_a_plan_at_the_end_of_the_calendar_stops_there(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--format", "ics", "--from", "9999-12-30"]) == 0
    out = capsys.readouterr().out
    assert "DTSTART" in out and "99991231" in out
