"""Compiled themes: each theme file's ``Theme`` kept as JSON in ``<cache>/themes.json``,
keyed by the file's path, mtime and size, so that a start-up with unchanged theme files
parses no YAML (nor imports it).

Derived data only: a missing, unreadable or foreign cache is ignored and rebuilt, and a
cache that cannot be written costs only speed. Problems are never cached: a broken file is
read (and reported) every time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path
from typing import Any

from textual.theme import Theme

from planner.template_library import file_key

CACHE_VERSION = 1
CACHE_FILE = "themes.json"


class ThemeCache:
    def __init__(self, cache_dir: Path | None) -> None:
        self.file = cache_dir / CACHE_FILE if cache_dir is not None else None
        self._entries = self._read()
        self._changed = False

    def get(self, path: Path) -> Theme | None:
        entry = self._entries.get(str(path))
        if not isinstance(entry, dict) or entry.get("key") != file_key(path):
            return None
        try:
            return Theme(**entry["theme"])
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: Path, theme: Theme) -> None:
        key = file_key(path)
        if key is None or self.file is None:
            return
        self._entries[str(path)] = {"key": key, "theme": dataclasses.asdict(theme)}
        self._changed = True

    def save(self) -> None:
        if not self._changed or self.file is None:
            return
        from planner.storage import write_atomically

        data = {"version": CACHE_VERSION, "themes": self._entries}
        with contextlib.suppress(OSError):  # only speed is lost
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.file, json.dumps(data, sort_keys=True).encode("utf-8"))
        self._changed = False

    def _read(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        try:
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        themes = data.get("themes")
        return themes if isinstance(themes, dict) else {}
