"""`planner import`: lossless round trip, refusals that write nothing, --replace and --merge."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState
from planner.exchange.export import json_dump
from planner.exchange.importing import (
    ImportConflict,
    ImportFileError,
    Mode,
    import_file,
    read_export,
    refuse_if_stored,
)
from planner.store import files
from planner.store.days import Store
from planner.store.merge import merge_days
from planner.store.records import StoreError
from tests.helpers import TODAY
from tests.test_export import realistic_day

LATER = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
NEWER = "2026-11-24T12:00:00+00:00"
OLDER = "2026-11-24T07:00:00+00:00"
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def source(tmp_path: Path) -> Store:
    return Store(tmp_path / "source", clock=lambda: LATER)


@pytest.fixture
def target(tmp_path: Path) -> Store:
    return Store(tmp_path / "target", clock=lambda: LATER)


def dump(store: Store) -> str:
    return json_dump(store.days_between(date(2000, 1, 1), date(2100, 1, 1)))


def write_export(path: Path, days: list[Day]) -> Path:
    path.write_text(json_dump(days))
    return path


def files_of(store: Store) -> dict[str, bytes]:
    folder = store.days_folder
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- round trip -----------------------------------------------------------------------------


def test_export_import_export_gives_the_same_data(
    tmp_path: Path, source: Store, target: Store
) -> None:
    running = realistic_day(YESTERDAY - timedelta(days=10))
    running.tasks[4].running_since = "2026-11-13T08:30:00+00:00"
    running.last_seen_at = "2026-11-13T08:31:00+00:00"
    running.budget_noticed = True
    for day in (realistic_day(), realistic_day(YESTERDAY), running):
        source.ensure_day(day)
    first = dump(source)
    path = tmp_path / "export.json"
    path.write_text(first)

    report = import_file(target, path)

    assert report.added == [running.date, YESTERDAY, TODAY]
    assert dump(target) == first  # every field, stamps included
    assert target.load_day(TODAY) == source.load_day(TODAY)
    # Importing the same file again is a no-op, not a conflict.
    again = import_file(target, path)
    assert again.unchanged == report.added and not again.added
    assert dump(target) == first


# --- writing --------------------------------------------------------------------------------


def test_an_import_holds_the_lock_once_and_syncs_each_folder_once_before_letting_go(
    tmp_path: Path, target: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One hold of the lock for every day written, not one a day (no other planner writes
    in between), and each year's folder synced once while it is still held: the renames
    are durable before the import says it is done."""
    dates = [date(2025, 12, 30), date(2025, 12, 31), YESTERDAY, TODAY]
    path = write_export(tmp_path / "x.json", [realistic_day(when) for when in dates])
    lock = target.tree_lock.file_lock()
    acquire, sync = lock.acquire, files.sync_folder
    held_already: list[bool] = []  # at each acquisition
    synced: list[tuple[Path, bool]] = []  # each folder, and whether the lock was held

    def acquiring(*args: Any, **kwargs: Any) -> Any:
        held_already.append(lock.is_locked)
        return acquire(*args, **kwargs)

    def syncing(folder: Path) -> None:
        synced.append((folder, lock.is_locked))
        sync(folder)

    monkeypatch.setattr(lock, "acquire", acquiring)
    monkeypatch.setattr(files, "sync_folder", syncing)
    assert import_file(target, path).added == dates

    assert held_already.count(False) == 1 and len(held_already) > len(dates)
    assert synced == [(target.days_folder / "2025", True), (target.days_folder / "2026", True)]
    assert not lock.is_locked
    assert [target.load_day(when) for when in dates] == read_export(path)


