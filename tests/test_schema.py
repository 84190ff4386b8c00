"""Schema 2 of a day file: wins and losses as items with ids and stamps. Version 1 files and
exports still read, and a version 1 file is migrated on its first change, after its backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planner.core.plan import mark_done
from planner.exchange.importing import Mode, import_file
from planner.store.days import Store
from planner.store.merge import merge_days
from planner.store.records import StoreError
from tests.helpers import NOW, TODAY

STAMP = "2026-11-24T08:00:00+00:00"


def version_1_day() -> dict[str, Any]:
    """A day as planner wrote it before schema 2: wins without ids or stamps."""
    return {
        "date": "2026-11-24",
        "template": "Daily",
        "template_source": "",
        "budget_minutes": 60,
        "task_order": ["scan"],
        "created_at": STAMP,
        "updated_at": STAMP,
        "worked": "short posts",
        "wins": [
            {"text": "lead", "channel": "LinkedIn", "at": STAMP},
            {"text": "lead", "channel": "LinkedIn", "at": STAMP},  # the same twice: two items
        ],
        "losses": [{"text": "no show", "channel": None, "at": None}],
        "wrap_note": "",
        "measurements": {"leads": 2.0},
        "budget_noticed": False,
        "last_seen_at": None,
    }


def write_version_1_file(store: Store) -> Path:
    path = store.day_file(TODAY)
    path.parent.mkdir(parents=True)
    task = {"id": "scan", "title": "Scan", "rung": "listen", "date": "2026-11-24"}
    data = {
        "_meta": {"schema": {"schema_version": 1, "kind": "planner-days"}},
        "days": {"2026-11-24": version_1_day()},
        "tasks": {"2026-11-24/scan": {**task, "status": "open", "updated_at": STAMP}},
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_version_1_file_reads_with_stable_ids_and_migrates_on_its_first_change(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "data")
    path = write_version_1_file(store)
    old_bytes = path.read_bytes()
    day = store.load_day(TODAY)
    assert day is not None
    ids = [win.id for win in day.wins]
    assert len(set(ids)) == 2 and all(i.startswith("win-") for i in ids)
    assert [win.id for win in Store(tmp_path / "data").load_day(TODAY).wins] == ids  # type: ignore[union-attr]
    assert day.wins[0].updated_at == STAMP and day.field_stamps["worked"] == STAMP
    assert path.read_bytes() == old_bytes, "reading writes nothing"

    store.update_task(TODAY, "scan", lambda task: mark_done(task, NOW))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_meta"]["schema"]["schema_version"] == 2
    header = data["days"]["2026-11-24"]
    assert [win["id"] for win in header["wins"]] == ids
    assert header["field_stamps"] == {"measurements.leads": STAMP, "worked": STAMP}
    assert header["updated_at"] == STAMP, "a migration is not a change of the day"
    assert store.day_file(TODAY).with_name("2026-11-24.json.bak").read_bytes() == old_bytes
    migrated = store.load_day(TODAY)
    assert migrated is not None and [win.id for win in migrated.wins] == ids


def test_a_version_1_export_still_imports(tmp_path: Path) -> None:
    record = version_1_day()
    del record["task_order"]
    record["tasks"] = [{"id": "scan", "title": "Scan", "rung": "listen"}]
    export = tmp_path / "old.json"
    export.write_text(json.dumps({"format": "planner-export", "version": 1, "days": [record]}))
    store = Store(tmp_path / "data")
    assert import_file(store, export, Mode.ADD).added == [TODAY]
    day = store.load_day(TODAY)
    assert day is not None and [win.text for win in day.wins] == ["lead", "lead"]
    assert len({win.id for win in day.wins}) == 2


def test_two_copies_of_an_old_day_merge_item_by_item(tmp_path: Path) -> None:
    """Two machines that read the same version 1 day give its wins the same ids."""
    first, second = Store(tmp_path / "one"), Store(tmp_path / "two")
    write_version_1_file(first)
    write_version_1_file(second)
    one, two = first.load_day(TODAY), second.load_day(TODAY)
    assert one is not None and two is not None
    assert [win.text for win in merge_days(one, two).wins] == ["lead", "lead"]


def test_the_version_1_file_is_kept_once_and_a_bad_key_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    path = write_version_1_file(store)
    old_bytes = path.read_bytes()
    store.update_task(TODAY, "scan", lambda task: mark_done(task, NOW))
    kept = path.with_name("2026-11-24.json.v1.bak")
    assert kept.read_bytes() == old_bytes
    Store(tmp_path / "data").update_task(TODAY, "scan", lambda task: None)  # a new session
    assert kept.read_bytes() == old_bytes, "the version 1 copy outlives the .bak"

    other = Store(tmp_path / "other")
    broken = write_version_1_file(other)
    data = json.loads(broken.read_text(encoding="utf-8"))
    data["days"]["notes"] = {"date": "notes"}
    broken.write_text(json.dumps(data), encoding="utf-8")
    before = broken.read_bytes()
    with pytest.raises(StoreError, match="has a day record named 'notes', not a date"):
        other.update_task(TODAY, "scan", lambda task: mark_done(task, NOW))
    assert broken.read_bytes() == before
