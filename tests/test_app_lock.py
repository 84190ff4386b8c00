"""Another planner holds the data lock: the checklist never freezes. Its changes wait in line,
are written in order once the lock is free, each on the day as it is on disk then, and a lock
held too long is said, with nothing half-written. The lock is held from the test the way
another planner holds it: a Store of its own on the same folder."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from planner.cli import main
from planner.config import Paths
from planner.core.ladder import Rung
from planner.core.model import Day, Status, TaskState
from planner.session.work import Session
from planner.store.days import Store
from planner.store.records import StoreError
from planner.ui.app import PlannerApp
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.day_changes import DayChanges
from planner.ui.screens.help import HelpScreen
from planner.ui.screens.today import TodayScreen
from planner.ui.widgets.checklist import Checklist
from planner.ui.widgets.day_header import DayHeader
from tests.helpers import TODAY, FakeClock, make_app

YESTERDAY = date.fromordinal(TODAY.toordinal() - 1)

# Generous: a wait ends as soon as what it waits for is there.
DEADLINE_SECONDS = 30.0


async def until(pilot: Pilot[None], what: Callable[[], bool]) -> None:
    """Let the app run until ``what`` is true (an AssertionError past the deadline)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not what():
        assert time.monotonic() < deadline, "never happened"
        await pilot.pause(0.05)


def on_disk(paths: Paths) -> Day:
    day = Store(paths.data_dir).load_day(TODAY)
    assert day is not None
    return day


def checklist_of(app: PlannerApp) -> TodayScreen:
    for screen in app.screen_stack:
        if isinstance(screen, TodayScreen):
            return screen
    raise AssertionError("no checklist")


def waiting_line(app: PlannerApp) -> str:
    """The header's line about changes waiting for the lock ("" when it is hidden)."""
    return checklist_of(app).query_one(DayHeader).waiting_line


