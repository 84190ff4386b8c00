"""Shared fixtures: every test runs against its own PLANNER_HOME, never the real one."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from planner.config import Paths, Settings, resolve_paths
from planner.session import Session

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp

# A Tuesday: the default template has weekday rules, so the weekday matters.
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 30).astimezone()


@pytest.fixture(autouse=True)
def planner_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "planner-home"
    monkeypatch.setenv("PLANNER_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture
def paths(planner_home: Path) -> Paths:
    return resolve_paths()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(paths: Paths, clock: FakeClock) -> Session:
    return Session(paths, Settings(), clock=clock)


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


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "pilot.yaml"
    path.write_text(PLAN)
    return path


def make_app(
    paths: Paths, clock: FakeClock, plan_file: Path, day: date | None = None
) -> PlannerApp:
    """The app on ``plan_file``, opened on ``day`` (default TODAY) with the fake clock."""
    from planner.ui.app import PlannerApp

    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    return PlannerApp(session=session, day=day or TODAY)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test (snapshots show clock times)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
