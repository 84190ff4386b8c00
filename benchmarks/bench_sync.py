"""How long a remote sync takes: a second machine's first sync of a year of days, and a
sync after one changed task.

Run ``python benchmarks/bench_sync.py``. In a temporary folder it makes a bare repository
and two machines (two PLANNER_HOMEs), and on each of them, independently, the same year of
days built from the shipped default template, each machine working different tasks and
noting its own wins and losses (written through ``Store.restore_day``, in the Store's own
format). Each sync is ``planner remote add URL`` or ``planner remote sync`` in a fresh
interpreter, as a user runs it, and prints medians against the targets:

- first sync: machine A sends its year (``remote add``), then machine B adds the same URL:
  unrelated histories, every day file made on both sides, so every one of them is an
  add/add merge, record by record. The target is for B's.
- one change: a task changed on A and synced, then another task of the same day changed on
  B and synced (that one file is merged by record).

It ends with a last round of syncs and checks that both machines hold the same days, with
both machines' work in them, so a broken sync cannot pass for a fast one. Last, for
comparison, it times planner's merge driver, as a user's own ``git merge`` runs it: one
interpreter per day file (25 s for this year when the sync used it; the sync now merges
every day in its own process).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_startup import compile_planner

from planner.config import Paths, load_user_settings, resolve_paths
from planner.core.model import Day, Outcome, Status, TaskState, Template
from planner.core.plan import build_day, mark_done, skip, utc_stamp
from planner.core.wrap_up import new_outcome_id
from planner.store.days import Store
from planner.templates.choice import DayTemplates

LAST_DAY = date(2026, 11, 30)
DAYS = 365
MACHINES = ("laptop", "desk")
FIRST_RUNS = 3
CHANGE_RUNS = 7
DRIVER_RUNS = 9
FIRST_TARGET_S = 10.0
CHANGE_TARGET_S = 1.0


def worked_day(template: Template, day: date, machine: int) -> Day:
    """``day`` made from ``template`` on machine ``machine`` (0 or 1) and worked there:
    each machine does its own half of the tasks (and skips one now and then), at its own
    hour, and notes its own wins and losses."""
    made_at = datetime(day.year, day.month, day.day, 8 + machine, tzinfo=UTC)
    made = build_day(template, day, made_at)
    seed = day.toordinal() + machine
    moment = made_at
    for number, task in enumerate(made.tasks):
        if number % 2 != machine:
            continue
        moment += timedelta(minutes=7)
        if (seed + number) % 9 == 0:
            changed = skip(task, "no time today", moment)
        elif (seed + number) % 5:
            changed = mark_done(task, moment)
        else:
            continue
        changed.updated_at = utc_stamp(moment)
        made.tasks[number] = changed
    stamp = utc_stamp(moment)
    if seed % 3 == 0:
        made.wins.append(Outcome(f"a new lead ({MACHINES[machine]})", "LinkedIn", stamp))
    if seed % 4 == 0:
        made.losses.append(Outcome(f"no reply ({MACHINES[machine]})", "Email", stamp))
    made.wins = [with_id(win, "win") for win in made.wins]
    made.losses = [with_id(loss, "loss") for loss in made.losses]
    if seed % 2 == 0:
        made.worked = f"mornings work ({MACHINES[machine]})"
        made.field_stamps["worked"] = stamp
    made.updated_at = stamp
    return made


def with_id(outcome: Outcome, kind: str) -> Outcome:
    return Outcome(
        outcome.text, outcome.channel, outcome.at, new_outcome_id(kind), updated_at=outcome.at
    )


def make_year(home: Path, machine: int) -> int:
    """A year of worked days in ``home``'s data folder, from the template a fresh install
    picks (the shipped default), written as the Store writes them."""
    paths = data_paths(home)
    templates, settings = DayTemplates(paths), load_user_settings(paths)
    store = Store(paths.data_dir)
    first = LAST_DAY - timedelta(days=DAYS - 1)
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        store.restore_day(worked_day(templates.template_for(day, settings), day, machine))
    return DAYS


def data_paths(home: Path) -> Paths:
    return resolve_paths({"PLANNER_HOME": str(home)})


def planner(home: Path, *args: str) -> float:
    """``planner ARGS`` on the machine at ``home``, in a fresh interpreter; seconds taken."""
    env = {**os.environ, "PLANNER_HOME": str(home)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "planner", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"planner {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {folder}:\n{done.stderr}")
    return done.stdout


def bare_repository(folder: Path) -> Path:
    remote = folder / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


def first_syncs(made: list[Path], folder: Path) -> tuple[float, float, list[Path]]:
    """Both machines' first sync from a copy of the year made on each: seconds for A's,
    seconds for B's, and the two machines' homes."""
    folder.mkdir()
    remote = bare_repository(folder)
    homes = [folder / MACHINES[n] for n in range(2)]
    for source, home in zip(made, homes, strict=True):
        shutil.copytree(source, home)
    sent = planner(homes[0], "remote", "add", str(remote))
    merged = planner(homes[1], "remote", "add", str(remote))
    return sent, merged, homes


def flip(task: TaskState) -> None:
    task.status = Status.OPEN if task.status is Status.DONE else Status.DONE
    task.done_at = utc_stamp(datetime.now(UTC)) if task.status is Status.DONE else None


def one_change(home: Path, task_number: int) -> float:
    """One task of the last day changed on the machine at ``home``, then a sync; seconds."""
    store = Store(data_paths(home).data_dir)
    day = store.load_day(LAST_DAY)
    assert day is not None
    store.update_task(LAST_DAY, day.tasks[task_number].id, flip)
    return planner(home, "remote", "sync")


def check_same_days(homes: list[Path]) -> str:
    """After a last round of syncs: the same commit, the same days, both machines' work in
    them; what was checked, or SystemExit saying what is wrong."""
    for home in (*homes, homes[0]):
        planner(home, "remote", "sync")
    folders = [data_paths(home).data_dir for home in homes]
    heads = {git(folder, "rev-parse", "HEAD").strip() for folder in folders}
    if len(heads) != 1:
        raise SystemExit(f"the machines are on different commits after syncing: {heads}")
    for folder in folders:
        if git(folder, "status", "--porcelain", "--", "days"):
            raise SystemExit(f"{folder}: days left uncommitted after syncing")
    stores = [Store(folder) for folder in folders]
    first = LAST_DAY - timedelta(days=DAYS - 1)
    wins = 0
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        laptop, desk = (store.load_day(day) for store in stores)
        if laptop is None or laptop != desk:
            raise SystemExit(f"{day}: the machines hold different days after syncing")
        worked = {n % 2 for n, task in enumerate(laptop.tasks) if task.status is not Status.OPEN}
        if len(worked) < 2 and len(laptop.tasks) > 3:
            raise SystemExit(f"{day}: one machine's work is missing from the merged day")
        wins += len(laptop.wins)
        text = stores[0].day_file(day).read_text(encoding="utf-8")
        if "<<<<<<<" in text:
            raise SystemExit(f"{day}: conflict markers in the day file")
    return f"{DAYS} days alike on both machines (one commit, both machines' work, {wins} wins)"


def median_of(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


def driver_per_file(home: Path, made: list[Path], folder: Path) -> tuple[float, float]:
    """Seconds for one run of the merge driver on an add/add day file (as the two machines
    made it), and for an empty interpreter; the driver as the repository's config names it."""
    data = data_paths(home).data_dir
    command = git(data, "config", "merge.planner-day.driver").strip()
    files = [Store(data_paths(source).data_dir).day_file(LAST_DAY) for source in made]
    name = files[1].relative_to(data_paths(made[1]).data_dir).as_posix()
    base = folder / "base.json"
    base.write_bytes(b"")
    theirs = folder / "theirs.json"
    theirs.write_bytes(files[0].read_bytes())
    ours = folder / "ours.json"
    original = files[1].read_bytes()

    def driver() -> float:
        ours.write_bytes(original)
        line = command.replace("%O", str(base)).replace("%A", str(ours))
        line = line.replace("%B", str(theirs)).replace("%P", name)
        started = time.perf_counter()
        subprocess.run(line, shell=True, check=True)
        return time.perf_counter() - started

    def empty() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        return time.perf_counter() - started

    return median_of(DRIVER_RUNS, driver), median_of(DRIVER_RUNS, empty)


