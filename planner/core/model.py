"""Plain data of the domain: templates as written, days as lived.

Nothing here knows about YAML, TinyDB or Textual; days become records, and records days,
in ``planner.store.day_format`` alone.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from planner.core.ladder import Rung
from planner.errors import PlannerError

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class TaskSpec:
    """One task as a template describes it."""

    id: str
    title: str
    rung: Rung
    minutes: int = 0
    channel: str | None = None
    target: int | None = None
    unit: str | None = None
    days: tuple[int, ...] | None = None  # weekday numbers (0 = monday); None = every day
    notes: str = ""
    strategy: str | None = None  # the id of the template's strategy the task serves

    def applies_on(self, day: date) -> bool:
        return self.days is None or day.weekday() in self.days


@dataclass(frozen=True)
class Goal:
    """A measurement a template's user wants to move (e.g. 3 leads per week)."""

    name: str
    unit: str
    target: float
    per: str = "week"  # day | week | month


@dataclass(frozen=True)
class Strategy:
    """A path to a goal ("be useful where prospects read"): tied to a goal, not to a tool.
    Tasks name it; days store its ``id``, so renaming it keeps its history."""

    id: str
    name: str
    goal: str | None = None  # the name of the template's goal it serves
    why: str = ""


@dataclass(frozen=True)
class OutcomeKinds:
    """What counts as a win or a loss, as a template declares it (``outcomes:``), and the
    win kinds that add one to a goal unit (``counts: {new lead: leads}``)."""

    wins: tuple[str, ...] = ()
    losses: tuple[str, ...] = ()
    counts: tuple[tuple[str, str], ...] = ()  # (win kind, goal unit)

    def unit_of(self, kind: str | None) -> str | None:
        return next((unit for name, unit in self.counts if name == kind), None)


def weekday_minutes(tasks: Iterable[TaskSpec]) -> tuple[int, ...]:
    """The planned minutes of each weekday, Monday first, each task on its ``days`` only."""
    tasks = tuple(tasks)
    return tuple(
        sum(task.minutes for task in tasks if task.days is None or weekday in task.days)
        for weekday in range(7)
    )


@dataclass(frozen=True)
class Template:
    """A plan template: the tasks of a day, in ladder order."""

    name: str
    tasks: tuple[TaskSpec, ...]
    description: str = ""
    budget_minutes: int = 60
    goals: tuple[Goal, ...] = ()
    source: str = ""  # file path, or "embedded:<slug>" for the packaged default
    strategies: tuple[Strategy, ...] = ()
    outcomes: OutcomeKinds = OutcomeKinds()

    def strategy(self, strategy_id: str | None) -> Strategy | None:
        return next((s for s in self.strategies if s.id == strategy_id), None)

    @property
    def busiest_day_minutes(self) -> int:
        """The planned minutes of the weekday with the most (tasks follow their ``days``)."""
        return max(weekday_minutes(self.tasks))

    def tasks_for(self, day: date) -> list[TaskSpec]:
        return [task for task in self.tasks if task.applies_on(day)]


@dataclass
class TaskState:
    """One task of one day, with everything the user did to it."""

    id: str
    title: str
    rung: Rung
    minutes: int = 0
    channel: str | None = None
    target: int | None = None
    unit: str | None = None
    hint: str = ""  # the template's notes for the task
    status: Status = Status.OPEN
    count: int = 0
    note: str = ""
    skip_reason: str = ""
    done_at: str | None = None  # ISO 8601, UTC with offset
    skipped_at: str | None = None
    updated_at: str | None = None
    # Time: closed intervals [start, stop] (UTC stamps), a running start, and hand corrections.
    intervals: list[list[str]] = field(default_factory=list)
    running_since: str | None = None
    adjust_seconds: int = 0
    seconds: int = 0  # logged seconds of closed intervals plus corrections (kept for scripts)
    out_of_order: bool = False  # done or timed while a higher rung still had open tasks
    strategy: str | None = None  # the id of the template's strategy (see Strategy)
    # A dated item in a day's view (planner.core.items), never in a day file: one_off, and
    # the day an open one was carried from, or (on its own past day) moved to.
    one_off: bool = False
    carried_from: str | None = None
    moved_to: str | None = None

    @classmethod
    def from_spec(cls, spec: TaskSpec) -> TaskState:
        return cls(
            id=spec.id,
            title=spec.title,
            rung=spec.rung,
            minutes=spec.minutes,
            channel=spec.channel,
            target=spec.target,
            unit=spec.unit,
            hint=spec.notes,
            strategy=spec.strategy,
        )

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    def copy(self) -> TaskState:
        return replace(self, intervals=[list(pair) for pair in self.intervals])


