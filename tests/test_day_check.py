"""The one check of a day record (planner.store.day_check): its fast path never lets through
what its tables refuse, and anything at all put into any field ends in a day or a
RecordError naming the record and the field, never another exception."""

from __future__ import annotations

import json
import math
from copy import deepcopy
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.core.ladder import Rung
from planner.core.model import Day, Outcome, Status, TaskState
from planner.store import day_check
from planner.store.day_check import RecordError, check_day_record
from planner.store.day_format import day_as_record, day_from_record
from tests.helpers import TODAY

STAMP = "2026-11-24T08:15:03.123456+00:00"


def good_record() -> dict[str, Any]:
    task = TaskState(
        "scan",
        "Scan mentions",
        Rung.LISTEN,
        minutes=5,
        channel="LinkedIn",
        target=3,
        unit="comments",
        status=Status.DONE,
        count=3,
        done_at=STAMP,
        updated_at=STAMP,
        intervals=[[STAMP, STAMP]],
        seconds=60,
    )
    day = Day(
        TODAY,
        "pilot",
        [task, TaskState("news", "Read the news", Rung.READ)],
        created_at=STAMP,
        updated_at=STAMP,
        wins=[Outcome("a lead", "LinkedIn", STAMP, "win-1", STAMP)],
        measurements={"leads": 2.0},
        field_stamps={"measurements.leads": STAMP},
    )
    record: dict[str, Any] = json.loads(json.dumps(day_as_record(day)))
    return record


def tables_accept(record: dict[str, Any]) -> bool:
    """What the table-driven check says, the fast path bypassed."""
    try:
        day_check._check_fields(record, day_check.DAY_FIELDS, day_check.DAY_REQUIRED, "the day")
        for task in record["tasks"]:
            day_check._check_fields(task, day_check.TASK_FIELDS, day_check.TASK_REQUIRED, "t")
        for item in record["wins"]:
            day_check._check_fields(item, day_check.OUTCOME_FIELDS, set(), "w")  # type: ignore[arg-type]
    except RecordError:
        return False
    return True


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.text(st.characters(whitelist_categories=["Cs"]) | st.characters(), max_size=4)
    | st.sampled_from(
        [
            STAMP,
            "2026-11-24T08:00:00",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:30:00-01:00",
            "1970-01-01T00:30:00+01:00",
            "2026-11-24",
            "0999-01-01",
            "listen",
            "done",
            "",
            "  ",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
PLACES = (
    [("day", key) for key in day_check.DAY_FIELDS]
    + [("task", key) for key in day_check.TASK_FIELDS]
    + [("win", key) for key in day_check.OUTCOME_FIELDS]
)


def put(record: dict[str, Any], place: tuple[str, str], value: Any) -> None:
    where, key = place
    target = {"day": record, "task": record["tasks"][0], "win": record["wins"][0]}[where]
    if value is _ABSENT:
        target.pop(key, None)
    else:
        target[key] = value


_ABSENT = object()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(PLACES), json_values | st.just(_ABSENT)), min_size=1, max_size=3
    )
)
def test_any_value_in_any_field_is_a_day_or_a_named_refusal(
    changes: list[tuple[tuple[str, str], Any]],
) -> None:
    record = good_record()
    for place, value in changes:
        put(record, place, value)
    try:
        check_day_record(record)
    except RecordError as error:
        said = str(error)
        assert said.startswith(("the day", "task ", "win ", "loss ")), said
        return
    assert tables_accept(record), "the fast path let through what the tables refuse"
    day = day_from_record(record)  # and what passed makes a day, every field of its type
    for task in day.tasks:
        assert isinstance(task.title, str) and isinstance(task.minutes, int)
        assert task.channel is None or isinstance(task.channel, str)
        assert task.target is None or isinstance(task.target, int)
    assert all(math.isfinite(value) for value in day.measurements.values())


def test_a_good_record_passes_both_ways() -> None:
    record = good_record()
    check_day_record(record)
    assert tables_accept(record)


@pytest.mark.parametrize(
    ("stamp", "ok"),
    [
        ("1970-01-01T00:30:00+00:00", True),
        ("1970-01-01T00:30:00+01:00", False),  # 1969-12-31 in UTC
        ("9999-12-31T23:30:00+00:00", True),
        ("0001-01-01T00:00:00+01:00", False),
    ],
)
def test_stamps_at_the_ends_of_the_range(stamp: str, ok: bool) -> None:
    record = good_record()
    record["tasks"][0]["done_at"] = stamp
    if ok:
        check_day_record(record)
    else:
        with pytest.raises(RecordError, match="outside the days planner keeps"):
            check_day_record(record)


def test_a_record_written_now_by_planner_passes() -> None:
    now = datetime.now(UTC).isoformat()
    record = deepcopy(good_record())
    record["tasks"][1]["updated_at"] = now
    check_day_record(record)


@pytest.mark.parametrize(
    ("place", "value"),
    [
        (("task", "note"), "a \ud800 note"),
        (("day", "template"), "\udcff"),
        (("win", "text"), "\ud800"),
    ],
)
def test_text_no_file_can_hold_is_refused(place: tuple[str, str], value: str) -> None:
    record = good_record()
    put(record, place, value)
    with pytest.raises(RecordError, match="no file can"):
        check_day_record(record)


def test_a_goal_unit_no_file_can_hold_is_refused() -> None:
    record = good_record()
    record["measurements"] = {"\ud800": 1.0}
    with pytest.raises(RecordError, match=r"field 'measurements': .*no file can"):
        check_day_record(record)


@pytest.mark.parametrize("value", [[], "", 0, False])
def test_an_empty_non_object_for_the_stamps_or_measurements_is_refused(value: Any) -> None:
    """Found by the fuzz on CI: the fast path read an empty list as no field stamps."""
    for field in ("field_stamps", "measurements"):
        record = good_record()
        record[field] = value
        with pytest.raises(RecordError, match=field):
            check_day_record(record)
