"""The templates screen, the in-app editor and the checklist's template keys, driven with
Pilot: keys in, then the screen, the template files and the settings file checked."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from planner.config import Paths, Settings, load_settings, save_setting
from planner.core.model import Status
from planner.core.plan import skip
from planner.session.work import Session
from planner.store.files import backup_path
from planner.templates.library import DEFAULT_TEMPLATE, examples_dir
from planner.ui.app import PlannerApp
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.template_editor import TemplateEditor, YamlArea
from planner.ui.screens.templates import TemplatesScreen
from planner.ui.screens.today import TodayScreen
from tests.helpers import PLAN, TODAY, FakeClock

SIZE = (150, 40)
EXAMPLE = examples_dir() / f"{DEFAULT_TEMPLATE}.yaml"


def app_for(paths: Paths, clock: FakeClock, choice: str | None = None) -> PlannerApp:
    """The app on the settings file as it is (default template unless ``choice``)."""
    session = Session(paths, load_settings(paths.config_file), template_choice=choice, clock=clock)
    return PlannerApp(session=session, day=TODAY)


def messages(app: PlannerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def mine(paths: Paths, name: str = "mine", text: str = PLAN) -> Path:
    paths.template_dir.mkdir(parents=True, exist_ok=True)
    path = paths.template_dir / f"{name}.yaml"
    path.write_text(text)
    return path


async def open_templates(app: PlannerApp, pilot: Pilot[None], select: str) -> TemplatesScreen:
    await pilot.press("T")
    screen = app.screen
    assert isinstance(screen, TemplatesScreen)
    names = [info.name for info in screen.infos]
    screen.table.move_cursor(row=names.index(select))
    await pilot.pause()
    return screen


async def answer(pilot: Pilot[None], text: str) -> None:
    """Replace the text of the open TextPrompt and press enter."""
    app = pilot.app
    assert isinstance(app.screen, TextPrompt)
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


# --- the list -----------------------------------------------------------------------------


async def test_the_list_shows_templates_with_their_facts(paths: Paths, clock: FakeClock) -> None:
    mine(paths, "broken", "name: B\nladder:\n  lisen: [a]\n")
    mine(paths, "light")
    save_setting(paths.config_file, "schedule", {"fri": "light", "sat": "light"})
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, "broken")
        table = screen.query_one(DataTable)
        rows = {str(table.get_row_at(i)[0]): table.get_row_at(i) for i in range(table.row_count)}
        assert set(rows) == {"broken", "light", DEFAULT_TEMPLATE, "linkedin-b2b", "content-creator"}
        assert [str(cell) for cell in rows["light"]] == [
            "light", "5", "5/30", "yes", "", "fri sat", "yours",
        ]  # fmt: skip
        assert str(rows["broken"][3]) == "NO"
        assert str(rows[DEFAULT_TEMPLATE][4]) == "default"
        detail = str(screen.query_one("#templates-detail", Static).render())
        assert "unknown rung 'lisen'" in detail
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_make_default_writes_the_setting(paths: Paths, clock: FakeClock) -> None:
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, "linkedin-b2b")
        await pilot.press("d")
        assert load_settings(paths.config_file).default_template == "linkedin-b2b"
        assert app.screen is screen
        assert [info.name for info in screen.infos if info.is_default] == ["linkedin-b2b"]


async def test_new_from_an_example_copies_it_into_the_users_folder(
    paths: Paths, clock: FakeClock
) -> None:
    before = EXAMPLE.read_bytes()
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, DEFAULT_TEMPLATE)
        await pilot.press("n")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert prompt.query_one(Input).value == f"my-{DEFAULT_TEMPLATE}"
        await answer(pilot, "Light Friday")
        made = paths.template_dir / "light-friday.yaml"
        assert made.is_file() and "name: Light Friday" in made.read_text()
        assert EXAMPLE.read_bytes() == before
        current = screen.current()
        assert current is not None and current.name == "light-friday"


async def test_duplicate_and_rename_follow_the_settings(paths: Paths, clock: FakeClock) -> None:
    mine(paths, "light")
    save_setting(paths.config_file, "default_template", "light")
    save_setting(paths.config_file, "schedule", {"fri": "light"})
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, "light")
        await pilot.press("c")
        await answer(pilot, "light-copy")
        assert (paths.template_dir / "light-copy.yaml").is_file()
        assert (paths.template_dir / "light.yaml").is_file()

        await open_templates_again(app, pilot, "light")
        await pilot.press("r")
        await answer(pilot, "friday")
        assert not (paths.template_dir / "light.yaml").exists()
        assert "name: friday" in (paths.template_dir / "friday.yaml").read_text()
        settings = load_settings(paths.config_file)
        assert (settings.default_template, settings.schedule) == ("friday", {"fri": "friday"})


async def open_templates_again(app: PlannerApp, pilot: Pilot[None], select: str) -> None:
    screen = app.screen
    assert isinstance(screen, TemplatesScreen)
    screen.table.move_cursor(row=[info.name for info in screen.infos].index(select))
    await pilot.pause()


async def test_delete_asks_first_and_shipped_ones_stay(paths: Paths, clock: FakeClock) -> None:
    path = mine(paths, "gone")
    save_setting(paths.config_file, "schedule", {"mon": "gone", "fri": "linkedin-b2b"})
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_templates(app, pilot, "gone")
        await pilot.press("delete")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert path.exists()
        await pilot.press("D")  # delete or D (x exports, on the checklist)
        await pilot.press("y")
        await pilot.pause()
        assert not path.exists()
        assert load_settings(paths.config_file).schedule == {"fri": "linkedin-b2b"}
        await open_templates_again(app, pilot, DEFAULT_TEMPLATE)
        await pilot.press("delete")
        assert not isinstance(app.screen, Confirm) and EXAMPLE.exists()
        assert any("cannot be deleted" in m for m in messages(app))


async def test_weekdays_write_the_schedule(paths: Paths, clock: FakeClock) -> None:
    mine(paths, "light")
    save_setting(paths.config_file, "schedule", {"mon": "linkedin-b2b", "fri": "content-creator"})
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, "light")
        await pilot.press("w")
        await answer(pilot, "fri, sat")
        assert load_settings(paths.config_file).schedule == {
            "mon": "linkedin-b2b", "fri": "light", "sat": "light",
        }  # fmt: skip
        current = screen.current()
        assert current is not None and current.weekdays == ("fri", "sat")
        await pilot.press("w")
        await answer(pilot, "fry")
        prompt = app.screen  # still open, the reason under the field
        assert isinstance(prompt, TextPrompt) and "unknown weekday 'fry'" in prompt.error
        assert load_settings(paths.config_file).schedule["fri"] == "light"


async def test_drift_is_shown_for_the_selected_template(
    paths: Paths, clock: FakeClock, plan_file: Path
) -> None:
    path = mine(paths, "light")
    session = Session(paths, Settings(), template_choice=str(path), clock=clock)
    for days_ago in (1, 2, 3):
        day = TODAY - timedelta(days=days_ago)
        session.open_day(day)
        session.change_task(day, "follow", lambda task: skip(task, "", clock.now))
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, "light")
        table = screen.query_one("#templates-drift", DataTable)
        rows = {str(key.value): [str(cell) for cell in table.get_row(key)] for key in table.rows}
        assert rows["follow"] == ["Follow up proposals", "3", "0", "3", "0", "drop?"]
        assert rows["scan"] == ["Scan mentions", "3", "0", "0", "3", ""]
        assert "skipped on most days" in str(screen.query_one("#templates-detail", Static).render())


# --- the in-app editor ----------------------------------------------------------------------


async def open_editor(app: PlannerApp, pilot: Pilot[None], select: str) -> TemplateEditor:
    await open_templates(app, pilot, select)
    await pilot.press("enter")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, TemplateEditor)
    return editor


async def test_the_editor_checks_as_you_type_and_refuses_to_save_errors(
    paths: Paths, clock: FakeClock
) -> None:
    path = mine(paths, "light")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "light")
        area = editor.query_one(YamlArea)
        assert area.show_line_numbers and area.language == "yaml"
        assert "No problems." in str(editor.query_one("#editor-problems", Static).render())
        area.move_cursor((3, 4))  # line 4: "  listen:" -> "  lixsten:"
        await pilot.press("x")
        await pilot.pause(0.5)  # the check waits for typing to pause
        problems = str(editor.query_one("#editor-problems", Static).render())
        assert "4:3: error: unknown rung 'lixsten'" in problems
        assert area.problem_lines == {3}
        await pilot.press("ctrl+s")
        assert path.read_text() == PLAN  # refused
        assert not backup_path(path).exists()
        assert any("Not saved" in m and "4:3" in m for m in messages(app))

        await pilot.press("backspace")
        await pilot.press("ctrl+s")
        assert area.problem_lines == frozenset()
        assert path.read_text() == PLAN  # the same text, saved
        area.move_cursor((0, 0))
        await pilot.press("number_sign", "enter")  # a comment line above the rest
        await pilot.press("ctrl+s")
        assert path.read_text() == "#\n" + PLAN
        assert backup_path(path).read_text() == PLAN
        await pilot.press("escape")  # nothing unsaved: leaves at once
        assert isinstance(app.screen, TemplatesScreen)


async def test_leaving_with_unsaved_changes_asks(paths: Paths, clock: FakeClock) -> None:
    path = mine(paths, "light")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "light")
        await pilot.press("number_sign")
        await pilot.press("escape")
        confirm = app.screen  # narrowed as a local: the keys below change app.screen
        assert isinstance(confirm, Confirm)
        await pilot.press("n")  # keep editing
        assert app.screen is editor and editor.area.text == "#" + PLAN
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
        assert path.read_text() == PLAN


async def test_quitting_with_unsaved_changes_asks(paths: Paths, clock: FakeClock) -> None:
    path = mine(paths, "light")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "light")
        await pilot.press("number_sign", "ctrl+q")
        confirm = app.screen  # narrowed as a local: the keys below change app.screen
        assert isinstance(confirm, Confirm)
        await pilot.press("n")  # keep editing
        assert app.screen is editor and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    assert path.read_text() == PLAN


async def test_shipped_examples_open_read_only(paths: Paths, clock: FakeClock) -> None:
    before = EXAMPLE.read_bytes()
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, DEFAULT_TEMPLATE)
        assert editor.area.read_only
        await pilot.press("x", "ctrl+s")
        assert EXAMPLE.read_bytes() == before
        assert any("never changed" in m for m in messages(app))


# --- $EDITOR, the watch on the day's template, start-up, sync -----------------------------


@pytest.fixture
def editor_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$VISUAL: a script that writes the contents of ``<tmp>/next.yaml`` into the file."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        f"text = pathlib.Path({str(tmp_path / 'next.yaml')!r}).read_text()\n"
        "pathlib.Path(sys.argv[1]).write_text(text)\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    return tmp_path / "next.yaml"


async def test_e_edits_the_days_template_in_the_users_editor(
    paths: Paths, clock: FakeClock, editor_script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mine(paths, "light")
    save_setting(paths.config_file, "default_template", "light")
    editor_script.write_text(PLAN.replace("Pilot plan", "Edited plan"))
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)  # a headless driver cannot suspend
        await pilot.press("E")
        assert "Edited plan" in path.read_text()
        assert any("light.yaml: ok (5 tasks)" in m for m in messages(app))
        editor_script.write_text(PLAN.replace("minutes: 5", "minutes: lots"))
        await pilot.press("E")
        assert any(f"{path}:5:" in m and "whole number" in m for m in messages(app))


async def test_e_on_a_shipped_template_edits_a_copy(
    paths: Paths, clock: FakeClock, editor_script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = EXAMPLE.read_bytes()
    editor_script.write_text(PLAN)
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "suspend", nullcontext)
        await pilot.press("E")
        assert EXAMPLE.read_bytes() == before
        assert (paths.template_dir / f"{DEFAULT_TEMPLATE}.yaml").read_text() == PLAN


def real_suspend(app: PlannerApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Let Textual's own ``App.suspend()`` run under the headless test driver, which says it
    cannot suspend: the driver then stops and restarts application mode around the block,
    and the app publishes its suspend and resume signals, recorded in the list returned."""
    driver = app._driver
    assert driver is not None
    monkeypatch.setattr(type(driver), "can_suspend", property(lambda self: True))
    signals: list[str] = []
    app.app_suspend_signal.subscribe(app, lambda _: signals.append("suspend"), immediate=True)
    app.app_resume_signal.subscribe(app, lambda _: signals.append("resume"), immediate=True)
    return signals


