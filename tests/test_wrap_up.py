"""Wrap-up numbers for the template's goals: one input per goal unit, stored on the day."""

from __future__ import annotations

import textwrap
from pathlib import Path

from textual.widgets import Input

from planner.config import Paths
from planner.review.summary import summarize
from planner.store.days import Store
from tests.helpers import TODAY, FakeClock, make_app

GOAL_PLAN = textwrap.dedent(
    """\
    name: Goal plan
    ladder:
      listen:
        - {title: Scan mentions, id: scan}
      comment:
        - {title: Comment on posts, id: posts, target: 3, unit: comments}
    goals:
      - {name: New leads, unit: leads, target: 3, per: week}
      - {name: Comments, unit: comments, target: 3, per: day}
    """
)


def goal_plan(tmp_path: Path) -> Path:
    path = tmp_path / "goals.yaml"
    path.write_text(GOAL_PLAN)
    return path


def stored_measurements(paths: Paths) -> dict[str, float]:
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    return day.measurements


async def test_wrap_up_asks_a_number_per_goal_unit_and_stores_it(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(paths, clock, goal_plan(tmp_path))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        inputs = [app.screen.query_one(f"#wrap-measure-{n}", Input) for n in (0, 1)]
        assert [field.placeholder for field in inputs] == ["leads", "comments"]
        inputs[0].value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored_measurements(paths) == {"leads": 2.0}, "a blank unit stores nothing"
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    assert summarize(day).measures == {"comments": 0.0, "leads": 2.0}

    again = make_app(paths, clock, goal_plan(tmp_path))
    async with again.run_test(size=(100, 50)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        leads = again.screen.query_one("#wrap-measure-0", Input)
        assert leads.value == "2", "the stored number is shown again"
        leads.value = ""
        again.screen.query_one("#wrap-measure-1", Input).value = "4.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored_measurements(paths) == {"comments": 4.5}


async def test_a_plan_without_goals_asks_no_numbers(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert not app.screen.query("#wrap-measure-0")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored_measurements(paths) == {}


async def test_a_number_that_does_not_parse_keeps_the_wrap_up_open(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(paths, clock, goal_plan(tmp_path))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#wrap-measure-0", Input).value = "1e"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query("#wrap-measure-0"), "still open"
        assert any("not a number of leads" in n.message for n in app._notifications)
    assert stored_measurements(paths) == {}


KIND_PLAN = GOAL_PLAN + textwrap.dedent(
    """\
    strategies:
      - {name: Be useful where prospects read, goal: New leads}
      - {name: Stay in touch, goal: New leads}
    outcomes:
      wins: [booked call, new lead]
      losses: [ghosted]
      counts: {new lead: leads}
    """
)


async def test_a_win_kind_is_chosen_by_starting_the_line_with_it(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    from textual.widgets import Label, TextArea

    from planner.review.goals import daily_values
    from planner.templates.reader import load_text

    plan = tmp_path / "kinds.yaml"
    plan.write_text(KIND_PLAN)
    app = make_app(paths, clock, plan)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        labels = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "start with a kind (booked call, new lead)" in labels
        assert "start with a kind (ghosted)" in labels
        await pilot.press("tab")  # from what worked to the wins
        assert isinstance(app.focused, TextArea) and app.focused.id == "wrap-wins"
        await pilot.press(*"New Lead: Acme #be-use @LinkedIn", "enter", *"a kind word: not a kind")
        await pilot.press("ctrl+s")
        await pilot.pause()
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    assert [(win.kind, win.text, win.strategy, win.channel) for win in day.wins] == [
        ("new lead", "Acme", "be-useful-where-prospects-read", "LinkedIn"),
        (None, "a kind word: not a kind", None, None),
    ]
    # The counted kind moves the leads goal's needle: one lead today, no number entered.
    outcomes = load_text(KIND_PLAN).outcomes
    assert daily_values([summarize(day)], "leads", outcomes) == {TODAY: 1.0}
    # Reopened, the line reads as typed, and saving again changes nothing.
    again = make_app(paths, clock, plan)
    async with again.run_test(size=(100, 50)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        wins = again.screen.query_one("#wrap-wins", TextArea)
        assert (
            wins.text.splitlines()[0] == "new lead: Acme #be-useful-where-prospects-read @LinkedIn"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = Store(paths.data_dir).load_day(TODAY)
    assert after is not None and [w.id for w in after.wins] == [w.id for w in day.wins]
