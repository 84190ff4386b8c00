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
from textual.containers import Grid, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label


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
    name = type(node).__name__
    if isinstance(node, Screen) and name != "Screen":
        name = name.removesuffix("Screen")
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return words[:1].upper() + words[1:].lower()


def help_groups(screen: Screen[Any]) -> list[HelpGroup]:
    """Every binding active on ``screen`` (enabled or not), grouped by the node that owns it,
    the focused widget first and the app last; several keys of one action on one line."""
    app = screen.app
    by_node: dict[int, tuple[DOMNode, dict[str, list[Binding]]]] = {}
    for active in screen.active_bindings.values():
        actions = by_node.setdefault(id(active.node), (active.node, {}))[1]
        actions.setdefault(active.binding.action, []).append(active.binding)
    groups = []
    for node, actions in by_node.values():
        lines = []
        for action, bindings in actions.items():
            first = bindings[0]
            keys = " ".join(dict.fromkeys(app.get_key_display(b) for b in bindings))
            description = first.description or action.replace("_", " ").capitalize()
            lines.append(KeyHelp(keys, description, first.tooltip))
        # planner's own keys (they all have tooltips) before the ones Textual adds.
        lines.sort(key=lambda item: not item.tooltip)
        groups.append(HelpGroup(group_title(node), tuple(lines)))
    order = {id(node): index for index, node in enumerate(_reading_order(screen))}
    ranked = sorted(zip(by_node, groups, strict=True), key=lambda pair: order.get(pair[0], 99))
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
            with VerticalScroll(id="help-keys"):
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
