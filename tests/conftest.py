"""Shared fixtures: every test runs against its own PLANNER_HOME, never the real one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from planner.config import Paths, Settings, resolve_paths
from planner.session import Session

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
