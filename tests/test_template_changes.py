"""Changing templates from the app, as a person does it: the sync preview says what changes
in each task's plan, a rename reaches the checklist's header and takes the backup along, a
new template's drift starts empty, and the editor's Enter keeps the indentation."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Static

from planner.config import Paths, Settings, save_setting
from planner.core.plan import skip
from planner.session.work import Session
from planner.store.files import backup_path
from planner.templates.library import DEFAULT_TEMPLATE
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.template_editor import YamlArea
from planner.ui.screens.templates import TemplatesScreen
from planner.ui.screens.today import TodayScreen
from tests.helpers import PLAN, TODAY, FakeClock
from tests.test_templates_screen import SIZE, answer, app_for, mine, open_editor, open_templates


async def test_the_sync_preview_says_what_changes_in_a_tasks_plan(
    paths: Paths, clock: FakeClock
) -> None:
    path = mine(paths, "light")
    app = app_for(paths, clock, choice="light")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # scan done: its work is kept
        path.write_text(
            PLAN.replace("id: scan, minutes: 5", "id: scan, minutes: 8").replace(
                "target: 3", "target: 5"
            )
        )
        await pilot.press("S")
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        question = str(confirm.query_one("#confirm-question").render())
        assert "~ Scan mentions: minutes 5m → 8m; work kept" in question
        assert "~ Comment on posts: target 3 → 5; work kept" in question
        assert "plan changed" not in question


async def test_a_rename_reaches_the_header_and_takes_the_backup_along(
    paths: Paths, clock: FakeClock
) -> None:
    path = mine(paths, "light")
    backup_path(path).write_text(PLAN.replace("Pilot plan", "Older plan"))
    save_setting(paths.config_file, "default_template", "light")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        checklist = app.screen
        assert isinstance(checklist, TodayScreen)
        assert "Pilot plan" in str(checklist.query_one("#day-header").render())
        await open_templates(app, pilot, "light")
        await pilot.press("r")
        await answer(pilot, "Weekday push")
        renamed = paths.template_dir / "weekday-push.yaml"
        assert renamed.is_file() and not path.exists()
        assert backup_path(renamed).read_text() == PLAN.replace("Pilot plan", "Older plan")
        assert not backup_path(path).exists()  # nothing left behind
        stored = checklist.session.load_day(TODAY)
        assert stored is not None
        assert (stored.template, stored.template_source) == (
            "Weekday push",
            "templates/weekday-push.yaml",
        )
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        checklist.look_outside()  # the checklist's poll of the day file (every 2 s)
        await pilot.pause()
        assert "Weekday push" in str(checklist.query_one("#day-header").render())


async def test_a_new_templates_drift_holds_only_its_own_days(
    paths: Paths, clock: FakeClock
) -> None:
    # A week of the default template with a task skipped every day.
    session = Session(paths, Settings(), clock=clock)
    for days_ago in range(1, 8):
        day = TODAY - timedelta(days=days_ago)
        view = session.open_day(day)
        first = view.day.tasks[0].id
        session.change_task(day, first, lambda task: skip(task, "", clock.now))
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_templates(app, pilot, DEFAULT_TEMPLATE)
        drift = screen.query_one("#templates-drift", DataTable)
        assert drift.display and "drop?" in [str(c) for c in drift.get_row_at(0)]
        await pilot.press("n")  # a new template of yours, copied from the example
        await answer(pilot, "My hour")
        assert isinstance(app.screen, TemplatesScreen)
        current = screen.current()
        assert current is not None and current.name == "my-hour"
        planned = [str(drift.get_row_at(row)[1]) for row in range(drift.row_count)]
        assert set(planned) <= {"0"}  # the example's days are not this template's
        detail = str(screen.query_one("#templates-detail", Static).render())
        assert "skipped on most days" not in detail


async def test_enter_in_the_editor_keeps_the_indentation(paths: Paths, clock: FakeClock) -> None:
    mine(paths, "light")
    app = app_for(paths, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "light")
        area = editor.query_one(YamlArea)
        row = area.text.splitlines().index("    - {title: Follow up proposals, id: follow}")
        area.move_cursor((row, len(area.document[row])))
        await pilot.press("enter", *"- {title: Call back, id: call}")
        assert area.document[row + 1] == "    - {title: Call back, id: call}"
        area.move_cursor((row, 2))  # inside the indentation: only what is left of the cursor
        await pilot.press("enter")
        assert area.document[row] == "  " and area.document[row + 1].startswith("    - {title")
