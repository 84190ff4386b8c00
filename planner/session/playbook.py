"""The results a playbook shows with `planner template doc --with-results`: the last 90
days' figures per strategy and per channel, of the stored days made from the template.

Both come from the review, with its rules (``planner.review``: time *spent* is the
logged time, or the planned minutes of a done task never timed; a strategy or a channel
that took time and brought no win in the last 30 / 90 days is marked), over the
summaries of those days only (``made_from``: the same file name). The strategies are the
template's own, and its playbook describes its days: days made from another template
would mix in other plans' channels and strategies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from planner.core.model import Day, Template
from planner.review.figures import channel_figures, channel_returns
from planner.review.plan import ReviewPlan
from planner.review.strategies import strategy_figures
from planner.review.summary import DaySummary, Figures, summarize
from planner.session.base import SessionBase
from planner.templates.drift import made_from
from planner.templates.playbook import PlaybookResults, ResultRow

RESULTS_DAYS = 90


def playbook_results(
    session: SessionBase, template: Template, days: int = RESULTS_DAYS
) -> PlaybookResults:
    """The figures of the ``days`` days up to today (reads those day files only)."""
    today = session.today()
    start = today - timedelta(days=days - 1)
    stored = session.store.days_between(start, today)
    return results_of(template, [day for day in stored if made_from(day, template)], start, today)


def results_of(template: Template, days: Sequence[Day], start: date, end: date) -> PlaybookResults:
    """The figures of ``days`` (made from ``template``) in ``start``..``end``."""
    summaries = [summarize(day) for day in days if start <= day.date <= end]
    return PlaybookResults(
        start=start,
        end=end,
        days=len(summaries),
        strategies=strategy_rows(template, summaries, start, end),
        channels=channel_rows(summaries, start, end),
    )


def strategy_rows(
    template: Template, summaries: Sequence[DaySummary], start: date, end: date
) -> tuple[ResultRow, ...]:
    """The template's strategies in its order, then those the days name that it no longer
    declares (by id)."""
    rows = []
    for strategy in strategy_figures(summaries, start, end, end, ReviewPlan.of(template)):
        name = strategy.name if strategy.declared else f"{strategy.id} (no longer in the plan)"
        rows.append(
            ResultRow(
                name=name,
                spent_seconds=strategy.spent_seconds,
                done=strategy.figures.done,
                skipped=strategy.figures.skipped,
                wins=strategy.wins,
                losses=strategy.losses,
                no_win=strategy.drop_candidate,
            )
        )
    return tuple(rows)


def channel_rows(summaries: Sequence[DaySummary], start: date, end: date) -> tuple[ResultRow, ...]:
    """The channels, best return on time first (as the review ranks them)."""
    figures = channel_figures(summaries)
    rows = []
    for channel in channel_returns(summaries, start, end, end):
        counts = figures.get(channel.channel, Figures())
        rows.append(
            ResultRow(
                name=channel.channel,
                spent_seconds=channel.spent_seconds,
                done=counts.done,
                skipped=counts.skipped,
                wins=channel.wins,
                losses=channel.losses,
                no_win=channel.drop_candidate,
            )
        )
    return tuple(rows)
