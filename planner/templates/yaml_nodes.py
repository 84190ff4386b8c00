"""Read YAML text safely into located nodes, and read typed values out of those nodes.

Validators (``planner.templates.reader``) work on PyYAML *nodes*, never on constructed Python
objects: nodes keep the line and column of every value, so each problem can name its
place, and composing nodes runs no constructor, so no tag (``!!python/...``) can run code.

Hostile input is refused up front rather than survived: more than ``MAX_BYTES``, nesting
deeper than ``MAX_DEPTH`` (PyYAML composes recursively), more than ``MAX_NODES`` values
(pure-Python parsing of a megabyte of tiny values takes many seconds), anchors and aliases
(an alias becomes an empty placeholder, so "billion laughs" never expands), and tags
outside plain YAML.
Nothing here raises on bad input: everything becomes a ``Problem``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.error import Mark, MarkedYAMLError
from yaml.events import AliasEvent, Event, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 10_000  # a big template has a thousand; pure-Python PyYAML composes ~40k a second

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + name for name in ("str", "int", "float", "bool", "null"))
TIMESTAMP, SEQ, MAP = (_TAG + name for name in ("timestamp", "seq", "map"))
# Plain data only: everything else (python/*, binary, set, omap, local !tags) is refused.
ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP})

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


class RefusedNode(ScalarNode):
    """Stands in for an alias: already reported, never expanded, never reported again."""


@dataclass
class Composed:
    """The root node of a document (None when there is none) and what went wrong."""

    root: Node | None
    problems: list[Problem] = field(default_factory=list)


def decode(
    data: bytes | str, path: str, kind: str = "template"
) -> tuple[str | None, list[Problem]]:
    """The text of ``data`` without a BOM, or None and the problem (too large, not UTF-8).

    ``kind`` names what the file holds ("template", "theme") in the messages."""
    if isinstance(data, str):
        # Measure what the file would weigh on disk; the first test avoids encoding a giant.
        too_big = len(data) > MAX_BYTES or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES
    else:
        too_big = len(data) > MAX_BYTES
    if too_big:
        message = f"the file is larger than {MAX_BYTES // 1024 // 1024} MiB; a {kind} is a few KiB"
        return None, [Problem(path, 1, 1, message)]
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), []
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(data, exc.start, path)]


def _not_utf8(data: bytes, offset: int, path: str) -> Problem:
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    if line_start == 0 and before.startswith(b"\xef\xbb\xbf"):
        column -= 1  # editors do not show the BOM
    hint = "save the file as UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "the file looks like UTF-16; save it as UTF-8"
    message = f"not UTF-8 text: byte 0x{data[offset]:02x} at byte offset {offset}; {hint}"
    return Problem(path, before.count(b"\n") + 1, column, message)


class _SafeComposer(yaml.SafeLoader):
    """SafeLoader's composer with a depth limit and no anchors or aliases."""

    def __init__(self, text: str, path: str, kind: str) -> None:
        super().__init__(text)
        self.path = path
        self.kind = kind
        self.depth = 0
        self.nodes = 0
        self.refusals: list[Problem] = []
        self.aliases_seen: set[str] = set()

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event: Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in the stubs
        start, end = _python_mark(event.start_mark), _python_mark(event.end_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            problem = f"the file holds more than {MAX_NODES:,} values; a {self.kind} has far fewer"
            raise ComposerError(None, None, problem, start)
        if isinstance(event, AliasEvent):
            self.get_event()  # type: ignore[no-untyped-call]
            if event.anchor not in self.aliases_seen:
                self.aliases_seen.add(str(event.anchor))
                self._refuse(start, f"*{event.anchor}")
            return RefusedNode(NULL, "", start, end)
        if isinstance(event, NodeEvent) and event.anchor is not None:
            self._refuse(start, f"&{event.anchor}")
            event.anchor = None  # never registered, so nothing can refer to it
        if self.depth >= MAX_DEPTH:
            problem = f"the file is nested more than {MAX_DEPTH} levels deep"
            raise ComposerError(None, None, problem, start)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _refuse(self, mark: Mark | None, what: str) -> None:
        message = f"anchors and aliases are not supported ({what}); write the value out in full"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.refusals.append(Problem(self.path, line, column, message))


def _python_mark(mark: object) -> Mark | None:
    # The pure-Python parser only makes yaml.error.Mark; the stubs also allow LibYAML's.
    return mark if isinstance(mark, Mark) else None


def compose(text: str, path: str, kind: str = "template") -> Composed:
    """Nodes of the single document in ``text``, checked for tags and duplicate keys."""
    refusals: list[Problem] = []
    try:
        # The reader checks for forbidden characters as soon as it is built.
        loader = _SafeComposer(text, path, kind)
        refusals = loader.refusals
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except MarkedYAMLError as exc:
        return Composed(None, [*refusals, _syntax_problem(exc, path, kind)])
    except ReaderError as exc:
        return Composed(None, [*refusals, _reader_problem(exc, text, path)])
    return Composed(root, [*refusals, *_walk(root, path)])


def _syntax_problem(exc: MarkedYAMLError, path: str, kind: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(exc, ComposerError) and exc.context is None and exc.problem:
        return Problem(path, line, column, exc.problem)  # our own refusals read as they are
    if exc.context == "expected a single document in the stream":
        message = f"the file holds more than one YAML document ('---'); a {kind} is one"
        return Problem(path, line, column, message)
    message = f"invalid YAML: {exc.problem or exc.context or 'cannot read this'}"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    if "'\\t'" in message:
        message += "; indent with spaces, not tabs"
    return Problem(path, line, column, message)


def _reader_problem(exc: ReaderError, text: str, path: str) -> Problem:
    position = min(max(int(exc.position), 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = exc.character if isinstance(exc.character, int) else 0
    message = f"character U+{character:04X} is not allowed in a YAML file"
    return Problem(path, line, column, message)


def _walk(root: Node | None, path: str) -> list[Problem]:
    """Unsupported tags and duplicate keys anywhere in the tree (iteratively: no recursion)."""
    problems: list[Problem] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if refused(node):
            if not isinstance(node, RefusedNode):
                message = f"unsupported tag '{short_tag(node.tag)}': use plain text and numbers"
                problems.append(problem_at(node, path, message))
            continue
        if isinstance(node, MappingNode):
            first_line: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode) and not refused(key):
                    if key.value in first_line:
                        message = (
                            f"duplicate key '{key.value}' (first at line {first_line[key.value]})"
                        )
                        problems.append(problem_at(key, path, message))
                    else:
                        first_line[key.value] = key.start_mark.line + 1
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return problems


def refused(node: Node) -> bool:
    """True for nodes already reported while composing: aliases and unsupported tags."""
    return isinstance(node, RefusedNode) or node.tag not in ALLOWED_TAGS


def short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def problem_at(node: Node, path: str, message: str, severity: Severity = "error") -> Problem:
    mark = node.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(path, line, column, message, severity)


def line_of(node: Node) -> int:
    return node.start_mark.line + 1 if node.start_mark is not None else 1


def suggestion(word: str, choices: Sequence[str], hints: dict[str, str] | None = None) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    key = word.strip().lower()
    if hints and key in hints:
        return f" (did you mean '{hints[key]}'?)"
    # difflib's get_close_matches breaks ties towards the later word; prefer the shorter
    # ('fry' -> 'fri', not 'friday').
    scored = [
        (difflib.SequenceMatcher(None, key, choice).ratio(), -len(choice), choice)
        for choice in choices
    ]
    best = max(scored, default=None)
    return f" (did you mean '{best[2]}'?)" if best is not None and best[0] >= 0.6 else ""


def describe(node: Node) -> str:
    """What a value is, in words for someone who does not know YAML."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a group of 'key: value' lines"
    value = str(node.value)
    shown = value if len(value) <= 30 else value[:27] + "..."
    return {
        STR: f"text ('{shown}')",
        INT: f"a whole number ({shown})",
        FLOAT: f"a decimal number ({shown})",
        BOOL: f"'{shown}', which YAML reads as yes/no",
        NULL: "empty",
        TIMESTAMP: f"a date ({shown})",
    }.get(node.tag, f"'{shown}'")


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


_CONSTRUCTOR = SafeConstructor()


class NodeReader:
    """Reads typed values from nodes, collecting a problem for each one that does not fit."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, node: Node, message: str) -> None:
        self.problems.append(problem_at(node, self.path, message))

    def top_mapping(self, root: Node | None, what: str, needs: str) -> MappingNode | None:
        """The document's top mapping, or None with the problem (empty, refused, other shape).

        ``what`` is "a template" or "a theme"; ``needs`` says what an empty file lacks.
        """
        if root is None or is_null(root):
            self.problems.append(
                Problem(self.path, 1, 1, f"the file is empty: {what} needs {needs}")
            )
            return None
        if refused(root):
            return None
        if not isinstance(root, MappingNode):
            self.error(root, f"{what} must be 'key: value' lines, not {describe(root)}")
            return None
        return root

    def warning(self, node: Node, message: str) -> None:
        self.problems.append(problem_at(node, self.path, message, "warning"))

    def pairs(self, node: Node) -> list[tuple[str, Node, Node]]:
        """A mapping's (key, key node, value node), first of duplicates only (all reported)."""
        result: list[tuple[str, Node, Node]] = []
        seen: set[str] = set()
        for key, value in node.value:
            if refused(key):
                continue
            if not isinstance(key, ScalarNode) or is_null(key):
                self.error(key, f"a key must be a single word, not {describe(key)}")
                continue
            if key.value not in seen:
                seen.add(key.value)
                result.append((key.value, key, value))
        return result

    def text(self, node: Node, name: str, *, required: bool = False) -> str | None:
        """Any scalar as the text it was written as (so `no` stays "no"); None if empty."""
        if refused(node):
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, f"{name} must be text, not {describe(node)}")
            return None
        value = "" if node.tag == NULL else str(node.value).strip()
        if not value:
            if required:
                self.error(node, f"{name} is empty")
            return None
        return value

    def whole_number(
        self, node: Node, name: str, low: int, high: int, hint: str = ""
    ) -> int | None:
        """An int between ``low`` and ``high``; None when empty or wrong (reported)."""
        if refused(node) or is_null(node):
            return None
        if not isinstance(node, ScalarNode) or node.tag != INT:
            self.error(node, f"{name} must be a whole number, not {describe(node)}")
            return None
        try:
            number = _CONSTRUCTOR.construct_yaml_int(node)
        except (ValueError, OverflowError):
            self.error(node, f"{name} must be a whole number, not '{node.value}'")
            return None
        return self._in_range(node, name, number, low, high, hint)

    def positive_number(self, node: Node, name: str, high: float) -> float | None:
        """A whole or decimal number above zero; None when empty or wrong (reported)."""
        if refused(node) or is_null(node):
            return None
        if not isinstance(node, ScalarNode) or node.tag not in (INT, FLOAT):
            self.error(node, f"{name} must be a number, not {describe(node)}")
            return None
        try:
            if node.tag == INT:
                number = float(_CONSTRUCTOR.construct_yaml_int(node))
            else:
                number = _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, OverflowError):
            number = math.nan
        if not math.isfinite(number):
            self.error(node, f"{name} must be a number, not '{node.value}'")
            return None
        if number <= 0:
            self.error(node, f"{name} must be more than 0, not {node.value}")
            return None
        if number > high:
            self.error(node, f"{name} must be at most {high:g}, not {node.value}")
            return None
        return number

    def _in_range(
        self, node: Node, name: str, number: int, low: int, high: int, hint: str
    ) -> int | None:
        if number < low:
            self.error(node, f"{name} must be {low} or more, not {node.value}{hint}")
            return None
        if number > high:
            self.error(node, f"{name} must be at most {high}, not {node.value}")
            return None
        return number
