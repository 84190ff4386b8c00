"""The `planner` command: the checklist app by default, and subcommands for the shell.

Textual is imported only when the app starts, so `planner today` and `planner --version`
stay quick; and only the command a line names is built and loaded (``parser_for``): the
parser of every command, with the modules of every group, cost each start ~60 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
from collections.abc import Collection, Sequence
from datetime import date, datetime
from importlib import import_module
from typing import Any, cast

from planner.cli.commands import DAY_COMMANDS, GROUPS, named_command
from planner.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    CommandGroup,
    channel_argument,
    date_argument,
    day_of,
    make_session,
    outcome_argument,
    refuse_undecodable,
)
from planner.cli.outcomes import cmd_outcome
from planner.config import resolve_paths
from planner.core.dates import DATE_FORMS
from planner.core.ladder import RUNGS
from planner.core.model import Day, Status, TaskState
from planner.core.plan import Progress, out_of_order_notice, progress, tasks_by_rung
from planner.core.timebox import (
    DURATION_FORMS,
    MAX_DURATION,
    BadDuration,
    logged_seconds,
    minutes_text,
    parse_duration,
    time_box,
)
from planner.errors import PlannerError
from planner.session.work import Session
from planner.store.day_format import day_as_record


class VersionAction(argparse.Action):
    """--version, looked up only when asked (importlib.metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from planner import __version__

        print(f"planner {__version__}")
        parser.exit()


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser of ``argv``: with the one command it names, none for the app; all of them
    for the top-level help and for a word that is no command (argparse lists them)."""
    command = named_command(argv)
    before = argv[: argv.index(command)] if command is not None else argv
    if {"-h", "--help"} & set(before):  # the help of `planner`: every command
        return build_parser()
    if command is None:
        return build_parser(())
    if command in DAY_COMMANDS or command in GROUPS:
        return build_parser((command,))
    return build_parser()


def build_parser(wanted: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``wanted`` commands (None: every one)."""
    # Options shared by the app and the day commands; SUPPRESS keeps a subcommand from
    # resetting a value given before it (`planner --date D today`).
    day_options = argparse.ArgumentParser(add_help=False)
    day_options.add_argument(
        "--date",
        type=date_argument,
        default=argparse.SUPPRESS,
        help=f"the day to work on: {DATE_FORMS} (default: today)",
    )
    day_options.add_argument(
        "--template",
        metavar="PATH_OR_NAME",
        default=argparse.SUPPRESS,
        help="template for a day not yet started: a file, or the name of a user or shipped one",
    )

    parser = argparse.ArgumentParser(
        prog="planner",
        parents=[day_options],
        description="Your daily marketing hour as a checklist, in ladder order: "
        "listen, read, comment, create, communicate, close. "
        "With no command, opens today's checklist.",
    )
    parser.add_argument("--version", action=VersionAction, nargs=0, help="print the version")
    parser.add_argument(
        "--theme", metavar="NAME", help="colour theme for the app (shipped, yours or Textual's)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if wanted is None or set(wanted) & set(DAY_COMMANDS):
        add_day_commands(commands, day_options)
    for group in command_groups(wanted):
        group.add_commands(commands, day_options)
    return parser


def add_day_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    today = commands.add_parser(
        "today", parents=[day_options], help="print the day's checklist without starting the app"
    )
    today.add_argument("--json", action="store_true", help="print JSON (format in the README)")

    done = commands.add_parser("done", parents=[day_options], help="mark a task done")
    done.add_argument("task_id", metavar="TASK_ID")
    skipped = commands.add_parser("skip", parents=[day_options], help="skip a task")
    skipped.add_argument("task_id", metavar="TASK_ID")
    skipped.add_argument("--reason", default="", help="why it was skipped (optional)")
    undo = commands.add_parser("undo", parents=[day_options], help="reopen a done or skipped task")
    undo.add_argument("task_id", metavar="TASK_ID")

    timer = commands.add_parser(
        "timer", parents=[day_options], help="start or stop a task's timer (one runs at a time)"
    )
    timer.add_argument("action", choices=["start", "stop"])
    timer.add_argument("task_id", metavar="TASK_ID")
    log = commands.add_parser("log", parents=[day_options], help="add time to a task by hand")
    log.add_argument("task_id", metavar="TASK_ID")
    log.add_argument(
        "duration", metavar="DURATION", help=f"{DURATION_FORMS}; at most {MAX_DURATION}"
    )
    # `-5m` is a duration (refused with its reason), not an unknown option: here, as `-3`
    # already is for argparse, a minus and a digit start a value.
    log._negative_number_matcher = re.compile(r"-\.?[0-9]")
    for kind in ("win", "loss"):
        outcome = commands.add_parser(
            kind, parents=[day_options], help=f"record a {kind} of the day"
        )
        outcome.add_argument(
            "text",
            metavar="TEXT",
            type=outcome_argument,
            help="one line (line breaks become spaces); a last word @Channel tags it",
        )
        outcome.add_argument(
            "--channel",
            type=channel_argument,
            help="the channel it came from, e.g. LinkedIn (or end TEXT with @LinkedIn)",
        )
        outcome.add_argument(
            "--kind",
            metavar="K",
            help=f"what kind of {kind} (one the template declares under outcomes:; default other)",
        )
        outcome.add_argument(
            "--strategy", metavar="S", help="the strategy that brought it (its name or id)"
        )
        if kind == "win":  # a win can name the piece it came from (planner idea list)
            outcome.add_argument("--piece", metavar="ID", help="the published piece it came from")

    commands.add_parser("locate", help="print where the settings, data and templates live")


def command_groups(wanted: Collection[str] | None = None) -> list[CommandGroup]:
    """The modules of the groups of ``wanted`` commands (None: all), in GROUPS' order."""
    names = dict.fromkeys(GROUPS[name] for name in GROUPS if wanted is None or name in wanted)
    return [cast(CommandGroup, import_module(f"planner.cli.{name}")) for name in names]


READ_ONLY_COMMANDS = ("today",)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = parser_for(argv)
    args = parser.parse_args(argv)
    refuse_undecodable(parser, args)
    try:
        return run(args, parser)
    except PlannerError as error:
        print(f"planner: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `planner review | head`: the reader left; no traceback, and none at exit either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    command: str | None = args.command
    if command == "locate":
        return cmd_locate()
    if command in GROUPS:
        return command_groups((command,))[0].run(args, parser)
    session = make_session(getattr(args, "template", None))
    day = day_of(getattr(args, "date", None), session) or session.today()
    if command is None:
        return cmd_app(session, day, getattr(args, "theme", None))
    try:
        code = run_day_command(command, args, session, day)
        if command not in READ_ONLY_COMMANDS:
            from planner.cli.remote import sync_after_write  # git only for those who sync

            sync_after_write(session)
        return code
    finally:
        # A template broken on disk was replaced by its last good version: say so.
        for warning in session.take_template_warnings():
            print(f"planner: warning: {warning}", file=sys.stderr)


def run_day_command(command: str, args: argparse.Namespace, session: Session, day: date) -> int:
    if command == "today":
        return cmd_today(session, day, as_json=args.json)
    if command == "timer":
        return cmd_timer(session, day, args.task_id, start=args.action == "start")
    if command == "log":
        return cmd_log(session, day, args.task_id, args.duration)
    if command in ("win", "loss"):
        return cmd_outcome(session, day, command, args)
    if command == "done":
        done, higher = session.toggle_done(day, args.task_id, only_mark=True)
        print(f"{day.isoformat()} {done.id}: {done.status.value}")
        if higher is not None:
            print(f"note: {out_of_order_notice(higher)}", file=sys.stderr)
        return EXIT_OK
    if command == "skip":
        task = session.skip_task(day, args.task_id, args.reason)
    else:
        task = session.reopen_task(day, args.task_id)
    print(f"{day.isoformat()} {task.id}: {task.status.value}")
    return EXIT_OK


def cmd_timer(session: Session, day: date, task_id: str, *, start: bool) -> int:
    stored = session.toggle_timer(day, task_id, start=start)
    task = stored.task(task_id)
    state = "running" if task.running_since else f"stopped, {minutes_text(task.seconds)} logged"
    print(f"{day.isoformat()} {task_id}: timer {state}")
    return EXIT_OK


def cmd_log(session: Session, day: date, task_id: str, duration: str) -> int:
    try:
        seconds = parse_duration(duration)
    except BadDuration as error:
        print(f"planner: {error}", file=sys.stderr)
        return EXIT_USAGE
    task = session.log_time(day, task_id, seconds)
    print(f"{day.isoformat()} {task_id}: {minutes_text(task.seconds)} logged")
    return EXIT_OK


def cmd_app(session: Session, day: date, theme: str | None = None) -> int:
    # A broken day file or template fails here, with a plain message, before the screen
    # takes over. Read only: the app creates a new day just after its first frame.
    session.preview(day)
    # The app's modules (Textual's, the screens') load with the collector off: what they make
    # lives as long as the process; PlannerApp.on_load freezes it and turns it back on.
    gc.disable()
    try:
        from planner.ui.app import PlannerApp

        app = PlannerApp(session=session, day=day, theme=theme)
        app.run()
    finally:
        gc.enable()  # should the app have ended before it loaded
        remote_git = sys.modules.get("planner.remote.git")  # loaded only when a remote is set
        if remote_git is not None:
            remote_git.stop_network_commands()  # a start sync still fetching must not hold the exit
    return app.return_code or EXIT_OK


def cmd_locate() -> int:
    paths = resolve_paths()
    print(f"config:    {paths.config_file}")
    print(f"data:      {paths.data_dir}")
    print(f"templates: {paths.template_dir}")
    if paths.synced_layout:
        print(f"shared:    {paths.shared_settings_file} (settings every synced machine shares)")
    print(f"cache:     {paths.cache_dir}")
    if (paths.data_dir / ".git").is_dir():  # git only when a repository is there
        from planner.remote.repo import remote_url

        print(f"remote:    {remote_url(paths.data_dir) or '(none)'} (repository: {paths.data_dir})")
    return EXIT_OK


def cmd_today(session: Session, day: date, *, as_json: bool) -> int:
    view = session.preview(day)
    if as_json:
        data = day_json(view.day, stored=view.stored, now=session.now())
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render_text(view.day))
    return EXIT_OK


def day_json(day: Day, *, stored: bool, now: datetime) -> dict[str, object]:
    data = day_as_record(day)
    data["stored"] = stored
    data["progress"] = progress_json(progress(day.tasks))
    box = time_box(day, now)
    data["logged_seconds"] = box.logged_seconds
    for task_data, task in zip(data["tasks"], day.tasks, strict=True):
        task_data["logged_seconds"] = logged_seconds(task, now)  # running stretch included
        task_data.setdefault("strategy", None)  # always there for scripts (stored if set)
        task_data["one_off"] = task.one_off  # a dated item (planner add), its id an item's
        if task.carried_from:
            task_data["carried_from"] = task.carried_from
        if task.moved_to:
            task_data["moved_to"] = task.moved_to
    return data


def progress_json(figures: Progress) -> dict[str, int]:
    return {"done": figures.done, "skipped": figures.skipped, "total": figures.total}


MARKS = {Status.OPEN: "[ ]", Status.DONE: "[x]", Status.SKIPPED: "[-]"}


def render_text(day: Day) -> str:
    figures = progress(day.tasks)
    lines = [
        f"{day.date:%A %d %B %Y} · {day.template} · "
        f"{figures.done}/{figures.total} done, {figures.skipped} skipped",
    ]
    grouped = tasks_by_rung(day)
    width = max((len(task.title) for task in day.tasks), default=0)
    for rung in RUNGS:
        tasks = grouped[rung]
        rung_figures = progress(tasks)
        lines.append("")
        lines.append(f"{rung.label.upper()}  {rung_figures.done}/{rung_figures.total}  {rung.why}")
        if not tasks:
            lines.append("    (nothing today)")
        for task in tasks:
            lines.append(f"  {MARKS[task.status]} {task_line(task, width)}")
    return "\n".join(lines)


def task_line(task: TaskState, width: int) -> str:
    extras = []
    if task.target is not None:
        extras.append(f"{task.count}/{task.target} {task.unit or ''}".rstrip())
    if task.skip_reason:
        extras.append(f"skipped: {task.skip_reason}")
    if task.note:
        extras.append(f"note: {task.note}")
    suffix = f"  ({'; '.join(extras)})" if extras else ""
    return f"{task.title:<{width}}  {task.id}{suffix}"