def no_editor(monkeypatch: pytest.MonkeyPatch, setting: str | None) -> str:
    """$VISUAL unset and $EDITOR set to ``setting`` (unset when None); what planner says."""
    monkeypatch.delenv("VISUAL", raising=False)
    if setting is None:
        monkeypatch.delenv("EDITOR", raising=False)
        return "set $VISUAL or $EDITOR to the editor to use (e.g. export EDITOR=nano)"
    monkeypatch.setenv("EDITOR", setting)
    return f"cannot find the editor {setting!r} ($EDITOR): set $EDITOR to an installed editor"


async def done_after_j_space(app: PlannerApp, pilot: Pilot[None]) -> list[str]:
    """Press j and space on the checklist; the titles of the tasks stored as done."""
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    await pilot.press("j", "space")
    await pilot.pause()
    stored = screen.session.store.load_day(TODAY)
    assert stored is not None
    return [task.title for task in stored.tasks if task.status is Status.DONE]


@pytest.mark.parametrize("setting", [None, "no-such-editor-here", "/no/such/dir/vim"])
async def test_e_without_a_usable_editor_says_what_to_set_and_copies_nothing(
    paths: Paths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, setting: str | None
) -> None:
    said = no_editor(monkeypatch, setting)
    before = EXAMPLE.read_bytes()
    app = app_for(paths, clock)  # on the shipped default: E would copy it first
    async with app.run_test(size=SIZE) as pilot:
        signals = real_suspend(app, monkeypatch)
        await pilot.press("E")
        await pilot.pause()
        assert any(said in m for m in messages(app)), messages(app)
        assert signals == []  # never handed the terminal over
        assert isinstance(app.screen, TodayScreen)
        titles = [task.title for task in app.screen.day.tasks]
        assert await done_after_j_space(app, pilot) == [titles[1]]  # still answers keys
    assert EXAMPLE.read_bytes() == before
    assert not paths.template_dir.exists() or not any(paths.template_dir.iterdir())


