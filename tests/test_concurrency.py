"""Three processes changing one day at once, through the Store and through the CLI, lose
no update: every win and every minute acknowledged to one of them is in the day. The
harness is ``tests/stress.py`` (``benchmarks/bench_concurrency.py`` runs 3 x 200); and the
check does see an update that went missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.config import resolve_paths
from planner.core.model import Day
from planner.core.timebox import add_time
from planner.store.days import Store
from tests.stress import CONCURRENCY_DAY, LOGGED_SECONDS, Race, Racer, check_race, run_race

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="racers are forked")

STORE_CHANGES = 20
CLI_CHANGES = 8  # a fresh interpreter each: a few hundred ms


@pytest.fixture(scope="module")
def race(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Race]:
    home = tmp_path_factory.mktemp("race")
    racers = (
        Racer(0, "store", STORE_CHANGES),
        Racer(1, "cli", CLI_CHANGES),
        Racer(2, "store", STORE_CHANGES),
    )
    return home, run_race(home, racers)


def test_three_processes_lose_no_update(race: tuple[Path, Race]) -> None:
    home, ran = race
    check = check_race(home, ran)
    assert ran.exit_codes == (0, 0, 0)
    assert check.failures == 0, check.problems
    assert check.acknowledged == 2 * STORE_CHANGES + CLI_CHANGES
    assert check.found == check.acknowledged
    assert check.lost_updates == 0
    assert check.extra == 0, check.problems
    assert set(check.change_seconds) == {"store", "cli"}


def drop_a_win(day: Day) -> None:
    day.wins.pop()


def test_a_lost_update_is_seen(tmp_path: Path) -> None:
    racers = tuple(Racer(number, "store", 6) for number in range(3))
    ran = run_race(tmp_path, racers)
    assert check_race(tmp_path, ran).lost_updates == 0
    store = Store(resolve_paths({"PLANNER_HOME": str(tmp_path)}).data_dir)
    store.change_day(CONCURRENCY_DAY, drop_a_win)
    store.update_task(CONCURRENCY_DAY, ran.task_id, lambda task: add_time(task, -LOGGED_SECONDS))
    check = check_race(tmp_path, ran)
    assert (check.lost_wins, check.lost_minutes) == (1, 1)
    assert check.found == check.acknowledged - 2
