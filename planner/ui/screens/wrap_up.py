"""The day's wrap-up: what worked, wins and losses (optionally @channel), and a free note.

What is typed is not thrown away by a stray key: escape (or Cancel) asks first when the boxes
differ from what is stored. Each box opens with the caret after its text, and each goal
number keeps its unit beside it once filled in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from planner.core.model import (
    BadNumber,
    Outcome,
    OutcomeKinds,
    WrapUp,
    outcome_line,
    parse_measurement,
    split_channel_tag,
)
from planner.core.wrap_up import matched_outcomes

TEXT_BOXES = ("wrap-worked", "wrap-wins", "wrap-losses")


NO_KINDS = OutcomeKinds()  # a template that declares no win or loss kinds


class WrapUpScreen(ModalScreen[WrapUp | None]):
    """ctrl+s saves and returns the WrapUp; escape returns None (nothing changes), after
    asking when something was typed."""

    CSS_PATH = "wrap_up.tcss"
    # Short terminals get a tighter layout, so the whole dialog fits 24 rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]  # noqa: RUF012 - as Textual's

    AUTO_FOCUS = "#wrap-worked"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save", tooltip="Save the wrap-up"),
        # q is a letter in the boxes (they take it); on a button it cancels too.
        Binding("escape,q", "cancel", "Cancel", id="cancel", tooltip="Close without saving"),
    ]

    def __init__(
        self,
        current: WrapUp,
        units: Sequence[str] = (),
        *,
        notice: str = "",
        channels: Sequence[str] = (),
        stored: WrapUp | None = None,
        kinds: OutcomeKinds = NO_KINDS,
        strategies: Sequence[str] = (),
    ) -> None:
        """``units``: the units of the day's template goals, one number input each;
        ``notice``: said at the top (what changed elsewhere while the dialog was open);
        ``channels``: the channels known by name (``@Google Alerts`` tags with one of them);
        ``stored``: the wrap-up on disk, when ``current`` is not it (escape asks before
        losing the difference); ``kinds``: the win and loss kinds the template declares (a
        line may start with one: ``booked call: Acme``); ``strategies``: the template's
        strategy ids (a line may name one before its channel: ``#be-useful``)."""
        super().__init__()
        self._current = current
        self._units = tuple(dict.fromkeys(units))
        self._stored = self._fields(stored or current)
        self._notice = notice
        tagged = [item.channel for item in (*current.wins, *current.losses) if item.channel]
        self._channels = tuple(dict.fromkeys([*channels, *tagged]))
        # Kinds already given stay kinds, even if the template no longer declares them.
        self._win_kinds = _with_given(kinds.wins, current.wins)
        self._loss_kinds = _with_given(kinds.losses, current.losses)
        given = [o.strategy for o in (*current.wins, *current.losses) if o.strategy]
        self._strategies = tuple(dict.fromkeys([*strategies, *given]))

    def _fields(self, wrap_up: WrapUp) -> dict[str, str]:
        """The text of each box for ``wrap_up``, by widget id, as the dialog shows it."""
        fields = {
            "wrap-worked": wrap_up.worked,
            "wrap-wins": "\n".join(map(outcome_line, wrap_up.wins)),
            "wrap-losses": "\n".join(map(outcome_line, wrap_up.losses)),
            "wrap-note": wrap_up.note,
        }
        for index, unit in enumerate(self._units):
            value = wrap_up.measurements.get(unit)
            fields[f"wrap-measure-{index}"] = "" if value is None else f"{value:g}"
        return fields

    @property
    def dirty(self) -> bool:
        """Something differs from what is stored (escape and quitting ask first)."""
        return any(self._value(widget_id) != text for widget_id, text in self._stored.items())

    def _value(self, widget_id: str) -> str:
        box = self.query_one(f"#{widget_id}")
        if isinstance(box, TextArea):
            return box.text
        return self.query_one(f"#{widget_id}", Input).value

    def compose(self) -> ComposeResult:
        current = self._current
        with VerticalScroll(id="wrap-box"):
            yield Label("[b]Wrap up the day[/]   ctrl+s saves · escape cancels", id="wrap-title")
            if self._notice:
                yield Label(self._notice, id="wrap-notice", markup=False)
            yield Label("What worked")
            yield TextArea(current.worked, id="wrap-worked", soft_wrap=True)
            yield Label(_box_label("Wins", self._win_kinds, self._strategies), markup=False)
            wins = "\n".join(map(outcome_line, current.wins))
            losses = "\n".join(map(outcome_line, current.losses))
            yield TextArea(wins, id="wrap-wins")
            yield Label(_box_label("Losses", self._loss_kinds, self._strategies), markup=False)
            yield TextArea(losses, id="wrap-losses")
            with Horizontal(id="wrap-note-head"):  # no row of its own: 80x24 shows it all
                yield Label("Note")
                yield Label(self._channels_line(wins, losses), id="wrap-channels", markup=False)
            yield Input(current.note, id="wrap-note", select_on_focus=False)
            if self._units:
                yield Label("Numbers for your goals (blank: what the counted tasks say)")
            with Horizontal(id="wrap-measures"):  # side by side: one row for all goals
                for index, unit in enumerate(self._units):
                    value = current.measurements.get(unit)
                    # Beside the box, not only its placeholder: a filled box keeps its unit.
                    yield Label(unit, classes="wrap-unit", markup=False)
                    yield Input(
                        "" if value is None else f"{value:g}",
                        placeholder=unit,
                        type="number",
                        id=f"wrap-measure-{index}",
                        tooltip=f"How many {unit} today",
                    )
            with Horizontal(id="wrap-buttons"):  # kept last: the mouse way to save or cancel
                yield Button("Save (ctrl+s)", variant="primary", id="wrap-save")
                yield Button("Cancel (esc)", id="wrap-cancel")

    def on_mount(self) -> None:
        for widget_id in TEXT_BOXES:  # the caret after the text: a reopened box is added to
            area = self.query_one(f"#{widget_id}", TextArea)
            area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "wrap-save":
            self.action_save()
        else:
            self.action_cancel()

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", TextArea).text

    def _channels_line(self, *texts: str) -> str:
        """The channels the wins and losses ``texts`` are tagged with, said before saving
        so that a ``@Name`` not recognised shows (those boxes' text when none is given)."""
        texts = texts or (self._text("wrap-wins"), self._text("wrap-losses"))
        lines = [line for text in texts for line in text.splitlines() if line.strip()]
        tagged = [split_channel_tag(line, self._channels)[1] for line in lines]
        names = list(dict.fromkeys(name for name in tagged if name))
        if names:
            return "channels: " + ", ".join(names)
        tried = any(re.search(r"\s@\S", line) for line in lines)  # not bob@example.com
        return "channels: none recognised" if tried else ""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in ("wrap-wins", "wrap-losses"):
            self.query_one("#wrap-channels", Label).update(self._channels_line())

    def action_save(self) -> None:
        def outcomes(
            widget_id: str, known: tuple[Outcome, ...], kinds: tuple[str, ...]
        ) -> tuple[Outcome, ...]:
            text = self._text(widget_id)
            return matched_outcomes(text, known, self._channels, kinds, self._strategies)

        measurements = dict(self._current.measurements)  # units not asked for are kept
        for index, unit in enumerate(self._units):
            text = self.query_one(f"#wrap-measure-{index}", Input).value.strip()
            measurements.pop(unit, None)
            if not text:
                continue
            try:
                measurements[unit] = parse_measurement(text, unit)
            except BadNumber as error:
                self.notify(str(error), severity="error")
                return
        self.dismiss(
            WrapUp(
                worked=self._text("wrap-worked"),
                wins=outcomes("wrap-wins", self._current.wins, self._win_kinds),
                losses=outcomes("wrap-losses", self._current.losses, self._loss_kinds),
                note=self.query_one("#wrap-note", Input).value,
                measurements=measurements,
            )
        )

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from planner.ui.screens.confirm import Confirm  # dialogs load when first asked

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = "Close the wrap-up and lose what you typed?"
        confirm = Confirm(question, yes="Discard changes", no="Keep editing", danger=True)
        self.app.push_screen(confirm, answered)


def _with_given(declared: Sequence[str], outcomes: Sequence[Outcome]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*declared, *(o.kind for o in outcomes if o.kind)]))


def _box_label(name: str, kinds: Sequence[str], strategies: Sequence[str]) -> str:
    """What a wins or losses box takes: with kinds declared, a line starts with one; with
    strategies, ``#strategy`` (the start of its id is enough) comes before the channel."""
    end = "#strategy @Channel" if strategies else "@Channel"
    if not kinds:
        tag = f"end with {end} to tag it: ACME asked for a call @LinkedIn"
        return f"{name}, one a line ({tag if name == 'Wins' else end + ' too'})"
    return f"{name}, one a line: start with a kind ({', '.join(kinds)}), end with {end}"
