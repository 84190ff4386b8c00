"""The review screen's foundations: a table of the plan's strategies (time spent, tasks
done and skipped, wins and losses by kind, the goal each serves with its track, the drop
flag) and a table of wins and losses per kind, with their split per channel.

A strategy's row is two lines or more: its name, then the goal it serves and its track;
its wins and losses one kind a line. The short columns come first, so that at 80
columns the drop flag shows and only long kinds need a scroll."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from planner.core.timebox import minutes_text
from planner.review.figures import Review
from planner.review.goals import Track
from planner.review.strategies import KindTotals, StrategyFigures
from planner.review.summary import NO_CHANNEL
from planner.ui.widgets.lists import ListTable
from planner.ui.widgets.text_styles import MUTED

STRATEGY_COLUMNS = ("Strategy · goal", "Spent", "Done", "Skipped", "Drop?", "Wins", "Losses")
KIND_COLUMNS = ("", "Kind", "Count", "By channel")
STRATEGIES_HEADING = Content.assemble(
    "Per strategy",
    Content.styled(" · drop? = time spent, no win in the last 30 or 90 days", f"not b {MUTED}"),
)
STRATEGY_WIDTH = 24
DROP_WIDTH = len("30/90 days")
TRACK_STYLES = {Track.MET: "b $success", Track.ON_TRACK: "$success", Track.BEHIND: "b $warning"}
SIDE_STYLES = {"win": "$success", "loss": "$error"}


def goal_line(item: StrategyFigures) -> Content:
    """``New leads on track``; muted when the strategy serves no goal the plan has."""
    if not item.declared:
        return Content.styled("not in the template", MUTED)
    if item.goal is None:
        return Content.styled("no goal", MUTED)
    if item.track is None:
        return Content.assemble(item.goal, Content.styled(" (no such goal)", MUTED))
    return Content.assemble(
        item.goal, " ", Content.styled(str(item.track), TRACK_STYLES[item.track])
    )


def kinds_cell(counts: KindTotals) -> str:
    """``booked call 2`` and ``new lead 1`` on two lines; ``·`` for none."""
    return "\n".join(f"{kind} {count}" for kind, count in counts.items()) or "·"


def strategy_cells(item: StrategyFigures) -> tuple[str | Content, ...]:
    windows = "/".join(map(str, item.drop_candidate))
    return (
        Content.assemble(Content.styled(item.name, "b"), "\n", goal_line(item)),
        minutes_text(item.spent_seconds),
        str(item.figures.done),
        str(item.figures.skipped),
        Content.styled(f"{windows} days" if windows else "", "b $warning"),
        kinds_cell(item.wins_by_kind),
        kinds_cell(item.losses_by_kind),
    )


def channels_cell(kind: str, by_channel: Mapping[str, KindTotals]) -> str:
    """``LinkedIn 2, Email 1`` (``untagged`` for outcomes without a channel)."""
    return ", ".join(
        f"{'untagged' if channel == NO_CHANNEL else channel} {counts[kind]}"
        for channel, counts in by_channel.items()
        if kind in counts
    )


class StrategyBoard(Vertical):
    """The two tables; ``show`` fills them from a review."""

    def compose(self) -> ComposeResult:
        yield Static(STRATEGIES_HEADING, classes="review-heading")
        yield ListTable(id="strategy-table", cursor_type="none", zebra_stripes=True)
        yield Static("Wins and losses by kind", classes="review-heading")
        yield ListTable(id="kind-table", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        # Fixed widths where a cell is a Content: DataTable does not measure those.
        strategies = self.query_one("#strategy-table", DataTable)
        strategies.add_column(STRATEGY_COLUMNS[0], width=STRATEGY_WIDTH)
        strategies.add_columns(*STRATEGY_COLUMNS[1:4])
        strategies.add_column(STRATEGY_COLUMNS[4], width=DROP_WIDTH)
        strategies.add_columns(*STRATEGY_COLUMNS[5:])
        kinds = self.query_one("#kind-table", DataTable)
        kinds.add_column(KIND_COLUMNS[0], width=len("loss"))
        kinds.add_columns(*KIND_COLUMNS[1:])

    def show(self, review: Review) -> None:
        strategies = self.query_one("#strategy-table", DataTable)
        strategies.clear()
        for item in review.strategies:
            strategies.add_row(*strategy_cells(item), key=item.id, height=None)
        if not review.strategies:
            empty = Content.styled("no strategies yet", MUTED)  # templates: strategies:
            strategies.add_row(empty, *[""] * (len(STRATEGY_COLUMNS) - 1))
        kinds = self.query_one("#kind-table", DataTable)
        kinds.clear()
        sides = (
            ("win", review.kinds.wins, review.kinds.wins_by_channel),
            ("loss", review.kinds.losses, review.kinds.losses_by_channel),
        )
        for side, totals, by_channel in sides:
            for kind, count in totals.items():
                label = Content.styled(side, SIDE_STYLES[side])
                cells = (label, kind, str(count), channels_cell(kind, by_channel))
                kinds.add_row(*cells, key=f"{side}:{kind}")
        if not kinds.row_count:
            kinds.add_row("", "no wins or losses yet", "", "")


__all__ = ["StrategyBoard"]
