"""Review figures over stored days: streaks, heatmap cells, per-rung and per-channel
figures, the channel return on time, and (from ``planner.review.strategies``) the figures
per strategy and per win/loss kind. Pure functions, no store, no Textual.

Everything starts from ``DaySummary`` (one small record per stored day, made by
``summarize``), so that years of history can be reviewed from a cache of summaries
(``planner.review.history``) without loading every task. ``build_review`` is the one entry
point the review screen and ``planner review`` share.

Choices where the issue was silent:

- A day *counts* for a streak when it has tasks and at least ``threshold`` of them are
  done or deliberately skipped. A stored day with no tasks is a rest day: it neither
  counts nor breaks a streak. A date with no stored day breaks it. Today not (yet)
  counting does not break the current streak: it then ends yesterday. Days after
  ``today`` are ignored.
- Time *spent* on a task is its logged time; a done task with no logged time counts its
  planned minutes (many users never run a timer). Channel figures use spent time.
- Channel returns rank by wins per hour spent; a channel with no time spent has no rate
  to rank by and comes after every channel that took time (a win "for free" is not the
  best return: the time it took was simply not recorded).
- Ranges are calendar periods (Monday-based weeks) that end today at the latest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from planner.core.ladder import RUNGS, Rung
from planner.core.model import Goal
from planner.errors import PlannerError
from planner.review.drops import DROP_WINDOWS as DROP_WINDOWS  # where it always was
from planner.review.drops import drop_candidates
from planner.review.goals import GoalProgress, goal_progress
from planner.review.plan import ReviewPlan
from planner.review.strategies import KindCounts, StrategyFigures, kind_counts, strategy_figures
from planner.review.summary import NO_CHANNEL, DaySummary, Figures

RangeKind = Literal["week", "month", "year"]
RANGE_KINDS: tuple[RangeKind, ...] = ("week", "month", "year")
HEATMAP_DAYS = 365


class ReviewError(PlannerError):
    """A review a user asked for that cannot be made (e.g. a range that ends before it starts)."""


# --- ranges ---------------------------------------------------------------------------


def review_range(kind: RangeKind, today: date, offset: int = 0) -> tuple[date, date]:
    """The calendar week (Monday first), month or year holding ``today``, inclusive.

    ``offset`` moves by whole periods (-1: the one before). The end never passes ``today``.
    """
    if kind == "week":
        start = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        end = start + timedelta(days=6)
    elif kind == "month":
        months = today.year * 12 + today.month - 1 + offset
        start = date(months // 12, months % 12 + 1, 1)
        end = _month_end(start)
    elif kind == "year":
        start = date(today.year + offset, 1, 1)
        end = date(today.year + offset, 12, 31)
    else:
        raise ReviewError(f"unknown range {kind!r}; use one of: {', '.join(RANGE_KINDS)}")
    return start, min(end, today) if start <= today else end


def custom_range(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """``--from``/``--to``: a missing end is today, a missing start 30 days before the end."""
    last = end or today
    first = start or last - timedelta(days=29)
    if first > last:
        raise ReviewError(
            f"the range starts ({first.isoformat()}) after it ends ({last.isoformat()})"
        )
    return first, last


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def within(summaries: Iterable[DaySummary], start: date, end: date) -> list[DaySummary]:
    return [summary for summary in summaries if start <= summary.date <= end]


# --- heatmap and streaks --------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    """One day of the heatmap: ``share`` done 0..1, None when no day is stored.

    ``tasks`` is 0 both for a day not stored and for a stored day without tasks.
    """

    date: date
    share: float | None
    tasks: int = 0
    counts: bool = False  # the day keeps a streak going


def heatmap(
    summaries: Iterable[DaySummary], start: date, end: date, threshold: float = 1.0
) -> list[HeatCell]:
    """One cell a date from ``start`` to ``end`` inclusive, oldest first."""
    by_date = {summary.date: summary for summary in summaries if start <= summary.date <= end}
    cells = []
    for offset in range((end - start).days + 1):
        when = start + timedelta(days=offset)
        summary = by_date.get(when)
        if summary is None:
            cells.append(HeatCell(when, None))
        else:
            cells.append(
                HeatCell(when, summary.share_done, summary.total, summary.counts(threshold))
            )
    return cells


class Streaks(NamedTuple):
    current: int
    longest: int


def streaks(summaries: Iterable[DaySummary], today: date, threshold: float = 1.0) -> Streaks:
    """Current and longest run of days that count (rules in the module docstring)."""
    by_date = {summary.date: summary for summary in summaries if summary.date <= today}
    if not by_date:
        return Streaks(0, 0)
    longest = run = 0
    when = min(by_date)
    while when <= today:
        state = _streak_state(by_date.get(when), threshold)
        if state == "counts":
            run += 1
            longest = max(longest, run)
        elif state == "breaks" and when != today:
            run = 0
        when += timedelta(days=1)
    # ``run`` is now the current streak: today only adds to it, never ends it.
    return Streaks(current=run, longest=longest)


def _streak_state(summary: DaySummary | None, threshold: float) -> str:
    if summary is None:
        return "breaks"  # a gap: no day stored
    if summary.total == 0:
        return "rest"
    return "counts" if summary.counts(threshold) else "breaks"


# --- a range's figures ----------------------------------------------------------------


@dataclass(frozen=True)
class ChannelReturn:
    """Time spent on a channel against the outcomes tagged with it."""

    channel: str
    spent_seconds: int
    planned_minutes: int
    wins: int
    losses: int
    drop_candidate: tuple[int, ...] = ()  # look-backs (30, 90) with time spent and no win

    @property
    def wins_per_hour(self) -> float:
        return self.wins * 3600 / self.spent_seconds if self.spent_seconds else 0.0


def total_figures(summaries: Iterable[DaySummary]) -> Figures:
    total = Figures()
    for summary in summaries:
        total = total.plus(summary.figures)
    return total


def rung_figures(summaries: Iterable[DaySummary]) -> dict[Rung, Figures]:
    """Figures per rung in ladder order (every rung, empty ones included)."""
    totals = {rung: Figures() for rung in RUNGS}
    for summary in summaries:
        for rung, figures in summary.rungs.items():
            totals[rung] = totals[rung].plus(figures)
    return totals


def channel_figures(summaries: Iterable[DaySummary]) -> dict[str, Figures]:
    """Figures per channel, by name."""
    totals: dict[str, Figures] = {}
    for summary in summaries:
        for channel, figures in summary.channels.items():
            totals[channel] = totals.get(channel, Figures()).plus(figures)
    return dict(sorted(totals.items(), key=lambda item: item[0].casefold()))


def channel_returns(
    summaries: Sequence[DaySummary], start: date, end: date, today: date
) -> list[ChannelReturn]:
    """Per channel in ``start``..``end``: time spent against wins and losses, best return
    first (wins per hour, then fewer minutes), channels with no time spent last. Channels
    that took time and brought no win in the last 30 / 90 days up to ``today`` are marked
    (whatever the range)."""
    in_range = within(summaries, start, end)
    figures = channel_figures(in_range)
    wins = _outcomes(in_range, "wins")
    losses = _outcomes(in_range, "losses")
    names = set(figures) | {name for name in (*wins, *losses) if name != NO_CHANNEL}
    drops = drop_candidates(summaries, today, _channels_of, _wins_of)
    returns = [
        ChannelReturn(
            channel=name,
            spent_seconds=figures.get(name, Figures()).spent_seconds,
            planned_minutes=figures.get(name, Figures()).planned_minutes,
            wins=wins.get(name, 0),
            losses=losses.get(name, 0),
            drop_candidate=drops.get(name, ()),
        )
        for name in names
    ]
    returns.sort(key=_return_order)
    return returns


def _channels_of(summary: DaySummary) -> Mapping[str, Figures]:
    return summary.channels


def _wins_of(summary: DaySummary) -> Mapping[str, int]:
    return summary.wins


def _return_order(item: ChannelReturn) -> tuple[bool, float, int, int, str]:
    # A channel with no time spent has no return to weigh (its wins/hour is not a number):
    # it comes after every channel that took time, most wins first.
    return (
        not item.spent_seconds,
        -item.wins_per_hour,
        -item.wins,
        item.spent_seconds,
        item.channel.casefold(),
    )


def _outcomes(summaries: Iterable[DaySummary], kind: Literal["wins", "losses"]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for summary in summaries:
        for channel, count in getattr(summary, kind).items():
            totals[channel] = totals.get(channel, 0) + count
    return totals


# --- everything for a range -----------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """All the review figures for ``start``..``end`` (the screen and the CLI show these)."""

    start: date
    end: date
    today: date
    threshold: float
    days: tuple[DaySummary, ...]  # the stored days in the range, oldest first
    total: Figures
    rungs: Mapping[Rung, Figures]
    channels: Mapping[str, Figures]
    returns: tuple[ChannelReturn, ...]
    streaks: Streaks
    heatmap: tuple[HeatCell, ...]  # the last HEATMAP_DAYS days up to today
    wins: int
    losses: int
    goals: tuple[GoalProgress, ...] = ()  # one per goal, in the template's order
    strategies: tuple[StrategyFigures, ...] = ()  # the template's first, in its order
    kinds: KindCounts = field(default_factory=KindCounts)  # wins and losses per kind

    @property
    def days_counted(self) -> int:
        return sum(summary.counts(self.threshold) for summary in self.days)


def build_review(
    summaries: Iterable[DaySummary],
    today: date,
    start: date,
    end: date,
    plan: ReviewPlan | Sequence[Goal] = (),
    threshold: float = 1.0,
) -> Review:
    """The review of ``start``..``end``; ``summaries`` should hold every stored day (the
    streaks, the heatmap and the drop look-backs reach outside the range). ``plan``: what
    the template declares (or just its goals)."""
    if not isinstance(plan, ReviewPlan):
        plan = ReviewPlan(goals=tuple(plan))
    everything = sorted(summaries, key=lambda summary: summary.date)
    in_range = tuple(within(everything, start, end))
    heat_start = today - timedelta(days=HEATMAP_DAYS - 1)
    wins = _outcomes(in_range, "wins")
    losses = _outcomes(in_range, "losses")
    goals = tuple(
        goal_progress(goal, everything, today, outcomes=plan.outcomes) for goal in plan.goals
    )
    return Review(
        start=start,
        end=end,
        today=today,
        threshold=threshold,
        days=in_range,
        total=total_figures(in_range),
        rungs=rung_figures(in_range),
        channels=channel_figures(in_range),
        returns=tuple(channel_returns(everything, start, end, today)),
        streaks=streaks(everything, today, threshold),
        heatmap=tuple(heatmap(everything, heat_start, today, threshold)),
        wins=sum(wins.values()),
        losses=sum(losses.values()),
        goals=goals,
        strategies=tuple(strategy_figures(everything, start, end, today, plan, goals)),
        kinds=kind_counts(in_range, plan.outcomes),
    )
