"""Derived data on disk: versioned JSON files under the cache folder (compiled templates
and themes, day summaries).

Never authoritative: a file that is missing, unreadable, or of another version or shape
reads as nothing (the caller rebuilds it), and a file that cannot be written costs only
speed, so writing never raises.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from planner.store.files import write_atomically


def read_cache(path: Path, version: int) -> dict[str, Any] | None:
    """The cache file's mapping when it is readable JSON of this ``version``, else None."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version:
        return None
    return data


def write_cache(
    path: Path, version: int, content: dict[str, Any], *, compact: bool = False
) -> None:
    """Write ``content`` with its ``version`` atomically; ``compact`` for large files (it
    halves the time to write)."""
    data = {"version": version, **content}
    text = json.dumps(data, separators=(",", ":")) if compact else json.dumps(data, sort_keys=True)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
