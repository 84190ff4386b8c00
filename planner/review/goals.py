"""The goals dashboard: each template goal's value per period over time, and whether the
current period is on track. Pure functions over ``DaySummary.measures`` and its wins.

A day's figure for a unit is the number entered at its wrap-up if there is one, else the
sum of the counts of its counted tasks with that unit (see ``planner.review.summary.summarize``)
plus its wins of a kind the template counts toward the unit (``outcomes: counts:``): never
both, so nothing is counted twice. A period's value is the sum of its days' figures.

On track: the current period's value is compared with the target scaled to the days of
the period already over (today is still in progress, so it is not expected yet): a
weekly target of 3 expects 0 on Monday, 1.3 by Thursday, and so on. A period that
reached its target is ``met`` whatever the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from planner.core.foundations import name_key
from planner.core.model import Goal, OutcomeKinds
from planner.review.summary import DaySummary

PERIODS = ("day", "week", "month")
SERIES_LENGTH = 12  # periods shown in a goal's chart, the current one last
SPARKS = "▁▂▃▄▅▆▇█"


class Track(StrEnum):
    MET = "met"
    ON_TRACK = "on track"
    BEHIND = "behind"


@dataclass(frozen=True)
class GoalPoint:
    """A goal's value over one period (``start``..``end`` inclusive)."""

    start: date
    end: date
    value: float


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    series: tuple[GoalPoint, ...]  # oldest first; the last one is the current period
    current: float  # value of the current period so far
    expected: float  # what the pace asks for by now (see the module docstring)
    track: Track

    @property
    def values(self) -> list[float]:
        return [point.value for point in self.series]


def period_of(per: str, day: date) -> tuple[date, date]:
    """The day, Monday-based week or calendar month holding ``day``."""
    if per == "day":
        return day, day
    if per == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if per == "month":
        start = day.replace(day=1)
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, following - timedelta(days=1)
    raise ValueError(f"unknown goal period {per!r}; use one of: {', '.join(PERIODS)}")


def previous_period(per: str, start: date) -> tuple[date, date]:
    return period_of(per, start - timedelta(days=1))


def counted_kinds(outcomes: OutcomeKinds | None) -> dict[str, str]:
    """The win kinds that count toward a goal unit, by ``name_key``: kind -> unit."""
    return {name_key(kind): unit for kind, unit in outcomes.counts} if outcomes else {}


def day_value(summary: DaySummary, unit: str, counts: Mapping[str, str]) -> float | None:
    """The day's figure for ``unit`` (see the module docstring; ``counts`` as
    ``counted_kinds`` makes it); None when the day has none."""
    if unit in summary.entered:
        return summary.measures[unit]
    wins = sum(item.tally for item in summary.win_kinds if counts.get(name_key(item.kind)) == unit)
    if unit not in summary.measures and not wins:
        return None
    return summary.measures.get(unit, 0.0) + wins


def daily_values(
    summaries: Iterable[DaySummary], unit: str, outcomes: OutcomeKinds | None = None
) -> dict[date, float]:
    """Each stored day's figure for ``unit`` (days without one are left out)."""
    counts = counted_kinds(outcomes)
    values = {}
    for summary in summaries:
        value = day_value(summary, unit, counts)
        if value is not None:
            values[summary.date] = value
    return values


def goal_progress(
    goal: Goal,
    summaries: Iterable[DaySummary],
    today: date,
    periods: int = SERIES_LENGTH,
    outcomes: OutcomeKinds | None = None,
) -> GoalProgress:
    """``goal``'s last ``periods`` period values up to the one holding ``today``; the
    wins of a kind ``outcomes`` counts toward the goal's unit move it."""
    values = daily_values(summaries, goal.unit, outcomes)
    bounds: list[tuple[date, date]] = [period_of(goal.per, today)]
    while len(bounds) < periods:
        bounds.append(previous_period(goal.per, bounds[-1][0]))
    bounds.reverse()
    series = tuple(
        GoalPoint(start, end, sum(v for d, v in values.items() if start <= d <= end and d <= today))
        for start, end in bounds
    )
    start, end = bounds[-1]
    current = series[-1].value
    length = (end - start).days + 1
    expected = goal.target * (today - start).days / length
    if current >= goal.target:
        track = Track.MET
    elif current + 1e-9 >= expected:
        track = Track.ON_TRACK
    else:
        track = Track.BEHIND
    return GoalProgress(goal, series, current, round(expected, 2), track)


def sparkline(values: Sequence[float], target: float | None = None) -> str:
    """A one-line chart of ``values`` (eight heights; the scale tops at the largest value
    or ``target``, whichever is higher, so that a met target reads as a full bar)."""
    if not values:
        return ""
    top = max([*values, target or 0.0])
    if top <= 0:
        return SPARKS[0] * len(values)
    last = len(SPARKS) - 1
    return "".join(SPARKS[min(last, round(max(0.0, v) / top * last))] for v in values)
