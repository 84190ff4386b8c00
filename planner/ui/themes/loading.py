"""Themes as data: YAML files read into checked ``textual.theme.Theme`` objects.

The app ships its own themes in ``themes/`` (``planner/themes`` inside a wheel); a user adds
or overrides themes with files of the same format in ``<config_dir>/themes/``. A file holds
one theme: the fields of ``textual.theme.Theme`` as ``key: value`` lines, with the theme's
own CSS variables under ``variables:``. Each rung of the ladder has its own colour variable
(``rung-listen`` ... ``rung-close``); ``rung_variables_for`` derives fitting ones for themes
that do not set them, such as Textual's built-in themes.

Reading a file (YAML, checks) lives in planner.ui.themes.reader, and runs only for a file that
is new or changed since its compiled copy was kept (planner.ui.themes.cache).

Nothing here raises on a bad file when loading many (``load_themes``): every problem names
its file (and line and column where there is one) and the good themes still load, so the app
can show the problems and carry on with its default theme.

Choices made here, beyond Textual's own rules:

- ``name`` and ``primary`` are required; a name is letters, digits, ``-`` and ``_``
  (it becomes a CSS class and is typed in settings), at most 64 characters.
- Colours are anything ``textual.color.Color.parse`` reads. An empty colour is an error
  with a hint: ``primary: #5b8def`` unquoted is a YAML comment, so the value is empty.
- ``variables`` only takes the names Textual's colour system defines plus the six rung
  variables, so a typo is reported with the closest name instead of being ignored. Rung
  variables must be plain colours; the others are checked as Textual's CSS would read them.
- ``ansi`` is not accepted: a theme file describes its own colours.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.color import Color, ColorParseError
from textual.design import (
    DEFAULT_DARK_BACKGROUND,
    DEFAULT_DARK_SURFACE,
    DEFAULT_LIGHT_BACKGROUND,
    DEFAULT_LIGHT_SURFACE,
)
from textual.theme import Theme

from planner.core.ladder import RUNGS, Rung
from planner.errors import PlannerError
from planner.resources import shipped_dir

if TYPE_CHECKING:
    from planner.ui.themes.cache import ThemeCache

__all__ = [
    "DEFAULT_THEME",
    "RUNG_VARIABLE_DEFAULTS",
    "ThemeFileError",
    "ThemeLoad",
    "ThemeProblem",
    "contrast_ratio",
    "load_theme_file",
    "load_themes",
    "no_color_requested",
    "rung_variable",
    "rung_variables_for",
    "shipped_themes_dir",
]

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
MINIMUM_CONTRAST = 4.5  # WCAG AA for body text

# Mid-tones about as far from black as from white (relative luminance near 0.2), so each
# reads at 3.8:1 or better on Textual's default dark and light backgrounds and surfaces
# alike (no colour reaches 4.5:1 on both): the fallbacks
# when a theme gives nothing to derive rung colours from. Cool to warm, in ladder order.
RUNG_VARIABLE_DEFAULTS: dict[str, str] = {
    "rung-listen": "#4177d3",
    "rung-read": "#16849a",
    "rung-comment": "#348949",
    "rung-create": "#96740c",
    "rung-communicate": "#c05c22",
    "rung-close": "#cb4c6c",
}

# Which of a theme's own colours each rung borrows when the theme does not name rung colours.
_RUNG_SOURCES: dict[Rung, str] = {
    Rung.LISTEN: "primary",
    Rung.READ: "secondary",
    Rung.COMMENT: "accent",
    Rung.CREATE: "success",
    Rung.COMMUNICATE: "warning",
    Rung.CLOSE: "error",
}
_ANSI_FALLBACKS = (
    "ansi_blue",
    "ansi_cyan",
    "ansi_green",
    "ansi_yellow",
    "ansi_magenta",
    "ansi_red",
)
_DISTINCT = 48.0  # RGB distance under which two rung colours are hard to tell apart


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


@dataclass(frozen=True)
class ThemeLoad:
    """The themes that loaded (shipped first, user themes replacing them by name) and the
    problems of the files that did not; ``paths`` says which file each theme came from."""

    themes: list[Theme]
    problems: list[ThemeProblem]
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [theme.name for theme in self.themes]


class ThemeFileError(PlannerError):
    """A theme file that cannot be used; ``problems`` holds every problem found."""

    def __init__(self, problems: list[ThemeProblem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def shipped_themes_dir() -> Path:
    """The shipped themes: inside the package in a wheel, next to it in a source tree."""
    return shipped_dir("themes")


def rung_variable(rung: Rung) -> str:
    """The theme variable holding a rung's colour: ``rung-listen`` for the listen rung."""
    return f"rung-{rung.value}"


