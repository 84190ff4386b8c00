"""The `?` help: every key binding of the screen it was opened on, generated from the
bindings themselves (keys as the keymap has them now, description, tooltip), grouped by
where they apply: the focused widget, the screen, everywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Label

from planner.ui.widgets.lists import ScrollList


@dataclass(frozen=True)
class KeyHelp:
    """One action and the keys that run it."""

    keys: str
    description: str
    tooltip: str


@dataclass(frozen=True)
class HelpGroup:
    title: str
    keys: tuple[KeyHelp, ...]


def group_title(node: DOMNode) -> str:
    """Where bindings apply, in the user's words: "Today", "Checklist", "Everywhere"."""
    if isinstance(node, App):
        return "Everywhere"
    own = getattr(node, "help_title", None)  # the checklist names the day it shows
    if isinstance(own, str):
        return own
    name = type(node).__name__
    if isinstance(node, Screen) and name != "Screen":
        name = name.removesuffix("Screen")
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return words[:1].upper() + words[1:].lower()


# Textual's own keys that mean something in planner, in planner's words; the others (arrows,
# the text editor's cursor moves, Textual's copy of the screen's text) stay out of `?`. planner's
# bindings are told apart by their id: every one has one (tests/test_look.py checks it).
TEXTUAL_KEYS = {
    "command_palette": "Find any command by name",
    "app.focus_next": "To the next field or button",
    "app.focus_previous": "To the previous field or button",
    "first": "To the first line",
    "last": "To the last line",
    "page_up": "A page up",
    "page_down": "A page down",
    "select": "Choose the highlighted line",
    "select_cursor": "Choose the highlighted line",
    "press": "Press the focused button",
    "toggle_button": "Tick or untick",
    "submit": "Send what was typed",
    "select_all": "Select all the text",
    "cut": "Cut the selected text",
    "copy": "Copy the selected text",
    "paste": "Paste from the clipboard",
    "undo": "Take the last typing back",
    "redo": "Make the typing taken back again",
    "delete_line": "Delete the whole line",
    "delete_to_end_of_line_or_delete_line": "Delete to the end of the line",
    "delete_to_start_of_line": "Delete to the start of the line",
    "scroll_up": "Scroll up a line",
    "scroll_down": "Scroll down a line",
    "scroll_home": "To the top",
    "scroll_end": "To the bottom",
    "scroll_left": "Scroll left",
    "scroll_right": "Scroll right",
    "page_left": "A page left",
    "page_right": "A page right",
}

# Kept only where the widget scrolls that way: a list that fits has no pages, a one-line
# field none either.
VERTICAL_SCROLLS = frozenset(
    {"scroll_up", "scroll_down", "scroll_home", "scroll_end", "page_up", "page_down"}
)
SIDEWAYS_SCROLLS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
FOCUS_MOVES = frozenset({"app.focus_next", "app.focus_previous"})


def textual_key_help(node: DOMNode, action: str) -> str | None:
    """What a key Textual adds does, in planner's words; None: not worth a line in `?`."""
    if isinstance(node, Widget):
        if action in VERTICAL_SCROLLS and not node.allow_vertical_scroll:
            return None
        if action in SIDEWAYS_SCROLLS and not node.allow_horizontal_scroll:
            return None
    if action in FOCUS_MOVES and isinstance(node, Screen) and len(node.focus_chain) < 2:
        return None  # nothing else to move to
    return TEXTUAL_KEYS.get(action)


def help_groups(screen: Screen[Any]) -> list[HelpGroup]:
    """Every key of ``screen`` worth knowing (enabled or not), grouped by the node that owns
    it, the focused widget first and the app last; several keys of one action on one line.
    planner's keys come with their description and tooltip; the ones Textual adds only
    where they mean something, with what they do said in :data:`TEXTUAL_KEYS`."""
    app = screen.app
    by_node: dict[int, tuple[DOMNode, dict[str, list[Binding]]]] = {}
    for active in screen.active_bindings.values():
        actions = by_node.setdefault(id(active.node), (active.node, {}))[1]
        actions.setdefault(active.binding.action, []).append(active.binding)
    groups = []
    for node, actions in by_node.values():
        lines = []
        for action, bindings in actions.items():
            keys = " ".join(dict.fromkeys(app.get_key_display(b) for b in bindings))
            ours = [binding for binding in bindings if binding.id]
            if ours:
                description = ours[0].description or action.replace("_", " ").capitalize()
                lines.append((False, KeyHelp(keys, description, ours[0].tooltip)))
            elif (said := textual_key_help(node, action)) is not None:
                description = bindings[0].description or action.replace("_", " ").capitalize()
                lines.append((True, KeyHelp(keys, description, said)))
        if not lines:
            continue
        # planner's own keys before the ones Textual adds.
        lines.sort(key=lambda line: line[0])
        groups.append((node, HelpGroup(group_title(node), tuple(line for _, line in lines))))
    order = {id(node): index for index, node in enumerate(_reading_order(screen))}
    ranked = sorted(groups, key=lambda pair: order.get(id(pair[0]), 99))
    return [group for _, group in ranked]


def _reading_order(screen: Screen[Any]) -> list[DOMNode]:
    """The screen's keys first, then the app's, then those of the focused widget."""
    focused = screen.focused
    widgets = list(focused.ancestors_with_self) if focused else []
    return [screen, screen.app, *(node for node in widgets if node not in (screen, screen.app))]


def key_rows(group: HelpGroup) -> Iterator[Label]:
    """Three cells a key: keys, what they do, and the longer tooltip (wrapping in its column)."""
    for item in group.keys:
        # Plain text: a description such as "Edit in $EDITOR [x]" is not markup.
        yield Label(item.keys, classes="help-key", markup=False)
        yield Label(item.description, classes="help-description", markup=False)
        yield Label(item.tooltip, classes="help-tooltip", markup=False)


class HelpScreen(ModalScreen[None]):
    """The keys of one screen; escape, q or ? closes it."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark",
            "close",
            "Close",
            id="close-help",
            tooltip="Close the help and go back",
        ),
    ]

    def __init__(self, groups: list[HelpGroup]) -> None:
        super().__init__()
        self.groups = groups

    @classmethod
    def for_screen(cls, screen: Screen[Any], undo_history: list[str] | None = None) -> HelpScreen:
        """The keys of ``screen``, and what `u` would take back there, latest first."""
        groups = help_groups(screen)
        if undo_history:
            lines = tuple(KeyHelp(f"{n}.", label, "") for n, label in enumerate(undo_history, 1))
            groups.append(HelpGroup("Undo history (u takes back the first)", lines))
        return cls(groups)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label("[b]Keys[/]   ctrl+p finds every command by name", id="help-title")
            with ScrollList(id="help-keys"):
                for group in self.groups:
                    yield Label(group.title, classes="help-group")
                    with Grid(classes="help-lines"):
                        yield from key_rows(group)
            yield Button("Close (esc)", id="help-close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
