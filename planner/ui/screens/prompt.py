"""A small modal asking for one line of text (a skip reason, a note, a name, a duration).

What was typed is never lost to a mistake. A pre-filled value is selected, so typing
replaces it (``12`` over ``10`` is 12, not 1012). A ``validate`` that finds the text wrong
puts its message under the field and the dialog stays open; an ``ask_first`` that finds it
unlikely (16 hours on one task) asks before it is returned, and "no" comes back to the
field with the text as it was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

# The error message for a text, or None when the text is fine.
Validator = Callable[[str], str | None]
# The question to ask before a text is taken (it is valid but unlikely), or None.
AskFirst = Callable[[str], str | None]


class TextPrompt(ModalScreen[str | None]):
    """Returns the text on enter (possibly empty), or None when cancelled with escape."""

    DEFAULT_CSS = """
    #prompt-error {
        width: 100%;
        color: $text-error;
        display: none;
    }
    TextPrompt.-invalid #prompt-error {
        display: block;
    }
    """

    AUTO_FOCUS = "#prompt-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        # q is a letter in the field (it takes it); on a button it cancels too.
        Binding("escape,q", "cancel", "Cancel", id="cancel", tooltip="Close without saving"),
    ]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        select: bool = True,
        validate: Validator | None = None,
        ask_first: AskFirst | None = None,
    ) -> None:
        """``select``: the pre-filled ``value`` is selected (False: the caret goes after it,
        for a text that is added to, such as a note)."""
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._select = select
        self._validate = validate
        self._ask_first = ask_first
        self.error = ""  # the message shown under the field ("" when none)

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self._title, id="prompt-title")
            yield Input(
                value=self._value,
                placeholder=self._placeholder,
                select_on_focus=self._select,
                id="prompt-input",
            )
            yield Label("", id="prompt-error", markup=False)
            with Horizontal(id="prompt-buttons"):
                yield Button("OK (enter)", variant="primary", id="prompt-ok")
                yield Button("Cancel (esc)", id="prompt-cancel")

    @property
    def field(self) -> Input:
        return self.query_one("#prompt-input", Input)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        # The message was about the text as it was: once it changes, it may be fine.
        self._show_error("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self.submit(self.field.value)
        else:
            self.dismiss(None)

    def submit(self, text: str) -> None:
        """Return ``text``: after saying what is wrong with it (and staying open), or asking
        first when it is unlikely."""
        error = self._validate(text) if self._validate else None
        if error:
            self._show_error(error)
            return
        question = self._ask_first(text) if self._ask_first else None
        if not question:
            self.dismiss(text)
            return
        from planner.ui.screens.confirm import Confirm  # dialogs load when first asked

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(text)
            elif self._select:  # back at the text as typed, to be typed over
                self.field.select_all()

        self.app.push_screen(Confirm(question, yes="Save it", no="Change it"), answered)

    def _show_error(self, error: str) -> None:
        if error == self.error:
            return
        self.error = error
        self.query_one("#prompt-error", Label).update(error)
        self.set_class(bool(error), "-invalid")
        self.field.set_class(bool(error), "-invalid")

    def action_cancel(self) -> None:
        self.dismiss(None)
