"""``@Channel`` names with spaces: a win or loss ends in a channel the template or the
last month's days know (``@Google Alerts``), or in a quoted one (``@"Trade Show"``); the
recognised channel is said before saving, in the CLI and in the wrap-up, and stored."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Label

from planner.cli import main
from planner.config import Paths, Settings
from planner.core.model import Day, Outcome, TaskState, channels_in, split_channel_tag
from planner.core.wrap_up import matched_outcomes
from planner.session.work import Session
from planner.store.days import Store
from planner.templates.reader import load_text
from planner.ui.screens.wrap_up import WrapUpScreen
from tests.helpers import TODAY, FakeClock, make_app

KNOWN = ["LinkedIn", "Google Alerts", "Alerts"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Alert led to an intro @Google Alerts", ("Alert led to an intro", "Google Alerts")),
        ("intro @google  alerts ", ("intro", "Google Alerts")),  # spelt as known
        ("intro @Alerts", ("intro", "Alerts")),
        ('met at the booth @"Trade Show"', ("met at the booth", "Trade Show")),
        ("lead @linkedin", ("lead", "LinkedIn")),
        ("a @b @Email", ("a @b", "Email")),  # one word: the rule as before
        ("intro @Google Alertz", ("intro @Google Alertz", None)),  # not known, not quoted
        ("@Google Alerts", ("@Google Alerts", None)),  # no text before it
        ("met them @ conference", ("met them @ conference", None)),
        ("mail bob@example.com", ("mail bob@example.com", None)),
    ],
)
def test_a_channel_with_spaces_is_a_known_one_or_quoted(
    line: str, expected: tuple[str, str | None]
) -> None:
    assert split_channel_tag(line, KNOWN) == expected


def test_without_known_channels_only_one_word_or_quotes_tag() -> None:
    assert split_channel_tag("intro @Google Alerts") == ("intro @Google Alerts", None)
    assert split_channel_tag('intro @"Google Alerts"') == ("intro", "Google Alerts")
    assert split_channel_tag('intro @"google alerts"', KNOWN) == ("intro", "Google Alerts")
    assert split_channel_tag('intro @" "', ["", " "]) == ('intro @" "', None)
    assert split_channel_tag("met them @", ["", " "]) == ("met them @", None)


def test_known_channels_come_from_the_template_and_the_days() -> None:
    template = load_text(
        "name: T\nladder:\n  listen:\n    - {title: A, channel: Google Alerts}\n"
        "    - {title: B, channel: LinkedIn}\n"
    )
    day = Day(date=TODAY, template="T")
    day.tasks = [TaskState(id="x", title="X", rung=template.tasks[0].rung, channel="linkedin")]
    day.wins = [Outcome("lead", "Trade Show")]
    day.losses = [Outcome("no", None)]
    assert channels_in(template, [day]) == ["Google Alerts", "LinkedIn", "Trade Show"]
    assert channels_in(None, []) == []


def test_a_stored_win_with_spaces_reads_back_as_itself() -> None:
    stored = Outcome("intro", "Google Alerts", id="win-1")
    assert matched_outcomes("intro @Google Alerts", (stored,), KNOWN) == (stored,)
    (new,) = matched_outcomes("other intro @Google Alerts", (stored,), KNOWN)
    assert (new.text, new.channel, new.id) == ("other intro", "Google Alerts", "")


# --- the CLI ----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored(paths: Paths, day: date = TODAY) -> Day:
    found = Store(paths.data_dir).load_day(day)
    assert found is not None
    return found


def test_planner_win_knows_the_default_templates_channels(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    # The default template names "Google Alerts".
    code, out, err = run(capsys, "win", "Alert led to an intro @Google Alerts", "--date", "-1")
    assert code == 0 and err == ""
    assert out.endswith("win: Alert led to an intro (Google Alerts)\n")
    yesterday = date.fromisoformat(out.split()[0])
    wins = stored(paths, yesterday).wins
    assert [(win.text, win.channel) for win in wins] == [("Alert led to an intro", "Google Alerts")]


def test_planner_loss_knows_a_channel_an_earlier_day_used(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    assert run(capsys, "win", "a lead", "--channel", "Trade Show", "--date", "-2")[0] == 0
    code, out, _ = run(capsys, "loss", "the stand was empty @trade show", "--date", "-1")
    assert code == 0 and out.endswith("loss: the stand was empty (Trade Show)\n")
    yesterday = date.fromisoformat(out.split()[0])
    assert [(loss.text, loss.channel) for loss in stored(paths, yesterday).losses] == [
        ("the stand was empty", "Trade Show")
    ]


def test_an_at_that_names_no_channel_is_said(
    capsys: pytest.CaptureFixture[str], paths: Paths
) -> None:
    code, out, err = run(capsys, "win", "intro @Google Alertz", "--date", "-1")
    assert code == 0 and out.endswith("win: intro @Google Alertz\n")  # saved as typed
    assert "no channel recognised after the @" in err and "Google Alerts" in err
    assert 'quoted: @"Trade Show"' in err


# --- the wrap-up ----------------------------------------------------------------------------

PLAN = (
    "name: Alerts plan\nladder:\n  listen:\n"
    "    - {title: Check alerts, id: alerts, channel: Google Alerts}\n"
)


def channels_line(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, WrapUpScreen)
    return str(screen.query_one("#wrap-channels", Label).render())


async def test_the_wrap_up_says_which_channels_it_recognised_before_saving(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    plan = tmp_path / "alerts.yaml"
    plan.write_text(PLAN)
    session = Session(paths, Settings(), template_choice=str(plan), clock=clock)
    session.add_outcome(TODAY - timedelta(days=3), "win", "booth visit", "Trade Show")
    app = make_app(paths, clock, plan)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", "tab")
        assert channels_line(app) == ""
        await pilot.press(*"Alert led to an intro @Google Alerts")
        await pilot.pause()
        assert channels_line(app) == "channels: Google Alerts"
        await pilot.press("enter", *"met at the booth @Trade Show")
        await pilot.pause()
        assert channels_line(app) == "channels: Google Alerts, Trade Show"
        await pilot.press("tab", *"no reply @Nowhere Land")  # the losses box
        await pilot.pause()
        assert channels_line(app) == "channels: Google Alerts, Trade Show"
        await pilot.press("shift+tab", *["backspace"] * 80)  # wins emptied again
        await pilot.pause()
        assert channels_line(app) == "channels: none recognised"
        await pilot.press(*"Alert led to an intro @Google Alerts")
        await pilot.press("ctrl+s")
        await pilot.pause()
    day = stored(paths)
    assert [(win.text, win.channel) for win in day.wins] == [
        ("Alert led to an intro", "Google Alerts")
    ]
    assert [(loss.text, loss.channel) for loss in day.losses] == [("no reply @Nowhere Land", None)]
