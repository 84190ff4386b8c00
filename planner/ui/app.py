"""PlannerApp: wires the session to the screens. Behaviour lives in the screens; the command
palette in planner.ui.palette, themes in planner.ui.themes, the `?` help in
planner.ui.screens.help; the remote sync in planner.ui.remote_sync.

What the first frame does not need (the palette, the dialogs) is imported when first used:
see benchmarks/bench_startup.py."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.dom import DOMNode
from textual.notifications import Notify
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from planner.config import ConfigError
from planner.session.work import Session
from planner.ui.first_run import show_keys_hint
from planner.ui.orphan import leave_when_orphaned
from planner.ui.remote_sync import RemoteSyncRunner
from planner.ui.screens.today import TodayScreen
from planner.ui.themes.colors import rung_variables_for
from planner.ui.themes.loading import load_themes
from planner.ui.themes.spec import DEFAULT_THEME

if TYPE_CHECKING:
    from planner.ui.palette import ThemePicker

# Toasts on screen at once: a new one takes the place of the oldest, so notices never pile
# up over the checklist.
MAX_TOASTS = 2


def task_provider() -> type[Provider]:
    """The palette's task search, loaded when the palette first opens."""
    from planner.ui.palette import TaskProvider

    return TaskProvider


class PlannerApp(App[None]):
    """Constructed with no arguments it reads the same environment as the `planner` command."""

    TITLE = "planner"
    CSS_PATH = "planner.tcss"
    COMMANDS = App.COMMANDS | {task_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Keys",
            key_display="?",
            id="help",
            tooltip="Every key of this screen, and what it does",
        ),
        # Not in the footer, to leave room for "? Keys", which lists it (and everything else).
        Binding(
            "q", "quit", "Quit", show=False, id="quit", tooltip="Quit planner (everything is saved)"
        ),
        # R: free on every screen, and upper case like the other keys about all the data
        # (T, E, S); not ctrl+s, which saves in the wrap-up and the template editor.
        Binding(
            "R",
            "remote_sync",
            "Sync now (remote)",
            show=False,
            id="remote-sync",
            tooltip="remote sync: send and fetch the days now (git commit, fetch, merge, push)",
        ),
    ]

    def __init__(
        self, session: Session | None = None, day: date | None = None, theme: str | None = None
    ) -> None:
        super().__init__()
        self._session = session
        self._day = day
        self._theme_choice = theme
        self._theme_picker: ThemePicker | None = None
        self._clashes_told: set[str] = set()
        self._startup_notices: list[tuple[str, str]] = []
        self.remote = RemoteSyncRunner(self, lambda: self.session)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session.for_user()
        return self._session

    @property
    def theme_picker(self) -> ThemePicker:
        if self._theme_picker is None:
            from planner.ui.palette import ThemePicker

            self._theme_picker = ThemePicker(self, self.remember_theme)
        return self._theme_picker

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Asked again on every theme switch: built-in themes get rung colours that fit them.
        return rung_variables_for(self.current_theme)

    def on_load(self) -> None:
        # What is loaded by now (modules, classes: most objects of the process) lives as long
        # as the process, so the collector stops walking it: one full collection over it was
        # ~20 ms of every start-up, and the interpreter's collections as it exits ~60 ms of
        # every quit. It stays frozen (tests/conftest.py thaws it between tests). `planner`
        # loads the app with the collector off (cli.cmd_app): on from here.
        gc.freeze()
        gc.enable()
        # Themes are set before the first screen is styled: one stylesheet pass, not two.
        # Settings that cannot be read: get_default_screen says why and leaves.
        with contextlib.suppress(ConfigError):
            self.apply_themes()

    def refresh_css(self, animate: bool = True) -> None:
        if not self.screen_stack:
            # The theme set in on_load, before anything is styled: the first styling will
            # read the new variables. Re-parsing every stylesheet now would also empty the
            # parse cache, and the first screen would parse them all once more.
            self.stylesheet.set_variables(self.get_css_variables())
            return
        super().refresh_css(animate)

    def on_mount(self) -> None:
        if self._session is None:  # the settings could not be read: the app is leaving
            return
        show_keys_hint(self, self.session.paths.data_dir)  # before the footer mounts
        leave_when_orphaned(self)  # served in a browser: leave with the server
        for message, title in self._startup_notices:
            self.notify(message, title=title, severity="warning", timeout=10)
        keymap = self.session.settings.keymap
        if keymap:
            from planner.ui.palette import keymap_clashes

            self.set_keymap(keymap)
            for clash in keymap_clashes(keymap, [self, self.screen]):
                self.notify(f"keymap: {clash}", severity="warning", timeout=10)
        self.screen_change_signal.subscribe(self, self.screen_changed)
        self.call_after_refresh(self.remote.start)  # after the first frame, never before
        self.call_after_refresh(self.remove_stale_temporaries)

    def on_unmount(self) -> None:
        # However the app ends: a fetch or push still under way must not hold the process
        # (its worker thread) for git's 30 s; the changes go with the next sync.
        self.remote.stop_network()

    def remove_stale_temporaries(self) -> None:
        """After the first frame, in a thread: what writers killed mid-write left behind."""
        work = self.session.remove_stale_temporaries
        self.run_worker(
            work, name="temporaries", group="temporaries", thread=True, exit_on_error=False
        )

    def apply_themes(self) -> None:
        """Register the shipped and the user's themes; a broken file is reported, not fatal."""
        paths = self.session.paths
        loaded = load_themes(paths.config_dir / "themes", paths.cache_dir)
        for theme in loaded.themes:
            self.register_theme(theme)
        # Told once the screen is up (notifications need one).
        notices = [(str(problem), "Theme not loaded") for problem in loaded.problems]
        wanted = self._theme_choice or self.session.settings.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            notices.append((f"No theme named {wanted!r}; using the default.", "Theme"))
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self._startup_notices = notices
        self.theme = wanted

    def remember_theme(self, name: str) -> None:
        """A theme chosen in the palette is the one the next start uses."""
        try:
            self.session.update_setting("theme", name)
        except (ConfigError, OSError) as error:
            self.notify(f"Theme not remembered: {error}", severity="warning", timeout=10)

    def search_themes(self) -> None:
        self.theme_picker.open()  # Textual's "Theme" command, with a live preview

    def on_command_palette_option_highlighted(
        self, event: CommandPalette.OptionHighlighted
    ) -> None:
        self.theme_picker.highlighted(event)

    def on_command_palette_closed(self, event: CommandPalette.Closed) -> None:
        self.theme_picker.closed(event)

    def on_notify(self, event: Notify) -> None:
        """Before Textual's own handler adds the new toast: make room for it (at most
        MAX_TOASTS shown, the oldest goes first); severities and timeouts are untouched."""
        shown = list(self._notifications)  # oldest first; expired ones already left out
        for oldest in shown[: max(0, len(shown) - MAX_TOASTS + 1)]:
            self._unnotify(oldest, refresh=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from planner.ui.palette import planner_commands

        return planner_commands(self, screen, super().get_system_commands(screen))

    async def action_quit(self) -> None:
        """ctrl+q, q and the palette: a screen with unsaved edits asks first."""
        if not getattr(self.screen, "dirty", False):
            self.leave()
            return
        from planner.ui.screens.confirm import Confirm

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.leave()

        self.push_screen(
            Confirm(
                "There are unsaved changes. Quit and lose them?", yes="Quit", no="Keep editing"
            ),
            answered,
        )

    def action_help(self) -> None:
        from planner.ui.screens.help import HelpScreen  # loaded when first asked for

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            screen = self.screen
            history = (
                screen.session.history.labels(screen.date)
                if isinstance(screen, TodayScreen)
                else None
            )
            self.push_screen(HelpScreen.for_screen(screen, history))

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        # Asked on every key press: say it once per clash.
        names = ", ".join(sorted(f"{b.id} ({b.key})" for b in clashed_bindings))
        if names not in self._clashes_told:
            self._clashes_told.add(names)
            self.notify(f"keymap: keys already in use: {names}", severity="warning", timeout=10)

    def get_default_screen(self) -> Screen[None]:
        # The checklist is the default screen (not pushed over an empty one): quicker start.
        try:
            session = self.session
        except ConfigError as error:
            self.call_later(self.exit, None, 1, f"planner: {error}")
            return Screen()
        session.used_by_app()  # before any write: backups and leftovers are the app's way
        return TodayScreen(session, self._day or session.today())

    # --- remote sync (planner.ui.remote_sync) ------------------------------------------

    def action_remote_sync(self) -> None:
        self.remote.sync_now()

    def sync_remote_now(self) -> None:
        """The palette's "Sync now (remote)"."""
        self.remote.sync_now()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "temporaries" and event.state is WorkerState.ERROR:
            said = f"Leftover temporary files not removed: {event.worker.error}"
            self.notify(said, severity="warning", timeout=10)
        self.remote.worker_ended(event.worker, event.state)

    def screen_changed(self, screen: Screen[Any]) -> None:
        if isinstance(screen, TodayScreen):  # a checklist opened on another day, say
            self.call_after_refresh(self.remote.show)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a remote, R is not there (the palette's command says how to set one).
        return self.remote.remote_set if action == "remote_sync" else True

    def leave(self) -> None:
        """Exit; with a remote set, the changes waiting go first (a few seconds at most)."""
        if self.remote.leaving:
            return
        self.remote.leaving = True
        if self._session is None or not self.remote.has_repository():
            self.exit()
        else:
            self.run_worker(self._sync_and_exit(), name="quit", group="quit")

    async def _sync_and_exit(self) -> None:
        self.exit(message=await self.remote.sync_before_exit())
