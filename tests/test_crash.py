"""A writer killed with SIGKILL mid-change leaves every file whole, the change made or not
made, the lock free and (after the next start) no temporary file: 20 seeded kills through
the harness of ``tests/stress.py`` (``benchmarks/bench_crash.py`` runs 300). And the checks
themselves fail when a writer does tear a file or half-applies a change."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from planner.store import records
from planner.store.days import Store
from tests.stress import (
    ON_ITS_OWN,
    Change,
    CrashPlan,
    CrashReport,
    applied,
    make_change,
    run_crashes,
    stored_state,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="writers are forked and killed")

KILLS = 20
PLAN = CrashPlan(seed=20261124, big=40, small=4, note_length=400)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> CrashReport:
    return run_crashes(tmp_path_factory.mktemp("crash") / "data", PLAN, KILLS)


def test_every_kill_is_checked(report: CrashReport) -> None:
    assert report.kills == KILLS
    assert report.writer_failures == 0, report.problems
    assert report.files_checked >= KILLS * 2  # two day files at least, after every kill


def test_kills_leave_every_file_whole(report: CrashReport) -> None:
    assert report.torn == 0, report.problems


def test_kills_leave_the_state_before_or_after_the_change(report: CrashReport) -> None:
    assert report.half_applied == 0, report.problems
    # Not vacuous: the seeded kill moments let writers finish changes, and each one counts.
    assert report.changes_acknowledged > 0
    assert report.changes_found == report.changes_acknowledged


def test_kills_leave_no_lock_behind(report: CrashReport) -> None:
    assert report.stale_locks == 0, report.problems


@pytest.mark.skipif(
    not hasattr(Store, "remove_stale_temporaries"), reason="no clean-up at start yet"
)
def test_the_next_start_leaves_no_temporary(report: CrashReport) -> None:
    assert report.clean_up_exists
    assert report.starts_leaving_temps == 0
    assert report.temps_after_start == 0
    assert report.temps_removed_at_start == report.temps_left_by_kills


def test_the_model_follows_the_store(tmp_path: Path) -> None:
    """What the checks expect after a change is what the Store stores for it, and a change
    not made shows."""
    store = Store(tmp_path / "data")
    for day in PLAN.first_days():
        store.ensure_day(day)
    expected = stored_state(store, PLAN.days)
    assert expected is not None
    kinds = set()
    for number in range(12):
        change = PLAN.change(number)
        kinds.add(change.kind)
        before, expected = expected, applied(expected, change)
        assert expected != before
        make_change(store, change)
        assert stored_state(store, PLAN.days) == expected
    assert kinds == {"note", "count", "win"}


def write_half_and_die(path: Path, content: bytes) -> None:
    """A broken atomic write: in place, and the writer dies halfway."""
    with open(path, "wb") as handle:
        handle.write(content[: len(content) // 2])
    os.kill(os.getpid(), signal.SIGKILL)


def tearing_change(store: Store, change: Change) -> None:
    """Runs in the writer only: the parent's own writes stay atomic."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "write_atomically", write_half_and_die)
        make_change(store, change)


def test_a_torn_file_is_seen(tmp_path: Path) -> None:
    found = run_crashes(tmp_path / "data", PLAN, 3, make=tearing_change, aims=(ON_ITS_OWN,))
    assert found.torn >= 3  # each writer tears the first file it writes (a backup)
    assert any("torn file" in problem for problem in found.problems)


def half_change(store: Store, change: Change) -> None:
    """Stores part of something else (a count on another task), then the writer dies."""
    other = Change(change.number, PLAN.days[1], "count", PLAN.task_ids(PLAN.days[1])[0], "")
    make_change(store, other)
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_half_applied_change_is_seen(tmp_path: Path) -> None:
    found = run_crashes(tmp_path / "data", PLAN, 3, make=half_change, aims=(ON_ITS_OWN,))
    assert found.half_applied == 3
    assert found.torn == 0
