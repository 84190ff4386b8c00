"""PlannerApp: wires the session to the screens. Behaviour lives in the screens."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from planner.config import ConfigError, load_settings, resolve_paths
from planner.screens.today import TodayScreen
from planner.session import Session


class PlannerApp(App[None]):
    """Constructed with no arguments it reads the same environment as the `planner` command."""

    TITLE = "planner"
    CSS_PATH = "planner.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit planner (everything is already saved)"),
    ]

    def __init__(
        self, session: Session | None = None, day: date | None = None, theme: str | None = None
    ) -> None:
        super().__init__()
        self._session = session
        self._day = day
        self._theme_choice = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Asked again on every theme switch: built-in themes get rung colours that fit them.
        from planner.theming import RUNG_VARIABLE_DEFAULTS, rung_variables_for

        try:
            return rung_variables_for(self.current_theme)
        except Exception:
            return dict(RUNG_VARIABLE_DEFAULTS)

    def on_mount(self) -> None:
        self.apply_themes()

    def apply_themes(self) -> None:
        """Register the shipped and the user's themes; a broken file is reported, not fatal."""
        from planner.theming import DEFAULT_THEME, load_themes

        paths = self._session.paths if self._session else resolve_paths()
        loaded = load_themes(paths.config_dir / "themes")
        for theme in loaded.themes:
            self.register_theme(theme)
        for problem in loaded.problems:
            self.notify(str(problem), title="Theme not loaded", severity="warning", timeout=10)
        settings = self._session.settings.theme if self._session else None
        wanted = self._theme_choice or settings or DEFAULT_THEME
        if wanted not in self.available_themes:
            self.notify(f"No theme named {wanted!r}; using the default.", severity="warning")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted

    def get_default_screen(self) -> Screen[None]:
        # The checklist is the default screen (not pushed over an empty one): quicker start.
        try:
            session = self._session or default_session()
        except ConfigError as error:
            self.call_later(self.exit, None, 1, f"planner: {error}")
            return Screen()
        return TodayScreen(session, self._day or session.today())


def default_session() -> Session:
    paths = resolve_paths()
    return Session(paths, load_settings(paths.config_file))
