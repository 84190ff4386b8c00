"""`planner template ...` and `planner sync`: plan templates from the shell.

- ``template list``: every template, whether it is valid, the default, its weekdays, its
  strategies.
- ``template new NAME [--from EXAMPLE]``: a template of your own, copied from an example.
- ``template validate FILE...``: FILE:LINE:COLUMN: message for each problem.
- ``template edit NAME``: your template in $VISUAL/$EDITOR, then checked.
- ``template schema``: the JSON Schema of the format.
- ``template doc NAME [-o FILE] [--with-results]``: the template as a Markdown playbook.
- ``sync [--date D] [--dry-run]``: make a stored day follow its template again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, day_of, make_session
from planner.config import load_user_settings, resolve_paths

COMMANDS: tuple[str, ...] = ("template", "sync")


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    template = commands.add_parser("template", help="work with plan templates")
    template_commands = template.add_subparsers(dest="template_command", metavar="ACTION")
    template_commands.add_parser(
        "list", help="list the shipped and your own templates: validity, default, weekdays"
    )
    new = template_commands.add_parser(
        "new", help="start a template of your own, copied from a shipped example"
    )
    new.add_argument("name", metavar="NAME", help="its name (the file is NAME.yaml)")
    new.add_argument(
        "--from",
        dest="source",
        metavar="EXAMPLE",
        default=None,
        help="the template to copy (default: the default template)",
    )
    validate = template_commands.add_parser(
        "validate", help="check template files; print FILE:LINE:COLUMN: message for each problem"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    edit = template_commands.add_parser(
        "edit", help="open your template in $VISUAL / $EDITOR, then check it"
    )
    edit.add_argument("name", metavar="NAME")
    template_commands.add_parser("schema", help="print the JSON Schema of the template format")
    doc = template_commands.add_parser(
        "doc",
        help="write a template as a Markdown playbook someone else could follow",
        description="The goals, strategies, the ladder rung by rung, each task, the weekly "
        "rhythm and what counts as a win or a loss, as Markdown (standard output unless -o).",
    )
    doc.add_argument("name", metavar="NAME", help="a template's name or a .yaml file")
    doc.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE (replaced; a symlink is written through; - is standard output)",
    )
    doc.add_argument(
        "--with-results",
        action="store_true",
        help="add the last 90 days' figures per strategy and channel",
    )

    sync = commands.add_parser(
        "sync",
        parents=[day_options],
        help="sync a day with its template: add new tasks, drop untouched removed ones",
    )
    sync.add_argument("--dry-run", action="store_true", help="show what would change, only")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "sync":
        return cmd_sync(args)
    command = args.template_command
    if command == "validate":
        return cmd_validate(args.files)
    if command == "list":
        return cmd_template_list()
    if command == "new":
        return cmd_new(args.name, args.source)
    if command == "edit":
        return cmd_edit(args.name)
    if command == "doc":
        return cmd_doc(args.name, args.output, with_results=args.with_results)
    if command == "schema":
        from planner.templates.schema import schema_text

        sys.stdout.write(schema_text())
        return EXIT_OK
    parser.parse_args(["template", "--help"])
    return EXIT_USAGE


def cmd_validate(files: list[Path]) -> int:
    from planner.templates.reader import check_file

    failed = False
    for file in files:
        result = check_file(file)
        for problem in result.problems:
            print(problem)
        if result.template is None:
            failed = True
        elif not result.problems:
            print(f"{file}: ok ({len(result.template.tasks)} tasks)")
    return EXIT_ERROR if failed else EXIT_OK


def cmd_template_list() -> int:
    from planner.templates.listing import describe_templates

    paths = resolve_paths()
    settings = load_user_settings(paths)
    infos = describe_templates(paths.template_dir, settings.default_template, settings.schedule)
    for info in infos:
        origin = "yours" if info.is_user else "shipped"
        if info.valid:
            state = f"{info.task_count} tasks, {info.planned_minutes}/{info.budget_minutes} min"
        else:
            state = "INVALID (planner template validate FILE)"
        marks = ["default"] if info.is_default else []
        if info.weekdays:
            marks.append("on " + " ".join(info.weekdays))
        print(f"{info.name:28} {origin:8} {state:28} {', '.join(marks)}".rstrip())
        print(f"    {info.description or info.title}  ({info.path})")
        strategies = info.template.strategies if info.template else ()
        if strategies:
            names = " · ".join(strategy.name for strategy in strategies)
            print(f"    {len(strategies)} strateg{'y' if len(strategies) == 1 else 'ies'}: {names}")
    return EXIT_OK


def cmd_new(name: str, source_name: str | None) -> int:
    from planner.templates.library import DEFAULT_TEMPLATE, copy_template, find_template

    paths = resolve_paths()
    settings = load_user_settings(paths)
    source = find_template(
        source_name or settings.default_template or DEFAULT_TEMPLATE, paths.template_dir
    )
    made = copy_template(source, paths.template_dir, name)
    print(f"created {made} (from {source})")
    print(f"edit it with: planner template edit {made.stem}")
    return EXIT_OK


def cmd_edit(name: str) -> int:
    from planner.templates.library import LibraryError, find_template, is_shipped, run_editor

    paths = resolve_paths()
    path = find_template(name, paths.template_dir)
    if is_shipped(path):
        raise LibraryError(
            f"'{name}' is a shipped example, which is never changed; "
            f"make your own copy first: planner template new {path.stem} --from {path.stem}"
        )
    code = run_editor(path)
    if code != 0:
        print(f"planner: the editor exited with status {code}", file=sys.stderr)
    return cmd_validate([path])


def cmd_doc(name: str, output: str | None, *, with_results: bool = False) -> int:
    from planner.exchange.output import is_stdout, write_output
    from planner.templates.library import find_template
    from planner.templates.playbook import PlaybookResults, render_playbook
    from planner.templates.reader import load_file

    paths = resolve_paths()
    template = load_file(find_template(name, paths.template_dir))
    results: PlaybookResults | None = None
    if with_results:
        from planner.session.playbook import playbook_results

        results = playbook_results(make_session(None), template)
    text = render_playbook(template, results)
    if output is None or is_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    path = Path(output)
    written = write_output(path, text.encode("utf-8"))
    links = "" if written == path else f" (the file it links to, {written})"
    print(f"playbook of '{template.name}' written to {path}{links}", file=sys.stderr)
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    session = make_session(getattr(args, "template", None))
    day = day_of(getattr(args, "date", None), session) or session.today()
    result = session.sync_preview(day) if args.dry_run else session.sync_day(day)
    for warning in session.take_template_warnings():
        print(f"planner: {warning}", file=sys.stderr)
    verb = "would change" if args.dry_run else "synced"
    print(f"{day.isoformat()} {verb} with '{result.day.template}':")
    print(result.summary())
    return EXIT_OK
