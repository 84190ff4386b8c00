"""One stored day boiled down to the figures a review needs (``DaySummary``): counts per
rung, channel and strategy, minutes, outcomes (per channel, and per kind) and measurements.
Small enough to cache for years of history (planner.review.history); made from a ``Day`` or
straight from a day file's records."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple, TypeVar

from planner.core.ladder import RUNGS, Rung
from planner.core.model import OTHER_KIND, Day, Outcome, Status
from planner.store.day_format import OutcomeRow, TaskRow, summary_fields

NO_CHANNEL = ""  # key of untagged outcomes in DaySummary.wins / losses
NO_STRATEGY = ""  # KindCount.strategy of an outcome no strategy brought
_EPSILON = 1e-9
Key = TypeVar("Key", bound=str)  # a rung, a channel or a strategy id


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


class KindCount(NamedTuple):
    """How many wins (or losses) of one kind, channel and strategy a day has."""

    kind: str  # as the template declared it, or OTHER_KIND
    channel: str  # NO_CHANNEL for untagged ones
    strategy: str  # a strategy id, or NO_STRATEGY
    tally: int  # not ``count``: a tuple has a method of that name

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "channel": self.channel,
            "strategy": self.strategy,
            "count": self.tally,
        }


@dataclass(frozen=True)
class DaySummary:
    """What the review needs of one stored day (small enough to cache for years).

    ``rungs`` and ``channels`` hold only groups the day has tasks in; tasks without a
    channel are left out of ``channels``, tasks without a strategy out of ``strategies``
    (by strategy id). ``wins``/``losses`` count outcomes per channel (``NO_CHANNEL`` for
    untagged ones); ``win_kinds``/``loss_kinds`` count them per kind, channel and
    strategy. ``measures`` is the day's figure per unit: the number entered at the
    wrap-up if there is one (its unit is then in ``entered``), else the sum of the counts
    of the day's counted tasks with that unit. The wins a template counts toward a unit
    are added when a goal is measured (``planner.review.goals.day_value``), not here: a
    summary does not depend on a template (which may change after it is cached).
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
    strategies: Mapping[str, Figures] = field(default_factory=dict)
    win_kinds: tuple[KindCount, ...] = ()
    loss_kinds: tuple[KindCount, ...] = ()
    entered: tuple[str, ...] = ()  # units whose figure was entered at the wrap-up, sorted

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
            "entered": list(self.entered),
            "strategies": {key: figures.to_dict() for key, figures in self.strategies.items()},
            "win_kinds": [item.to_dict() for item in self.win_kinds],
            "loss_kinds": [item.to_dict() for item in self.loss_kinds],
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
            entered=tuple(str(unit) for unit in data["entered"]),
            strategies={str(k): Figures.from_dict(v) for k, v in data["strategies"].items()},
            win_kinds=tuple(_kind_count(item) for item in data["win_kinds"]),
            loss_kinds=tuple(_kind_count(item) for item in data["loss_kinds"]),
        )


def _kind_count(data: Mapping[str, Any]) -> KindCount:
    return KindCount(
        str(data["kind"]), str(data["channel"]), str(data["strategy"]), int(data["count"])
    )


_STATUS_INDEX = {Status.DONE.value: 0, Status.SKIPPED.value: 1, Status.OPEN.value: 2}


def summarize(day: Day) -> DaySummary:
    """The summary of one stored day. A running timer counts up to its last stop. A dated
    item shown on its old day as moved on to today (``moved_to``) is today's, not this
    day's (planner.core.items): it is left out, so a day's view counts each item once."""
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
            task.strategy,
        )
        for task in day.tasks
        if task.moved_to is None
    ]
    return _summarize(
        day.date,
        day.template,
        day.budget_minutes,
        rows,
        [_outcome_row(outcome) for outcome in day.wins],
        [_outcome_row(outcome) for outcome in day.losses],
        day.measurements,
    )


def _outcome_row(outcome: Outcome) -> OutcomeRow:
    return outcome.channel, outcome.kind, outcome.strategy


def summarize_records(record: Mapping[str, Any]) -> DaySummary:
    """``summarize`` of a day record without building the Day: ten times faster, for
    reading years of day files. Raises KeyError, TypeError or ValueError if malformed."""
    return _summarize(*summary_fields(record))


def _summarize(
    when: date,
    template: str,
    budget_minutes: int,
    rows: Iterable[TaskRow],
    wins: Sequence[OutcomeRow],
    losses: Sequence[OutcomeRow],
    measurements: Mapping[str, float],
) -> DaySummary:
    # Plain lists of ints, in Figures' field order: adding tuples is what made it slow.
    total = [0] * 7
    rungs: dict[Rung, list[int]] = {}
    channels: dict[str, list[int]] = {}
    strategies: dict[str, list[int]] = {}
    counted: dict[str, float] = {}
    for row in rows:
        rung, status, minutes, logged, out_of_order, channel, unit, target, count, strategy = row
        index = _STATUS_INDEX[status]
        spent = logged if logged > 0 else (minutes * 60 if index == 0 else 0)
        groups = [total, rungs.setdefault(rung, [0] * 7)]
        if channel:
            groups.append(channels.setdefault(channel, [0] * 7))
        if strategy:
            groups.append(strategies.setdefault(strategy, [0] * 7))
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
        strategies={key: Figures._make(strategies[key]) for key in sorted(strategies)},
        win_kinds=_per_kind(wins),
        loss_kinds=_per_kind(losses),
        entered=tuple(sorted(measurements)),
    )


def _per_channel(outcomes: Iterable[OutcomeRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for channel, _, _ in outcomes:
        key = channel or NO_CHANNEL
        counts[key] = counts.get(key, 0) + 1
    return counts


def _per_kind(outcomes: Sequence[OutcomeRow]) -> tuple[KindCount, ...]:
    if not outcomes:
        return ()
    counts: dict[tuple[str, str, str], int] = {}
    for channel, kind, strategy in outcomes:
        key = (kind or OTHER_KIND, channel or NO_CHANNEL, strategy or NO_STRATEGY)
        counts[key] = counts.get(key, 0) + 1
    return tuple(KindCount(*key, count) for key, count in sorted(counts.items()))


def plus_tasks(summary: DaySummary, extra: DaySummary) -> DaySummary:
    """``summary`` with the task figures of ``extra`` (the same day's) added: the dated
    items of a day on top of its file's summary (planner.review.items). A unit entered at
    the wrap-up keeps its entered figure; outcomes come from the day file alone."""
    measures = dict(summary.measures)
    for unit, value in extra.measures.items():
        if unit not in summary.entered:
            measures[unit] = measures.get(unit, 0.0) + value
    return replace(
        summary,
        figures=summary.figures.plus(extra.figures),
        rungs=_plus(summary.rungs, extra.rungs, RUNGS),
        channels=_plus(summary.channels, extra.channels),
        strategies=_plus(summary.strategies, extra.strategies),
        measures=measures,
    )


def _plus(
    first: Mapping[Key, Figures], second: Mapping[Key, Figures], order: Sequence[Key] = ()
) -> dict[Key, Figures]:
    """The figures of both per key, in ``order`` (sorted by key when none is given)."""
    keys = [key for key in order if key in first or key in second] if order else None
    added = {
        key: first.get(key, Figures()).plus(second.get(key, Figures())) for key in {*first, *second}
    }
    return {key: added[key] for key in (sorted(added) if keys is None else keys)}
