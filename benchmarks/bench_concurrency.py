"""Three processes changing one day at once: no update lost.

Run ``python benchmarks/bench_concurrency.py`` (``--changes N``, 200 by default; a few
minutes on a busy machine, most of it the CLI's interpreters starting). In a temporary
PLANNER_HOME, one day is made from the default template; then three processes change it
at once, each ``--changes`` times: by turns a win with a text of its own, and a minute
logged on the day's first task (the same task for all). See ``tests/stress.py``.

- a mix: one process through the Store's API, two through the CLI (``python -m planner
  win TEXT`` and ``python -m planner log TASK 1m``, a fresh interpreter for each change,
  as a user's scripts run it). The Store process pauses about one CLI command between its
  changes, so that the three race from start to end.
- the Store alone: three processes through the Store's API, no pause (the most
  contention the lock can get).

Each process writes down every change acknowledged to it (the command exited 0, the Store
returned); afterwards each must be in the day: every win once, every minute logged. A
missing one is a *lost update* (target 0). Throughput is the changes of all three over
the time from the start signal to the last one's end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # the harness lives in tests/

from tests.stress import Race, RaceCheck, Racer, check_race, run_race

CHANGES = 200
MIX = ("store", "cli", "cli")
STORE_ONLY = ("store", "store", "store")


def report(title: str, ran: Race, check: RaceCheck) -> bool:
    """Print what one race found; whether it met the targets."""
    ways = ", ".join(racer.way for racer in ran.racers)
    changes = ran.racers[0].changes
    print(f"{title}: 3 processes ({ways}) x {changes} changes on one day")
    print(f"  acknowledged: {check.acknowledged}, found in the day: {check.found}")
    lost, extra = check.lost_updates, check.extra
    print(
        f"  lost updates: {lost} (wins {check.lost_wins}, minutes {check.lost_minutes}) "
        f"(target 0) {'ok' if lost == 0 else 'MISSED'}"
    )
    print(f"  found twice or never made: {extra} (target 0) {'ok' if extra == 0 else 'MISSED'}")
    refused = check.failures + sum(code != 0 for code in ran.exit_codes)
    print(
        f"  changes refused, processes failed: {check.failures}, "
        f"{sum(code != 0 for code in ran.exit_codes)} (target 0) "
        f"{'ok' if refused == 0 else 'MISSED'}"
    )
    rate = check.acknowledged / ran.seconds if ran.seconds else 0.0
    print(
        f"  throughput: {check.acknowledged} changes in {ran.seconds:.1f} s = {rate:.1f} a second"
    )
    medians = ", ".join(
        f"{way} {statistics.median(seconds) * 1000:.0f} ms"
        for way, seconds in sorted(check.change_seconds.items())
    )
    print(f"  one change, median: {medians} (the CLI's includes starting an interpreter)")
    for problem in check.problems[:10]:
        print(f"  {problem}")
    return lost == 0 and extra == 0 and refused == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=CHANGES)
    options = parser.parse_args(argv)
    passed = True
    for title, ways in (("store and CLI", MIX), ("Store alone", STORE_ONLY)):
        racers = tuple(Racer(n, way, options.changes) for n, way in enumerate(ways))
        with tempfile.TemporaryDirectory(prefix="planner-bench-concurrency-") as scratch:
            home = Path(scratch)
            ran = run_race(home, racers)
            passed = report(title, ran, check_race(home, ran)) and passed
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
