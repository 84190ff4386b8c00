"""`planner review` from the shell: ranges, text in 80 columns, the documented JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from planner.cli import main
from planner.config import load_settings, resolve_paths
from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState
from planner.session.work import Session
from planner.store.days import Store
from tests.helpers import TODAY, FakeClock

GOALS_TEMPLATE = """\
name: Goal plan
ladder:
  listen:
    - {title: Scan mentions, id: scan, channel: LinkedIn, minutes: 10}
goals:
  - {name: New leads, unit: leads, target: 3, per: week}
"""


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """`planner review` ends its ranges today: make that TODAY (a Tuesday)."""

    def make_session(template_choice: str | None) -> Session:
        paths = resolve_paths()
        return Session(paths, load_settings(paths.config_file), template_choice, FakeClock())

    monkeypatch.setattr("planner.cli.review.make_session", make_session)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def store_days() -> None:
    store = Store(resolve_paths().data_dir)
    for offset in range(9):  # Monday 2026-11-16 .. today
        when = TODAY - timedelta(days=offset)
        status = Status.OPEN if offset == 5 else Status.DONE
        store.ensure_day(
            Day(
                date=when,
                template="Goal plan",
                tasks=[
                    TaskState(
                        id="scan",
                        title="Scan mentions",
                        rung=Rung.LISTEN,
                        minutes=10,
                        channel="LinkedIn",
                        status=status,
                        out_of_order=offset == 0,
                    ),
                    TaskState(
                        id="post",
                        title="Post on X",
                        rung=Rung.CREATE,
                        minutes=20,
                        channel="X",
                        status=status if offset == 5 else Status.SKIPPED,
                        seconds=600,
                    ),
                ],
                wins=[Outcome("lead", "LinkedIn")] if offset % 2 == 0 else [],
                measurements={"leads": 1.0},
            )
        )


def use_goal_template() -> None:
    paths = resolve_paths()
    paths.template_dir.mkdir(parents=True)
    (paths.template_dir / "goal-plan.yaml").write_text(GOALS_TEMPLATE)
    paths.config_file.write_text("default_template: goal-plan\nstreak_threshold: 0.5\n")


def test_review_week_text_fits_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    store_days()
    use_goal_template()
    code, out, err = run(capsys, "review")
    assert code == 0 and err == ""
    assert out.startswith("Review 2026-11-23 to 2026-11-24: 2 days stored, 2 kept the streak")
    assert "Streak: 5 days now, longest 5 days (a day counts at 50%" in out
    assert "Tasks: 2 done, 2 skipped, 0 left open; 1 out of ladder order" in out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    rung_rows = [line.split()[0] for line in lines if line.split()[:1] in (["Listen"], ["Read"])]
    assert rung_rows == ["Listen", "Read"]
    x_row = next(line for line in lines if line.startswith("X ") and "drop?" in line)
    assert "drop? last 30/90 days" in x_row  # the window is said: not the week shown
    assert "drop? = time spent, no win in the last 30 or 90 days (whatever the range)" in out
    assert any(line.startswith("New leads") and "on track" in line for line in lines)


def test_review_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    store_days()
    use_goal_template()
    code, out, _ = run(capsys, "review", "--from", "2026-11-16", "--to", "2026-11-24", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "start",
        "end",
        "today",
        "streak_threshold",
        "streaks",
        "days_stored",
        "days_counted",
        "totals",
        "wins",
        "losses",
        "rungs",
        "channels",
        "channel_returns",
        "goals",
        "strategies",
        "outcome_kinds",
        "pieces",
        "days",
    }
    assert (data["start"], data["end"], data["days_stored"]) == ("2026-11-16", TODAY.isoformat(), 9)
    assert data["streaks"] == {"current": 5, "longest": 5}
    assert data["totals"]["done"] == 8 and data["totals"]["open"] == 2
    assert data["totals"]["logged_seconds"] == 9 * 600
    assert list(data["rungs"]) == [rung.value for rung in Rung]
    assert data["rungs"]["create"]["skipped"] == 8
    returns = {item["channel"]: item for item in data["channel_returns"]}
    assert returns["LinkedIn"]["wins"] == 5 and returns["LinkedIn"]["drop_candidate"] == []
    assert returns["X"]["drop_candidate"] == [30, 90]
    (goal,) = data["goals"]
    assert (goal["name"], goal["current"], goal["track"]) == ("New leads", 2.0, "on track")
    assert len(goal["series"]) == 12 and goal["series"][-1]["start"] == "2026-11-23"
    assert data["days"][0]["date"] == "2026-11-16" and "share_done" in data["days"][0]


@pytest.mark.parametrize(("flag", "start"), [("--month", "2026-11-01"), ("--year", "2026-01-01")])
def test_month_and_year_ranges(capsys: pytest.CaptureFixture[str], flag: str, start: str) -> None:
    code, out, _ = run(capsys, "review", flag, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["start"], data["end"], data["days_stored"]) == (start, "2026-11-24", 0)


def test_bad_ranges_are_refused_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "review", "--week", "--from", "2026-11-01")
    assert code == 2 and "--week cannot go with --from/--to" in err
    code, _, err = run(capsys, "review", "--from", "2026-11-24", "--to", "2026-11-01")
    assert code == 1 and "starts (2026-11-24) after it ends (2026-11-01)" in err
    with pytest.raises(SystemExit):
        main(["review", "--week", "--month"])


def test_a_broken_day_file_is_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    store_days()
    broken = Store(resolve_paths().data_dir).day_file(date(2026, 11, 20))
    broken.write_text("nonsense")
    code, out, err = run(capsys, "review", "--json")
    assert code == 0 and json.loads(out)["days_stored"] == 2
    assert "warning: skipped:" in err and str(broken) in err
