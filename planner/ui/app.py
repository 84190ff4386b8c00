"""PlannerApp: wires the session to the screens. Behaviour lives in the screens; the command
palette in planner.ui.palette, themes in planner.ui.themes, the `?` help in
planner.ui.screens.help. The remote sync runs here, app-wide: its state is
planner.session.remote_sync's, the syncing in worker threads."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from planner.config import ConfigError
from planner.session.remote_sync import RemoteSync
from planner.session.work import Session
from planner.ui.palette import TaskProvider, ThemePicker, keymap_clashes, planner_commands
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.today import TodayScreen
from planner.ui.themes.colors import rung_variables_for
from planner.ui.themes.loading import load_themes
from planner.ui.themes.spec import DEFAULT_THEME
from planner.ui.widgets.day_header import DayHeader
from planner.ui.widgets.side_panel import SidePanel

ResultT = TypeVar("ResultT")

REMOTE_SYNC = "remote-sync"  # the workers' group
# Every sync the app starts stops its network part after this long (the changes then wait
# for the next one): a quit waits for a sync under way, so this bounds the quit as well.
SYNC_SECONDS = 3.0
# How often the app looks at the folder (git status, no network) for changes waiting and
# sees whether the periodic sync (every remote_sync_minutes) is due.
REMOTE_LOOK_SECONDS = 30.0


class PlannerApp(App[None]):
    """Constructed with no arguments it reads the same environment as the `planner` command."""

    TITLE = "planner"
    CSS_PATH = "planner.tcss"
    COMMANDS = App.COMMANDS | {TaskProvider}
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
        self.theme_picker = ThemePicker(self, self.remember_theme)
        self._clashes_told: set[str] = set()
        self._startup_notices: list[tuple[str, str]] = []
        self._remote_sync: RemoteSync | None = None
        self._remote_timer: Timer | None = None
        self._stop_told = ""  # the reason of a stopped sync, told once
        self._remote_shown = False
        self._leaving = False

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session.for_user()
        return self._session

    @property
    def remote_sync(self) -> RemoteSync:
        if self._remote_sync is None:
            session = self.session
            self._remote_sync = RemoteSync(session.paths.data_dir, session.settings, session.clock)
        return self._remote_sync

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Asked again on every theme switch: built-in themes get rung colours that fit them.
        return rung_variables_for(self.current_theme)

    def on_load(self) -> None:
        # Themes are set before the first screen is styled: one stylesheet pass, not two.
        # Settings that cannot be read: get_default_screen says why and leaves.
        with contextlib.suppress(ConfigError):
            self.apply_themes()

    def on_mount(self) -> None:
        if self._session is None:  # the settings could not be read: the app is leaving
            return
        for message, title in self._startup_notices:
            self.notify(message, title=title, severity="warning", timeout=10)
        keymap = self.session.settings.keymap
        self.set_keymap(keymap)
        for clash in keymap_clashes(keymap, [self, self.screen]):
            self.notify(f"keymap: {clash}", severity="warning", timeout=10)
        self.screen_change_signal.subscribe(self, self.screen_changed)
        self.call_after_refresh(self.start_remote_sync)  # after the first frame, never before

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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return planner_commands(self, screen, super().get_system_commands(screen))

    async def action_quit(self) -> None:
        """ctrl+q, q and the palette: a screen with unsaved edits asks first."""
        if not getattr(self.screen, "dirty", False):
            self.leave()
            return

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
        return TodayScreen(session, self._day or session.today())

    # --- remote sync: the state is planner.session.remote_sync's, git runs in threads ---

    def start_remote_sync(self) -> None:
        """After the first frame: a sync when the data folder may have a remote; its end
        starts the periodic look (and sync)."""
        if self._session is None or self._leaving or not self.remote_sync.has_repository():
            return
        self.run_remote_sync("start", partial(self.remote_sync.sync_at_start, SYNC_SECONDS))

    def run_remote_sync(self, name: str, work: Callable[[], ResultT]) -> Worker[ResultT]:
        return self.run_worker(work, name=name, group=REMOTE_SYNC, exclusive=True, thread=True)

    def remote_sync_running(self) -> list[Worker[Any]]:
        """The remote sync's workers not yet ended (one at most)."""
        return [worker for worker in self.workers if worker.group == REMOTE_SYNC]

    def action_remote_sync(self) -> None:
        self.sync_remote_now()

    def sync_remote_now(self) -> None:
        """R and the palette's "Sync now (remote)": a sync now, then a notice of how it went."""
        sync = self.remote_sync
        if not sync.has_repository():
            self.notify(sync.outcome_text(), title="Sync now (remote)", timeout=10)
        elif self._leaving or self.remote_sync_running():
            self.notify("remote sync: a sync is under way; the state shows when it ends")
        else:
            self.run_remote_sync("now", partial(sync.sync_now, SYNC_SECONDS))

    def remote_sync_tick(self) -> None:
        """Every REMOTE_LOOK_SECONDS: the state shown afresh, then (in a thread) a look at
        the changes waiting and the periodic sync when due."""
        self.show_remote_sync()
        if not (self._leaving or self.remote_sync_running()):
            due = partial(self.remote_sync.sync_if_due, self.session.now(), SYNC_SECONDS)
            self.run_remote_sync("tick", due)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != REMOTE_SYNC or event.state is not WorkerState.SUCCESS:
            return
        if worker.name == "quit":  # the app is closing: nothing more to show
            return
        sync = self.remote_sync
        self.show_remote_sync()
        for screen in self.screen_stack:  # a sync may have brought changes: show them
            if isinstance(screen, TodayScreen):
                screen.reload_if_changed_outside()
        if worker.name == "now":
            self.notify(sync.outcome_text(), severity=sync.severity, timeout=10)
        elif sync.state.stopped and sync.state.reason != self._stop_told:  # said once
            self.notify(sync.outcome_text(), severity="error", timeout=20)
        self._stop_told = sync.state.reason if sync.state.stopped else ""
        if sync.remote_set and self._remote_timer is None:
            minutes = sync.minutes * 60 or REMOTE_LOOK_SECONDS
            self._remote_timer = self.set_interval(
                min(REMOTE_LOOK_SECONDS, minutes), self.remote_sync_tick
            )
        self.refresh_bindings()  # R is there once a remote is

    def show_remote_sync(self) -> None:
        """The state in the side panel (wide terminals) and the header (narrow ones);
        nothing at all for a folder that never had a remote."""
        sync = self._remote_sync
        if sync is None or not (sync.remote_set or self._remote_shown):
            return
        self._remote_shown = True  # a remote removed meanwhile: its line goes away
        text, severity = sync.status_text(self.session.now()), sync.severity
        for screen in self.screen_stack:
            for header in screen.query(DayHeader):
                header.show_remote_sync(text, severity)
            for panel in screen.query(SidePanel):
                panel.show_remote_sync(text, severity)

    def screen_changed(self, screen: Screen[Any]) -> None:
        if isinstance(screen, TodayScreen):  # a checklist opened on another day, say
            self.call_after_refresh(self.show_remote_sync)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a remote, R is not there (the palette's command says how to set one).
        if action == "remote_sync":
            return self._remote_sync is not None and self._remote_sync.remote_set
        return True

    def leave(self) -> None:
        """Exit; with a remote set, the changes waiting go first (SYNC_SECONDS at most)."""
        if self._leaving:
            return
        self._leaving = True
        if self._session is None or not self.remote_sync.has_repository():
            self.exit()
        else:
            self.run_worker(self._sync_and_exit(), name="quit", group="quit")

    async def _sync_and_exit(self) -> None:
        started, sync = time.monotonic(), self.remote_sync
        running = self.remote_sync_running()
        if running or sync.state.waiting:
            self.notify("remote sync: sending your changes before quitting…", timeout=5)
        if running:
            await self.workers.wait_for_complete(running)  # a thread cannot be stopped
        left = SYNC_SECONDS - (time.monotonic() - started)
        message = sync.quit_text()
        if left > 0.5:  # what is left of SYNC_SECONDS: the quit never waits much longer
            message = await self.run_remote_sync("quit", partial(sync.sync_at_quit, left)).wait()
        self.exit(message=message)
