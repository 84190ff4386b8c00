"""Forgiving dialogs (issue 16, findings 2 to 5), driven with the keys a person presses:
typing replaces a pre-filled value; a mistake is said under the field and the dialog stays
open with what was typed; an unlikely duration is asked about; the wrap-up asks before
throwing typed text away; and enter on a question never deletes or discards."""

from __future__ import annotations

import textwrap
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from planner.config import Paths, load_settings
from planner.core.ladder import Rung
from planner.core.model import Day, TaskState
from planner.core.timebox import unlikely_minutes
from planner.session.work import Session
from planner.store.days import Store
from planner.templates.library import DEFAULT_TEMPLATE
from planner.ui.app import PlannerApp
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.template_editor import TemplateEditor
from planner.ui.screens.templates import TemplatesScreen
from planner.ui.screens.today import TodayScreen
from planner.ui.screens.wrap_up import WrapUpScreen
from tests.helpers import PLAN, TODAY, FakeClock, make_app
from tests.test_look import run_command

SIZE = (150, 40)


def on_disk(paths: Paths) -> Day | None:
    return Store(paths.data_dir).load_day(TODAY)


def logged_minutes(paths: Paths, task_id: str = "scan") -> int:
    day = on_disk(paths)
    return 0 if day is None else day.task(task_id).seconds // 60


def prompt_of(app: PlannerApp) -> TextPrompt:
    screen = app.screen
    assert isinstance(screen, TextPrompt), screen
    return screen


def shown_error(prompt: TextPrompt) -> str:
    """The error under the field as the screen shows it ("" when there is none)."""
    label = prompt.query_one("#prompt-error", Label)
    return str(label.render()) if label.display and label.region.height else ""


def focused_id(app: PlannerApp) -> str | None:
    focused = app.screen.focused
    return focused.id if focused else None


def focused_answer(app: PlannerApp) -> str | None:
    """The answer with the focus when a question is open ("no": the safe one), else None."""
    return focused_id(app) if isinstance(app.screen, Confirm) else None


def app_on_settings(paths: Paths, clock: FakeClock) -> PlannerApp:
    """The app on the settings file as it is (the templates screen's tests use it)."""
    settings = load_settings(paths.config_file)
    return PlannerApp(session=Session(paths, settings, clock=clock), day=TODAY)


def mine(paths: Paths, name: str = "mine") -> Path:
    paths.template_dir.mkdir(parents=True, exist_ok=True)
    path = paths.template_dir / f"{name}.yaml"
    path.write_text(PLAN)
    return path


async def open_templates(app: PlannerApp, pilot: Pilot[None], select: str) -> TemplatesScreen:
    await pilot.press("T")
    screen = app.screen
    assert isinstance(screen, TemplatesScreen)
    names = [info.name for info in screen.infos]
    await pilot.press(*["down"] * names.index(select))
    current = screen.current()
    assert current is not None and current.name == select
    return screen


# --- 2. typing replaces a pre-filled value -------------------------------------------------


