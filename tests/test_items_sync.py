"""Dated items and ideas in the sync and in backups (issue 18, storage): the git sync merges
their files by record (two machines, a bare remote, real git; and the merge driver on three
versions of a file), and `planner export --format json` / `planner import` carry them."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.config import resolve_paths
from planner.core.ideas import Idea, Stage
from planner.core.items import DatedItem
from planner.core.ladder import Rung
from planner.core.model import Status, TaskState
from planner.exchange.export import EXPORT_FORMAT, json_dump
from planner.exchange.importing import (
    ImportConflict,
    ImportFileError,
    Mode,
    import_file,
    read_backup,
)
from planner.remote import repo
from planner.remote.merge_driver import main as merge_driver
from planner.store.days import Store
from planner.store.idea_store import IdeaStore, idea_as_record, read_ideas
from planner.store.item_store import ItemStore, item_as_record, read_items
from planner.store.record_files import IDEAS, ITEMS, kind_of, merged_records, read_kind
from tests.helpers import TODAY, git_missing
from tests.test_export import realistic_day

START = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
NEXT_YEAR = date(2027, 1, 12)


def stamp(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


def item(item_id: str, title: str, minutes: int, on: date = TODAY, **more: Any) -> DatedItem:
    task = TaskState(item_id, title, Rung.CLOSE, updated_at=stamp(minutes))
    return DatedItem(on=on, task=task, created_at=stamp(0), **more)


def dropped(found: DatedItem, minutes: int) -> DatedItem:
    return replace(found, removed_at=stamp(minutes))


def renamed(found: DatedItem, title: str, minutes: int) -> DatedItem:
    return replace(found, task=replace(found.task, title=title, updated_at=stamp(minutes)))


def items_file(*items: DatedItem) -> bytes:
    records = {found.id: item_as_record(found) for found in items}
    data = {"format": "planner-items", "version": 1, "items": records}
    return json.dumps(data, indent=1, sort_keys=True).encode()


def idea(idea_id: str, title: str, minutes: int, **more: Any) -> Idea:
    return Idea(id=idea_id, title=title, created_at=stamp(0), updated_at=stamp(minutes), **more)


# --- the merge driver on three versions of a file -----------------------------------------


def three_versions() -> tuple[bytes, bytes, bytes]:
    """A common version and two machines' changes to it (stamps in minutes after START)."""
    acme, proposal, invoice = (
        item("item-acme", "Follow up with Acme", 0),
        item("item-proposal", "Send the proposal", 0),
        item("item-invoice", "Send the invoice", 0),
    )
    base = items_file(acme, proposal, invoice)
    ours = items_file(
        renamed(acme, "Call Acme", 10),  # edited here at 10...
        dropped(proposal, 20),  # dropped here at 20...
        invoice,
        item("item-ours", "Added here", 5),
    )
    theirs = items_file(
        dropped(acme, 30),  # ...dropped there later: stays dropped
        renamed(proposal, "Send the new proposal", 40),  # ...edited there later: revived
        renamed(invoice, "Invoice Acme", 15),  # changed on one side only
        item("item-theirs", "Added there", 6),
    )
    return base, ours, theirs


def run_driver(tmp_path: Path, base: bytes, ours: bytes, theirs: bytes, name: str) -> int:
    files = [tmp_path / n for n in ("base", "ours", "theirs")]
    for path, content in zip(files, (base, ours, theirs), strict=True):
        path.write_bytes(content)
    return merge_driver([*map(str, files), name])


def test_the_driver_merges_an_items_file_by_record_tombstones_included(tmp_path: Path) -> None:
    assert run_driver(tmp_path, *three_versions(), "items/2026.json") == 0
    merged = read_items(tmp_path / "ours")
    assert sorted(merged) == [
        "item-acme",
        "item-invoice",
        "item-ours",
        "item-proposal",
        "item-theirs",
    ]
    assert not merged["item-acme"].live, "a drop newer than the edit stays dropped"
    assert merged["item-acme"].removed_at == stamp(30)
    proposal = merged["item-proposal"]
    assert proposal.live and proposal.task.title == "Send the new proposal", "edit revives"
    assert merged["item-invoice"].task.title == "Invoice Acme"
    assert "<<<<<<<" not in (tmp_path / "ours").read_text(encoding="utf-8")


def test_the_same_merge_whichever_side_is_ours(tmp_path: Path) -> None:
    base, ours, theirs = three_versions()
    assert run_driver(tmp_path, base, ours, theirs, "items/2026.json") == 0
    one = (tmp_path / "ours").read_bytes()
    assert run_driver(tmp_path, base, theirs, ours, "items/2026.json") == 0
    assert (tmp_path / "ours").read_bytes() == one


