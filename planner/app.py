"""PlannerApp: wires the session to the screens. Behaviour lives in the screens."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from planner.config import load_settings, resolve_paths
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

    def on_mount(self) -> None:
        try:
            session = self._session or default_session()
            self.push_screen(TodayScreen(session, self._day or session.today()))
        except Exception as error:
            self.exit(return_code=1, message=f"planner: {error}")


def default_session() -> Session:
    paths = resolve_paths()
    return Session(paths, load_settings(paths.config_file))
