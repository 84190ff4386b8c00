"""Snapshots where the picture is the point: the day's checklist at the smallest size.

The date, clock and time zone are fixed so the picture only changes when the layout does.
Update on purpose with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from planner.app import PlannerApp
from planner.config import Paths, Settings
from planner.session import Session


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def app_on_a_tuesday(paths: Paths) -> PlannerApp:
    moment = datetime(2026, 11, 24, 8, 40).astimezone()
    session = Session(paths, Settings(), clock=lambda: moment)
    return PlannerApp(session=session, day=moment.date())


def test_today_at_80x24(snap_compare: Any, paths: Paths, utc: None, tmp_path: Path) -> None:
    keys = ["space", "j", "s", *"travel", "enter", "j", "plus", "n", *"Jane at ACME", "enter"]
    assert snap_compare(app_on_a_tuesday(paths), press=keys, terminal_size=(80, 24))
