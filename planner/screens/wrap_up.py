"""The day's wrap-up: what worked, wins and losses (optionally @channel), and a free note."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from planner.model import Outcome, WrapUp, outcome_line, parse_outcome_lines


class WrapUpScreen(ModalScreen[WrapUp | None]):
    """ctrl+s saves and returns the WrapUp; escape returns None (nothing changes)."""

    AUTO_FOCUS = "#wrap-worked"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, current: WrapUp) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        current = self._current
        with VerticalScroll(id="wrap-box"):
            yield Label("[b]Wrap up the day[/]   ctrl+s saves · escape cancels", id="wrap-title")
            yield Label("What worked")
            yield TextArea(current.worked, id="wrap-worked", soft_wrap=True)
            yield Label("Wins, one a line (end with @Channel to tag it: new lead: ACME @LinkedIn)")
            yield TextArea("\n".join(map(outcome_line, current.wins)), id="wrap-wins")
            yield Label("Losses, one a line (@Channel too)")
            yield TextArea("\n".join(map(outcome_line, current.losses)), id="wrap-losses")
            yield Label("Note")
            yield Input(current.note, id="wrap-note", select_on_focus=False)

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", TextArea).text

    def action_save(self) -> None:
        # Keep the recorded time of outcomes that are still there unchanged.
        known = {outcome_line(o): o for o in (*self._current.wins, *self._current.losses)}

        def outcomes(widget_id: str) -> tuple[Outcome, ...]:
            parsed = parse_outcome_lines(self._text(widget_id))
            return tuple(known.get(outcome_line(o), o) for o in parsed)

        self.dismiss(
            WrapUp(
                worked=self._text("wrap-worked"),
                wins=outcomes("wrap-wins"),
                losses=outcomes("wrap-losses"),
                note=self.query_one("#wrap-note", Input).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
