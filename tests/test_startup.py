"""What opening the checklist leaves out so that it stays quick (benchmarks/bench_startup.py
measures it): modules it does not need, footer rebuilds that would show nothing new, a
side panel drawn while it is hidden."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.events import Resize
from textual.widgets._footer import FooterKey
from textual.widgets.option_list import Option

from planner.cli import main
from planner.config import Paths
from planner.ui.app import PlannerApp
from planner.ui.widgets.checklist import Checklist
from tests.helpers import FakeClock, make_app

# Loaded when first used, never by opening the checklist: the palette, the dialogs, and
# git's side of the remote sync (for a data folder that is not a repository); the backups
# (taken by a first write over an existing day file), the merge of two versions of a day,
# the wrap-up's merge, drift and the templates' list, and the editor's suspend.
NOT_AT_START = {
    "planner.ui.palette",
    "planner.ui.screens.prompt",
    "planner.ui.screens.confirm",
    "planner.ui.screens.item_prompt",
    "planner.session.remote_sync",
    "planner.remote.git",
    "planner.store.backups",
    "planner.store.merge",
    "planner.core.wrap_up",
    "planner.templates.drift",
    "planner.templates.listing",
    "planner.ui.suspend",
}

OPEN_THE_CHECKLIST = """
import asyncio, sys
from planner.ui.app import PlannerApp

async def main() -> None:
    async with PlannerApp().run_test() as pilot:
        await pilot.pause()

asyncio.run(main())
print(" ".join(name for name in sys.modules if name.startswith("planner")))
"""


def test_opening_the_checklist_loads_neither_the_palette_nor_git() -> None:
    command = [sys.executable, "-c", OPEN_THE_CHECKLIST]  # in this test's PLANNER_HOME
    loaded = set(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())
    assert "planner.ui.screens.today" in loaded  # the check can fail
    assert not loaded & NOT_AT_START


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        app.screen.refresh_bindings()  # said again, over the very same keys
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys  # the same widgets, not new ones
        app.set_keymap({"note": "o"})
        await pilot.pause()
        shown = {key.description: key.key_display for key in app.screen.query(FooterKey)}
        assert shown["Note"] == "o"


async def test_a_side_panel_hidden_at_start_shows_the_day_once_the_terminal_widens(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("space")  # a change while the panel is hidden
        await pilot.pause()
        assert "TIME BOX" not in drawn(app)
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert "TIME BOX" in drawn(app) and "1/1" in drawn(app)


def drawn(app: App[None]) -> str:
    """The screen as drawn (the screenshot's text, its spaces as spaces)."""
    return app.export_screenshot().replace("&#160;", " ")


async def test_the_checklist_lays_its_lines_out_again_only_when_its_width_changes(
    paths: Paths, clock: FakeClock, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[int] = []
    build = Checklist._build_options

    def counted(checklist: Checklist) -> list[Option]:
        builds.append(checklist.size.width)
        return build(checklist)

    monkeypatch.setattr(Checklist, "_build_options", counted)
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(Checklist)
        built = len(builds)
        checklist.post_message(Resize(checklist.size, checklist.size))  # the same width
        await pilot.pause()
        assert len(builds) == built  # not built again
        narrow = line_lengths(checklist)
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert line_lengths(checklist) != narrow  # laid out for the new width


def line_lengths(checklist: Checklist) -> list[int]:
    """How wide each task's line was laid out (its first line's cells)."""
    lines = [str(option.prompt).splitlines()[0] for option in checklist.options]
    return [len(line) for line in lines if line.strip()]


LOCK_LOADED_BY_THE_FIRST_LOOK = """
import asyncio, sys
from planner.ui.app import PlannerApp
from planner.ui.screens.today import TodayScreen

looked = TodayScreen.on_mount

def on_mount(screen: TodayScreen) -> None:
    looked(screen)  # the day read and shown, before the first frame and the app's workers
    print("filelock" in sys.modules)

TodayScreen.on_mount = on_mount

async def main() -> None:
    async with PlannerApp().run_test() as pilot:
        await pilot.pause()

asyncio.run(main())
"""


def test_the_day_is_drawn_before_the_lock_is_loaded(paths: Paths) -> None:
    command = [sys.executable, "-c", LOCK_LOADED_BY_THE_FIRST_LOOK]  # this test's PLANNER_HOME
    first_open = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert first_open.split() == ["False"]  # its plan drawn: the day is created just after
    assert list((paths.data_dir / "days").rglob("*.json"))  # and created, in line, after
    reopened = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert reopened.split() == ["False"]  # read without it: files are replaced whole


async def test_the_app_turns_the_collector_back_on_once_loaded(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    gc.disable()  # as `planner` loads the app (cli.cmd_app)
    try:
        async with make_app(paths, clock, plan_file).run_test():
            assert gc.isenabled()
    finally:
        gc.enable()


def test_the_planner_command_leaves_the_collector_on_however_the_app_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def ended_at_once(app: PlannerApp) -> None:
        assert not gc.isenabled()  # loaded with it off
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(PlannerApp, "run", ended_at_once)
    with pytest.raises(RuntimeError):
        main([])
    assert gc.isenabled()
