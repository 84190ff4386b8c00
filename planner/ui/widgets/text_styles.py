"""Text styles shared by the widgets and screens that build ``Content`` by hand.

Textual 8.2.8 draws ``$text-muted`` and ``$text-disabled`` ("auto 60%", "auto 38%") at
full strength inside Content styles and markup, so muted text is spelled with an explicit
alpha of the foreground instead.
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.visual import VisualType

MUTED = "$foreground 60%"
FAINT = "$foreground 40%"


def drawn(visual: VisualType) -> object:
    """What ``visual`` draws, to tell whether it must be drawn again: a Content's text and
    its styles (Content's own ``==`` compares the text only)."""
    if isinstance(visual, Content):
        spans: tuple[Span, ...] = tuple(visual.spans)
        return visual.plain, spans
    return visual
