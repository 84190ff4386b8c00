"""Dated items in the app (issue 18): `a` adds one (title, rung, day; a future day too, and
no day file for it), `u` takes it back, the checklist marks one-offs, carried and moved
items, and `t` on an item is a notice, not an error."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label

from planner.config import Paths, Settings
from planner.core.ladder import Rung
from planner.core.model import Status
from planner.session.work import Session
from planner.store.days import Store
from planner.store.item_store import ItemStore
from planner.ui.app import PlannerApp
from planner.ui.screens.item_prompt import ItemPrompt, rung_of
from planner.ui.screens.today import TodayScreen
from tests.helpers import TODAY, FakeClock, make_app

TOMORROW = TODAY + timedelta(days=1)
LAST_WEEK = TODAY - timedelta(days=7)
FRIDAY = date(2026, 11, 27)  # the next Friday from TODAY (a Tuesday)


def items_of(paths: Paths) -> ItemStore:
    return ItemStore(paths.data_dir, Store(paths.data_dir).locked)


def shown(app: PlannerApp) -> TodayScreen:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    return screen


def prompt_of(app: PlannerApp) -> ItemPrompt:
    screen = app.screen
    assert isinstance(screen, ItemPrompt)
    return screen


def line(app: PlannerApp, task_id: str) -> str:
    return str(shown(app).checklist.get_option(f"task:{task_id}").prompt)


async def until(pilot: Pilot[None], what: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not what():
        assert time.monotonic() < deadline, "never happened"
        await pilot.pause(0.05)


async def add(
    pilot: Pilot[None], title: str, rung: str | None = None, day: str | None = None
) -> None:
    """`a`, the title typed, then the rung and the day (each typed over its default)."""
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*title)
    for typed in (rung, day):
        await pilot.press("tab")
        if typed is not None:
            await pilot.press(*typed)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_adds_an_item_on_the_day_shown_and_u_takes_it_back(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("j", "j")  # the cursor on the comment rung's task
        await add(pilot, "Call Acme")
        [item] = items_of(paths).live_items()
        assert item.task.title == "Call Acme" and item.on == TODAY
        assert item.task.rung is Rung.COMMENT, "the rung of the task under the cursor"
        screen = shown(app)
        assert screen.checklist.current_task_id == item.id, "the cursor on the new item"
        assert "Call Acme" in line(app, item.id) and "one-off" in line(app, item.id)
        assert item.id not in Store(paths.data_dir).day_file(TODAY).read_text()

        await pilot.press("u")
        await pilot.pause()
        assert items_of(paths).live_items() == []
        assert item.id not in {task.id for task in screen.day.tasks}


async def test_a_on_a_future_day_adds_the_item_and_writes_no_day(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file, day=TOMORROW)
    async with app.run_test() as pilot:
        screen = shown(app)
        assert screen.check_action("add_item", ()) is True, "`a` works on a plan"
        await add(pilot, "Send the proposal", rung="cl")
        [item] = items_of(paths).live_items()
        assert item.on == TOMORROW and item.task.rung is Rung.CLOSE
        assert "Send the proposal" in line(app, item.id)
        assert screen.checklist.current_task_id == item.id
        assert not Store(paths.data_dir).day_file(TOMORROW).exists(), "no day stored"
        assert not screen.session.preview(TOMORROW).stored


async def test_the_day_takes_what_the_date_parser_takes(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await add(pilot, "Friday follow-up", rung="close", day="fri")
        [item] = items_of(paths).live_items()
        assert item.on == FRIDAY
        assert item.id not in {task.id for task in shown(app).day.tasks}, "not today's"
        assert any("Fri 27 Nov 2026" in str(n.message) for n in app._notifications)
        await add(pilot, "In three days", day="+3")  # Tuesday + 3: Friday again
        assert {entry.on for entry in items_of(paths).live_items()} == {FRIDAY}
        await add(pilot, "Next week", day="2026-12-01")
        assert date(2026, 12, 1) in {entry.on for entry in items_of(paths).live_items()}


async def test_a_wrong_field_keeps_the_dialog_open_with_the_error_under_it(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # no title
        prompt = prompt_of(app)
        assert "needs a title" in str(prompt.query_one("#item-title-note", Label).render())
        await pilot.press(*"Call Bob", "tab", *"zz", "enter")
        assert prompt_of(app) is prompt
        assert "Not a rung" in str(prompt.query_one("#item-rung-note", Label).render())
        assert prompt.focused is prompt.field("rung"), "the wrong field has the focus"
        await pilot.press("backspace", "backspace", *"close", "tab", *"someday", "enter")
        assert prompt_of(app) is prompt
        assert "not a date" in str(prompt.query_one("#item-day-note", Label).render())
        assert items_of(paths).live_items() == [], "nothing added meanwhile"
        assert not app._notifications, "said under the fields, not as a toast"
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        assert items_of(paths).live_items() == []


async def test_the_dialog_starts_with_the_day_shown_and_says_what_a_day_reads_as(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("a")
        await pilot.pause()
        prompt = prompt_of(app)
        assert prompt.query_one("#item-day", Input).value == TODAY.isoformat()
        assert "(today)" in str(prompt.query_one("#item-day-note", Label).render())
        await pilot.press("tab", "tab", *"tomorrow")
        assert "Wed 25 Nov 2026 (plan only)" in str(
            prompt.query_one("#item-day-note", Label).render()
        )


def test_a_rung_may_be_named_by_a_unique_start() -> None:
    assert rung_of("cl", Rung.LISTEN) is Rung.CLOSE
    assert rung_of("  ", Rung.READ) is Rung.READ, "blank: the default"
    assert rung_of("comm", Rung.LISTEN) is None, "comment or communicate"
    assert rung_of("share", Rung.LISTEN) is Rung.COMMENT
    assert rung_of("Communicate", Rung.LISTEN) is Rung.COMMUNICATE


async def test_the_checklist_marks_carried_and_moved_items(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    item = session.add_item("Follow up with Acme", LAST_WEEK, Rung.CLOSE)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert "↪ from Tue 17 Nov" in line(app, item.id)
        for _ in range(7):
            await pilot.press("left_square_bracket")
        assert shown(app).date == LAST_WEEK
        assert "→ moved to today" in line(app, item.id)
        close = str(shown(app).checklist.get_option("rung:close").prompt)
        assert "0/1" in close, "the moved item is today's, not counted here"


async def test_t_on_an_item_is_a_notice_not_an_error(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    session = Session(paths, Settings(), template_choice=str(plan_file), clock=clock)
    item = session.add_item("Call Bob", TODAY, Rung.LISTEN)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        shown(app).checklist.move_to(item.id)
        await pilot.press("t")
        await pilot.pause()
        [notice] = [n for n in app._notifications if "no timer" in str(n.message)]
        assert notice.severity == "warning" and notice.title != "Not saved"
        assert items_of(paths).item(item.id).task.status is Status.OPEN


async def test_a_waits_in_line_while_another_planner_holds_the_lock(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = shown(app)
        with Store(paths.data_dir).locked():
            await add(pilot, "Call Acme")
            assert screen.dirty and items_of(paths).live_items() == []
        await until(pilot, lambda: len(items_of(paths).live_items()) == 1)
        [item] = items_of(paths).live_items()
        await until(pilot, lambda: any(task.id == item.id for task in screen.day.tasks))