async def test_e_with_a_failing_editor_reports_its_status_and_resumes(
    paths: Paths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mine(paths, "light")
    save_setting(paths.config_file, "default_template", "light")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        signals = real_suspend(app, monkeypatch)
        await pilot.press("E")
        await pilot.pause()
        assert signals == ["suspend", "resume"]
        assert any("the editor exited with status 1" in m for m in messages(app))
        assert any("light.yaml: ok (5 tasks)" in m for m in messages(app))  # checked anyway
        assert await done_after_j_space(app, pilot) == ["Read the news"]
    assert path.read_text() == PLAN


async def test_e_with_an_editor_that_cannot_start_resumes(
    paths: Paths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    mine(paths, "light")
    save_setting(paths.config_file, "default_template", "light")
    editor = tmp_path / "editor"
    editor.write_bytes(b"\x7fELF not really\n")  # executable, but the system cannot run it
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        signals = real_suspend(app, monkeypatch)
        await pilot.press("E")
        await pilot.pause()
        assert signals == ["suspend", "resume"]
        assert any(f"cannot start the editor {str(editor)!r}" in m for m in messages(app))
        assert not any("Template checked" in m for m in messages(app))
        assert await done_after_j_space(app, pilot) == ["Read the news"]


async def test_e_with_a_working_editor_suspends_and_checks_the_file(
    paths: Paths, clock: FakeClock, editor_script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = mine(paths, "light")
    save_setting(paths.config_file, "default_template", "light")
    editor_script.write_text(PLAN.replace("Pilot plan", "Edited plan"))
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        signals = real_suspend(app, monkeypatch)
        await pilot.press("E")
        await pilot.pause()
        assert signals == ["suspend", "resume"]
        assert "Edited plan" in path.read_text()
        assert any("light.yaml: ok (5 tasks)" in m for m in messages(app))
        assert not any("Editor" in n.title for n in app._notifications)


@pytest.mark.parametrize("setting", [None, "no-such-editor-here"])
async def test_e_on_the_templates_screen_without_an_editor_keeps_the_screen(
    paths: Paths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, setting: str | None
) -> None:
    said = no_editor(monkeypatch, setting)
    path = mine(paths, "light")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        signals = real_suspend(app, monkeypatch)
        screen = await open_templates(app, pilot, "light")
        row = screen.table.cursor_row
        await pilot.press("E")
        await pilot.pause()
        assert any(said in m for m in messages(app)), messages(app)
        assert signals == [] and app.screen is screen
        await pilot.press("down")
        assert screen.table.cursor_row == row + 1
    assert path.read_text() == PLAN


async def test_e_on_the_templates_screen_with_a_failing_editor_resumes(
    paths: Paths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine(paths, "light")
    monkeypatch.setenv("VISUAL", "/bin/false")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        signals = real_suspend(app, monkeypatch)
        screen = await open_templates(app, pilot, "light")
        await pilot.press("E")
        await pilot.pause()
        assert signals == ["suspend", "resume"] and app.screen is screen
        assert any("the editor exited with status 1" in m for m in messages(app))


async def test_a_template_changed_on_disk_is_reloaded_or_reported(
    paths: Paths, clock: FakeClock
) -> None:
    path = mine(paths, "light")
    app = app_for(paths, clock, choice="light")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        session = screen.session
        path.write_text(PLAN.replace("Pilot plan", "Renamed plan"))
        screen.watch_template()  # what the 2-second poll runs
        await pilot.pause()
        assert any("'Renamed plan' changed on disk and was reloaded" in m for m in messages(app))
        assert session.template_for(TODAY).name == "Renamed plan"

        path.write_text(PLAN.replace("listen:", "lisen:"))
        screen.watch_template()
        await pilot.pause()
        assert any(f"{path}:4:3: error: unknown rung 'lisen'" in m for m in messages(app))
        assert session.template_for(TODAY).name == "Renamed plan"  # the last good one
        count = len(messages(app))
        screen.watch_template()  # unchanged since: nothing more to say
        assert len(messages(app)) == count


async def test_a_broken_template_at_start_up_runs_on_the_last_good_one(
    paths: Paths, clock: FakeClock
) -> None:
    path = mine(paths, "light")
    Session(paths, Settings(), template_choice="light", clock=clock).template_for(TODAY)
    path.write_text(PLAN.replace("listen:", "lisen:"))
    app = app_for(paths, clock, choice="light")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.day.template == "Pilot plan"
        assert any("unknown rung 'lisen'" in m and "last good" in m for m in messages(app))
    assert app.return_code in (None, 0)


async def test_s_syncs_today_after_a_confirmation(paths: Paths, clock: FakeClock) -> None:
    path = mine(paths, "light")
    app = app_for(paths, clock, choice="light")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await pilot.press("space")  # scan done
        path.write_text(PLAN.replace("- {title: Read the news, id: news}", "- New task"))
        await pilot.press("S")
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        question = str(confirm.query_one("#confirm-question").render())
        assert "+ New task" in question and "- Read the news" in question
        await pilot.press("y")
        await pilot.pause()
        stored = screen.session.store.load_day(TODAY)
        assert stored is not None
        ids = [task.id for task in stored.tasks]
        assert "read-new-task" in ids and "news" not in ids
        assert stored.task("scan").status is Status.DONE
        assert [t.id for t in screen.day.tasks] == ids


async def test_the_template_keys_are_in_the_command_palette(paths: Paths, clock: FakeClock) -> None:
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE):
        commands = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Templates", "Edit template in $EDITOR", "Sync with template"):
            assert any(title in str(command) for command in commands), commands
