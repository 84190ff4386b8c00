"""Plain data of the domain: templates as written, days as lived.

Nothing here knows about YAML, TinyDB or Textual. Days serialise to plain dicts
(``to_dict`` / ``from_dict``) that are both the stored records and the ``--json`` output.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from planner.ladder import Rung

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
        return replace(self)

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
        )


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
        )
