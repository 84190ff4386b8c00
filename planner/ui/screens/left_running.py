"""A timer left running when planner closed: asked about once the checklist opens (keep the
time since then, or stop the timer at the moment planner was last seen)."""

from __future__ import annotations

from functools import partial

from planner.core.model import Day
from planner.core.timebox import minutes_text, running_task, seconds_between
from planner.ui.screens.day_screen import DayScreen
from planner.ui.widgets.checklist import local_clock

# A timer whose app was last seen longer ago than this was left running while closed.
LEFT_RUNNING_GRACE_SECONDS = 90


def ask_about_timer_left_running(screen: DayScreen, day: Day) -> None:
    """If ``day`` (as the screen opened it) has a timer that ran on after planner closed,
    ask whether to count that time."""
    running = running_task(day)
    seen = day.last_seen_at
    if running is None or seen is None:
        return
    gap = seconds_between(seen, screen.session.now())
    if gap < LEFT_RUNNING_GRACE_SECONDS:
        return

    def answered(keep: bool | None) -> None:
        said = f"Timer stopped at {local_clock(seen)}, when planner closed."
        if not keep:
            stop = partial(screen.session.stop_running_timer, at=seen)
            screen.changes.change(stop, lambda _: screen.notify(said))

    from planner.ui.screens.confirm import Confirm  # dialogs load when first asked

    question = (
        f"The timer on “{running.title}” was left running when planner closed at "
        f"{local_clock(seen)}. Count the {minutes_text(gap)} since then?"
    )
    screen.app.push_screen(
        Confirm(question, yes="Keep the time", no=f"Stop at {local_clock(seen)}"), answered
    )
