"""A yes/no question as a modal; the answer comes back through dismiss().

The safe answer has the focus: every question is put so that "no" leaves things as they
are, so enter never deletes or discards. ``y`` (or a click) says yes explicitly.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class Confirm(ModalScreen[bool]):
    """Returns True for ``yes`` (key y), False for ``no`` (key n, escape, q, or enter: the
    "no" button has the focus)."""

    AUTO_FOCUS = "#no"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="yes", tooltip="Answer yes"),
        # q too, as it goes back everywhere but the checklist: never a quit that skips this.
        Binding("n,escape,q", "answer(False)", "No", id="no", tooltip="Answer no"),
    ]

    def __init__(
        self, question: str, *, yes: str = "Yes", no: str = "No", danger: bool = False
    ) -> None:
        """``danger``: yes destroys something (a delete, a discard); its button says so."""
        super().__init__()
        self._question, self._yes, self._no = question, yes, no
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(self._question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    f"{self._yes} (y)", variant="error" if self._danger else "default", id="yes"
                )
                yield Button(f"{self._no} (n)", variant="primary", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
