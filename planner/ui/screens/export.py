"""Export…: choose a format and a file, and planner writes it (the app's `planner export`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from planner.errors import PlannerError
from planner.exchange.export import (
    FORMATS,
    ExportDays,
    ExportRequest,
    default_file_name,
    render_export,
)
from planner.exchange.output import is_stdout, write_output
from planner.session.work import Session
from planner.ui.widgets.lists import Choices


class ExportScreen(ModalScreen[Path | None]):
    """Returns the path written, or None when cancelled with escape.

    md, csv and json hold every stored day; ics the plan of the next 7 days from 09:00,
    each day's first event with an alarm 10 minutes before (the defaults of `planner export`).
    The file is built and written in a worker: years of history take a moment to read.
    Where the file cannot go (a folder that does not exist, a device...) the dialog says so
    and stays; day files that could not be read are left out, and a notice names them.
    """

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    #export-box {
        width: 72;
        max-width: 95%;
        height: auto;
        padding: 1 2;
        border: round $accent;
        background: $panel;
    }
    #export-formats {
        width: 100%;
        margin-bottom: 1;
    }
    #export-buttons {
        height: auto;
        margin-top: 1;
    }
    #export-buttons Button {
        margin-right: 2;
    }
    #export-error {
        color: $error;
    }
    #export-hint {
        color: $text-muted;
    }
    """
    AUTO_FOCUS = "#export-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        # q is a letter in the file name; elsewhere (the formats, the buttons) it closes too.
        Binding("escape,q", "cancel", "Cancel", id="export-cancel", tooltip="Close, write nothing"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.format = "md"

    def default_path(self, fmt: str) -> str:
        name = default_file_name(fmt, self.session.today())
        return name if self.app.is_web else f"~/{name}"  # a browser downloads it

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label("[b]Export[/b]", id="export-title")
            with Choices(id="export-formats"):
                for fmt, label in FORMATS.items():
                    yield RadioButton(f"{label} (.{fmt})", value=fmt == "md", id=f"format-{fmt}")
            yield Label("File name (your browser downloads it)" if self.app.is_web else "File")
            yield Input(self.default_path(self.format), id="export-path", select_on_focus=False)
            yield Label("", id="export-error", markup=False)
            yield Label(
                "md, csv, json: every stored day · ics: the next 7 days from 09:00",
                id="export-hint",
            )
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        chosen = (event.pressed.id or "").removeprefix("format-")
        if chosen not in FORMATS:
            return
        # Follow the format with the suggested name, unless the user typed their own.
        if self.path_input.value == self.default_path(self.format):
            self.path_input.value = self.default_path(chosen)
        self.format = chosen

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-go":
            self.start_export()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def start_export(self) -> None:
        text = self.path_input.value.strip()
        if not text:
            self.show_error("Give a file to write.")
            return
        if is_stdout(text):
            self.show_error("- means standard output, which the app has none of: give a file.")
            return
        self.show_error("")
        if self.app.is_web and ("/" in text or text in (".", "..")):
            self.show_error("Give a file name only: your browser saves the file where it saves.")
            return
        request = ExportRequest(self.format)
        try:
            # Here, on the UI thread: the plan of coming days needs the template cache.
            load_days = self.session.days_for_export(request)
        except PlannerError as error:
            self.show_error(str(error))
            return
        self.write_export(request, load_days, self.session.now(), Path(text).expanduser())

    @work(thread=True, exclusive=True, group="export")
    def write_export(
        self,
        request: ExportRequest,
        load_days: Callable[[], ExportDays],
        now: datetime,
        path: Path,
    ) -> None:
        """Read the stored days, render and write the file: years of history take a moment.
        In a browser tab the file is a download (``path`` is only its name)."""
        try:
            found = load_days()
            content = render_export(request, found.days, now, found.records)
            if self.app.is_web:
                self.app.call_from_thread(self.download, content, path.name)
            else:
                write_output(path, content)
        except PlannerError as error:
            self.app.call_from_thread(self.show_error, str(error))
        except OSError as error:  # listing the days folder (the files are StoreErrors)
            message = f"cannot read the days folder: {error.strerror or error}"
            self.app.call_from_thread(self.show_error, message)
        else:
            self.app.call_from_thread(self.finish, path, found)

    def download(self, content: bytes, name: str) -> None:
        """The file sent to the browser, which saves it as ``name`` (Textual's delivery)."""
        self.app.deliver_binary(io.BytesIO(content), save_filename=name)

    def finish(self, path: Path, found: ExportDays) -> None:
        if found.left_out:
            notice = left_out_notice(found)  # file names are not markup
            self.notify(notice, title="Export", severity="warning", timeout=30, markup=False)
        self.dismiss(path)

    def show_error(self, message: str) -> None:
        self.query_one("#export-error", Label).update(message)


NOTICE_ERRORS = 3  # a notice is small: the first few reasons, then how many more


def left_out_notice(found: ExportDays) -> str:
    """Which days the export left out, and why (each file's problem)."""
    dates = ", ".join(left.day.isoformat() for left in found.left_out)
    count = len(found.left_out)
    lines = [f"Left out {count} {'day' if count == 1 else 'days'} that could not be read: {dates}."]
    lines += [str(left.error) for left in found.left_out[:NOTICE_ERRORS]]
    if count > NOTICE_ERRORS:
        lines.append(f"… and {count - NOTICE_ERRORS} more (`planner export` names them all).")
    return "\n".join(lines)
