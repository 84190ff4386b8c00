"""Backups of day files: up to five copies of each in ``<data>/backups/YYYY/``, taken before
planner writes over the file, and ``planner restore``'s list of them and putting one back.

Layout (the names are ``planner.store.files``'s, so that the store's errors can offer the
copies)::

    backups/
      2026/
        2026-11-24.20261124T083015Z.json                  the day file before a write
        2026-11-24.20261124T101500Z.before-restore.json   the day file `planner restore` replaced

The stamp is when the copy was taken (UTC, by the store's clock; ``-2``, ``-3`` … when two
share a second). The folder is never synced (``planner.remote.repo`` excludes it).

When a copy is taken (``keep_backup``): the store calls it under the lock, before a writer's
first write over a day file, with the bytes it has just read and validated, beside the
``.bak`` (so a damaged file is never copied), and as the writer's ``BackupPolicy`` (in
``planner.store.backup_policy``, so that naming it loads nothing of this module) allows:

- ``EVERY_SESSION`` (the app): the first write to each day in each session takes one.
- ``HOURLY`` (the commands): the same, unless the day's latest copy is less than an hour
  old, so a burst of commands cannot push the app's good copies out.

Beyond ``MAX_BACKUPS`` copies of a day the oldest are removed. The files ``put_back`` keeps
aside are not counted and never removed: planner never deletes a day file's contents.

``backups_of`` lists the copies of a day, newest first, each read (task counts, or what is
wrong with it): the ``.bak`` beside the day file first (the file before the latest
session's first write), then the copies here. ``put_back`` (taking the store's lock) copies
one over the day file, after keeping the file as it was in ``*.before-restore.json``.
"""

from __future__ import annotations

import itertools
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from planner.core.model import Day
from planner.errors import PlannerError
from planner.store.backup_policy import BackupPolicy
from planner.store.day_format import DAYS_TABLE, TASKS_TABLE, decode_day
from planner.store.files import (
    KEPT_COPY,
    backup_path,
    kept_copies,
    kept_copies_folder,
    write_atomically,
)
from planner.store.records import StoreError, parse_tables
from planner.store.tree import date_of

MAX_BACKUPS = 5
HOURLY_GAP = timedelta(hours=1)
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
ASIDE_SUFFIX = ".before-restore"


class BackupKind(StrEnum):
    BESIDE = "beside the day file"  # the .bak
    TAKEN = "taken before a write"
    ASIDE = "kept aside by planner restore"


@dataclass(frozen=True)
class FileState:
    """A day file or one of its copies, as read: the day, or ``problem`` saying why it
    cannot be used (it is then never put back)."""

    path: Path
    exists: bool
    raw: bytes | None  # None: there is no such file, or it cannot be opened
    day: Day | None
    problem: str = ""

    @property
    def usable(self) -> bool:
        return self.day is not None


@dataclass(frozen=True)
class Backup:
    number: int  # 1 is the newest: what ``put_back`` is given
    kind: BackupKind
    taken: datetime  # aware; the .bak's is when it was last written
    state: FileState
    same_as_current: bool  # byte for byte the day file as it is now


@dataclass(frozen=True)
class DayBackups:
    """A day file as it is now and its copies, newest first."""

    day: date
    current: FileState
    backups: list[Backup]


@dataclass(frozen=True)
class PutBack:
    """What ``put_back`` did: ``backup`` is the day file now; the file it replaced was kept
    as ``kept_aside`` (None: there was no day file)."""

    backup: Backup
    kept_aside: Path | None


class CannotPutBack(PlannerError):
    """`planner restore DATE --pick N` asked for a copy that is not there or cannot be used."""


# --- taking copies --------------------------------------------------------------------


def keep_backup(path: Path, content: bytes, now: datetime, policy: BackupPolicy) -> Path | None:
    """Keep ``content`` (the day file ``path``, just validated) as a copy taken ``now``, if
    ``policy`` allows; the copies beyond MAX_BACKUPS go. The lock must be held. Returns the
    copy, or None when none was taken (not a day file, or the hour is not over)."""
    if date_of(path) is None:
        return None
    taken = [copy for copy in kept_copies(path) if not is_aside(copy)]
    if policy is BackupPolicy.HOURLY and taken:
        latest = stamp_of(taken[0])
        if latest is not None and abs(now - latest) < HOURLY_GAP:
            return None
    copy = unused_copy(path, now)
    write_atomically(copy, content)
    for old in [copy, *taken][MAX_BACKUPS:]:
        old.unlink(missing_ok=True)
    return copy


