"""What the app remembers about its user between runs, not about the days: ``<data>/state.json``,
e.g. ``{"keys_hint_seen": true}`` once the first-run hint about ``?`` and ``ctrl+p`` has
been used.

In the data folder, not the cache: clearing the cache must not bring the hint back. Never
synced by the remote sync (planner.remote.repo leaves it out), and never essential: a file
that is missing, unreadable or of another shape reads as nothing remembered, and writing
it is atomic (``write_atomically``) so a crash leaves the old or the new file.
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.store.files import write_atomically

UI_STATE_FILE_NAME = "state.json"
KEYS_HINT_SEEN = "keys_hint_seen"


def ui_state_file(data_dir: Path) -> Path:
    return data_dir / UI_STATE_FILE_NAME


def read_ui_state(data_dir: Path) -> dict[str, object]:
    """What is remembered; empty when the file is missing, unreadable or not a mapping."""
    try:
        data = json.loads(ui_state_file(data_dir).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(data_dir: Path, key: str, value: object) -> None:
    """Set ``key`` to ``value`` (JSON), keeping what else is remembered. OSError when the
    file cannot be written."""
    state = read_ui_state(data_dir)
    if state.get(key) == value:
        return
    state[key] = value
    text = json.dumps(state, indent=2, sort_keys=True) + "\n"
    write_atomically(ui_state_file(data_dir), text.encode("utf-8"))


def keys_hint_seen(data_dir: Path) -> bool:
    """Whether the first-run hint about ``?`` and ``ctrl+p`` has been used once."""
    return read_ui_state(data_dir).get(KEYS_HINT_SEEN) is True


def remember_keys_hint_seen(data_dir: Path) -> None:
    remember(data_dir, KEYS_HINT_SEEN, True)
