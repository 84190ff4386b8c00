"""What the `planner` command's modules share: exit codes, date arguments, the session.

Each group of subcommands (``planner.cli.templates`` ...) is a module with ``COMMANDS``,
``add_commands`` and ``run``, so the main parser stays short and groups do not collide.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, Protocol

from planner.core.dates import DateError, parse_day
from planner.session.work import Session

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def date_argument(text: str) -> str:
    """--date, --from, --to: checked while parsing, resolved later by ``day_of`` (today
    depends on the settings' ``day_starts_at``, which are not read yet)."""
    try:
        parse_day(text, date.today())
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def day_of(text: str | None, session: Session) -> date | None:
    """The day a --date/--from/--to names, counted from the session's logical today."""
    return None if text is None else parse_day(text, session.today())


class CommandGroup(Protocol):
    """A module of subcommands."""

    COMMANDS: tuple[str, ...]

    def add_commands(self, commands: Any, day_options: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int: ...


def make_session(template_choice: str | None) -> Session:
    return Session.for_user(template_choice)
