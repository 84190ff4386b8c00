"""Proof under stress: writers killed mid-change, and writers racing on one day, with what
the days tree holds afterwards checked against what each writer says it did.

Shared by ``tests/test_crash.py`` and ``tests/test_concurrency.py`` (a few rounds, seeded)
and by ``benchmarks/bench_crash.py`` and ``benchmarks/bench_concurrency.py`` (hundreds).
POSIX only: writers are forked processes, killed with SIGKILL.

Crash (``run_crashes``): a writer process makes numbered changes to the days of a
``CrashPlan`` through the Store (a long note, a count, a win; change ``n`` is the same
whenever it is made) and appends ``begin n`` to a side log before each change and
``done n`` once the Store has returned. It is killed at random moments, right after it
began a change, or the moment a temporary file shows that it is inside a write. After each
kill, as the next start would: every day file and backup must parse (else *torn*), the
days must hold the state after the last acknowledged change or after the one begun
(else *half-applied or lost*), the lock must be free, and the Store's clean-up of stale
temporaries (``remove_stale_temporaries``, which every start runs) must leave none.

Concurrency (``run_race``, then ``check_race``): processes add wins with unique texts and
log minutes on one shared task of one day, some through the Store, some through the CLI
(``python -m planner win|log``); each acknowledged change is written down, and afterwards
every one of them must be in the day (a missing win or minute is a *lost update*).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.synchronize import Event
from pathlib import Path

from planner.config import Settings, resolve_paths
from planner.core.ladder import RUNGS
from planner.core.model import Day, Outcome, TaskState
from planner.core.timebox import add_time, closed_seconds
from planner.core.wrap_up import new_outcome_id
from planner.errors import PlannerError
from planner.session.work import Session
from planner.store.days import Store
from planner.store.records import StoreError, read_tables

STAMP = "2026-11-24T08:15:03.123456+00:00"
FORK = multiprocessing.get_context("fork")
POLL_SECONDS = 0.0005
DEADLINE_SECONDS = 60.0  # generous: a busy machine may be slow, never this slow
WORDS = ("listen", "read", "comment", "share", "create", "email", "call", "close", "lead")


def temporaries(folder: Path) -> list[Path]:
    """The temporary files of atomic writes (``.<name>.<random>.tmp``) under ``folder``
    (a data folder: the days and the copies kept of them)."""
    return sorted(folder.rglob(".*.tmp")) if folder.is_dir() else []


def start_as_next_planner(store: Store) -> int | None:
    """What a planner start does to the data folder: the clean-up of temporaries left by a
    crash (``Store.remove_stale_temporaries``); how many it removed, or None if this
    planner has no such clean-up."""
    clean_up: Callable[[], object] | None = getattr(store, "remove_stale_temporaries", None)
    if clean_up is None:
        return None
    removed = clean_up()
    return removed if isinstance(removed, int) else 0


# --- crash: the changes ---------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Change number ``number``: ``kind`` is "note" (the task's note becomes ``text``),
    "count" (the task's count goes up by one) or "win" (a win saying ``text``)."""

    number: int
    day: date
    kind: str
    task_id: str
    text: str


# What a day holds, as far as the changes go: each task's (count, note), and the wins.
DayState = tuple[tuple[tuple[str, int, str], ...], tuple[tuple[str, str], ...]]
State = dict[date, DayState]


