"""The checklist's `u` / ctrl+z and `U` / ctrl+y: this window's changes to the day taken back
and made again, record by record (see planner.store.changes), with a toast saying what."""

from __future__ import annotations

from planner.errors import PlannerError
from planner.session.base import NothingToUndo
from planner.ui.screens.day_screen import DayScreen


def undo(screen: DayScreen, *, redo: bool = False) -> None:
    session = screen.session
    try:
        step, stored = (session.redo if redo else session.undo)(screen.date)
    except NothingToUndo as nothing:
        screen.notify(str(nothing))
        return
    except PlannerError as error:
        screen.report(error)
        return
    screen.show_stored(stored)
    screen.notify(f"{'Redid' if redo else 'Undid'}: {step.label}")
