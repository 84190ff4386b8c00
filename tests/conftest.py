"""Shared fixtures: every test runs against its own PLANNER_HOME, never the real one.

Only fixtures live here; the helpers and constants that tests import (TODAY, NOW, PLAN,
FakeClock, make_app) are in tests/helpers.py."""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from planner.config import Paths, Settings, resolve_paths
from planner.session.work import Session
from planner.ui.app import PlannerApp
from tests.helpers import PLAN, FakeClock

SETTLE_DEADLINE_SECONDS = 30.0  # generous: the deadline of a wait, never a measure


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


def creating_a_day(app: App[Any]) -> bool:
    """A checklist of ``app`` shows a day's plan that is still to be created (in line)."""
    changes = (getattr(screen, "changes", None) for screen in app.screen_stack)
    return any(getattr(line, "creating", False) for line in changes)


async def until_days_created(pilot: Pilot[Any]) -> None:
    """Until no checklist of the app has a day to create still in line."""
    deadline = time.monotonic() + SETTLE_DEADLINE_SECONDS
    while creating_a_day(pilot.app) and time.monotonic() < deadline:
        await pilot.pause()  # until the app is idle: the writer has had its turn
    assert not creating_a_day(pilot.app), "the day shown was never created"


@pytest.fixture(autouse=True)
def days_created_before_keys(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checklist opened on a day with no file shows its plan at once and creates the day a
    moment later, first in its line of changes (planner.ui.screens.day_changes). A person's
    first key comes after that moment; a test's would come within it. So a test goes on
    once the days it opened are stored: when its app has started and after each key. Tests
    of that moment itself are marked ``keys_before_day_stored``."""
    if request.node.get_closest_marker("keys_before_day_stored"):
        return
    run_test, press = PlannerApp.run_test, Pilot.press

    @asynccontextmanager
    async def started(app: PlannerApp, *args: Any, **kwargs: Any) -> AsyncIterator[Pilot[Any]]:
        async with run_test(app, *args, **kwargs) as pilot:
            await until_days_created(pilot)
            yield pilot

    async def pressed(pilot: Pilot[Any], *keys: str) -> None:
        await press(pilot, *keys)
        if isinstance(pilot.app, PlannerApp):
            await until_days_created(pilot)

    monkeypatch.setattr(PlannerApp, "run_test", started)
    monkeypatch.setattr(Pilot, "press", pressed)
