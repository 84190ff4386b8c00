"""`planner remote add URL | sync | status [--json] | remove`: the data folder synced through
git (see planner.remote.repo). Not `planner sync`, which syncs a day with its template."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from planner.cli.common import EXIT_OK
from planner.config import resolve_paths
from planner.remote import conflicts, layout, repo
from planner.remote.git import GitError
from planner.session.work import Session

COMMANDS: tuple[str, ...] = ("remote",)


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    remote = commands.add_parser(
        "remote",
        help="remote sync: keep the days of several machines together through git",
        description="The data folder becomes a git repository; `remote sync` commits, "
        "fetches, merges day files record by record (never a conflict marker) and pushes.",
    )
    actions = remote.add_subparsers(dest="remote_action", metavar="ACTION", required=True)
    added = actions.add_parser("add", help="set the remote (any URL git takes) and sync once")
    added.add_argument("url", metavar="URL")
    actions.add_parser("sync", help="commit, fetch, merge by record, push")
    status = actions.add_parser("status", help="the remote, the last sync, what is waiting")
    status.add_argument("--json", action="store_true", help="print JSON")
    actions.add_parser("remove", help="forget the remote (the local history stays)")
    resolve = actions.add_parser(
        "resolve",
        help="settle a template or settings file changed on both machines, then sync",
        description="After a sync stopped on a text file changed on both machines: keep "
        "this machine's version (--mine) or the other's (--theirs). Or edit the file "
        "(remove the <<<<<<< ======= >>>>>>> lines) and run `planner remote sync`.",
    )
    resolve.add_argument("file", metavar="FILE", help="as the sync named it, e.g. settings.yaml")
    side = resolve.add_mutually_exclusive_group(required=True)
    side.add_argument("--mine", action="store_true", help="keep this machine's version")
    side.add_argument("--theirs", action="store_true", help="take the other machine's version")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    paths = resolve_paths()
    folder = paths.data_dir
    action: str = args.remote_action
    if action == "add":
        repo.add(folder, args.url)
        print(f"remote sync: remote set to {args.url}")
        said = layout.sync(paths)
        print("\n".join([*said, "remote sync: synced"]))
    elif action == "sync":
        said = layout.sync(paths)
        print("\n".join([*said, "remote sync: synced"]))
    elif action == "resolve":
        conflicts.resolve(folder, repository_name(folder, args.file), mine=args.mine)
        kept = "this machine's" if args.mine else "the other machine's"
        print(f"remote sync: {args.file}: kept {kept} version")
        said = layout.sync(paths)
        print("\n".join([*said, "remote sync: synced"]))
    elif action == "remove":
        repo.remove(folder)
        print("remote sync: remote removed (the local history stays)")
    else:
        found = repo.status(folder)
        if args.json:
            print(json.dumps(found.to_dict(), indent=2))
        else:
            print(render_status(found))
    return EXIT_OK


def render_status(found: repo.RemoteStatus) -> str:
    if found.remote is None:
        return "remote sync: no remote (planner remote add URL)"
    lines = [
        f"remote:        {found.remote}",
        f"state:         {found.state}",
        f"last sync:     {found.last_sync or 'never'}",
        f"to send:       {found.ahead} commit(s), {found.local_changes} changed file(s)",
        f"to receive:    {found.behind} commit(s) (as of the last fetch)",
    ]
    return "\n".join(lines)


def repository_name(folder: Path, given: str) -> str:
    """FILE as git names it: relative to the data folder, with forward slashes."""
    path = Path(given)
    if path.is_absolute() or path.exists():
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            pass
    return Path(given).as_posix()


AFTER_WRITE_SECONDS = 5.0


def sync_after_write(session: Session) -> None:
    """``remote_sync_after_cli: true``: each write goes out at once, within a few seconds;
    offline is said, never waited for (the change is committed for the next sync)."""
    if (
        not session.settings.remote_sync_after_cli
        or repo.remote_url(session.paths.data_dir) is None
    ):
        return
    try:
        layout.sync(session.paths, time_limit=AFTER_WRITE_SECONDS)
    except GitError as error:
        print(f"planner: remote sync: {error} (saved here; it syncs next time)", file=sys.stderr)
