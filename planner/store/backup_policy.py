"""When a writer's first write over a day file also keeps a copy in ``<data>/backups/``.

Apart from ``planner.store.backups``, which takes the copies, so that a Store can name its
policy without loading that module: it is needed only when a write goes over an existing
day file, never to open the checklist (start-up, see benchmarks/bench_startup.py).
"""

from __future__ import annotations

from enum import StrEnum


class BackupPolicy(StrEnum):
    """When a writer's first write over a day file also keeps a copy in ``backups/``."""

    EVERY_SESSION = "every session"  # the app
    HOURLY = "hourly"  # the commands: one an hour at most
