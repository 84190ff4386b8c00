"""Days on disk: where each day lives, and the only ways planner reads and changes them.

Layout (under the data dir, ``home``)::

    days/
      .lock                    one lock for every read-modify-write of the tree
      2026/
        2026-11-24.json        one TinyDB file per day
        2026-11-24.json.bak    the file as it was before this session's first write to it

Each day file has three tables, every record keyed by a stable string id (never TinyDB's
integers) and stamped with ``updated_at`` (UTC, with offset), so that a data dir synced
through git merges record by record:

- ``_meta``: ``"schema"`` -> ``{"schema_version": 1, "kind": "planner-days"}``
- ``days``: ``"2026-11-24"`` -> the day's header (task_order lists the task ids)
- ``tasks``: ``"2026-11-24/listen-scan"`` -> the task's record, with its ``"date"``

The records themselves are made and read by ``planner.store.day_format`` alone.

Why one file per day and not per month: a toggle re-reads, re-validates and rewrites the
whole file, so its cost follows the size of the file. ``benchmarks/bench_store.py`` prints
the figures: a toggle in a day file takes 1-3 ms with ten years beside it (target < 5 ms),
in a month file 6-10 ms.

Different days never share a file, so concurrent edits (or git merges) of different days
never touch the same file.

Guarantees (see ``planner.store.records`` for the mechanics):

- Every change is one locked read-modify-write of one file: the file is re-read and
  validated under the lock, the change is applied to what is on disk *now*, and the file is
  replaced atomically. A second instance therefore never loses the first one's changes: a
  toggle in one and a count in the other both survive. Reading needs no lock.
- A file that cannot be trusted (empty, not JSON, another shape, not ours, newer schema)
  raises ``StoreError`` naming it, and is never written to.
- Before this Store's first write to an existing file, that file (just validated) is
  copied to ``<file>.bak`` and, as the Store's ``backup_policy`` allows, kept in
  ``<data>/backups/`` (five a day at most; ``remove_stale_temporaries`` clears crashes').
- Folders are created on the first write, never on import or on reading.
- A change that leaves a record as it was writes nothing, and the ``updated_at`` of
  records that did not change is kept, so a sync only shows what really moved. A task
  change does not touch the day's header record, for the same reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from planner.core.model import Day, TaskState, UnknownTask
from planner.store.backup_policy import BackupPolicy
from planner.store.day_format import (
    DAYS_TABLE,
    TASKS_TABLE,
    decode_day,
    decode_task,
    header_record,
    task_key,
    task_record,
)
from planner.store.files import BACKUPS_FOLDER, file_version, remove_temporaries, write_atomically
from planner.store.records import (
    META_TABLE,
    SCHEMA_RECORD,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    RecordDB,
    StoreError,
)
from planner.store.stamps import latest_stamp, settle, stamp_wrap_up, without_stamp
from planner.store.tree import DAYS_FOLDER, date_of, json_files, stored_dates, year_folders
from planner.store.tree_lock import TreeLock
from planner.store.unique_ids import check_unique_ids

Clock = Callable[[], datetime]
TaskChange = Callable[[TaskState], TaskState | None]
Combine = Callable[[Day | None, Day], Day]  # the day stored now and one to restore: to store


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """The days of one data dir (``home``), stored as described in the module docstring.

    ``clock`` gives the time stamped on changed records (tests pass a fixed one) and on
    backups (``backup_policy``). Each call opens its own TinyDB over one file; writes from
    several threads serialise on the same file lock as writes from several processes.
    """

    def __init__(self, home: Path, *, clock: Clock = utc_now) -> None:
        self.home = home
        self.clock = clock
        self.backup_policy = BackupPolicy.EVERY_SESSION
        self._backed_up: set[Path] = set()
        self.tree_lock = TreeLock(self.days_folder)
        self._last_stamp: datetime | None = None

    # --- where things are -------------------------------------------------------------

    @property
    def days_folder(self) -> Path:
        return self.home / DAYS_FOLDER

    def day_file(self, day: date) -> Path:
        """The file that holds ``day`` (which may not exist yet)."""
        return self.days_folder / f"{day:%Y}" / f"{day.isoformat()}.json"

    def data_version(self, day: date) -> int:
        """Changes whenever the day's file is replaced (0 while it does not exist).

        Compare for equality; planner's own writes also make it grow.
        """
        try:
            return file_version(os.stat(self.day_file(day)))
        except FileNotFoundError:
            return 0

    # --- reading ----------------------------------------------------------------------

    def load_day(self, day: date) -> Day | None:
        """The stored day with its tasks in task order, or None if it was never stored."""
        db = self._open(day)
        with db.file.snapshot():
            return self._read_day(db, day)

    def days_between(self, start: date, end: date) -> list[Day]:
        """The stored days from ``start`` to ``end`` inclusive, oldest first."""
        days: list[Day] = []
        for stored in stored_dates(self.days_folder, start.year, end.year):
            if start <= stored <= end:
                loaded = self.load_day(stored)
                if loaded is not None:
                    days.append(loaded)
        return days

    def day_dates(self) -> list[date]:
        """Every date with a day file, oldest first (a scan of file names: nothing is read)."""
        return list(stored_dates(self.days_folder))

    def check(self) -> list[StoreError]:
        """Every problem with the files of the days tree; reads them all, writes nothing."""
        problems: list[StoreError] = []
        for path in json_files(self.days_folder):
            found = date_of(path)
            if found is None:
                expected = "YYYY/YYYY-MM-DD.json, a real date in its year's folder"
                problems.append(
                    StoreError(
                        path,
                        f"is not named like a day file ({expected}), so planner ignores it",
                        "Rename it or move it out of the days folder.",
                    )
                )
                continue
            try:
                if self.load_day(found) is None:
                    problems.append(StoreError(path, f"holds no record for {found.isoformat()}"))
            except StoreError as error:
                problems.append(error)
        return problems

    # --- changing ---------------------------------------------------------------------

    def ensure_day(self, day: Day) -> Day:
        """The stored ``day.date``; if there is none yet, ``day`` is stored (in one write).

        Another instance may have created the day first: its version wins and is returned.
        """
        check_unique_ids(day)
        db = self._open(day.date)
        with self._changing(db):
            stored = self._read_day(db, day.date)
            if stored is not None:
                return stored
            unstamped = day.updated_at is None or any(not task.updated_at for task in day.tasks)
            stamp = self._stamp(db) if unstamped or day.created_at is None else ""
            header = header_record(day)
            header["created_at"] = header["created_at"] or stamp
            header["updated_at"] = header["updated_at"] or stamp
            db.records(DAYS_TABLE).put({day.date.isoformat(): header})
            records = {
                task_key(day.date, task.id): task_record(day.date, task, task.updated_at or stamp)
                for task in day.tasks
            }
            db.records(TASKS_TABLE).put(records)
            created = self._require_day(db, day.date)
        return self._versioned(db, created)

    def update_task(self, day: date, task_id: str, change: TaskChange) -> TaskState:
        """Apply ``change`` to the task as stored now, stamp it and write it; return it.

        ``change`` gets a copy of the stored task and returns the changed task, or changes
        the copy in place and returns None. If it raises, nothing is written. Raises
        UnknownTask if the day has no such task.
        """
        db = self._open(day)
        key = task_key(day, task_id)
        with self._changing(db):
            tasks = db.records(TASKS_TABLE)
            record = tasks.record(key)
            if record is None:
                raise UnknownTask(task_id, self._require_day(db, day))
            before = decode_task(db.file.path, key, record)
            working = before.copy()
            result = change(working)
            after = working if result is None else result
            if after.id != task_id:
                raise ValueError(f"a change to task {task_id!r} returned task {after.id!r}")
            new = task_record(day, after, before.updated_at)
            if without_stamp(new) == without_stamp(record):
                return before
            new["updated_at"] = self._stamp(db)
            tasks.put({key: new})
            return decode_task(db.file.path, key, new)

    def change_day(self, day: date, change: Callable[[Day], Day | None]) -> Day:
        """Store what ``change`` makes of the day as stored now, under the lock (a re-sync,
        a timer, the wrap-up): header and tasks, dropping tasks the result no longer has.
        Records that come out unchanged keep their ``updated_at``; the day keeps its first
        ``created_at``.

        ``change`` gets the stored day and returns the new one, or changes it in place and
        returns None. If it raises, nothing is written. StoreError if the day was never
        stored.
        """
        db = self._open(day)
        with self._changing(db):
            stored = self._read_day(db, day)
            if stored is None:
                raise StoreError(db.file.path, f"holds no day {day.isoformat()} to change")
            result = change(stored)
            new = stored if result is None else result
            if new.date != day:
                raise ValueError(f"a change to {day.isoformat()} returned {new.date.isoformat()}")
            check_unique_ids(new)
            self._write_day(db, new)
            changed = self._require_day(db, day)
        return self._versioned(db, changed)

    def restore_day(self, day: Day, combine: Combine | None = None) -> None:
        """Store ``day`` with the stamps it carries (an import), under the lock.

        ``combine`` gets the day as stored now (None if there is none) and ``day``, and
        returns what to store (a merge; it may raise to refuse, and nothing is written);
        without it ``day`` replaces what is stored. Unlike ``change_day``, records keep
        their own ``updated_at`` (now only if they have none), so a later merge or sync
        still sees when each one really changed. Tasks the result lacks are dropped.
        Unlike ``change_day``'s, the result is not read back: both days were checked coming in.
        """
        db = self._open(day.date)
        with self._changing(db):
            stored = self._read_day(db, day.date)
            new = day if combine is None else combine(stored, day)
            if new.date != day.date:
                raise ValueError(f"restoring {day.date.isoformat()} gave {new.date.isoformat()}")
            check_unique_ids(new)
            self._write_day(db, new, keep_stamps=True)

    def remove_stale_temporaries(self) -> int:
        """Remove the temporaries writers killed mid-write left in the days and backups
        folders, under the lock (``files.remove_temporaries``); return how many."""
        bases = (self.days_folder, self.home / BACKUPS_FOLDER)
        try:
            return remove_temporaries([f for b in bases for _, f in year_folders(b)], self.locked())
        except OSError as error:
            problem = f"is a temporary file left by a crash that could not be removed ({error})"
            raise StoreError(Path(error.filename or ""), problem, offer_backup=False) from error

    # --- inside -----------------------------------------------------------------------

    def _open(self, day: date) -> RecordDB:
        return RecordDB(
            self.day_file(day),
            storage=AtomicJSONStorage,
            lock=self.tree_lock.file_lock,
            backed_up=self._backed_up,
            keep=self._keep_backup,
            lock_timeout=lambda: self.tree_lock.timeout,
        )

    def _keep_backup(self, path: Path, raw: bytes) -> Path | None:
        # Loaded by the first write over an existing day file, not at start-up.
        from planner.store.backups import keep_backup

        return keep_backup(path, raw, self.clock(), self.backup_policy)

    def locked(
        self, *, wait: bool = True, give_up: Callable[[], bool] | None = None
    ) -> AbstractContextManager[None]:
        """The lock every change of the days tree takes (``TreeLock.held``)."""
        return self.tree_lock.held(wait=wait, give_up=give_up)

    @contextmanager
    def _changing(self, db: RecordDB) -> Iterator[None]:
        """A transaction on the file of ``db``, its records first brought to this schema."""
        with db.file.transaction():
            self._migrate(db)
            yield

    def _migrate(self, db: RecordDB) -> None:
        """Rewrite the day headers of an older schema in this one's shapes, after keeping
        the file as it was in ``<file>.v<N>.bak`` (once: the ``.bak`` of each session's first
        write moves on). Version 1 to 2: wins and losses get ids and stamps, the wrap-up
        fields their own stamps."""
        meta = db.records(META_TABLE).record(SCHEMA_RECORD) or {}
        version = meta.get("schema_version", SCHEMA_VERSION)
        if version >= SCHEMA_VERSION:
            return
        path, headers = db.file.path, db.records(DAYS_TABLE)
        tasks = db.records(TASKS_TABLE).records()
        upgraded = {}
        for iso, header in headers.records().items():
            try:
                when = date.fromisoformat(iso)
            except ValueError:
                raise StoreError(path, f"has a day record named {iso!r}, not a date") from None
            day = decode_day(path, header, tasks, when)
            if day is not None:
                upgraded[iso] = {**header_record(day), "updated_at": header.get("updated_at")}
        old = db.file.raw
        kept = path.with_name(f"{path.name}.v{version}.bak")
        if old is not None and not kept.exists():
            write_atomically(kept, old)
        headers.put(upgraded)

    def _stamp(self, db: RecordDB) -> str:
        """Now, as the ``updated_at`` of a change to the file of ``db`` (read under the lock).

        Stamps never go backwards on one machine: a new one is at least a microsecond after
        the latest this Store wrote and the latest in the file, whatever the clock says (a
        clock set back, or two writes within its resolution), so the newer change always
        has the newer stamp when records are merged.
        """
        now = self.clock().astimezone(UTC)
        floor = max(filter(None, (self._last_stamp, latest_stamp(db))), default=None)
        if floor is not None and now <= floor:
            now = floor + timedelta(microseconds=1)
        self._last_stamp = now
        return now.isoformat()

    def _write_day(self, db: RecordDB, day: Day, *, keep_stamps: bool = False) -> None:
        """Make the stored ``day`` equal ``day``, touching only records that change. A
        changed record is stamped now, or keeps the stamp it carries (``keep_stamps``: an
        import, see ``restore_day``)."""
        iso, stamp = day.date.isoformat(), self._stamp(db)
        headers, tasks = db.records(DAYS_TABLE), db.records(TASKS_TABLE)
        old_header = headers.record(iso)
        header = header_record(day)
        if not keep_stamps and old_header is not None and old_header.get("created_at"):
            header["created_at"] = old_header["created_at"]
        header["created_at"] = header["created_at"] or stamp
        if not keep_stamps:
            stamp_wrap_up(header, old_header, stamp)
        if settle(header, old_header, stamp, keep_stamps=keep_stamps):
            headers.put({iso: header})

        stored = {key: rec for key, rec in tasks.records().items() if key.startswith(f"{iso}/")}
        changed: dict[str, dict[str, Any]] = {}
        for task in day.tasks:
            key = task_key(day.date, task.id)
            new = task_record(day.date, task, task.updated_at)
            if settle(new, stored.get(key), stamp, keep_stamps=keep_stamps):
                changed[key] = new
        if changed:
            tasks.put(changed)
        wanted = {task_key(day.date, task.id) for task in day.tasks}
        stale = [key for key in stored if key not in wanted]
        if stale:
            tasks.drop(stale)

    def _read_day(self, db: RecordDB, day: date) -> Day | None:
        header = db.records(DAYS_TABLE).record(day.isoformat())
        if header is None:
            return None
        found = decode_day(db.file.path, header, db.records(TASKS_TABLE).records(), day)
        return None if found is None else self._versioned(db, found)

    @staticmethod
    def _versioned(db: RecordDB, day: Day) -> Day:
        """``day`` marked with the version of the file as last read or written."""
        day.version = db.file.version
        return day

    def _require_day(self, db: RecordDB, day: date) -> Day:
        stored = self._read_day(db, day)
        if stored is None:  # written just now, or read under the lock a moment ago
            raise StoreError(db.file.path, f"holds no day {day.isoformat()}")
        return stored
