"""Compiled themes: each theme file's ``Theme`` kept as JSON in ``<cache>/themes.json``,
keyed by the file's path, mtime and size, so that a start-up with unchanged theme files
parses no YAML (nor imports it).

Derived data only: a missing, unreadable or foreign cache is ignored and rebuilt, and a
cache that cannot be written costs only speed. Problems are never cached: a broken file is
read (and reported) every time.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from textual.theme import Theme

from planner.store.cache_files import read_cache, write_cache
from planner.store.files import file_key

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
        write_cache(self.file, CACHE_VERSION, {"themes": self._entries})
        self._changed = False

    def _read(self) -> dict[str, Any]:
        data = read_cache(self.file, CACHE_VERSION) if self.file is not None else None
        themes = data.get("themes") if data else None
        return themes if isinstance(themes, dict) else {}