RUNG_VARIABLES: tuple[str, ...] = tuple(rung_variable(rung) for rung in RUNGS)


def no_color_requested(environ: Mapping[str, str] | None = None) -> bool:
    """True when ``NO_COLOR`` is set to anything but the empty string (https://no-color.org)."""
    env = os.environ if environ is None else environ
    return bool(env.get("NO_COLOR"))


# --- loading ---------------------------------------------------------------------------


def load_theme_file(path: Path) -> Theme:
    """The theme in ``path``; raises ThemeFileError listing every problem if there is one."""
    from planner.ui.themes.reader import read_theme_file

    theme, problems = read_theme_file(path)
    if theme is None:
        raise ThemeFileError(problems)
    return theme


def load_themes(user_dir: Path | None, cache_dir: Path | None = None) -> ThemeLoad:
    """The shipped themes, then the user's from ``user_dir`` (``<config_dir>/themes``).
    With ``cache_dir``, unchanged files are read from their compiled copy (planner.ui.themes.cache).

    A user theme with the name of a shipped one replaces it (keeping its place in the
    list). A missing ``user_dir`` is no problem; a bad file, a folder that cannot be read
    or two files of one folder naming the same theme is, and never stops the others.
    """
    from planner.ui.themes.cache import ThemeCache

    problems: list[ThemeProblem] = []
    compiled = ThemeCache(cache_dir)
    shipped = _load_folder(shipped_themes_dir(), problems, compiled, required=True)
    user = (
        _load_folder(user_dir, problems, compiled, required=False) if user_dir is not None else {}
    )
    compiled.save()
    found = {**shipped, **user}  # dict order: a replaced shipped theme keeps its place
    return ThemeLoad(
        themes=[theme for theme, _ in found.values()],
        problems=problems,
        paths={name: path for name, (_, path) in found.items()},
    )


def _load_folder(
    folder: Path, problems: list[ThemeProblem], compiled: ThemeCache, *, required: bool
) -> dict[str, tuple[Theme, Path]]:
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        if required:
            problems.append(ThemeProblem(folder, "the shipped themes are missing"))
        return {}
    except OSError as exc:
        reason = "it is not a folder" if folder.exists() and not folder.is_dir() else exc
        problems.append(ThemeProblem(folder, f"cannot read the themes folder: {reason}"))
        return {}
    found: dict[str, tuple[Theme, Path]] = {}
    for path in entries:
        if not _is_theme_file(path):
            continue
        theme = compiled.get(path)
        if theme is None:
            from planner.ui.themes.reader import read_theme_file  # YAML only when needed

            theme, file_problems = read_theme_file(path)
            problems.extend(file_problems)
            if theme is None:
                continue
            compiled.put(path, theme)
        if theme.name in found:
            first = found[theme.name][1]
            message = (
                f"theme '{theme.name}' is already defined in {first.name}; this one is ignored"
            )
            problems.append(ThemeProblem(path, message))
            continue
        found[theme.name] = (theme, path)
    return found


def _is_theme_file(path: Path) -> bool:
    if path.name.startswith(".") or path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        return path.is_file()
    except OSError:
        return False


# --- rung colours ------------------------------------------------------------------------


