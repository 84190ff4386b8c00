"""One rule for keys on every screen but the checklist (issue 16, finding 7), driven with the
keys a person presses: escape goes back, and q too where no text field has the focus (in a
text field q is a letter); j and k move in every list; the templates screen deletes with
delete or D, not x (x exports on the checklist). On the checklist q still quits."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from planner.config import Paths
from planner.store.days import Store
from planner.templates.library import DEFAULT_TEMPLATE
from planner.ui.app import PlannerApp
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.export import ExportScreen
from planner.ui.screens.help import HelpScreen
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.review import ReviewScreen
from planner.ui.screens.template_editor import TemplateEditor
from planner.ui.screens.templates import TemplatesScreen
from planner.ui.screens.today import TodayScreen
from planner.ui.screens.wrap_up import WrapUpScreen
from planner.ui.widgets.heatmap import Heatmap
from tests.helpers import PLAN, TODAY, FakeClock, make_app, on_screen

SIZE = (150, 40)


def yours(paths: Paths, name: str) -> Path:
    """A template of the user's, ``name``.yaml, in their templates folder."""
    paths.template_dir.mkdir(parents=True, exist_ok=True)
    path = paths.template_dir / f"{name}.yaml"
    path.write_text(PLAN)
    return path


async def open_templates(app: PlannerApp, pilot: Pilot[None], select: str) -> TemplatesScreen:
    """`T` on the checklist, then the arrows down to the template ``select``."""
    await pilot.press("T")
    screen = app.screen
    assert isinstance(screen, TemplatesScreen)
    names = [info.name for info in screen.infos]
    await pilot.press(*["down"] * names.index(select))
    current = screen.current()
    assert current is not None and current.name == select
    return screen


def focused_id(app: PlannerApp) -> str | None:
    focused = app.screen.focused
    return focused.id if focused else None


# --- q and escape go back -----------------------------------------------------------------


async def test_q_quits_from_the_checklist(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_q_and_escape_go_back_from_the_templates(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, TemplatesScreen)
        await pilot.press("q")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running and app.return_code is None
        await pilot.press("T", "escape")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running


async def test_q_goes_back_from_the_review(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("q")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running


async def test_q_closes_the_help_and_the_checklist_stays(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, TemplatesScreen)
        await pilot.press("q")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running


async def test_q_answers_no_to_a_question_and_never_quits(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    path = yours(paths, "mine")
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, "mine")
        await pilot.press("D")
        assert isinstance(app.screen, Confirm)
        await pilot.press("q")
        assert isinstance(app.screen, TemplatesScreen)
        assert path.exists() and app.is_running


# --- in a text field q is a letter --------------------------------------------------------


async def test_q_is_typed_in_the_wrap_up_and_escape_still_leaves(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        wrap_up = app.screen
        assert isinstance(wrap_up, WrapUpScreen)
        assert focused_id(app) == "wrap-worked"
        await pilot.press("q", "u", "i", "e", "t")
        assert app.screen is wrap_up
        assert wrap_up.query_one("#wrap-worked", TextArea).text == "quiet"
        await pilot.press("tab", "tab", "tab")  # to the note, an Input
        assert focused_id(app) == "wrap-note"
        await pilot.press("q")
        assert app.screen is wrap_up
        assert wrap_up.query_one("#wrap-note", Input).value == "q"
        await pilot.press("escape")  # asks: something was typed
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running


async def test_q_is_typed_in_a_prompt_and_cancels_from_its_buttons(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # a note on the task under the cursor
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        await pilot.press("q")
        assert on_screen(app) is prompt
        assert prompt.field.value == "q"
        await pilot.press("tab")  # the OK button: no text field has the focus
        assert focused_id(app) == "prompt-ok"
        await pilot.press("q")
        assert isinstance(app.screen, TodayScreen)  # cancelled: the note was not saved
        assert app.is_running
        day = Store(paths.data_dir).load_day(TODAY)
        assert day is None or day.task("scan").note == ""


async def test_q_is_typed_in_the_template_editor_and_leaves_a_read_only_one(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    yours(paths, "mine")
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        templates = await open_templates(app, pilot, "mine")
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, TemplateEditor) and not editor.read_only
        await pilot.press("q")
        assert on_screen(app) is editor
        assert editor.area.text == "q" + PLAN
        await pilot.press("escape", "y")  # discard the q
        assert on_screen(app) is templates
        names = [info.name for info in templates.infos]
        steps = names.index(DEFAULT_TEMPLATE) - names.index("mine")
        await pilot.press(*["down" if steps > 0 else "up"] * abs(steps), "enter")
        example = app.screen
        assert isinstance(example, TemplateEditor) and example.read_only
        await pilot.press("q")  # nothing to type into: back
        assert on_screen(app) is templates
        assert app.is_running


async def test_export_types_q_in_the_file_name_and_moves_formats_with_j(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        export = app.screen
        assert isinstance(export, ExportScreen)
        assert focused_id(app) == "export-path"
        await pilot.press("end", "q")
        assert on_screen(app) is export
        assert export.path_input.value.endswith(".mdq")
        await pilot.press("backspace")  # the suggested name again: it follows the format
        await pilot.press("shift+tab")  # to the formats
        assert focused_id(app) == "export-formats"
        await pilot.press("j", "space")
        assert export.format == "csv"
        assert export.path_input.value.endswith(".csv")
        await pilot.press("k", "space")
        assert export.format == "md"
        await pilot.press("q")
        assert isinstance(app.screen, TodayScreen)
        assert app.is_running


# --- j and k move in every list -----------------------------------------------------------


async def test_j_and_k_move_in_the_templates_list(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    yours(paths, "mine")
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, TemplatesScreen) and len(screen.infos) > 2
        start = screen.table.cursor_row
        await pilot.press("j")
        assert screen.table.cursor_row == start + 1
        await pilot.press("j")
        assert screen.table.cursor_row == start + 2
        current = screen.current()
        assert current is not None and current.name == screen.infos[start + 2].name
        await pilot.press("k")
        assert screen.table.cursor_row == start + 1


async def test_j_and_k_move_the_days_of_the_review(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        heatmap = app.screen.query_one(Heatmap)
        assert heatmap.has_focus and heatmap.cursor == TODAY
        await pilot.press("k", "k")
        assert heatmap.cursor == TODAY - timedelta(days=2)
        await pilot.press("j")
        assert heatmap.cursor == TODAY - timedelta(days=1)


async def test_j_scrolls_the_help(paths: Paths, clock: FakeClock, plan_file: Path) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        keys = app.screen.query_one("#help-keys", VerticalScroll)
        assert keys.has_focus and keys.max_scroll_y > 0
        await pilot.press("j", "j")
        assert keys.scroll_y == 2
        await pilot.press("k")
        assert keys.scroll_y == 1


# --- delete is delete or D ----------------------------------------------------------------


async def test_D_asks_and_no_keeps_the_template_yes_deletes_it(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    path = yours(paths, "gone")
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=SIZE) as pilot:
        templates = await open_templates(app, pilot, "gone")
        await pilot.press("x")  # x exports on the checklist: here it does nothing
        assert app.screen is templates and path.exists()
        await pilot.press("D")
        assert isinstance(app.screen, Confirm)
        assert focused_id(app) == "no"
        await pilot.press("enter")  # the safe answer
        assert app.screen is templates and path.exists()
        await pilot.press("D", "y")
        await pilot.pause()
        assert app.screen is templates
        assert not path.exists()
        assert "gone" not in [info.name for info in templates.infos]
