"""What the `planner` command's modules share: exit codes, checked arguments, the session.

Each group of subcommands (``planner.cli.templates`` ...) is a module with ``COMMANDS``,
``add_commands`` and ``run``, so the main parser stays short and groups do not collide.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import Any, Protocol

from planner.core.dates import DateError, parse_day
from planner.core.model import one_line
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


def outcome_argument(text: str) -> str:
    """The TEXT of `planner win`/`loss`: one line (line breaks become spaces), not blank."""
    line = one_line(text)
    if not line:
        raise argparse.ArgumentTypeError("cannot be blank: say what happened")
    return line


def channel_argument(text: str) -> str:
    """--channel: one line, without a leading ``@`` (``@LinkedIn`` is LinkedIn), not blank."""
    name = one_line(text).removeprefix("@").strip()
    if not name:
        raise argparse.ArgumentTypeError("cannot be blank: name a channel, or leave --channel out")
    return name


def refuse_undecodable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A usage error naming the first argument that is not UTF-8 text, file names included.

    The shell hands over bytes; Python keeps those that are not UTF-8 as surrogate escapes,
    which fail only later, when written to a day file or printed. Checked here once, for
    every argument of every command, before anything runs."""
    chosen = chosen_parsers(parser, args)
    for dest, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str | os.PathLike) and not is_utf8(os.fspath(item)):
                owner, name = argument_named(chosen, dest)
                owner.error(f"{name} is not valid UTF-8 text")


def is_utf8(text: str | bytes) -> bool:
    try:
        if isinstance(text, str):
            text.encode("utf-8")
        else:
            text.decode("utf-8")
    except UnicodeError:
        return False
    return True


def chosen_parsers(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> list[argparse.ArgumentParser]:
    """``parser`` and the subcommand parsers ``args`` went through (`template new`: three)."""
    chain = [parser]
    while True:
        sub = next(
            (a for a in chain[-1]._actions if isinstance(a, argparse._SubParsersAction)), None
        )
        chosen = getattr(args, sub.dest, None) if sub is not None else None
        if sub is None or chosen not in sub.choices:
            return chain
        chain.append(sub.choices[chosen])


def argument_named(
    chain: list[argparse.ArgumentParser], dest: str
) -> tuple[argparse.ArgumentParser, str]:
    """The innermost parser that has the argument stored as ``dest``, and its name as the
    user wrote it: --reason, TEXT, TASK_ID."""
    for owner in reversed(chain):
        for action in owner._actions:
            if action.dest == dest:
                if action.option_strings:
                    return owner, max(action.option_strings, key=len)
                metavar = action.metavar if isinstance(action.metavar, str) else None
                return owner, metavar or dest.upper()
    return chain[-1], dest


class CommandGroup(Protocol):
    """A module of subcommands."""

    COMMANDS: tuple[str, ...]

    def add_commands(self, commands: Any, day_options: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int: ...


def make_session(template_choice: str | None) -> Session:
    return Session.for_user(template_choice)
