"""The checklist's `w`: the wrap-up dialog, saved as a three-way merge onto the day as it is
now (see planner.core.wrap_up); what changed elsewhere meanwhile is shown, not overwritten."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.core.model import Day, OutcomeKinds, WrapUp
from planner.errors import PlannerError
from planner.ui.screens.day_screen import DayScreen

if TYPE_CHECKING:
    from planner.core.wrap_up import Conflict


def open_wrap_up(
    screen: DayScreen, base: WrapUp, shown: WrapUp | None = None, notice: str = ""
) -> None:
    """The wrap-up dialog on ``shown`` (default ``base``); saving applies what changed from
    ``base`` to the day as stored then (see Session.save_wrap_up)."""
    from planner.ui.screens.wrap_up import WrapUpScreen  # its TextAreas load when wanted

    session = screen.session

    def save(result: WrapUp | None) -> None:
        if result is not None:  # written in line with the checklist's other changes
            screen.changes.change(lambda when: session.save_wrap_up(when, base, result), saved)

    def saved(outcome: tuple[Day, list[Conflict]]) -> None:
        stored, conflicts = outcome  # the day itself is already shown
        if not conflicts:
            screen.notify("Wrap-up saved.")
            return
        from planner.core.wrap_up import with_both_versions  # for a clash only, not at start-up

        again, told = with_both_versions(WrapUp.of(stored), conflicts)
        # Said twice: at the top of the dialog, and as a toast a tall dialog cannot hide.
        screen.notify(told, title="Not overwritten", severity="warning", timeout=15)
        open_wrap_up(screen, WrapUp.of(stored), again, told)

    channels = session.known_channels(screen.date)
    try:
        template = session.template_for(screen.date)
        units, kinds = [goal.unit for goal in template.goals], template.outcomes
        strategies = [strategy.id for strategy in template.strategies]
    except PlannerError:  # the template cannot be read: free text, no numbers
        units, kinds, strategies = [], OutcomeKinds(), []
    dialog = WrapUpScreen(
        shown or base,
        units,
        notice=notice,
        channels=channels,
        stored=base,
        kinds=kinds,
        strategies=strategies,
    )
    screen.app.push_screen(dialog, save)
