"""What the templates screen and `planner template list` show: every available template
(planner.templates.library finds them), checked, with how the settings use it. Apart from
the library, which opening the checklist needs (the day's template is found there): this
is loaded only when the templates are listed (start-up, see benchmarks/bench_startup.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planner.core.model import WEEKDAYS, Template
from planner.templates.library import DEFAULT_TEMPLATE, available_templates
from planner.templates.names import same_template


@dataclass(frozen=True)
class TemplateInfo:
    """One template as listed: its file, what it holds, and how the settings use it."""

    name: str  # the file's stem: what settings and --template use
    path: Path
    is_user: bool
    title: str  # the template's name:, or the file name when it does not load
    description: str
    task_count: int
    planned_minutes: int  # on its busiest weekday
    budget_minutes: int
    valid: bool
    problems: tuple[str, ...]
    is_default: bool
    weekdays: tuple[str, ...]  # where the settings' schedule names it
    template: Template | None = field(default=None, compare=False)

    @property
    def over_budget(self) -> bool:
        return self.planned_minutes > self.budget_minutes


def describe_templates(
    user_dir: Path, default: str | None, schedule: Mapping[str, str]
) -> list[TemplateInfo]:
    """Every available template, checked (each is a few KiB: reading them all is quick)."""
    from planner.templates.reader import check_file  # YAML: loaded when a list is asked for

    chosen = default or DEFAULT_TEMPLATE
    infos = []
    for name, path, is_user in available_templates(user_dir):
        result = check_file(path)
        template = result.template
        days = tuple(day for day in WEEKDAYS if same_template(schedule.get(day), name))
        infos.append(
            TemplateInfo(
                name=name,
                path=path,
                is_user=is_user,
                title=template.name if template else name,
                description=template.description if template else "",
                task_count=len(template.tasks) if template else 0,
                planned_minutes=template.busiest_day_minutes if template else 0,
                budget_minutes=template.budget_minutes if template else 0,
                valid=template is not None,
                problems=tuple(str(problem) for problem in result.problems),
                is_default=same_template(chosen, name),
                weekdays=days,
                template=template,
            )
        )
    return infos
