"""`planner nudge [--after HH:MM] [--notify]`: a reminder without a daemon, for cron, a shell
prompt or a status bar. One line, and exit 3 when today's hour has not started by ``--after``
(default 10:00) or a running timer has taken the day past its time box; 0 otherwise (1 stays
a problem planner explains, such as a day file it cannot read).

It only reads: today's day file is never created (no stored day is a day not started).
With ``--notify`` the line also goes to the desktop through ``notify-send`` when that is on
PATH; a notification that cannot be sent is said on stderr and changes no exit code.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from planner.cli.common import EXIT_OK, make_session
from planner.cli.exchange import parse_clock
from planner.core.model import Day, Status, TaskState
from planner.core.timebox import closed_seconds, minutes_text, running_task, time_box
from planner.session.work import Session

COMMANDS: tuple[str, ...] = ("nudge",)

EXIT_NUDGE = 3  # something to be nudged about (1 and 2 keep their meaning)
DEFAULT_AFTER = time(10, 0)
NOTIFY_SECONDS = 10  # notify-send that takes longer is given up on


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    nudge = commands.add_parser(
        "nudge",
        help="one line; exit 3 if today's hour has not started by a time or a timer ran past "
        "the time box (for cron, a prompt or a status bar)",
        description="Prints one line and exits 3 when today's hour has not started by "
        "--after (no task done, skipped, counted or timed) or when a running timer has taken "
        "the day past its time box; 0 otherwise, 1 for a problem planner explains. Reads "
        "only: today's day is never created.",
    )
    nudge.add_argument(
        "--after",
        type=parse_clock,
        default=DEFAULT_AFTER,
        metavar="HH:MM",
        help="nudge when nothing is started by this local time (default 10:00)",
    )
    nudge.add_argument(
        "--notify",
        action="store_true",
        help="also send the line as a desktop notification (notify-send, when installed)",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    return run_nudge(make_session(None), args.after, notify=args.notify)


@dataclass(frozen=True)
class Nudge:
    """What `planner nudge` says, and its exit code."""

    code: int
    line: str


def run_nudge(session: Session, after: time = DEFAULT_AFTER, *, notify: bool = False) -> int:
    """Print today's nudge (and send it with ``notify``); its exit code."""
    today = session.today()
    found = nudge_for(session.load_day(today), today, session.now(), after)
    print(found.line)
    if notify and found.code == EXIT_NUDGE:
        problem = send_notification(found.line)
        if problem is not None:
            print(f"planner: no desktop notification: {problem}", file=sys.stderr)
    return found.code


def nudge_for(day: Day | None, today: date, now: datetime, after: time) -> Nudge:
    """The nudge for ``day`` (today's stored day, None when there is none) at ``now``."""
    if day is not None:
        timer = running_task(day)
        box = time_box(day, now)
        if timer is not None and box.used_up:
            logged, budget = minutes_text(box.logged_seconds), minutes_text(box.budget_minutes * 60)
            return Nudge(
                EXIT_NUDGE,
                f"past the time box: {logged} of {budget} logged, and the timer of "
                f"{timer.title!r} is still running",
            )
        if hour_started(day):
            done = sum(task.status is Status.DONE for task in day.tasks)
            logged = minutes_text(box.logged_seconds)
            return Nudge(EXIT_OK, f"started: {done}/{len(day.tasks)} done, {logged} logged")
    deadline = datetime.combine(today, after).astimezone()  # local time, as --after is
    if now >= deadline:
        return Nudge(EXIT_NUDGE, f"today's hour has not started, and it is past {after:%H:%M}")
    return Nudge(EXIT_OK, f"not started yet (a nudge from {after:%H:%M})")


def hour_started(day: Day) -> bool:
    """A task done, skipped, counted or timed (its timer running, or time logged)."""
    return any(task_started(task) for task in day.tasks)


def task_started(task: TaskState) -> bool:
    return (
        task.status in (Status.DONE, Status.SKIPPED)
        or task.count > 0
        or task.running_since is not None
        or closed_seconds(task) > 0
    )


def send_notification(line: str) -> str | None:
    """``line`` as a desktop notification through notify-send; why it was not sent, or None."""
    program = shutil.which("notify-send")
    if program is None:
        return "notify-send is not on PATH (it comes with libnotify)"
    try:
        result = subprocess.run(
            [program, "--app-name=planner", "planner", line],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=NOTIFY_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"notify-send did not finish within {NOTIFY_SECONDS} seconds"
    except OSError as error:
        return f"cannot run {program}: {error.strerror or error}"
    if result.returncode != 0:
        said = " ".join(result.stderr.split())
        return f"notify-send failed ({said or f'exit status {result.returncode}'})"
    return None
