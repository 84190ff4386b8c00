"""Dated items from the command line: `planner add`, `planner item list|move|rename` and
`planner drop` (see planner.core.items)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner.cli.common import (
    EXIT_OK,
    channel_argument,
    date_argument,
    day_of,
    make_session,
    outcome_argument,
)
from planner.core.dates import DATE_FORMS
from planner.core.foundations import declared_strategy
from planner.core.items import DatedItem
from planner.core.ladder import RUNGS, Rung, parse_rung
from planner.session.work import Session
from planner.templates.spec import MAX_MINUTES

COMMANDS: tuple[str, ...] = ("add", "item", "drop")
RUNG_WORDS = ", ".join(RUNGS)


def rung_argument(text: str) -> Rung:
    rung = parse_rung(text)
    if rung is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a rung: use one of {RUNG_WORDS}")
    return rung


def minutes_argument(text: str) -> int:
    try:
        minutes = int(text)
    except ValueError:
        minutes = -1
    if not 0 <= minutes <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(f"{text!r}: give whole minutes, 0 to {MAX_MINUTES}")
    return minutes


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    add = commands.add_parser(
        "add",
        help="add a one-off task (a dated item) to a day; prints its id",
        description="A task for one day only, beside the template's: it shows on that day's "
        "checklist and, while open, on the days after it (carried over).",
    )
    add.add_argument("title", metavar="TITLE", type=outcome_argument, help="what to do")
    on = f"the day: {DATE_FORMS} (default: today)"
    add.add_argument("--on", "--date", dest="on", type=date_argument, metavar="D", help=on)
    add.add_argument("--rung", type=rung_argument, required=True, help=RUNG_WORDS)
    add.add_argument("--minutes", type=minutes_argument, default=0, help="planned minutes")
    add.add_argument("--channel", type=channel_argument, help="where, e.g. Email")
    add.add_argument("--strategy", metavar="S", help="the strategy it serves (name or id)")

    item = commands.add_parser("item", help="list, move or rename dated items")
    actions = item.add_subparsers(dest="item_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the items, by day")
    listing.add_argument("--from", dest="start", type=date_argument, metavar="D", help=DATE_FORMS)
    listing.add_argument("--to", dest="end", type=date_argument, metavar="D", help=DATE_FORMS)
    listing.add_argument("--json", action="store_true", help="print JSON (a list of items)")
    move = actions.add_parser("move", help="move an item to another day")
    move.add_argument("item_id", metavar="ID")
    move.add_argument(
        "--on", "--date", dest="on", type=date_argument, metavar="D", required=True, help=on
    )
    rename = actions.add_parser("rename", help="give an item a new title")
    rename.add_argument("item_id", metavar="ID")
    rename.add_argument("title", metavar="TITLE", type=outcome_argument)

    drop = commands.add_parser("drop", help="take a dated item back (kept as a tombstone)")
    drop.add_argument("item_id", metavar="ID")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    session = make_session(None)
    if args.command == "item" and args.item_action == "list":
        found = session.items_between(day_of(args.start, session), day_of(args.end, session))
        print(items_json(found) if args.json else items_text(found, session))
        return EXIT_OK
    if args.command == "add":
        on = day_of(args.on, session) or session.today()
        strategy = None
        if args.strategy is not None:
            strategy = declared_strategy(session.template_for(on), args.strategy)
        added = session.add_item(
            args.title,
            on,
            args.rung,
            minutes=args.minutes,
            channel=args.channel,
            strategy=strategy,
        )
        print(added.id)
    elif args.command == "drop":
        dropped = session.drop_item(args.item_id)
        print(f"{dropped.id}: dropped ({dropped.task.title}, {dropped.on.isoformat()})")
    elif args.item_action == "move":
        moved = session.move_item(args.item_id, day_of(args.on, session) or session.today())
        print(f"{moved.id}: on {moved.on.isoformat()}")
    else:
        renamed = session.rename_item(args.item_id, args.title)
        print(f"{renamed.id}: {renamed.task.title}")
    from planner.cli.remote import sync_after_write  # git only for those who sync

    sync_after_write(session)
    return EXIT_OK


def item_record(item: DatedItem) -> dict[str, Any]:
    task = item.task
    return {
        "id": item.id,
        "title": task.title,
        "on": item.on.isoformat(),
        "rung": task.rung.value,
        "status": task.status.value,
        "minutes": task.minutes,
        "channel": task.channel,
        "strategy": task.strategy,
        "note": task.note,
        "done_at": task.done_at,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def items_json(items: list[DatedItem]) -> str:
    return json.dumps([item_record(item) for item in items], indent=2, ensure_ascii=False)


def items_text(items: list[DatedItem], session: Session) -> str:
    if not items:
        return "No dated items. Add one: planner add TITLE --on D --rung R"
    today = session.today()
    lines = []
    for item in items:
        task = item.task
        late = " (carried over)" if item.on < today and task.is_open else ""
        lines.append(
            f"{item.id}  {item.on:%a %Y-%m-%d}  {task.rung.value:<11}  "
            f"{task.status.value:<7}  {task.title}{late}"
        )
    return "\n".join(lines)
