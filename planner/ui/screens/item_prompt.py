"""The dialog of the checklist's `a` (planner.ui.screens.day_items): the title, the rung and
the day of a one-off task, each checked as typed. Loaded when `a` is first pressed, not with
the checklist (start-up, see benchmarks/bench_startup.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from planner.core.dates import DATE_FORMS, DateError, parse_day
from planner.core.ladder import RUNGS, Rung, parse_rung

RUNG_WORDS = ", ".join(RUNGS)


@dataclass(frozen=True)
class NewItem:
    """What the dialog returns: checked, ready for ``Session.add_item``."""

    title: str
    rung: Rung
    on: date


def rung_of(text: str, default: Rung) -> Rung | None:
    """The rung ``text`` names (a unique start will do: ``cl`` is close), ``default`` for
    a blank field, None for none."""
    key = text.strip().lower()
    if not key:
        return default
    named = parse_rung(key)
    if named is not None:
        return named
    starting = [rung for rung in RUNGS if rung.value.startswith(key)]
    return starting[0] if len(starting) == 1 else None


def day_text(day: date, today: date) -> str:
    """``Fri 27 Nov 2026`` and where it stands: ``(today)``, ``(plan only)``, ``(past)``."""
    when = "today" if day == today else "plan only" if day > today else "past day"
    return f"{day:%a} {day.day} {day:%b %Y} ({when})"


class ItemPrompt(ModalScreen[NewItem | None]):
    """Returns the new item on enter, or None when cancelled with escape."""

    DEFAULT_CSS = """
    ItemPrompt {
        align: center middle;
    }
    ItemPrompt Input {
        border-title-color: $text-muted;
    }
    ItemPrompt .item-note {
        width: 100%;
        color: $text-muted;
    }
    ItemPrompt .item-note.-invalid {
        color: $text-error;
    }
    ItemPrompt #item-title-note {
        display: none;  /* only to say what is wrong */
    }
    ItemPrompt #item-title-note.-invalid {
        display: block;
    }
    """

    AUTO_FOCUS = "#item-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        # q is a letter in the fields (they take it); on a button it cancels too.
        Binding("escape,q", "cancel", "Cancel", id="cancel", tooltip="Close without adding"),
    ]

    def __init__(self, shown: date, rung: Rung, today: date) -> None:
        """``shown``: the day the checklist shows (the default day); ``rung``: the default
        rung; ``today``: what relative days (``+3``, ``fri``) count from."""
        super().__init__()
        self.shown = shown
        self.rung = rung
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label("Add a one-off task (this day only, beside the template's):")
            yield Input(placeholder="what to do, e.g. Follow up with Acme", id="item-title")
            yield Label("", id="item-title-note", classes="item-note", markup=False)
            yield Input(value=self.rung.value, placeholder=RUNG_WORDS, id="item-rung")
            yield Label(self.rung.label, id="item-rung-note", classes="item-note", markup=False)
            yield Input(value=self.shown.isoformat(), placeholder=DATE_FORMS, id="item-day")
            yield Label(
                day_text(self.shown, self.today),
                id="item-day-note",
                classes="item-note",
                markup=False,
            )
            with Horizontal(id="prompt-buttons"):
                yield Button("Add (enter)", variant="primary", id="prompt-ok")
                yield Button("Cancel (esc)", id="prompt-cancel")

    def on_mount(self) -> None:
        for name, label in (("title", "Title"), ("rung", "Rung"), ("day", "Day")):
            self.field(name).border_title = label  # which field is which, on its border

    def field(self, name: str) -> Input:
        return self.query_one(f"#item-{name}", Input)

    def on_input_changed(self, event: Input.Changed) -> None:
        """The rung and the day as they are read, said under their fields as typed."""
        if event.input.id == "item-title":
            self._say("title", "")
        elif event.input.id == "item-rung":
            self._check_rung()
        elif event.input.id == "item-day":
            self._check_day()

    def _check_title(self) -> str | None:
        title = " ".join(self.field("title").value.split())
        self._say("title", "" if title else "What to do? A one-off needs a title.", bad=True)
        return title or None

    def _check_rung(self) -> Rung | None:
        rung = rung_of(self.field("rung").value, self.rung)
        if rung is None:
            self._say("rung", f"Not a rung: use one of {RUNG_WORDS}", bad=True)
        else:
            self._say("rung", rung.label)
        return rung

    def _check_day(self) -> date | None:
        text = self.field("day").value
        try:
            day = parse_day(text, self.today) if text.strip() else self.shown
        except DateError as error:
            self._say("day", str(error), bad=True)
            return None
        self._say("day", day_text(day, self.today))
        return day

    def _say(self, name: str, text: str, *, bad: bool = False) -> None:
        note = self.query_one(f"#item-{name}-note", Label)
        note.update(text)
        note.set_class(bad and bool(text), "-invalid")
        self.field(name).set_class(bad and bool(text), "-invalid")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        """The item, once every field reads; else the first wrong field gets the focus."""
        title, rung, day = self._check_title(), self._check_rung(), self._check_day()
        if title is not None and rung is not None and day is not None:
            self.dismiss(NewItem(title, rung, day))
            return
        wrong = "title" if title is None else "rung" if rung is None else "day"
        self.field(wrong).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
