"""Themes as data: YAML files read into checked ``textual.theme.Theme`` objects.

The app ships its own themes in ``themes/`` (``planner/themes`` inside a wheel); a user adds
or overrides themes with files of the same format in ``<config_dir>/themes/``. A file holds
one theme: the fields of ``textual.theme.Theme`` as ``key: value`` lines, with the theme's
own CSS variables under ``variables:``. Each rung of the ladder has its own colour variable
(``rung-listen`` ... ``rung-close``); ``rung_variables_for`` derives fitting ones for themes
that do not set them, such as Textual's built-in themes.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.css.parse import parse_declarations
from textual.design import (
    DEFAULT_DARK_BACKGROUND,
    DEFAULT_DARK_SURFACE,
    DEFAULT_LIGHT_BACKGROUND,
    DEFAULT_LIGHT_SURFACE,
)
from textual.theme import BUILTIN_THEMES, Theme
from yaml.nodes import MappingNode, Node, ScalarNode

from planner.errors import PlannerError
from planner.ladder import RUNGS, Rung
from planner.yamlnodes import (
    BOOL,
    MAX_BYTES,
    NodeReader,
    Problem,
    compose,
    decode,
    describe,
    is_null,
    refused,
    suggestion,
)

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
    package = Path(__file__).resolve().parent
    inside = package / "themes"
    return inside if inside.is_dir() else package.parent / "themes"


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
    theme, problems = _read_theme_file(path)
    if theme is None:
        raise ThemeFileError(problems)
    return theme


def load_themes(user_dir: Path | None) -> ThemeLoad:
    """The shipped themes, then the user's from ``user_dir`` (``<config_dir>/themes``).

    A user theme with the name of a shipped one replaces it (keeping its place in the
    list). A missing ``user_dir`` is no problem; a bad file, a folder that cannot be read
    or two files of one folder naming the same theme is, and never stops the others.
    """
    problems: list[ThemeProblem] = []
    shipped = _load_folder(shipped_themes_dir(), problems, required=True)
    user = _load_folder(user_dir, problems, required=False) if user_dir is not None else {}
    found = {**shipped, **user}  # dict order: a replaced shipped theme keeps its place
    return ThemeLoad(
        themes=[theme for theme, _ in found.values()],
        problems=problems,
        paths={name: path for name, (_, path) in found.items()},
    )


def _load_folder(
    folder: Path, problems: list[ThemeProblem], *, required: bool
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
        theme, file_problems = _read_theme_file(path)
        problems.extend(file_problems)
        if theme is None:
            continue
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


def _read_theme_file(path: Path) -> tuple[Theme | None, list[ThemeProblem]]:
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)  # one byte more is enough to know it is too big
    except OSError as exc:
        return None, [ThemeProblem(path, f"cannot read the file: {exc.strerror or exc}")]
    return _read_theme_text(data, path)


def _read_theme_text(data: bytes, path: Path) -> tuple[Theme | None, list[ThemeProblem]]:
    text, decode_problems = decode(data, str(path), kind="theme")
    if text is None:
        return None, [_located(problem, path) for problem in decode_problems]
    composed = compose(text, str(path), kind="theme")
    reader = _ThemeReader(str(path))
    theme = None
    # No root and problems means YAML could not be read: the schema has nothing to check.
    if composed.root is not None or not composed.problems:
        theme = reader.read(composed.root)
    found = sorted([*composed.problems, *reader.problems], key=lambda p: (p.line, p.column))
    if found:
        return None, [_located(problem, path) for problem in found]
    if theme is None:  # every path above reports why; this keeps that promise if one does not
        return None, [ThemeProblem(path, "this file does not describe a theme")]
    return theme, []


def _located(problem: Problem, path: Path) -> ThemeProblem:
    return ThemeProblem(path, problem.message, problem.line, problem.column)


class _ThemeReader(NodeReader):
    """The theme schema, read from a node tree."""

    def read(self, root: Node | None) -> Theme | None:
        root = self.top_mapping(root, "a theme", "at least name: and primary:")
        if root is None:
            return None
        fields = self._known(root)
        name = self._name(fields.get("name"), root)
        colors = {key: self._color(fields[key], key) for key in COLOR_KEYS if key in fields}
        if "primary" not in fields:
            self.error(root, "a theme needs primary: (its main colour, e.g. primary: '#5b8def')")
        dark = self._dark(fields["dark"]) if "dark" in fields else True
        numbers = {
            key: self.positive_number(fields[key], key, 1.0) for key in NUMBER_KEYS if key in fields
        }
        variables = self._variables(fields["variables"]) if "variables" in fields else {}
        primary = colors.pop("primary", None)
        if self.problems or name is None or primary is None:
            return None
        theme = Theme(name=name, primary=primary, dark=dark, variables=variables)
        for key, value in {**colors, **numbers}.items():
            setattr(theme, key, value)  # each was checked above; the others keep their defaults
        try:
            theme.to_color_system().generate()  # what Textual does when the theme is applied
        except Exception as exc:  # a last guard: the app must not fail on a user's file
            self.error(root, f"Textual cannot use this theme: {exc}")
            return None
        return theme

    def _known(self, node: MappingNode) -> dict[str, Node]:
        """The mapping's known keys; each unknown one is reported with the closest key."""
        fields: dict[str, Node] = {}
        for key, key_node, value in self.pairs(node):
            if key in THEME_KEYS:
                fields[key] = value
            elif key in _known_variables() or f"rung-{key}" in RUNG_VARIABLES:
                variable = key if key in _known_variables() else f"rung-{key}"
                self.error(
                    key_node, f"'{key}' is a variable: write it as {variable}: under 'variables:'"
                )
            elif close := suggestion(key, THEME_KEYS, THEME_HINTS):
                self.error(key_node, f"unknown key '{key}' in a theme{close}")
            else:
                self.error(key_node, f"unknown key '{key}' in a theme; use {_words(THEME_KEYS)}")
        return fields

    def _name(self, node: Node | None, root: Node) -> str | None:
        if node is None:
            self.error(root, "a theme needs name: (the name to choose it by, e.g. name: my-dark)")
            return None
        name = self.text(node, "name", required=True)
        if name is None:
            return None
        if NAME_PATTERN.fullmatch(name) is None:
            fixed = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-_")[:64]
            hint = f" (e.g. '{fixed}')" if fixed and NAME_PATTERN.fullmatch(fixed) else ""
            message = (
                f"name '{name}' must be letters, digits, '-' and '_' only, "
                f"up to 64 characters{hint}"
            )
            self.error(node, message)
            return None
        return name

    def _color(self, node: Node, key: str) -> str | None:
        if refused(node):
            return None
        if is_null(node):
            message = (
                f"{key} is empty; a colour starting with # must be in quotes: {key}: '#5b8def'"
            )
            self.error(node, message)
            return None
        value = self.text(node, key, required=True)
        if value is None:
            return None
        problem = _color_problem(value)
        if problem:
            self.error(node, f"{key}: {problem}")
            return None
        return value

    def _dark(self, node: Node) -> bool:
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            return str(node.value).lower() in ("true", "yes", "on")
        if not refused(node):
            hint = "(write dark: false for a light theme)"
            message = f"dark must be true or false, not {describe(node)} {hint}"
            self.error(node, message)
        return True

    def _variables(self, node: Node) -> dict[str, str]:
        if refused(node) or is_null(node):
            return {}
        if not isinstance(node, MappingNode):
            self.error(node, f"variables must be 'name: value' lines, not {describe(node)}")
            return {}
        variables: dict[str, str] = {}
        for name, key_node, value_node in self.pairs(node):
            known = _known_variables()
            if name not in known:
                close = suggestion(name, sorted(known))
                hint = close or "; see Textual's theme variables, or rung-listen ... rung-close"
                self.error(key_node, f"unknown variable '{name}'{hint}")
                continue
            if is_null(value_node):
                self.error(value_node, f"{name} is empty; put a colour like '#5b8def' in quotes")
                continue
            value = self.text(value_node, name, required=True)
            if value is None:
                continue
            problem = (
                _color_problem(value) if name in RUNG_VARIABLES else _variable_problem(name, value)
            )
            if problem:
                self.error(value_node, f"{name}: {problem}")
                continue
            variables[name] = value
        return variables


