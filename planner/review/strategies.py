"""The review's figures per strategy and per win/loss kind: the dashboard of a plan's
foundations. Pure functions over ``DaySummary``; no store, no Textual.

Choices where the issue was silent:

- A strategy's task figures and time are those of the tasks that name it (time *spent*
  as for channels: logged, or the planned minutes of a done task never timed); its wins
  and losses are the outcomes that name it, by kind.
- The strategies listed are the template's, in its order, even those with nothing in
  the range (a strategy that got no time is worth seeing); then the ids the range's days
  name that the template does not declare, by id (their name is the id).
- A strategy serves the goal its template names; its track is that goal's (met, on
  track, behind) in the period holding today, whatever the range; None without a goal.
- A strategy that took time and brought no win in the last 30 / 90 days is a drop
  candidate, by the channels' rule (``planner.review.drops``).
- Kinds: the template's declared kinds first, in its order (with 0 in the range's
  totals when none was recorded), spelt as it declares them; then any other kind the
  days hold (one since taken out of the template) by name, and ``other`` (free text
  without a kind) last. Per strategy and per channel, only kinds with a count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.core.foundations import name_key
from planner.core.model import OTHER_KIND, OutcomeKinds
from planner.review.drops import drop_candidates
from planner.review.goals import GoalProgress, Track
from planner.review.plan import ReviewPlan
from planner.review.summary import NO_CHANNEL, NO_STRATEGY, DaySummary, Figures, KindCount

KindTotals = Mapping[str, int]  # kind -> count, in kind order (see the module docstring)


@dataclass(frozen=True)
class StrategyFigures:
    """One strategy over a range: its tasks' figures, its outcomes by kind, its goal."""

    id: str
    name: str
    goal: str | None  # the name of the goal it serves
    track: Track | None  # that goal's track now; None without a goal
    figures: Figures
    wins_by_kind: KindTotals = field(default_factory=dict)
    losses_by_kind: KindTotals = field(default_factory=dict)
    drop_candidate: tuple[int, ...] = ()  # look-backs (30, 90) with time spent and no win
    declared: bool = True  # False: the days name it, the template does not

    @property
    def spent_seconds(self) -> int:
        return self.figures.spent_seconds

    @property
    def wins(self) -> int:
        return sum(self.wins_by_kind.values())

    @property
    def losses(self) -> int:
        return sum(self.losses_by_kind.values())


@dataclass(frozen=True)
class KindCounts:
    """Wins and losses per kind over a range, and per channel (``NO_CHANNEL``: untagged)."""

    wins: KindTotals = field(default_factory=dict)
    losses: KindTotals = field(default_factory=dict)
    wins_by_channel: Mapping[str, KindTotals] = field(default_factory=dict)
    losses_by_channel: Mapping[str, KindTotals] = field(default_factory=dict)


def strategy_figures(
    summaries: Sequence[DaySummary],
    start: date,
    end: date,
    today: date,
    plan: ReviewPlan,
    goals: Sequence[GoalProgress] = (),
) -> list[StrategyFigures]:
    """One ``StrategyFigures`` a strategy (see the module docstring for which, in what
    order). ``summaries`` should reach 90 days before ``today`` (the drop look-backs);
    ``goals``: the progress of the plan's goals, for the tracks."""
    figures: dict[str, Figures] = {}
    wins: dict[str, list[KindCount]] = {}
    losses: dict[str, list[KindCount]] = {}
    for summary in summaries:
        if not start <= summary.date <= end:
            continue
        for key, counts in summary.strategies.items():
            figures[key] = figures.get(key, Figures()).plus(counts)
        for item in summary.win_kinds:
            wins.setdefault(item.strategy, []).append(item)
        for item in summary.loss_kinds:
            losses.setdefault(item.strategy, []).append(item)
    declared = {strategy.id: strategy for strategy in plan.strategies}
    seen = (set(figures) | set(wins) | set(losses)) - set(declared) - {NO_STRATEGY}
    drops = drop_candidates(summaries, today, _strategies_of, _wins_by_strategy)
    tracks = {name_key(progress.goal.name): progress.track for progress in goals}
    rows = []
    for key in [*declared, *sorted(seen, key=str.casefold)]:
        strategy = declared.get(key)
        goal = strategy.goal if strategy else None
        rows.append(
            StrategyFigures(
                id=key,
                name=strategy.name if strategy else key,
                goal=goal,
                track=tracks.get(name_key(goal)) if goal else None,
                figures=figures.get(key, Figures()),
                wins_by_kind=_in_order(wins.get(key, ()), plan.outcomes.wins),
                losses_by_kind=_in_order(losses.get(key, ()), plan.outcomes.losses),
                drop_candidate=drops.get(key, ()),
                declared=strategy is not None,
            )
        )
    return rows


def kind_counts(summaries: Iterable[DaySummary], outcomes: OutcomeKinds) -> KindCounts:
    """The wins and losses of ``summaries`` per kind, and per channel and kind."""
    wins: list[KindCount] = []
    losses: list[KindCount] = []
    for summary in summaries:
        wins += summary.win_kinds
        losses += summary.loss_kinds
    return KindCounts(
        wins=_in_order(wins, outcomes.wins, keep_declared=True),
        losses=_in_order(losses, outcomes.losses, keep_declared=True),
        wins_by_channel=_by_channel(wins, outcomes.wins),
        losses_by_channel=_by_channel(losses, outcomes.losses),
    )


def _by_channel(items: Sequence[KindCount], declared: Sequence[str]) -> dict[str, KindTotals]:
    channels: dict[str, list[KindCount]] = {}
    for item in items:
        channels.setdefault(item.channel, []).append(item)
    order = sorted(channels, key=lambda channel: (channel == NO_CHANNEL, channel.casefold()))
    return {channel: _in_order(channels[channel], declared) for channel in order}


def _in_order(
    items: Iterable[KindCount], declared: Sequence[str], *, keep_declared: bool = False
) -> dict[str, int]:
    """Counts per kind, in kind order (see the module docstring)."""
    spelt = {name_key(kind): kind for kind in reversed(declared)}  # the first spelling
    counts: dict[str, int] = dict.fromkeys(spelt.values(), 0) if keep_declared else {}
    others: dict[str, int] = {}
    for item in items:
        kind = spelt.get(name_key(item.kind))
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + item.tally
        else:
            others[item.kind] = others.get(item.kind, 0) + item.tally
    rank = {kind: index for index, kind in enumerate(declared)}
    ordered = dict(sorted(counts.items(), key=lambda pair: rank[pair[0]]))
    for kind in sorted(others, key=lambda kind: (kind == OTHER_KIND, kind.casefold())):
        ordered[kind] = others[kind]
    return ordered


def _strategies_of(summary: DaySummary) -> Mapping[str, Figures]:
    return summary.strategies


def _wins_by_strategy(summary: DaySummary) -> Mapping[str, int]:
    counts: dict[str, int] = {}
    for item in summary.win_kinds:
        if item.strategy != NO_STRATEGY:
            counts[item.strategy] = counts.get(item.strategy, 0) + item.tally
    return counts
