"""A writer killed with SIGKILL, hundreds of times: nothing torn, nothing half-applied.

Run ``python benchmarks/bench_crash.py`` (``--kills N``, ``--seed S``; 300 kills by
default, a few minutes on a busy machine). In a temporary folder a writer process makes
numbered changes through the Store to two days: one of 300 tasks with long hints and
notes (a file of about 700 kB, so that each write takes a while) and one of 6 tasks. A
change sets a task's note (1,500 characters), counts on a task, or adds a win; the writer
notes in a side log each change it begins and each one the Store acknowledged. It is
killed at a random moment, just after it began a change, or the moment a temporary file
shows that it is inside an atomic write (a third of the kills each). After each kill,
as the next start of planner would, the benchmark checks (see ``tests/stress.py``):

- every day file and backup parses and validates (else it is *torn*);
- the days hold the state after the last acknowledged change, or after the change that
  was begun (else the change was *half-applied*, or an acknowledged one *lost*);
- the days' lock is free at once (a stale lock would block the next writer);
- after the Store's clean-up at start (``Store.remove_stale_temporaries``), no temporary
  file is left.

The counts are printed with their targets beside them; the exit code is 1 if one is
missed. ``tests/test_crash.py`` runs the same harness with 20 kills.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # the harness lives in tests/

from tests.stress import CrashPlan, CrashReport, run_crashes

KILLS = 300
SEED = 1


def verdict(value: int, target: int = 0) -> str:
    return f"(target {target}) {'ok' if value == target else 'MISSED'}"


def show_progress(report: CrashReport) -> None:
    if report.kills % 50 == 0:
        print(f"  ... {report.kills} kills", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=KILLS)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args(argv)
    plan = CrashPlan(seed=options.seed)
    with tempfile.TemporaryDirectory(prefix="planner-bench-crash-") as scratch:
        home = Path(scratch) / "data"
        started = time.perf_counter()
        report = run_crashes(home, plan, options.kills, show_progress)
        elapsed = time.perf_counter() - started
        big = (home / "days" / f"{plan.days[0]:%Y}" / f"{plan.days[0].isoformat()}.json").stat()

    change_ms = statistics.median(report.change_seconds or [0.0]) * 1000
    print(
        f"{report.kills} writers killed with SIGKILL (seed {plan.seed}) in {elapsed:.0f} s, "
        f"on a day of {plan.big} tasks ({big.st_size // 1000} kB) and one of {plan.small}; "
        f"a change took {change_ms:.0f} ms (median)"
    )
    aims = ", ".join(f"{aim} {count}" for aim, count in report.aims.items())
    print(f"kill moments: {aims} (aimed moment missed: {report.aim_missed})")
    print(
        f"killed inside an atomic write (a temporary file left): {report.killed_inside_write}; "
        f"with a change begun and not acknowledged: {report.in_flight} (the days held the "
        f"state before it {report.in_flight_before} times, after it {report.in_flight_after})"
    )
    lost = report.changes_acknowledged - report.changes_found
    print(
        f"changes acknowledged: {report.changes_acknowledged}, found after the kills: "
        f"{report.changes_found}; lost: {lost} {verdict(lost)}"
    )
    print(f"files checked: {report.files_checked} (day files and backups, after every kill)")
    print(f"torn files: {report.torn} {verdict(report.torn)}")
    print(
        f"half-applied (neither before nor after): {report.half_applied} "
        f"{verdict(report.half_applied)}"
    )
    print(
        f"stale locks: {report.stale_locks} {verdict(report.stale_locks)}; the longest wait "
        f"for the lock after a kill: {report.lock_wait_max * 1000:.0f} ms"
    )
    print(
        f"writers that died before they were killed: {report.writer_failures} "
        f"{verdict(report.writer_failures)}"
    )
    if report.clean_up_exists:
        after = report.starts_leaving_temps
        print(
            f"temporary files left by the kills: {report.temps_left_by_kills}, removed by "
            f"the next start (Store.remove_stale_temporaries): {report.temps_removed_at_start}"
        )
        print(
            f"starts after which a temporary file was left: {after} of {report.kills} "
            f"{verdict(after)}"
        )
    else:
        print(
            f"temporary files left by the kills: {report.temps_left_by_kills}, all still "
            f"there ({report.temps_after_start}): this planner has no "
            f"Store.remove_stale_temporaries to run at start (target 0) MISSED"
        )
    for problem in report.problems:
        print(f"  {problem}")
    missed = (
        lost,
        report.torn,
        report.half_applied,
        report.stale_locks,
        report.writer_failures,
        report.starts_leaving_temps,
    )
    return 1 if any(missed) else 0


if __name__ == "__main__":
    sys.exit(main())
