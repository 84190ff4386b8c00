"""How long ``planner export --format json`` and ``planner import`` take for ten years.

Run ``python benchmarks/bench_exchange.py``. It writes ten years of synthetic history (the
days of ``bench_review``: 12 tasks each, with wins, losses and measurements) into a
temporary PLANNER_HOME, in the Store's format, then times, each in a fresh interpreter as a
user runs them, and prints medians against the targets:

- export: ``planner export --format json -o FILE`` of every day (about 36 MB);
- import: ``planner import FILE`` into an empty PLANNER_HOME (every day added: one file
  written atomically per day and fsynced, under one hold of the lock, and each year's
  folder fsynced once at the end; the median fsync of this disk is printed beside, to
  tell a slow disk from slow code).

Targets: an export reads the files a cold review reads (``bench_review``: ten years well
under a second) and writes one file; it may run often (a backup from cron), so 5 s, with
room for making 36 MB of JSON. An import of ten years is a one-off (a new machine, a
restore) that writes every day with the guarantees of a toggle (``bench_store``: a few ms):
10 s, under 3 ms a day.

Last it exports the imported days again: the file must be byte for byte the first one, so
that a broken import cannot pass for a fast one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_review import build_history
from bench_startup import compile_planner

YEARS = 10
RUNS = 3
EXPORT_TARGET_S = 5.0
IMPORT_TARGET_S = 10.0


def planner(home: Path, *args: str) -> float:
    """``planner ARGS`` with ``home`` as its PLANNER_HOME, in a fresh interpreter; seconds."""
    env = {**os.environ, "PLANNER_HOME": str(home)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "planner", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"planner {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def fsync_ms(folder: Path, runs: int = 50) -> float:
    """The median time of one fsync of a small file in ``folder`` (the disk's pace)."""
    timings = []
    path = folder / "fsync-probe"
    with open(path, "wb") as handle:
        for _ in range(runs):
            handle.write(b"x" * 4096)
            handle.flush()
            started = time.perf_counter()
            os.fsync(handle.fileno())
            timings.append(time.perf_counter() - started)
    path.unlink()
    return statistics.median(timings) * 1000


def median_s(runs: int, action: Callable[[int], float]) -> float:
    return statistics.median(action(run) for run in range(runs))


def line(label: str, seconds: float, target: float) -> str:
    verdict = "ok" if seconds < target else "OVER TARGET"
    return f"{label}: {seconds:.2f} s median of {RUNS} (target < {target:g} s) {verdict}"


def main() -> int:
    compile_planner()  # as installed: the commands must not compile planner
    with tempfile.TemporaryDirectory(prefix="planner-bench-exchange-") as scratch:
        root = Path(scratch)
        history = root / "history"
        started = time.perf_counter()
        days = build_history(history / "data", YEARS)
        built = time.perf_counter() - started
        print(f"history: {days} days x 12 tasks ({YEARS} years), built in {built:.1f} s")

        exported = root / "export.json"
        export = median_s(
            RUNS, lambda _: planner(history, "export", "--format", "json", "-o", str(exported))
        )
        size = exported.stat().st_size
        imported = median_s(RUNS, lambda run: planner(root / f"new-{run}", "import", str(exported)))
        again = root / "again.json"
        planner(root / "new-0", "export", "--format", "json", "-o", str(again))
        if again.read_bytes() != exported.read_bytes():
            raise SystemExit("the imported days, exported again, differ from the first export")
        probe = fsync_ms(root)

    results = [
        line(f"export --format json, {days} days ({size / 1e6:.0f} MB)", export, EXPORT_TARGET_S),
        line(f"import into an empty home, {days} days", imported, IMPORT_TARGET_S),
    ]
    for result in results:
        print(result)
    print(f"fsync of a small file on this disk: {probe:.2f} ms median (import: 1 a day)")
    print("checked: the imported days export byte for byte as the first export")
    return 0 if all("OVER" not in result for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