def contrast_ratio(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21 (4.5 is enough for body text)."""
    first, second = _luminance(background + foreground), _luminance(background)
    return (max(first, second) + 0.05) / (min(first, second) + 0.05)


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        scaled = value / 255
        return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4

    red, green, blue = color.rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def rung_variables_for(theme: Theme) -> dict[str, str]:
    """The six rung colours for ``theme``: its own ``rung-*`` variables where it sets them,
    else colours derived from its primary, secondary, accent, success, warning and error,
    made readable on its background and surface and told apart from one another."""
    own = {name: theme.variables[name] for name in RUNG_VARIABLES if name in theme.variables}
    derived = _ansi_rung_colors(theme) if theme.ansi else _derived_rung_colors(theme)
    return {name: own.get(name, derived[name]) for name in RUNG_VARIABLES}


def _derived_rung_colors(theme: Theme) -> dict[str, str]:
    backgrounds = _backdrops(theme)
    chosen: list[Color] = []
    result: dict[str, str] = {}
    for rung in RUNGS:
        source = _parsed(getattr(theme, _RUNG_SOURCES[rung])) or _parsed(theme.primary)
        base = source or Color.parse(RUNG_VARIABLE_DEFAULTS[rung_variable(rung)])
        color = _distinct(base, chosen, backgrounds)
        chosen.append(color)
        result[rung_variable(rung)] = color.hex
    return result


def _backdrops(theme: Theme) -> list[Color]:
    """What rung text is drawn on: the theme's background and surface (Textual's defaults
    when the theme leaves them out), over black or white for translucent ones."""
    base = Color(0, 0, 0) if theme.dark else Color(255, 255, 255)
    background = _parsed(theme.background) or Color.parse(
        DEFAULT_DARK_BACKGROUND if theme.dark else DEFAULT_LIGHT_BACKGROUND
    )
    surface = _parsed(theme.surface) or Color.parse(
        DEFAULT_DARK_SURFACE if theme.dark else DEFAULT_LIGHT_SURFACE
    )
    return [base + background, base + surface]


def _parsed(value: str | None) -> Color | None:
    if value is None:
        return None
    try:
        color = Color.parse(value)
    except ColorParseError:
        return None
    return None if color.ansi is not None else color


def _distinct(base: Color, chosen: list[Color], backgrounds: list[Color]) -> Color:
    """``base`` made readable; when that is too close to a colour already chosen, the same
    colour turned round the colour wheel in steps until it stands apart."""
    hue, saturation, lightness = base.hsl
    candidate = _readable(base, backgrounds)
    for step in range(1, 12):
        if all(_distance(candidate, other) >= _DISTINCT for other in chosen):
            return candidate
        # 30 degrees one way, then the other, then 60 degrees ...
        turn = (step + 1) // 2 * (1 if step % 2 else -1) / 12
        turned = Color.from_hsl((hue + turn) % 1.0, max(saturation, 0.5), lightness)
        candidate = _readable(turned, backgrounds)
    return candidate


def _readable(color: Color, backgrounds: list[Color]) -> Color:
    """``color`` lightened (on dark backgrounds) or darkened (on light ones) until it reads
    at ``MINIMUM_CONTRAST`` on every background; hue and saturation are kept."""
    opaque = backgrounds[0] + color
    hue, saturation, lightness = opaque.hsl
    lighten = _luminance(backgrounds[0]) < 0.18
    candidate = opaque
    for _ in range(50):
        if min(contrast_ratio(candidate, back) for back in backgrounds) >= MINIMUM_CONTRAST:
            return candidate
        lightness = min(1.0, lightness + 0.02) if lighten else max(0.0, lightness - 0.02)
        candidate = Color.from_hsl(hue, saturation, lightness)
    return candidate


def _distance(first: Color, second: Color) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(first.rgb, second.rgb, strict=True)) ** 0.5)


def _ansi_rung_colors(theme: Theme) -> dict[str, str]:
    """For themes drawn in the terminal's own palette: its ANSI colours, each used once."""
    used: list[str] = []
    for rung in RUNGS:
        value = getattr(theme, _RUNG_SOURCES[rung])
        usable = isinstance(value, str) and value.startswith("ansi_") and value != "ansi_default"
        if usable and value not in used:
            candidate = value
        else:
            candidate = next(name for name in _ANSI_FALLBACKS if name not in used)
        used.append(candidate)
    return dict(zip(RUNG_VARIABLES, used, strict=True))
