"""The review screen: heatmap, streaks, figures per rung and channel, channel return on
time, the goals dashboard, and the figures per strategy and per win/loss kind
(``review_strategies``), for a week, a month or a year.

Reading years of history is slow enough to freeze a terminal, so the figures are built in
a thread worker (``Session.review``); the screen is up at once, shows "loading…", and
fills in when the worker is done. Switching range while a load runs cancels it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Sparkline, Static
from textual.worker import get_current_worker

from planner.core.timebox import minutes_text
from planner.errors import PlannerError
from planner.review.figures import RANGE_KINDS, ChannelReturn, RangeKind, Review, review_range
from planner.review.goals import GoalProgress
from planner.review.plan import ReviewPlan
from planner.review.summary import Figures
from planner.session.work import Session
from planner.ui.screens.day_detail import DayDetailScreen
from planner.ui.screens.review_pieces import PieceBoard
from planner.ui.screens.review_strategies import TRACK_STYLES, StrategyBoard
from planner.ui.widgets.heatmap import Heatmap
from planner.ui.widgets.lists import ListTable
from planner.ui.widgets.text_styles import MUTED

# Not $text-muted: in Content styles its "auto 60%" loses the 60% (Textual 8.2.8).

FIGURE_COLUMNS = ("Done", "Skipped", "Open", "Planned", "Logged", "Out of order")
RETURN_COLUMNS = ("Channel", "Spent", "Wins", "Losses", "Wins/hour", "Drop?")
RETURNS_HEADING = Content.assemble(
    "Channel return on time",
    Content.styled(
        " · drop? = time spent, no win in the last 30 or 90 days (whatever the range)",
        f"not b {MUTED}",
    ),
)
# From this width the rung and channel tables sit side by side; below MEDIUM_FROM the
# goals' charts are shorter, so that a goal's status fits 80 columns.
MEDIUM_FROM = 100
WIDE_FROM = 140
RUNG_WIDTH = 15  # "Comment / share"
CHANNEL_WIDTH = 14
DROP_WIDTH = len("drop? last 30/90 days")


def range_title(kind: str, start: date, end: date) -> str:
    """E.g. "23 Nov - 29 Nov 2026", "November 2026", "2026" (the end may be cut at today)."""
    if kind == "year":
        return f"{start.year}"
    if kind == "month":
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%d %b} - {end:%d %b %Y}"
    return f"{start:%d %b %Y} - {end:%d %b %Y}"


def figure_cells(figures: Figures) -> tuple[str, ...]:
    return (
        str(figures.done),
        str(figures.skipped),
        str(figures.open),
        minutes_text(figures.planned_minutes * 60),  # one unit style: 4h35m, not 275m
        minutes_text(figures.logged_seconds),
        str(figures.out_of_order) if figures.out_of_order else "·",
    )


def drop_text(item: ChannelReturn) -> str:
    """``drop? last 30/90 days``: the window is said, as it is not the range shown."""
    if not item.drop_candidate:
        return ""
    return f"drop? last {'/'.join(map(str, item.drop_candidate))} days"


def return_cells(item: ChannelReturn) -> tuple[str | Content, ...]:
    drop = Content.styled(drop_text(item), "b $warning")
    rate = f"{item.wins_per_hour:.1f}" if item.spent_seconds else "·"
    return (
        item.channel,
        minutes_text(item.spent_seconds),
        str(item.wins),
        str(item.losses),
        rate,
        drop,
    )


def streak_text(review: Review) -> Content:
    return Content.assemble(
        Content.styled("Streak\n", "b"),
        Content.styled(plural(review.streaks.current, "day"), "b $success"),
        Content.styled(" now\n", MUTED),
        Content.styled(plural(review.streaks.longest, "day"), "b"),
        Content.styled(" longest", MUTED),
    )


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def range_summary(kind: str, review: Review) -> Content:
    """Short lines: the side column is narrow at 80 columns."""
    total = review.total
    skipped = f" · {total.skipped} skipped" if total.skipped else ""
    return Content.assemble(
        Content.styled(f"This {kind}\n", "b"),
        f"{plural(len(review.days), 'day')} · {review.days_counted} kept\n",
        f"{total.done}/{total.total} done{skipped}\n",
        f"{minutes_text(total.logged_seconds)} of {minutes_text(total.planned_minutes * 60)}\n",
        Content.styled(plural(review.wins, "win"), "$success"),
        " · ",
        Content.styled(plural(review.losses, "loss", "losses"), "$error" if review.losses else ""),
    )


def goal_status(progress: GoalProgress) -> Content:
    goal = progress.goal
    value = f"{progress.current:g}/{goal.target:g} {goal.unit} this {goal.per}"
    return Content.assemble(
        value, "  ", Content.styled(str(progress.track), TRACK_STYLES[progress.track])
    )


class ReviewScreen(Screen[None]):
    """Opened with ``r`` from the checklist; escape or ``q`` goes back."""

    CSS_PATH = "review.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="review-back", tooltip="Back to the checklist"),
        Binding("w", "range('week')", "Week", id="review-week", tooltip="Figures for this week"),
        Binding(
            "m", "range('month')", "Month", id="review-month", tooltip="Figures for this month"
        ),
        Binding("y", "range('year')", "Year", id="review-year", tooltip="Figures for this year"),
        Binding(
            "left_square_bracket",
            "shift(-1)",
            "Earlier",
            id="review-earlier",
            tooltip="The week, month or year before",
        ),
        Binding(
            "right_square_bracket",
            "shift(1)",
            "Later",
            id="review-later",
            tooltip="The week, month or year after (up to today)",
        ),
    ]

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Screen declares it unannotated
        (0, "-narrow"),
        (MEDIUM_FROM, "-medium"),
        (WIDE_FROM, "-wide"),
    ]

    def __init__(
        self,
        session: Session,
        kind: RangeKind = "week",
        *,
        open_checklist: Callable[[date], Screen[None]] | None = None,
    ) -> None:
        """``open_checklist`` makes the editable checklist of a past day (the day detail's
        backfill key); without it the day detail only shows the day."""
        super().__init__()
        self.session = session
        self.open_checklist = open_checklist
        self.kind: RangeKind = kind
        self.periods_back = 0  # whole periods back from the current one
        self.review: Review | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        with VerticalScroll(id="review-body"):
            with Horizontal(id="review-top"):
                yield Heatmap(id="heatmap")
                with Vertical(id="review-side"):
                    yield Static(id="review-streaks")
                    yield Static(id="review-range")
            yield LoadingIndicator(id="review-loading")
            with Horizontal(id="review-tables"):
                with Vertical(classes="review-table-box"):
                    yield Static("Per rung", classes="review-heading")
                    yield ListTable(id="rung-table", cursor_type="none", zebra_stripes=True)
                with Vertical(classes="review-table-box"):
                    yield Static("Per channel", classes="review-heading")
                    yield ListTable(id="channel-table", cursor_type="none", zebra_stripes=True)
            yield Static(RETURNS_HEADING, classes="review-heading", id="returns-heading")
            yield ListTable(id="returns-table", cursor_type="none", zebra_stripes=True)
            yield Static("Goals", classes="review-heading")
            yield Vertical(id="review-goals")
            yield StrategyBoard(id="review-strategies")
            yield PieceBoard(id="review-pieces")
        yield Footer()

    def on_mount(self) -> None:
        # Fixed first columns: DataTable sizes auto columns before styled labels arrive.
        rungs = self.query_one("#rung-table", DataTable)
        rungs.add_column("Rung", width=RUNG_WIDTH)
        rungs.add_columns(*FIGURE_COLUMNS)
        channels = self.query_one("#channel-table", DataTable)
        channels.add_column("Channel", width=CHANNEL_WIDTH)
        channels.add_columns(*FIGURE_COLUMNS)
        returns = self.query_one("#returns-table", DataTable)
        returns.add_column(RETURN_COLUMNS[0], width=CHANNEL_WIDTH)
        returns.add_columns(*RETURN_COLUMNS[1:-1])
        returns.add_column(RETURN_COLUMNS[-1], width=DROP_WIDTH)  # a Content: not measured
        self.query_one(Heatmap).focus()
        self.reload()

    # --- loading ---------------------------------------------------------------------

    @property
    def loading_now(self) -> bool:
        return bool(self.query_one("#review-loading").display)

    def reload(self) -> None:
        self.query_one("#review-loading").display = True
        self.query_one("#review-title", Static).update(
            Content.assemble(
                Content.styled("Review", "b"),
                Content.styled(f" · {self.kind} · loading…", MUTED),
            )
        )
        # Cheap, and the template cache is not for threads: done here, before the worker.
        start, end = review_range(self.kind, self.session.today(), self.periods_back)
        self.load_review(start, end, self.session.review_plan())

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def load_review(self, start: date, end: date, plan: ReviewPlan) -> None:
        """In a thread: read the history and build the figures; never touches widgets."""
        worker = get_current_worker()
        try:
            review, problems = self.session.review(start, end, plan)
        except PlannerError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_error, str(error))
            return
        pieces, unread = self.session.piece_review()  # every published piece, any range
        if not worker.is_cancelled:
            shown = [str(p) for p in problems] + unread
            self.app.call_from_thread(self.show_review, review, shown)
            self.app.call_from_thread(self.query_one(PieceBoard).show, pieces)

    def show_error(self, message: str) -> None:
        self.query_one("#review-loading").display = False
        self.notify(message, title="Cannot review", severity="error", timeout=10)
        self.query_one("#review-title", Static).update(
            Content.assemble(Content.styled("Review", "b"), " · could not be loaded")
        )

    def show_review(self, review: Review, problems: list[str] | None = None) -> None:
        self.review = review
        for problem in problems or []:
            self.notify(problem, title="Day left out of the review", severity="warning")
        self.query_one("#review-loading").display = False
        self.query_one("#review-title", Static).update(
            Content.assemble(
                Content.styled("Review", "b"),
                Content.styled(f" · {self.kind} · ", MUTED),
                Content.styled(range_title(self.kind, review.start, review.end), "b"),
            )
        )
        self.query_one(Heatmap).show(
            [(cell.date, cell.share) for cell in review.heatmap], today=review.today
        )
        self.query_one("#review-streaks", Static).update(streak_text(review))
        self.query_one("#review-range", Static).update(range_summary(self.kind, review))
        self.fill_tables(review)
        self.show_goals(review.goals)
        self.query_one(StrategyBoard).show(review)

    def fill_tables(self, review: Review) -> None:
        rungs = self.query_one("#rung-table", DataTable)
        rungs.clear()
        for rung, figures in review.rungs.items():
            label = Content.styled(rung.label, f"$rung-{rung.value}")
            rungs.add_row(label, *figure_cells(figures), key=rung.value)
        channels = self.query_one("#channel-table", DataTable)
        channels.clear()
        for name, figures in review.channels.items():
            channels.add_row(name, *figure_cells(figures), key=name)
        if not review.channels:
            channels.add_row(Content.styled("no channel tagged", MUTED), *[""] * 6)
        returns = self.query_one("#returns-table", DataTable)
        returns.clear()
        for item in review.returns:
            returns.add_row(*return_cells(item), key=item.channel)
        if not review.returns:
            returns.add_row(Content.styled("no channel time yet", MUTED), *[""] * 5)

    def show_goals(self, goals: tuple[GoalProgress, ...]) -> None:
        box = self.query_one("#review-goals", Vertical)
        box.remove_children()
        if not goals:
            box.mount(
                Static(
                    Content.styled("No goals yet: templates can declare them (goals:).", MUTED),
                    classes="goal-empty",
                )
            )
            return
        rows = []
        for progress in goals:
            row = Horizontal(
                Static(progress.goal.name, classes="goal-name"),
                Sparkline(progress.values, classes="goal-chart"),
                Static(goal_status(progress), classes="goal-status"),
                classes="goal-row",
            )
            rows.append(row)
        box.mount_all(rows)

    # --- actions ---------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_range(self, kind: str) -> None:
        if kind in RANGE_KINDS:
            self.kind = kind
            self.periods_back = 0
            self.reload()

    def action_shift(self, periods: int) -> None:
        periods_back = min(0, self.periods_back + periods)
        if periods_back != self.periods_back:
            self.periods_back = periods_back
            self.reload()

    def on_heatmap_day_chosen(self, message: Heatmap.DayChosen) -> None:
        message.stop()
        self.app.push_screen(
            DayDetailScreen(self.session, message.date, self.open_checklist), self.back_from_day
        )

    def back_from_day(self, _: None = None) -> None:
        """The day may have been backfilled: the figures are read again."""
        self.reload()


__all__ = ["ReviewScreen", "range_title"]
