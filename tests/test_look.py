"""Pilot tests of the look and feel: command palette, themes remembered, `?` help, keymaps,
mouse on buttons, NO_COLOR and the wide layout."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Button, Footer, Input, Label
from textual.widgets._footer import FooterKey

from planner.config import Paths, Settings, load_settings
from planner.core.dates import parse_day
from planner.core.model import Day
from planner.session.work import Session
from planner.ui.app import PlannerApp
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.help import HelpScreen, help_groups
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.today import TodayScreen
from planner.ui.screens.wrap_up import WrapUpScreen
from planner.ui.widgets.checklist import Checklist
from planner.ui.widgets.day_header import text_bar
from planner.ui.widgets.side_panel import SidePanel
from tests.helpers import TODAY, FakeClock, make_app


async def palette_hits(pilot: Pilot[None]) -> CommandList:
    """The palette's list once the search has answered (it runs in the background)."""
    commands = pilot.app.screen.query_one(CommandList)
    for _ in range(100):
        await pilot.pause(0.02)
        if commands.option_count:
            break
    return commands


async def run_command(pilot: Pilot[None], query: str) -> str:
    """Open the palette, type ``query``, run the best hit; returns the hit's text."""
    await pilot.press("ctrl+p")
    await pilot.press(*query)
    commands = await palette_hits(pilot)
    assert commands.option_count, f"no command for {query!r}"
    if commands.highlighted is None:
        await pilot.press("down")
    option = commands.highlighted_option
    chosen = str(option.hit.text) if isinstance(option, Command) else ""
    await pilot.press("enter")
    await pilot.pause()
    return chosen