def unused_copy(path: Path, now: datetime, suffix: str = "") -> Path:
    """A name for a copy of ``path`` taken ``now`` that no file has yet."""
    folder, stamp = kept_copies_folder(path), now.astimezone(UTC).strftime(STAMP_FORMAT)
    for n in itertools.count(1):
        name = f"{path.stem}.{stamp}{f'-{n}' if n > 1 else ''}{suffix}.json"
        if not (folder / name).exists():
            return folder / name
    raise AssertionError("unreachable")  # itertools.count never ends


def stamp_of(copy: Path) -> datetime | None:
    match = KEPT_COPY.fullmatch(copy.name)
    if match is None:
        return None
    return datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)


def is_aside(copy: Path) -> bool:
    return copy.name.endswith(f"{ASIDE_SUFFIX}.json")


# --- listing and putting back -----------------------------------------------------------


def read_state(path: Path, day: date) -> FileState:
    """``path`` read as a file holding ``day``; never raises."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return FileState(path, False, None, None, "does not exist")
    except OSError as error:
        return FileState(path, True, None, None, f"cannot be read ({error.strerror or error})")
    try:
        tables = parse_tables(path, raw)
        iso = day.isoformat()
        found = decode_day(
            path, tables.get(DAYS_TABLE, {}).get(iso), tables.get(TASKS_TABLE, {}), day
        )
    except StoreError as error:
        return FileState(path, True, raw, None, error.problem)
    if found is None:
        return FileState(path, True, raw, None, f"holds no day {day.isoformat()}")
    return FileState(path, True, raw, found)


def backups_of(path: Path, day: date) -> DayBackups:
    """The day file ``path`` of ``day`` as it is now, and its copies, newest first (the
    ``.bak`` beside it first); each is read."""
    current = read_state(path, day)
    found: list[tuple[BackupKind, datetime, Path]] = []
    bak = backup_path(path)
    if bak.is_file():
        found.append((BackupKind.BESIDE, datetime.fromtimestamp(bak.stat().st_mtime, UTC), bak))
    for copy in kept_copies(path):
        kind = BackupKind.ASIDE if is_aside(copy) else BackupKind.TAKEN
        found.append((kind, stamp_of(copy) or datetime.min.replace(tzinfo=UTC), copy))
    backups = []
    for number, (kind, taken, copy) in enumerate(found, start=1):
        state = read_state(copy, day)
        same = state.raw is not None and state.raw == current.raw
        backups.append(Backup(number, kind, taken, state, same))
    return DayBackups(day, current, backups)


def put_back(
    path: Path, day: date, number: int, now: datetime, lock: AbstractContextManager[object]
) -> PutBack:
    """Make backup ``number`` of ``backups_of(path, day)`` the day file again, holding
    ``lock`` (the store's), after keeping the day file as it is (readable or not) as a
    ``.before-restore`` copy taken ``now``. CannotPutBack when there is no such backup or
    it cannot be used: nothing is written then (nor any lock taken)."""
    picked(backups_of(path, day), number)
    with lock:
        return put_back_locked(path, day, number, now)


def put_back_locked(path: Path, day: date, number: int, now: datetime) -> PutBack:
    """``put_back`` once the lock is held: the copies listed again, as they are now."""
    listed = backups_of(path, day)
    chosen = picked(listed, number)
    assert chosen.state.raw is not None  # picked: it was read
    if listed.current.exists and listed.current.raw is None:  # not a file planner can open
        raise CannotPutBack(f"{path} {listed.current.problem}: move it aside first")
    aside = None
    try:
        if listed.current.raw is not None:
            aside = unused_copy(path, now, ASIDE_SUFFIX)
            write_atomically(aside, listed.current.raw)
        write_atomically(path, chosen.state.raw)
    except OSError as error:
        raise StoreError(
            path,
            f"could not be replaced by backup {number} ({error.strerror or error})",
            "Check the free space and permissions of the data folder, then try again.",
            offer_backup=False,
        ) from error
    return PutBack(chosen, aside)


def picked(listed: DayBackups, number: int) -> Backup:
    """Backup ``number`` of ``listed``; CannotPutBack when there is none such, or it cannot
    be used."""
    iso = listed.day.isoformat()
    if not listed.backups:
        raise CannotPutBack(f"{iso} has no backups: there is nothing to put back")
    if not 1 <= number <= len(listed.backups):
        raise CannotPutBack(
            f"{iso} has {len(listed.backups)} backup(s): pick 1 to {len(listed.backups)} "
            f"(`planner restore {iso}` lists them)"
        )
    chosen = listed.backups[number - 1]
    if not chosen.state.usable or chosen.state.raw is None:
        raise CannotPutBack(
            f"backup {number} of {iso} ({chosen.state.path}) {chosen.state.problem}: "
            f"pick another (`planner restore {iso}` lists them)"
        )
    return chosen