def test_a_folder_that_cannot_be_synced_at_the_end_is_a_clear_error(
    tmp_path: Path, target: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_export(tmp_path / "x.json", [realistic_day(YESTERDAY), realistic_day(TODAY)])

    def failing(folder: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files, "sync_folder", failing)
    with pytest.raises(StoreError, match=r"could not be synced to disk \(Input/output error\)"):
        import_file(target, path)
    monkeypatch.undo()
    assert target.load_day(TODAY) == realistic_day(TODAY)  # each file whole all the same


def test_an_import_with_nothing_to_write_makes_nothing(tmp_path: Path, target: Store) -> None:
    """Not even the days folder and its lock file (folders are made by the first write)."""
    path = write_export(tmp_path / "empty.json", [])
    assert import_file(target, path).summary() == "no days in the file"
    assert not target.home.exists()


# --- refusals -------------------------------------------------------------------------------


def test_stored_days_are_not_overwritten_without_a_flag(tmp_path: Path, target: Store) -> None:
    target.ensure_day(realistic_day(TODAY))
    target.ensure_day(realistic_day(YESTERDAY))
    changed_today, changed_yesterday = realistic_day(TODAY), realistic_day(YESTERDAY)
    changed_today.wrap_note = "from the laptop"
    changed_yesterday.tasks[0].note = "from the laptop"
    fresh = realistic_day(TODAY + timedelta(days=1))
    path = write_export(tmp_path / "laptop.json", [changed_today, changed_yesterday, fresh])
    before = files_of(target)

    with pytest.raises(ImportConflict) as caught:
        import_file(target, path)

    message = str(caught.value)
    assert str(path) in message
    assert "would overwrite 2 days already stored: 2026-11-23, 2026-11-24" in message
    assert "--replace" in message and "--merge" in message
    assert caught.value.dates == [YESTERDAY, TODAY]
    assert files_of(target) == before  # not even the new day was added


def test_replace_puts_the_files_days_in_place(tmp_path: Path, target: Store) -> None:
    stored = realistic_day()
    stored.tasks.append(TaskState("extra", "Only on this machine", Rung.CLOSE))
    target.ensure_day(stored)
    incoming = realistic_day()
    incoming.wrap_note = "from the laptop"
    path = write_export(tmp_path / "laptop.json", [incoming])

    report = import_file(target, path, Mode.REPLACE)

    assert report.replaced == [TODAY]
    assert target.load_day(TODAY) == incoming  # the extra task is gone, stamps as imported


def broken_exports() -> list[tuple[str, Any, str]]:
    good = json.loads(json_dump([realistic_day()]))

    def edited(change: Any) -> Any:
        data = json.loads(json.dumps(good))
        change(data)
        return data

    def set_task(key: str, value: Any) -> Any:
        return edited(lambda d: d["days"][0]["tasks"][1].__setitem__(key, value))

    return [
        ("foreign", {"hello": "world"}, 'is not a planner export (it needs "format"'),
        ("a list", [1, 2], "is not a planner export"),
        ("newer", edited(lambda d: d.__setitem__("version", 99)), "written by a newer planner"),
        ("no days", edited(lambda d: d.pop("days")), '"days" is missing'),
        ("bad date", edited(lambda d: d["days"][0].__setitem__("date", "24/11")),
         "days[0] (24/11), field 'date': '24/11' is not a date"),
        ("old date", edited(lambda d: d["days"][0].__setitem__("date", "0999-01-01")),
         "outside the days planner keeps"),
        ("bad rung", set_task("rung", "shout"), "(2026-11-24), task 'news', field 'rung': text 'shout', not one of"),  # noqa: E501
        ("listed rung", set_task("rung", ["listen"]), "task 'news', field 'rung': a list, not one of"),  # noqa: E501
        ("bad status", set_task("status", "half"), "field 'status': text 'half', not one of"),
        ("bad stamp", set_task("updated_at", "yesterday"), "field 'updated_at': 'yesterday' is not a time stamp"),  # noqa: E501
        ("naive stamp", set_task("done_at", "2026-11-24T08:00:00"), "has no UTC offset"),
        ("year one", set_task("done_at", "0001-01-01T00:00:00+01:00"), "outside the days planner keeps"),  # noqa: E501
        ("bad interval", set_task("intervals", [["x"]]), "field 'intervals': interval 1 is a list, not [start, stop]"),  # noqa: E501
        ("word interval", set_task("intervals", [["yesterday", "now"]]), "interval 1: 'yesterday' is not a time stamp"),  # noqa: E501
        ("no id", set_task("id", ""), "task 2, field 'id': empty text"),
        ("no title", edited(lambda d: d["days"][0]["tasks"][1].pop("title")), "task 'news': the field 'title' is missing"),  # noqa: E501
        ("bad count", set_task("count", "many"), "field 'count': text 'many', not a whole number"),
        ("numeric channel", set_task("channel", 42), "field 'channel': the number 42, not text"),
        ("word target", set_task("target", "three"), "field 'target': text 'three', not a whole number"),  # noqa: E501
        ("huge minutes", set_task("minutes", 10**30), "field 'minutes': 1000000000000000000000000000000 is out of range"),  # noqa: E501
        ("same id", set_task("id", "scan"), "task 'scan': the id is used by another task"),
        ("same date", edited(lambda d: d["days"].append(d["days"][0])), "repeats a date"),
        ("wins", edited(lambda d: d["days"][0].__setitem__("wins", ["yay"])), "win 1: text 'yay', not an object"),  # noqa: E501
        ("measurements", edited(lambda d: d["days"][0].__setitem__("measurements", "x")),
         "field 'measurements': text 'x', not an object of numbers"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "problem"), broken_exports(), ids=[c[0] for c in broken_exports()]
)
def test_broken_files_name_the_file_and_the_problem_and_write_nothing(
    tmp_path: Path, target: Store, name: str, data: Any, problem: str
) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFileError) as caught:
        import_file(target, path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    assert files_of(target) == {}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"minutes": 1e400', "field 'minutes': the number inf, not a whole number"),
        ('"budget_minutes": 1e400', "field 'budget_minutes': the number inf"),
    ],
)
def test_numbers_json_cannot_hold_are_refused(
    tmp_path: Path, target: Store, text: str, problem: str
) -> None:
    raw = json_dump([realistic_day()])
    key = text.split(":")[0]
    start = raw.index(key + ":")  # the first one: the day's, or its first task's
    end = raw.index(",", start)
    path = tmp_path / "huge.json"
    path.write_text(raw[:start] + text + raw[end:])
    with pytest.raises(ImportFileError, match=re.escape(problem)):
        import_file(target, path)
    assert files_of(target) == {}


