"""`planner win` / `planner loss`: one outcome of the day, with its channel (``--channel``
or a trailing ``@Channel``, the wrap-up's rule), its kind (``--kind``, one the template
declares), the strategy that brought it (``--strategy``) and, for a win, the piece of
the content pipeline it came from (``--piece``)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from planner.cli.common import EXIT_OK, EXIT_USAGE
from planner.core.foundations import declared_kind, declared_strategy
from planner.core.model import split_channel_tag
from planner.session.work import Session


def cmd_outcome(session: Session, day: date, side: str, args: argparse.Namespace) -> int:
    """Both TEXT and --channel naming different channels is a usage error; a trailing
    ``@`` that names no channel is said on stderr (the text is saved as it is). A kind or
    strategy the day's template does not declare is refused with the nearest one."""
    typed: str = args.text
    option: str | None = args.channel
    known = session.known_channels(day) if "@" in typed else []
    text, tag = split_channel_tag(typed, known)
    if tag and option and tag != option:
        print(
            f"planner {side}: TEXT ends in @{tag} but --channel says {option}: "
            "give the channel once",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if tag is None and option is None and re.search(r"\s@\S", typed):
        print(
            "note: no channel recognised after the @; a name with spaces is one of the "
            f'known channels ({", ".join(known) or "none yet"}) or quoted: @"Trade Show"',
            file=sys.stderr,
        )
    kind = strategy = None
    if args.kind is not None or args.strategy is not None:
        template = session.template_for(day)
        kind = None if args.kind is None else declared_kind(template, side, args.kind)
        strategy = None if args.strategy is None else declared_strategy(template, args.strategy)
    channel = option or tag
    piece = getattr(args, "piece", None)  # a win's --piece: a live idea's id
    if piece is not None:
        piece = session.ideas.idea(piece).id  # UnknownIdea, said, when there is none
    session.add_outcome(day, side, text, channel, outcome_kind=kind, strategy=strategy, piece=piece)
    said = f"{day.isoformat()} {side}: " + (f"{kind}: " if kind else "") + text
    print(said + (f" ({channel})" if channel else "") + (f" [{piece}]" if piece else ""))
    return EXIT_OK
