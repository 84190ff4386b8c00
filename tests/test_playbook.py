"""The playbook: `planner template doc`, its results, `template list`'s strategies and `p` on
the templates screen."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from planner.cli import main
from planner.config import Paths, Settings, load_settings
from planner.session.playbook import playbook_results
from planner.session.work import Session
from planner.templates.library import examples_dir
from planner.templates.playbook import render_playbook
from planner.templates.reader import load_file, load_text
from planner.ui.app import PlannerApp
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.templates import TemplatesScreen
from tests.helpers import PLAN, TODAY, FakeClock, on_screen

EXAMPLES = sorted(path.stem for path in examples_dir().glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def section(text: str, title: str) -> str:
    """The text of the ``## title`` section."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert found is not None, f"no section {title!r}"
    return found.group(1)


# --- the document -------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_doc_of_each_example_holds_everything_a_new_person_needs(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    template = load_file(examples_dir() / f"{name}.yaml")
    assert template.strategies and template.goals and template.outcomes.wins, "a full example"
    code, out, _ = run(capsys, "template", "doc", name)
    assert code == 0
    assert out.startswith(f"# {template.name}: the playbook\n")
    ladder = section(out, "The daily ladder")
    for task in template.tasks:
        assert f"| {task.title} |" in ladder, task.title
    strategies = section(out, "Strategies")
    for strategy in template.strategies:
        assert f"### {strategy.name}\n" in strategies
        assert f"Goal: {strategy.goal} " in strategies and strategy.why in strategies
        block = strategies.split(f"### {strategy.name}\n")[1].split("- Tasks: ")[1]
        block = block.split("\n")[0]
        for task in template.tasks:
            assert (task.title in block) == (task.strategy == strategy.id), task.title
    goals = section(out, "Goals")
    for goal in template.goals:
        target = f"{goal.target:g} a {goal.per}"
        assert f"| {goal.name} | {target} | {goal.unit} |" in goals
    outcomes = section(out, "What counts as a win or a loss")
    assert f"- Wins: {', '.join(template.outcomes.wins)}\n" in outcomes
    assert f"- Losses: {', '.join(template.outcomes.losses)}\n" in outcomes
    for kind, unit in template.outcomes.counts:
        assert f"A *{kind}* win adds 1 to " in outcomes and f"({unit})" in outcomes
    assert "Results" not in out, "no results unless asked"


def test_the_ladder_gives_each_rung_its_reason_and_each_task_its_facts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "template", "doc", "daily-marketing-hour")
    ladder = section(out, "The daily ladder")
    rungs = re.findall(r"^### (\d)\. (.+)$", ladder, re.M)
    assert [label for _, label in rungs] == [
        "Listen",
        "Read",
        "Comment / share",
        "Create",
        "Communicate",
        "Close",
    ]
    assert "*Hear what your crowd says before you say anything.*" in ladder
    row = "| Comment on prospects' posts | 10 | LinkedIn | every day | 3 comments |"
    assert f"{row} Be useful where prospects read |" in ladder
    assert "| Email two best prospects | 10 | Email | Mon, Wed, Fri | 2 emails |" in ladder
    assert "- *Call one past client*: Ask how things are going" in ladder


def test_the_weekly_rhythm_says_which_days_differ(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "template", "doc", "daily-marketing-hour")
    rhythm = section(out, "The weekly rhythm")
    assert "Every day: Scan mentions and saved searches, " in rhythm
    assert "| Tuesday | 45 min | Share one useful article with a note, Call one past client |" in (
        rhythm
    )
    assert "| Saturday | 30 min | - |" in rhythm
    assert "Scan mentions" not in rhythm.split("| Monday |")[1], "every-day tasks: named once"


def test_a_plain_template_says_what_it_does_not_declare() -> None:
    template = load_text(PLAN)
    text = render_playbook(template)
    assert "This plan declares no strategies." in text
    assert "This plan declares no goals." in text
    assert "a win or a loss is written in free text" in text
    assert "| Task | Minutes | Channel | Days | Target |\n" in text, "no strategy column"
    assert "| Mondays only |  |  | Mon |  |" in text
    assert "Nothing planned on this rung." in text  # create, communicate
    assert "| Monday | 5 min | Mondays only |" in section(text, "The weekly rhythm")


def test_a_pipe_in_a_title_stays_in_its_cell() -> None:
    template = load_text(PLAN.replace("Scan mentions", "Scan | mentions"))
    assert "| Scan \\| mentions | 5 | LinkedIn |" in render_playbook(template)


# --- where it goes ------------------------------------------------------------------------


def test_output_file_is_written_and_a_folder_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "playbook.md"
    code, out, err = run(capsys, "template", "doc", "linkedin-b2b", "-o", str(target))
    assert code == 0 and out == ""
    assert str(target) in err
    _, printed, _ = run(capsys, "template", "doc", "linkedin-b2b", "-o", "-")
    assert target.read_text(encoding="utf-8") == printed
    assert "Book a call from a warm conversation" in printed

    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run(capsys, "template", "doc", "linkedin-b2b", "-o", str(folder))
    assert code == 1 and "it is a folder" in err
    assert list(folder.iterdir()) == []
    code, _, err = run(capsys, "template", "doc", "linkedin-b2b", "-o", str(tmp_path / "no" / "f"))
    assert code == 1 and "does not exist" in err and not (tmp_path / "no").exists()


def test_an_unknown_name_suggests_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "template", "doc", "linkedin-b2c")
    assert code == 1 and out == ""
    assert "no template 'linkedin-b2c' (did you mean 'linkedin-b2b'?)" in err


