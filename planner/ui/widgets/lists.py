"""Lists that move with ``j`` and ``k`` as well as the arrows, as the checklist does: one rule
on every screen. The keys have ids (``list-down``, ``list-up``) for a ``keymap:``."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, RadioSet

Cell = TypeVar("Cell")


def down_up(down: str, up: str, what: str) -> list[BindingType]:
    """``j`` runs the action ``down``, ``k`` the action ``up``; ``what`` the list holds."""
    return [
        Binding("j", down, "Down", show=False, id="list-down", tooltip=f"The next {what}"),
        Binding("k", up, "Up", show=False, id="list-up", tooltip=f"The previous {what}"),
    ]


class ListTable(DataTable[Cell]):
    """A table whose rows are a list: ``j``/``k`` move the cursor (or scroll, without one)."""

    BINDINGS: ClassVar[list[BindingType]] = down_up("cursor_down", "cursor_up", "row")


class Choices(RadioSet):
    """Radio buttons, one of which is chosen: ``j``/``k`` move between them."""

    BINDINGS: ClassVar[list[BindingType]] = down_up("next_button", "previous_button", "choice")


class ScrollList(VerticalScroll):
    """A list to read: ``j``/``k`` scroll it a line."""

    BINDINGS: ClassVar[list[BindingType]] = down_up("scroll_down", "scroll_up", "line")
