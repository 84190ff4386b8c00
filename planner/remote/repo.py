"""The data folder as a git repository synced with a remote: `planner remote add`, `sync`,
`status` and `remove`.

What is synced: the ``days/`` tree, the dated items (``items/``) and the other record
files (``planner.store.record_files``), the user's ``templates/`` and the shared
``settings.yaml`` (see planner.remote.layout). Lock files, backups (``*.bak`` and
``backups/``), temporaries, ``conflicts/`` and the app's ``state.json`` stay out (in
``.git/info/exclude``); day files and record files merge by record through planner's own
driver (registered in the repository's ``.git/config`` and ``.git/info/attributes`` on
every sync: nothing global, nothing committed). A sync commits what changed here,
fetches, merges with the data lock held (so no window reads a half-merged day or writes
meanwhile) and pushes. Only one
planner syncs a folder at a time.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from planner.config import SHARED_SETTINGS_FILE_NAME
from planner.remote.conflicts import finish, merging, settle
from planner.remote.git import (
    LOCAL_TIMEOUT_SECONDS,
    GitError,
    Offline,
    allow_network_commands,
    git,
)
from planner.remote.merge_driver import read_days
from planner.store.days import Store
from planner.store.files import write_atomically
from planner.store.record_files import RECORD_FILES, kind_of, read_file
from planner.store.records import StoreError, exclusive
from planner.store.tree import date_of
from planner.store.ui_state import UI_STATE_FILE_NAME

BRANCH = "main"
REMOTE = "origin"
DRIVER = "planner-day"
RECORD_ROOTS = tuple(dict.fromkeys(kind.root for kind in RECORD_FILES))  # items/, ideas.json
SYNCED = ("days", *RECORD_ROOTS, "templates", SHARED_SETTINGS_FILE_NAME)
# Merged by planner's driver: the days, and each record file (anchored at the data dir).
MERGED_BY_RECORD = ("days/**/*.json", *(f"/{kind.pattern}" for kind in RECORD_FILES))
# Never synced: each machine's own lock, backups (planner.store.backups), temporaries,
# conflict copies set aside, and what the app remembers on this machine (the first-run hint).
EXCLUDED = (
    "days/.lock",
    "*.lock",
    "*.bak",
    ".*.tmp",
    "/conflicts/",
    "/backups/",
    f"/{UI_STATE_FILE_NAME}",
)
STATE_FILE = "planner-sync.json"  # in .git: when the last sync went through, and how
SYNC_LOCK = "planner-sync.lock"
SYNC_LOCK_SECONDS = 5.0


@dataclass(frozen=True)
class RemoteStatus:
    """What `planner remote status` says (``--json`` prints these keys)."""

    remote: str | None
    last_sync: str | None
    ahead: int
    behind: int
    local_changes: int
    state: str  # "no remote", "synced", "changes waiting", "offline", "stopped"
    reason: str = ""  # why it stopped (or could not reach the remote)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def is_repository(folder: Path) -> bool:
    return (folder / ".git").is_dir()


def add(folder: Path, url: str) -> None:
    """Make ``folder`` a repository on ``main`` if it is not one, point it at ``url``."""
    folder.mkdir(parents=True, exist_ok=True)
    if not is_repository(folder):
        git(folder, "init", "-q", "-b", BRANCH)
    if remote_url(folder) is None:
        git(folder, "remote", "add", REMOTE, url)
    else:
        git(folder, "remote", "set-url", REMOTE, url)


def remove(folder: Path) -> None:
    """Forget the remote; the repository and its history stay."""
    if is_repository(folder) and remote_url(folder) is not None:
        git(folder, "remote", "remove", REMOTE)
    (folder / ".git" / STATE_FILE).unlink(missing_ok=True)


def remote_url(folder: Path) -> str | None:
    if not is_repository(folder):
        return None
    found = git(folder, "remote", "get-url", REMOTE, check=False)
    return found.stdout.strip() or None if found.returncode == 0 else None


def sync(folder: Path, time_limit: float | None = None) -> None:
    """Commit, fetch, merge by record, push. Offline when the remote cannot be reached
    (what was committed stays, the next sync sends it) or the network part takes more than
    ``time_limit`` seconds (git is then stopped: at quit, say); GitError when git refuses."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    allow_network_commands()  # a stop was for the syncs before this one

    def network_time() -> float | None:
        return None if deadline is None else max(0.1, deadline - time.monotonic())

    if remote_url(folder) is None:
        raise GitError("no remote is set: run `planner remote add URL` first")
    store = Store(folder)
    with exclusive(folder / ".git" / SYNC_LOCK, folder, SYNC_LOCK_SECONDS, " (a sync)"):
        clear_stale_index_lock(folder)
        configure(folder)
        try:
            with store.locked():
                if merging(folder):
                    finish(folder)  # a merge the user settled, or one a killed sync left
                commit_local(folder)  # kept for the next sync, should the fetch fail
            # No lock held while fetching: it may be slow.
            git(folder, "fetch", "-q", REMOTE, network=True, timeout=network_time())
            # Commit and merge as one, under the data lock: no window writes in between,
            # and none reads a day file while git rewrites it.
            with store.locked():
                commit_local(folder)
                if has_ref(folder, f"{REMOTE}/{BRANCH}"):
                    merge(folder)
            if has_ref(folder, "HEAD"):
                push = ("push", "-q", "-u", REMOTE, BRANCH)
                git(folder, *push, network=True, timeout=network_time())
        except Offline as error:
            remember(folder, "offline", str(error))
            raise
        except GitError as error:
            remember(folder, "stopped", str(error))
            raise
        remember(folder, "synced")


