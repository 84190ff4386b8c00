"""`planner serve`: the checklist in a browser, one planner process per tab (planner.ui.serve).

The server (aiohttp, textual-serve) is imported only when the command runs."""

from __future__ import annotations

import argparse
import os
from typing import Any

from planner.cli.common import EXIT_OK

COMMANDS: tuple[str, ...] = ("serve",)


def port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0 to 65535; 0: a free one)")
    return port


def add_commands(commands: Any, day_options: argparse.ArgumentParser) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the app to a browser (http://127.0.0.1:8765)",
        description="Serves planner to web browsers: every tab is one planner on your data. "
        "Bound to 127.0.0.1 unless --host says otherwise; any other address requires a "
        "token, which is printed with the URL (or give it with --token or "
        "PLANNER_SERVE_TOKEN). Plain HTTP: see the README for a TLS proxy. ctrl+c stops it "
        "and every planner it started.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port",
        type=port_argument,
        default=8765,
        help="the port to listen on (default: 8765; 0 picks a free one, which is printed)",
    )
    serve.add_argument("--open", action="store_true", help="open the URL in the default browser")
    serve.add_argument(
        "--token",
        metavar="T",
        help="the token browsers must give (default: PLANNER_SERVE_TOKEN, else one is "
        "generated when --host is not a local address)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers reach it by, behind a proxy: https://planner.example.org",
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from planner.ui.serve.options import resolve_options
    from planner.ui.serve.running import serve_forever

    options = resolve_options(
        host=args.host,
        port=args.port,
        token=args.token,
        public_url=args.public_url,
        environ=os.environ,
    )
    serve_forever(options, open_browser=args.open)
    return EXIT_OK
