"""The templates screen (`T`): the shipped examples and the user's templates, what each holds,
which one is the default and which weekdays use it; from here a template is copied,
renamed, deleted, scheduled, or opened in the in-app editor or the user's own editor.

The settings' ``schedule:`` is the one place that says which template a weekday uses; this
screen shows and edits it (``w``). Renaming or deleting a template updates the settings
that name it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from planner.core.model import Day
from planner.errors import PlannerError
from planner.session.work import Session
from planner.templates.library import (
    DEFAULT_TEMPLATE,
    LibraryError,
    copy_template,
    delete_template,
    examples_dir,
    portable_source,
    rename_template,
    user_path,
)
from planner.templates.listing import TemplateInfo, describe_templates
from planner.templates.names import same_template
from planner.templates.schedule import (
    ScheduleError,
    parse_weekdays,
    schedule_renamed,
    schedule_with,
)
from planner.ui.screens.confirm import Confirm
from planner.ui.screens.day_template import edit_outside
from planner.ui.screens.prompt import TextPrompt
from planner.ui.screens.template_playbook import ask_playbook, strategy_lines
from planner.ui.widgets.lists import ListTable

COLUMNS = ("Name", "Tasks", "Min/budget", "Valid", "Default", "Days", "From")
DRIFT_COLUMNS = ("Task", "Planned", "Done", "Skipped", "Open", "")


def weekdays_problem(text: str) -> str | None:
    """What is wrong with the weekdays typed (an unknown word), or None."""
    try:
        parse_weekdays(text)
    except ScheduleError as error:
        return str(error)
    return None


def _binding(
    key: str, action: str, description: str, tooltip: str, *, show: bool = True
) -> Binding:
    binding_id = f"templates-{action.replace('_', '-')}"  # e.g. templates-make-default
    return Binding(key, action, description, id=binding_id, tooltip=tooltip, show=show)


class TemplatesScreen(Screen[None]):
    """Lists templates; every action writes at once and the list is read again."""

    CSS_PATH = "templates.tcss"
    # Below 130 columns the details go under the list, so neither is cut short.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]  # noqa: RUF012 - as Textual's

    BINDINGS: ClassVar[list[BindingType]] = [
        _binding("d", "make_default", "Default", "Use the template on days the schedule leaves"),
        _binding("n", "new", "New", "A new template of yours, copied from the example"),
        # Not in the footer (it would not fit 80 columns): `?` and the palette list them.
        _binding("c", "duplicate", "Duplicate", "A copy under a new name", show=False),
        _binding("r", "rename", "Rename", "Rename one of your templates", show=False),
        # Not x, which exports on the checklist.
        _binding("delete,D", "delete", "Delete", "Delete one of your templates (asks first)"),
        _binding("enter", "edit", "Edit", "Open the template in the in-app editor"),
        _binding("E", "edit_outside", "$EDITOR", "Open the template in $VISUAL / $EDITOR"),
        _binding("w", "schedule", "Weekdays", "Choose the weekdays this template is used on"),
        _binding(
            "p", "playbook", "Playbook", "Write the template as a Markdown playbook", show=False
        ),
        # As on every screen but the checklist: escape or q goes back (q does not quit).
        _binding("escape,q", "back", "Back", "Back to the checklist", show=False),
    ]

    def __init__(self, session: Session, day: date) -> None:
        super().__init__()
        self.session = session
        self.date = day
        self.infos: list[TemplateInfo] = []
        self._recent_days: list[Day] | None = None

    def compose(self) -> ComposeResult:
        yield Label("[b]Templates[/]", id="templates-title")
        with Horizontal(id="templates-body"):
            table: DataTable[str | Text] = ListTable(id="templates-table", cursor_type="row")
            yield table
            with Vertical(id="templates-detail-box"):
                yield Static(id="templates-detail")
                drift: DataTable[str | Text] = DataTable(
                    id="templates-drift", cursor_type="none", zebra_stripes=True
                )
                drift.can_focus = False
                yield drift
        yield Footer()

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#templates-table", DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)
        self.query_one("#templates-drift", DataTable).add_columns(*DRIFT_COLUMNS)
        self.reload()
        self.table.focus()

    def reload(self, select: str | None = None) -> None:
        """Read the templates again; keep the cursor on ``select`` (a name) or where it was."""
        settings = self.session.settings
        current = self.current()
        wanted = select or (current.name if current else None)
        self.infos = describe_templates(
            self.session.paths.template_dir, settings.default_template, settings.schedule
        )
        table = self.table
        table.clear()
        for info in self.infos:
            budget = f"{info.planned_minutes}/{info.budget_minutes}" if info.valid else "-"
            table.add_row(
                info.name,
                str(info.task_count) if info.valid else "-",
                Text(budget, style="bold" if info.over_budget else ""),
                "yes" if info.valid else Text("NO", style="bold"),
                "default" if info.is_default else "",
                " ".join(info.weekdays),
                "yours" if info.is_user else "shipped",
                key=info.name,
            )
        names = [info.name for info in self.infos]
        if wanted in names:
            table.move_cursor(row=names.index(wanted))
        self.show_detail()

    def current(self) -> TemplateInfo | None:
        if not self.infos or not self.is_mounted:
            return None
        row = self.table.cursor_row
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def show_detail(self) -> None:
        info = self.current()
        detail = self.query_one("#templates-detail", Static)
        if info is None:
            detail.update("No templates.")
            return
        where = (
            str(info.path).replace(str(Path.home()), "~", 1)
            if info.is_user
            else "Shipped example, read-only: n starts your own copy."
        )
        lines = [Text(info.title, style="bold"), Text(info.description), Text(where, style="dim")]
        lines += strategy_lines(info.template)
        if info.problems:
            lines += [Text(""), Text("Problems:", style="bold"), *map(Text, info.problems)]
        table = self.query_one("#templates-drift", DataTable)
        table.clear()
        today = self.session.today()
        if self._recent_days is None:  # read once a visit, not on every cursor move
            self._recent_days = self.session.recent_days(today)
        drift = self.session.drift(info.template, today, self._recent_days) if info.template else []
        table.display = bool(drift)
        if drift:
            lines += [Text(""), Text("The last 30 days, task by task:", style="bold")]
        for task in drift:
            drop = Text("drop?", style="bold") if task.drop_candidate else Text("")
            counts = (task.planned, task.done, task.skipped, task.left_open)
            table.add_row(task.title, *map(str, counts), drop, key=task.task_id)
        if any(task.drop_candidate for task in drift):
            lines.append(Text("drop? = skipped on most days it was planned", style="italic"))
        detail.update(Text("\n").join(lines))

    # --- actions ---------------------------------------------------------------------

    def _do(self, work: str, action: Callable[[], object]) -> bool:
        """Run a file action, telling the user when it fails; True when it worked."""
        try:
            action()
        except (PlannerError, OSError) as error:
            self.notify(str(error), title=f"Not {work}", severity="error", timeout=10)
            return False
        return True

    def _ask_name(self, question: str, value: str, then: Callable[[str], None]) -> None:
        """Ask a template name (``value`` selected); a blank or taken one is said under the
        field and the dialog stays open."""

        def validate(text: str) -> str | None:
            if not text.strip():
                return "Give the template a name (escape: cancel)."
            try:
                user_path(self.session.paths.template_dir, text.strip())
            except LibraryError as error:
                return str(error)
            return None

        def answered(text: str | None) -> None:
            if text is not None:
                then(text.strip())

        self.app.push_screen(TextPrompt(question, value=value, validate=validate), answered)

    def action_make_default(self) -> None:
        info = self.current()
        if info is None:
            return
        if self._do("saved", lambda: self.session.update_setting("default_template", info.name)):
            self.notify(f"'{info.name}' is the default template now.")
            self.reload()

    def action_new(self) -> None:
        info = self.current()
        source = info.path if info and not info.is_user else examples_dir() / DEFAULT_TEMPLATE
        source = source if source.suffix else source.with_suffix(".yaml")
        self._copy(source, f"my-{source.stem}", "New template from the example")

    def action_duplicate(self) -> None:
        info = self.current()
        if info is not None:
            self._copy(info.path, f"{info.name}-copy", f"Duplicate '{info.name}' as")

    def _copy(self, source: Path, suggested: str, question: str) -> None:
        def create(name: str) -> None:
            made: list[Path] = []
            user_dir = self.session.paths.template_dir
            if self._do("created", lambda: made.append(copy_template(source, user_dir, name))):
                self.notify(f"Created {made[0]}.")
                self.reload(select=made[0].stem)

        self._ask_name(f"{question} (name):", suggested, create)

    def action_rename(self) -> None:
        info = self.current()
        if info is None:
            return
        if not info.is_user:
            self.notify("A shipped example cannot be renamed: duplicate it.", severity="warning")
            return

        def rename(name: str) -> None:
            made: list[Path] = []
            user_dir = self.session.paths.template_dir
            was = portable_source(info.path, user_dir)
            if self._do("renamed", lambda: made.append(rename_template(info.path, user_dir, name))):
                self._settings_after(info.name, made[0].stem)
                self._day_after_rename(was, name, portable_source(made[0], user_dir))
                self.notify(f"Renamed to {made[0].name}.")
                self.reload(select=made[0].stem)

        self._ask_name(f"Rename '{info.name}' to:", info.name, rename)

    def action_delete(self) -> None:
        info = self.current()
        if info is None:
            return
        if not info.is_user:
            self.notify("A shipped example cannot be deleted.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes and self._do("deleted", lambda: delete_template(info.path)):
                self._settings_after(info.name, None)
                self.notify(f"Deleted {info.path.name}.")
                self.reload()

        question = f"Delete your template '{info.name}' ({info.path})? This cannot be undone."
        self.app.push_screen(Confirm(question, yes="Delete", no="Keep it", danger=True), answered)

    def _day_after_rename(self, was: str, name: str, source: str) -> None:
        """The day this screen was opened from, when made from the renamed file, takes the
        template's new name and file (its header shows the name); other days keep theirs."""
        stored = self.session.load_day(self.date)
        if stored is None or stored.template_source != was:
            return

        def follow(day: Day) -> None:
            if day.template_source == was:  # as it is on disk now
                day.template, day.template_source = name, source

        self._do("saved", lambda: self.session.change_day(self.date, follow))

    def _settings_after(self, old: str, new: str | None) -> None:
        """Settings that named ``old`` name ``new`` now (or nothing, after a delete)."""
        settings = self.session.settings
        if same_template(settings.default_template, old):
            self._do("saved", lambda: self.session.update_setting("default_template", new))
        schedule = schedule_renamed(settings.schedule, old, new)
        if schedule != settings.schedule:
            self._do("saved", lambda: self.session.update_setting("schedule", schedule or None))

    def action_edit(self) -> None:
        info = self.current()
        if info is None:
            return

        from planner.ui.screens.template_editor import TemplateEditor  # YAML: only when needed

        def closed(saved: bool | None) -> None:
            self.reload()

        self.app.push_screen(TemplateEditor(info.path), closed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a browser tab there is no terminal to suspend into: the in-app editor stays.
        return not (action == "edit_outside" and self.app.is_web)

    def action_edit_outside(self) -> None:
        info = self.current()
        if info is None:
            return
        if not info.is_user:
            self.notify(
                "A shipped example is never changed: copy it first (n).", severity="warning"
            )
            return
        edit_outside(self.app, info.path)
        self.reload()

    def action_schedule(self) -> None:
        info = self.current()
        if info is None:
            return

        def save(text: str) -> None:
            def write() -> None:
                days = parse_weekdays(text)
                schedule = schedule_with(self.session.settings.schedule, info.name, days)
                self.session.update_setting("schedule", schedule or None)

            if self._do("saved", write):
                self.reload()

        question = (
            f"Weekdays that use '{info.name}' (e.g. fri, or mon wed; weekdays, weekend; "
            "empty for none):"
        )
        prompt = TextPrompt(question, value=" ".join(info.weekdays), validate=weekdays_problem)

        def answered(text: str | None) -> None:
            if text is not None:
                save(text)

        self.app.push_screen(prompt, answered)

    def action_playbook(self) -> None:
        info = self.current()
        if info is None:
            return
        if info.template is None:
            self.notify("The template has problems: fix them first.", severity="warning")
            return
        ask_playbook(self.app, info.template, info.name)

    def action_back(self) -> None:
        self.dismiss(None)
