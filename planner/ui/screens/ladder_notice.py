"""The out-of-ladder-order notice ("Listen still has open tasks…"): said once per rung per
day in a window, not on every action (issue 16, finding 9). The ladder is shown, not
enforced: once is enough to point at it."""

from __future__ import annotations

from datetime import date

from planner.core.ladder import Rung
from planner.core.plan import out_of_order_notice
from planner.ui.screens.day_screen import DayScreen


class LadderNotices:
    """The rungs this window has pointed to, per day."""

    def __init__(self) -> None:
        self._said: set[tuple[date, Rung]] = set()

    def say(self, screen: DayScreen, rung: Rung | None) -> None:
        """The notice that ``rung`` (None: nothing to say) still has open tasks, unless it
        was said for this rung on the screen's day already."""
        if rung is None or (screen.date, rung) in self._said:
            return
        self._said.add((screen.date, rung))
        screen.notify(out_of_order_notice(rung), title="Out of ladder order")