def titles(app: PlannerApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


def stored_today(app: PlannerApp) -> Day:
    """TODAY as the app's store has it; the app must have stored it already."""
    day = app.session.store.load_day(TODAY)
    assert day is not None, "today was never stored"
    return day


# --- palette ---------------------------------------------------------------------------


async def test_every_binding_with_a_description_is_a_command_with_its_key(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test():
        found = titles(app)
        assert "Done (space)" in found
        assert "Count (+ =)" in found
        assert "Keys (?)" in found
        assert "Go to date…" in found and "Theme" in found
        # Generated, not listed: a binding another module adds appears on its own.
        for binding in [*TodayScreen.BINDINGS, *PlannerApp.BINDINGS]:
            assert not isinstance(binding, tuple)
            if binding.action == "remote_sync":  # no remote here: the command, no key
                assert binding.description in found
            elif binding.action == "back":  # on today there is nowhere to go back to
                assert not any(t.startswith(f"{binding.description} (") for t in found)
            elif binding.description and binding.action != "quit":
                assert any(t.startswith(f"{binding.description} (") for t in found), binding


async def test_a_palette_command_runs_the_screen_action(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert await run_command(pilot, "wrap up") == "Wrap up (w)"
        assert isinstance(app.screen, WrapUpScreen)


async def test_jump_to_a_task_by_name(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        checklist = app.screen.query_one(Checklist)
        assert checklist.current_task_id == "scan"
        assert await run_command(pilot, "follow up prop") == "Follow up proposals"
        assert checklist.current_task_id == "follow"
        await pilot.press("space")  # the cursor really is there: space marks that task
        assert stored_today(app).task("follow").status.value == "done"


async def test_go_to_a_past_date_which_can_be_filled_in(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await run_command(pilot, "go to date")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"2026-11-20", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen) and screen.date == date(2026, 11, 20)
        await pilot.press("space")
        stored = app.session.store.load_day(date(2026, 11, 20))
        assert stored is not None and stored.task("scan").status.value == "done"
        await run_command(pilot, "go to date")
        await pilot.press(*"-1", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 2  # a day opened this way replaces the last one
        assert isinstance(app.screen, TodayScreen) and app.screen.date == date(2026, 11, 23)
        await run_command(pilot, "back to tue")
        assert app.screen_stack == [app.screen] and app.screen.date == TODAY


async def test_go_to_a_future_date_shows_the_plan_only(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await run_command(pilot, "go to date")
        await pilot.press(*"tomorrow", "enter", "space")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen) and screen.date == date(2026, 11, 25)
        assert app.session.store.load_day(date(2026, 11, 25)) is None


async def test_go_to_a_date_that_is_not_one_says_so(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await run_command(pilot, "go to date")
        await pilot.press(*"someday", "enter")
        await pilot.pause()
        prompt = app.screen  # still open, with what was typed and the reason under it
        assert isinstance(prompt, TextPrompt) and "not a date" in prompt.error
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen) and app.screen.date == TODAY


def test_dates_are_read_relative_to_the_session_day() -> None:
    assert parse_day("yesterday", TODAY) == date(2026, 11, 23)
    assert parse_day(" -3 ", TODAY) == date(2026, 11, 21)
    assert parse_day("+2", TODAY) == date(2026, 11, 26)
    assert parse_day("2026-01-02", TODAY) == date(2026, 1, 2)


# --- themes ------------------------------------------------------------------------------


async def open_theme_palette(pilot: Pilot[None], query: str) -> None:
    await run_command(pilot, "theme")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    commands = await palette_hits(pilot)
    if commands.highlighted is None:
        await pilot.press("down")
    await pilot.pause()


async def test_switch_template_from_the_palette_makes_it_the_default(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert await run_command(pilot, "switch templ") == "Switch template…"
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"linkedin")
        await palette_hits(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert any("'linkedin-b2b' is the default" in str(n.message) for n in app._notifications)
    assert load_settings(paths.config_file).default_template == "linkedin-b2b"


async def test_a_theme_chosen_in_the_palette_is_the_next_start_theme(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        assert app.theme == "ladder-dark"
        await open_theme_palette(pilot, "ladder-light")
        assert app.theme == "ladder-light"  # previewed while highlighted
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "ladder-light"
    assert load_settings(paths.config_file).theme == "ladder-light"
    again = PlannerApp(Session(paths, load_settings(paths.config_file), str(plan_file), clock))
    async with again.run_test():
        assert again.theme == "ladder-light"


async def test_a_previewed_theme_is_undone_by_escape_and_not_saved(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await open_theme_palette(pilot, "ladder-nord")
        assert app.theme == "ladder-nord"
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "ladder-dark"
    assert not paths.config_file.exists()


async def test_the_command_line_theme_is_not_remembered(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("# mine\ntheme: ladder-light\n")
    session = Session(paths, load_settings(paths.config_file), str(plan_file), clock)
    app = PlannerApp(session, TODAY, theme="ladder-nord")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "ladder-nord"
    assert paths.config_file.read_text() == "# mine\ntheme: ladder-light\n"


# --- help --------------------------------------------------------------------------------


async def test_question_mark_lists_every_key_of_the_screen(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        groups = {group.title: group for group in help_screen.groups}
        assert list(groups) == ["Today", "Everywhere", "Checklist"]
        today = {item.description: item for item in groups["Today"].keys}
        for binding in TodayScreen.BINDINGS:
            assert not isinstance(binding, tuple)
            # Hidden from the footer too, every key; but not what means nothing on today.
            assert (binding.description in today) is (binding.action != "back")
        assert today["Count"].keys == "+ ="
        assert today["Skip"].tooltip == "Skip the task (asks an optional reason)"
        assert {"Keys", "Quit"} <= {item.description for item in groups["Everywhere"].keys}
        assert "Down" in {item.description for item in groups["Checklist"].keys}
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_help_works_on_a_modal_screen_too(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("w")
        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {item.description for group in app.screen.groups for item in group.keys}
        assert {"Save", "Cancel"} <= described
        await pilot.click("#help-close")
        assert isinstance(app.screen, WrapUpScreen)


# --- keymap ------------------------------------------------------------------------------


def remapped_app(paths: Paths, clock: FakeClock, plan_file: Path) -> PlannerApp:
    settings = Settings(keymap={"note": "o", "help": "f1"})
    return PlannerApp(Session(paths, settings, str(plan_file), clock), TODAY)


async def test_a_remapped_key_works_and_the_old_one_does_not(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = remapped_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("o")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"hi", "enter")
        assert stored_today(app).task("scan").note == "hi"
        await pilot.press("question_mark")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_footer_help_and_palette_show_the_remapped_key(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = remapped_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = {key.description: key.key_display for key in app.query(FooterKey)}
        assert footer["Note"] == "o"
        assert "Note (o)" in titles(app)
        groups = help_groups(app.screen)
        shown = {item.description: item.keys for group in groups for item in group.keys}
        assert shown["Note"] == "o" and shown["Keys"] == "f1"
        assert app.screen.query_one(Footer)


def planner_bindings() -> Iterator[tuple[str, Binding]]:
    """Every Binding declared by a class in the planner package (screens, widgets, app)."""
    import planner

    for info in pkgutil.walk_packages(planner.__path__, "planner."):
        if info.name.endswith("__main__"):  # importing it runs the command
            continue
        module = importlib.import_module(info.name)
        for name, owner in vars(module).items():
            if isinstance(owner, type) and owner.__module__ == info.name:
                for binding in owner.__dict__.get("BINDINGS", []):
                    yield f"{info.name}.{name}", binding


def test_every_binding_has_an_id_a_description_and_a_tooltip() -> None:
    # The footer, `?`, the palette and keymaps are all generated from these three.
    found = list(planner_bindings())
    owners = {owner for owner, _ in found}
    assert {"planner.ui.app.PlannerApp", "planner.ui.screens.today.TodayScreen"} <= owners
    assert {"planner.ui.screens.confirm.Confirm", "planner.ui.screens.prompt.TextPrompt"} <= owners
    for owner, binding in found:
        assert isinstance(binding, Binding), owner
        assert binding.id and binding.description and binding.tooltip, (owner, binding)


# --- mouse -------------------------------------------------------------------------------


async def test_the_prompt_buttons_save_and_cancel(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("n", *"by mouse")
        await pilot.click("#prompt-ok")
        await pilot.pause()
        assert stored_today(app).task("scan").note == "by mouse"
        await pilot.press("n", *" and more")
        await pilot.click("#prompt-cancel")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert stored_today(app).task("scan").note == "by mouse"


async def test_the_wrap_up_save_button_saves(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", *"Short posts")
        await pilot.click("#wrap-save")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert stored_today(app).worked == "Short posts"


async def test_the_confirm_buttons_answer(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        app.push_screen(Confirm("Really?"), answers.append)
        await pilot.pause()
        await pilot.click("#no")
        app.push_screen(Confirm("Really?"), answers.append)
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
    assert answers == [False, True]


# --- NO_COLOR and layout -----------------------------------------------------------------

_FILL = re.compile(r'fill="#([0-9a-f]{6})"')
WINDOW_BUTTONS = {"ff5f57", "febc2e", "28c840"}  # the screenshot's frame, not the app


def colours_in(svg: str) -> set[str]:
    """The colours an SVG screenshot paints with that are not shades of grey."""
    found = set()
    for value in _FILL.findall(svg):
        red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
        if max(red, green, blue) - min(red, green, blue) > 8 and value not in WINDOW_BUTTONS:
            found.add(value)
    return found


@pytest.mark.parametrize("no_color", [False, True])
async def test_no_color_draws_in_shades_of_grey(
    paths: Paths,
    clock: FakeClock,
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("space")  # some of the bars filled, the rungs in their colours
        await pilot.pause()
        assert app.no_color is no_color
        assert bool(colours_in(app.export_screenshot())) is not no_color


def test_bars_read_without_colour() -> None:
    assert text_bar(0.5, 8).plain == "━━━━────"


@pytest.mark.parametrize(("width", "wide"), [(80, False), (109, False), (110, True), (160, True)])
async def test_the_side_panel_shows_on_wide_terminals(
    paths: Paths, clock: FakeClock, plan_file: Path, width: int, wide: bool
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(SidePanel)
        assert app.screen.has_class("-wide") is wide
        assert (panel.region.width > 0) is wide
        if wide:
            assert "LISTEN" in str(panel.render()) and "0/1" in str(panel.render())
            await pilot.press("space")
            assert "1/1" in str(panel.render())


async def test_buttons_are_reachable_at_80x24(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        ok = app.screen.query_one("#prompt-ok", Button)
        assert ok.region.bottom <= 24 and ok.region.width > 0
        assert app.screen.query_one(Input).has_focus


async def test_a_keymap_clash_is_reported_once_and_the_keymap_wins(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = PlannerApp(Session(paths, Settings(keymap={"note": "s"}), str(plan_file), clock), TODAY)
    async with app.run_test() as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, TextPrompt) and "Note for" in str(
            app.screen.query_one("#prompt-title", Label).content
        )
        await pilot.press("escape", "j", "k")
        told = [str(n.message) for n in app._notifications if "keymap" in str(n.message)]
        assert told == ["keymap: s was Skip (skip), the keymap gives it to note"]


async def test_a_theme_that_cannot_be_remembered_says_so_and_leaves_the_file(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("theme: [unclosed\n")
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        app.theme_picker.choose("ladder-light")
        await pilot.pause()
        assert app.theme == "ladder-light"
        assert any("Theme not remembered" in str(n.message) for n in app._notifications)
    assert paths.config_file.read_text() == "theme: [unclosed\n"
