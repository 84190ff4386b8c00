"""How long opening today's screen takes, against a Textual app with the same widgets.

Run ``python benchmarks/bench_startup.py``. Each run is a fresh interpreter (imports count,
as they do for a user) that starts planner as the ``planner`` command does (its command
line read, the day looked at, then the app), the app headless with ``run_test()``; it
waits until the app is idle, and exits. The planner runs on a data
dir holding ten years of synthetic history (built with ``bench_store.build_history``), so
the figure shows that history does not slow the morning down.

The reference is a plain Textual app with the checklist screen's widgets and nothing else:
a Header, an OptionList of the benchmark day's tasks (the same titles, as
``planner today --json`` lists them) and a Footer showing as many keys as the checklist's
footer (counted from planner's own bindings, one key per action as Textual's Footer shows
them). What planner adds to that (its command line, its modules, the day read, its themes
and stylesheet, the side panel, the day created after the first frame) is what the ratio
measures. Target: within 1.1x of it, for the everyday start (the day's first open, and
reopening it). The bare minimal app of the earlier figures (a Static, an OptionList of
three, a Footer) is printed as a second reference.

The first open of a day builds it from the template. With the compiled template cache
fresh (``<cache>/templates``, see planner.templates.cache) no YAML is parsed; the run with
the cache deleted (as after the template changed) shows what parsing costs: no target.

With a remote configured, the data folder is a synced repository (``planner remote add``
with a local bare repository, history and all), and once more with its remote set to an
address that accepts connections and never answers (the worst kind of unreachable: git
waits until it is stopped). Both open the day for the first time, so a change waits to be
synced. The first frame must not wait for git: besides the whole run (no target: git's
processes run within it), each run reports
when its first frame was drawn (the first screen update the app would write to a terminal),
and those are compared with the run without a remote.

Peak memory: each run reports its own maximum resident set size when it ends
(``getrusage``); the medians are printed for the apps compared (no target is set for it).
"""

from __future__ import annotations

import json
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

RUNS = 20
TARGET_RATIO = 1.1  # against the same-widget app
FRAME_SLACK_MS = 50.0  # a remote may cost the first frame this much, no more

# Every child ends by printing its first frame (seconds after BENCH_STARTED) and its peak
# memory (kB), once the app has exited.
MINIMAL_APP = """
import asyncio
import os
import resource
import time
from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList, Static

FIRST_FRAME = []

class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("minimal")
        yield OptionList("one", "two", "three")
        yield Footer()

    def _display(self, screen, renderable) -> None:
        if renderable is not None and not self._batch_count and not FIRST_FRAME:
            FIRST_FRAME.append(time.time() - float(os.environ["BENCH_STARTED"]))
        super()._display(screen, renderable)

async def main() -> None:
    async with Minimal().run_test() as pilot:
        await pilot.pause()
    print(FIRST_FRAME[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""

# Preceded by TITLES and KEYS (see same_widget_app).
SAME_WIDGETS_APP = """
import asyncio
import os
import resource
import time
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList

FIRST_FRAME = []

class SameWidgets(App[None]):
    TITLE = "planner"
    BINDINGS = [
        Binding(key, action, description, key_display=display)
        for key, action, description, display in KEYS
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*TITLES)
        yield Footer()

    def _display(self, screen, renderable) -> None:
        if renderable is not None and not self._batch_count and not FIRST_FRAME:
            FIRST_FRAME.append(time.time() - float(os.environ["BENCH_STARTED"]))
            FIRST_FRAME.append(self.query_one(OptionList).option_count)
        super()._display(screen, renderable)

