"""What the checklist's helpers (template keys, wrap-up, undo) need of the checklist screen:
a protocol, so that the screen imports them and not the other way round."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, TypeVar

from textual.app import App
from textual.notifications import SeverityLevel

from planner.core.model import Day
from planner.errors import PlannerError
from planner.session.work import Session

Result = TypeVar("Result")


class ChangeLine(Protocol):
    """How the checklist writes a change (planner.ui.screens.day_changes.DayChanges)."""

    def change(
        self, make: Callable[[date], Result], then: Callable[[Result], None] | None = None
    ) -> None: ...


class DayScreen(Protocol):
    """What these keys need of the checklist screen (a protocol: the checklist imports this
    module, not the other way round)."""

    session: Session

    @property
    def changes(self) -> ChangeLine: ...  # every write goes through it: it never waits

    @property
    def date(self) -> date: ...

    @property
    def app(self) -> App[Any]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def show_stored(self, day: Day) -> None: ...

    def report(self, error: PlannerError) -> None: ...
