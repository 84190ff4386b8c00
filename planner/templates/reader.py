"""Plan templates: YAML text to a checked ``Template``.

Where templates are found (``find_template``, ``available_templates``, ``examples_dir``)
lives in ``planner.templates.library``, which imports no YAML.

A template names its tasks under the six rungs of the ladder (the README's Templates
section has the full format). ``check_text`` / ``check_file`` never raise on bad input: they
return every problem with its line and column (errors, and warnings such as a plan longer
than its budget).
``load_text`` / ``load_file`` return the Template or raise ``TemplateError``.

Choices made here, beyond the format itself:

- ``days`` takes a list (``[mon, wed, fri]``) or one string (``mon`` or ``"mon, wed"``).
  Each item is a weekday, short or full and in any case (``mon``, ``Monday``), or one of
  the shorthands ``weekdays`` (mon to fri) and ``weekend`` (sat and sun). ``days: []``
  is an error: the task would never come up (leave ``days`` out for every day).
- A goal's ``per`` is ``day``, ``week`` or ``month``; ``daily``, ``weekly`` and ``monthly``
  are read as the same.
- Titles, names, channels and units are one line: runs of whitespace become one space.
  Any scalar reads as text where text is expected, as written (``title: no`` is "no").
- An empty value (``minutes:``) means "not given"; ``share`` is read as the comment rung,
  and naming both in one ladder is an error.
- Limits: minutes and budget 0 to 1440, target 1 to 10,000, files up to 1 MiB, nesting
  up to 50 levels; no anchors, aliases or tags beyond plain YAML (see planner.templates.yaml_nodes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.config import conflict_marker_line
from planner.core.model import Template
from planner.errors import PlannerError
from planner.templates.fields import TemplateReader
from planner.templates.yaml_nodes import (
    MAX_BYTES,
    Problem,
    compose,
    decode,
)


class TemplateError(PlannerError):
    """A template that cannot be used; ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem], path: str) -> None:
        super().__init__(problems, path)  # both in args, so the error pickles
        self.problems = problems
        self.path = path

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


@dataclass(frozen=True)
class LoadResult:
    """The template (None when there are errors) and every problem, sorted by place."""

    template: Template | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]


def check_text(text: bytes | str, path: str = "<string>") -> LoadResult:
    """Read a template from text, collecting every problem; never raises on bad input."""
    decoded, problems = decode(text, path)
    if decoded is None:
        return LoadResult(None, problems)
    marker = conflict_marker_line(decoded)
    if marker is not None:  # a remote sync waits for the user: never read half of each side
        name = f"templates/{Path(path).name}"
        said = (
            "changed on two machines and not merged yet (git's conflict markers): edit the "
            f"file, or run `planner remote resolve {name} --mine` (or --theirs)"
        )
        return LoadResult(None, [Problem(path, marker, 1, said)])
    composed = compose(decoded, path)
    if composed.root is None and composed.problems:
        composed.problems[-1] = misindented_line(decoded, composed.problems[-1])
    reader = TemplateReader(path)
    template = None
    # No root and problems means YAML could not be read: the schema has nothing to check.
    if composed.root is not None or not composed.problems:
        template = reader.read(composed.root)
    found = sorted([*composed.problems, *reader.problems], key=lambda p: (p.line, p.column))
    if any(problem.severity == "error" for problem in found):
        template = None
    return LoadResult(template, found)


def misindented_line(text: str, problem: Problem) -> Problem:
    """A YAML syntax error blamed on the line whose indentation went wrong, when that can
    be told; else ``problem`` as it is.

    YAML often notices a bad indentation a line late: after ``  minutes: 5`` indented too
    little, it is the next line that "is not allowed here". Both lines are tried at the
    indentations of the lines around them. The line before is named, with the indentation
    that fits, when re-indenting it lets YAML read past the reported place and either
    re-indenting the reported line does not do as well, or the line before is the odd one
    out (indented less than the lines on either side, which line up)."""
    lines = text.split("\n")
    reported = problem.line - 1  # 0-based, as the list
    content = [i for i, line in enumerate(lines) if line.strip() and line.strip()[0] != "#"]
    before = [i for i in content if i < reported]
    if not problem.message.startswith("invalid YAML") or not before or reported >= len(lines):
        return problem
    previous = before[-1]
    if "\t" in lines[previous] + lines[reported]:
        return problem  # tabs have their own hint
    # A top-level key starts a block YAML can read on its own: start from the last one.
    first = max([i for i in before[:-1] if not lines[i][0].isspace()], default=0)
    last = min(len(lines), reported + 6)

    def indent(index: int) -> int:
        return len(lines[index]) - len(lines[index].lstrip(" "))

    def reach(index: int, spaces: int) -> int:
        """How far YAML reads (a 0-based line; ``last``: all it was given) with the line
        at ``index`` indented by ``spaces``."""
        tried = lines[first:last]
        tried[index - first] = " " * spaces + lines[index].lstrip(" ")
        composed = compose("\n".join(tried), problem.path)
        if composed.root is None and composed.problems:
            return first + composed.problems[-1].line - 1
        return last

    def best(index: int) -> tuple[int, int]:
        """The farthest reach with the line re-indented like a line near it, and how."""
        near = [i for i in content if first <= i < last and i != index]
        near.sort(key=lambda i: abs(i - index))
        tries = {indent(i) + step for i in near[:4] for step in (0, 2)} - {indent(index)}
        return max(((reach(index, spaces), -spaces) for spaces in tries), default=(0, 0))

    (fixed, spaces), (alone, _) = best(previous), best(reported)
    above = before[-2] if len(before) > 1 else previous
    column = indent(above) + 2 * lines[above].lstrip().startswith("- ")  # its key's column
    # Indented less than the lines on either side, which line up (a "- " item may sit at
    # its key's column, so the reported line is not one).
    odd_one = column == indent(reported) > indent(previous) and above != previous
    odd_one = odd_one and not lines[reported].lstrip().startswith("- ")
    if odd_one and reach(previous, indent(reported)) > reported:
        fixed, spaces = max(fixed, alone + 1), -indent(reported)
    if fixed <= reported or fixed <= alone:
        return problem
    said = problem.message.removeprefix("invalid YAML: ")
    was = indent(previous)
    message = (
        f"invalid YAML: this line is indented by {was} space{'s' * (was != 1)} where "
        f"{-spaces} would fit the lines around it (YAML stopped at line {problem.line}, "
        f"column {problem.column}: {said})"
    )
    return Problem(problem.path, previous + 1, was + 1, message)


def check_file(path: Path) -> LoadResult:
    """``check_text`` on a file's bytes; an unreadable or oversized file is a problem."""
    name = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)  # one byte more is enough to know it is too big
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return LoadResult(None, [Problem(name, 1, 1, f"cannot read the file: {reason}")])
    return check_text(data, name)


def load_text(text: bytes | str, path: str = "<string>") -> Template:
    """The template in ``text``; raises TemplateError listing every problem if any is an error."""
    result = check_text(text, path)
    if result.template is None:
        raise TemplateError(result.problems, path)
    return result.template


def load_file(path: Path) -> Template:
    result = check_file(path)
    if result.template is None:
        raise TemplateError(result.problems, str(path))
    return result.template
