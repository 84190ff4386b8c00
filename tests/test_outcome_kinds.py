"""What counts as a win or a loss (issue 17, part 2): `planner win/loss --kind --strategy`,
kinds at the start of a wrap-up line, stored on the outcome."""

from __future__ import annotations

import json
from datetime import date

import pytest

from planner.cli import main
from planner.config import resolve_paths
from planner.core.model import parse_outcome_lines, split_kind, split_strategy
from planner.store.day_format import day_as_record, day_from_record
from planner.store.days import Store

PAST_DAY = "2026-11-20"  # the embedded default template: Daily marketing hour


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored_wins(day: str = PAST_DAY) -> list[dict[str, object]]:
    stored = Store(resolve_paths().data_dir).load_day(date.fromisoformat(day))
    assert stored is not None
    return [day_as_record(stored)["wins"][n] for n in range(len(stored.wins))]


def test_a_win_of_a_declared_kind_and_strategy_is_stored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "win",
        "Acme asked for a call @LinkedIn",
        "--kind",
        "Booked Call",
        "--strategy",
        "be useful where prospects read",
        "--date",
        PAST_DAY,
    )
    assert (code, err) == (0, "")
    assert out == f"{PAST_DAY} win: booked call: Acme asked for a call (LinkedIn)\n"
    [win] = stored_wins()
    assert win["kind"] == "booked call" and win["channel"] == "LinkedIn"
    assert win["strategy"] == "be-useful-where-prospects-read"
    assert win["text"] == "Acme asked for a call"


def test_an_undeclared_kind_is_refused_with_the_nearest_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "loss", "no answer", "--kind", "ghosts", "--date", PAST_DAY)
    assert code == 1 and out == ""
    assert "no loss kind 'ghosts'" in err and "(did you mean 'ghosted'?)" in err
    assert "proposal declined, ghosted, other" in err
    assert Store(resolve_paths().data_dir).load_day(date(2026, 11, 20)) is None, "nothing saved"
    code, _, err = run(capsys, "win", "x", "--strategy", "LinkedIn posting", "--date", PAST_DAY)
    assert code == 1 and "no strategy 'LinkedIn posting'" in err


def test_free_text_without_a_kind_still_works_and_other_is_no_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "win", "a nice note", "--date", PAST_DAY)[0] == 0
    assert run(capsys, "win", "another", "--kind", "other", "--date", PAST_DAY)[0] == 0
    assert [win.get("kind") for win in stored_wins()] == [None, None]
    code, out, _ = run(capsys, "export", "--format", "json")
    assert code == 0 and '"kind"' not in out, "no kind key where none was given"


def test_a_kind_starts_a_wrap_up_line_in_any_case() -> None:
    kinds = ("booked call", "new lead")
    assert split_kind("New Lead: Acme", kinds) == ("new lead", "Acme")
    assert split_kind("note: not a kind", kinds) == (None, "note: not a kind")
    assert split_kind("new lead:", kinds) == (None, "new lead:"), "a kind needs its text"
    ids = ("be-useful", "be-kind", "stay-in-touch")
    assert split_strategy("Acme #stay", ids) == ("stay-in-touch", "Acme")
    assert split_strategy("Acme #be", ids) == (None, "Acme #be"), "two strategies start so"
    assert split_strategy("#be-kind", ids) == (None, "#be-kind"), "a strategy needs its text"
    [outcome] = parse_outcome_lines(
        "booked call: Acme #be-useful @LinkedIn", known=["LinkedIn"], kinds=kinds, strategies=ids
    )
    assert outcome.strategy == "be-useful"
    assert (outcome.kind, outcome.text, outcome.channel) == ("booked call", "Acme", "LinkedIn")


def test_kind_and_strategy_round_trip_through_the_record() -> None:
    from planner.core.model import Day, Outcome

    win = Outcome("Acme", "LinkedIn", id="win-1", kind="booked call", strategy="s-1")
    day = Day(date=date(2026, 11, 20), template="T", wins=[win])
    record = json.loads(json.dumps(day_as_record(day)))
    assert record["wins"][0]["kind"] == "booked call"
    assert day_from_record(record).wins == [win]


def test_the_markdown_journal_names_kind_and_strategy() -> None:
    from planner.core.model import Day, Outcome
    from planner.exchange.journal import markdown_journal

    win = Outcome("Acme", "LinkedIn", id="w", kind="booked call", strategy="be-useful")
    loss = Outcome("Beta", id="l", kind="ghosted")
    text = markdown_journal([Day(date(2026, 11, 20), "T", wins=[win], losses=[loss])])
    assert "- booked call: Acme (LinkedIn; strategy be-useful)" in text
    assert "- ghosted: Beta" in text
