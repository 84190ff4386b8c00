"""What the `planner` command's modules share: exit codes, date arguments, the session.

Each group of subcommands (``planner.cli.templates`` ...) is a module with ``COMMANDS``,
``add_commands`` and ``run``, so the main parser stays short and groups do not collide.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any, Protocol

from planner.config import load_settings, resolve_paths
from planner.session import Session

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def parse_date(text: str) -> date:
    """An ISO date (2026-11-20), or today / yesterday / tomorrow."""
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    key = text.strip().lower()
    if key in relative:
        return date.today() + timedelta(days=relative[key])
    try:
        return date.fromisoformat(key)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: use YYYY-MM-DD, today, yesterday or tomorrow"
        ) from None


class CommandGroup(Protocol):
    """A module of subcommands."""

    COMMANDS: tuple[str, ...]

    def add_commands(self, commands: Any, day_options: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int: ...


def make_session(template_choice: str | None) -> Session:
    paths = resolve_paths()
    return Session(paths, load_settings(paths.config_file), template_choice)
