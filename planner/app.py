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

    def __init__(self, session: Session | None = None, day: date | None = None) -> None:
        super().__init__()
        self._session = session
        self._day = day

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
