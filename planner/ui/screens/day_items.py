"""The checklist's `a`: a dated item (a task for one day only, planner.core.items) added in
the app. One dialog asks the title, the rung (at first the rung of the task under the
cursor) and the day (at first the day shown; any form the one date parser takes: `fri`,
`+3`, `tomorrow`, ISO, counted from today, as on the command line). Enter in any field adds
it; a field that is wrong says so under it and gets the focus, the dialog staying open. The
dialog is planner.ui.screens.item_prompt's, loaded on the first `a` (not at start-up).

The item is written through the screen's change line, so it never waits for the lock; a
day that has not come yet takes one too (adding an item stores no day). An item for the
day shown appears on the checklist under the cursor; one for another day is said in a
toast, as it does not show here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from planner.core.items import DatedItem
from planner.core.ladder import RUNGS
from planner.core.model import TaskState
from planner.ui.screens.day_screen import DayScreen
from planner.ui.widgets.checklist import Checklist

if TYPE_CHECKING:
    from planner.ui.screens.item_prompt import NewItem


class ItemScreen(DayScreen, Protocol):
    """What `a` needs of the checklist screen besides a DayScreen's."""

    @property
    def checklist(self) -> Checklist: ...

    def current_task(self) -> TaskState | None: ...

    def show_latest(self) -> None: ...


def ask_new_item(screen: ItemScreen) -> None:
    """`a`: the dialog, then the item written through the screen's change line."""
    from planner.ui.screens.item_prompt import ItemPrompt  # loaded when first asked

    task = screen.current_task()
    rung = task.rung if task is not None else RUNGS[0]
    today = screen.session.today()

    def answered(new: NewItem | None) -> None:
        if new is not None:
            add_item(screen, new, today)

    screen.app.push_screen(ItemPrompt(screen.date, rung, today), answered)


def add_item(screen: ItemScreen, new: NewItem, today: date) -> None:
    from planner.ui.screens.item_prompt import day_text

    def added(item: DatedItem) -> None:
        if item.on == screen.date:  # on the checklist: shown, the cursor on it
            screen.show_latest()
            screen.checklist.move_to(item.id)
            undo = "; u takes it back" if item.on <= today else ""
            screen.notify(f"Added “{item.task.title}”{undo}", markup=False)
        else:
            where = day_text(item.on, today)
            screen.notify(f"Added “{item.task.title}” to {where}", markup=False)

    session = screen.session
    screen.changes.change(lambda _: session.add_item(new.title, new.on, new.rung), added)
