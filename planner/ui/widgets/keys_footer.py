"""The checklist's footer: Textual's Footer, rebuilt only when the keys it would show change.

Textual's Footer rebuilds all its keys each time the screen says its bindings changed. While
the checklist opens the screen says so three times over the very same keys (focus given, the
screen resumed, the first idle), and every rebuild mounts and restyles each key again: two
of the three were most of the work between the first frame and an idle app.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class KeysFooter(Footer):
    """A Footer that skips a rebuild which would show what it shows already."""

    _shown: tuple[object, ...] | None = None  # what the keys on show were built from

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