async def main() -> None:
    app = SameWidgets()
    async with app.run_test() as pilot:
        await pilot.pause()
    assert FIRST_FRAME[1] == len(TITLES), FIRST_FRAME
    print(FIRST_FRAME[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""

PLANNER_APP = """
import asyncio
import importlib.util
import os
import resource
import sys
import time

FIRST_FRAME = []
PARSED = []

# The first frame: the first screen update the app would write to a terminal (headless, it
# writes none), its checklist filled (checked below). Not when run_test hands over, nor
# after pause(), which waits until the whole process is idle (a sync in a thread included).
def first_display(display):
    def displayed(app, screen, renderable) -> None:
        if renderable is not None and not app._batch_count and not FIRST_FRAME:
            from planner.ui.widgets.checklist import Checklist

            FIRST_FRAME.append(time.time() - float(os.environ["BENCH_STARTED"]))
            FIRST_FRAME.append(app.screen.query_one(Checklist).option_count)
        display(app, screen, renderable)

    return displayed

# Run headless instead of in a terminal.
def run_headless(app, *args, **kwargs) -> None:
    async def run() -> None:
        async with app.run_test() as pilot:
            await pilot.pause()
            PARSED.append(app.screen.session.day_templates.cache.parsed)

    asyncio.run(run())

class PatchTheApp:
    # Patches PlannerApp once `planner` has loaded it, as it loads it: importing it here
    # first would load Textual before planner's own command line does.
    def find_spec(self, name, path, target=None):
        if name != "planner.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module) -> None:
            load(module)
            module.PlannerApp._display = first_display(module.PlannerApp._display)
            module.PlannerApp.run = run_headless

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, PatchTheApp())

# Started as `planner` starts it: its command line read, the day looked at, then the app.
from planner.cli import main

assert main([]) == 0
assert FIRST_FRAME[1] > 0, FIRST_FRAME
expected = os.environ["BENCH_EXPECT_PARSED"]
assert expected == "any" or PARSED == [int(expected)], (PARSED, expected)
print(FIRST_FRAME[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@dataclass(frozen=True)
class Timing:
    """One run, in seconds from the start of the interpreter: to its exit (``whole``, the
    figure of every case) and to the first frame drawn (``first_frame``, as the child
    measured it); and its peak memory (``peak_kb``, the child's maximum RSS)."""

    whole: float
    first_frame: float
    peak_kb: int


def timed_run(code: str, env: dict[str, str], parsed: str = "any") -> Timing:
    run_env = {**env, "BENCH_EXPECT_PARSED": parsed, "BENCH_STARTED": repr(time.time())}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], env=run_env, check=True, stdout=subprocess.PIPE, text=True
    )
    whole = time.perf_counter() - started
    first_frame, peak_kb = done.stdout.split()[-2:]
    return Timing(whole, float(first_frame), int(peak_kb))


def day_titles(env: dict[str, str]) -> list[str]:
    """The titles of the benchmark day's tasks, as `planner today --json` lists them."""
    command = [sys.executable, "-m", "planner", "today", "--json"]
    done = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return [task["title"] for task in json.loads(done.stdout)["tasks"]]


def footer_keys() -> list[tuple[str, str, str, str | None]]:
    """The keys the checklist's footer shows, one per action as Textual's Footer groups
    them, the screen's before the app's: (key, action, description, key display)."""
    from textual.binding import Binding

    from planner.ui.app import PlannerApp
    from planner.ui.screens.today import TodayScreen

    shown: dict[str, Binding] = {}
    for binding in Binding.make_bindings([*TodayScreen.BINDINGS, *PlannerApp.BINDINGS]):
        if binding.show:
            shown.setdefault(binding.action, binding)
    return [(b.key, b.action, b.description, b.key_display) for b in shown.values()]


def same_widget_app(titles: list[str], keys: list[tuple[str, str, str, str | None]]) -> str:
    return f"TITLES = {titles!r}\nKEYS = {keys!r}\n{SAME_WIDGETS_APP}"


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


def median(runs: list[Timing], figure: str) -> float:
    return float(statistics.median(getattr(run, figure) for run in runs))


def main() -> int:
    compile_planner()
    keys = footer_keys()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PLANNER_HOME": home}
        store = Store(Path(home) / "data")
        today = date.today()
        # History up to yesterday; today's file is removed before each "first open" run.
        yesterday = today - timedelta(days=1)
        days = build_history(store, yesterday - timedelta(days=3652), yesterday)
        titles = day_titles(env)
        same_widgets = same_widget_app(titles, keys)
        today_file = store.day_file(today)
        cache = Path(home) / "cache"
        with tempfile.TemporaryDirectory() as remotes, silent_server() as silent:
            synced = synced_home(store.home, Path(remotes))
            host, port = silent.getsockname()[:2]
            unreachable = unreachable_home(synced, Path(remotes), f"http://{host}:{port}/x.git")
            homes = {"remote set (synced)": synced, "remote unreachable": unreachable}
            minimal, same, cold, first_open, reopen = [], [], [], [], []
            remote: dict[str, list[Timing]] = {label: [] for label in homes}
            # Interleaved, so that a busy machine slows every kind of run alike.
            for _ in range(RUNS):
                minimal.append(timed_run(MINIMAL_APP, env))
                same.append(timed_run(same_widgets, env))
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
    base, bare = median(same, "whole"), median(minimal, "whole")
    print(f"history: {days} days; medians of {RUNS} fresh interpreters, imports included")
    print(
        f"same-widget Textual app:         {base * 1000:7.1f} ms (a Header, an OptionList of "
        f"the day's {len(titles)} tasks, a Footer of {len(keys)} keys)"
    )
    print(f"minimal Textual app:             {bare * 1000:7.1f} ms")
    # The target is the everyday start's. The others do more, as asked: a template changed
    # since the last start is parsed (YAML) once; a remote's start sync runs git (whose
    # first frame has a target of its own, below).
    figures: tuple[tuple[str, list[Timing], str], ...] = (
        ("first open of the day", first_open, ""),
        ("reopening the day", reopen, ""),
        ("first open, no cache", cold, "the template parsed once, after it changed"),
        *((label, runs, "git's start sync runs within it") for label, runs in remote.items()),
    )
    for label, runs, no_target in figures:
        figure = median(runs, "whole")
        ratio = figure / base
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        judged = f"no target: {no_target}" if no_target else f"target <= {TARGET_RATIO}x, {verdict}"
        print(
            f"planner, {label + ':':22} {figure * 1000:7.1f} ms = {ratio:.2f}x same-widget "
            f"({judged}); {figure / bare:.2f}x minimal"
        )
    frame = median(first_open, "first_frame")
    same_frame = median(same, "first_frame")
    print("first frame (the first screen update drawn), first open of the day:")
    print(f"  minimal Textual app:    {median(minimal, 'first_frame') * 1000:7.1f} ms")
    print(f"  same-widget app:        {same_frame * 1000:7.1f} ms")
    ratio = frame / same_frame
    print(f"  no remote:              {frame * 1000:7.1f} ms = {ratio:.2f}x same-widget")
    for label, runs in remote.items():
        figure = median(runs, "first_frame")
        later = (figure - frame) * 1000
        verdict = "ok" if later < FRAME_SLACK_MS else "OVER TARGET"
        print(
            f"  {label + ':':22} {figure * 1000:7.1f} ms = {later:+.1f} ms "
            f"(target < +{FRAME_SLACK_MS:g} ms) {verdict}"
        )
    peak, same_peak = median(first_open, "peak_kb"), median(same, "peak_kb")
    bare_peak = median(minimal, "peak_kb")
    print("peak memory (max RSS of the child), no target:")
    print(f"  minimal Textual app:    {bare_peak / 1024:7.1f} MB")
    print(f"  same-widget app:        {same_peak / 1024:7.1f} MB")
    print(
        f"  planner, first open:    {peak / 1024:7.1f} MB = {peak / same_peak:.2f}x same-widget, "
        f"{peak / bare_peak:.2f}x minimal"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
