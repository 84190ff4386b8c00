"""Files planner writes on the user's disk: atomic replacement, the ``.bak`` beside a file,
and the keys that say whether a file changed since it was last read.

``write_atomically`` writes a temporary file next to the target, flushes and fsyncs it,
renames it over the target and fsyncs the folder: a crash at any instant leaves either the
old or the new file, never a torn one. Leftover temporaries are dot-files ending in
``.tmp`` that no reader looks at; ``temporaries`` finds them for whoever may remove them
(``Store.remove_stale_temporaries``). Inside ``folders_synced_at_end`` (many files written
in one pass: an import) each folder is synced once, at the end of the block.

The copies of a day file kept in ``<data>/backups/YYYY/`` are named here (``kept_copies``),
so that the store's errors can offer them; ``planner.store.backups`` takes them.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from pathlib import Path

# write_atomically's temporaries: mkstemp's ".<target name>.<8 random characters>.tmp".
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
BACKUPS_FOLDER = "backups"
# <data>/backups/YYYY/DATE.<UTC stamp>[-N].json: the day file before a write; with
# ".before-restore", the day file as `planner restore` found it before putting a copy back.
KEPT_COPY = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})\.(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>[1-9]\d*))?"
    r"(?P<aside>\.before-restore)?\.json"
)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def copies_of(path: Path) -> list[Path]:
    """The copies of ``path`` there are, newest first: the ``.bak`` beside it, then (for a
    day file) those in its backups folder."""
    bak = backup_path(path)
    return ([bak] if bak.is_file() else []) + kept_copies(path)


def kept_copies_folder(path: Path) -> Path:
    """``<data>/backups/YYYY`` for the day file ``<data>/days/YYYY/DATE.json``."""
    return path.parent.parent.parent / BACKUPS_FOLDER / path.parent.name


def kept_copies(path: Path) -> list[Path]:
    """The copies of the day file ``path`` in its backups folder, newest first (by their
    names: nothing is read)."""
    try:
        names = os.listdir(kept_copies_folder(path))
    except OSError:
        return []
    found = []
    for name in names:
        match = KEPT_COPY.fullmatch(name)
        if match is not None and match["day"] == path.stem:
            found.append((match["stamp"], int(match["n"] or 1), name))
    return [kept_copies_folder(path) / name for *_, name in sorted(found, reverse=True)]


def temporaries(folder: Path) -> list[Path]:
    """The temporaries ``write_atomically`` left in ``folder`` (a writer killed between
    writing one and renaming it), and those of writers still at work: only a caller that
    knows no writer is at work there may remove them."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in sorted(names) if TEMPORARY.fullmatch(name)]


def remove_temporaries(folders: Iterable[Path], lock: AbstractContextManager[object]) -> int:
    """Remove the temporaries in ``folders`` holding ``lock``, which every writer there holds
    while its temporary exists (so any found then is stale); return how many. Looking takes
    no lock: it is taken only when there are some. OSError when one cannot be removed."""
    folders = list(folders)
    if not any(temporaries(folder) for folder in folders):
        return 0
    removed = 0
    with lock:
        for leftover in (found for folder in folders for found in temporaries(folder)):
            with contextlib.suppress(FileNotFoundError):  # its writer got there first
                leftover.unlink()
                removed += 1
    return removed


def write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` so that a crash leaves the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = path.stat()
    except FileNotFoundError:
        old = None
    # A dot-name ending in .tmp: no reader (and no day scan) ever mistakes it for data.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            if old is not None:
                os.chmod(tmp, old.st_mode & 0o7777)
                # The mtime is the change detector other instances poll; coarse clocks
                # could give two writes the same one, so make it move forward every time.
                stamp = max(time.time_ns(), old.st_mtime_ns + 1)
                os.utime(tmp, ns=(stamp, stamp))
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    unsynced = _unsynced_folders.get()
    if unsynced is None:
        sync_folder(path.parent)
    else:
        unsynced.add(path.parent)


# The folders written to in this thread's ``folders_synced_at_end`` block (None: outside).
_unsynced_folders: ContextVar[set[Path] | None] = ContextVar("unsynced_folders", default=None)


@contextmanager
def folders_synced_at_end() -> Iterator[None]:
    """``write_atomically`` in the block syncs each folder it wrote to once, at the end,
    instead of after every file: an import of ten years writes 3,650 files into ten
    folders. Each file is still replaced atomically (its content synced before the
    rename); the renames are durable when the block ends, so end it before saying done."""
    folders: set[Path] = set()
    token = _unsynced_folders.set(folders)
    try:
        yield
    finally:
        _unsynced_folders.reset(token)
        for folder in sorted(folders):
            sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def files_version(paths: Iterable[Path]) -> int:
    """One number for ``paths`` that changes whenever one of them is replaced, made or
    removed (``file_version`` of each; 0 for an absent one)."""
    versions = []
    for path in paths:
        try:
            versions.append(file_version(os.stat(path)))
        except FileNotFoundError:
            versions.append(0)
    return hash(tuple(versions))


def file_version(stat: os.stat_result) -> int:
    """A number that changes whenever a file is replaced: its mtime, and (for filesystems
    whose clock ticks coarsely, where two writes can share an mtime) its inode, new with
    every atomic replacement, and its size. Compare for equality only; 0 means absent."""
    return hash((stat.st_mtime_ns, stat.st_ino, stat.st_size)) or 1


def file_key(path: Path) -> str | None:
    """Changes whenever the file does (mtime and size); None when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def path_digest(path: Path) -> str:
    import hashlib  # the template cache's alone (a day to build), not at import

    return hashlib.sha1(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
