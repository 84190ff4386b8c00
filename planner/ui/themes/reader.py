"""Reading one theme file: YAML to a checked Textual ``Theme``, every problem with its line
and column. Loaded only when a theme file is new or changed (see planner.ui.themes.cache)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.css.parse import parse_declarations
from textual.theme import BUILTIN_THEMES, Theme
from yaml.nodes import MappingNode, Node, ScalarNode

from planner.templates.yaml_nodes import (
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
from planner.ui.themes.spec import (
    COLOR_KEYS,
    NAME_PATTERN,
    NUMBER_KEYS,
    RUNG_VARIABLES,
    THEME_HINTS,
    THEME_KEYS,
    ThemeProblem,
)


def read_theme_file(path: Path) -> tuple[Theme | None, list[ThemeProblem]]:
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
