"""`planner restore DATE [--pick N]`: a day file's backups listed (newest first, with what
each holds), and one of them put back (see planner.store.backups)."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from planner.cli.common import EXIT_OK, date_argument, day_of, make_session
from planner.core.dates import DATE_FORMS
from planner.core.model import Day, Status
from planner.store.backups import Backup, DayBackups, FileState, PutBack

COMMANDS: tuple[str, ...] = ("restore",)


def backup_number(text: str) -> int:
    """--pick: a number from the list, 1 or more."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a backup number: give N from the list (1 is the newest)"
        )
    return number


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    restore = commands.add_parser(
        "restore",
        help="list a day's backups, or put one back (--pick N)",
        description="Without --pick: the day's file as it is now (readable, or what is "
        "wrong with it) and its backups, newest first, numbered, with when each was taken "
        "and its tasks. With --pick N: backup N becomes the day's file again; the file as "
        "it was is kept in <data>/backups/ (…before-restore.json), never deleted.",
    )
    restore.add_argument("date", type=date_argument, metavar="DATE", help=DATE_FORMS)
    restore.add_argument(
        "--pick",
        type=backup_number,
        metavar="N",
        help="put backup N of the list back (the current file is kept aside first)",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    session = make_session(None)
    day = day_of(args.date, session)
    if day is None:  # DATE is required: argparse said so already
        parser.error("restore: DATE is required")
    if args.pick is None:
        print(render_backups(session.backups(day)))
        return EXIT_OK
    print(render_put_back(session.put_back(day, args.pick)))
    from planner.cli.remote import sync_after_write  # git only for those who sync

    sync_after_write(session)
    return EXIT_OK


def render_backups(found: DayBackups) -> str:
    iso = found.day.isoformat()
    now = "there is none" if not found.current.exists else what_it_holds(found.current)
    lines = [f"{iso}: the day file {found.current.path}", f"  now: {now}"]
    if not found.backups:
        lines.append("  no backups yet (one is kept before planner writes over the file)")
        return "\n".join(lines)
    lines.append(f"backups, newest first (put one back: planner restore {iso} --pick N):")
    for backup in found.backups:
        same = " (the same as now)" if backup.same_as_current else ""
        lines.append(
            f"  {backup.number}. {when(backup.taken)}  {what_it_holds(backup.state)}{same}"
        )
        lines.append(f"     {backup.kind}: {backup.state.path}")
    return "\n".join(lines)


def render_put_back(done: PutBack) -> str:
    backup = done.backup
    iso = backup.state.day.date.isoformat() if backup.state.day else "the day"
    lines = [
        f"{iso}: put back backup {backup.number} ({described(backup)}) from {backup.state.path}"
    ]
    if done.kept_aside is None:
        lines.append("there was no day file to keep aside")
    else:
        lines.append(f"the day file as it was is kept as {done.kept_aside}")
    return "\n".join(lines)


def described(backup: Backup) -> str:
    return f"{backup.kind}, {when(backup.taken)}, {what_it_holds(backup.state)}"


def what_it_holds(state: FileState) -> str:
    if state.day is None:
        return f"cannot be used: {state.problem}"
    return f"readable, {task_counts(state.day)}"


def task_counts(day: Day) -> str:
    statuses = [task.status for task in day.tasks]
    total = len(statuses)
    done, skipped = statuses.count(Status.DONE), statuses.count(Status.SKIPPED)
    counts = f"{total} task{'' if total == 1 else 's'}: {done} done"
    return counts + (f", {skipped} skipped" if skipped else "")


def when(moment: datetime) -> str:
    """Local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
