"""The dashboard of a plan's foundations: figures per strategy and per win/loss kind over a
synthetic month (pure functions), the goal needle moved by a counted win kind, the JSON of
`planner review`, and the review screen's strategy table."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from planner.cli import main
from planner.config import Paths, load_settings, resolve_paths
from planner.core.ladder import Rung
from planner.core.model import Day, Goal, Outcome, OutcomeKinds, Status, Strategy, TaskState
from planner.review.figures import build_review
from planner.review.goals import Track, day_value, goal_progress
from planner.review.history import load_history, summary_from_row, summary_to_row
from planner.review.plan import ReviewPlan
from planner.review.strategies import kind_counts, strategy_figures
from planner.review.summary import DaySummary, summarize, summarize_records
from planner.session.work import Session
from planner.store.day_format import day_as_record
from planner.store.days import Store
from planner.ui.screens.review import ReviewScreen
from tests.helpers import TODAY, FakeClock, make_app  # TODAY: Tuesday 24 November 2026

MONTH_START = date(2026, 11, 1)
LEADS = Goal("New leads", "leads", 3, "week")
CALLS = Goal("Calls booked", "calls", 2, "week")
OUTCOMES = OutcomeKinds(
    wins=("booked call", "referral", "new lead"),
    losses=("ghosted",),
    counts=(("new lead", "leads"),),
)
PLAN = ReviewPlan(
    goals=(LEADS, CALLS),
    strategies=(
        Strategy("useful", "Be useful where prospects read", "New leads"),
        Strategy("warm", "Stay in touch with warm contacts", "New leads"),
        Strategy("proposals", "Move proposals to a decision", "Calls booked"),
    ),
    outcomes=OUTCOMES,
)


def task(
    task_id: str,
    strategy: str | None,
    status: Status = Status.DONE,
    *,
    minutes: int = 10,
    seconds: int = 0,
    channel: str | None = None,
    unit: str | None = None,
    count: int = 0,
) -> TaskState:
    return TaskState(
        id=task_id,
        title=task_id.title(),
        rung=Rung.COMMENT,
        minutes=minutes,
        seconds=seconds,
        channel=channel,
        status=status,
        strategy=strategy,
        unit=unit,
        target=3 if unit else None,
        count=count,
    )


def win(kind: str | None, channel: str | None = None, strategy: str | None = None) -> Outcome:
    return Outcome(kind or "kind words", channel, kind=kind, strategy=strategy)


def month() -> list[DaySummary]:
    """1-24 November, every day: a done comment (useful, LinkedIn, 10m planned), a follow-up
    (warm, Email, 15m; skipped on even days) and a task of no strategy. Wins: new leads
    on the 5th and the 23rd (useful), a referral on the 20th (no channel, no strategy), a
    free-text win on the 22nd; a loss (ghosted, warm) on the 12th. Before the month: warm's
    booked call on 1 October (inside 90 days of today, not 30), and a task of a strategy
    the plan no longer has ("legacy") on 3 November, timed, that brought nothing."""
    wins = {
        5: [win("new lead", "LinkedIn", "useful")],
        20: [win("referral")],
        22: [win(None, "LinkedIn")],
        23: [win("new lead", "LinkedIn", "useful")],
    }
    summaries = []
    for offset in range(24):
        when = MONTH_START + timedelta(days=offset)
        tasks = [
            task("comment", "useful", channel="LinkedIn"),
            task(
                "follow",
                "warm",
                Status.SKIPPED if when.day % 2 == 0 else Status.DONE,
                minutes=15,
                channel="Email",
            ),
            task("plain", None, minutes=5),
        ]
        if when.day == 3:
            tasks.append(task("old", "legacy", Status.OPEN, seconds=1200))
        losses = [win("ghosted", "Email", "warm")] if when.day == 12 else []
        day = Day(when, "Daily", tasks, wins=wins.get(when.day, []), losses=losses)
        summaries.append(summarize(day))
    october = Day(date(2026, 10, 1), "Daily", wins=[win("booked call", "Email", "warm")])
    return [summarize(october), *summaries]


# --- per strategy ---------------------------------------------------------------------


def test_figures_per_strategy_over_a_month() -> None:
    summaries = month()
    goals = [goal_progress(goal, summaries, TODAY, outcomes=OUTCOMES) for goal in PLAN.goals]
    rows = strategy_figures(summaries, MONTH_START, TODAY, TODAY, PLAN, goals)
    by_id = {row.id: row for row in rows}
    assert [row.id for row in rows] == ["useful", "warm", "proposals", "legacy"]

    useful = by_id["useful"]
    assert useful.name == "Be useful where prospects read"
    assert (useful.figures.done, useful.figures.skipped) == (24, 0)
    assert useful.spent_seconds == 24 * 600  # planned minutes of done, untimed tasks
    assert dict(useful.wins_by_kind) == {"new lead": 2}
    assert (useful.goal, useful.track) == ("New leads", Track.ON_TRACK)
    assert useful.drop_candidate == ()

    warm = by_id["warm"]
    assert (warm.figures.done, warm.figures.skipped) == (12, 12)
    assert warm.spent_seconds == 12 * 15 * 60  # skipped tasks took no time
    assert dict(warm.wins_by_kind) == {}, "the October call is outside the range"
    assert dict(warm.losses_by_kind) == {"ghosted": 1}
    assert warm.drop_candidate == (30,), "time and no win in 30 days; the call is within 90"

    proposals = by_id["proposals"]
    assert proposals.figures.total == 0 and proposals.spent_seconds == 0
    assert (proposals.track, proposals.drop_candidate) == (Track.BEHIND, ())

    legacy = by_id["legacy"]
    assert (legacy.name, legacy.declared, legacy.goal, legacy.track) == (
        "legacy",
        False,
        None,
        None,
    )
    assert legacy.spent_seconds == 1200 and legacy.drop_candidate == (30, 90)


def test_the_range_and_the_look_backs_are_apart() -> None:
    """A week with no win for ``useful`` does not flag it: the look-back is 30 days."""
    summaries = month()
    week = strategy_figures(summaries, date(2026, 11, 16), date(2026, 11, 22), TODAY, PLAN)
    useful = next(row for row in week if row.id == "useful")
    assert useful.wins == 0 and useful.figures.done == 7
    assert useful.drop_candidate == ()
    assert useful.track is None, "no goals given: no track"
    assert [row.id for row in week] == ["useful", "warm", "proposals"], "legacy: not this week"


# --- per kind -------------------------------------------------------------------------


def test_counts_per_kind_and_channel() -> None:
    kinds = kind_counts([s for s in month() if s.date >= MONTH_START], OUTCOMES)
    assert list(kinds.wins.items()) == [
        ("booked call", 0),  # declared: listed, with nothing this month
        ("referral", 1),
        ("new lead", 2),
        ("other", 1),  # free text, last
    ]
    assert dict(kinds.losses) == {"ghosted": 1}
    assert {channel: dict(counts) for channel, counts in kinds.wins_by_channel.items()} == {
        "LinkedIn": {"new lead": 2, "other": 1},
        "": {"referral": 1},
    }
    assert list(kinds.wins_by_channel) == ["LinkedIn", ""], "untagged last"
    assert {c: dict(k) for c, k in kinds.losses_by_channel.items()} == {"Email": {"ghosted": 1}}


def test_a_kind_is_matched_to_its_declared_spelling() -> None:
    day = Day(TODAY, "Daily", wins=[win("New  Lead"), win("dropped kind")])
    kinds = kind_counts([summarize(day)], OUTCOMES)
    assert dict(kinds.wins) == {"booked call": 0, "referral": 0, "new lead": 1, "dropped kind": 1}


def test_build_review_reports_strategies_and_kinds() -> None:
    review = build_review(month(), TODAY, MONTH_START, TODAY, PLAN)
    assert [row.id for row in review.strategies] == ["useful", "warm", "proposals", "legacy"]
    assert review.kinds.wins["new lead"] == 2
    assert [progress.goal.name for progress in review.goals] == ["New leads", "Calls booked"]
    plain = build_review(month(), TODAY, MONTH_START, TODAY, [LEADS])  # goals only
    assert [(row.id, row.name) for row in plain.strategies] == [
        ("legacy", "legacy"),
        ("useful", "useful"),
        ("warm", "warm"),
    ], "the ids the days name, by id"


# --- the goal needle ------------------------------------------------------------------


def test_a_counted_win_kind_moves_the_goal_needle() -> None:
    day = summarize(Day(TODAY, "Daily", wins=[win("new lead"), win("referral")]))
    assert goal_progress(LEADS, [day], TODAY, outcomes=OUTCOMES).current == 1
    assert goal_progress(LEADS, [day], TODAY).current == 0, "no counts declared: no move"
    counted = summarize(
        Day(TODAY, "Daily", [task("posts", None, unit="leads", count=2)], wins=[win("new lead")])
    )
    assert goal_progress(LEADS, [counted], TODAY, outcomes=OUTCOMES).current == 3, "tasks + wins"
    progress = goal_progress(LEADS, month(), TODAY, outcomes=OUTCOMES)
    assert progress.values[-4:] == [1, 0, 0, 1]  # the weeks of the 5th and of the 23rd
    assert progress.track is Track.ON_TRACK


def test_a_number_entered_at_the_wrap_up_wins_over_the_counted_wins() -> None:
    day = Day(
        TODAY,
        "Daily",
        [task("posts", None, unit="leads", count=2)],
        wins=[win("new lead"), win("new lead")],
        measurements={"leads": 5.0},
    )
    summary = summarize(day)
    counts = {"new lead": "leads"}
    assert day_value(summary, "leads", counts) == 5, "the number entered, never both"
    assert goal_progress(LEADS, [summary], TODAY, outcomes=OUTCOMES).current == 5
    zero = summarize(Day(TODAY, "Daily", wins=[win("new lead")], measurements={"leads": 0.0}))
    assert day_value(zero, "leads", counts) == 0
    assert day_value(summarize(Day(TODAY, "Daily")), "leads", counts) is None


# --- the summary and its cache --------------------------------------------------------


def rich_day() -> Day:
    return Day(
        TODAY,
        "Daily",
        [task("comment", "useful", channel="LinkedIn"), task("plain", None)],
        wins=[win("new lead", "LinkedIn", "useful"), win(None)],
        losses=[win("ghosted", None, "warm")],
        measurements={"calls": 1.0},
    )


def test_the_summary_keeps_strategies_and_kinds_on_every_path(paths: Paths) -> None:
    day = rich_day()
    summary = summarize(day)
    assert list(summary.strategies) == ["useful"] and summary.strategies["useful"].done == 1
    assert [tuple(item) for item in summary.win_kinds] == [
        ("new lead", "LinkedIn", "useful", 1),
        ("other", "", "", 1),
    ]
    assert summary.entered == ("calls",)
    assert summarize_records(day_as_record(day)) == summary
    assert DaySummary.from_dict(json.loads(json.dumps(summary.to_dict()))) == summary
    assert summary_from_row(json.loads(json.dumps(summary_to_row(summary)))) == summary
    Store(paths.data_dir).ensure_day(day)
    assert load_history(paths).summaries == [summary]
    cached = load_history(paths)
    assert cached.from_cache == 1 and cached.summaries == [summary]


# --- `planner review --json` ----------------------------------------------------------

TEMPLATE = """\
name: Strategy plan
goals:
  - {name: New leads, unit: leads, target: 3, per: week}
