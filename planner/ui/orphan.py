"""An app behind a browser tab leaves when `planner serve` is gone.

`planner serve` ends its apps when a tab closes or it stops; killed outright (SIGKILL), it
cannot, and its apps lead their own process groups. So each app it starts is told the
server's pid (``SERVED_BY_ENV``) and looks every few seconds whether that is still its
parent: once it is not (the server is gone, the app was handed to init), it quits."""

from __future__ import annotations

import os
from typing import Any

from textual.app import App

SERVED_BY_ENV = "PLANNER_SERVED_BY"
LOOK_EVERY_SECONDS = 2.0


def leave_when_orphaned(app: App[Any]) -> None:
    """From the app's on_mount: nothing unless `planner serve` started this app."""
    server = os.environ.get(SERVED_BY_ENV, "")
    if not server.isdigit():
        return

    def look() -> None:
        if os.getppid() != int(server):
            app.exit()

    app.set_interval(LOOK_EVERY_SECONDS, look)
