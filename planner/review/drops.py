"""The review's drop rule, one for channels and strategies: a group (a channel, a
strategy) that took time and brought no win in the last 30 or 90 days up to today is a
candidate to drop, whatever range the review shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from planner.review.summary import DaySummary, Figures

DROP_WINDOWS: tuple[int, ...] = (30, 90)  # days: "took time, brought no win" look-backs


def drop_candidates(
    summaries: Iterable[DaySummary],
    today: date,
    spent: Callable[[DaySummary], Mapping[str, Figures]],
    won: Callable[[DaySummary], Mapping[str, int]],
) -> dict[str, tuple[int, ...]]:
    """The look-backs (of ``DROP_WINDOWS``) in which each group took time and brought no
    win; ``spent`` gives a day's figures per group, ``won`` its wins per group. Groups
    never flagged are left out."""
    summaries = [summary for summary in summaries if summary.date <= today]
    drops: dict[str, list[int]] = {}
    for days in DROP_WINDOWS:
        first = today - timedelta(days=days - 1)
        seconds: dict[str, int] = {}
        wins: dict[str, int] = {}
        for summary in summaries:
            if summary.date < first:
                continue
            for name, figures in spent(summary).items():
                seconds[name] = seconds.get(name, 0) + figures.spent_seconds
            for name, count in won(summary).items():
                wins[name] = wins.get(name, 0) + count
        for name, total in seconds.items():
            if total > 0 and not wins.get(name):
                drops.setdefault(name, []).append(days)
    return {name: tuple(windows) for name, windows in drops.items()}
