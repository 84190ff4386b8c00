"""The first-run hint that ``?`` and ``ctrl+p`` exist (issue 16, finding 12).

The checklist's footer shows the hint (planner.ui.widgets.keys_footer) while the app has the
class KEYS_HINT_CLASS. ``show_keys_hint`` gives it that class unless the data folder's state
file says the hint was used, and watches the screens: once the keys' help or the command
palette opens, however it was opened (the key, a click on the footer, the palette's own
"Keys" command), the hints go and the state file remembers it (planner.store.ui_state).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from planner.store.ui_state import keys_hint_seen, remember_keys_hint_seen
from planner.ui.widgets.keys_footer import KEYS_HINT_CLASS, KeysFooter, KeysHint


def show_keys_hint(app: App[Any], data_dir: Path) -> None:
    """From the app's on_mount: the hint on every checklist until ``?`` or ``ctrl+p`` is
    used once (nothing at all when it has been, in this data folder)."""
    if keys_hint_seen(data_dir):
        return
    app.add_class(KEYS_HINT_CLASS)
    for footer in app.screen.query(KeysFooter):  # mounted already: the footers ask on mount
        footer.show_hint()

    def screen_changed(screen: Screen[Any]) -> None:
        if app.has_class(KEYS_HINT_CLASS) and shows_the_keys(screen):
            hint_used(app, data_dir)

    app.screen_change_signal.subscribe(app, screen_changed)


def shows_the_keys(screen: Screen[Any]) -> bool:
    """The command palette, or the `?` help (imported only once a modal screen is up: the
    help is loaded when first asked for)."""
    if isinstance(screen, CommandPalette):
        return True
    if not isinstance(screen, ModalScreen):
        return False
    from planner.ui.screens.help import HelpScreen

    return isinstance(screen, HelpScreen)


def hint_used(app: App[Any], data_dir: Path) -> None:
    """The hints go from every screen, and the state file remembers it (a file that cannot
    be written only means the hint comes back on the next start)."""
    app.remove_class(KEYS_HINT_CLASS)
    for screen in app.screen_stack:
        screen.query(KeysHint).remove()
    with contextlib.suppress(OSError):
        remember_keys_hint_seen(data_dir)
