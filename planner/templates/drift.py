"""Drift: how a template's tasks fared over the last days, and which ones to drop.

A plan drifts when some tasks keep being skipped or left open: the template says one
thing, the days say another. For each task of a template (matched by id) this counts, over
the ``WINDOW_DAYS`` days before ``today`` (today itself is still in progress, so it is left
out), on how many stored days made from that template it was planned, done, skipped or
left open. A day was made from a template when it names the same file (``made_from``): a
new template copied from another starts with no days, though its tasks have the same ids.

A task is a candidate to drop when it was planned at least ``MIN_PLANNED`` times and
skipped on more than half of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from planner.core.ladder import Rung
from planner.core.model import Day, Status, Template

WINDOW_DAYS = 30
MIN_PLANNED = 3


@dataclass(frozen=True)
class TaskDrift:
    """One task's record over the window."""

    task_id: str
    title: str
    rung: Rung
    planned: int  # stored days that held the task
    done: int
    skipped: int
    left_open: int

    @property
    def drop_candidate(self) -> bool:
        return self.planned >= MIN_PLANNED and self.skipped * 2 > self.planned

    def line(self) -> str:
        mark = "  drop?" if self.drop_candidate else ""
        return (
            f"{self.title}: planned {self.planned}, done {self.done}, "
            f"skipped {self.skipped}, left open {self.left_open}{mark}"
        )


def window(today: date, days: int = WINDOW_DAYS) -> tuple[date, date]:
    """The first and last date looked at: the ``days`` days before ``today``."""
    return today - timedelta(days=days), today - timedelta(days=1)


def made_from(day: Day, template: Template) -> bool:
    """Whether ``day`` was made from ``template``'s file: the same file name, which is how
    settings name a template (a copy of a shipped example under its own name stands in for
    it); a day that names no file (an old one), by the template's ``name:``."""
    if not day.template_source or not template.source:
        return day.template == template.name
    return PurePath(day.template_source).stem == PurePath(template.source).stem


def template_drift(
    template: Template, days: Iterable[Day], today: date, window_days: int = WINDOW_DAYS
) -> list[TaskDrift]:
    """Each task of ``template``, in its order, with its counts over the window (days
    made from another template are left out)."""
    first, last = window(today, window_days)
    counts = {task.id: [0, 0, 0, 0] for task in template.tasks}  # planned, done, skipped, open
    for day in days:
        if not first <= day.date <= last or not made_from(day, template):
            continue
        for task in day.tasks:
            row = counts.get(task.id)
            if row is None:
                continue
            row[0] += 1
            if task.status is Status.DONE:
                row[1] += 1
            elif task.status is Status.SKIPPED:
                row[2] += 1
            else:
                row[3] += 1
    return [TaskDrift(task.id, task.title, task.rung, *counts[task.id]) for task in template.tasks]
