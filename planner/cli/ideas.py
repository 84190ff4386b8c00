"""The content pipeline from the command line: `planner idea` (see planner.core.ideas).

One command, whose first word is an action or, when it is none, the title of a new idea:

    planner idea TITLE [--channel C]                 # a new idea; prints its id
    planner idea list [--stage S] [--json]
    planner idea draft ID
    planner idea schedule ID --on D [--channel C]    # --date is --on
    planner idea publish ID [--url URL]
    planner idea drop ID

A title that is one of the action words is given after ``new``: `planner idea new list`.
Each option goes with its actions only; one given to another is a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from planner.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    channel_argument,
    date_argument,
    day_of,
    make_session,
    outcome_argument,
)
from planner.core.dates import DATE_FORMS
from planner.core.ideas import STAGES, Idea
from planner.store.idea_store import idea_as_record

COMMANDS: tuple[str, ...] = ("idea",)
ACTIONS = ("new", "list", "draft", "schedule", "publish", "drop")
# The options each action takes (by their dest); the others refuse them.
OPTIONS = {
    "new": {"channel"},
    "list": {"stage", "json"},
    "draft": set(),
    "schedule": {"on", "channel"},
    "publish": {"url"},
    "drop": set(),
}
FLAGS = {"channel": "--channel", "stage": "--stage", "json": "--json", "on": "--on", "url": "--url"}
USAGE = """planner idea TITLE [--channel C]        (a title that is an action word: idea new TITLE)
       planner idea list [--stage S] [--json]
       planner idea draft ID
       planner idea schedule ID --on D [--channel C]
       planner idea publish ID [--url URL]
       planner idea drop ID"""


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    idea = commands.add_parser(
        "idea",
        usage=USAGE,
        help="the content pipeline: add an idea, list them, draft, schedule, publish, drop",
        description="Ideas move idea → drafting → scheduled (for a day) → published (with "
        "a URL), or are dropped. A scheduled piece is a task on its day's create rung.",
    )
    idea.add_argument(
        "word",
        metavar="ACTION_OR_TITLE",
        help=f"one of {', '.join(ACTIONS)}; anything else is the title of a new idea",
    )
    idea.add_argument("target", nargs="?", metavar="ID", help="the idea (new: its title)")
    idea.add_argument("--channel", type=channel_argument, help="where it goes out, e.g. LinkedIn")
    idea.add_argument(
        "--stage", choices=STAGES, help="list: only this stage (default: not dropped)"
    )
    idea.add_argument("--json", action="store_true", help="list: print JSON (a list of ideas)")
    idea.add_argument(
        "--on", "--date", dest="on", type=date_argument, metavar="D", help=f"schedule: {DATE_FORMS}"
    )
    idea.add_argument("--url", metavar="URL", help="publish: where it was published (optional)")


class Usage(Exception):
    """A `planner idea` that does not fit its forms; the message says why."""


def parse_action(args: argparse.Namespace) -> tuple[str, str | None]:
    """The action and its argument (an id, or a new idea's title); Usage for an argument
    missing or too many, or an option the action does not take."""
    word: str = args.word
    action, target = (word, args.target) if word in ACTIONS else ("new", word)
    if word not in ACTIONS and args.target is not None:
        raise Usage(f"one title only: quote it (planner idea {word!r} ...)")
    if action == "list" and target is not None:
        raise Usage(f"idea list takes no {target!r} (filter with --stage)")
    if action != "list" and not target:
        raise Usage(f"idea {action}: give the {'title' if action == 'new' else 'ID'}")
    for dest, flag in FLAGS.items():
        if getattr(args, dest) not in (None, False) and dest not in OPTIONS[action]:
            takes = [name for name, options in OPTIONS.items() if dest in options]
            raise Usage(f"idea {action}: {flag} goes with idea {' or '.join(takes)} only")
    if action == "schedule" and args.on is None:
        raise Usage("idea schedule: give the day with --on D")
    if action == "new" and target is not None:
        try:
            target = outcome_argument(target)  # one line, not blank
        except argparse.ArgumentTypeError as error:
            raise Usage(f"idea: the title {error}") from None
    return action, target


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        action, target = parse_action(args)
    except Usage as error:
        print(f"planner: {error}\nusage: {USAGE}", file=sys.stderr)
        return EXIT_USAGE
    session = make_session(None)
    if action == "list":
        found = session.ideas_in(args.stage)
        print(ideas_json(found) if args.json else ideas_text(found, args.stage))
        return EXIT_OK
    assert target is not None, "checked by parse_action"
    if action == "new":
        print(session.add_idea(target, args.channel).id)
    elif action == "draft":
        print(said(session.draft_idea(target)))
    elif action == "schedule":
        on = day_of(args.on, session) or session.today()
        print(said(session.schedule_idea(target, on, args.channel)))
    elif action == "publish":
        print(said(session.publish_idea(target, args.url)))
    else:
        print(said(session.drop_idea(target)))
    from planner.cli.remote import sync_after_write  # git only for those who sync

    sync_after_write(session)
    return EXIT_OK


def said(idea: Idea) -> str:
    """``idea-…: scheduled 2026-12-01 (LinkedIn)``: what an action left."""
    parts = [idea.stage.value]
    if idea.on:
        parts.append(idea.on.isoformat())
    if idea.channel:
        parts.append(f"({idea.channel})")
    if idea.url:
        parts.append(idea.url)
    return f"{idea.id}: {' '.join(parts)} · {idea.title}"


def ideas_json(ideas: list[Idea]) -> str:
    # The stored record of each (live ideas: no tombstone among them).
    return json.dumps([idea_as_record(idea) for idea in ideas], indent=2, ensure_ascii=False)


def ideas_text(ideas: list[Idea], stage: str | None) -> str:
    if not ideas:
        if stage:
            return f"No ideas at the stage {stage}."
        return 'No ideas yet. Add one: planner idea "TITLE" [--channel C]'
    lines = []
    for idea in ideas:
        day = f"{idea.on:%a %Y-%m-%d}" if idea.on else ""
        channel = idea.channel or ""
        url = f"  {idea.url}" if idea.url else ""
        lines.append(
            f"{idea.id}  {idea.stage.value:<9}  {day:<14}  {channel:<10}  {idea.title}{url}"
        )
    return "\n".join(lines)
