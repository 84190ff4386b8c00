"""`planner remote add URL | sync | status [--json] | remove`: the data folder synced through
git (see planner.remote.repo). Not `planner sync`, which syncs a day with its template."""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner.cli.common import EXIT_OK
from planner.config import resolve_paths
from planner.remote import repo

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


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    folder = resolve_paths().data_dir
    action: str = args.remote_action
    if action == "add":
        repo.add(folder, args.url)
        repo.sync(folder)
        print(f"remote sync: {args.url} set, days synced")
    elif action == "sync":
        repo.sync(folder)
        print("remote sync: synced")
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