def test_deeply_nested_json_is_refused_plainly(tmp_path: Path, target: Store) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportFileError, match="nested too deeply"):
        import_file(target, path)
    assert files_of(target) == {}


def test_json_errors_read_plainly(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "planner-export", "x": "unterminated')
    with pytest.raises(ImportFileError) as caught:
        read_export(broken)
    assert "(line 1, column 35: unterminated string)" in str(caught.value)
    assert "at at" not in str(caught.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        read_export(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    with pytest.raises(ImportFileError, match=r"is not JSON \(line 1, column 12"):
        read_export(broken)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"x": "caf\xe9"}')
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_export(latin)


def test_a_broken_stored_day_stops_the_import_before_any_write(
    tmp_path: Path, target: Store
) -> None:
    target.day_file(YESTERDAY).parent.mkdir(parents=True)
    target.day_file(YESTERDAY).write_text("not json")
    path = write_export(tmp_path / "x.json", [realistic_day(YESTERDAY), realistic_day()])
    with pytest.raises(StoreError):
        import_file(target, path, Mode.REPLACE)
    assert target.load_day(TODAY) is None
    assert target.day_file(YESTERDAY).read_text() == "not json"


def test_a_day_stored_meanwhile_is_not_overwritten(tmp_path: Path, target: Store) -> None:
    """The day was absent when the import checked, then the app created it: refused
    inside the store's lock, and the app's day is kept."""
    path = write_export(tmp_path / "x.json", [realistic_day()])
    imported = read_export(path)[0]
    mine = realistic_day()
    mine.wrap_note = "written by the app in the meantime"
    target.ensure_day(mine)
    with pytest.raises(ImportConflict, match="2026-11-24"):
        target.restore_day(imported, refuse_if_stored(path))
    stored = target.load_day(TODAY)
    assert stored is not None and stored.wrap_note == "written by the app in the meantime"


# --- merge ----------------------------------------------------------------------------------


def stamped(day: Day, stamps: dict[str, str]) -> Day:
    for task in day.tasks:
        task.updated_at = stamps.get(task.id, task.updated_at)
    return day


def test_merge_keeps_the_newer_record_of_each_task_and_adds_the_missing_ones(
    tmp_path: Path, target: Store
) -> None:
    stored = stamped(realistic_day(), {"scan": NEWER, "posts": OLDER})
    stored.tasks[0].note = "stored, newer"
    stored.tasks[2].count = 1
    stored.tasks.append(TaskState("desk", "Only on the desktop", Rung.CLOSE, updated_at=OLDER))
    stored.updated_at = NEWER
    stored.wrap_note = "desktop wrap-up, newer"
    target.ensure_day(stored)

    incoming = stamped(realistic_day(), {"scan": OLDER, "posts": NEWER})
    incoming.tasks[0].note = "laptop, older"
    incoming.tasks[2].count = 3
    incoming.tasks[2].status = Status.DONE
    incoming.tasks.insert(1, TaskState("lap", "Only on the laptop", Rung.LISTEN, updated_at=OLDER))
    incoming.updated_at = OLDER
    incoming.wrap_note = "laptop wrap-up, older"
    new_day = realistic_day(TODAY + timedelta(days=1))
    path = write_export(tmp_path / "laptop.json", [incoming, new_day])

    report = import_file(target, path, Mode.MERGE)

    assert report.merged == [TODAY] and report.added == [new_day.date]
    merged = target.load_day(TODAY)
    assert merged is not None
    assert merged.task("scan").note == "stored, newer"
    assert merged.task("posts").count == 3 and merged.task("posts").status is Status.DONE
    assert merged.task("posts").updated_at == NEWER
    assert merged.task("desk").title == "Only on the desktop"
    assert merged.task("lap").title == "Only on the laptop"
    assert merged.wrap_note == "desktop wrap-up, newer"  # the header is a record too
    # The stored header won: its task order first, the laptop's extra task after.
    assert [t.id for t in merged.tasks] == [
        "scan",
        "news",
        "posts",
        "video",
        "follow",
        "desk",
        "lap",
    ]
    assert target.load_day(new_day.date) == new_day


def test_merge_takes_a_newer_header_and_settles_ties_the_same_either_way() -> None:
    stored = realistic_day()
    stored.wrap_note = "stored"
    incoming = realistic_day()
    incoming.wrap_note = "incoming, same stamp"
    incoming.tasks[0].note = "incoming, same stamp"
    tie = merge_days(stored, incoming)
    assert merge_days(incoming, stored) == tie  # whichever side merges, the same result
    assert tie.tasks[0].note == "incoming, same stamp"  # its canonical JSON sorts last
    incoming.updated_at = NEWER
    assert merge_days(stored, incoming).wrap_note == "incoming, same stamp"
    assert merge_days(None, incoming) is incoming