@dataclass(frozen=True)
class CrashPlan:
    """The days a crash run works on: ``big`` tasks on the first (with long hints and,
    soon, long notes: its file is large, so writing it takes a while), ``small`` on the
    second; ``seed`` fixes every change and every kill moment."""

    seed: int
    big: int = 300
    small: int = 6
    note_length: int = 1500
    days: tuple[date, date] = (date(2026, 11, 24), date(2026, 11, 25))

    def task_ids(self, day: date) -> list[str]:
        count = self.big if day == self.days[0] else self.small
        return [f"task-{number:03d}" for number in range(count)]

    def change(self, number: int) -> Change:
        """Change ``number``, the same every time it is asked for."""
        rng = random.Random(f"{self.seed}:{number}")
        day = self.days[0] if rng.random() < 0.7 else self.days[1]
        task_id = rng.choice(self.task_ids(day))
        kind = rng.choice(("note", "note", "count", "win"))
        if kind == "note":
            text = self.note(f"note of change {number}", rng)
        else:
            text = f"win of change {number}" if kind == "win" else ""
        return Change(number, day, kind, task_id, text)

    def note(self, label: str, rng: random.Random) -> str:
        """A note of ``note_length`` characters that starts with ``label``."""
        filler = " ".join(rng.choice(WORDS) for _ in range(self.note_length // 4))
        return f"{label}: {filler}"[: self.note_length]

    def first_days(self) -> list[Day]:
        """The days as the run starts: every task already with a long note."""
        rng = random.Random(self.seed)
        return [
            Day(
                date=day,
                template="Crash plan",
                tasks=[
                    TaskState(
                        id=task_id,
                        title=f"Task {task_id} with a title of a usual length",
                        rung=RUNGS[number % len(RUNGS)],
                        minutes=5,
                        channel="LinkedIn",
                        hint=f"{task_id}: " + "a hint from the template. " * 12,
                        note=self.note(f"first note of {task_id}", rng),
                    )
                    for number, task_id in enumerate(self.task_ids(day))
                ],
                template_source="embedded:crash-plan",
                created_at=STAMP,
                updated_at=STAMP,
            )
            for day in self.days
        ]


def make_change(store: Store, change: Change) -> None:
    """``change`` made through the Store, as the app and the CLI make theirs."""

    def on_task(task: TaskState) -> None:
        if change.kind == "note":
            task.note = change.text
        else:
            task.count += 1

    def on_day(day: Day) -> None:
        win_id = f"win-{change.number:08d}"
        day.wins.append(Outcome(change.text, "LinkedIn", STAMP, win_id))

    if change.kind == "win":
        store.change_day(change.day, on_day)
    else:
        store.update_task(change.day, change.task_id, on_task)


def applied(state: State, change: Change) -> State:
    """``state`` after ``change`` (what ``make_change`` does, on the model)."""
    tasks, wins = state[change.day]
    if change.kind == "win":
        wins = (*wins, (f"win-{change.number:08d}", change.text))
    else:
        tasks = tuple(
            (tid, count + (change.kind == "count"), change.text if change.kind == "note" else note)
            if tid == change.task_id
            else (tid, count, note)
            for tid, count, note in tasks
        )
    return {**state, change.day: (tasks, wins)}


def stored_state(store: Store, days: tuple[date, ...]) -> State | None:
    """What the days hold now; None if one is missing or cannot be read."""
    state: State = {}
    for day in days:
        try:
            loaded = store.load_day(day)
        except StoreError:
            return None
        if loaded is None:
            return None
        tasks = tuple((task.id, task.count, task.note) for task in loaded.tasks)
        state[day] = (tasks, tuple((win.id, win.text) for win in loaded.wins))
    return state


MakeChange = Callable[[Store, Change], None]


def write_changes(home: Path, plan: CrashPlan, first: int, log: Path, make: MakeChange) -> None:
    """The writer: changes ``first``, ``first + 1``, ... until it is killed, each one
    announced in ``log`` before it is made (by ``make``) and acknowledged there once it
    is stored."""
    store = Store(home)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    number = first
    try:
        while True:
            os.write(fd, f"begin {number} {time.monotonic()}\n".encode())
            make(store, plan.change(number))
            os.write(fd, f"done {number} {time.monotonic()}\n".encode())
            number += 1
    except PlannerError as error:  # a refused write (a lock never freed): the run says so
        os.write(fd, f"error {error}\n".encode())
        os._exit(3)


@dataclass
class SideLog:
    """A writer's side log as read after it died: the last change it acknowledged (None:
    none this round), the last one it began, and how long its finished changes took."""

    acknowledged: int | None = None
    begun: int | None = None
    seconds: list[float] = field(default_factory=list)
    error: str = ""


def read_side_log(log: Path) -> SideLog:
    found = SideLog()
    began: dict[int, float] = {}
    # The last line may be torn by the kill: only whole lines count.
    for line in log.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.endswith("\n"):
            break
        word, _, rest = line.strip().partition(" ")
        if word == "error":
            found.error = rest
            continue
        number_text, _, moment = rest.partition(" ")
        number, at = int(number_text), float(moment)
        if word == "begin":
            found.begun, began[number] = number, at
        elif word == "done":
            found.acknowledged = number
            if number in began:
                found.seconds.append(at - began[number])
    return found


# --- crash: the run -------------------------------------------------------------------

AIMS = ("any moment", "in a change", "in a write")
ON_ITS_OWN = "on its own"  # not killed: a broken writer (in tests) that dies by itself


@dataclass
class CrashReport:
    """What ``run_crashes`` found; every count of a problem should be 0."""

    kills: int = 0
    aims: dict[str, int] = field(default_factory=dict)  # kills by the moment aimed at
    aim_missed: int = 0  # the moment aimed at did not come before the deadline
    in_flight: int = 0  # killed with a change begun and not acknowledged
    in_flight_before: int = 0  # ... that left the state before it
    in_flight_after: int = 0  # ... that left the state after it
    changes_acknowledged: int = 0
    changes_found: int = 0  # acknowledged changes whose effect was found in the files
    files_checked: int = 0
    torn: int = 0
    half_applied: int = 0  # neither the state before the change begun nor after it
    stale_locks: int = 0
    writer_failures: int = 0  # a writer that died before it was killed
    killed_inside_write: int = 0  # kills that left a temporary file: inside write_atomically
    temps_left_by_kills: int = 0  # temporaries found after the kills, before the next start
    temps_removed_at_start: int = 0  # as Store.remove_stale_temporaries counted them
    starts_leaving_temps: int = 0  # next starts after which temporaries were still there
    temps_after_start: int = 0  # temporaries there after the last start
    clean_up_exists: bool = False
    lock_wait_max: float = 0.0
    problems: list[str] = field(default_factory=list)
    change_seconds: list[float] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)


def files_to_check(store: Store) -> list[Path]:
    """Every day file of the data folder, and every copy of one (``.bak`` beside it, and
    those kept in ``backups/``)."""
    return sorted(
        path
        for path in store.home.rglob("*")
        if path.suffix in (".json", ".bak") and not path.name.startswith(".") and path.is_file()
    )


def check_files(store: Store, report: CrashReport, kill: int) -> None:
    """Every file must parse and validate as a planner file."""
    for path in files_to_check(store):
        report.files_checked += 1
        try:
            read_tables(path)
        except StoreError as error:
            report.torn += 1
            report.problem(f"kill {kill}: torn file: {error}")


def check_lock(store: Store, report: CrashReport, kill: int) -> None:
    """The next writer takes the lock (a stale one would keep it waiting, then refuse)."""
    started = time.monotonic()
    try:
        with store.locked():
            pass
    except StoreError as error:
        report.stale_locks += 1
        report.problem(f"kill {kill}: the lock stayed taken: {error}")
    report.lock_wait_max = max(report.lock_wait_max, time.monotonic() - started)


def wait_for(
    condition: Callable[[], bool],
    alive: Callable[[], bool],
    deadline: float,
    pause: float = POLL_SECONDS,
) -> bool:
    """Poll ``condition`` every ``pause`` seconds (0: without a pause, for a moment that
    lasts milliseconds) until it holds (True), or the writer died or the deadline came."""
    while time.monotonic() < deadline:
        if condition():
            return True
        if not alive():
            return False
        time.sleep(pause)
    return False


def began_change(log: Path, count: int) -> Callable[[], bool]:
    """True once the writer has begun its ``count``-th change of the round."""

    def check() -> bool:
        try:
            return log.read_bytes().count(b"begin ") >= count
        except FileNotFoundError:
            return False

    return check


def new_temporary(folders: list[Path], old: set[str]) -> Callable[[], bool]:
    """True once a temporary file not among ``old`` (left by earlier kills) exists: the
    writer is inside ``write_atomically``, between making it and renaming it."""

    def check() -> bool:
        for folder in folders:
            try:
                with os.scandir(folder) as entries:
                    names = [entry.name for entry in entries]
            except FileNotFoundError:
                continue
            if any(n.startswith(".") and n.endswith(".tmp") and n not in old for n in names):
                return True
        return False

    return check


def run_crashes(
    home: Path,
    plan: CrashPlan,
    kills: int,
    progress: Callable[[CrashReport], None] | None = None,
    make: MakeChange = make_change,
    aims: tuple[str, ...] = AIMS,
) -> CrashReport:
    """``kills`` writers killed and everything checked after each kill (module docstring);
    ``home`` is an empty data folder. ``make`` makes each change in the writer and
    ``aims`` are the moments to kill it at, one picked at random each time (a test passes
    a broken writer that dies ``ON_ITS_OWN``, to see the checks fail)."""
    report = CrashReport()
    report.aims = dict.fromkeys(aims, 0)
    rng = random.Random(plan.seed)
    setup = Store(home)
    for day in plan.first_days():
        setup.ensure_day(day)
    model = stored_state(setup, plan.days)
    assert model is not None, "the days were just stored"
    log = home.parent / f"{home.name}-side.log"
    next_change = 0
    for kill in range(1, kills + 1):
        log.write_bytes(b"")
        aim = rng.choice(aims)
        typical = statistics.median(report.change_seconds[-50:] or [0.05])
        writer = FORK.Process(target=write_changes, args=(home, plan, next_change, log, make))
        writer.start()
        deadline = time.monotonic() + DEADLINE_SECONDS
        if aim == "any moment":
            time.sleep(rng.uniform(0, 4 * typical))
            hit = True
        elif aim == "in a change":
            hit = wait_for(began_change(log, rng.randint(1, 3)), writer.is_alive, deadline)
            time.sleep(rng.uniform(0, typical))
        elif aim == "in a write":
            old = {path.name for path in temporaries(home)}
            folders = [Path(folder) for folder, _, _ in os.walk(home)]
            hit = wait_for(new_temporary(folders, old), writer.is_alive, deadline, pause=0)
        else:
            writer.join(DEADLINE_SECONDS)
            hit = writer.exitcode is not None
        alive = writer.is_alive()
        assert writer.pid is not None
        with contextlib.suppress(ProcessLookupError):  # dead already: is_alive() reaped it
            os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        report.kills += 1
        report.aims[aim] += 1
        report.aim_missed += not hit
        if not alive:
            report.writer_failures += 1
            report.problem(f"kill {kill}: the writer had died (exit code {writer.exitcode})")

        side = read_side_log(log)
        report.change_seconds += side.seconds
        if side.error:
            report.problem(f"kill {kill}: the writer stopped: {side.error}")
        acknowledged = next_change - 1 if side.acknowledged is None else side.acknowledged
        begun = acknowledged if side.begun is None else side.begun
        report.changes_acknowledged += acknowledged - (next_change - 1)
        before = model
        for number in range(next_change, acknowledged + 1):
            before = applied(before, plan.change(number))
        after = before if begun == acknowledged else applied(before, plan.change(begun))

        temps = len(temporaries(home))
        report.temps_left_by_kills += temps - report.temps_after_start
        report.killed_inside_write += temps > report.temps_after_start
        starting = Store(home)  # the next start
        removed = start_as_next_planner(starting)
        report.clean_up_exists = removed is not None
        report.temps_removed_at_start += removed or 0
        report.temps_after_start = len(temporaries(home))
        report.starts_leaving_temps += report.temps_after_start > 0
        check_lock(starting, report, kill)
        check_files(starting, report, kill)

        found = stored_state(starting, plan.days)
        in_flight = begun != acknowledged
        report.in_flight += in_flight
        if found == after:
            report.in_flight_after += in_flight
        elif found == before:
            report.in_flight_before += in_flight
        else:
            report.half_applied += 1
            report.problem(
                f"kill {kill}: the days hold neither the state after change {acknowledged} "
                f"(the last acknowledged) nor after change {begun} (the one begun)"
            )
            if found is None:
                break  # nothing to go on from
        if found in (before, after):
            report.changes_found += acknowledged - next_change + 1
        # The next writer goes on from what is stored (the change begun is made again if
        # it was lost; its number, and so its win's id, stays the same).
        model = found
        next_change = begun + 1 if found == after else acknowledged + 1
        if progress is not None:
            progress(report)
    return report


# --- concurrency ----------------------------------------------------------------------

CONCURRENCY_DAY = date(2025, 11, 25)  # in the past: the CLI may work it
LOGGED_SECONDS = 60  # each "log" change: `planner log TASK 1m`


@dataclass(frozen=True)
class Racer:
    """One of the racing processes: ``way`` is "store" (the Store's API) or "cli"
    (``python -m planner`` in a fresh interpreter for each change)."""

    number: int
    way: str
    changes: int

    def win_text(self, change: int) -> str:
        return f"win {change:03d} of racer {self.number} ({self.way})"


def racer_changes(racer: Racer) -> Iterator[tuple[int, str]]:
    """(change number, "win" or "log"): a win, then a minute logged, by turns."""
    for change in range(racer.changes):
        yield change, "win" if change % 2 == 0 else "log"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m planner ARGS`` with ``home`` as its PLANNER_HOME."""
    env = {**os.environ, "PLANNER_HOME": str(home)}
    command = [sys.executable, "-m", "planner", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def race(home: Path, racer: Racer, task_id: str, pause: float, go: Event, log: Path) -> None:
    """One racer's changes, once ``go`` is set, each acknowledged in ``log`` with the
    seconds it took once it is stored (or its failure). A random pause of about ``pause``
    before each change spreads a fast racer over the slow ones' run."""
    store = Store(resolve_paths({"PLANNER_HOME": str(home)}).data_dir)
    iso = CONCURRENCY_DAY.isoformat()
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    rng = random.Random(racer.number)
    go.wait()
    for change, kind in racer_changes(racer):
        time.sleep(rng.uniform(0, 2 * pause))
        started = time.monotonic()
        text = racer.win_text(change)
        failure = ""
        if racer.way == "cli":
            args = ("win", text) if kind == "win" else ("log", task_id, "1m")
            done = cli(home, *args, "--date", iso)
            if done.returncode != 0:
                failure = (done.stderr or done.stdout).strip().replace("\n", " ")
        else:
            try:
                store_change(store, kind, text, task_id)
            except PlannerError as error:
                failure = str(error).replace("\n", " ")
        elapsed = time.monotonic() - started
        line = f"fail {change} {kind} {failure}" if failure else f"ack {change} {kind} {elapsed}"
        os.write(fd, (line + "\n").encode())


def store_change(store: Store, kind: str, text: str, task_id: str) -> None:
    """A win saying ``text``, or a minute logged on the task, through the Store."""
    if kind == "win":
        win = Outcome(text, None, STAMP, new_outcome_id("win"))
        store.change_day(CONCURRENCY_DAY, lambda day: day.wins.append(win))
    else:
        store.update_task(CONCURRENCY_DAY, task_id, lambda task: add_time(task, LOGGED_SECONDS))


@dataclass(frozen=True)
class Race:
    """A race as run: who raced, on which task they logged time, their side logs, how
    long it took from the start signal to the last racer's end, and their exit codes."""

    racers: tuple[Racer, ...]
    task_id: str
    logs: tuple[Path, ...]
    seconds: float
    exit_codes: tuple[int | None, ...]


@dataclass
class RaceCheck:
    """What the day holds of the racers' acknowledged changes."""

    acknowledged: int = 0
    found: int = 0  # acknowledged changes found in the day
    lost_wins: int = 0
    lost_minutes: int = 0
    extra: int = 0  # wins or minutes found that no racer acknowledged, or stored twice
    failures: int = 0  # changes a racer saw refused (a lock held too long...)
    change_seconds: dict[str, list[float]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def lost_updates(self) -> int:
        return self.lost_wins + self.lost_minutes


def shared_task(home: Path) -> str:
    """The day of the race created from the default template, as a user's first command
    would; the id of its first task (the one every racer logs time on)."""
    session = Session(resolve_paths({"PLANNER_HOME": str(home)}), Settings())
    return session.open_day(CONCURRENCY_DAY).day.tasks[0].id


def cli_seconds(home: Path) -> float:
    """Seconds of one CLI command on the race's day (``planner today``), the lesser of
    two (the first may compile planner)."""
    timings = []
    for _ in range(2):
        started = time.monotonic()
        cli(home, "today", "--date", CONCURRENCY_DAY.isoformat())
        timings.append(time.monotonic() - started)
    return min(timings)


def run_race(home: Path, racers: tuple[Racer, ...]) -> Race:
    """The racers run at once, in processes of their own, on one day in ``home`` (an empty
    PLANNER_HOME). With CLI racers among them, the Store racers pause between changes (a
    CLI command takes a few hundred ms, a Store change a few), so that all of them race
    from start to end."""
    task_id = shared_task(home)
    pause = 0.0
    cli_changes = max((racer.changes for racer in racers if racer.way == "cli"), default=0)
    store_changes = max((racer.changes for racer in racers if racer.way == "store"), default=0)
    if cli_changes and store_changes:
        pause = cli_seconds(home) * cli_changes / store_changes
    go = FORK.Event()
    logs = tuple(home / f"racer-{racer.number}.log" for racer in racers)
    processes = [
        FORK.Process(
            target=race,
            args=(home, racer, task_id, pause if racer.way == "store" else 0.0, go, log),
        )
        for racer, log in zip(racers, logs, strict=True)
    ]
    for process in processes:
        process.start()
    started = time.monotonic()
    go.set()
    deadline = started + DEADLINE_SECONDS * 10
    for process in processes:
        process.join(timeout=max(1.0, deadline - time.monotonic()))
        if process.is_alive():  # stuck: the check then finds its changes missing
            process.kill()
            process.join()
    seconds = time.monotonic() - started
    return Race(racers, task_id, logs, seconds, tuple(p.exitcode for p in processes))


def check_race(home: Path, ran: Race) -> RaceCheck:
    """Every change a racer acknowledged looked for in the day as stored now."""
    check = RaceCheck()
    wins_made: set[str] = set()
    minutes_made = 0
    for racer, log in zip(ran.racers, ran.logs, strict=True):
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        for line in lines:
            word, number, kind, rest = [*line.split(" ", 3), "", "", ""][:4]
            if word == "fail":
                check.failures += 1
                check.problems.append(f"racer {racer.number}, change {number}: {rest}")
                continue
            check.acknowledged += 1
            check.change_seconds.setdefault(racer.way, []).append(float(rest))
            if kind == "win":
                wins_made.add(racer.win_text(int(number)))
            else:
                minutes_made += 1

    day = Store(resolve_paths({"PLANNER_HOME": str(home)}).data_dir).load_day(CONCURRENCY_DAY)
    assert day is not None, "the day was created before the race"
    texts = [win.text for win in day.wins]
    duplicates = len(texts) - len(set(texts))
    if duplicates:
        check.problems.append(f"{duplicates} wins stored twice")
    check.lost_wins = len(wins_made - set(texts))
    check.extra = len(set(texts) - wins_made) + duplicates
    minutes = closed_seconds(day.task(ran.task_id)) // LOGGED_SECONDS
    check.lost_minutes = max(0, minutes_made - minutes)
    check.extra += max(0, minutes - minutes_made)
    check.found = check.acknowledged - check.lost_updates
    return check
