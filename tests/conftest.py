"""Shared fixtures: every test runs against its own PLANNER_HOME, never the real one.

Only fixtures live here; the helpers and constants that tests import (TODAY, NOW, PLAN,
FakeClock, make_app) are in tests/helpers.py."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.config import Paths, Settings, resolve_paths
from planner.session.work import Session
from tests.helpers import PLAN, FakeClock


@pytest.fixture(autouse=True)
def planner_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "planner-home"
    monkeypatch.setenv("PLANNER_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """What an app froze when it loaded (PlannerApp.on_load) collectable again: a test
    process runs many apps, a user's only one."""
    yield
    gc.unfreeze()


@pytest.fixture
def paths(planner_home: Path) -> Paths:
    return resolve_paths()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(paths: Paths, clock: FakeClock) -> Session:
    return Session(paths, Settings(), clock=clock)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "pilot.yaml"
    path.write_text(PLAN)
    return path


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test (snapshots show clock times)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
