"""The checklist's `e`: the prompt for a task's logged time. The time shown is selected, so
typing replaces it; a duration that does not parse is said under the field, and one that
looks like a typo (planner.core.timebox.unlikely_minutes) is asked about before it is saved."""

from __future__ import annotations

from planner.core.model import Day, TaskState
from planner.core.timebox import (
    BadDuration,
    closed_seconds,
    minutes_text,
    parse_duration,
    unlikely_minutes,
)
from planner.ui.screens.prompt import TextPrompt


def typed_minutes(text: str) -> int:
    """The minutes in ``text`` (BadDuration when it is not a duration)."""
    return round(parse_duration(text) / 60)


def minutes_prompt(day: Day, task: TaskState) -> TextPrompt:
    """The dialog; it returns text that ``typed_minutes`` reads (or None: cancelled)."""

    def validate(text: str) -> str | None:
        try:
            typed_minutes(text)
        except BadDuration as error:
            return str(error)
        return None

    def ask_first(text: str) -> str | None:
        minutes = typed_minutes(text)
        why = unlikely_minutes(day, task.id, minutes)
        if why is None:
            return None
        return f"Log {minutes_text(minutes * 60)} on “{task.title}”? {why[0].upper()}{why[1:]}."

    logged = round(closed_seconds(task) / 60)
    return TextPrompt(
        f"Logged minutes for “{task.title}” (e.g. 25, 1h10m):",
        value=str(logged),
        validate=validate,
        ask_first=ask_first,
    )
