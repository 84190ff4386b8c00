"""The theme file format: its keys, the words suggested for near misses, a theme's name,
the rung colour variables, and the problems a file can have. No YAML, no files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from planner.core.ladder import RUNGS, Rung

DEFAULT_THEME = "ladder-dark"

COLOR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
NUMBER_KEYS = ("luminosity_spread", "text_alpha")
THEME_KEYS = ("name", *COLOR_KEYS, "dark", *NUMBER_KEYS, "variables")

# Words people reach for that are not keys: suggested, never accepted.
THEME_HINTS = {
    "title": "name",
    "colors": "variables",
    "colours": "variables",
    "vars": "variables",
    "light": "dark",
    "is_dark": "dark",
    "mode": "dark",
    "fg": "foreground",
    "text": "foreground",
    "bg": "background",
}

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class ThemeProblem:
    """One thing wrong with a theme file; line and column are 1-based when known."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column or 1}: {self.message}"


def rung_variable(rung: Rung) -> str:
    """The theme variable holding a rung's colour: ``rung-listen`` for the listen rung."""
    return f"rung-{rung.value}"


RUNG_VARIABLES: tuple[str, ...] = tuple(rung_variable(rung) for rung in RUNGS)
