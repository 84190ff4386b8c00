"""`planner export` and `planner import` from the shell: output, files, exit codes."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.cli import main
from planner.config import resolve_paths
from planner.exchange.export import CSV_COLUMNS
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
