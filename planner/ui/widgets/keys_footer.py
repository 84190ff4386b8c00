"""The checklist's footer: Textual's Footer, rebuilt only when the keys it would show change.

Textual's Footer rebuilds all its keys each time the screen says its bindings changed. While
the checklist opens the screen says so three times over the very same keys (focus given, the
screen resumed, the first idle), and every rebuild mounts and restyles each key again: two
of the three were most of the work between the first frame and an idle app.

On first runs a line above the footer (``KeysHint``) says that ``?`` lists every key and
``ctrl+p`` finds commands and tasks: the footer has no room for all the keys at 80 columns.
It is shown while the app has the class KEYS_HINT_CLASS, which planner.ui.first_run gives
it from the state file and takes away, with the hints, once either key has been used.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Static

KEYS_HINT_CLASS = "-keys-hint"

KEYS_HINT = Content.assemble(
    "New here? Press ",
    ("?", "b $accent"),
    " for every key, ",
    ("ctrl+p", "b $accent"),
    " to search commands and tasks.",
)


class KeysHint(Static):
    """The first-run hint: one line just above the footer."""

    DEFAULT_CSS = """
    KeysHint {
        dock: bottom;
        margin-bottom: 1;  /* above the footer, docked at the bottom too */
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $foreground 70%;
    }
    """

    def __init__(self) -> None:
        super().__init__(KEYS_HINT)


class TouchKeys(Static):
    """In a browser tab (`planner serve`): a touch screen has no ctrl+p and a narrow footer
    hides keys, so one line above the footer opens the command palette and the keys' help
    with a tap. It stands for the first-run hint there."""

    DEFAULT_CSS = """
    TouchKeys {
        dock: bottom;
        margin-bottom: 1;
        height: 1;
        padding: 0 1;
        background: $footer-background;
    }
    """

    def __init__(self) -> None:
        super().__init__(
            "[@click=app.command_palette]☰ Commands[/]   [@click=app.help]? Keys[/]",
            id="touch-keys",
        )


class KeysFooter(Footer):
    """A Footer that skips a rebuild which would show what it shows already."""

    _shown: tuple[object, ...] | None = None  # what the keys on show were built from

    def on_mount(self) -> None:  # Footer's own on_mount runs as well
        parent = self.parent
        if self.app.is_web and isinstance(parent, Widget):
            parent.mount(TouchKeys(), before=self)
        elif self.app.has_class(KEYS_HINT_CLASS):
            self.show_hint()

    def show_hint(self) -> None:
        """Put the first-run hint above the footer, if it is not there yet (in a browser
        tab the touch keys stand in for it)."""
        parent = self.parent
        if self.app.is_web:
            return
        if isinstance(parent, Widget) and not parent.query_children(KeysHint):
            parent.mount(KeysHint(), before=self)

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Nothing built (the bindings not ready yet): the next rebuild must happen.
        self._shown = self._showing() if keys else None
        yield from keys

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._showing() == self._shown:
            return
        await super().recompose()

    def _showing(self) -> tuple[object, ...]:
        """All that Footer.compose reads: each binding (keymap applied), whether it is
        enabled, its tooltip, and the footer's own settings."""
        settings = (self.compact, self.show_command_palette, self.combine_groups)
        return (*settings, *self.screen.active_bindings.values())
