"""`p` on the templates screen: write the template's playbook (``planner template doc``) to
a file, and the strategies the screen's details list.

The path is asked in a TextPrompt, pre-filled with ``~/<template>-playbook.md``; ``~`` is
the home folder. The file is written when the path is given (through
``planner.exchange.output``: a symlink is written through, a folder or a device is
refused, no folder is created); where it cannot go, the dialog says why and stays open.
The playbook written here holds no results (``--with-results`` is the command line's).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App

from planner.core.model import Template
from planner.errors import PlannerError
from planner.exchange.output import is_stdout, write_output
from planner.templates.names import template_slug
from planner.templates.playbook import render_playbook
from planner.ui.screens.prompt import TextPrompt


def playbook_path(name: str) -> str:
    """The file suggested for the playbook of template ``name`` (its file's stem)."""
    return f"~/{template_slug(name)}-playbook.md"


def ask_playbook(app: App[object], template: Template, name: str) -> None:
    """Ask where to write ``template``'s playbook, write it, and say where it went."""
    written: list[Path] = []

    def write(text: str) -> str | None:
        """The dialog's check, which writes: the error stays under the field."""
        typed = text.strip()
        if not typed:
            return "Give a file to write (escape: cancel)."
        if is_stdout(typed):
            return "- means standard output, which the app has none of: give a file."
        path = Path(typed).expanduser()
        try:
            target = write_output(path, render_playbook(template).encode("utf-8"))
        except PlannerError as error:
            return str(error)
        written[:] = [path, target]
        return None

    def answered(text: str | None) -> None:
        if text is None or not written:
            return
        path, target = written
        links = "" if target == path else f" (the file it links to, {target})"
        app.notify(f"Playbook of '{template.name}' written to {path}{links}.", markup=False)

    question = f"Write the playbook of '{template.name}' (Markdown) to:"
    app.push_screen(TextPrompt(question, value=playbook_path(name), validate=write), answered)


def strategy_lines(template: Template | None) -> list[Text]:
    """The template's strategies with the goal each serves, for the screen's details."""
    if template is None or not template.strategies:
        return []
    lines = [Text(""), Text("Strategies:", style="bold")]
    for strategy in template.strategies:
        line = Text(f"• {strategy.name}")
        if strategy.goal:
            line.append(f" → {strategy.goal}", style="dim")
        lines.append(line)
    return lines
