"""Reminders without a daemon: alarms in the ICS export, and `planner nudge` (exit 0 / 3)."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from planner.cli import main
from planner.cli.nudge import EXIT_NUDGE, run_nudge
from planner.config import Paths, Settings, resolve_paths
from planner.core.model import Status
from planner.errors import PlannerError
from planner.exchange.calendar import CalendarEvent
from planner.exchange.export import ExportRequest, calendar_ics
from planner.session.work import Session
from planner.store.days import Store
from tests.helpers import TODAY, FakeClock
from tests.test_export import realistic_day

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
NOT_ON_PATH = "notify-send is not on PATH (it comes with libnotify)"


def alarms_by_event(data: bytes) -> dict[str, list[dict[str, object]]]:
    """For each VEVENT's UID, its VALARMs (action, trigger, description), parsed back."""
    calendar = Calendar.from_ical(data)
    return {
        str(event["uid"]): [
            {
                "action": str(alarm["action"]),
                "trigger": alarm.decoded("trigger"),
                "description": str(alarm["description"]),
            }
            for alarm in event.walk("VALARM")
        ]
        for event in calendar.walk("VEVENT")
    }


def with_alarms(data: bytes) -> dict[str, list[dict[str, object]]]:
    return {uid: alarms for uid, alarms in alarms_by_event(data).items() if alarms}


# --- alarms in the calendar -------------------------------------------------------------


def test_the_first_event_of_each_day_has_one_alarm_ten_minutes_before() -> None:
    days = [realistic_day(TODAY), realistic_day(TODAY + timedelta(days=1))]
    data = calendar_ics(days, NOW, time(9, 0))
    found = with_alarms(data)
    assert list(found) == ["2026-11-24.scan@planner.invalid", "2026-11-25.scan@planner.invalid"]
    for alarms in found.values():
        assert len(alarms) == 1
        assert alarms[0]["action"] == "DISPLAY"
        assert alarms[0]["trigger"] == -timedelta(minutes=10)
        assert alarms[0]["description"] == "planner at 09:00: Listen: Scan mentions"
    assert data.count(b"TRIGGER:-PT10M") == 2
    assert data.count(b"BEGIN:VALARM") == 2
    assert len(alarms_by_event(data)) == 10  # every task still has its event


def test_alarm_time_and_no_alarm() -> None:
    day = [realistic_day()]
    later = calendar_ics(day, NOW, alarm_minutes=25)
    assert b"TRIGGER:-PT25M" in later and b"PT10M" not in later
    assert calendar_ics(day, NOW, alarm_minutes=90).count(b"TRIGGER:-PT1H30M") == 1
    none = calendar_ics(day, NOW, alarm_minutes=None)
    assert b"VALARM" not in none
    assert with_alarms(none) == {}


def test_a_skipped_first_task_passes_the_alarm_on_still_timed_from_the_block() -> None:
    day = realistic_day()
    day.tasks[0].status = Status.SKIPPED  # scan, 09:00-09:05; news (09:05) is skipped too
    found = with_alarms(calendar_ics([day], NOW, time(9, 0)))
    # posts starts at 09:15: its alarm is 25 minutes before it, 10 before the block.
    assert found == {
        "2026-11-24.posts@planner.invalid": [
            {
                "action": "DISPLAY",
                "trigger": -timedelta(minutes=25),
                "description": "planner at 09:00: Comment / share: Comment on posts",
            }
        ]
    }
    for task in day.tasks:
        task.status = Status.SKIPPED
    assert with_alarms(calendar_ics([day], NOW)) == {}  # nothing left to be reminded of


def test_extra_events_take_part_in_the_first_event_of_their_day() -> None:
    early = CalendarEvent(
        "item-1@planner.invalid", datetime(2026, 11, 24, 8, 0), datetime(2026, 11, 24, 8, 15),
        "Close: Follow up with Acme",
    )  # fmt: skip
    alone = CalendarEvent(
        "item-2@planner.invalid", datetime(2026, 11, 27, 14, 0), datetime(2026, 11, 27, 14, 10),
        "Create: Publish the pricing post",
    )  # fmt: skip
    data = calendar_ics([realistic_day()], NOW, time(9, 0), extra_events=[alone, early])
    found = with_alarms(data)
    assert list(found) == ["item-1@planner.invalid", "item-2@planner.invalid"]
    assert [alarms[0]["trigger"] for alarms in found.values()] == [-timedelta(minutes=10)] * 2
    uids = list(alarms_by_event(data))
    assert uids[0] == "item-1@planner.invalid" and uids[-1] == "item-2@planner.invalid"


