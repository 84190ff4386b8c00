"""One use of planner: the settings, the chosen template and the store, working together.

The CLI and the app both go through a Session, so a task marked done from the shell and
from the checklist take exactly the same path to the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from planner.config import Paths, Settings
from planner.errors import PlannerError
from planner.model import WEEKDAYS, Day, TaskState, Template
from planner.plan import build_day, logical_today
from planner.store import Store

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


class UnknownTask(PlannerError, LookupError):
    """A task id that the day does not have; the message lists the ones it does."""

    def __init__(self, task_id: str, day: Day) -> None:
        self.task_id = task_id
        valid = ", ".join(task.id for task in day.tasks) or "(the day has no tasks)"
        super().__init__(f"no task {task_id!r} on {day.date.isoformat()}; valid ids: {valid}")


class FutureDay(PlannerError):
    """Future days show the plan; nothing about them can be recorded yet."""


@dataclass
class DayView:
    """A day to show: ``stored`` is False for a future day, which is only the plan."""

    day: Day
    stored: bool


class Session:
    def __init__(
        self,
        paths: Paths,
        settings: Settings,
        template_choice: str | None = None,
        clock: Clock = local_now,
    ) -> None:
        self.paths = paths
        self.settings = settings
        self.template_choice = template_choice
        self.clock = clock
        self.store = Store(paths.data_dir, clock=clock)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return logical_today(self.now(), self.settings.day_starts_at)

    def template_name_for(self, day: date) -> str:
        """--template wins, then the weekday schedule, then the default from the settings."""
        if self.template_choice:
            return self.template_choice
        from planner.templates import DEFAULT_TEMPLATE

        scheduled = self.settings.schedule.get(WEEKDAYS[day.weekday()])
        return scheduled or self.settings.default_template or DEFAULT_TEMPLATE

    def template_for(self, day: date) -> Template:
        """Raises TemplateNotFound or TemplateError with a message for the user."""
        # Imported here: YAML is only needed when a day is started, not when it is reopened.
        from planner.templates import find_template, load_file

        path = find_template(self.template_name_for(day), self.paths.template_dir)
        return load_file(path)

    def preview(self, day: date) -> DayView:
        """The day as stored, or as the template would make it; writes nothing."""
        stored = self.store.load_day(day)
        if stored is not None:
            return DayView(stored, stored=True)
        return DayView(build_day(self.template_for(day), day, self.now()), stored=False)

    def open_day(self, day: date) -> DayView:
        """The stored day, creating it from the template unless it lies in the future."""
        stored = self.store.load_day(day)
        if stored is not None:
            return DayView(stored, stored=True)
        if day > self.today():
            return self.preview(day)
        fresh = build_day(self.template_for(day), day, self.now())
        return DayView(self.store.ensure_day(fresh), stored=True)

    def change_task(
        self, day: date, task_id: str, change: Callable[[TaskState], TaskState]
    ) -> TaskState:
        """Apply ``change`` to the task as it is on disk now (another instance may have
        moved it since this one read it)."""
        view = self.open_day(day)
        if not view.stored:
            raise FutureDay(f"{day.isoformat()} has not come yet: its plan can be seen, not worked")
        try:
            view.day.task(task_id)
        except KeyError:
            raise UnknownTask(task_id, view.day) from None
        return self.store.update_task(day, task_id, change)
