"""`planner template ...`: list, check and manage plan templates from the shell."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from planner.cli_common import EXIT_ERROR, EXIT_OK, EXIT_USAGE
from planner.config import resolve_paths

COMMANDS: tuple[str, ...] = ("template",)


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    template = commands.add_parser("template", help="work with plan templates")
    template_commands = template.add_subparsers(dest="template_command", metavar="ACTION")
    validate = template_commands.add_parser(
        "validate", help="check template files; print FILE:LINE:COLUMN: message for each problem"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    template_commands.add_parser("list", help="list the shipped and your own templates")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.template_command == "validate":
        return cmd_validate(args.files)
    if args.template_command == "list":
        return cmd_template_list()
    parser.parse_args(["template", "--help"])
    return EXIT_USAGE


def cmd_validate(files: list[Path]) -> int:
    from planner.templates import check_file

    failed = False
    for file in files:
        result = check_file(file)
        for problem in result.problems:
            print(problem)
        if result.template is None:
            failed = True
        elif not result.problems:
            print(f"{file}: ok ({len(result.template.tasks)} tasks)")
    return EXIT_ERROR if failed else EXIT_OK


def cmd_template_list() -> int:
    from planner.templates import available_templates

    paths = resolve_paths()
    for name, path, is_user in available_templates(paths.template_dir):
        origin = "yours" if is_user else "shipped"
        print(f"{name:28} {origin:8} {path}")
    return EXIT_OK
