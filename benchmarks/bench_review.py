"""How long a review of one and of ten years of history takes.

Run ``python benchmarks/bench_review.py``. It writes synthetic history (one day a day,
12 tasks each, some skipped, timed, out of order, with wins, losses and wrap-up
numbers) straight into a temporary PLANNER_HOME, in exactly the format the Store writes,
and prints medians against the targets. A review is what ``planner review`` and the
review screen do: ``load_history`` (summaries of every stored day) then ``build_review``.

- cold: the summary cache is deleted before each run (the first review after an upgrade,
  or after the cache folder was cleared); every day file is read and the cache rebuilt.
- warm: the cache is there and one day (today) changed since, as after a day's work.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_store import day_tables  # the tables the Store writes, built without it

from planner.config import resolve_paths
from planner.core.ladder import RUNGS
from planner.core.model import Day, Goal, Outcome, Status, TaskState
from planner.review.figures import build_review, review_range
from planner.review.history import CACHE_FOLDER, load_history
from planner.store.days import Store
from planner.store.records import dump_tables

TODAY = date(2026, 11, 24)
TASKS_PER_DAY = 12
COLD_RUNS = 5
WARM_RUNS = 9
TARGET_MS = {1: 100.0, 10: 500.0}
STAMP = "2026-11-24T08:15:03.123456+00:00"
CHANNELS = ("LinkedIn", "Email", "X", None)
GOALS = (Goal("New leads", "leads", 3, "week"), Goal("Comments", "comments", 5, "day"))


def synthetic_day(day: date) -> Day:
    seed = day.toordinal()
    tasks = []
    for number in range(TASKS_PER_DAY):
        status = Status.DONE if (seed + number) % 5 else Status.SKIPPED
        if (seed + number) % 17 == 0:
            status = Status.OPEN
        counted = number % 4 == 0
        tasks.append(
            TaskState(
                id=f"task-{number:02d}",
                title=f"Synthetic task number {number} with a title of a usual length",
                rung=RUNGS[number % len(RUNGS)],
                minutes=5,
                channel=CHANNELS[number % len(CHANNELS)],
                target=3 if counted else None,
                unit="comments" if counted else None,
                hint="A hint from the template, as long as a short sentence.",
                status=status,
                count=number % 4,
                done_at=STAMP if status is Status.DONE else None,
                updated_at=STAMP,
                intervals=[[STAMP, STAMP]] if number % 3 == 0 else [],
                seconds=240 if number % 3 == 0 else 0,
                out_of_order=(seed + number) % 23 == 0,
            )
        )
    return Day(
        date=day,
        template="Daily marketing hour",
        tasks=tasks,
        template_source="embedded:daily-marketing-hour",
        budget_minutes=60,
        created_at=STAMP,
        updated_at=STAMP,
        wins=[Outcome("a new lead", "LinkedIn", STAMP)] if seed % 6 == 0 else [],
        losses=[Outcome("no reply", "X", STAMP)] if seed % 9 == 0 else [],
        measurements={"leads": float(seed % 2)} if seed % 3 == 0 else {},
    )


def write_day(store: Store, day: Day) -> None:
    path = store.day_file(day.date)
    tables = day_tables([day])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_tables(tables), encoding="utf-8")  # no fsync: set-up, not measured


def build_history(home: Path, years: int) -> int:
    store = Store(home)
    first = date(TODAY.year - years, TODAY.month, TODAY.day) + timedelta(days=1)
    day, count = first, 0
    while day <= TODAY:
        write_day(store, synthetic_day(day))
        day += timedelta(days=1)
        count += 1
    return count


def review_once() -> None:
    paths = resolve_paths()
    history = load_history(paths)
    assert not history.problems, history.problems
    start, end = review_range("month", TODAY)
    build_review(history.summaries, TODAY, start, end, GOALS, threshold=0.8)


def median_ms(runs: int, before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        began = time.perf_counter()
        review_once()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> int:
    failed = False
    for years in (1, 10):
        with tempfile.TemporaryDirectory(prefix="planner-bench-review-") as folder:
            home = Path(folder)
            os.environ["PLANNER_HOME"] = str(home)
            days = build_history(home / "data", years)
            paths = resolve_paths()
            cache = paths.cache_dir / CACHE_FOLDER
            today_file = Store(paths.data_dir).day_file(TODAY)

            def clear_cache(cache: Path = cache) -> None:
                shutil.rmtree(cache, ignore_errors=True)

            def touch_today(today_file: Path = today_file) -> None:
                # Today changed since the last review: its file is read again.
                stamp = time.time_ns()
                os.utime(today_file, ns=(stamp, stamp))

            cold = median_ms(COLD_RUNS, clear_cache)
            review_once()  # the cache is now complete
            warm = median_ms(WARM_RUNS, touch_today)
            target = TARGET_MS[years]
            for label, figure in (("cold", cold), ("warm", warm)):
                verdict = "ok" if figure < target else "OVER"
                failed = failed or (label == "warm" and figure >= target)
                print(
                    f"{years:>2} year(s), {days:>5} days, {label}: "
                    f"{figure:7.1f} ms median  (target < {target:.0f} ms) {verdict}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
