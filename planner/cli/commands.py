"""Which command a `planner` command line names, read before any parser is built: only that
command's parser is built, and only its group's module loaded (planner.cli.parser_for)."""

from __future__ import annotations

from collections.abc import Sequence

# The module of planner.cli that holds each group's commands (see CommandGroup). Only the
# group a command line names is imported and built: a group loads what its commands need
# (git, the exporters, the review), and the app and the day commands need none of it.
GROUPS: dict[str, str] = {
    "template": "templates",
    "sync": "templates",
    "export": "exchange",
    "import": "exchange",
    "review": "review",
    "remote": "remote",
    "restore": "restore",
    "nudge": "nudge",
    "add": "items",
    "item": "items",
    "drop": "items",
    "idea": "ideas",
    "serve": "serve",
}
DAY_COMMANDS = ("today", "done", "skip", "undo", "timer", "log", "win", "loss", "locate")
# planner's own long options, and those of them that take a value (before a command).
LONG_OPTIONS = ("--date", "--template", "--theme", "--version", "--help")
VALUE_OPTIONS = ("--date", "--template", "--theme")


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is neither an option nor an
    option's value), or None: the app."""
    words = iter(argv)
    for word in words:
        if takes_value(word):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def takes_value(word: str) -> bool:
    """``word`` is one of planner's options that take a value, or a start of one that no
    other option shares (argparse takes ``--temp`` for ``--template``)."""
    if not word.startswith("--") or "=" in word:
        return False
    options = [option for option in LONG_OPTIONS if option.startswith(word)]
    return len(options) == 1 and options[0] in VALUE_OPTIONS