def clear_stale_index_lock(folder: Path) -> None:
    """A sync killed mid-way leaves git's index.lock; with the sync lock held, one older
    than any git planner runs is such a leftover (a younger one may be the user's git)."""
    lock = folder / ".git" / "index.lock"
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return
    if age > LOCAL_TIMEOUT_SECONDS:
        lock.unlink(missing_ok=True)


def configure(folder: Path) -> None:
    """The driver, the attribute and the ignores, in this repository only; again on each
    sync (the interpreter's path may have changed)."""
    info = folder / ".git" / "info"
    info.mkdir(parents=True, exist_ok=True)
    exclude = info / "exclude"
    have = exclude.read_text(encoding="utf-8").splitlines() if exclude.exists() else []
    missing = [line for line in EXCLUDED if line not in have]
    if missing:
        write_atomically(exclude, "\n".join([*have, *missing, ""]).encode("utf-8"))
    attributes = "".join(f"{pattern} merge={DRIVER}\n" for pattern in MERGED_BY_RECORD)
    write_atomically(info / "attributes", attributes.encode("utf-8"))
    command = f'"{sys.executable}" -m planner.remote.merge_driver %O %A %B %P'
    git(folder, "config", f"merge.{DRIVER}.name", "planner: day and item files merged by record")
    git(folder, "config", f"merge.{DRIVER}.driver", command)
    if not git(folder, "config", "user.email", check=False).stdout.strip():
        git(folder, "config", "user.email", f"planner@{socket.gethostname()}.invalid")
    if not git(folder, "config", "user.name", check=False).stdout.strip():
        git(folder, "config", "user.name", f"planner on {socket.gethostname()}")


def commit_local(folder: Path) -> None:
    """What changed here since the last commit (and a settled merge's result); a day file
    (or record file) planner cannot trust stops it, named, so that it never reaches another
    machine."""
    check_changed_days(folder)
    tracked = {line.split("/")[0] for line in git(folder, "ls-files").stdout.splitlines()}
    names = [name for name in SYNCED if name in tracked or (folder / name).exists()]
    if names:  # git refuses a path that matches nothing
        git(folder, "add", "-A", "--", *names)
    staged = git(folder, "diff", "--cached", "--quiet", check=False).returncode != 0
    if merging(folder):
        git(folder, "commit", "-q", "--no-edit")
    elif staged:
        git(folder, "commit", "-q", "-m", f"planner: changes on {socket.gethostname()}")


def check_changed_days(folder: Path) -> None:
    listed = git(
        folder,
        "--no-optional-locks",
        "status",
        "--porcelain",
        "-z",
        "-uall",
        "--",
        "days",
        *RECORD_ROOTS,
    ).stdout
    for entry in filter(None, listed.split("\0")):
        name = entry[3:]
        path = folder / name
        kind = kind_of(name)
        is_day = name.endswith(".json") and date_of(path) is not None
        if not (is_day or kind is not None) or not path.exists():
            continue
        try:
            if kind is not None:
                read_file(path, kind)
            else:
                read_days(path, str(path))  # named in full: its backups are offered
        except StoreError as error:
            raise GitError(
                f"{error} It was not sent to the other machines: sync again once it is "
                "put back or removed."
            ) from None


def merge(folder: Path) -> None:
    """The remote's days merged into this machine's, record by record. git's merge leaves
    the days both sides changed to planner (the driver is told to pass), which merges them
    all in this process: one interpreter, not one per day (see planner.remote.conflicts)."""
    if not has_ref(folder, "HEAD"):  # nothing here yet: take the remote's as they are
        git(folder, "reset", "-q", "--hard", f"{REMOTE}/{BRANCH}")
        return
    done = git(
        folder,
        "-c",
        f"merge.{DRIVER}.driver=false",  # for this merge only; a user's own git keeps it
        "merge",
        "-q",
        "--no-edit",
        "--allow-unrelated-histories",  # a second machine's first sync
        f"{REMOTE}/{BRANCH}",
        check=False,
    )
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        settle(folder, " ".join(said[-3:]))
        git(folder, "commit", "-q", "--no-edit")  # the removals settled: the merge is whole


def has_ref(folder: Path, ref: str) -> bool:
    return git(folder, "rev-parse", "--verify", "-q", ref, check=False).returncode == 0


def remember(folder: Path, state: str, reason: str = "") -> None:
    path = folder / ".git" / STATE_FILE
    data = read_state(folder)
    data["state"] = state
    data["reason"] = reason
    if state == "synced":
        data["last_sync"] = datetime.now(UTC).isoformat()
    write_atomically(path, json.dumps(data, sort_keys=True).encode("utf-8"))


def read_state(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / ".git" / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def status(folder: Path) -> RemoteStatus:
    """What is known without reaching the remote (as of the last fetch)."""
    url = remote_url(folder)
    if url is None:
        return RemoteStatus(None, None, 0, 0, 0, "no remote")
    state = read_state(folder)
    changes = git(
        folder, "--no-optional-locks", "status", "--porcelain", "--", *SYNCED
    ).stdout.splitlines()
    ahead = behind = 0
    if has_ref(folder, "HEAD") and has_ref(folder, f"{REMOTE}/{BRANCH}"):
        counts = git(folder, "rev-list", "--left-right", "--count", f"HEAD...{REMOTE}/{BRANCH}")
        ahead, behind = (int(n) for n in counts.stdout.split())
    elif has_ref(folder, "HEAD"):
        ahead = int(git(folder, "rev-list", "--count", "HEAD").stdout.strip() or 0)
    waiting = bool(changes) or ahead > 0
    shown = state.get("state", "changes waiting" if waiting else "synced")
    if shown == "synced" and waiting:
        shown = "changes waiting"
    reason = state.get("reason", "") if shown in ("stopped", "offline") else ""
    return RemoteStatus(url, state.get("last_sync"), ahead, behind, len(changes), shown, reason)
