"""`planner review`: the review figures of a week, month, year or any range, as text
(80 columns) or JSON (keys documented in the README, "Review")."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import date
from typing import Any

from planner.cli.common import EXIT_OK, EXIT_USAGE, date_argument, day_of, make_session
from planner.core.dates import FIRST_DAY
from planner.core.ladder import RUNGS
from planner.core.timebox import minutes_text
from planner.review.figures import ChannelReturn, Review, custom_range, review_range
from planner.review.goals import GoalProgress, sparkline
from planner.review.pieces import RESHARE_AFTER_DAYS, PieceFigures
from planner.review.strategies import KindCounts, KindTotals, StrategyFigures
from planner.review.summary import NO_CHANNEL, Figures
from planner.session.work import Session

COMMANDS: tuple[str, ...] = ("review",)


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    review = commands.add_parser(
        "review",
        help="print streaks and per-rung, channel, strategy and goal figures for a range",
        description="Ranges are calendar periods that end today: --week (Monday first, "
        "the default), --month, --year; or any --from/--to (a missing --to is today, a "
        "missing --from 30 days before it).",
    )
    kinds = review.add_mutually_exclusive_group()
    for kind in ("week", "month", "year"):
        kinds.add_argument(
            f"--{kind}",
            dest="kind",
            action="store_const",
            const=kind,
            help=f"this {kind} so far",
        )
    review.add_argument("--from", dest="start", type=date_argument, metavar="DATE")
    review.add_argument("--to", dest="end", type=date_argument, metavar="DATE")
    review.add_argument("--json", action="store_true", help="print JSON (keys in the README)")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.kind and (args.start or args.end):
        print(f"planner review: --{args.kind} cannot go with --from/--to", file=sys.stderr)
        return EXIT_USAGE
    session = make_session(None)
    today = session.today()
    if args.start or args.end:
        start, end = custom_range(day_of(args.start, session), day_of(args.end, session), today)
        start = max(start, FIRST_DAY)  # `--to 1970-01-05`: its 30 days begin at the first day
    else:
        start, end = review_range(args.kind or "week", today)
    review = review_of(session, today, start, end)
    pieces, unread = session.piece_review()  # the content pipeline: every published piece
    for problem in unread:
        print(f"planner: warning: skipped for the pieces: {problem}", file=sys.stderr)
    if args.json:
        data = review_json(review) | {"pieces": [piece.to_dict() for piece in pieces]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n".join([render_review(review), *piece_lines(pieces)]))
    return EXIT_OK


def review_of(session: Session, today: date, start: date, end: date) -> Review:
    """The review, with the goals, strategies and outcome kinds of today's template;
    skipped files are reported."""
    unread: list[str] = []
    plan = session.review_plan(unread)
    for reason in unread:
        print(f"planner: warning: no goals or strategies shown: {reason}", file=sys.stderr)
    review, problems = session.review(start, end, plan)
    for problem in problems:
        print(f"planner: warning: skipped: {problem}", file=sys.stderr)
    return review


# --- JSON -----------------------------------------------------------------------------


def review_json(review: Review) -> dict[str, Any]:
    return {
        "start": review.start.isoformat(),
        "end": review.end.isoformat(),
        "today": review.today.isoformat(),
        "streak_threshold": review.threshold,
        "streaks": {"current": review.streaks.current, "longest": review.streaks.longest},
        "days_stored": len(review.days),
        "days_counted": review.days_counted,
        "totals": review.total.to_dict(),
        "wins": review.wins,
        "losses": review.losses,
        "rungs": {rung.value: figures.to_dict() for rung, figures in review.rungs.items()},
        "channels": {name: figures.to_dict() for name, figures in review.channels.items()},
        "channel_returns": [return_json(item) for item in review.returns],
        "goals": [goal_json(progress) for progress in review.goals],
        "strategies": [strategy_json(item) for item in review.strategies],
        "outcome_kinds": kinds_json(review.kinds),
        "days": [summary.to_dict() for summary in review.days],
    }


def return_json(item: ChannelReturn) -> dict[str, Any]:
    return {
        "channel": item.channel,
        "spent_seconds": item.spent_seconds,
        "planned_minutes": item.planned_minutes,
        "wins": item.wins,
        "losses": item.losses,
        "wins_per_hour": round(item.wins_per_hour, 2),
        "drop_candidate": list(item.drop_candidate),
    }


def strategy_json(item: StrategyFigures) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "goal": item.goal,
        "track": item.track.value if item.track else None,
        "spent_seconds": item.spent_seconds,
        "figures": item.figures.to_dict(),
        "wins_by_kind": dict(item.wins_by_kind),
        "losses_by_kind": dict(item.losses_by_kind),
        "drop_candidate": list(item.drop_candidate),
    }


def kinds_json(kinds: KindCounts) -> dict[str, Any]:
    """Counts per kind; ``by_channel`` splits them per channel (``""``: untagged)."""
    return {
        "wins": dict(kinds.wins),
        "losses": dict(kinds.losses),
        "by_channel": {
            "wins": {channel: dict(counts) for channel, counts in kinds.wins_by_channel.items()},
            "losses": {
                channel: dict(counts) for channel, counts in kinds.losses_by_channel.items()
            },
        },
    }


def goal_json(progress: GoalProgress) -> dict[str, Any]:
    goal = progress.goal
    return {
        "name": goal.name,
        "unit": goal.unit,
        "target": goal.target,
        "per": goal.per,
        "current": progress.current,
        "expected": progress.expected,
        "track": progress.track.value,
        "series": [
            {"start": point.start.isoformat(), "end": point.end.isoformat(), "value": point.value}
            for point in progress.series
        ],
    }


# --- text -----------------------------------------------------------------------------


def render_review(review: Review) -> str:
    threshold = f"{review.threshold:.0%}"
    total = review.total
    lines = [
        f"Review {review.start.isoformat()} to {review.end.isoformat()}: "
        f"{plural(len(review.days), 'day')} stored, {review.days_counted} kept the streak",
        f"Streak: {plural(review.streaks.current, 'day')} now, longest "
        f"{plural(review.streaks.longest, 'day')} (a day counts at {threshold} done or skipped)",
        f"Tasks: {total.done} done, {total.skipped} skipped, {total.open} left open; "
        f"{total.out_of_order} out of ladder order",
        f"Time: {minutes_text(total.planned_minutes * 60)} planned, "
        f"{minutes_text(total.logged_seconds)} logged; "
        f"wins {review.wins}, losses {review.losses}",
        "",
        figures_header("Rung"),
    ]
    lines += [figures_line(rung.label, review.rungs[rung]) for rung in RUNGS]
    if review.channels:
        lines += ["", figures_header("Channel")]
        lines += [figures_line(name, figures) for name, figures in review.channels.items()]
    if review.returns:
        lines += [
            "",
            "Channel return on time (best first; none spent: last)",
            "drop? = time spent, no win in the last 30 or 90 days (whatever the range)",
        ]
        lines.append(f"{'':<18}{'spent':>8}{'wins':>6}{'losses':>8}{'wins/h':>8}")
        lines += [return_line(item) for item in review.returns]
    if review.goals:
        lines += ["", f"Goals (last {len(review.goals[0].series)} periods, the current one last)"]
        lines += [goal_line(progress) for progress in review.goals]
    if review.strategies:
        lines += ["", "Strategies (drop? = time spent, no win in the last 30 or 90 days)"]
        lines.append(f"{'':<18}{'spent':>8}{'done':>6}{'skip':>6}{'wins':>6}{'losses':>8}")
        for item in review.strategies:
            lines += strategy_lines(item)
    if review.kinds.wins or review.kinds.losses:
        lines += ["", "Wins and losses by kind, and by channel"]
        lines += kind_lines("win", review.kinds.wins, review.kinds.wins_by_channel)
        lines += kind_lines("loss", review.kinds.losses, review.kinds.losses_by_channel)
    return "\n".join(lines)


def piece_lines(pieces: list[PieceFigures]) -> list[str]:
    """The published pieces (all of them, whatever the range), newest first."""
    if not pieces:
        return []
    lines = ["", f"Published pieces and their wins (re-share? = over {RESHARE_AFTER_DAYS} "]
    lines[-1] += "days old, among the most wins)"
    for piece in pieces:
        again = "  re-share?" if piece.reshare else ""
        title = clip(piece.title, 80 - 31 - len(again))
        wins = plural(piece.wins, "win")
        lines.append(f"{piece.published_on.isoformat():<12}{wins:>8}  {title}{again}")
        if piece.url:
            lines.append(f"{'':<12}{clip(piece.url, 68)}")
    return lines


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def figures_header(title: str) -> str:
    return f"{title:<18}{'done':>6}{'skip':>6}{'open':>6}{'planned':>9}{'logged':>9}{'order':>7}"


def figures_line(name: str, figures: Figures) -> str:
    return (
        f"{clip(name, 17):<18}{figures.done:>6}{figures.skipped:>6}{figures.open:>6}"
        f"{minutes_text(figures.planned_minutes * 60):>9}"
        f"{minutes_text(figures.logged_seconds):>9}{figures.out_of_order:>7}"
    )


def return_line(item: ChannelReturn) -> str:
    rate = f"{item.wins_per_hour:.1f}" if item.spent_seconds else "·"  # no time: no rate
    drop = (
        f"  drop? last {'/'.join(map(str, item.drop_candidate))} days"
        if item.drop_candidate
        else ""
    )
    return (
        f"{clip(item.channel, 17):<18}{minutes_text(item.spent_seconds):>8}{item.wins:>6}"
        f"{item.losses:>8}{rate:>8}{drop}"
    )


def strategy_lines(item: StrategyFigures) -> list[str]:
    """A row of figures, then what it serves and brought, wrapped at 80 columns."""
    figures = item.figures
    drop = f"  drop? last {'/'.join(map(str, item.drop_candidate))} days"
    row = (
        f"{clip(item.name, 17):<18}{minutes_text(item.spent_seconds):>8}{figures.done:>6}"
        f"{figures.skipped:>6}{item.wins:>6}{item.losses:>8}{drop if item.drop_candidate else ''}"
    )
    parts = [f"goal {item.goal}: {item.track or 'no such goal'}" if item.goal else "no goal"]
    if not item.declared:
        parts = ["not in today's template"]
    if item.wins_by_kind:
        parts.append(f"wins {kinds_text(item.wins_by_kind)}")
    if item.losses_by_kind:
        parts.append(f"losses {kinds_text(item.losses_by_kind)}")
    return [row, *wrapped(parts, "  ")]


def kind_lines(side: str, totals: KindTotals, by_channel: Mapping[str, KindTotals]) -> list[str]:
    lines = []
    for kind, count in totals.items():
        channels = ", ".join(
            f"{'untagged' if channel == NO_CHANNEL else channel} {counts[kind]}"
            for channel, counts in by_channel.items()
            if kind in counts
        )
        lines.append(f"{side:<6}{clip(kind, 22):<23}{count:>4}  {clip(channels, 80 - 35)}".rstrip())
    return lines


def kinds_text(counts: KindTotals) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in counts.items())


def wrapped(parts: list[str], indent: str, width: int = 80) -> list[str]:
    """``parts`` joined by " · " on lines of ``width`` at most (a part too long is cut)."""
    lines: list[str] = []
    for part in parts:
        part = clip(part, width - len(indent))
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += f" · {part}"
        else:
            lines.append(indent + part)
    return lines


def goal_line(progress: GoalProgress) -> str:
    goal = progress.goal
    target = f"{number(goal.target)} {goal.unit}/{goal.per}"
    chart = sparkline(progress.values, goal.target)
    return (
        f"{clip(goal.name, 17):<18}{clip(target, 20):<21}{number(progress.current):>5} "
        f"{progress.track.value:<9} {chart}"
    )


def number(value: float) -> str:
    return f"{value:g}"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
