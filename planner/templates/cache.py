"""The last good version of each template: kept in memory and as compiled JSON on disk.

Two jobs:

- **Quick mornings.** A template whose file has not changed (same path, mtime and size)
  is read from ``<cache>/templates/<digest>.json`` without parsing YAML (nor importing it).
- **A broken file does not stop the day.** When a template on disk has errors, the last
  version that loaded is used, with the problems reported (``Loaded.problems``); only a
  template that never loaded is an error (``TemplateError``).

The cache is derived data: a missing, unreadable or foreign cache file is simply ignored
and rebuilt, and a cache that cannot be written costs only speed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.core.ladder import Rung
from planner.core.model import Goal, OutcomeKinds, Strategy, TaskSpec, Template
from planner.store.cache_files import read_cache, write_cache
from planner.store.files import file_key, path_digest

if TYPE_CHECKING:
    from planner.templates.yaml_nodes import Problem

CACHE_VERSION = 2  # 2: strategies and outcome kinds
CACHE_FOLDER = "templates"


def template_to_dict(template: Template) -> dict[str, Any]:
    return {
        "name": template.name,
        "description": template.description,
        "budget_minutes": template.budget_minutes,
        "source": template.source,
        "tasks": [
            {
                "id": task.id,
                "title": task.title,
                "rung": task.rung.value,
                "minutes": task.minutes,
                "channel": task.channel,
                "target": task.target,
                "unit": task.unit,
                "days": list(task.days) if task.days is not None else None,
                "notes": task.notes,
                "strategy": task.strategy,
            }
            for task in template.tasks
        ],
        "strategies": [
            {"id": s.id, "name": s.name, "goal": s.goal, "why": s.why} for s in template.strategies
        ],
        "outcomes": {
            "wins": list(template.outcomes.wins),
            "losses": list(template.outcomes.losses),
            "counts": [list(pair) for pair in template.outcomes.counts],
        },
        "goals": [
            {"name": goal.name, "unit": goal.unit, "target": goal.target, "per": goal.per}
            for goal in template.goals
        ],
    }


def template_from_dict(data: dict[str, Any]) -> Template:
    """Raises KeyError, TypeError or ValueError on data of another shape."""
    tasks = tuple(
        TaskSpec(
            id=str(task["id"]),
            title=str(task["title"]),
            rung=Rung(task["rung"]),
            minutes=int(task["minutes"]),
            channel=task["channel"],
            target=task["target"],
            unit=task["unit"],
            days=tuple(int(day) for day in task["days"]) if task["days"] is not None else None,
            notes=str(task["notes"]),
            strategy=task["strategy"],
        )
        for task in data["tasks"]
    )
    strategies = tuple(
        Strategy(str(s["id"]), str(s["name"]), s["goal"], str(s["why"])) for s in data["strategies"]
    )
    outcomes = data["outcomes"]
    kinds = OutcomeKinds(
        wins=tuple(map(str, outcomes["wins"])),
        losses=tuple(map(str, outcomes["losses"])),
        counts=tuple((str(kind), str(unit)) for kind, unit in outcomes["counts"]),
    )
    goals = tuple(
        Goal(str(goal["name"]), str(goal["unit"]), float(goal["target"]), str(goal["per"]))
        for goal in data["goals"]
    )
    return Template(
        name=str(data["name"]),
        tasks=tasks,
        description=str(data["description"]),
        budget_minutes=int(data["budget_minutes"]),
        goals=goals,
        source=str(data["source"]),
        strategies=strategies,
        outcomes=kinds,
    )


@dataclass(frozen=True)
class Loaded:
    """A usable template; ``problems`` are those of the file on disk. With errors among
    them, ``template`` is the last good version (``stale``)."""

    template: Template
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False
    never_loaded: bool = False  # stale, and there is no good version at all

    def warning(self) -> str:
        """What to tell the user when the file on disk could not be used."""
        errors = [str(p) for p in self.problems if p.severity == "error"]
        shown = "\n".join(errors[:5]) + ("\n..." if len(errors) > 5 else "")
        if self.never_loaded:
            return f"{shown}\nFix the template before a new day is started from it."
        return f"{shown}\nUsing the last good version of '{self.template.name}'."


class TemplateCache:
    """Loads templates through the cache folder ``<cache_dir>/templates``."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / CACHE_FOLDER
        self._memory: dict[Path, tuple[str, Template]] = {}
        self.parsed = 0  # how many times YAML was parsed (the benchmark and tests read it)

    def load(self, path: Path) -> Loaded:
        """The template in ``path``, or its last good version; raises TemplateError when
        the file has errors and no version of it ever loaded."""
        key = file_key(path)
        if key is not None:
            known = self._memory.get(path)
            if known is not None and known[0] == key:
                return Loaded(known[1])
            cached = self._read(path)
            if cached is not None and cached[0] == key:
                self._memory[path] = cached
                return Loaded(cached[1])
        from planner.templates.reader import TemplateError, check_file

        self.parsed += 1
        result = check_file(path)
        if result.template is not None:
            if key is not None:
                self._memory[path] = (key, result.template)
                self._write(path, key, result.template)
            return Loaded(result.template, result.problems)
        last = self.last_good(path)
        if last is None:
            raise TemplateError(result.problems, str(path))
        return Loaded(last, result.problems, stale=True)

    def last_good(self, path: Path) -> Template | None:
        known = self._memory.get(path)
        if known is not None:
            return known[1]
        cached = self._read(path)
        if cached is None:
            return None
        self._memory[path] = cached
        return cached[1]

    def _file(self, path: Path) -> Path:
        return self.folder / f"{path_digest(path)}.json"

    def _read(self, path: Path) -> tuple[str, Template] | None:
        data = read_cache(self._file(path), CACHE_VERSION)
        try:
            if data is None or data["path"] != str(path.resolve()):
                return None
            return str(data["key"]), template_from_dict(data["template"])
        except (KeyError, TypeError, ValueError):
            return None  # derived data: rebuilt from the YAML

    def _write(self, path: Path, key: str, template: Template) -> None:
        content = {"path": str(path.resolve()), "key": key, "template": template_to_dict(template)}
        write_cache(self._file(path), CACHE_VERSION, content)
