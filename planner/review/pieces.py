"""The review of the content pipeline: each published piece with the wins that name it
(`planner win TEXT --piece ID`), and the pieces worth sharing again.

A piece is a re-share candidate when it was published more than ``RESHARE_AFTER_DAYS`` days
ago and is among the ``RESHARE_TOP`` such pieces with the most wins (one win at least):
what worked once, old enough that most readers have not seen it. Wins are counted over
every stored day from the earliest piece's day to today, whatever range the review shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from planner.core.ideas import Idea, Stage
from planner.store.day_format import DAYS_TABLE, TASKS_TABLE, day_record
from planner.store.records import StoreError, parse_tables
from planner.store.tree import stored_dates

RESHARE_AFTER_DAYS = 90
RESHARE_TOP = 3


@dataclass(frozen=True)
class PieceFigures:
    """One published piece as the review shows it."""

    id: str
    title: str
    published_on: date
    url: str | None
    channel: str | None
    wins: int
    reshare: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published_on": self.published_on.isoformat(),
            "url": self.url,
            "channel": self.channel,
            "wins": self.wins,
            "reshare": self.reshare,
        }


def piece_figures(ideas: Iterable[Idea], wins: Counter[str], today: date) -> list[PieceFigures]:
    """The published pieces of ``ideas``, newest first, with their ``wins`` (by piece id)
    and the re-share candidates marked."""
    published = [idea for idea in ideas if idea.live and idea.stage is Stage.PUBLISHED and idea.on]
    cutoff = today - timedelta(days=RESHARE_AFTER_DAYS)
    old = [idea for idea in published if idea.on and idea.on < cutoff and wins[idea.id] > 0]
    old.sort(key=lambda idea: (-wins[idea.id], idea.on or today, idea.id))
    again = {idea.id for idea in old[:RESHARE_TOP]}
    figures = [
        PieceFigures(
            id=idea.id,
            title=idea.title,
            published_on=idea.on or today,
            url=idea.url,
            channel=idea.channel,
            wins=wins[idea.id],
            reshare=idea.id in again,
        )
        for idea in published
    ]
    return sorted(figures, key=lambda piece: (piece.published_on, piece.id), reverse=True)


def piece_wins(days_folder: Path, start: date, end: date) -> tuple[Counter[str], list[str]]:
    """The wins of the stored days ``start``..``end`` that name a piece, counted by its id;
    and what is wrong with the day files that could not be read (skipped)."""
    counts: Counter[str] = Counter()
    problems: list[str] = []
    for when in stored_dates(days_folder, start.year, end.year):
        if not start <= when <= end:
            continue
        path = days_folder / f"{when:%Y}" / f"{when.isoformat()}.json"
        try:
            record = _day_record(path, when)
        except StoreError as error:
            problems.append(str(error))
            continue
        for win in (record or {}).get("wins") or []:
            piece = win.get("piece")
            if isinstance(piece, str) and piece and not win.get("removed_at"):
                counts[piece] += 1
    return counts, problems


def _day_record(path: Path, when: date) -> dict[str, Any] | None:
    """The checked day record of ``when`` in ``path`` (None: none); StoreError if unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror})", offer_backup=False) from None
    tables = parse_tables(path, raw)
    header = tables.get(DAYS_TABLE, {}).get(when.isoformat())
    return day_record(path, header, tables.get(TASKS_TABLE, {}), when)