strategies:
  - {name: Be useful where prospects read, id: useful, goal: New leads}
  - {name: Stay in touch with warm contacts, id: warm, goal: New leads}
outcomes:
  wins: [booked call, new lead]
  losses: [ghosted]
  counts: {new lead: leads}
ladder:
  comment:
    - {title: Comment on posts, id: posts, minutes: 10, channel: LinkedIn, strategy: useful}
  communicate:
    - {title: Follow up, id: follow, minutes: 5, strategy: warm}
"""


def strategy_session(paths: Paths, clock: FakeClock, tmp_path: Path) -> tuple[Session, Path]:
    """Yesterday and today from TEMPLATE: the comment done both days, one new lead."""
    plan_file = tmp_path / "strategy-plan.yaml"
    plan_file.write_text(TEMPLATE)
    session = Session(paths, load_settings(paths.config_file), str(plan_file), clock)
    for when in (TODAY - timedelta(days=1), TODAY):
        session.open_day(when)
        session.toggle_done(when, "posts")
    session.add_outcome(
        TODAY, "win", "ACME", "LinkedIn", outcome_kind="new lead", strategy="useful"
    )
    return session, plan_file


def test_review_json_reports_strategies_and_outcome_kinds(
    paths: Paths,
    clock: FakeClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: Any,
) -> None:
    _, plan_file = strategy_session(paths, clock, tmp_path)

    def make_session(template_choice: str | None) -> Session:
        fresh = resolve_paths()
        return Session(fresh, load_settings(fresh.config_file), str(plan_file), FakeClock())

    monkeypatch.setattr("planner.cli.review.make_session", make_session)
    assert main(["review", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    useful, warm = data["strategies"]
    assert set(useful) == {
        "id",
        "name",
        "goal",
        "track",
        "spent_seconds",
        "figures",
        "wins_by_kind",
        "losses_by_kind",
        "drop_candidate",
    }
    assert (useful["id"], useful["name"], useful["goal"]) == (
        "useful",
        "Be useful where prospects read",
        "New leads",
    )
    assert (useful["track"], useful["spent_seconds"]) == ("on track", 2 * 600)
    assert useful["figures"]["done"] == 2 and useful["wins_by_kind"] == {"new lead": 1}
    assert (useful["losses_by_kind"], useful["drop_candidate"]) == ({}, [])
    assert warm["figures"]["open"] == 2 and warm["drop_candidate"] == []
    assert data["outcome_kinds"] == {
        "wins": {"booked call": 0, "new lead": 1},
        "losses": {"ghosted": 0},
        "by_channel": {"wins": {"LinkedIn": {"new lead": 1}}, "losses": {}},
    }
    (goal,) = data["goals"]
    assert goal["current"] == 1, "the new lead moved the needle"

    assert main(["review"]) == 0
    text = capsys.readouterr().out
    assert max(map(len, text.splitlines())) <= 80
    assert "Be useful where …" in text and "wins new lead 1" in text
    assert "goal New leads: on track" in text
    assert any(
        line.startswith("win   new lead") and "LinkedIn 1" in line for line in text.splitlines()
    )


# --- the review screen ----------------------------------------------------------------


async def test_the_review_screen_shows_a_row_per_strategy(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    _, plan_file = strategy_session(paths, clock, tmp_path)
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one("#strategy-table", DataTable)
        useful = [str(cell) for cell in table.get_row("useful")]
        assert useful[0] == "Be useful where prospects read\nNew leads on track"
        assert useful[1:] == ["20m", "2", "0", "", "new lead 1", "·"]
        assert table.row_count == 2
        kinds = screen.query_one("#kind-table", DataTable)
        assert [str(cell) for cell in kinds.get_row("win:new lead")][1:] == [
            "new lead",
            "1",
            "LinkedIn 1",
        ]
