"""The days tree on disk: ``days/YYYY/YYYY-MM-DD.json``, and finding its files by name (no
file is read here). Shared by the store and the review's history, which scan it alike."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

DAYS_FOLDER = "days"
YEAR_FOLDER = re.compile(r"\d{4}")
DAY_FILE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\.json")


def year_folders(days_folder: Path, first: int = 1, last: int = 9999) -> Iterator[tuple[int, Path]]:
    """The year folders from ``first`` to ``last``, oldest first."""
    try:
        entries = sorted(os.scandir(days_folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        name = entry.name
        if YEAR_FOLDER.fullmatch(name) and first <= int(name) <= last and entry.is_dir():
            yield int(name), Path(entry.path)


def date_of(path: Path) -> date | None:
    """The date a day file is named for, if it is named and placed as one."""
    match = DAY_FILE.fullmatch(path.name)
    if match is None or path.parent.name != match[1]:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def stored_dates(days_folder: Path, first: int = 1, last: int = 9999) -> Iterator[date]:
    """The dates with a day file, oldest first."""
    for _, folder in year_folders(days_folder, first, last):
        found = [date_of(folder / entry.name) for entry in os.scandir(folder)]
        yield from sorted(day for day in found if day is not None)


def json_files(days_folder: Path) -> Iterator[Path]:
    """Every visible ``*.json`` in the year folders (temporaries are dot-files)."""
    for _, folder in year_folders(days_folder):
        names = sorted(entry.name for entry in os.scandir(folder) if entry.is_file())
        for name in names:
            if name.endswith(".json") and not name.startswith("."):
                yield folder / name