async def test_typing_over_the_logged_minutes_replaces_them(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", *"10", "enter")
        assert logged_minutes(paths) == 10
        await pilot.press("e")
        field = prompt_of(app).query_one(Input)
        assert field.value == "10" and field.selected_text == "10", "shown, and selected"
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert logged_minutes(paths) == 12, "12, not 1012"


async def test_a_new_template_name_and_a_rename_replace_the_suggestion(
    paths: Paths, clock: FakeClock
) -> None:
    app = app_on_settings(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, DEFAULT_TEMPLATE)
        await pilot.press("n")
        assert prompt_of(app).query_one(Input).value == f"my-{DEFAULT_TEMPLATE}"
        await pilot.press(*"light", "enter")
        await pilot.pause()
        assert (paths.template_dir / "light.yaml").is_file()
        assert not list(paths.template_dir.glob("my-*")), "the suggestion was replaced"
        await pilot.press("r")  # the new template has the cursor
        assert prompt_of(app).query_one(Input).value == "light"
        await pilot.press(*"friday", "enter")
        await pilot.pause()
    assert sorted(p.name for p in paths.template_dir.glob("*.yaml")) == ["friday.yaml"]


async def test_a_note_is_added_to_not_replaced(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("n", *"call Bob", "enter")
        await pilot.press("n", *" on Friday", "enter")
        await pilot.pause()
    day = on_disk(paths)
    assert day is not None and day.task("scan").note == "call Bob on Friday"


async def test_an_unlikely_duration_is_asked_about_and_enter_keeps_the_old_time(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", *"10", "enter")
        await pilot.press("e", "end", *"12", "enter")  # the slip of the report: 1012 minutes
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        question = str(confirm.query_one("#confirm-question", Label).render())
        assert "Log 16h52m on “Scan mentions”?" in question
        assert "more than 4h00m on one task" in question
        assert focused_id(app) == "no", "the safe answer has the focus"
        await pilot.press("enter")
        await pilot.pause()
        assert logged_minutes(paths) == 10, "nothing stored"
        field = prompt_of(app).query_one(Input)
        assert field.value == "1012", "back at the field, with the text as typed"
        await pilot.press(*"12", "enter")  # selected again: typing replaces it
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert logged_minutes(paths) == 12


async def test_y_saves_an_unlikely_duration_on_purpose(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", *"5h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert logged_minutes(paths) == 300


def test_unlikely_minutes_counts_time_boxes_and_the_day() -> None:
    tasks = [TaskState(id=name, title=name, rung=Rung.LISTEN) for name in "ab"]
    day = Day(date=TODAY, template="t", tasks=tasks, budget_minutes=120)
    assert unlikely_minutes(day, "a", 360) is None, "three boxes of 2h are fine"
    assert unlikely_minutes(day, "a", 361) == "that is more than 6h00m on one task"
    day.budget_minutes = 30
    assert unlikely_minutes(day, "a", 240) is None, "never below 4h"
    day.tasks[1].adjust_seconds = 20 * 3600
    assert "more than a day has" in (unlikely_minutes(day, "a", 5 * 60) or "")
    day.tasks[0].adjust_seconds = 8 * 3600
    assert unlikely_minutes(day, "a", 7 * 60) is None, "less than what is logged: not asked"


# --- 3. a mistake stays in the dialog, with what was typed ------------------------------------


async def test_minutes_that_are_not_a_duration_keep_the_dialog_open(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", *"abc", "enter")
        await pilot.pause()
        prompt = prompt_of(app)
        assert prompt.query_one(Input).value == "abc", "what was typed is still there"
        assert "'abc' is not a duration: use 15m, 1h30m or 90s" in shown_error(prompt)
        assert not app._notifications, "said under the field, not as a toast"
        assert logged_minutes(paths) == 0, "nothing stored"
        await pilot.press("backspace", "backspace", "backspace")
        assert shown_error(prompt) == "", "the message goes once the text changes"
        await pilot.press(*"25", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert logged_minutes(paths) == 25


async def test_too_long_a_duration_is_refused_in_the_dialog(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await pilot.press("e", *"9999", "enter")
        await pilot.pause()
        assert "is too long: one duration is at most 24h" in shown_error(prompt_of(app))
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
    assert logged_minutes(paths) == 0


async def test_go_to_a_date_that_is_not_one_stays_in_the_dialog(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test() as pilot:
        await run_command(pilot, "go to date")
        await pilot.press(*"2026-13-45", "enter")
        await pilot.pause()
        prompt = prompt_of(app)
        assert prompt.query_one(Input).value == "2026-13-45"
        assert "'2026-13-45' is not a date" in shown_error(prompt)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press(*"11-20", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen) and str(screen.date) == "2026-11-20"


async def test_a_template_name_that_is_taken_stays_in_the_dialog(
    paths: Paths, clock: FakeClock
) -> None:
    mine(paths, "light")
    app = app_on_settings(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, DEFAULT_TEMPLATE)
        await pilot.press("n", *"Light", "enter")
        await pilot.pause()
        prompt = prompt_of(app)
        assert "you already have a template 'light'" in shown_error(prompt)
        await pilot.press("ctrl+a", "ctrl+k", "enter")
        await pilot.pause()
        assert "Give the template a name" in shown_error(prompt)
        await pilot.press(*"Heavy", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
    assert sorted(p.name for p in paths.template_dir.glob("*.yaml")) == ["heavy.yaml", "light.yaml"]


async def test_weekdays_that_are_not_stay_in_the_dialog(paths: Paths, clock: FakeClock) -> None:
    mine(paths, "light")
    app = app_on_settings(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, "light")
        await pilot.press("w", *"fri sundy", "enter")
        await pilot.pause()
        assert "unknown weekday 'sundy'" in shown_error(prompt_of(app))
        await pilot.press("backspace", "backspace", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
    assert load_settings(paths.config_file).schedule == {"fri": "light", "sun": "light"}


# --- 4. the wrap-up asks before throwing typed text away ------------------------------------


async def test_escape_in_the_wrap_up_asks_before_losing_what_was_typed(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", *"Short posts", "escape")
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert "lose what you typed" in str(confirm.query_one("#confirm-question").render())
        assert focused_id(app) == "no"
        await pilot.press("enter")  # keep editing
        await pilot.pause()
        wrap_up = app.screen
        assert isinstance(wrap_up, WrapUpScreen)
        assert wrap_up.query_one("#wrap-worked", TextArea).text == "Short posts"
        await pilot.press("escape", "y")  # discard, on purpose
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    day = on_disk(paths)
    assert day is None or day.worked == "", "nothing stored"


async def test_escape_asks_when_a_wrap_up_shows_both_versions_of_a_field(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    first, second = make_app(paths, clock, plan_file), make_app(paths, clock, plan_file)
    async with first.run_test() as one, second.run_test() as two:
        await one.press("w")
        await two.press("w")
        await one.press(*"short posts", "ctrl+s")
        await one.pause()
        await two.press(*"long posts", "ctrl+s")  # reopened with both versions, not stored
        await two.pause()
        assert isinstance(second.screen, WrapUpScreen)
        await two.press("escape")  # nothing typed since, but "long posts" is not on disk
        assert isinstance(second.screen, Confirm)
        await two.press("y")
        await two.pause()
        assert isinstance(second.screen, TodayScreen)
    day = on_disk(paths)
    assert day is not None and day.worked == "short posts"


async def test_escape_in_an_untouched_wrap_up_closes_it_at_once(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", *"Short posts", "ctrl+s")
        await pilot.pause()
        await pilot.press("w", "escape")  # what is stored, unchanged: nothing to lose
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_a_reopened_wrap_up_puts_the_caret_after_the_text(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    app = make_app(paths, clock, plan_file)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("w", *"Short posts", "enter", *"work", "ctrl+s")
        await pilot.pause()
        await pilot.press("w", *" well", "ctrl+s")
        await pilot.pause()
    day = on_disk(paths)
    assert day is not None and day.worked == "Short posts\nwork well"


GOAL_PLAN = textwrap.dedent(
    """\
    name: Goal plan
    ladder:
      listen:
        - {title: Scan mentions, id: scan}
    goals:
      - {name: New leads, unit: leads, target: 3, per: week}
      - {name: Calls, unit: calls, target: 2, per: day}
    """
)


async def test_a_filled_goal_box_keeps_its_label(
    paths: Paths, clock: FakeClock, tmp_path: Path
) -> None:
    plan = tmp_path / "goals.yaml"
    plan.write_text(GOAL_PLAN)
    app = make_app(paths, clock, plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "tab", "tab", "tab", "tab", *"2", "tab", *"1")
        screen = app.screen
        assert isinstance(screen, WrapUpScreen)
        boxes = [screen.query_one(f"#wrap-measure-{n}", Input) for n in (0, 1)]
        assert [box.value for box in boxes] == ["2", "1"], "the placeholders are gone"
        labels = [label for label in screen.query(".wrap-unit").results(Label)]
        assert [str(label.render()) for label in labels] == ["leads", "calls"]
        for label, box in zip(labels, boxes, strict=True):
            assert label.region.height == 1 and label.region.right <= box.region.x
            assert box.region.y < label.region.y < box.region.bottom, "beside its box"
        await pilot.press("ctrl+s")
        await pilot.pause()
    day = on_disk(paths)
    assert day is not None and day.measurements == {"leads": 2.0, "calls": 1.0}


# --- 5. enter on a question never deletes or discards ---------------------------------------


async def test_enter_on_delete_keeps_the_template(paths: Paths, clock: FakeClock) -> None:
    path = mine(paths, "light")
    app = app_on_settings(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, "light")
        await pilot.press("delete")
        assert focused_answer(app) == "no"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert path.is_file(), "nothing deleted"
        await pilot.press("delete", "y")  # y still deletes, explicitly
        await pilot.pause()
        assert not path.exists()


async def test_enter_on_discard_keeps_editing(paths: Paths, clock: FakeClock) -> None:
    path = mine(paths, "light")
    app = app_on_settings(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, "light")
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, TemplateEditor)
        await pilot.press("number_sign", "enter", "escape")
        assert focused_answer(app) == "no"
        await pilot.press("enter")
        await pilot.pause()
        assert editor.area.text == "#\n" + PLAN and app.screen is editor, "still editing"
        assert path.read_text() == PLAN
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text() == "#\n" + PLAN