def test_a_file_made_on_both_machines_merges_without_a_common_version(tmp_path: Path) -> None:
    _, ours, theirs = three_versions()
    assert run_driver(tmp_path, b"", ours, theirs, "items/2026.json") == 0
    merged = read_items(tmp_path / "ours")
    assert {"item-ours", "item-theirs"} <= set(merged)
    assert not merged["item-acme"].live and merged["item-proposal"].live  # the newer each


def test_the_driver_merges_the_ideas_file_by_record(tmp_path: Path) -> None:
    pricing, webinar = idea("idea-pricing", "Pricing post", 0), idea("idea-webinar", "Webinar", 0)
    ideas = {"format": "planner-ideas", "version": 1}

    def version(*found: Idea) -> bytes:
        records = {one.id: idea_as_record(one) for one in found}
        return json.dumps({**ideas, "ideas": records}).encode()

    drafted = replace(pricing, stage=Stage.DRAFTING, updated_at=stamp(10))
    taken_back = replace(webinar, removed_at=stamp(20))
    base = version(pricing, webinar)
    ours = version(drafted, webinar, idea("idea-new", "New here", 5))
    theirs = version(pricing, taken_back)
    assert run_driver(tmp_path, base, ours, theirs, "ideas.json") == 0
    merged = read_ideas(tmp_path / "ours")
    assert merged["idea-pricing"].stage is Stage.DRAFTING
    assert not merged["idea-webinar"].live and "idea-new" in merged


def test_an_untrusted_version_stops_the_driver_and_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = three_versions()
    broken = json.loads(theirs)
    broken["items"]["item-acme"]["minutes"] = "ten"
    assert run_driver(tmp_path, base, ours, json.dumps(broken).encode(), "items/2026.json") == 1
    err = capsys.readouterr().err
    assert "items/2026.json (the other machine)" in err and "'minutes'" in err
    assert (tmp_path / "ours").read_bytes() == ours, "left as it was"


def test_record_files_are_known_by_their_path() -> None:
    assert kind_of("items/2026.json") is ITEMS and kind_of("ideas.json") is IDEAS
    for name in ("items/notes.json", "days/2026/2026-11-24.json", "items/2026.json.bak"):
        assert kind_of(name) is None
    assert kind_of("items/2026.sync-conflict-20261124-101530-ABCDEF7.json") is None


def test_a_change_beats_a_removal_and_a_removal_of_an_untouched_record_holds() -> None:
    record = item_as_record(item("item-a", "A", 0))
    changed = item_as_record(item("item-a", "A, changed", 5))
    assert merged_records({"item-a": record}, {}, {"item-a": changed}) == {"item-a": changed}
    assert merged_records({"item-a": record}, {}, {"item-a": record}) == {}


# --- two machines and a bare remote, through the CLI -------------------------------------


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    if git_missing():
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out.strip()


def test_two_machines_sync_their_items_and_ideas_by_record(
    bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def machine(name: str) -> Path:
        monkeypatch.setenv("PLANNER_HOME", str(tmp_path / name))
        return resolve_paths().data_dir

    laptop = machine("laptop")
    on = ["--on", TODAY.isoformat(), "--rung", "close"]
    acme = run(capsys, "add", "Follow up with Acme", *on)
    proposal = run(capsys, "add", "Send the proposal", *on)
    invoice = run(capsys, "add", "Send the invoice", *on)
    pricing = run(capsys, "idea", "Post: what a client asked about pricing")
    run(capsys, "remote", "add", str(bare))

    desk = machine("desk")
    run(capsys, "remote", "add", str(bare))
    assert set(ItemStore(desk, Store(desk).locked).all_items()) == {acme, proposal, invoice}
    # On the desk: an edit, a drop, a new item in a year file the laptop makes too, an idea.
    run(capsys, "item", "rename", acme, "Call Acme")
    run(capsys, "drop", proposal)
    next_year = ["--on", NEXT_YEAR.isoformat(), "--rung", "close"]
    desk_new = run(capsys, "add", "Plan the year (desk)", *next_year)
    run(capsys, "idea", "draft", pricing)

    machine("laptop")  # meanwhile, later, on the laptop
    run(capsys, "drop", acme)  # newer than the desk's rename: stays dropped
    run(capsys, "item", "rename", proposal, "Send the new proposal")  # newer: revives
    run(capsys, "item", "move", invoice, "--on", NEXT_YEAR.isoformat())  # to another file
    laptop_new = run(capsys, "add", "Plan the year (laptop)", *next_year)
    webinar = run(capsys, "idea", "Webinar recap")

    machine("desk")
    run(capsys, "remote", "sync")
    machine("laptop")
    run(capsys, "remote", "sync")
    machine("desk")
    run(capsys, "remote", "sync")

    held = []
    for folder in (laptop, desk):
        items = ItemStore(folder, Store(folder).locked).all_items()
        ideas = IdeaStore(folder, Store(folder).locked).all_ideas()
        held.append((read_kind(folder, ITEMS), read_kind(folder, IDEAS)))
        assert set(items) == {acme, proposal, invoice, desk_new, laptop_new}
        assert not items[acme].live, "the drop was newer than the edit"
        assert items[proposal].live and items[proposal].task.title == "Send the new proposal"
        assert items[invoice].on == NEXT_YEAR and items[invoice].live
        assert items[desk_new].live and items[laptop_new].live
        assert ideas[pricing].stage is Stage.DRAFTING and webinar in ideas
        for path in [*folder.glob("items/*.json"), folder / "ideas.json"]:
            assert "<<<<<<<" not in path.read_text(encoding="utf-8")
    assert held[0] == held[1], "both machines hold the same records"
    assert json.loads(run(capsys, "remote", "status", "--json"))["state"] == "synced"


def test_the_attributes_send_items_and_ideas_to_planners_driver(tmp_path: Path) -> None:
    """The user's own git (`git merge`) merges them by record too, through the driver."""
    if git_missing():
        pytest.skip("git is not installed")
    folder = tmp_path / "data"
    repo.add(folder, str(tmp_path / "nowhere.git"))
    repo.configure(folder)

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)

    base, ours, theirs = three_versions()
    (folder / "items").mkdir()
    path = folder / "items" / "2026.json"
    path.write_bytes(base)
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "other")
    path.write_bytes(theirs)
    git("commit", "-q", "-am", "theirs")
    git("checkout", "-q", "main")
    path.write_bytes(ours)
    git("commit", "-q", "-am", "ours")
    git("merge", "-q", "--no-edit", "other")
    merged = read_items(path)
    assert not merged["item-acme"].live and merged["item-proposal"].live
    assert {"item-ours", "item-theirs"} <= set(merged)


