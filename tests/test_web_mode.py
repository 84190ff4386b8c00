"""What the app does differently in a browser tab (issue 19): `E` hidden, `x` delivers a
download, a line of links to the palette and the keys for touch screens. Textual's driver
says whether the app runs in a browser; here `App.is_web` is made to say so."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from planner.config import Paths
from planner.ui.app import PlannerApp
from planner.ui.screens.export import ExportScreen
from planner.ui.screens.help import HelpScreen
from tests.helpers import FakeClock, make_app


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlannerApp, "is_web", property(lambda self: True))


def offered(app: PlannerApp) -> set[str]:
    return {a.binding.action for a in app.screen.active_bindings.values() if a.enabled}


async def test_in_a_browser_the_outside_editor_is_hidden(
    web: None, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert "edit_template" not in offered(app)
        await pilot.press("T")
        await pilot.pause()
        assert "edit_outside" not in offered(app) and "make_default" in offered(app)


async def test_in_a_terminal_the_outside_editor_is_there(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test():
        assert "edit_template" in offered(app)
        assert not app.screen.query("#touch-keys")


async def test_in_a_browser_the_export_is_a_download(
    web: None, paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered: list[tuple[bytes, Any]] = []

    def deliver(self: PlannerApp, file: io.BytesIO, **options: Any) -> str:
        delivered.append((file.getvalue(), options.get("save_filename")))
        return "key"

    monkeypatch.setattr(PlannerApp, "deliver_binary", deliver)
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("space")  # a stored day to export
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert dialog.path_input.value == "planner-export-2026-11-24.md", "a name, no folder"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    [(content, name)] = delivered
    assert name == "planner-export-2026-11-24.md"
    assert content.startswith(b"# Planner journal") and b"[x] Scan mentions" in content
    assert not (paths.data_dir / "planner-export-2026-11-24.md").exists()


async def test_in_a_browser_a_tap_opens_the_keys_and_the_palette(
    web: None, paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert app.screen.query_one("#touch-keys")
        assert not app.screen.query("KeysHint"), "the touch keys stand in for the hint"
        await pilot.click("#touch-keys", offset=(16, 0))  # "? Keys"
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.click("#touch-keys", offset=(4, 0))  # "☰ Commands"
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
