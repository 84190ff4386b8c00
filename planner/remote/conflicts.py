"""What a remote sync does when git's merge stops short.

Day files never stop it for long: planner's own merge passes every day both machines
changed back to it (the driver is told to decline), and they are merged here, record by
record, in one process, as are the files of dated items and ideas (each id keeps the newer
record: ``planner.store.record_files``); git leaves a file changed on one machine and
removed on the other to planner too (a change beats a removal: the changed file is kept).
A file planner cannot trust aborts the merge with the file named. Templates and settings.yaml are
text, merged by git itself; when both machines changed the same lines, the merge is left
open with git's markers in the file (planner never loads such a file) until the user edits
it or runs ``planner remote resolve FILE --mine|--theirs``; the next sync then finishes it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from planner.config import ConflictMarkers, Paths, Settings, conflict_marker_line, load_settings
from planner.remote.git import LOCAL_TIMEOUT_SECONDS, GitError, git, git_env
from planner.remote.merge_driver import merged_version
from planner.store.files import write_atomically
from planner.store.record_files import kind_of
from planner.store.records import StoreError

BATCH = 200  # paths per `git add`, well under any command-line limit


class Conflicted(GitError):
    """Text files changed on both machines wait for the user; the message says how."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        names = ", ".join(files)
        super().__init__(
            f"changed on both machines: {names}. Edit {'it' if len(files) == 1 else 'them'} "
            f"(remove the <<<<<<< ======= >>>>>>> lines) or run `planner remote resolve "
            f"{files[0]} --mine` (or --theirs), then `planner remote sync`"
        )


def merging(folder: Path) -> bool:
    """A merge is under way (left open by a conflict, or by a sync that was killed)."""
    return (folder / ".git" / "MERGE_HEAD").exists()


def unmerged(folder: Path) -> dict[str, set[int]]:
    """The files git could not merge, each with the stages it holds (1 the common
    version, 2 this machine's, 3 the other's)."""
    listed = git(folder, "ls-files", "-u", "-z").stdout.split("\0")
    found: dict[str, set[int]] = {}
    for entry in filter(None, listed):
        info, _, name = entry.partition("\t")
        found.setdefault(name, set()).add(int(info.split()[2]))
    return found


def settle(folder: Path, merge_output: str) -> None:
    """After ``git merge`` stopped (the caller holds the data lock): merge the days (and
    the record files) both sides changed, record by record; keep changed files over
    removed ones; abort on a day planner cannot trust (GitError naming it); leave text
    conflicts open (Conflicted)."""
    files = unmerged(folder)
    if not files:
        git(folder, "merge", "--abort", check=False)
        raise GitError(f"the merge stopped, nothing was changed: {merge_output}")
    for name, stages in files.items():
        if not {2, 3} <= stages:  # changed on one side, removed on the other
            keep(folder, name)
    days = {name: stages for name, stages in unmerged(folder).items() if merged_by_record(name)}
    try:
        merge_by_record_here(folder, days)
    except (StoreError, OSError) as error:
        git(folder, "merge", "--abort", check=False)
        raise GitError(
            f"cannot merge {error}: the merge stopped, nothing was changed (the other "
            "machine's version waits in the repository; this machine's days are untouched)"
        ) from None
    waiting = sorted(unmerged(folder))
    if waiting:
        raise Conflicted(waiting)


def merged_by_record(name: str) -> bool:
    """A day file, or a file of records by id (items, ideas): planner merges it by record."""
    return (name.startswith("days/") and name.endswith(".json")) or kind_of(name) is not None


def merge_by_record_here(folder: Path, files: dict[str, set[int]]) -> None:
    """Each day (or record) file both sides changed, merged three-way by record (no common
    version: two-way) and written in place, then taken by git at once. Every file is read
    and merged before any is written: one that cannot be trusted changes nothing."""
    names = sorted(files)
    wanted = [f":{stage}:{name}" for name in names for stage in (1, 2, 3)]
    versions = dict(zip(wanted, read_objects(folder, wanted), strict=True))
    merged: dict[str, bytes] = {}
    for name in names:
        found = [versions[f":{stage}:{name}"] or b"" for stage in (1, 2, 3)]
        merged[name] = merged_version(name, *found)
    for name, content in merged.items():
        write_atomically(folder / name, content)
    for start in range(0, len(names), BATCH):
        git(folder, "add", "--", *names[start : start + BATCH])


def read_objects(folder: Path, names: list[str]) -> list[bytes | None]:
    """The contents of ``:STAGE:PATH`` objects in one ``git cat-file --batch`` (None:
    that stage does not exist, as the common version of a day made on both machines)."""
    if not names:
        return []
    done = subprocess.run(
        ["git", "-C", str(folder), "cat-file", "--batch"],
        input="".join(f"{name}\n" for name in names).encode("utf-8"),
        capture_output=True,
        env=git_env(),
        timeout=LOCAL_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise GitError(f"git cat-file failed: {done.stderr.decode(errors='replace').strip()}")
    out, at = done.stdout, 0
    found: list[bytes | None] = []
    for _ in names:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if header[-1] == b"missing" or len(header) != 3:
            found.append(None)
            continue
        size = int(header[2])
        found.append(out[at : at + size])
        at += size + 1  # the content, then a newline
    return found


def keep(folder: Path, name: str) -> None:
    """The version that still exists (the change, not the removal) becomes the result."""
    if (folder / name).exists():
        git(folder, "add", "--", name)
    else:
        git(folder, "rm", "-q", "--cached", "--", name)


def finish(folder: Path) -> None:
    """A merge left open: the files the user settled are taken; Conflicted while markers
    remain. The commit that ends it is the sync's own."""
    waiting = []
    for name in sorted(unmerged(folder)):
        path = folder / name
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if path.exists() and conflict_marker_line(text) is not None:
            waiting.append(name)
        else:
            keep(folder, name)
    if waiting:
        raise Conflicted(waiting)


def resolve(folder: Path, name: str, mine: bool) -> None:
    """One conflicted file settled as this machine's version (``mine``) or the other's."""
    files = unmerged(folder)
    if name not in files:
        listed = ", ".join(sorted(files)) or "none"
        raise GitError(f"{name} is not waiting to be resolved (files waiting: {listed})")
    stage = 2 if mine else 3
    if stage in files[name]:
        git(folder, "checkout", "--ours" if mine else "--theirs", "--", name)
        git(folder, "add", "--", name)
    else:  # that side removed it
        git(folder, "rm", "-q", "--", name)


def last_good(folder: Path, name: str) -> str | None:
    """This machine's version of a file from before the merge that left it conflicted."""
    shown = git(folder, "show", f":2:{name}", check=False)
    return shown.stdout if shown.returncode == 0 else None


def settings_before_conflict(paths: Paths, error: ConflictMarkers) -> Settings:
    """The shared settings as this machine had them before the merge that left markers in
    them (a remote sync waiting for the user): a copy in the cache, read like the file."""
    text = last_good(paths.data_dir, paths.shared_settings_file.name)
    if text is None:
        raise error
    copy = paths.cache_dir / "settings.before-conflict.yaml"
    write_atomically(copy, text.encode("utf-8"))
    return load_settings(paths.config_file, copy)