def test_a_sync_will_not_send_an_items_file_it_cannot_trust(
    bare: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add", "Follow up", "--on", TODAY.isoformat(), "--rung", "close")
    run(capsys, "remote", "add", str(bare))
    folder = resolve_paths().data_dir
    path = folder / "items" / f"{TODAY.year}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    next(iter(data["items"].values()))["title"] = 7
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["remote", "sync"]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "'title'" in err and "not sent" in err


# --- export and import ------------------------------------------------------------------


@pytest.fixture
def source(tmp_path: Path) -> Store:
    return filled(Store(tmp_path / "source", clock=lambda: START))


def filled(store: Store) -> Store:
    """A day, items (one in next year's file, one a tombstone) and ideas."""
    store.ensure_day(realistic_day())
    items = ItemStore(store.home, store.locked)
    items.put(item("item-acme", "Follow up with Acme", 5))
    items.put(dropped(item("item-gone", "Taken back", 5), 9))  # a tombstone travels too
    items.put(item("item-2027", "Plan the year", 5, on=NEXT_YEAR))
    ideas = IdeaStore(store.home, store.locked)
    ideas.put(idea("idea-pricing", "Pricing post", 5, channel="LinkedIn"))
    ideas.put(idea("idea-gone", "Taken back", 5, removed_at=stamp(9)))
    return store


@pytest.fixture
def target(tmp_path: Path) -> Store:
    return Store(tmp_path / "target", clock=lambda: START)


def export_of(store: Store) -> str:
    days = store.days_between(date(2000, 1, 1), date(2100, 1, 1))
    records = {kind.name: read_kind(store.home, kind) for kind in (ITEMS, IDEAS)}
    return json_dump(days, records)


def files_of(folder: Path) -> dict[str, bytes]:
    found = folder.rglob("*") if folder.exists() else []
    return {str(p.relative_to(folder)): p.read_bytes() for p in found if p.is_file()}


def test_export_then_import_carries_items_and_ideas_losslessly(
    source: Store, target: Store, tmp_path: Path
) -> None:
    text = export_of(source)
    data = json.loads(text)
    assert (data["format"], data["version"]) == (EXPORT_FORMAT, 3)
    assert [record["id"] for record in data["items"]] == ["item-2027", "item-acme", "item-gone"]
    assert [record["id"] for record in data["ideas"]] == ["idea-gone", "idea-pricing"]
    path = tmp_path / "backup.json"
    path.write_text(text)

    report = import_file(target, path)

    assert report.records["items"] == dict.fromkeys(
        ["item-2027", "item-acme", "item-gone"], "added"
    )
    assert "3 items: 3 added; 2 ideas: 2 added" in report.summary()
    for kind in (ITEMS, IDEAS):
        assert read_kind(target.home, kind) == read_kind(source.home, kind)
    assert export_of(target) == text, "exporting again gives the same file"
    assert files_of(target.home / "items") == files_of(source.home / "items")
    again = import_file(target, path)
    assert set(again.records["ideas"].values()) == {"already up to date"}


def test_the_cli_export_holds_the_items_and_ideas(tmp_path: Path) -> None:
    source = filled(Store(resolve_paths().data_dir, clock=lambda: START))
    out = tmp_path / "out.json"
    assert main(["export", "--format", "json", "-o", str(out)]) == 0
    assert out.read_text() == export_of(source)
    ranged = tmp_path / "ranged.json"
    only = ["--from", TODAY.isoformat(), "--to", TODAY.isoformat()]
    assert main(["export", "--format", "json", *only, "-o", str(ranged)]) == 0
    data = json.loads(ranged.read_text())
    assert [record["id"] for record in data["items"]] == ["item-acme", "item-gone"], "by day"
    assert len(data["ideas"]) == 2, "the backlog whole"


def test_a_version_2_export_still_imports(target: Store, tmp_path: Path) -> None:
    data = json.loads(json_dump([realistic_day()]))
    del data["items"], data["ideas"]
    data["version"] = 2
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    report = import_file(target, path)
    assert report.added == [TODAY] and report.records == {}
    assert report.summary() == "1 day: 1 added"
    assert read_backup(path).records == {"items": {}, "ideas": {}}


@pytest.mark.parametrize(
    ("kind", "index", "field", "value"),
    [("items", 1, "minutes", "ten"), ("items", 0, "on", "soon"), ("ideas", 1, "stage", "maybe")],
)
def test_a_bad_record_is_refused_by_id_and_field_and_nothing_is_written(
    source: Store, target: Store, tmp_path: Path, kind: str, index: int, field: str, value: str
) -> None:
    data = json.loads(export_of(source))
    record = data[kind][index]
    record[field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFileError) as caught:
        import_file(target, path)
    message = str(caught.value)
    assert record["id"] in message and repr(field) in message and "Nothing was imported" in message
    assert files_of(target.home) == {}, "not even the day was written"


def test_a_repeated_id_is_refused(target: Store, source: Store, tmp_path: Path) -> None:
    data = json.loads(export_of(source))
    data["items"].append(data["items"][0])
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFileError, match="repeats an id"):
        import_file(target, path)


