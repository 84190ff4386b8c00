"""The review screen's published pieces (the content pipeline, `planner idea`): each with
the day it went out, its channel and the wins that name it (`planner win --piece`), and
the re-share candidates: older than 90 days, among those with the most wins."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from planner.review.pieces import RESHARE_AFTER_DAYS, PieceFigures
from planner.ui.widgets.lists import ListTable
from planner.ui.widgets.text_styles import MUTED

PIECE_COLUMNS = ("Published", "Piece", "Channel", "Wins", "Re-share?")
PIECES_HEADING = Content.assemble(
    "Published pieces",
    Content.styled(
        f" · re-share? = over {RESHARE_AFTER_DAYS} days old, among the most wins", f"not b {MUTED}"
    ),
)
TITLE_WIDTH = 36


class PieceBoard(Vertical):
    """The table of published pieces; ``show`` fills it."""

    def compose(self) -> ComposeResult:
        yield Static(PIECES_HEADING, classes="review-heading")
        yield ListTable(id="piece-table", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#piece-table", DataTable)
        table.add_column(PIECE_COLUMNS[0])
        table.add_column(PIECE_COLUMNS[1], width=TITLE_WIDTH)
        table.add_columns(*PIECE_COLUMNS[2:])

    def show(self, pieces: list[PieceFigures]) -> None:
        table = self.query_one("#piece-table", DataTable)
        table.clear()
        for piece in pieces:
            again = Content.styled("re-share?", "b $warning") if piece.reshare else ""
            cells = (f"{piece.published_on:%d %b %Y}", piece.title, piece.channel or "")
            table.add_row(*cells, str(piece.wins), again, key=piece.id)
        if not pieces:
            empty = Content.styled("nothing published yet (planner idea)", MUTED)
            table.add_row("", empty, "", "", "")


__all__ = ["PieceBoard"]
