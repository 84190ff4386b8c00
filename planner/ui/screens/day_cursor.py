"""The checklist's cursor after a change: done, skip or a reached target moves it to the
next-up task (setting ``cursor_follows_next_up``), so a day is worked through with one key
per task; any other change (undo, a note, time, a task opened again) leaves it where it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from planner.core.model import Day, TaskState
from planner.core.plan import next_up
from planner.session.work import Session
from planner.ui.widgets.checklist import Checklist


class CursorScreen(Protocol):
    """What this needs of the checklist screen."""

    session: Session

    @property
    def day(self) -> Day: ...

    @property
    def checklist(self) -> Checklist: ...


def follower(screen: CursorScreen, task_id: str) -> Callable[[TaskState], None]:
    """Called, before a change to ``task_id`` is made, for what to do once it is written and
    shown: given the task as written, move the cursor on if the change closed the task."""
    was_open = any(task.id == task_id and task.is_open for task in screen.day.tasks)

    def follow(task: TaskState) -> None:
        if not was_open or task.is_open or not screen.session.settings.cursor_follows_next_up:
            return
        checklist = screen.checklist
        if checklist.current_task_id != task.id:
            return  # moved meanwhile (the change waited in line): the user's place wins
        upcoming = next_up(screen.day)
        if upcoming is not None:
            checklist.move_to(upcoming.id)

    return follow
