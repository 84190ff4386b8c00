"""Files planner writes on the user's disk: atomic replacement, the ``.bak`` beside a file,
and the keys that say whether a file changed since it was last read.

``write_atomically`` writes a temporary file next to the target, flushes and fsyncs it,
renames it over the target and fsyncs the folder: a crash at any instant leaves either the
old or the new file, never a torn one. Leftover temporaries are dot-files ending in
``.tmp`` that no reader looks at.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


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
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    return hashlib.sha1(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
