"""Years of stored days as ``DaySummary`` records, fast enough for a review.

Reads the day files directly (one ``json.loads`` each, no TinyDB) and keeps a derived
cache of summaries under ``paths.cache_dir``: one compact JSON file a year
(``review/days-YYYY.json``), each summary keyed by its day file's ``(mtime_ns, size)``.
Only files that changed since the cache was written are read again. The cache is never
authoritative: a cache file that is missing, unreadable, from another version or
malformed is simply rebuilt, and deleting the folder is always safe.

A day file that cannot be trusted is reported (a ``StoreError`` in ``History.problems``)
and skipped; nothing is ever written to a day file here. Day detail needs whole days:
use ``Store.load_day`` for those.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from planner.config import Paths
from planner.core.ladder import RUNGS
from planner.core.model import Goal
from planner.review.figures import Review, build_review
from planner.review.items import live_items, with_items
from planner.review.plan import ReviewPlan
from planner.review.summary import DaySummary, Figures, KindCount, summarize_records
from planner.store.cache_files import read_cache, write_cache
from planner.store.day_format import DAYS_TABLE, TASKS_TABLE, day_record
from planner.store.records import StoreError, parse_tables
from planner.store.tree import DAY_FILE, DAYS_FOLDER, year_folders

CACHE_FOLDER = "review"
# Bump whenever DaySummary or summarize() change: older cache files are then ignored.
CACHE_VERSION = 3  # 2: summaries only of days that pass planner.store.day_check
# 3: figures per strategy, outcomes per kind, the units entered at the wrap-up

FileKey = tuple[int, int]  # (mtime_ns, size) of a day file


@dataclass
class History:
    """The summaries of the stored days asked for, oldest first, and what went wrong."""

    summaries: list[DaySummary] = field(default_factory=list)
    problems: list[StoreError] = field(default_factory=list)
    files_read: int = 0  # day files parsed (not found in the cache, or changed)
    from_cache: int = 0


def load_history(
    paths: Paths,
    start: date | None = None,
    end: date | None = None,
    *,
    use_cache: bool = True,
) -> History:
    """The summaries of the stored days from ``start`` to ``end`` (inclusive; None: no
    limit), read through the cache unless ``use_cache`` is False."""
    with _collector_paused():
        return _load(paths, start, end, use_cache)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the thousands of small dicts a review parses
    and keeps would trigger it over and over (a third of a cold ten-year review). They
    hold no cycles; any garbage others make meanwhile waits for the next collection, which
    can run again as soon as the load is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(paths: Paths, start: date | None, end: date | None, use_cache: bool) -> History:
    history = History()
    days_folder = paths.data_dir / DAYS_FOLDER
    first, last = (start.year if start else 1), (end.year if end else 9999)
    for year, folder in year_folders(days_folder, first, last):
        cache = _YearCache(paths.cache_dir / CACHE_FOLDER / f"days-{year}.json", use_cache)
        for when, path, key in _day_files(folder, year):
            if (start and when < start) or (end and when > end):
                continue
            summary = cache.get(when, key)
            if summary is not None:
                history.from_cache += 1
            else:
                history.files_read += 1
                try:
                    summary = read_summary(Path(path), when)
                except StoreError as error:
                    history.problems.append(error)
                    cache.forget(when)
                    continue
                if summary is None:
                    cache.forget(when)
                    continue
                cache.put(when, key, summary)
            history.summaries.append(summary)
        cache.prune(start, end)
        cache.save()
    return history


def read_summary(path: Path, when: date) -> DaySummary | None:
    """The summary of the day file ``path`` for ``when``; None if it holds no such day.

    Raises StoreError when the file cannot be trusted (as ``Store.load_day`` would).
    """
    try:
        # Unbuffered, one read of the whole file: half the time of Path.read_bytes' layers
        # over years of day files on a cold cache.
        with open(path, "rb", buffering=0) as handle:
            raw = handle.readall()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror})", offer_backup=False) from None
    tables = parse_tables(path, raw)
    record = day_record(
        path, tables.get(DAYS_TABLE, {}).get(when.isoformat()), tables.get(TASKS_TABLE, {}), when
    )
    if record is None:
        return None
    try:
        return summarize_records(record)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        iso = when.isoformat()
        raise StoreError(path, f"has a malformed record for {iso} ({error!r})") from None


# --- the cache rows -------------------------------------------------------------------
# Positional lists, not DaySummary.to_dict(): ten years of them load twice as fast.

_RUNG_BY_VALUE = {rung.value: rung for rung in RUNGS}


def summary_to_row(summary: DaySummary) -> list[Any]:
    """The cache row of ``summary`` (one ``summarize_records`` made: dicts and tuples).
    Its tuples (Figures, KindCount, ``entered``) and dicts go in as they are, not copied
    into lists first: JSON writes a tuple as a list (tests/test_history.py pins the row)."""
    return [
        summary.date.isoformat(),
        summary.template,
        summary.budget_minutes,
        summary.figures,
        {rung.value: figures for rung, figures in summary.rungs.items()},
        summary.channels,
        summary.wins,
        summary.losses,
        summary.measures,
        summary.strategies,
        summary.win_kinds,
        summary.loss_kinds,
        summary.entered,
    ]


def summary_from_row(row: list[Any]) -> DaySummary:
    """Raises KeyError, TypeError, ValueError or IndexError on a malformed row."""
    iso, template, budget, figures, rungs, channels, wins, losses, measures, *foundations = row
    strategies, win_kinds, loss_kinds, entered = foundations
    make = Figures._make
    if len(figures) != len(Figures._fields):
        raise ValueError("figures of another length")
    return DaySummary(
        date=date.fromisoformat(iso),
        template=template,
        figures=make(figures),
        budget_minutes=budget,
        rungs={_RUNG_BY_VALUE[key]: make(value) for key, value in rungs.items()},
        channels={key: make(value) for key, value in channels.items()},
        wins=wins,
        losses=losses,
        measures=measures,
        strategies={key: make(value) for key, value in strategies.items()},
        win_kinds=tuple(map(KindCount._make, win_kinds)),
        loss_kinds=tuple(map(KindCount._make, loss_kinds)),
        entered=tuple(entered),
    )


# --- the files ------------------------------------------------------------------------


def _day_files(folder: Path, year: int) -> Iterator[tuple[date, str, FileKey]]:
    """The day files of a year folder, oldest first, each with its date and file key."""
    found = []
    for entry in os.scandir(folder):
        match = DAY_FILE.fullmatch(entry.name)
        if match is None or int(match[1]) != year:
            continue
        try:
            when = date(year, int(match[2]), int(match[3]))
            stat = entry.stat()
        except (ValueError, OSError):
            continue  # not a real date (Store.check reports it), or gone meanwhile
        found.append((when, entry.path, (stat.st_mtime_ns, stat.st_size)))
    found.sort()
    yield from found


class _YearCache:
    """The cached summaries of one year; every failure just means "not cached"."""

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path = path
        self.enabled = enabled
        self.entries: dict[str, Any] = self._load() if enabled else {}
        self.changed = False
        self.seen: set[str] = set()

    def _load(self) -> dict[str, Any]:
        data = read_cache(self.path, CACHE_VERSION)
        days = data.get("days") if data else None
        return days if isinstance(days, dict) else {}

    def get(self, when: date, key: FileKey) -> DaySummary | None:
        iso = when.isoformat()
        self.seen.add(iso)
        entry = self.entries.get(iso)
        if not isinstance(entry, dict) or entry.get("key") != list(key):
            return None
        try:
            return summary_from_row(entry["summary"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None

    def put(self, when: date, key: FileKey, summary: DaySummary) -> None:
        self.seen.add(when.isoformat())
        self.entries[when.isoformat()] = {"key": list(key), "summary": summary_to_row(summary)}
        self.changed = True

    def forget(self, when: date) -> None:
        if self.entries.pop(when.isoformat(), None) is not None:
            self.changed = True

    def prune(self, start: date | None, end: date | None) -> None:
        """Drop the entries in ``start``..``end`` whose day files are gone (every file
        still there went through ``get`` or ``put``)."""
        for iso in list(self.entries):
            if iso in self.seen:
                continue
            try:
                when = date.fromisoformat(iso)
            except ValueError:
                when = None  # not ours: drop it
            if when is None or ((not start or when >= start) and (not end or when <= end)):
                del self.entries[iso]
                self.changed = True

    def save(self) -> None:
        if not (self.enabled and self.changed):
            return
        # Derived data: if it cannot be written, the next review reads the day files again.
        write_cache(self.path, CACHE_VERSION, {"days": self.entries}, compact=True)


# --- a whole review -------------------------------------------------------------------


def load_review(
    paths: Paths,
    today: date,
    start: date,
    end: date,
    plan: ReviewPlan | Sequence[Goal] = (),
    threshold: float = 1.0,
    *,
    use_cache: bool = True,
) -> tuple[Review, list[StoreError]]:
    """The review of ``start``..``end`` over every stored day and the dated items (the
    streaks and the drop look-backs reach outside the range), and the files that were
    skipped. ``plan``: what today's template declares (or just its goals). Reads years of
    files on a cold cache: call it from a worker in the app."""
    history = load_history(paths, use_cache=use_cache)
    items, broken = live_items(paths.data_dir)  # on top, never cached (review.items)
    summaries = with_items(history.summaries, items, today)
    review = build_review(summaries, today, start, end, plan, threshold)
    return review, history.problems + broken