def test_template_list_names_the_strategies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "template", "list")
    assert code == 0
    line = "    3 strategies: Be useful where prospects read · Stay in touch with warm contacts · "
    assert line + "Move proposals to a decision\n" in out


# --- results ------------------------------------------------------------------------------


def work_a_day(session: Session, back: int, *, win: bool) -> None:
    """A day ``back`` days before today made from the session's template: the comment task
    done with 20 minutes logged, the LinkedIn scan done untimed, and a win or not."""
    day = session.today() - timedelta(days=back)
    session.open_day(day)
    tasks = {task.title: task.id for task in session.load_day(day).tasks}  # type: ignore[union-attr]
    session.toggle_done(day, tasks["Comment on prospects' posts"])
    session.log_time(day, tasks["Comment on prospects' posts"], 20 * 60)
    session.toggle_done(day, tasks["Scan mentions and saved searches"])
    if win:
        strategy = "be-useful-where-prospects-read"
        session.add_outcome(
            day, "win", "Acme", "LinkedIn", outcome_kind="new lead", strategy=strategy
        )


def test_results_count_per_strategy_and_channel(paths: Paths, clock: FakeClock) -> None:
    session = Session(paths, Settings(), clock=clock)
    work_a_day(session, 1, win=True)
    work_a_day(session, 2, win=False)
    work_a_day(session, 120, win=True)  # outside the 90 days
    other = Session(paths, Settings(), template_choice="linkedin-b2b", clock=clock)
    other.open_day(TODAY - timedelta(days=3))  # another template's day: left out
    template = session.template_for(TODAY)

    results = playbook_results(session, template)
    assert results.end == TODAY and results.start == TODAY - timedelta(days=89)
    assert results.days == 2
    strategies = {row.name: row for row in results.strategies}
    assert [row.name for row in results.strategies] == [s.name for s in template.strategies]
    useful = strategies["Be useful where prospects read"]
    # Two days of 20 logged minutes and 5 planned (done, never timed).
    assert (useful.done, useful.spent_seconds, useful.wins) == (4, 2 * 25 * 60, 1)
    assert useful.no_win == ()
    warm = strategies["Stay in touch with warm contacts"]
    assert (warm.done, warm.spent_seconds, warm.wins) == (0, 0, 0)
    channels = {row.name: row for row in results.channels}
    assert (channels["LinkedIn"].done, channels["LinkedIn"].wins) == (4, 1)

    text = render_playbook(template, results)
    assert f"## Results: {results.start.isoformat()} to {TODAY.isoformat()}" in text
    assert "2 stored days were made from this plan" in text
    assert "| Be useful where prospects read | 50m | 4 | 0 | 1 | 0 |  |" in text
    assert "| LinkedIn | 50m | 4 | 0 | 1 | 0 |  |" in text


def test_results_mark_a_strategy_with_time_and_no_win(paths: Paths, clock: FakeClock) -> None:
    session = Session(paths, Settings(), clock=clock)
    work_a_day(session, 1, win=False)
    results = playbook_results(session, session.template_for(TODAY))
    useful = next(row for row in results.strategies if row.name.startswith("Be useful"))
    assert useful.no_win == (30, 90)
    assert "| 25m | 2 | 0 | 0 | 0 | no win in 30 / 90 days |" in render_playbook(
        session.template_for(TODAY), results
    )


def test_with_results_on_the_command_line(capsys: pytest.CaptureFixture[str], paths: Paths) -> None:
    session = Session(paths, load_settings(paths.config_file))  # today as the command's
    work_a_day(session, 0, win=True)
    code, out, _ = run(capsys, "template", "doc", "daily-marketing-hour", "--with-results")
    assert code == 0
    results = section(
        out,
        f"Results: {(session.today() - timedelta(days=89)).isoformat()} to "
        f"{session.today().isoformat()}",
    )
    assert "1 stored day was made from this plan" in results
    assert "| Be useful where prospects read | 25m | 2 | 0 | 1 | 0 |  |" in results
    _, out, _ = run(capsys, "template", "doc", "content-creator", "--with-results")
    assert "No stored day was made from this plan in that time." in out


# --- the templates screen -----------------------------------------------------------------


async def test_p_writes_the_playbook_where_the_user_says(
    paths: Paths, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    session = Session(paths, load_settings(paths.config_file), clock=clock)
    app = PlannerApp(session=session, day=TODAY)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TemplatesScreen)
        names = [info.name for info in screen.infos]
        screen.table.move_cursor(row=names.index("daily-marketing-hour"))
        await pilot.pause()
        detail = str(screen.query_one("#templates-detail", Static).render())
        assert "Strategies:" in detail and "Move proposals to a decision → Proposals sent" in detail

        await pilot.press("p")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        field = prompt.query_one(Input)
        assert field.value == "~/daily-marketing-hour-playbook.md"

        field.value = str(tmp_path)  # a folder: refused, the dialog stays
        await pilot.press("enter")
        await pilot.pause()
        assert on_screen(app) is prompt and "it is a folder" in prompt.error

        field.value = "~/daily-marketing-hour-playbook.md"
        await pilot.press("enter")
        await pilot.pause()
        assert on_screen(app) is screen
        written = home / "daily-marketing-hour-playbook.md"
        assert written.read_text(encoding="utf-8") == render_playbook(
            load_file(examples_dir() / "daily-marketing-hour.yaml")
        )
        told = [str(n.message) for n in app._notifications]
        assert any(str(written.parent / "daily-marketing-hour-playbook.md") in m for m in told)
