"""What a synced data folder holds besides the days, and moving an install to it.

Once remote sync is set up, the data folder holds::

    days/YYYY/YYYY-MM-DD.json   the days (merged record by record)
    items/YYYY.json             dated items, by the year of their day (merged by record)
    ideas.json                  the idea pipeline (merged by record)
    templates/NAME.yaml         the user's templates (merged by git, as text)
    settings.yaml               the settings every machine shares (SHARED_KEYS)
    conflicts/                  Syncthing/Dropbox conflict copies, once merged (not synced)

and each machine's config.yaml keeps what is its own: the theme and the remote_sync_…
settings (a shared key set there still wins, on that machine only).

``adopt`` moves an install there, after a backup: the templates folder is copied across and
kept as ``templates.bak``, config.yaml is kept as ``config.yaml.bak`` before its shared keys
move out. On a second machine the first sync has already brought the other machine's
templates and settings: those are kept, and this machine's differing ones are named (its
own versions stay in the backups).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.config import (
    SETTING_KEYS,
    SHARED_KEYS,
    Paths,
    load_settings,
    save_setting,
)
from planner.remote import repo
from planner.store.files import backup_path, write_atomically

ADOPTED_MARK = "planner-layout"  # in .git: this machine's install has moved in

SHARED_HEADER = (
    "# planner: the settings every synced machine shares (remote sync).\n"
    "# This machine's own settings (theme, remote_sync_minutes, ...) are in its config.yaml.\n"
)


def sync(paths: Paths, time_limit: float | None = None) -> list[str]:
    """A remote sync; the first one that goes through on this machine also moves the
    install into the synced layout (after the merge, so a second machine keeps what the
    first one shared) and syncs that. What was moved, one line each."""
    repo.sync(paths.data_dir, time_limit)
    mark = paths.data_dir / ".git" / ADOPTED_MARK
    if mark.exists():
        return []
    said = adopt(paths)
    write_atomically(mark, b"templates and shared settings live in this folder\n")
    repo.sync(paths.data_dir, time_limit)
    return said


def adopt(paths: Paths) -> list[str]:
    """Move this install's templates and shared settings into the data folder; what was
    done, one line each (empty when there was nothing to move)."""
    said = move_templates(paths.config_dir / "templates", paths.data_dir / "templates")
    shared = paths.shared_settings_file
    if not shared.exists():
        shared.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(shared, SHARED_HEADER.encode("utf-8"))
    return said + move_shared_settings(paths.config_file, shared)


def move_templates(old: Path, new: Path) -> list[str]:
    if not old.is_dir():
        return []
    said: list[str] = []
    new.mkdir(parents=True, exist_ok=True)
    for source in sorted(old.glob("*.yaml")):
        target = new / source.name
        if not target.exists():
            shutil.copy2(source, target)
        elif target.read_bytes() != source.read_bytes():
            said.append(
                f"templates/{source.name}: kept the synced version; this machine's is in "
                f"{old.with_name('templates.bak') / source.name}"
            )
    kept = unused(old.with_name("templates.bak"))
    old.rename(kept)
    said.insert(0, f"templates: now in {new} (the old folder is kept as {kept})")
    return said


def move_shared_settings(config: Path, shared: Path) -> list[str]:
    mine = read_keys(config)
    moving = {key: value for key, value in mine.items() if key in SHARED_KEYS}
    if not moving:
        return []
    kept = unused(backup_path(config))
    shutil.copy2(config, kept)
    theirs = read_keys(shared)
    said = [f"settings: {', '.join(moving)} now shared, in {shared} ({config.name} kept as {kept})"]
    for key, value in moving.items():
        if key not in theirs:
            save_setting(shared, key, value)
        elif theirs[key] != value:
            said.append(f"settings: {key}: kept the synced value; this machine's is in {kept}")
        save_setting(config, key, None)
    return said


def read_keys(path: Path) -> dict[str, object]:
    """The file's settings as written (checked first: a broken file stops the move)."""
    load_settings(path)
    if not path.exists():
        return {}
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): value for key, value in data.items() if key in SETTING_KEYS}


def unused(path: Path) -> Path:
    """``path``, or ``path.1``, ``path.2``... whichever does not exist yet."""
    candidate, number = path, 0
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{number}")
    return candidate