def notices(app: PlannerApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


async def test_with_the_lock_free_a_change_is_written_on_the_spot(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        session, threads = checklist_of(app).session, []
        toggle_done = session.toggle_done

        def noted(*args: Any, **kwargs: Any) -> tuple[TaskState, Rung | None]:
            threads.append(threading.current_thread())
            return toggle_done(*args, **kwargs)

        monkeypatch.setattr(session, "toggle_done", noted)
        await pilot.press("space")
        assert threads == [threading.current_thread()], "no thread when the lock is free"
        assert on_disk(paths).task("scan").status is Status.DONE
        assert waiting_line(app) == ""


async def test_a_change_waits_for_the_lock_while_keys_keep_answering(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen, checklist = checklist_of(app), app.screen.query_one(Checklist)
        before = Store(paths.data_dir).day_file(TODAY).read_bytes()
        with Store(paths.data_dir).locked():  # another planner holds the lock
            await pilot.press("space")  # Scan mentions: done
            assert "waiting for another planner" in waiting_line(app)
            assert "1 change not written yet" in waiting_line(app)
            assert screen.dirty
            await pilot.press("j")
            assert checklist.current_task_id == "news", "the cursor moves meanwhile"
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen), "help opens meanwhile"
            await pilot.pause(0.2)
            assert Store(paths.data_dir).day_file(TODAY).read_bytes() == before
            assert screen.day.task("scan").status is Status.OPEN
        # Written while the help is still open, then shown on the checklist.
        await until(pilot, lambda: on_disk(paths).task("scan").status is Status.DONE)
        await until(pilot, lambda: screen.day.task("scan").status is Status.DONE)
        assert waiting_line(app) == "" and not screen.dirty
        await pilot.press("question_mark")
        assert app.screen is screen
        assert checklist.current_task_id == "news", "the cursor stays where it was moved"
        assert "1/4 done" in str(screen.query_one("#day-header").render())


async def test_changes_made_while_waiting_are_written_in_order(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        with Store(paths.data_dir).locked():
            await pilot.press("space")  # Scan mentions: done ...
            await pilot.press("s", *"later", "enter")  # ... then skipped
            await pilot.press("j", "space", "u")  # Read the news: done, and taken back
            await pilot.pause()
            assert "4 changes not written yet" in waiting_line(app)
        await until(pilot, lambda: not screen.dirty)
        stored = on_disk(paths)
        # In the other order Scan would be done (a skip, then a toggle of a skipped task)
        # and the undo would take back the skip instead.
        assert stored.task("scan").status is Status.SKIPPED
        assert stored.task("scan").skip_reason == "later"
        assert stored.task("news").status is Status.OPEN
        labels = screen.session.history.labels(TODAY)
        assert labels == ["skip · Scan mentions", "done · Scan mentions"]
        assert "Undid: done · Read the news" in notices(app)
        assert screen.day.task("scan").status is Status.SKIPPED
        assert waiting_line(app) == ""


async def test_what_another_planner_wrote_meanwhile_is_kept(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        other = Store(paths.data_dir)
        with other.locked():
            await pilot.press("space")  # Scan mentions: done, waits for the other planner
            await pilot.pause()

            def counted(task: TaskState) -> None:
                task.count = 2

            other.update_task(TODAY, "posts", counted)  # which changes the day meanwhile
            screen.reload_if_changed_outside()  # the look outside does not wait either
            assert screen.day.task("posts").count == 0, "not read while the lock is held"
        await until(pilot, lambda: not screen.dirty)
        stored = on_disk(paths)
        assert stored.task("scan").status is Status.DONE
        assert stored.task("posts").count == 2, "the change was made on the day as it was then"
        assert screen.day.task("posts").count == 2
        assert screen.day.task("scan").status is Status.DONE


async def test_the_cli_waiting_for_the_same_lock_keeps_its_change_too(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        with Store(paths.data_dir).locked():
            await pilot.press("space")
            # The CLI waits for the lock in a thread of its own, as another process would.
            cli = asyncio.ensure_future(
                asyncio.to_thread(main, ["win", "from the shell", "--date", TODAY.isoformat()])
            )
            await pilot.pause(0.2)
            assert not cli.done()
        assert await asyncio.wait_for(cli, DEADLINE_SECONDS) == 0
        await until(pilot, lambda: [win.text for win in screen.day.wins] == ["from the shell"])
        await until(pilot, lambda: screen.day.task("scan").status is Status.DONE)
        stored = on_disk(paths)
        assert stored.task("scan").status is Status.DONE
        assert [win.text for win in stored.wins] == ["from the shell"]


async def test_a_lock_held_too_long_is_said_and_nothing_is_written(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        session = screen.session
        session.store.tree_lock.timeout = 0.3  # the store's 10 s, shortened
        # The writer starts waiting only once the three changes are in line.
        lined_up, holding_lock = threading.Event(), session.holding_lock

        @contextmanager
        def after_lining_up(
            *, wait: bool = True, give_up: Callable[[], bool] | None = None
        ) -> Iterator[None]:
            if wait:
                lined_up.wait(DEADLINE_SECONDS)
            with holding_lock(wait=wait, give_up=give_up):
                yield

        monkeypatch.setattr(session, "holding_lock", after_lining_up)
        before = Store(paths.data_dir).day_file(TODAY).read_bytes()
        with Store(paths.data_dir).locked():
            await pilot.press("space", "j", "space", "s", "enter")
            assert "3 changes not written yet" in waiting_line(app)
            lined_up.set()
            await until(pilot, lambda: not screen.dirty)
            said = notices(app)
            assert any("is locked by another planner" in notice for notice in said)
            assert "The 2 changes made after it were not saved either." in said
            assert waiting_line(app) == ""
            assert Store(paths.data_dir).day_file(TODAY).read_bytes() == before
            assert screen.day.task("scan").status is Status.OPEN
        # The lock is free: a change is written at once, on this thread, and only it.
        await pilot.press("k", "space")
        stored = on_disk(paths)
        assert stored.task("scan").status is Status.DONE
        assert stored.task("news").status is Status.OPEN
        assert screen.day.task("scan").status is Status.DONE


async def test_quitting_while_changes_wait_asks_first(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        with Store(paths.data_dir).locked():
            await pilot.press("space", "q")
            assert isinstance(app.screen, Confirm)
            await pilot.press("n")  # keep editing
        await until(pilot, lambda: on_disk(paths).task("scan").status is Status.DONE)
        await until(pilot, lambda: not screen.dirty)
        assert app.is_running


@pytest.mark.keys_before_day_stored
async def test_a_day_to_create_while_the_lock_is_held_shows_its_plan_meanwhile(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    with ExitStack() as held:
        held.enter_context(Store(paths.data_dir).locked())  # before the app starts
        async with app.run_test() as pilot:
            screen = checklist_of(app)
            assert [task.id for task in screen.day.tasks] == ["scan", "news", "posts", "follow"]
            # Said once the writer has found the lock held (the first frame did not look).
            await until(pilot, lambda: "waiting for another planner" in waiting_line(app))
            assert "(the day not written yet)" in waiting_line(app)  # its creation, no change
            await pilot.press("space")
            assert "(1 change not written yet)" in waiting_line(app)
            assert Store(paths.data_dir).load_day(TODAY) is None
            held.close()
            await until(pilot, lambda: not screen.dirty)
            stored = on_disk(paths)
            assert stored.task("scan").status is Status.DONE
            assert screen.day.task("scan").status is Status.DONE


@pytest.mark.keys_before_day_stored
async def test_a_day_to_create_is_stored_just_after_the_first_frame_without_a_word(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    shown = DayHeader.show_waiting

    def show_waiting(header: DayHeader, text: str) -> None:
        said.append(text)
        shown(header, text)

    monkeypatch.setattr(DayHeader, "show_waiting", show_waiting)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        await until(pilot, lambda: Store(paths.data_dir).load_day(TODAY) is not None)
        await until(pilot, lambda: not screen.changes.creating)
        assert [task.id for task in on_disk(paths).tasks] == [t.id for t in screen.day.tasks]
        assert not any(said)  # the lock was free: never "waiting for another planner"
        await pilot.press("space")  # now written on the spot
        assert on_disk(paths).task(screen.day.tasks[0].id).status is Status.DONE


@pytest.mark.keys_before_day_stored
async def test_quitting_before_the_day_is_created_asks_nothing_and_waits_for_no_lock(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer_done = threading.Event()
    write_waiting = DayChanges._write_waiting

    def watched(changes: DayChanges, *args: Any) -> Any:
        try:
            return write_waiting(changes, *args)
        finally:
            writer_done.set()

    monkeypatch.setattr(DayChanges, "_write_waiting", watched)
    app = make_app(paths, clock, plan_file)
    app.session.store.tree_lock.timeout = 3600.0  # only giving up ends the writer's wait
    with Store(paths.data_dir).locked():  # the creation cannot be written yet
        async with app.run_test() as pilot:
            screen = checklist_of(app)
            await until(pilot, lambda: "waiting for another planner" in waiting_line(app))
            assert "(the day not written yet)" in waiting_line(app)
            assert screen.changes.creating and not screen.dirty  # the plan is no change
            await pilot.press("q")  # no question: it quits (a Confirm would keep it running)
            await until(pilot, lambda: not app.is_running)
        # The writer gave up while the lock is still held: a process would exit at once.
        assert writer_done.wait(DEADLINE_SECONDS)
    assert Store(paths.data_dir).load_day(TODAY) is None  # made from its plan next time


async def test_a_wrap_up_saved_while_the_lock_is_held_waits_in_line(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        with Store(paths.data_dir).locked():  # another planner holds the lock
            await pilot.press("space")  # a change already waiting: the wrap-up goes after it
            await pilot.press("w")
            await pilot.pause()
            app.screen.query_one("#wrap-note", Input).value = "a good day"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is screen, "the dialog closed: nothing froze"
            assert "2 changes not written yet" in waiting_line(app)
            assert on_disk(paths).wrap_note == ""
        await until(pilot, lambda: on_disk(paths).wrap_note == "a good day")
        assert on_disk(paths).task("scan").status is Status.DONE, "and the change before it"
        await until(pilot, lambda: "Wrap-up saved." in notices(app))


async def test_a_stored_day_that_does_not_parse_at_first_is_read_again_under_the_lock(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(paths, clock, plan_file)
    app.session.open_day(TODAY)
    app.session.skip_task(TODAY, "scan")  # a stored day, one task skipped
    looks: list[date] = []

    def mid_merge(session: Session, day: date) -> Day | None:
        # The first look, without the lock, finds a file git is still writing.
        looks.append(day)
        raise StoreError(session.store.day_file(day), "is half written", "")

    monkeypatch.setattr(Session, "load_day", mid_merge)
    async with app.run_test():
        screen = checklist_of(app)
        assert looks == [TODAY]
        assert screen.day.task("scan").status is Status.SKIPPED  # read again, under the lock


@pytest.mark.keys_before_day_stored
async def test_a_day_left_before_it_is_created_and_the_next_are_both_created(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_mount = TodayScreen.on_mount

    def typed_ahead(screen: TodayScreen) -> None:
        on_mount(screen)
        screen.action_previous_day()  # `[` typed ahead: handled before the first frame

    monkeypatch.setattr(TodayScreen, "on_mount", typed_ahead)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        await until(pilot, lambda: not screen.changes.creating)
        assert not screen.dirty and screen.date == YESTERDAY
        store = Store(paths.data_dir)
        assert store.load_day(TODAY) is not None and store.load_day(YESTERDAY) is not None


@pytest.mark.keys_before_day_stored
async def test_a_change_that_cannot_be_written_takes_a_creation_behind_it_along(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = checklist_of(app)
        await until(pilot, lambda: not screen.changes.creating)  # today stored
        screen.session.store.tree_lock.timeout = 0.3  # the store's 10 s, shortened
        with Store(paths.data_dir).locked():
            await pilot.press("space")  # waits in line
            await pilot.press("left_square_bracket")  # yesterday, to create behind it
            assert screen.changes.creating and len(screen.changes) == 1
            await until(pilot, lambda: not screen.changes.creating)  # the toggle timed out
        assert app.is_running and not screen.dirty and waiting_line(app) == ""
        assert any("is locked by another planner" in notice for notice in notices(app))
        assert not any("not saved either" in notice for notice in notices(app))  # no change
        await pilot.press("space")  # the next change makes yesterday's day
        await until(pilot, lambda: Store(paths.data_dir).load_day(YESTERDAY) is not None)
