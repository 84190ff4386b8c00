"""Plain data of the domain: templates as written, days as lived.

Nothing here knows about YAML, TinyDB or Textual. Days serialise to plain dicts
(``to_dict`` / ``from_dict``) that are both the stored records and the ``--json`` output.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from planner.core.ladder import Rung

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
class Template:
    """A plan template: the tasks of a day, in ladder order."""

    name: str
    tasks: tuple[TaskSpec, ...]
    description: str = ""
    budget_minutes: int = 60
    goals: tuple[Goal, ...] = ()
    source: str = ""  # file path, or "embedded:<slug>" for the packaged default

    @property
    def planned_minutes(self) -> int:
        return sum(task.minutes for task in self.tasks)

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
        )

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    def copy(self) -> TaskState:
        return replace(self, intervals=[list(pair) for pair in self.intervals])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "rung": self.rung.value,
            "minutes": self.minutes,
            "channel": self.channel,
            "target": self.target,
            "unit": self.unit,
            "hint": self.hint,
            "status": self.status.value,
            "count": self.count,
            "note": self.note,
            "skip_reason": self.skip_reason,
            "done_at": self.done_at,
            "skipped_at": self.skipped_at,
            "updated_at": self.updated_at,
            "intervals": [list(pair) for pair in self.intervals],
            "running_since": self.running_since,
            "adjust_seconds": self.adjust_seconds,
            "seconds": self.seconds,
            "out_of_order": self.out_of_order,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaskState:
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            rung=Rung(data["rung"]),
            minutes=int(data.get("minutes") or 0),
            channel=data.get("channel"),
            target=data.get("target"),
            unit=data.get("unit"),
            hint=str(data.get("hint") or ""),
            status=Status(data.get("status", "open")),
            count=int(data.get("count") or 0),
            note=str(data.get("note") or ""),
            skip_reason=str(data.get("skip_reason") or ""),
            done_at=data.get("done_at"),
            skipped_at=data.get("skipped_at"),
            updated_at=data.get("updated_at"),
            intervals=[[str(a), str(b)] for a, b in data.get("intervals") or []],
            running_since=data.get("running_since"),
            adjust_seconds=int(data.get("adjust_seconds") or 0),
            seconds=int(data.get("seconds") or 0),
            out_of_order=bool(data.get("out_of_order")),
        )


@dataclass(frozen=True)
class Outcome:
    """A win or a loss of the day, optionally tagged with the channel it came from."""

    text: str
    channel: str | None = None
    at: str | None = None  # when it was recorded, UTC

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "channel": self.channel, "at": self.at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        return cls(text=str(data["text"]), channel=data.get("channel"), at=data.get("at"))


def outcome_line(outcome: Outcome) -> str:
    return f"{outcome.text} @{outcome.channel}" if outcome.channel else outcome.text


def parse_outcome_lines(text: str, at: str | None = None) -> list[Outcome]:
    """One outcome a line; a trailing ``@Channel`` tags it (``new lead: ACME @LinkedIn``)."""
    outcomes = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        head, sep, tag = line.rpartition(" @")
        if sep and tag and " " not in tag.strip():
            outcomes.append(Outcome(text=head.strip(), channel=tag.strip(), at=at))
        else:
            outcomes.append(Outcome(text=line, at=at))
    return outcomes


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

    def apply_to(self, day: Day) -> None:
        day.worked, day.wrap_note = self.worked.strip(), self.note.strip()
        day.wins, day.losses = list(self.wins), list(self.losses)
        day.measurements = dict(self.measurements)


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
    budget_noticed: bool = False  # the "time box used up" notice was shown
    last_seen_at: str | None = None  # the app was last running on this day (for timers)

    def task(self, task_id: str) -> TaskState:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def header_dict(self) -> dict[str, Any]:
        """The day without its tasks (stored as one record; tasks are records of their own)."""
        return {
            "date": self.date.isoformat(),
            "template": self.template,
            "template_source": self.template_source,
            "budget_minutes": self.budget_minutes,
            "task_order": [task.id for task in self.tasks],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "worked": self.worked,
            "wins": [win.to_dict() for win in self.wins],
            "losses": [loss.to_dict() for loss in self.losses],
            "wrap_note": self.wrap_note,
            "measurements": dict(self.measurements),
            "budget_noticed": self.budget_noticed,
            "last_seen_at": self.last_seen_at,
        }

    def to_dict(self) -> dict[str, Any]:
        data = self.header_dict()
        del data["task_order"]
        data["tasks"] = [task.to_dict() for task in self.tasks]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Day:
        return cls(
            date=date.fromisoformat(data["date"]),
            template=str(data["template"]),
            tasks=[TaskState.from_dict(task) for task in data.get("tasks", [])],
            template_source=str(data.get("template_source") or ""),
            budget_minutes=int(data.get("budget_minutes") or 0),
            created_at=data.get("created_at"),
            updated_at=data.get("updated_at"),
            worked=str(data.get("worked") or ""),
            wins=[Outcome.from_dict(win) for win in data.get("wins") or []],
            losses=[Outcome.from_dict(loss) for loss in data.get("losses") or []],
            wrap_note=str(data.get("wrap_note") or ""),
            measurements={
                str(unit): float(value) for unit, value in (data.get("measurements") or {}).items()
            },
            budget_noticed=bool(data.get("budget_noticed")),
            last_seen_at=data.get("last_seen_at"),
        )
