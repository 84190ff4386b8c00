"""What a remote sync does when git's merge stops short.

Day files never stop it for long: git leaves a day changed on one machine and removed on
the other to planner (a change beats a removal: the changed day is kept), and a day the
driver cannot trust aborts the merge with the file named. Templates and settings.yaml are
text, merged by git itself; when both machines changed the same lines, the merge is left
open with git's markers in the file (planner never loads such a file) until the user edits
it or runs ``planner remote resolve FILE --mine|--theirs``; the next sync then finishes it.
"""

from __future__ import annotations

from pathlib import Path

from planner.config import conflict_marker_line
from planner.remote.git import GitError, git


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
    """After ``git merge`` stopped: keep changed days over removed ones; abort on a day
    the driver refused (GitError naming it); leave text conflicts open (Conflicted)."""
    files = unmerged(folder)
    if not files:
        git(folder, "merge", "--abort", check=False)
        raise GitError(f"the merge stopped, nothing was changed: {merge_output}")
    for name, stages in files.items():
        if not {2, 3} <= stages:  # changed on one side, removed on the other
            keep(folder, name)
    driver_refused = [name for name in unmerged(folder) if name.startswith("days/")]
    if driver_refused:
        git(folder, "merge", "--abort", check=False)
        raise GitError(
            f"the merge stopped, nothing was changed: {merge_output} (the other machine's "
            "version is kept in the repository; this machine's days are untouched)"
        )
    waiting = sorted(unmerged(folder))
    if waiting:
        raise Conflicted(waiting)


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
