"""Export formats on a realistic day: Markdown journal, CSV, JSON dump, iCalendar plan."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState
from planner.errors import PlannerError
from planner.exchange.export import (
    CSV_COLUMNS,
    EXPORT_FORMAT,
    ExportRequest,
    calendar_ics,
    days_to_export,
    event_uid,
    json_dump,
    plan_slots,
    read_stored_days,
    tasks_csv,
)
from planner.exchange.importing import parse_export
from planner.exchange.journal import markdown_journal
from planner.session.work import Session
from tests.helpers import TODAY

STAMP = "2026-11-24T08:00:00+00:00"
WIN_AT = "2026-11-24T09:00:00+00:00"


def realistic_day(day: date = TODAY) -> Day:
    """A worked day: a timed task, a count short of its target, a skip with a reason,
    a task done out of ladder order, a note on two lines, wins with channels."""
    scan = TaskState(
        "scan", "Scan mentions", Rung.LISTEN, minutes=5, channel="LinkedIn",
        status=Status.DONE, done_at="2026-11-24T08:10:00+00:00",
        intervals=[["2026-11-24T08:00:00+00:00", "2026-11-24T08:07:30+00:00"]], seconds=450,
    )  # fmt: skip
    news = TaskState(
        "news", "Read the news", Rung.READ, minutes=10, status=Status.SKIPPED,
        skip_reason="client call ran long", skipped_at="2026-11-24T08:11:00+00:00",
    )  # fmt: skip
    posts = TaskState(
        "posts", "Comment on posts", Rung.COMMENT, channel="LinkedIn", target=3,
        unit="comments", count=2, note="Anna asked about the webinar\nfollow up Friday",
    )  # fmt: skip
    video = TaskState(
        "video", "Record a short video", Rung.CREATE, minutes=20, status=Status.DONE,
        done_at="2026-11-24T08:40:00+00:00", out_of_order=True, adjust_seconds=1200,
        seconds=1200,
    )  # fmt: skip
    follow = TaskState("follow", "Follow up proposals", Rung.CLOSE, minutes=5)
    tasks = [scan, news, posts, video, follow]
    for task in tasks:
        task.updated_at = STAMP
    return Day(
        date=day,
        template="Pilot plan",
        tasks=tasks,
        template_source="/plans/pilot.yaml",
        budget_minutes=60,
        created_at=STAMP,
        updated_at=STAMP,
        worked="Commenting before posting: two replies came back.",
        wins=[
            Outcome("new lead: ACME", "LinkedIn", WIN_AT, id="win-acme", updated_at=WIN_AT),
            Outcome("Bob replied", None, None, id="win-bob", updated_at=STAMP),
        ],
        losses=[Outcome("webinar had 2 sign-ups", "Meetup", None, id="loss-web", updated_at=STAMP)],
        wrap_note="Short day, dentist at 11.",
        measurements={"leads": 1.0, "new connections": 6.5},
    )


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_has_one_section_a_day_with_everything_that_happened() -> None:
    earlier = realistic_day(TODAY - timedelta(days=1))
    text = markdown_journal([realistic_day(), earlier])
    assert text.startswith("# Planner journal, 2026-11-23 to 2026-11-24\n")
    assert text.index("## Monday 23 November 2026") < text.index("## Tuesday 24 November 2026")
    section = text[text.index("## Tuesday") :]
    assert "Template: Pilot plan · 2/5 done, 1 skipped · 28m logged of a 60m time box" in section
    # Rungs in ladder order, empty rungs left out.
    headings = [line for line in section.splitlines() if line.startswith("### ")]
    assert headings == ["### Listen", "### Read", "### Comment / share", "### Create", "### Close"]
    assert "- [x] Scan mentions (LinkedIn, 8m logged of 5m planned)" in section
    assert "- [-] Read the news (10m planned) — skipped: client call ran long" in section
    assert (
        "- [ ] Comment on posts (LinkedIn, 2/3 comments)\n"
        "  - Note: Anna asked about the webinar\n"
        "    follow up Friday"
    ) in section
    assert "- [x] Record a short video (20m logged of 20m planned, out of ladder order)" in section
    assert "- [ ] Follow up proposals (5m planned)" in section
    assert "**What worked:**\n\nCommenting before posting: two replies came back." in section
    assert "**Wins:**\n\n- new lead: ACME (LinkedIn)\n- Bob replied" in section
    assert "**Losses:**\n\n- webinar had 2 sign-ups (Meetup)" in section
    assert "**Measurements:** leads 1, new connections 6.5" in section
    assert "**Note:**\n\nShort day, dentist at 11." in section


def test_markdown_of_no_days_says_so() -> None:
    assert "No days recorded" in markdown_journal([])


# --- CSV --------------------------------------------------------------------------------


def test_csv_has_one_row_per_task_and_a_stable_header() -> None:
    text = tasks_csv([realistic_day(), realistic_day(TODAY - timedelta(days=1))])
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    assert len(rows) == 10
    assert [row["date"] for row in rows[:5]] == ["2026-11-23"] * 5  # oldest day first
    by_id = {row["task_id"]: row for row in rows if row["date"] == "2026-11-24"}
    assert by_id["scan"]["status"] == "done"
    assert by_id["scan"]["logged_seconds"] == "450"
    assert by_id["scan"]["logged_minutes"] == "7.5"
    assert by_id["scan"]["planned_minutes"] == "5"
    assert by_id["scan"]["channel"] == "LinkedIn"
    assert by_id["news"]["status"] == "skipped"
    assert by_id["news"]["skip_reason"] == "client call ran long"
    assert (by_id["posts"]["count"], by_id["posts"]["target"]) == ("2", "3")
    assert by_id["posts"]["unit"] == "comments"
    assert by_id["posts"]["note"] == "Anna asked about the webinar\nfollow up Friday"
    assert by_id["video"]["out_of_order"] == "yes"
    assert by_id["follow"]["target"] == ""  # no target: empty, not "None"
    assert by_id["follow"]["count"] == "0"
    assert by_id["follow"]["updated_at"] == STAMP


# --- JSON -------------------------------------------------------------------------------


def test_json_dump_is_a_versioned_envelope_that_reads_back_equal() -> None:
    days = [realistic_day(), realistic_day(TODAY - timedelta(days=3))]
    text = json_dump(days)
    data = json.loads(text)
    assert (data["format"], data["version"]) == (EXPORT_FORMAT, 3)
    assert [day["date"] for day in data["days"]] == ["2026-11-21", "2026-11-24"]
    assert (data["items"], data["ideas"]) == ([], []), "no items or ideas: empty lists"
    assert parse_export(Path("dump.json"), data) == sorted(days, key=lambda day: day.date)


# --- iCalendar --------------------------------------------------------------------------


def events_of(data: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(data)
    return [
        {
            "uid": str(event["uid"]),
            "summary": str(event["summary"]),
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "status": str(event.get("status", "")),
        }
        for event in calendar.walk("VEVENT")
    ]


def test_plan_slots_follow_the_ladder_inside_the_time_box() -> None:
    day = realistic_day()
    # posts has no planned minutes: it gets the box's unplanned 20 minutes (60 - 40).
    slots = [(s.task.id, s.start.time(), s.end.time()) for s in plan_slots(day, time(7, 30))]
    assert slots == [
        ("scan", time(7, 30), time(7, 35)),
        ("news", time(7, 35), time(7, 45)),
        ("posts", time(7, 45), time(8, 5)),
        ("video", time(8, 5), time(8, 25)),
        ("follow", time(8, 25), time(8, 30)),
    ]


def test_ics_parses_back_with_events_times_and_summaries() -> None:
    now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    data = calendar_ics([realistic_day()], now, time(9, 0))
    events = events_of(data)
    assert [e["summary"] for e in events] == [
        "Listen: Scan mentions",
        "Read: Read the news",
        "Comment / share: Comment on posts",
        "Create: Record a short video",
        "Close: Follow up proposals",
    ]
    assert events[0]["start"] == datetime(2026, 11, 24, 9, 0)
    assert events[0]["end"] == datetime(2026, 11, 24, 9, 5)
    assert events[-1]["end"] == datetime(2026, 11, 24, 10, 0)  # fills the 60-minute box
    assert events[0]["uid"] == "2026-11-24.scan@planner.invalid"
    assert events[1]["status"] == "CANCELLED"  # skipped
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert "Target: 3 comments" in str(calendar.walk("VEVENT")[2]["description"])


def test_ics_uids_are_stable_between_exports() -> None:
    first = calendar_ics([realistic_day()], datetime(2026, 11, 24, tzinfo=UTC))
    later = calendar_ics([realistic_day()], datetime(2026, 11, 30, tzinfo=UTC))
    assert [e["uid"] for e in events_of(first)] == [e["uid"] for e in events_of(later)]
    assert event_uid(TODAY, "scan") == "2026-11-24.scan@planner.invalid"


def test_ics_of_coming_days_comes_from_the_template_and_writes_nothing(
    session: Session,
) -> None:
    request = ExportRequest("ics", TODAY, TODAY + timedelta(days=1), time(8, 0))
    events = events_of(session.export(request))
    tuesday = [e for e in events if str(e["uid"]).startswith("2026-11-24.")]
    wednesday = [e for e in events if str(e["uid"]).startswith("2026-11-25.")]
    # The shipped default template checks news alerts on Mondays and Wednesdays only.
    assert not any("news alerts" in str(e["summary"]) for e in tuesday)
    assert any("news alerts" in str(e["summary"]) for e in wednesday)
    assert tuesday[0]["start"] == datetime(2026, 11, 24, 8, 0)
    assert tuesday[0]["summary"] == "Listen: Scan mentions and saved searches"
    assert session.store.day_dates() == []


def test_ics_defaults_to_the_next_seven_days(session: Session) -> None:
    events = events_of(session.export(ExportRequest("ics")))
    dates = sorted({str(e["uid"])[:10] for e in events})
    assert dates == [(TODAY + timedelta(days=n)).isoformat() for n in range(7)]


def test_export_reads_stored_days_in_the_range(session: Session) -> None:
    for offset in (0, 2, 5):
        session.store.ensure_day(realistic_day(TODAY - timedelta(days=offset)))
    everything = json.loads(session.export(ExportRequest("json")))
    assert len(everything["days"]) == 3
    some = session.export(ExportRequest("md", TODAY - timedelta(days=3), TODAY))
    assert some.decode().count("\n## ") == 2
    only_from = session.export(ExportRequest("csv", start=TODAY - timedelta(days=1)))
    assert only_from.decode().count("\r\n2026-11-24,") == 5


def test_a_day_file_that_cannot_be_read_leaves_out_only_its_own_day(session: Session) -> None:
    for offset in (0, 1, 2, 5):
        session.store.ensure_day(realistic_day(TODAY - timedelta(days=offset)))
    broken = session.store.day_file(TODAY - timedelta(days=1))
    broken.write_text("")
    found = read_stored_days(session.store, TODAY - timedelta(days=3), None)
    assert [day.date for day in found.days] == [TODAY - timedelta(days=2), TODAY]
    assert [left.day for left in found.left_out] == [TODAY - timedelta(days=1)]
    assert found.left_out[0].error.path == broken
    assert "is empty" in str(found.left_out[0].error)
    everything = days_to_export(ExportRequest("json"), session.store, lambda: [])()
    assert len(everything.days) == 3 and len(everything.left_out) == 1


def test_the_plan_of_coming_days_is_what_the_session_planned(session: Session) -> None:
    session.store.ensure_day(realistic_day(TODAY))
    session.store.day_file(TODAY).write_text("")  # stored days play no part in a plan
    planned = [realistic_day(TODAY + timedelta(days=1))]
    found = days_to_export(ExportRequest("ics"), session.store, lambda: planned)()
    assert found.days == planned and found.left_out == ()


def test_dates_the_wrong_way_round_are_refused(session: Session) -> None:
    backwards = ExportRequest("md", TODAY, TODAY - timedelta(days=1))
    with pytest.raises(PlannerError, match="after --to"):
        session.export(backwards)
    with pytest.raises(PlannerError, match="after --to"):
        days_to_export(backwards, session.store, lambda: [])


def test_export_and_import_never_load_textual() -> None:
    code = (
        "import sys, planner.exchange.export, planner.exchange.importing, "
        "planner.exchange.output, planner.cli.exchange; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
