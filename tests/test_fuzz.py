"""Fuzzing the doors data comes in by: the CLI's arguments, `planner import`, and the day-file
reader. The only outcomes allowed are success or a PlannerError with a message (argparse's
usage error for the CLI); a refused import changes nothing on disk; whatever is let in can
be read, reviewed and exported afterwards.

Example counts are kept low for the suite's time budget; FUZZ_EXAMPLES raises them
(benchmarks/README.md gives the figures of a long run)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.errors import PlannerError
from planner.exchange.export import ExportRequest, json_dump, render_export
from planner.exchange.importing import import_file
from planner.review.history import read_summary
from planner.store.days import Store
from tests.helpers import TODAY
from tests.test_export import realistic_day

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)  # NaN is not JSON; infinities stand for 1e400
    | st.text(max_size=20)
    | st.text(st.characters(blacklist_categories=()), max_size=4)  # lone surrogates too
    | st.sampled_from(
        ["0001-01-01T00:00:00+01:00", "0999-01-01", "listen", "yesterday", "a \ud800 b", "🙂"]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=5,
)


def nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON tree, as a path of keys and indexes."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from nodes(value, (*path, index))


# Any code point, lone surrogates (JSON's "\ud800") often: st.text leaves them out.
any_text = st.lists(st.characters(whitelist_categories=["Cs"]) | st.characters(), max_size=8).map(
    "".join
)


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    container = data
    for step in path[:-1]:
        container = container[step]
    container[path[-1]] = value
    return data


@st.composite
def mutated_json(draw: st.DrawFn, data: Any) -> str:
    """``data`` with one to three places replaced, or its text cut or spliced."""
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 3))):
        places = list(nodes(data))
        texts = [place for place in places if isinstance(value_at(data, place), str)]
        text_for_text = draw(st.booleans())  # any code point, lone surrogates too
        if texts and text_for_text:
            data = replaced(data, draw(st.sampled_from(texts)), draw(any_text))
        else:
            data = replaced(data, draw(st.sampled_from(places)), draw(json_values))
    text = json.dumps(data)
    cut = draw(st.sampled_from(["none", "none", "none", "truncate", "splice"]))
    if cut == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif cut == "splice":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=5)) + text[at:]
    return text


def files_of(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


EXPORT = json.loads(json_dump([realistic_day()]))


@FUZZ
@given(text=mutated_json(EXPORT))
def test_import_takes_a_file_or_refuses_it_changing_nothing(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "data")
        path = Path(folder) / "export.json"
        path.write_text(text, encoding="utf-8")
        before = files_of(store.home)
        try:
            import_file(store, path)
        except PlannerError as error:
            assert str(error), "a refusal says what is wrong"
            assert files_of(store.home) == before, "a refused import writes nothing"
            return
        for when in store.day_dates():  # what came in can be used everywhere
            day = store.load_day(when)
            assert day is not None
            assert read_summary(store.day_file(when), when) is not None
            now = datetime(2026, 11, 24, 12, tzinfo=UTC)
            render_export(ExportRequest("md", None, None), [day], now)
            render_export(ExportRequest("csv", None, None), [day], now)


def stored_file() -> tuple[Any, str]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        store.restore_day(realistic_day())
        path = store.day_file(TODAY)
        return json.loads(path.read_text(encoding="utf-8")), path.name


STORED, NAME = stored_file()


@FUZZ
@given(text=mutated_json(STORED))
def test_the_day_reader_gives_a_day_or_a_named_refusal(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        path = store.day_file(TODAY)
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        try:
            day = store.load_day(TODAY)
        except PlannerError as error:
            assert str(path) in str(error)
            try:
                read_summary(path, TODAY)
            except PlannerError:
                return
            raise AssertionError("the review counts a day the store refuses") from None
        summary = read_summary(path, TODAY)
        assert (day is None) == (summary is None), "the review reads what the store reads"


ARGUMENT_TEXT = st.text(max_size=12) | st.sampled_from(
    [
        os.fsdecode(b"\xff\xfe"),  # bytes that are not UTF-8, as Python hands them over
        "-5m",
        "99999999999999999999h",
        "²",
        "1h30m",
        "   ",
        "met them @ conference",
        "a\nb",
        "0999-01-01",
        "+9000000",
        "scan",
    ]
)
COMMANDS = st.sampled_from(
    [
        ["done"],
        ["skip"],
        ["undo"],
        ["log", "scan"],
        ["log"],
        ["win"],
        ["loss"],
        ["timer", "start"],
        ["today", "--date"],
        ["review", "--from"],
        ["skip", "scan", "--reason"],
        ["win", "ok", "--channel"],
    ]
)


@FUZZ
@given(command=COMMANDS, arguments=st.lists(ARGUMENT_TEXT, min_size=1, max_size=2))
def test_cli_arguments_end_in_an_answer_never_a_traceback(
    command: list[str], arguments: list[str]
) -> None:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main([*command, *arguments])
        except SystemExit as leaving:  # argparse's usage error
            code = leaving.code if isinstance(leaving.code, int) else 2
    assert code in (0, 1, 2), code
    if code:
        assert err.getvalue().strip(), "a failure says why"
    assert "Traceback" not in err.getvalue()
