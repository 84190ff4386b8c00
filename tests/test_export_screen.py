"""Export… in the app: `x` opens the modal, which writes the chosen file and says where."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pytest import MonkeyPatch
from textual.widget import Widget
from textual.widgets import Input, Label

from planner.config import Paths
from planner.exchange.export import EXPORT_FORMAT
from planner.templates.cache import Loaded, TemplateCache
from planner.ui.screens.export import ExportScreen
from tests.helpers import FakeClock, make_app


def label_text(screen: Widget, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


async def test_export_modal_writes_the_markdown_journal(
    paths: Paths, clock: FakeClock, plan_file: Path, tmp_path: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    target = tmp_path / "out" / "journal.md"
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
        assert "Cannot write" in label_text(screen, "#export-error")
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
