"""How long opening today's screen takes, against a minimal Textual app started the same way.

Run ``python benchmarks/bench_startup.py``. Each run is a fresh interpreter (imports count,
as they do for a user) that starts the app headless with ``run_test()``, waits until the
first screen is mounted, and exits. The planner runs on a data dir holding ten years of
synthetic history (built with ``bench_store.build_history``), so the figure shows that
history does not slow the morning down. Target: within 1.2x of the minimal app.

The first open of a day builds it from the template. With the compiled template cache
fresh (``<cache>/templates``, see planner.templates.cache) no YAML is parsed; the run with
the cache deleted shows what parsing costs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_store import build_history

from planner.store.days import Store

RUNS = 9
TARGET_RATIO = 1.2

MINIMAL_APP = """
import asyncio
from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList, Static

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("minimal")
        yield OptionList("one", "two", "three")
        yield Footer()

async def main() -> None:
    async with Minimal().run_test() as pilot:
        await pilot.pause()

asyncio.run(main())
"""

PLANNER_APP = """
import asyncio
import os
from planner.ui.app import PlannerApp
from planner.ui.widgets.checklist import Checklist

async def main() -> None:
    app = PlannerApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.screen.query_one(Checklist).option_count > 0
        parsed = app.screen.session.day_templates.cache.parsed
        expected = os.environ["BENCH_EXPECT_PARSED"]
        assert expected == "any" or parsed == int(expected), (parsed, expected)

asyncio.run(main())
"""


def timed_run(code: str, env: dict[str, str], parsed: str = "any") -> float:
    started = time.perf_counter()
    run_env = {**env, "BENCH_EXPECT_PARSED": parsed}
    subprocess.run([sys.executable, "-c", code], env=run_env, check=True)
    return time.perf_counter() - started


def compile_planner() -> None:
    """Byte-compile the package, as `pip install` does: Textual's modules in site-packages
    are compiled, and an editable checkout (or PYTHONDONTWRITEBYTECODE=1) would otherwise
    charge planner alone for compiling its source on every run."""
    import compileall

    import planner

    compileall.compile_dir(Path(planner.__file__).parent, quiet=1)


def main() -> int:
    compile_planner()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PLANNER_HOME": home}
        store = Store(Path(home) / "data")
        today = date.today()
        # History up to yesterday; today's file is removed before each "first open" run.
        yesterday = today - timedelta(days=1)
        days = build_history(store, yesterday - timedelta(days=3652), yesterday)
        today_file = store.day_file(today)
        cache = Path(home) / "cache"
        minimal, cold, first_open, reopen = [], [], [], []
        # Interleaved, so that a busy machine slows every kind of run alike.
        for _ in range(RUNS):
            minimal.append(timed_run(MINIMAL_APP, env))
            today_file.unlink(missing_ok=True)
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed_run(PLANNER_APP, env, parsed="1"))
            today_file.unlink(missing_ok=True)
            first_open.append(timed_run(PLANNER_APP, env, parsed="0"))
            reopen.append(timed_run(PLANNER_APP, env, parsed="0"))
    base = statistics.median(minimal)
    print(f"history: {days} days; medians of {RUNS} fresh interpreters, imports included")
    print(f"minimal Textual app:             {base * 1000:7.1f} ms")
    figures = (
        ("first open, no cache", cold),
        ("first open of the day", first_open),
        ("reopening the day", reopen),
    )
    for label, runs in figures:
        figure = statistics.median(runs)
        ratio = figure / base
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"planner, {label + ':':22} {figure * 1000:7.1f} ms = {ratio:.2f}x "
            f"(target <= {TARGET_RATIO}x) {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
