"""Export… in the app: `x` opens the modal, which writes the chosen file and says where."""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pytest import MonkeyPatch
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label

from planner.config import Paths
from planner.exchange.export import EXPORT_FORMAT
from planner.store.days import Store
from planner.templates.cache import Loaded, TemplateCache
from planner.ui.screens.export import ExportScreen
from tests.helpers import FakeClock, make_app
from tests.test_export import realistic_day

if TYPE_CHECKING:
    from planner.ui.app import PlannerApp


def label_text(screen: Widget, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


async def test_export_modal_writes_the_markdown_journal(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    target = tmp_path / "out" / "journal.md"
    target.parent.mkdir()  # planner does not make folders for an export
    async with app.run_test() as pilot:
        await pilot.press("space")  # scan done: the journal shows it
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        path_input = screen.query_one("#export-path", Input)
        assert path_input.value == "~/planner-export-2026-11-24.md"
        path_input.value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert any(str(target) in str(n.message) for n in app._notifications)
    text = target.read_text()
    assert "## Tuesday 24 November 2026" in text
    assert "- [x] Scan mentions" in text


async def test_choosing_json_follows_the_suggested_name_and_writes_an_export(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.click("#format-json")
        path_input = screen.query_one("#export-path", Input)
        assert path_input.value == "~/planner-export-2026-11-24.json"
        target = tmp_path / "dump.json"
        path_input.value = str(target)
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    data = json.loads(target.read_text())
    assert data["format"] == EXPORT_FORMAT
    assert [day["date"] for day in data["days"]] == ["2026-11-24"]


async def test_a_path_that_cannot_be_written_is_shown_and_the_modal_stays(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-path", Input).value = str(blocker / "journal.md")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        error = label_text(screen, "#export-error")
        assert error == f"cannot write {blocker / 'journal.md'}: {blocker} is not a folder"
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)
    assert not (blocker / "journal.md").exists()


async def test_the_plan_of_coming_days_is_made_on_the_ui_thread(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """The template cache is not for threads: the worker only renders and writes."""
    threads: list[str] = []
    load = TemplateCache.load

    def recording_load(self: TemplateCache, path: Path) -> Loaded:
        threads.append(threading.current_thread().name)
        return load(self, path)

    monkeypatch.setattr(TemplateCache, "load", recording_load)
    app = make_app(paths, clock, plan_file)
    target = tmp_path / "plan.ics"
    async with app.run_test() as pilot:
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.click("#format-ics")
        screen.query_one("#export-path", Input).value = str(target)
        threads.clear()
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert "BEGIN:VEVENT" in target.read_text()
    assert threads and set(threads) == {threading.main_thread().name}


async def export_to(app: PlannerApp, pilot: Pilot[None], path: str) -> ExportScreen:
    """Press x, type ``path``, export, wait for the worker; the export screen."""
    await pilot.press("x")
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-path", Input).value = path
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_exporting_to_a_symlink_writes_the_file_it_links_to(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    real = tmp_path / "journals" / "journal.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await export_to(app, pilot, str(link))
        assert not isinstance(app.screen, ExportScreen)
        assert any(str(link) in str(n.message) for n in app._notifications)
    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert "## Tuesday 24 November 2026" in real.read_text()


async def test_exporting_into_a_missing_folder_says_so_and_creates_nothing(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nonexistent" / "journal.md"
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = await export_to(app, pilot, str(target))
        assert app.screen is screen  # the dialog stays, to correct the path
        error = label_text(screen, "#export-error")
        assert error.startswith(f"cannot write {target}: folder {target.parent} does not exist")
    assert not target.parent.exists()


async def test_dash_is_refused_in_the_app(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        screen = await export_to(app, pilot, "-")
        assert app.screen is screen
        assert "standard output" in label_text(screen, "#export-error")
    assert not (tmp_path / "-").exists()


async def test_a_day_that_cannot_be_read_is_left_out_and_the_notice_says_which(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    store = Store(paths.data_dir)
    store.ensure_day(realistic_day(date(2026, 11, 20)))
    store.ensure_day(realistic_day(date(2026, 11, 21)))
    broken = store.day_file(date(2026, 11, 21))
    broken.write_text("[]")
    target = tmp_path / "journal.md"
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await export_to(app, pilot, str(target))
        assert not isinstance(app.screen, ExportScreen)
        notices = [str(n.message) for n in app._notifications]
        left_out = [n for n in notices if n.startswith("Left out")]
        assert len(left_out) == 1
        assert left_out[0].startswith("Left out 1 day that could not be read: 2026-11-21.")
        assert f"{broken}: holds a JSON array" in left_out[0]
        assert any(str(target) in notice for notice in notices)
    text = target.read_text()
    assert "## Friday 20 November 2026" in text
    assert "21 November" not in text
