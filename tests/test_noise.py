"""Issue 16, findings 9 and 11 (the theme picker): what Textual adds and planner does not need
stays off the screen. At most two toasts at once, each command once in the palette and none of
Textual's focus and copy keys, `?` without sideways scrolling and with every line explained,
"no match" for a search that finds nothing, and the theme picker opening on the theme in use."""

from __future__ import annotations

from pathlib import Path

from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Label
from textual.widgets._toast import Toast

from planner.config import Paths
from planner.ui.app import PlannerApp
from planner.ui.screens.help import HelpScreen
from planner.ui.screens.today import TodayScreen
from planner.ui.screens.wrap_up import WrapUpScreen
from tests.helpers import FakeClock, make_app


async def listed(pilot: Pilot[None], wanted: str | None = None) -> list[str]:
    """The palette's lines once its search has answered (it runs in the background): the
    commands' texts, or Textual's "No matches found" line; waits for ``wanted`` if given."""
    lines: list[str] = []
    for _ in range(100):
        await pilot.pause(0.02)
        commands = pilot.app.screen.query_one(CommandList)
        lines = [
            str(option.hit.text) if isinstance(option, Command) else str(option.prompt)
            for option in commands.options
        ]
        if lines and (wanted is None or any(wanted in line for line in lines)):
            break
    return lines


async def open_palette(pilot: Pilot[None]) -> list[str]:
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    return await listed(pilot)


async def run(pilot: Pilot[None], query: str, text: str) -> None:
    """Open the palette, type ``query`` and run the command whose text is ``text``."""
    await pilot.press("ctrl+p")
    await pilot.press(*query)
    lines = await listed(pilot, text)
    assert text in lines, lines
    commands = pilot.app.screen.query_one(CommandList)
    commands.highlighted = lines.index(text)
    await pilot.press("enter")
    await pilot.pause()


def toasts(app: PlannerApp) -> list[str]:
    return [str(toast._notification.message) for toast in app.screen.query(Toast)]


# --- toasts ------------------------------------------------------------------------------


async def test_four_notices_leave_the_two_latest_on_screen(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(notifications=True) as pilot:
        app.notify("first", timeout=30)
        app.notify("second", severity="error", timeout=30)
        app.notify("third", severity="warning", timeout=30)
        app.notify("fourth", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["third", "fourth"]
        assert sorted(toasts(app)) == ["fourth", "third"]
        kept = {n.message: (n.severity, n.timeout) for n in app._notifications}
        assert kept == {"third": ("warning", 30), "fourth": ("information", 30)}
        app.notify("fifth", severity="error", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert sorted(toasts(app)) == ["fifth", "fourth"]


async def test_counting_a_task_without_a_target_four_times_shows_two_toasts(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("+", "+", "+", "+")  # "Scan mentions" has no target: a notice each
        await pilot.pause()
        await pilot.pause()
        assert 1 <= len(toasts(app)) <= 2
        assert len(app._notifications) <= 2
        assert all("no target" in message for message in toasts(app))


# --- palette -----------------------------------------------------------------------------


async def test_the_palette_lists_keys_once_and_none_of_textuals_focus_and_copy_keys(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        lines = await open_palette(pilot)
        assert "Done (space)" in lines and "Go to date…" in lines and "Theme" in lines
        assert [line for line in lines if line.startswith("Keys")] == ["Keys (?)"]
        for noise in ("Focus Next", "Focus Previous", "Copy selected text"):
            assert not [line for line in lines if line.startswith(noise)], noise
        assert len(lines) == len(set(lines)), "every command once"
        await pilot.press(*"keys")
        await listed(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "Keys (?) is planner's help, not Textual's"


async def test_in_a_dialog_keys_opens_planners_help_of_that_dialog(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("w")
        assert isinstance(app.screen, WrapUpScreen)
        lines = await open_palette(pilot)
        assert [line for line in lines if line.startswith("Keys")] == ["Keys"]
        assert not [line for line in lines if line.startswith("Focus")]
        await pilot.press("escape")
        await pilot.pause()
        await run(pilot, "keys", "Keys")
        assert isinstance(app.screen, HelpScreen)
        described = {item.description for group in app.screen.groups for item in group.keys}
        assert {"Save", "Cancel"} <= described


async def test_a_search_with_no_match_says_so(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"zqxjv")
        lines = await listed(pilot, "No matches")
        assert len(lines) == 1 and "no match" in lines[0].lower(), lines
        commands = app.screen.query_one(CommandList)
        assert commands.has_class("--visible"), "shown, not an empty or hidden list"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        assert "Done (space)" in await listed(pilot, "Done (space)")


# --- the `?` help --------------------------------------------------------------------------


async def test_help_leaves_out_textuals_scroll_keys_and_explains_every_line(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = [str(label.render()) for label in help_screen.query(Label)]
        for noise in ("Scroll Left", "Scroll Right", "Page Left", "Page Right", "Focus Next"):
            assert noise not in shown, noise
        assert "Copy selected text" not in shown
        lines = [item for group in help_screen.groups for item in group.keys]
        assert all(item.tooltip for item in lines), [i for i in lines if not i.tooltip]
        moves = {item.description: item for item in lines}
        assert moves["Down"].keys == "↓ j" and moves["Down"].tooltip == "Next task"
        assert moves["Quit"].tooltip == "Quit planner (everything is saved)"
        assert len(lines) == len({(item.keys, item.description) for item in lines})


async def test_help_in_the_wrap_up_lists_the_field_keys_but_not_the_cursor_moves(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("w")
        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = {item.description: item for group in app.screen.groups for item in group.keys}
        assert {"Save", "Cancel", "Focus Next", "Undo", "Paste"} <= set(lines)
        assert not {"Cursor up", "Cursor left", "Scroll Left", "Cursor word left"} & set(lines)
        assert all(item.tooltip for item in lines.values())


# --- the theme picker ----------------------------------------------------------------------


async def test_the_theme_picker_opens_on_the_theme_in_use(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        app.theme = "ladder-nord"
        assert sorted(app.available_themes)[0] != "ladder-nord"
        await run(pilot, "theme", "Theme")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        lines = await listed(pilot)
        assert len(lines) == len(app.available_themes)
        commands = app.screen.query_one(CommandList)
        option = commands.highlighted_option
        assert isinstance(option, Command) and option.hit.text == "ladder-nord"
        await pilot.pause()
        assert app.theme == "ladder-nord", "the preview is the theme in use"
        await pilot.press("down")
        await pilot.pause()
        assert app.theme == lines[1] != "ladder-nord"  # the next one is previewed
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "ladder-nord"
        assert isinstance(app.screen, TodayScreen)
    assert not paths.config_file.exists(), "nothing chosen, nothing remembered"