def _color_problem(value: str) -> str:
    """Why ``value`` is not a colour Textual can read, or '' when it is one."""
    try:
        Color.parse(value)
    except ColorParseError as exc:
        close = f" (did you mean '{exc.suggested_color}'?)" if exc.suggested_color else ""
        return f"'{value}' is not a colour{close}; use '#rrggbb', rgb(r, g, b) or a colour name"
    return ""


def _variable_problem(name: str, value: str) -> str:
    """Why Textual's CSS would refuse ``value`` for variable ``name``, or '' when it is fine."""
    if any(mark in value for mark in ";{}$\n"):
        return f"'{value}' must be one value, without ; {{ }} $ or line breaks"
    style = name.endswith("-style")
    rule = f"{'text-style' if style else 'color'}: {value};"
    try:
        parse_declarations(rule, read_from=("theme", name))
    except Exception:  # Textual raises several kinds of CSS errors; all mean "not usable"
        if style:
            return f"'{value}' is not a text style (e.g. bold, italic, underline, reverse, none)"
        return f"'{value}' is not a colour (e.g. '#5b8def', '#5b8def 40%' or 'auto 87%')"
    return ""


@cache
def _known_variables() -> frozenset[str]:
    """Every variable Textual's colour system defines, and the rung variables."""
    generated = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    return frozenset(generated) | frozenset(RUNG_VARIABLES)


def _words(words: Iterable[str]) -> str:
    listed = list(words)
    return ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else "".join(listed)


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