def line(label: str, seconds: float, target: float | None = None) -> str:
    suffix = f" (target < {target:g} s)" if target is not None else ""
    ok = "" if target is None else ("  ok" if seconds < target else "  OVER TARGET")
    return f"{label}: {seconds:.2f} s median{suffix}{ok}"


def main() -> int:
    compile_planner()  # as installed: the driver's interpreters must not compile planner
    with tempfile.TemporaryDirectory(prefix="planner-bench-sync-") as scratch:
        root = Path(scratch)
        made = [root / "made" / name for name in MACHINES]
        started = time.perf_counter()
        for machine, home in enumerate(made):
            make_year(home, machine)
        built = time.perf_counter() - started
        print(f"history: {DAYS} days made on each of 2 machines, in {built:.1f} s")

        sent, merged = [], []
        homes: list[Path] = []
        for run in range(FIRST_RUNS):
            a, b, homes = first_syncs(made, root / f"first-{run}")
            sent.append(a)
            merged.append(b)
        changed_a: list[float] = []
        changed_b: list[float] = []
        for _ in range(CHANGE_RUNS):
            changed_a.append(one_change(homes[0], 0))
            changed_b.append(one_change(homes[1], 1))
        checked = check_same_days(homes)

        results = [
            line(f"first sync, A sends {DAYS} days (of {FIRST_RUNS})", statistics.median(sent)),
            line(
                f"first sync, B merges {DAYS} add/add days (of {FIRST_RUNS})",
                statistics.median(merged),
                FIRST_TARGET_S,
            ),
            line(
                f"one changed task, A syncs (of {CHANGE_RUNS})",
                statistics.median(changed_a),
                CHANGE_TARGET_S,
            ),
            line(
                f"one changed task on the same day, B syncs and merges (of {CHANGE_RUNS})",
                statistics.median(changed_b),
                CHANGE_TARGET_S,
            ),
        ]
        for result in results:
            print(result)
        print(f"checked: {checked}")

        driver, empty = driver_per_file(homes[1], made, root)
        drivers = driver * DAYS
        print(
            f"for comparison, the merge driver (a user's own git merge): {driver * 1000:.0f} ms "
            f"a file (an empty interpreter: {empty * 1000:.0f} ms) x {DAYS} files = "
            f"{drivers:.1f} s; planner's sync merges them in one process"
        )
    return 0 if all("OVER" not in result for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