@dataclass(frozen=True)
class Outcome:
    """A win or a loss of the day, optionally tagged with the channel it came from.

    An item of its own: ``id`` stays with it ("" until it is first stored), ``updated_at``
    says when it last changed, and a removed one keeps its record with ``removed_at`` set
    (a tombstone: a merge of two copies of the day cannot bring it back).
    """

    text: str
    channel: str | None = None
    at: str | None = None  # when it was recorded, UTC
    id: str = ""
    updated_at: str | None = None
    removed_at: str | None = None
    kind: str | None = None  # one the template declares (``outcomes:``); None is "other"
    strategy: str | None = None  # the id of the strategy that brought it
    piece: str | None = None  # the id of the published piece it came from (planner.core.ideas)


OTHER_KIND = "other"  # a win or loss written without a declared kind


def outcome_line(outcome: Outcome) -> str:
    """As the wrap-up shows it: ``booked call: Acme #be-useful @LinkedIn``."""
    text = f"{outcome.kind}: {outcome.text}" if outcome.kind else outcome.text
    text += f" #{outcome.strategy}" if outcome.strategy else ""
    return f"{text} @{outcome.channel}" if outcome.channel else text


def parse_outcome_lines(
    text: str,
    at: str | None = None,
    known: Collection[str] = (),
    kinds: Collection[str] = (),
    strategies: Collection[str] = (),
) -> list[Outcome]:
    """One outcome a line: a declared kind that starts it (``split_kind``), the text, the
    strategy's ``#id`` (``split_strategy``) and the trailing ``@Channel``
    (``split_channel_tag``)."""
    outcomes = []
    for raw in text.splitlines():
        line, channel = split_channel_tag(raw, known)
        kind, line = split_kind(line, kinds)
        strategy, line = split_strategy(line, strategies)
        if line:
            outcome = Outcome(line, channel, at, kind=kind, strategy=strategy)
            outcomes.append(outcome)
    return outcomes


def split_strategy(line: str, strategies: Collection[str]) -> tuple[str | None, str]:
    """A last word ``#be-useful`` naming one of ``strategies`` (ids) by its id or by the
    start of one id alone, and the text before it; else no strategy and all the text."""
    words = line.rsplit(None, 1)
    if len(words) < 2 or not words[1].startswith("#") or len(words[1]) < 2:
        return None, line
    typed = words[1][1:].casefold()
    found = [s for s in strategies if s == typed] or [s for s in strategies if s.startswith(typed)]
    return (found[0], words[0]) if len(found) == 1 else (None, line)


def split_kind(line: str, kinds: Collection[str]) -> tuple[str | None, str]:
    """``booked call: Acme`` as the kind (one of ``kinds``, in any case, spelt as declared)
    and the text; a line that starts with no declared kind is all text (kind "other")."""
    head, colon, rest = line.partition(":")
    if colon and rest.strip():
        key = " ".join(head.split()).casefold()
        for kind in kinds:
            if " ".join(kind.split()).casefold() == key:
                return kind, rest.strip()
    return None, line


def split_channel_tag(line: str, known: Collection[str] = ()) -> tuple[str, str | None]:
    """A one-line win or loss as its text and the channel that tags it, or None.

    The tag ends the line, after some text and a space: ``@`` and a name of one word
    (``new lead: ACME @LinkedIn``), or, for a name with spaces, a ``known`` channel
    (``intro @Google Alerts``: the longest one that ends the line, in any case, spelt as
    known) or a quoted one (``@"Trade Show"``). ``met them @ conference``, ``mail
    bob@example.com`` and a lone ``@LinkedIn`` are all text. The one rule for `planner
    win`/`loss` and the wrap-up.
    """
    line = line.strip()
    spelt: dict[str, str] = {}  # the first spelling of each name
    for name in filter(str.strip, known):
        spelt.setdefault(" ".join(name.split()).casefold(), name)
    for at in (index for index, char in enumerate(line) if char == "@"):
        text, tag = line[:at].rstrip(), " ".join(line[at + 1 :].split())
        if at == 0 or not line[at - 1].isspace() or not text:
            continue
        if len(tag) > 2 and tag[0] == tag[-1] == '"' and '"' not in tag[1:-1]:
            quoted = " ".join(tag[1:-1].split())  # @"Trade Show"
            if quoted:
                return text, spelt.get(quoted.casefold(), quoted)
        if tag.casefold() in spelt:  # the first @ that fits: the longest name
            return text, spelt[tag.casefold()]
    words = line.rsplit(None, 1)
    if len(words) == 2 and words[1].startswith("@") and len(words[1]) > 1:
        return words[0], words[1][1:]
    return line, None


