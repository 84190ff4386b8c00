"""Shared test helpers and constants: tests import them from here (``from tests.helpers import
...``); the pytest fixtures that use them live in tests/conftest.py."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.config import Paths, Settings
from planner.session.work import Session

if TYPE_CHECKING:
    from textual.app import App

    from planner.ui.app import PlannerApp

# A Tuesday: the default template has weekday rules, so the weekday matters.
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30).astimezone()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


# A small plan for the app tests: one task a rung on most rungs, a counted task, and a
# Monday-only task (TODAY is a Tuesday).
PLAN = textwrap.dedent(
    """\
    name: Pilot plan
    budget_minutes: 30
    ladder:
      listen:
        - {title: Scan mentions, id: scan, minutes: 5, channel: LinkedIn}
      read:
        - {title: Read the news, id: news}
      comment:
        - {title: Comment on posts, id: posts, target: 3, unit: comments}
      close:
        - {title: Follow up proposals, id: follow}
        - {title: Mondays only, id: monday, days: [mon]}
    """
)


def make_app(
    paths: Paths, clock: FakeClock, plan_file: Path, day: date | None = None
) -> PlannerApp:
    """The app on ``plan_file``, opened on ``day`` (default TODAY) with the fake clock."""
    from planner.ui.app import PlannerApp

    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    return PlannerApp(session=session, day=day or TODAY)


def git_missing() -> bool:
    """True where git is not installed (the sync tests then skip; CI installs it)."""
    return shutil.which("git") is None


def on_screen(app: App[Any]) -> object:
    """The screen on top, as a plain object: ``on_screen(app) is dialog`` checks which
    screen shows without mypy taking the dialog for the app's screen type from then on."""
    return app.screen