def test_the_export_request_has_the_alarm_by_default(session: Session) -> None:
    request = ExportRequest("ics", TODAY, TODAY)
    assert request.alarm_minutes == 10
    assert len(with_alarms(session.export(request))) == 1
    quiet = ExportRequest("ics", TODAY, TODAY, alarm_minutes=None)
    assert with_alarms(session.export(quiet)) == {}


def export_ics(capsys: pytest.CaptureFixture[str], *options: str) -> bytes:
    code = main(
        ["export", "--format", "ics", "--from", "2026-12-01", "--to", "2026-12-02", *options]
    )
    assert code == 0
    return capsys.readouterr().out.encode()


def test_export_alarm_options(capsys: pytest.CaptureFixture[str]) -> None:
    default = export_ics(capsys)
    assert default.count(b"BEGIN:VALARM") == 2 and default.count(b"TRIGGER:-PT10M") == 2
    later = export_ics(capsys, "--alarm", "25m")
    assert later.count(b"TRIGGER:-PT25M") == 2 and b"PT10M" not in later
    assert [len(a) for a in with_alarms(later).values()] == [1, 1]
    assert b"VALARM" not in export_ics(capsys, "--no-alarm")
    assert Store(resolve_paths().data_dir).day_dates() == []


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--alarm", "soon"], "is not a duration"),
        (["--alarm", "90s"], "whole minutes"),
        (["--alarm", "25m", "--no-alarm"], "not allowed with"),
        (["--alarm", "10m", "--no-alarm"], "not allowed with"),  # 10 is the default value
    ],
)
def test_bad_alarm_options_are_usage_errors(
    capsys: pytest.CaptureFixture[str], options: list[str], said: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "--format", "ics", *options])
    assert caught.value.code == 2
    assert said in capsys.readouterr().err


# --- planner nudge ----------------------------------------------------------------------


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 24, hour, minute).astimezone()


@pytest.fixture
def worked(paths: Paths, clock: FakeClock, plan_file: Path) -> Session:
    """A session on the pilot plan (a 30-minute box) with the fake clock (09:30 on TODAY)."""
    return Session(paths, Settings(), template_choice=str(plan_file), clock=clock)


def nudge(
    session: Session, capsys: pytest.CaptureFixture[str], **options: object
) -> tuple[int, str, str]:
    code = run_nudge(session, **options)  # type: ignore[arg-type]
    out, err = capsys.readouterr()
    assert out.count("\n") == 1  # one line
    return code, out.strip(), err


