"""How long a toggle takes, and that it does not grow with years of history.

Run ``python benchmarks/bench_store.py``. It builds ten years of synthetic history (one day
a day, 12 tasks each) in a temporary folder, in exactly the format the Store writes, and
prints medians against the targets. It also prints what one toggle would cost if a whole
month shared one file, which is why the store keeps one file per day.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from planner.core.ladder import RUNGS
from planner.core.model import Day, Status, TaskState
from planner.store.day_format import DAYS_TABLE, TASKS_TABLE, header_record, task_key, task_record
from planner.store.days import Store
from planner.store.records import AtomicJSONStorage, RecordDB, dump_tables, meta_tables

TODAY = date(2026, 11, 30)  # the last day of a month: the fullest month file
YEARS = 10
TASKS_PER_DAY = 12
RUNS = 50
TOGGLE_TARGET_MS = 5.0
LOAD_TARGET_MS = 5.0
STAMP = "2026-11-24T08:15:03.123456+00:00"


def synthetic_day(day: date) -> Day:
    tasks = [
        TaskState(
            id=f"task-{number:02d}",
            title=f"Synthetic task number {number} with a title of a usual length",
            rung=RUNGS[number % len(RUNGS)],
            minutes=5,
            channel="LinkedIn",
            target=3 if number % 4 == 0 else None,
            unit="comments" if number % 4 == 0 else None,
            hint="A hint from the template, as long as a short sentence.",
            status=Status.DONE if number % 3 else Status.OPEN,
            count=number % 4,
            done_at=STAMP if number % 3 else None,
            updated_at=STAMP,
        )
        for number in range(TASKS_PER_DAY)
    ]
    return Day(
        date=day,
        template="Daily marketing hour",
        tasks=tasks,
        template_source="embedded:daily-marketing-hour",
        budget_minutes=60,
        created_at=STAMP,
        updated_at=STAMP,
    )


def day_tables(days: list[Day]) -> dict[str, dict[str, object]]:
    """The tables the Store writes for ``days`` (one day per file; several for a month)."""
    headers = {day.date.isoformat(): header_record(day) for day in days}
    tasks = {
        task_key(day.date, task.id): task_record(day.date, task, task.updated_at)
        for day in days
        for task in day.tasks
    }
    return {**meta_tables(), DAYS_TABLE: headers, TASKS_TABLE: tasks}


def build_history(store: Store, first: date, last: date) -> int:
    """Write one file per day directly (no fsync: it is set-up, not the thing measured)."""
    count = 0
    day = first
    while day <= last:
        path = store.day_file(day)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_tables(day_tables([synthetic_day(day)])), encoding="utf-8")
        count += 1
        day += timedelta(days=1)
    return count


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm up (and let the first write of the session make its backup)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def flip(task: TaskState) -> None:
    task.status = Status.OPEN if task.status is Status.DONE else Status.DONE


def toggle_ms(store: Store, day: date) -> float:
    return median_ms(lambda: store.update_task(day, "task-01", flip))


def month_file_toggle_ms(folder: Path, day: date) -> tuple[float, int]:
    """One toggle if the whole month of ``day`` shared one file (the layout not taken)."""
    first = day.replace(day=1)
    days = [synthetic_day(first + timedelta(days=n)) for n in range((day - first).days + 1)]
    path = folder / f"{day:%Y-%m}.json"
    path.write_text(dump_tables(day_tables(days)), encoding="utf-8")
    db = RecordDB(path, storage=AtomicJSONStorage)
    key = task_key(day, "task-01")

    def toggle() -> None:
        with db.file.transaction():
            tasks = db.records(TASKS_TABLE)
            record = tasks.record(key)
            assert record is not None
            record["status"] = "open" if record["status"] == "done" else "done"
            tasks.put({key: record})

    return median_ms(toggle), path.stat().st_size


def line(label: str, value: float, target: float | None = None) -> str:
    suffix = f" (target < {target:g} ms)" if target is not None else ""
    ok = "" if target is None else ("  ok" if value < target else "  OVER TARGET")
    return f"{label}: {value:.2f} ms median{suffix}{ok}"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as scratch:
        root = Path(scratch)

        history = Store(root / "history")
        first = TODAY.replace(year=TODAY.year - YEARS)
        started = time.perf_counter()
        written = build_history(history, first, TODAY)
        built = time.perf_counter() - started
        print(f"history: {written} days x {TASKS_PER_DAY} tasks, built in {built:.1f} s")

        fresh = Store(root / "fresh")
        fresh.ensure_day(synthetic_day(TODAY))
        # The bulk-written history must be exactly what the Store itself writes.
        same = fresh.day_file(TODAY).read_bytes() == history.day_file(TODAY).read_bytes()
        assert same, "the synthetic history is not in the Store's format"

        results = [
            line(f"toggle ({YEARS} years of history)", toggle_ms(history, TODAY), TOGGLE_TARGET_MS),
            line("toggle (fresh store, no history)", toggle_ms(fresh, TODAY), TOGGLE_TARGET_MS),
            line(
                f"load_day ({YEARS} years of history)",
                median_ms(lambda: history.load_day(TODAY)),
                LOAD_TARGET_MS,
            ),
            line(
                "load_day (fresh store)", median_ms(lambda: fresh.load_day(TODAY)), LOAD_TARGET_MS
            ),
        ]
        for result in results:
            print(result)

        started = time.perf_counter()
        everything = history.days_between(first, TODAY)
        elapsed = time.perf_counter() - started
        print(f"days_between over {YEARS} years: {len(everything)} days in {elapsed * 1000:.0f} ms")
        started = time.perf_counter()
        dates = history.day_dates()
        elapsed = time.perf_counter() - started
        print(f"day_dates over {YEARS} years: {len(dates)} dates in {elapsed * 1000:.1f} ms")

        month_folder = root / "month"
        month_folder.mkdir()
        month_ms, month_size = month_file_toggle_ms(month_folder, TODAY)
        label = (
            f"layout not taken: toggle in a month file ({TODAY.day} days, {month_size // 1000} kB)"
        )
        print(line(label, month_ms, TOGGLE_TARGET_MS))
    return 0 if all("OVER" not in result for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
