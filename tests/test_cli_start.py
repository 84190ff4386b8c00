"""How `planner` reads its command line: only the command named is built and loaded (the app
and the day commands load no git, exporters or review), and the app's start writes nothing
before its first frame."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import build_parser, main, parser_for
from planner.cli.commands import DAY_COMMANDS, GROUPS, LONG_OPTIONS, VALUE_OPTIONS, named_command
from planner.cli.common import make_session
from planner.config import resolve_paths
from planner.store.days import Store
from planner.ui.app import PlannerApp

GROUP_MODULES = sorted({f"planner.cli.{module}" for module in GROUPS.values()})


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ([], None),
        (["--theme", "nord"], None),
        (["--template", "today"], None),  # a template named like a command
        (["--date", "2026-12-01", "today"], "today"),
        (["--date=2026-12-01", "done", "scan"], "done"),
        (["export", "--format", "md"], "export"),
        (["--temp", "review", "today"], "today"),  # argparse takes --temp for --template
        (["--dat", "today", "export"], "export"),
        (["--th", "nord"], None),
        (["--vers"], None),
        (["--version"], None),
        (["nonsense"], "nonsense"),
    ],
)
def test_the_command_a_line_names(argv: list[str], named: str | None) -> None:
    assert named_command(argv) == named


def test_every_group_module_holds_the_commands_it_is_named_for() -> None:
    for module_name in GROUP_MODULES:
        module = importlib.import_module(module_name)
        mapped = {name for name, module in GROUPS.items() if module_name.endswith(f".{module}")}
        assert set(module.COMMANDS) == mapped, module_name
    assert not set(GROUPS) & set(DAY_COMMANDS)


def test_the_full_parser_knows_every_command_and_a_partial_one_only_its_own() -> None:
    def names(parser: argparse.ArgumentParser) -> set[str]:
        actions = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(next(actions).choices)

    assert names(build_parser()) == set(GROUPS) | set(DAY_COMMANDS)
    assert names(parser_for(["--date", "2026-12-01", "done", "scan"])) >= {"done"}
    assert not names(parser_for([])) & set(GROUPS)
    assert names(parser_for(["review", "--month"])) == {"review"}
    assert names(parser_for(["--help"])) == set(GROUPS) | set(DAY_COMMANDS)
    assert names(parser_for(["-h", "done"])) == set(GROUPS) | set(DAY_COMMANDS)  # planner's
    assert names(parser_for(["done", "-h"])) == {"done", *DAY_COMMANDS}  # the command's


LOADED = """
import sys
from planner.cli import parser_for
parser_for(sys.argv[1:]).parse_args(sys.argv[1:])
print(" ".join(sorted(m for m in sys.modules if m.startswith(("planner.cli.", "planner.remote",
    "planner.exchange", "planner.review")))))
"""


@pytest.mark.parametrize(
    ("argv", "groups"),
    [([], set()), (["done", "scan"], set()), (["remote", "status"], {"planner.cli.remote"})],
)
def test_a_command_line_loads_only_its_commands_modules(argv: list[str], groups: set[str]) -> None:
    command = [sys.executable, "-c", LOADED, *argv]
    loaded = set(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())
    assert loaded & set(GROUP_MODULES) == groups
    if not groups:  # the app and the day commands: no git, no exporters, no review
        assert loaded <= {"planner.cli.commands", "planner.cli.common", "planner.cli.outcomes"}


def test_a_command_help_and_an_unknown_command_read_as_before(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as helped:
        main(["done", "--help"])
    assert helped.value.code == 0 and "TASK_ID" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(["nonsense"])
    error = capsys.readouterr().err
    assert refused.value.code == 2 and "invalid choice: 'nonsense'" in error
    assert "export" in error and "idea" in error  # every command offered


def test_the_app_start_looks_at_the_day_and_writes_nothing_before_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[PlannerApp] = []
    monkeypatch.setattr(PlannerApp, "run", lambda app: started.append(app))
    assert main([]) == 0 and started  # the app was started
    assert not list((resolve_paths().data_dir / "days").rglob("*.json"))  # it creates the day


def test_the_app_start_refuses_a_broken_day_file_before_the_screen_takes_over(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = Store(resolve_paths().data_dir).day_file(make_session(None).today())  # logical
    file.parent.mkdir(parents=True)
    file.write_text("{not json")
    monkeypatch.setattr(PlannerApp, "run", lambda app: pytest.fail("the app started"))
    assert main([]) == 1
    assert str(file) in capsys.readouterr().err
    assert file.read_text() == "{not json"


def test_the_app_start_refuses_a_broken_template_with_its_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: Broken\nladder:\n  lisen:\n    - Scan\n")
    monkeypatch.setattr(PlannerApp, "run", lambda app: pytest.fail("the app started"))
    assert main(["--template", str(broken)]) == 1
    assert f"{broken}:3:3:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--temp", "review", "today"],
        ["--dat", "2026-12-01", "export", "--format", "md"],
        ["--date", "2026-12-01", "done", "scan"],
        ["--theme", "nord", "--template", "today"],
        ["review", "--month"],
        ["idea", "list"],
    ],
)
def test_a_narrowed_parser_reads_a_line_as_the_full_one_does(argv: list[str]) -> None:
    assert vars(parser_for(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_the_options_read_before_a_command_are_planners_own() -> None:
    parser = build_parser(())
    long_options = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
    assert long_options == set(LONG_OPTIONS)
    taking_values = {o for a in parser._actions if a.nargs != 0 for o in a.option_strings}
    assert taking_values & long_options == set(VALUE_OPTIONS)
