"""The loader under random and mutated input: it returns a Template or raises TemplateError
whose every problem has a place (line and column inside the text) - never anything else."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.model import Template
from planner.templates.library import examples_dir
from planner.templates.reader import TemplateError, load_text
from planner.templates.yaml_nodes import Problem

EXAMPLES = [path.read_text(encoding="utf-8") for path in sorted(examples_dir().glob("*.yaml"))]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = ["name", "description", "budget_minutes", "ladder", "goals", "title", "minutes",
        "channel", "target", "unit", "days", "id", "notes", "listen", "read", "comment",
        "share", "create", "communicate", "close", "per", "mon", "weekdays"]  # fmt: skip

PIECES = [":", "-", " ", "\t", "[", "{", "'", '"', "&a", "*a", "!!python/object ", "\n", "# ",
          "---\n", "\x00"]  # fmt: skip


# What ends a line for YAML 1.1 (and so for the line numbers of a problem).
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def load_or_located_error(text: str) -> None:
    """The property: a Template, or a TemplateError locating each of its problems."""
    try:
        template = load_text(text, "fuzz.yaml")
    except TemplateError as error:
        assert error.problems, "an error names at least one problem"
        lines = len(YAML_LINE_BREAK.split(text))  # as YAML counts them: "\r" is one too
        for problem in error.problems:
            assert problem.path == "fuzz.yaml"
            assert 1 <= problem.line <= lines + 1, (problem, lines)
            assert problem.column >= 1 and problem.message
        assert any(problem.severity == "error" for problem in error.problems)
        return
    assert isinstance(template, Template)
    ids = [task.id for task in template.tasks]
    assert len(ids) == len(set(ids))


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    """A shipped example with characters deleted, duplicated, swapped or inserted."""
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "cut-line"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(1, 30))] + text[at:]
        elif kind == "swap" and at + 1 < len(text):
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        elif kind == "insert":
            piece = draw(st.sampled_from(PIECES))
            text = text[:at] + piece + text[at:]
        else:
            lines = text.splitlines(keepends=True)
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
    return text


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(KEYS),
    st.text(max_size=12),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=25,
)


@FUZZ
@given(mutated_example())
def test_mutated_examples_load_or_raise_a_located_template_error(text: str) -> None:
    load_or_located_error(text)


@FUZZ
@given(values)
def test_random_yaml_documents_load_or_raise_a_located_template_error(value: Any) -> None:
    load_or_located_error(yaml.safe_dump(value, allow_unicode=True))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["listen", "read", "comment", "share", "create", "close", "lisen"]),
        st.lists(st.dictionaries(st.sampled_from(KEYS), scalars, max_size=4) | scalars, max_size=3),
        max_size=4,
    ),
    st.sampled_from(["flow", "block"]),
)
def test_random_ladders_load_or_raise_a_located_template_error(
    ladder: dict[str, Any], style: str
) -> None:
    document = {"name": "Fuzz", "ladder": ladder}
    load_or_located_error(yaml.safe_dump(document, default_flow_style=style == "flow"))


@FUZZ
@given(st.text(max_size=200))
def test_random_text_loads_or_raises_a_located_template_error(text: str) -> None:
    load_or_located_error(text)


def test_the_property_catches_a_misplaced_problem_or_another_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The property is real: a problem outside the text, or a foreign exception, fails it."""
    load_or_located_error("name: x\nladder:\n  lisen: [a]\n")  # a located error: fine

    def misplaced(text: str, path: str) -> Template:
        raise TemplateError([Problem(path, 99, 1, "far away")], path)

    monkeypatch.setattr(sys.modules[__name__], "load_text", misplaced)
    with pytest.raises(AssertionError):
        load_or_located_error("name: x\n")

    def foreign(text: str, path: str) -> Template:
        raise ValueError("not ours")

    monkeypatch.setattr(sys.modules[__name__], "load_text", foreign)
    with pytest.raises(ValueError):
        load_or_located_error("name: x\n")
