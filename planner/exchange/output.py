"""Writing an export where the user asked: to the file a path names, whatever that path is.

``write_output(path, content)`` writes through to what ``path`` is:

- A regular file, or a new file in an existing folder: replaced atomically (a temporary file
  beside it, flushed, fsynced and renamed over it, then the folder fsynced), keeping the
  old file's mode (and, where allowed, its owner). A new file gets the usual mode for the
  umask, as any program's would.
- A symlink to a regular file (through any chain of links): the link stays a link and the
  file it leads to gets the content, written atomically beside *that* file.
- ``-`` as typed means standard output: ``is_stdout(text)`` tells the caller (the command
  line prints instead; the app, which has no standard output to give, refuses it). It is
  checked on the text, because ``Path("./-")`` is ``Path("-")``: once a path, it is a file
  named ``-``, so ``./-`` still writes one.

Refused with ``OutputError`` naming the path and what it is, before anything is opened
(so a FIFO never blocks): a folder, a character or block device, a FIFO, a socket, a
dangling symlink (named with where it points: writing would create a file at a place
the user may not expect), and a path whose folder does not exist or is not a folder
(planner never creates folders for an export).

``planner.store.files.write_atomically`` is the other atomic writer: for planner's own
data files, whose folders it creates and whose new files are private (``mkstemp``'s 0600).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from planner.errors import PlannerError
from planner.store.files import sync_folder

STDOUT = "-"

KINDS: tuple[tuple[int, str], ...] = (
    (stat.S_IFDIR, "a folder"),
    (stat.S_IFCHR, "a character device"),
    (stat.S_IFBLK, "a block device"),
    (stat.S_IFIFO, "a named pipe (FIFO)"),
    (stat.S_IFSOCK, "a socket"),
)


class OutputError(PlannerError):
    """A place an export cannot be written to; the message names it and says why."""


def is_stdout(text: str) -> bool:
    """True for ``-`` as the user typed it, which means standard output."""
    return text == STDOUT


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in the user's words."""
    for kind, words in KINDS:
        if stat.S_IFMT(mode) == kind:
            return words
    return "not a regular file"


def write_output(path: Path, content: bytes) -> Path:
    """Write ``content`` to what ``path`` is (see the module docstring) and return the file
    that now holds it: ``path`` itself, or the file a symlink leads to. OutputError when
    ``path`` is not a place for a file, or the write fails."""
    target = resolve_target(path)
    try:
        replace_file(target, content)
    except OSError as error:
        where = "" if target == path else f" (the file it links to, {target})"
        raise OutputError(f"cannot write {path}{where}: {reason(error)}") from error
    return target


def resolve_target(path: Path) -> Path:
    """The regular file (existing or not yet) that writing ``path`` should replace."""
    try:
        found = os.stat(path)  # follows symlinks; never opens, so a FIFO cannot block
    except FileNotFoundError:
        return new_file(path)
    except NotADirectoryError:
        raise OutputError(f"cannot write {path}: {blocking_file(path)} is not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {reason(error)}") from error
    if stat.S_ISREG(found.st_mode):
        # Only the last step matters: a linked folder on the way is still the file's folder.
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    what = kind_of(found.st_mode)
    if path.is_symlink():
        leads_to = os.path.realpath(path)
        raise OutputError(f"cannot write {path}: it links to {leads_to}, {what}, not a file")
    raise OutputError(f"cannot write {path}: it is {what}, not a file")


def new_file(path: Path) -> Path:
    """``path`` that does not exist: a file to create, unless it is a dangling symlink or its
    folder is missing."""
    if path.is_symlink():
        raise OutputError(
            f"cannot write {path}: it is a symlink to {os.readlink(path)}, which does not "
            "exist; create that file first, or remove the link"
        )
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {path}: folder {folder} does not exist (planner does not create "
            "folders for an export)"
        )
    return path


def blocking_file(path: Path) -> Path:
    """The first folder on the way to ``path`` that is something else (a file)."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return folder
    return path.parent


def reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a symlink that leads round in a loop"
    return (error.strerror or str(error)).lower()


def replace_file(target: Path, content: bytes) -> None:
    """Replace ``target`` atomically: a temporary beside it, renamed over it."""
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    tmp, fd = create_temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            if old is not None:
                keep_mode_and_owner(handle.fileno(), old)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def create_temporary(target: Path) -> tuple[Path, int]:
    """A new dot-file beside ``target``, created with mode 0666 so the umask applies, as it
    would to a file any program creates (``mkstemp``'s 0600 would hide an export from the
    user's other tools)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue


def keep_mode_and_owner(fd: int, old: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) != (old.st_uid, old.st_gid):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)  # root writing a user's file: still theirs
        except PermissionError:
            pass  # only root may give a file away; the file is then the writer's
        else:
            os.fchmod(fd, stat.S_IMODE(old.st_mode))  # chown clears setuid/setgid bits
