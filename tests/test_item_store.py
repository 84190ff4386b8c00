"""The dated items' store and the session's routing of changes to it (issue 18)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from planner.config import Paths, Settings
from planner.core.ladder import Rung
from planner.core.model import Status
from planner.session.work import NoItemTimer, Session
from planner.store.item_store import ItemStore, UnknownItem, read_items
from planner.store.records import StoreError
from tests.helpers import TODAY, FakeClock

TOMORROW = TODAY + timedelta(days=1)
LAST_WEEK = TODAY - timedelta(days=7)


@pytest.fixture
def planned(paths: Paths, clock: FakeClock, plan_file: Path) -> Session:
    return Session(paths, Settings(), template_choice=str(plan_file), clock=clock)


def test_an_item_on_a_future_day_stores_no_day_and_shows_in_its_plan(planned: Session) -> None:
    item = planned.add_item("Send the proposal", TOMORROW, Rung.CLOSE, minutes=10)
    assert not planned.store.day_file(TOMORROW).exists()
    view = planned.preview(TOMORROW)
    assert not view.stored
    shown = view.day.task(item.id)
    assert shown.one_off and shown.title == "Send the proposal" and shown.minutes == 10
    assert [t.rung for t in view.day.tasks][-1] is Rung.CLOSE, "in ladder order"
    today_item = planned.add_item("Today too", TODAY, Rung.LISTEN)
    assert planned.open_day(TODAY).day.task(today_item.id).one_off
    planned.toggle_done(TODAY, "scan")  # a day written: items never go into its file
    planned.toggle_done(TODAY, today_item.id)
    assert "item-" not in planned.store.day_file(TODAY).read_text()


def test_done_on_today_moves_a_carried_item_and_undo_takes_it_back(planned: Session) -> None:
    item = planned.add_item("Follow up with Acme", LAST_WEEK, Rung.CLOSE)
    today = planned.open_day(TODAY).day
    assert today.task(item.id).carried_from == LAST_WEEK.isoformat()
    old = planned.preview(LAST_WEEK).day.task(item.id)
    assert old.moved_to == TODAY.isoformat() and old.status is Status.OPEN
    done, _ = planned.toggle_done(TODAY, item.id)
    assert done.status is Status.DONE
    assert planned.items.item(item.id).on == TODAY, "settled on the day it was done"
    assert item.id not in {t.id for t in planned.preview(LAST_WEEK).day.tasks}
    assert planned.open_day(TODAY).day.task(item.id).carried_from is None
    step, day = planned.undo(TODAY)
    assert step.label == "done"
    back = planned.items.item(item.id)
    assert back.on == LAST_WEEK and back.task.status is Status.OPEN
    assert day.task(item.id).carried_from == LAST_WEEK.isoformat()


def test_a_dropped_item_goes_and_stays_a_tombstone(planned: Session) -> None:
    item = planned.add_item("Call Bob", TODAY, Rung.COMMUNICATE)
    planned.drop_item(item.id)
    assert item.id not in {t.id for t in planned.open_day(TODAY).day.tasks}
    stored = read_items(planned.items.file_for(TODAY.year))[item.id]
    assert stored.removed_at is not None
    with pytest.raises(UnknownItem):
        planned.rename_item(item.id, "again")
    planned.undo(TODAY)
    assert planned.items.item(item.id).live


def test_sync_with_the_template_never_removes_an_item(planned: Session) -> None:
    item = planned.add_item("One-off", TODAY, Rung.LISTEN)
    planned.open_day(TODAY)
    planned.sync_day(TODAY)
    assert planned.open_day(TODAY).day.task(item.id).one_off


def test_a_timer_on_an_item_is_refused_and_its_time_is_set_with_e(planned: Session) -> None:
    item = planned.add_item("One-off", TODAY, Rung.LISTEN)
    with pytest.raises(NoItemTimer, match="one-off item"):
        planned.toggle_timer(TODAY, item.id)
    planned.set_logged_minutes(TODAY, item.id, 15)
    assert planned.items.item(item.id).task.adjust_seconds == 15 * 60


def test_the_newest_record_of_an_id_wins_across_year_files(planned: Session) -> None:
    item = planned.add_item("New year's call", TODAY, Rung.CLOSE)
    moved = planned.move_item(item.id, TODAY.replace(year=TODAY.year + 1, month=1, day=2))
    assert planned.items.file_for(TODAY.year).exists()  # the old copy stays, older
    assert planned.items.item(item.id).on == moved.on
    assert [i.id for i in planned.items_between(TODAY, TODAY)] == []


def test_a_file_planner_cannot_trust_is_refused_by_name_and_never_written(
    planned: Session,
) -> None:
    item = planned.add_item("Keep me", TODAY, Rung.CLOSE)
    path = planned.items.file_for(TODAY.year)
    data = json.loads(path.read_text())
    data["items"][item.id]["minutes"] = "ten"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match=rf"{item.id}.*minutes"):
        planned.add_item("Another", TODAY, Rung.CLOSE)
    assert path.read_bytes() == before
    path.write_text(json.dumps({**data, "version": 99}))
    with pytest.raises(StoreError, match="version 99"):
        ItemStore(planned.paths.data_dir, planned.store.locked).live_items()


def test_the_journal_and_the_table_list_a_days_items_once(planned: Session) -> None:
    from planner.exchange.export import ExportRequest

    planned.open_day(LAST_WEEK)
    carried = planned.add_item("Follow up with Acme", LAST_WEEK, Rung.CLOSE)
    planned.open_day(TODAY)
    done = planned.add_item("Send the proposal", TODAY, Rung.CLOSE)
    planned.toggle_done(TODAY, done.id)
    journal = planned.export(ExportRequest("md")).decode()
    assert journal.count("Follow up with Acme") == 1, "on today, not on the day it left"
    assert "[x] Send the proposal" in journal
    table = planned.export(ExportRequest("csv")).decode()
    assert carried.id in table and done.id in table
    exported = json.loads(planned.export(ExportRequest("json")))
    in_days = [t["id"] for day in exported["days"] for t in day["tasks"]]
    assert done.id not in in_days, "json keeps the item as a record of its own, never in a day"
    assert done.id in {item["id"] for item in exported["items"]}