def test_differing_items_need_replace_or_merge(
    source: Store, target: Store, tmp_path: Path
) -> None:
    path = tmp_path / "backup.json"
    path.write_text(export_of(source))
    import_file(target, path)
    items = ItemStore(target.home, target.locked)
    # Here, after the backup: the tombstone edited (newer: revives), acme dropped (newer).
    items.put(replace(renamed(items.all_items()["item-gone"], "Back again", 20), removed_at=None))
    items.put(dropped(items.all_items()["item-acme"], 20))
    before = files_of(target.home)

    with pytest.raises(ImportConflict) as caught:
        import_file(target, path)
    message = str(caught.value)
    assert "would overwrite 2 items already stored: item item-acme, item item-gone" in message
    assert caught.value.records == ["item item-acme", "item item-gone"]
    assert files_of(target.home) == before, "nothing written"

    merged = import_file(target, path, Mode.MERGE)
    assert merged.records["items"]["item-acme"] == "merged"
    found = items.all_items()
    assert not found["item-acme"].live, "the newer drop stays"
    assert found["item-gone"].live and found["item-gone"].task.title == "Back again"

    replaced = import_file(target, path, Mode.REPLACE)
    assert replaced.records["items"]["item-acme"] == "replaced"
    assert read_kind(target.home, ITEMS) == read_kind(source.home, ITEMS), "the file's own"


def test_replace_puts_a_moved_item_back_in_its_own_years_file(
    source: Store, target: Store, tmp_path: Path
) -> None:
    path = tmp_path / "backup.json"
    path.write_text(export_of(source))
    import_file(target, path)
    items = ItemStore(target.home, target.locked)
    moved = replace(items.all_items()["item-acme"], on=NEXT_YEAR)
    items.put(replace(moved, task=replace(moved.task, updated_at=stamp(30))))
    assert items.item("item-acme").on == NEXT_YEAR
    import_file(target, path, Mode.REPLACE)
    assert items.item("item-acme").on == TODAY, "the newer copy elsewhere is taken out"
    assert "item-acme" not in read_items(items.file_for(NEXT_YEAR.year))


def test_a_done_item_round_trips_with_its_work(
    source: Store, target: Store, tmp_path: Path
) -> None:
    items = ItemStore(source.home, source.locked)
    done = items.all_items()["item-acme"]
    task = replace(done.task, status=Status.DONE, done_at=stamp(7), note="called", count=1)
    items.put(replace(done, task=replace(task, updated_at=stamp(7))))
    path = tmp_path / "backup.json"
    path.write_text(export_of(source))
    import_file(target, path)
    assert ItemStore(target.home, target.locked).item("item-acme") == items.item("item-acme")
