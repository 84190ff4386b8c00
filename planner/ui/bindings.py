"""The checklist's keys: one ``Binding`` each, with the id a ``keymap:`` in the settings
names, the description the footer, ``?`` and the palette show, and a tooltip saying what it
does. Kept apart from the screen so that the keys read as one table."""

from __future__ import annotations

from textual.binding import Binding, BindingType

CHECKLIST_BINDINGS: list[BindingType] = [
    Binding(
        "space",
        "toggle_done",
        "Done",
        id="done",
        tooltip="Mark the task done, or open again",
    ),
    Binding("s", "skip", "Skip", id="skip", tooltip="Skip the task (asks an optional reason)"),
    Binding("n", "note", "Note", id="note", tooltip="Add or edit the task's note"),
    Binding(
        "a",
        "add_item",
        "Add a one-off",
        show=False,
        id="add-item",
        tooltip="Add a task for one day only: asks the title, the rung and the day",
    ),
    Binding(
        "plus,equals_sign",
        "count(1)",
        "Count",
        id="count",
        tooltip="Count one towards the target",
    ),
    Binding(
        "minus",
        "count(-1)",
        "Uncount",
        show=False,
        id="uncount",
        tooltip="Take one off the count",
    ),
    Binding(
        "t",
        "timer",
        "Timer",
        id="timer",
        tooltip="Start or pause the task's timer (one at a time)",
    ),
    Binding(
        "e",
        "edit_time",
        "Edit time",
        show=False,
        id="edit-time",
        tooltip="Correct the logged minutes",
    ),
    Binding(
        "w",
        "wrap_up",
        "Wrap up",
        id="wrap-up",
        tooltip="What worked, wins and losses, a note",
    ),
    Binding(
        "x",
        "export",
        "Export",
        show=False,
        id="export",
        tooltip="Export days: Markdown, CSV, JSON or an iCalendar plan",
    ),
    Binding(
        "r",
        "review",
        "Review",
        id="review",
        tooltip="Heatmap, streaks, figures per rung and channel, goals",
    ),
    # Other days (planner.ui.screens.day_nav): escape goes back where the day came from.
    Binding(
        "escape",
        "back",
        "Back",
        id="day-back",
        tooltip="Back to where this day was opened from, or to today",
    ),
    Binding(
        "left_square_bracket",
        "previous_day",
        "Day before",
        show=False,
        id="previous-day",
        tooltip="Show the day before (past days can be filled in)",
    ),
    Binding(
        "right_square_bracket",
        "next_day",
        "Day after",
        show=False,
        id="next-day",
        tooltip="Show the day after (a day to come shows its plan)",
    ),
    Binding(
        "full_stop",
        "today",
        "Today",
        show=False,
        id="today",
        tooltip="Back to today",
    ),
    # The content pipeline (planner.ui.screens.ideas): ideas, drafts, scheduled pieces.
    Binding(
        "i",
        "ideas",
        "Ideas",
        show=False,
        id="ideas",
        tooltip="Ideas: the backlog and the pipeline (new, draft, schedule, publish, drop)",
    ),
    # Templates (planner.ui.screens.templates holds what these do).
    Binding(
        "T",
        "templates",
        "Templates",
        show=False,
        id="templates",
        tooltip="Templates: list, copy, rename, delete, schedule, edit",
    ),
    Binding(
        "E",
        "edit_template",
        "Edit template in $EDITOR",
        show=False,
        id="edit-template",
        tooltip="Open the day's template in $VISUAL / $EDITOR, then check it",
    ),
    Binding(
        "S",
        "sync",
        "Sync with template",
        show=False,
        id="sync",
        tooltip="Sync today with the template: add new tasks, drop untouched removed ones",
    ),
    # Not `planner undo TASK_ID`, which reopens a task: these take this window's changes back.
    Binding(
        "u,ctrl+z",
        "undo",
        "Undo last change",
        show=False,
        id="undo",
        tooltip="Take back the last change made in this window (done, skip, count, note...)",
    ),
    Binding(
        "U,ctrl+y",
        "redo",
        "Redo",
        show=False,
        id="redo",
        tooltip="Make the last undone change again",
    ),
]
