"""The in-app template editor: YAML with highlighting and line numbers, checked as you type.

Problems are listed with line and column under the text, and lines with errors are marked
in the text itself; Enter keeps the indentation of the line it breaks. ctrl+s refuses text
with errors (the reasons are shown) and otherwise writes atomically, keeping the previous
file as ``<name>.yaml.bak``. Leaving with unsaved changes asks first. Shipped examples open
read-only: a copy of one's own (``n`` on the templates screen) is the way to change them.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TextArea

from planner.errors import PlannerError
from planner.store.files import backup_path
from planner.templates.library import is_shipped, save_template_text
from planner.templates.reader import check_text
from planner.templates.yaml_nodes import Problem
from planner.ui.screens.confirm import Confirm

# Checking waits until typing pauses this long (a template checks in a few ms, but a
# list of problems flickering at every key is hard to read).
CHECK_DELAY_SECONDS = 0.3


class YamlArea(TextArea):
    """A code TextArea whose lines with errors are marked (``yaml-area--problem``)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *TextArea.COMPONENT_CLASSES,
        "yaml-area--problem",
    }

    problem_lines: frozenset[int] = frozenset()  # 0-based line indexes

    def on_key(self, event: events.Key) -> None:
        """Enter keeps the indentation of the line it breaks: in YAML the indentation is
        the structure, and a new task's key belongs under the one above."""
        if event.key != "enter" or self.read_only:
            return
        event.stop()
        event.prevent_default()  # TextArea's own enter would start at column 0
        top, bottom = sorted(self.selection)
        line = self.document[top[0]]
        indent = line[: len(line) - len(line.lstrip(" "))][: top[1]]
        self.replace("\n" + indent, top, bottom, maintain_selection_offset=False)

    def mark_lines(self, lines: frozenset[int]) -> None:
        if lines != self.problem_lines:
            self.problem_lines = lines
            self._line_cache.clear()  # cached strips would keep the old marks
            self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if line_index in self.problem_lines:
            line.stylize(self.get_component_rich_style("yaml-area--problem"))
        return line


def problem_line(problem: Problem) -> str:
    """A problem as the editor lists it: the place, then what is wrong."""
    return f"{problem.line}:{problem.column}: {problem.severity}: {problem.message}"


class TemplateEditor(Screen[bool]):
    """Edits one template file; dismisses with True when something was saved."""

    CSS_PATH = "templates.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            id="editor-save",
            tooltip="Save the template (refused while it has errors; the old file is kept)",
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            priority=True,  # the code TextArea would take escape to mean "focus away"
            id="editor-back",
            tooltip="Back to the list (asks first when there are unsaved changes)",
        ),
        # Not a priority: in the text q is a letter; read-only (an example), it goes back.
        Binding(
            "q",
            "leave",
            "Back",
            show=False,
            id="editor-back-q",
            tooltip="Back to the list, where q is not typed (a read-only example)",
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.read_only = is_shipped(path)
        self.saved_text = path.read_text(encoding="utf-8", errors="replace")
        self.problems: list[Problem] = []
        self.saved = False
        self._check_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        note = "read-only: a shipped example (copy it with n on the templates screen)"
        state = note if self.read_only else "ctrl+s saves · escape goes back"
        yield Label(f"[b]{self.path.name}[/]  {self.path.parent}  ·  {state}", id="editor-title")
        yield YamlArea.code_editor(
            self.saved_text, language="yaml", read_only=self.read_only, id="editor-text"
        )
        yield Static(id="editor-problems")
        yield Footer()

    @property
    def area(self) -> YamlArea:
        return self.query_one(YamlArea)

    @property
    def dirty(self) -> bool:
        return self.area.text != self.saved_text

    def on_mount(self) -> None:
        self.area.focus()
        self.check_now()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY_SECONDS, self.check_now)

    def check_now(self) -> list[Problem]:
        """Check the text as it is, list the problems and mark their lines."""
        self._check_timer = None
        self.problems = check_text(self.area.text, str(self.path)).problems
        errors = [p for p in self.problems if p.severity == "error"]
        self.area.mark_lines(frozenset(p.line - 1 for p in errors))
        panel = self.query_one("#editor-problems", Static)
        panel.set_class(bool(errors), "-errors")
        if self.problems:
            panel.update(Text("\n".join(problem_line(p) for p in self.problems)))
        else:
            panel.update("No problems.")
        return self.problems

    def action_save(self) -> None:
        if self.read_only:
            self.notify(
                "A shipped example is never changed: copy it (n on the templates screen).",
                severity="warning",
            )
            return
        errors = [p for p in self.check_now() if p.severity == "error"]
        if errors:
            reasons = "\n".join(problem_line(p) for p in errors[:5])
            self.notify(f"Not saved, the template has errors:\n{reasons}", severity="error")
            return
        text = self.area.text
        existed = self.path.exists()
        try:
            save_template_text(self.path, text)
        except PlannerError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            return
        self.saved_text, self.saved = text, True
        kept = f"; the previous version is in {backup_path(self.path).name}" if existed else ""
        self.notify(f"Saved {self.path.name}{kept}.")

    def action_leave(self) -> None:
        if not self.dirty:
            self.dismiss(self.saved)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.saved)

        self.app.push_screen(
            Confirm(
                f"{self.path.name} has unsaved changes. Leave and lose them?",
                yes="Discard changes",
                no="Keep editing",
                danger=True,
            ),
            answered,
        )
