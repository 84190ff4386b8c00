"""`planner export` and `planner import`: days out to files, and a JSON export back in."""

from __future__ import annotations

import argparse
import sys
from datetime import time
from pathlib import Path
from typing import Any

from planner.cli.common import EXIT_ERROR, EXIT_OK, date_argument, day_of, make_session
from planner.core.timebox import DURATION_FORMS, BadDuration, parse_duration
from planner.exchange.calendar import DEFAULT_ALARM_MINUTES, DEFAULT_START
from planner.exchange.export import FORMATS, ExportRequest, render_export
from planner.exchange.output import is_stdout, write_output

COMMANDS: tuple[str, ...] = ("export", "import")


def parse_clock(text: str) -> time:
    """HH:MM, e.g. 09:00 or 7:30."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day: use HH:MM") from None


def alarm_minutes(text: str) -> int:
    """--alarm: a duration (10m, 1h, 45) of whole minutes, at most 24h."""
    try:
        seconds = parse_duration(text)
    except BadDuration as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if seconds % 60:
        raise argparse.ArgumentTypeError(f"{text!r}: a calendar alarm is in whole minutes")
    return seconds // 60


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export",
        help="write days as a Markdown journal, CSV, JSON (for import) or an iCalendar plan",
        description="Without --from/--to: every stored day, or for ics the next 7 days "
        "(today included) as planned.",
    )
    export.add_argument(
        "--format",
        choices=list(FORMATS),
        help="md, csv, json or ics (default: from the -o file's suffix, else md)",
    )
    export.add_argument("--from", dest="start", type=date_argument, metavar="DATE")
    export.add_argument("--to", dest="end", type=date_argument, metavar="DATE")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write FILE, or the file a symlink leads to (default, or -: print; ./- is a "
        "file named -); the folder must exist",
    )
    export.add_argument(
        "--at",
        type=parse_clock,
        default=DEFAULT_START,
        metavar="HH:MM",
        help="ics: when each day's time box starts, local time (default 09:00)",
    )
    alarm = export.add_mutually_exclusive_group()
    alarm.add_argument(
        "--alarm",
        type=alarm_minutes,
        metavar="DURATION",
        help=f"ics: a reminder this long before each day's first event ({DURATION_FORMS}; "
        f"default {DEFAULT_ALARM_MINUTES}m)",
    )
    alarm.add_argument("--no-alarm", action="store_true", help="ics: no reminders")

    imported = commands.add_parser(
        "import",
        help="read a `planner export --format json` file back into your days, items and ideas",
        description="Days, items and ideas you do not have are added. If some are already "
        "stored, nothing is written unless you choose --replace or --merge.",
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    how = imported.add_mutually_exclusive_group()
    how.add_argument(
        "--replace", action="store_true", help="the file's days replace the stored ones"
    )
    how.add_argument(
        "--merge",
        action="store_true",
        help="per task, item and idea, and for each day's wrap-up, keep the newer of the two",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "export":
        return cmd_export(args)
    return cmd_import(args)


def chosen_format(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    suffix = output.suffix.lstrip(".").lower() if output else ""
    return suffix if suffix in FORMATS else "md"


def cmd_export(args: argparse.Namespace) -> int:
    """Exit 0, or 1 when some day files could not be read: the export then holds every other
    day, and each file left out is named on stderr, one line each."""
    session = make_session(getattr(args, "template", None))
    output: str | None = args.output
    to_stdout = output is None or is_stdout(output)
    path = None if output is None or to_stdout else Path(output)
    fmt = chosen_format(args.format, path)
    start, end = day_of(args.start, session), day_of(args.end, session)
    alarm = None if args.no_alarm else DEFAULT_ALARM_MINUTES if args.alarm is None else args.alarm
    request = ExportRequest(fmt, start, end, args.at, alarm)
    found = session.days_for_export(request)()
    data = render_export(request, found.days, session.now(), found.records)
    if path is None:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    else:
        written = write_output(path, data)
        links = "" if written == path else f" (the file it links to, {written})"
        print(f"{FORMATS[fmt]} written to {path}{links}", file=sys.stderr)
    for left in found.left_out:
        print(
            f"planner: left out {left.day.isoformat()}: {one_line(str(left.error))}",
            file=sys.stderr,
        )
    return EXIT_ERROR if found.left_out else EXIT_OK


def one_line(text: str) -> str:
    return " ".join(text.split())


def cmd_import(args: argparse.Namespace) -> int:
    from planner.exchange.importing import Mode

    mode = Mode.REPLACE if args.replace else Mode.MERGE if args.merge else Mode.ADD
    session = make_session(getattr(args, "template", None))
    report = session.import_file(args.file, mode)
    print(f"imported {args.file}: {report.summary()}")
    return EXIT_OK
