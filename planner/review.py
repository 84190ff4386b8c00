"""Review figures over stored days: streaks, heatmap cells, per-rung and per-channel
figures, and the channel return on time. Pure functions, no store, no Textual.

Everything starts from ``DaySummary`` (one small record per stored day, made by
``summarize``), so that years of history can be reviewed from a cache of summaries
(``planner.history``) without loading every task. ``build_review`` is the one entry
point the review screen and ``planner review`` share.

Choices where the issue was silent:

- A day *counts* for a streak when it has tasks and at least ``threshold`` of them are
  done or deliberately skipped. A stored day with no tasks is a rest day: it neither
  counts nor breaks a streak. A date with no stored day breaks it. Today not (yet)
  counting does not break the current streak: it then ends yesterday. Days after
  ``today`` are ignored.
- Time *spent* on a task is its logged time; a done task with no logged time counts its
  planned minutes (many users never run a timer). Channel figures use spent time.
- Ranges are calendar periods (Monday-based weeks) that end today at the latest.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from planner.errors import PlannerError
from planner.ladder import RUNGS, Rung
from planner.model import Day, Goal, Status

if TYPE_CHECKING:
    from planner.goals import GoalProgress

RangeKind = Literal["week", "month", "year"]
RANGE_KINDS: tuple[RangeKind, ...] = ("week", "month", "year")
DROP_WINDOWS: tuple[int, ...] = (30, 90)  # days: "took time, brought no win" look-backs
HEATMAP_DAYS = 365
NO_CHANNEL = ""  # key of untagged outcomes in DaySummary.wins / losses
_EPSILON = 1e-9


class ReviewError(PlannerError):
    """A review a user asked for that cannot be made (e.g. a range that ends before it starts)."""


# --- one day --------------------------------------------------------------------------


class Figures(NamedTuple):
    """Task counts and time for a group of tasks (a day, a rung, a channel, a range).

    A NamedTuple, not a dataclass: years of summaries hold tens of thousands of them and
    a tuple is built twice as fast. Add two with ``plus`` (``+`` would concatenate).
    """

    done: int = 0
    skipped: int = 0
    open: int = 0
    planned_minutes: int = 0
    logged_seconds: int = 0
    spent_seconds: int = 0  # logged, or the planned minutes of a done task never timed
    out_of_order: int = 0  # tasks done or timed while a higher rung was still open

    @property
    def total(self) -> int:
        return self.done + self.skipped + self.open

    def plus(self, other: Figures) -> Figures:
        return Figures._make(map(operator.add, self, other))

    def to_dict(self) -> dict[str, int]:
        return {
            "done": self.done,
            "skipped": self.skipped,
            "open": self.open,
            "total": self.total,
            "planned_minutes": self.planned_minutes,
            "logged_seconds": self.logged_seconds,
            "spent_seconds": self.spent_seconds,
            "out_of_order": self.out_of_order,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figures:
        return cls(
            done=int(data["done"]),
            skipped=int(data["skipped"]),
            open=int(data["open"]),
            planned_minutes=int(data["planned_minutes"]),
            logged_seconds=int(data["logged_seconds"]),
            spent_seconds=int(data["spent_seconds"]),
            out_of_order=int(data["out_of_order"]),
        )


@dataclass(frozen=True)
class DaySummary:
    """What the review needs of one stored day (small enough to cache for years).

    ``rungs`` and ``channels`` hold only groups the day has tasks in; tasks without a
    channel are left out of ``channels``. ``wins``/``losses`` count outcomes per channel
    (``NO_CHANNEL`` for untagged ones). ``measures`` is the day's figure per unit: the
    number entered at the wrap-up if there is one, else the sum of the counts of the
    day's counted tasks with that unit.
    """

    date: date
    template: str
    figures: Figures
    budget_minutes: int = 0
    rungs: Mapping[Rung, Figures] = field(default_factory=dict)
    channels: Mapping[str, Figures] = field(default_factory=dict)
    wins: Mapping[str, int] = field(default_factory=dict)
    losses: Mapping[str, int] = field(default_factory=dict)
    measures: Mapping[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.figures.total

    @property
    def done(self) -> int:
        return self.figures.done

    @property
    def skipped(self) -> int:
        return self.figures.skipped

    @property
    def open(self) -> int:
        return self.figures.open

    @property
    def planned_minutes(self) -> int:
        return self.figures.planned_minutes

    @property
    def logged_seconds(self) -> int:
        return self.figures.logged_seconds

    @property
    def out_of_order(self) -> int:
        return self.figures.out_of_order

    @property
    def share_done(self) -> float:
        """Done tasks over all tasks, 0..1 (0 for a day without tasks): the heatmap shade."""
        return self.done / self.total if self.total else 0.0

    @property
    def share_settled(self) -> float:
        """Done or skipped tasks over all tasks, 0..1 (what a streak is judged by)."""
        return (self.done + self.skipped) / self.total if self.total else 0.0

    def counts(self, threshold: float = 1.0) -> bool:
        """True when the day keeps a streak going (see the module docstring)."""
        return self.total > 0 and self.share_settled + _EPSILON >= threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "template": self.template,
            "budget_minutes": self.budget_minutes,
            "figures": self.figures.to_dict(),
            "share_done": round(self.share_done, 4),
            "rungs": {rung.value: figures.to_dict() for rung, figures in self.rungs.items()},
            "channels": {name: figures.to_dict() for name, figures in self.channels.items()},
            "wins": dict(self.wins),
            "losses": dict(self.losses),
            "measures": dict(self.measures),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DaySummary:
        """The inverse of ``to_dict``; raises KeyError, TypeError or ValueError if malformed."""
        return cls(
            date=date.fromisoformat(data["date"]),
            template=str(data["template"]),
            budget_minutes=int(data["budget_minutes"]),
            figures=Figures.from_dict(data["figures"]),
            rungs={Rung(k): Figures.from_dict(v) for k, v in data["rungs"].items()},
            channels={str(k): Figures.from_dict(v) for k, v in data["channels"].items()},
            wins={str(k): int(v) for k, v in data["wins"].items()},
            losses={str(k): int(v) for k, v in data["losses"].items()},
            measures={str(k): float(v) for k, v in data["measures"].items()},
        )


_STATUS_INDEX = {Status.DONE.value: 0, Status.SKIPPED.value: 1, Status.OPEN.value: 2}
_RUNG_BY_VALUE = {rung.value: rung for rung in RUNGS}

# One task as the summary needs it: rung, status value, planned minutes, logged seconds,
# out of order, channel, unit, target, count.
TaskRow = tuple[Rung, str, int, int, bool, str | None, str | None, int | None, int]


def summarize(day: Day) -> DaySummary:
    """The summary of one stored day. A running timer counts up to its last stop."""
    rows: list[TaskRow] = [
        (
            task.rung,
            task.status.value,
            task.minutes,
            task.seconds,  # closed intervals plus corrections, kept up to date on disk
            task.out_of_order,
            task.channel,
            task.unit,
            task.target,
            task.count,
        )
        for task in day.tasks
    ]
    return _summarize(
        day.date,
        day.template,
        day.budget_minutes,
        rows,
        [outcome.channel for outcome in day.wins],
        [outcome.channel for outcome in day.losses],
        day.measurements,
    )


def summarize_records(data: Mapping[str, Any]) -> DaySummary:
    """``summarize(Day.from_dict(data))`` without building the Day: ten times faster, for
    reading years of day files. Raises KeyError, TypeError or ValueError if malformed."""
    rows: list[TaskRow] = []
    for task in data.get("tasks") or []:
        status = task.get("status", "open")
        if status not in _STATUS_INDEX:
            raise ValueError(f"unknown status {status!r}")
        rows.append(
            (
                _RUNG_BY_VALUE[task["rung"]],
                status,
                int(task.get("minutes") or 0),
                int(task.get("seconds") or 0),
                bool(task.get("out_of_order")),
                task.get("channel"),
                task.get("unit"),
                task.get("target"),
                int(task.get("count") or 0),
            )
        )
    return _summarize(
        date.fromisoformat(data["date"]),
        str(data["template"]),
        int(data.get("budget_minutes") or 0),
        rows,
        [outcome.get("channel") for outcome in data.get("wins") or []],
        [outcome.get("channel") for outcome in data.get("losses") or []],
        {str(unit): float(value) for unit, value in (data.get("measurements") or {}).items()},
    )


def _summarize(
    when: date,
    template: str,
    budget_minutes: int,
    rows: Iterable[TaskRow],
    wins: Iterable[str | None],
    losses: Iterable[str | None],
    measurements: Mapping[str, float],
) -> DaySummary:
    # Plain lists of ints, in Figures' field order: adding tuples is what made it slow.
    total = [0] * 7
    rungs: dict[Rung, list[int]] = {}
    channels: dict[str, list[int]] = {}
    counted: dict[str, float] = {}
    for rung, status, minutes, logged, out_of_order, channel, unit, target, count in rows:
        index = _STATUS_INDEX[status]
        spent = logged if logged > 0 else (minutes * 60 if index == 0 else 0)
        groups = [total, rungs.setdefault(rung, [0] * 7)]
        if channel:
            groups.append(channels.setdefault(channel, [0] * 7))
        for figures in groups:
            figures[index] += 1
            figures[3] += minutes
            figures[4] += logged
            figures[5] += spent
            figures[6] += out_of_order
        if unit and target is not None:
            counted[unit] = counted.get(unit, 0.0) + count
    return DaySummary(
        date=when,
        template=template,
        figures=Figures._make(total),
        budget_minutes=budget_minutes,
        rungs={rung: Figures._make(rungs[rung]) for rung in RUNGS if rung in rungs},
        channels={name: Figures._make(channels[name]) for name in sorted(channels)},
        wins=_per_channel(wins),
        losses=_per_channel(losses),
        measures={**counted, **{unit: float(value) for unit, value in measurements.items()}},
    )


def _per_channel(channels: Iterable[str | None]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for channel in channels:
        key = channel or NO_CHANNEL
        counts[key] = counts.get(key, 0) + 1
    return counts


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
    first (wins per hour, then fewer minutes). Channels that took time and brought no win
    in the last 30 / 90 days up to ``today`` are marked (whatever the range)."""
    in_range = within(summaries, start, end)
    figures = channel_figures(in_range)
    wins = _outcomes(in_range, "wins")
    losses = _outcomes(in_range, "losses")
    names = set(figures) | {name for name in (*wins, *losses) if name != NO_CHANNEL}
    drops: dict[str, list[int]] = {}
    for days in DROP_WINDOWS:
        window = within(summaries, today - timedelta(days=days - 1), today)
        spent = channel_figures(window)
        won = _outcomes(window, "wins")
        for name, spent_figures in spent.items():
            if spent_figures.spent_seconds > 0 and won.get(name, 0) == 0:
                drops.setdefault(name, []).append(days)
    returns = [
        ChannelReturn(
            channel=name,
            spent_seconds=figures.get(name, Figures()).spent_seconds,
            planned_minutes=figures.get(name, Figures()).planned_minutes,
            wins=wins.get(name, 0),
            losses=losses.get(name, 0),
            drop_candidate=tuple(drops.get(name, ())),
        )
        for name in names
    ]
    returns.sort(key=_return_order)
    return returns


def _return_order(item: ChannelReturn) -> tuple[float, int, int, str]:
    # Wins that took no logged time at all are the best return of all.
    rate = item.wins_per_hour if item.spent_seconds else (math.inf if item.wins else 0.0)
    return (-rate, -item.wins, item.spent_seconds, item.channel.casefold())


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

    @property
    def days_counted(self) -> int:
        return sum(summary.counts(self.threshold) for summary in self.days)


def build_review(
    summaries: Iterable[DaySummary],
    today: date,
    start: date,
    end: date,
    goals: Sequence[Goal] = (),
    threshold: float = 1.0,
) -> Review:
    """The review of ``start``..``end``; ``summaries`` should hold every stored day (the
    streaks, the heatmap and the drop look-backs reach outside the range)."""
    from planner.goals import goal_progress

    everything = sorted(summaries, key=lambda summary: summary.date)
    in_range = tuple(within(everything, start, end))
    heat_start = today - timedelta(days=HEATMAP_DAYS - 1)
    wins = _outcomes(in_range, "wins")
    losses = _outcomes(in_range, "losses")
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
        goals=tuple(goal_progress(goal, everything, today) for goal in goals),
    )