def channels_in(template: Template | None, days: Iterable[Day]) -> list[str]:
    """The channels a template names and ``days`` used (tasks, wins, losses), each once
    whatever its case, the template's spelling first: the names ``split_channel_tag``
    knows."""
    found: dict[str, str] = {}
    names = [task.channel for task in template.tasks] if template is not None else []
    for day in days:
        names += [task.channel for task in day.tasks]
        names += [outcome.channel for outcome in (*day.wins, *day.losses)]
    for name in names:
        if name and name.strip():
            found.setdefault(" ".join(name.split()).casefold(), name)
    return list(found.values())


def one_line(text: str) -> str:
    """``text`` with its lines joined by a space: a win or loss is one line (the wrap-up
    shows one a line, and would read a line break as two)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class BadNumber(PlannerError):
    """Text typed for a number (a goal's figure at the wrap-up) that is not one."""


def parse_measurement(text: str, unit: str) -> float:
    """A goal figure typed at the wrap-up (``2``, ``1.5``); BadNumber for anything else,
    ``nan`` and ``inf`` included (they would not survive the JSON of a day file)."""
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadNumber(f"{text.strip()!r} is not a number of {unit}")
    return value


@dataclass(frozen=True)
class WrapUp:
    """The end-of-day review a user writes: what worked, wins, losses, a free note."""

    worked: str = ""
    wins: tuple[Outcome, ...] = ()
    losses: tuple[Outcome, ...] = ()
    note: str = ""
    # Numbers for the template's goals (unit -> number, e.g. {"leads": 2}); a unit left
    # out has no number entered (its goal is then fed by counted tasks alone).
    measurements: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, day: Day) -> WrapUp:
        return cls(
            day.worked, tuple(day.wins), tuple(day.losses), day.wrap_note, dict(day.measurements)
        )


class UnknownTask(PlannerError, LookupError):
    """A task id that the day does not have; the message lists the ones it does."""

    def __init__(self, task_id: str, day: Day) -> None:
        self.task_id = task_id
        valid = ", ".join(task.id for task in day.tasks) or "(the day has no tasks)"
        super().__init__(f"no task {task_id!r} on {day.date.isoformat()}; valid ids: {valid}")


@dataclass
class Day:
    """A dated checklist: a copy of the template's tasks, so later edits never rewrite it."""

    date: date
    template: str
    tasks: list[TaskState] = field(default_factory=list)
    template_source: str = ""
    budget_minutes: int = 60
    created_at: str | None = None
    updated_at: str | None = None
    # The wrap-up: what worked, wins and losses, a free note.
    worked: str = ""
    wins: list[Outcome] = field(default_factory=list)
    losses: list[Outcome] = field(default_factory=list)
    wrap_note: str = ""
    measurements: dict[str, float] = field(default_factory=dict)  # unit -> number (wrap-up)
    # Wins and losses taken back: kept as tombstones (see Outcome), never shown.
    removed_wins: list[Outcome] = field(default_factory=list)
    removed_losses: list[Outcome] = field(default_factory=list)
    # When each wrap-up field last changed: "worked", "wrap_note", "measurements.<unit>".
    field_stamps: dict[str, str] = field(default_factory=dict)
    budget_noticed: bool = False  # the "time box used up" notice was shown
    last_seen_at: str | None = None  # the app was last running on this day (for timers)
    # The version of the day file this was read from or written to (0: not stored); not
    # part of the day: two copies of one day read at different times are equal.
    version: int = field(default=0, compare=False)

    def task(self, task_id: str) -> TaskState:
        """The task with ``task_id``; UnknownTask (a LookupError) if the day has none."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise UnknownTask(task_id, self)