def test_not_started_is_a_nudge_only_after_the_time(
    worked: Session, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert nudge(worked, capsys) == (0, "not started yet (a nudge from 10:00)", "")
    clock.now = at(10, 0)
    code, line, _ = nudge(worked, capsys)
    assert (code, line) == (3, "today's hour has not started, and it is past 10:00")
    assert nudge(worked, capsys, after=time(11, 0))[0] == 0
    assert worked.store.day_dates() == []  # it only reads: no day file made


def test_a_stored_day_with_nothing_done_is_not_started(
    worked: Session, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    worked.open_day(TODAY)
    clock.now = at(10, 30)
    assert nudge(worked, capsys)[0] == EXIT_NUDGE


@pytest.mark.parametrize("how", ["done", "skipped", "counted", "timed", "running"])
def test_any_task_begun_means_started(
    worked: Session, clock: FakeClock, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    clock.now = at(10, 20)
    if how == "done":
        worked.toggle_done(TODAY, "scan", only_mark=True)
    elif how == "skipped":
        worked.skip_task(TODAY, "news", "no time")
    elif how == "counted":
        worked.count(TODAY, "posts", 1)
    elif how == "timed":
        worked.log_time(TODAY, "follow", 300)
    else:
        worked.toggle_timer(TODAY, "scan", start=True)
    clock.now = at(10, 30)  # past the time, and a timer from 10:20 is inside the box
    code, line, _ = nudge(worked, capsys)
    assert code == 0
    assert line.startswith("started: ")


def test_done_counts_in_the_started_line(
    worked: Session, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    worked.toggle_done(TODAY, "scan", only_mark=True)
    worked.log_time(TODAY, "scan", 600)
    clock.now = at(12, 0)
    assert nudge(worked, capsys)[:2] == (0, "started: 1/4 done, 10m logged")


def test_a_timer_past_the_time_box_is_a_nudge_even_before_the_time(
    worked: Session, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.now = at(9, 0)
    worked.toggle_timer(TODAY, "news", start=True)
    clock.now = at(9, 25)  # 25 of the 30-minute box
    assert nudge(worked, capsys)[0] == 0
    clock.now = at(9, 31)
    code, line, _ = nudge(worked, capsys)
    assert code == 3
    assert line == (
        "past the time box: 31m of 30m logged, and the timer of 'Read the news' is still running"
    )
    worked.toggle_timer(TODAY, "news", start=False)  # stopped: over, but nothing running
    clock.now = at(11, 0)
    assert nudge(worked, capsys)[0] == 0


def test_an_unreadable_day_is_a_problem_planner_explains(
    worked: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    worked.open_day(TODAY)
    worked.store.day_file(TODAY).write_text("{not json")
    with pytest.raises(PlannerError):
        run_nudge(worked)


# --- --notify -----------------------------------------------------------------------------


def fake_notify_send(folder: Path, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    program = folder / "notify-send"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.fixture
def late(worked: Session, clock: FakeClock) -> Session:
    clock.now = at(10, 30)
    return worked


def test_notify_sends_the_line_through_notify_send(
    late: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = tmp_path / "args.txt"
    fake_notify_send(tmp_path / "bin", f"printf '%s\\n' \"$@\" > '{record}'")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, line, err = nudge(late, capsys, notify=True)
    assert (code, err) == (3, "")
    assert record.read_text().splitlines() == ["--app-name=planner", "planner", line]


def test_notify_only_when_there_is_something_to_nudge(
    worked: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = tmp_path / "args.txt"
    fake_notify_send(tmp_path / "bin", f"echo called > '{record}'")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert nudge(worked, capsys, notify=True) == (0, "not started yet (a nudge from 10:00)", "")
    assert not record.exists()


def test_notify_without_notify_send_says_so_and_keeps_the_exit_code(
    late: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = nudge(late, capsys, notify=True)
    assert code == 3
    assert err == f"planner: no desktop notification: {NOT_ON_PATH}\n"


def test_a_failing_notify_send_is_said_on_stderr(
    late: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_notify_send(tmp_path / "bin", "echo 'Cannot autolaunch D-Bus' >&2; exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, _, err = nudge(late, capsys, notify=True)
    assert code == 3
    assert "notify-send failed (Cannot autolaunch D-Bus)" in err


# --- the real command -----------------------------------------------------------------------


def test_planner_nudge_from_the_shell(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["nudge"])  # the real clock: either answer, but one line and nothing stored
    out = capsys.readouterr().out
    assert code in (0, 3) and out.count("\n") == 1
    assert main(["nudge", "--after", "00:00"]) == 3  # no day stored: not started, and past
    assert capsys.readouterr().out == "today's hour has not started, and it is past 00:00\n"
    assert Store(resolve_paths().data_dir).day_dates() == []
    with pytest.raises(SystemExit) as caught:
        main(["nudge", "--after", "25:00"])
    assert caught.value.code == 2


def test_planner_nudge_on_an_unreadable_day_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    session = Session.for_user()
    today: date = session.today()
    session.open_day(today)
    session.store.day_file(today).write_text("{not json")
    assert main(["nudge"]) == 1
    assert capsys.readouterr().err.startswith("planner: ")
    assert os.path.exists(session.store.day_file(today))


def test_dated_items_and_pieces_are_events_named_by_their_own_id(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    """A moved item moves its event: its UID is its id alone, whatever the day."""
    from planner.core.ladder import Rung

    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    item = session.add_item("Send the proposal", TODAY + timedelta(days=2), Rung.CLOSE, minutes=10)
    idea = session.add_idea("Post: pricing questions")
    session.schedule_idea(idea.id, TODAY + timedelta(days=1))
    request = ExportRequest("ics")

    def events() -> dict[str, Any]:
        calendar = Calendar.from_ical(session.export(request))
        return {str(event["UID"]): event for event in calendar.walk("VEVENT")}

    found = events()
    assert f"{item.id}@planner.invalid" in found
    assert found[f"{item.id}@planner.invalid"]["DTSTART"].dt.date() == TODAY + timedelta(days=2)
    assert f"{idea.id}@planner.invalid" in found
    session.move_item(item.id, TODAY + timedelta(days=3))
    moved = events()
    assert moved[f"{item.id}@planner.invalid"]["DTSTART"].dt.date() == TODAY + timedelta(days=3)
    assert sum(uid.startswith(item.id) for uid in moved) == 1, "no copy left behind"
