"""How long opening today's screen takes, against a minimal Textual app started the same way.

Run ``python benchmarks/bench_startup.py``. Each run is a fresh interpreter (imports count,
as they do for a user) that starts the app headless with ``run_test()``, waits until the
first screen is mounted, and exits. The planner runs on a data dir holding ten years of
synthetic history (built with ``bench_store.build_history``), so the figure shows that
history does not slow the morning down. Target: within 1.2x of the minimal app.

The first open of a day builds it from the template. With the compiled template cache
fresh (``<cache>/templates``, see planner.templates.cache) no YAML is parsed; the run with
the cache deleted shows what parsing costs.

With a remote configured, the data folder is a synced repository (``planner remote add``
with a local bare repository, history and all), and once more with its remote set to an
address that accepts connections and never answers (the worst kind of unreachable: git
waits until it is stopped). Both open the day for the first time, so a change waits to be
synced. The first frame must not wait for git: besides the whole run, each run reports
when its first screen was mounted, and those are compared with the run without a remote.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_store import build_history

from planner.store.days import Store

RUNS = 9
TARGET_RATIO = 1.2
FRAME_SLACK_MS = 50.0  # a remote may cost the first frame this much, no more

MINIMAL_APP = """
import asyncio
import os
import time
from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList, Static

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("minimal")
        yield OptionList("one", "two", "three")
        yield Footer()

async def main() -> None:
    async with Minimal().run_test() as pilot:
        first_frame = time.time() - float(os.environ["BENCH_STARTED"])
        await pilot.pause()
        print(first_frame)

asyncio.run(main())
"""

PLANNER_APP = """
import asyncio
import os
import time
from planner.ui.app import PlannerApp
from planner.ui.widgets.checklist import Checklist

async def main() -> None:
    app = PlannerApp()
    async with app.run_test() as pilot:
        # The screen is mounted and drawn, its checklist filled (checked below): the first
        # frame. Not after pause(), which waits until the whole process is idle, a sync
        # in a worker thread included.
        first_frame = time.time() - float(os.environ["BENCH_STARTED"])
        filled = app.screen.query_one(Checklist).option_count
        await pilot.pause()
        assert filled > 0
        parsed = app.screen.session.day_templates.cache.parsed
        expected = os.environ["BENCH_EXPECT_PARSED"]
        assert expected == "any" or parsed == int(expected), (parsed, expected)
        print(first_frame)

asyncio.run(main())
"""


@dataclass(frozen=True)
class Timing:
    """One run, in seconds from the start of the interpreter: to its exit (``whole``, the
    figure of every case) and to the first screen mounted (``first_frame``, as the child
    measured it)."""

    whole: float
    first_frame: float


def timed_run(code: str, env: dict[str, str], parsed: str = "any") -> Timing:
    run_env = {**env, "BENCH_EXPECT_PARSED": parsed, "BENCH_STARTED": repr(time.time())}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], env=run_env, check=True, stdout=subprocess.PIPE, text=True
    )
    whole = time.perf_counter() - started
    return Timing(whole, float(done.stdout.split()[-1]))


def synced_home(history: Path, folder: Path) -> Path:
    """A PLANNER_HOME whose data folder holds ``history`` and is synced with a local bare
    repository (``planner remote add``, as a user sets it up)."""
    home = folder / "synced"
    shutil.copytree(history, home / "data")
    remote = folder / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    env = {**os.environ, "PLANNER_HOME": str(home)}
    add = [sys.executable, "-m", "planner", "remote", "add", str(remote)]
    subprocess.run(add, env=env, check=True, stdout=subprocess.DEVNULL)
    return home


def unreachable_home(synced: Path, folder: Path, url: str) -> Path:
    """A copy of the synced home with its remote moved to ``url``."""
    home = folder / "unreachable"
    shutil.copytree(synced, home, symlinks=True)
    data = home / "data"
    subprocess.run(["git", "-C", str(data), "remote", "set-url", "origin", url], check=True)
    return home


def silent_server() -> socket.socket:
    """A local address that accepts connections (the kernel does) and never answers."""
    return socket.create_server(("127.0.0.1", 0))


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
        with tempfile.TemporaryDirectory() as remotes, silent_server() as silent:
            synced = synced_home(store.home, Path(remotes))
            host, port = silent.getsockname()[:2]
            unreachable = unreachable_home(synced, Path(remotes), f"http://{host}:{port}/x.git")
            homes = {"remote set (synced)": synced, "remote unreachable": unreachable}
            minimal, cold, first_open, reopen = [], [], [], []
            remote: dict[str, list[Timing]] = {label: [] for label in homes}
            # Interleaved, so that a busy machine slows every kind of run alike.
            for _ in range(RUNS):
                minimal.append(timed_run(MINIMAL_APP, env))
                today_file.unlink(missing_ok=True)
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(timed_run(PLANNER_APP, env, parsed="1"))
                today_file.unlink(missing_ok=True)
                first_open.append(timed_run(PLANNER_APP, env, parsed="0"))
                reopen.append(timed_run(PLANNER_APP, env, parsed="0"))
                for label, remote_home in homes.items():
                    Store(remote_home / "data").day_file(today).unlink(missing_ok=True)
                    remote_env = {**os.environ, "PLANNER_HOME": str(remote_home)}
                    remote[label].append(timed_run(PLANNER_APP, remote_env))
    base = statistics.median(run.whole for run in minimal)
    print(f"history: {days} days; medians of {RUNS} fresh interpreters, imports included")
    print(f"minimal Textual app:             {base * 1000:7.1f} ms")
    figures = (
        ("first open, no cache", cold),
        ("first open of the day", first_open),
        ("reopening the day", reopen),
        *remote.items(),
    )
    for label, runs in figures:
        figure = statistics.median(run.whole for run in runs)
        ratio = figure / base
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        print(
            f"planner, {label + ':':22} {figure * 1000:7.1f} ms = {ratio:.2f}x "
            f"(target <= {TARGET_RATIO}x) {verdict}"
        )
    frame = statistics.median(run.first_frame for run in first_open)
    minimal_frame = statistics.median(run.first_frame for run in minimal)
    print("first frame (screen mounted), first open of the day:")
    print(f"  minimal Textual app:    {minimal_frame * 1000:7.1f} ms")
    print(f"  no remote:              {frame * 1000:7.1f} ms")
    for label, runs in remote.items():
        figure = statistics.median(run.first_frame for run in runs)
        later = (figure - frame) * 1000
        verdict = "ok" if later < FRAME_SLACK_MS else "OVER TARGET"
        print(
            f"  {label + ':':22} {figure * 1000:7.1f} ms = {later:+.1f} ms "
            f"(target < +{FRAME_SLACK_MS:g} ms) {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
