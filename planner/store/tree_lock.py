"""The one lock of a days tree (``<days>/.lock``): every change of a day file, every git
merge of them, and the removal of stale temporaries hold it.

One lock for the whole tree: a lock file per day file would double the files (and lock
files must stay behind: deleting them while others wait is racy). filelock is imported on
the lock's first use (the app's first frame needs none: it reads, then creates a new day).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError
from planner.store.records import LOCK_TIMEOUT_SECONDS, holding

if TYPE_CHECKING:
    from filelock import BaseFileLock


class LockBusy(PlannerError):
    """Another planner (or a sync) holds the lock of the days right now (see ``TreeLock.held``)."""


class TreeLock:
    """The lock of the days tree in ``folder``; re-entrant within a thread."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.timeout = LOCK_TIMEOUT_SECONDS  # how long ``held`` waits (tests shorten it)
        self._lock: BaseFileLock | None = None

    def file_lock(self) -> BaseFileLock:
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(str(self.folder / ".lock"))
        return self._lock

    @contextmanager
    def held(
        self, *, wait: bool = True, give_up: Callable[[], bool] | None = None
    ) -> Iterator[None]:
        """The lock held for the ``with`` block: while git merges day files, no planner
        reads a half-merged file or writes meanwhile. This thread's changes in the block
        take it again at once. Another planner holding it is waited for up to ``timeout``
        (then StoreError; sooner once ``give_up`` returns true: an app quitting), or with
        ``wait=False`` not at all: LockBusy (an app must not freeze)."""
        from filelock import Timeout

        lock, taken = self.file_lock(), False
        try:
            if not wait:
                lock.acquire(timeout=0)  # then held once more below, at once
                taken = True
        except Timeout:
            raise LockBusy(f"another planner (or a sync) holds {lock.lock_file}") from None
        except OSError:
            pass  # no folder for it yet, or one refusing a lock file: ``holding`` sees to it
        try:
            with holding(lock, self.folder, self.timeout, what=" (or a sync)", give_up=give_up):
                yield
        finally:
            if taken:
                lock.release()
