"""Where planner keeps things, and the user's settings.

Paths come from platformdirs; ``PLANNER_HOME`` moves everything (data, config, templates)
under one folder, which is also how tests keep away from a developer's real files.
Nothing is created here: folders appear on the first write that needs them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from planner.errors import PlannerError
from planner.store.files import write_atomically

APP_NAME = "planner"
CONFIG_FILE_NAME = "config.yaml"
SHARED_SETTINGS_FILE_NAME = "settings.yaml"
# With remote sync, these travel with the days (in the data folder's settings.yaml); the
# others describe one machine and stay in its config.yaml.
SHARED_KEYS = (
    "default_template",
    "schedule",
    "day_starts_at",
    "keymap",
    "streak_threshold",
)
MACHINE_KEYS = (
    "theme",
    "remote_sync_minutes",
    "remote_sync_after_cli",
    "cursor_follows_next_up",
)
SETTING_KEYS = SHARED_KEYS + MACHINE_KEYS


class ConfigError(PlannerError):
    """The settings file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    # Derived data only (compiled templates, day summaries): safe to delete at any time.
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE_NAME

    @property
    def shared_settings_file(self) -> Path:
        """The settings every synced machine shares; it exists once remote sync is set up."""
        return self.data_dir / SHARED_SETTINGS_FILE_NAME

    @property
    def synced_layout(self) -> bool:
        """Templates and shared settings live in the (synced) data folder."""
        return self.shared_settings_file.exists()

    @property
    def template_dir(self) -> Path:
        """The user's templates: beside the days once they are synced, else with the config."""
        if self.synced_layout:
            return self.data_dir / "templates"
        return self.config_dir / "templates"


def resolve_paths(environ: Mapping[str, str] | None = None) -> Paths:
    env = os.environ if environ is None else environ
    home = env.get("PLANNER_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(config_dir=root / "config", data_dir=root / "data", cache_dir=root / "cache")
    # Imported only when needed: it costs start-up time.
    from platformdirs import user_cache_path, user_config_path, user_data_path

    return Paths(
        config_dir=user_config_path(APP_NAME, appauthor=False),
        data_dir=user_data_path(APP_NAME, appauthor=False),
        cache_dir=user_cache_path(APP_NAME, appauthor=False),
    )


@dataclass(frozen=True)
class Settings:
    default_template: str | None = None
    schedule: dict[str, str] = field(default_factory=dict)
    day_starts_at: time = time(0, 0)
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    # Share of a day's tasks done or skipped for the day to keep a streak going (0..1).
    streak_threshold: float = 1.0
    # Remote sync in the app: every so many minutes while changes wait (0: only at quit
    # and on demand); and in the CLI after each write.
    remote_sync_minutes: float = 5.0
    remote_sync_after_cli: bool = False
    # After done, skip or a reached target the checklist's cursor moves to the next-up task.
    cursor_follows_next_up: bool = True


_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def load_settings(path: Path, shared: Path | None = None) -> Settings:
    """Read the optional settings files; a missing file means defaults. ``shared``: the
    synced settings.yaml (shared keys only); a key the machine's own file sets wins, so
    one machine can differ."""
    mine = _read_mapping(path, SETTING_KEYS, None)
    if shared is None:
        return _settings(mine, path)
    common = _read_mapping(shared, SHARED_KEYS, CONFIG_FILE_NAME)
    _settings(common, shared)  # a bad value is reported with the file it is in
    _settings(mine, path)
    return _settings({**common, **mine}, path)


class ConflictMarkers(ConfigError):
    """A settings file still holds git's conflict markers (a remote sync left it to you)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def conflict_marker_line(text: str) -> int | None:
    """The first line (1-based) that is one of git's conflict markers, if any."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line.rstrip() == "=======":
            return number
    return None


def _read_mapping(path: Path, known: tuple[str, ...], elsewhere: str | None) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the settings file: {error}") from error
    marker = conflict_marker_line(text)
    if marker is not None:
        raise ConflictMarkers(
            f"{path}:{marker}:1: changed on two machines and not merged yet: edit the file, "
            f"or run `planner remote resolve {path.name} --mine` (or --theirs)",
            path,
        )
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return {}  # only comments (the shared file's header): no need to load the YAML parser
    import yaml  # only when there is a setting to read: it costs start-up time

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"{where}: {problem}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the settings file must be a mapping of key: value")
    unknown = sorted(set(data) - set(known))
    if unknown and elsewhere is not None and unknown[0] in SETTING_KEYS:
        raise ConfigError(
            f"{path}: {unknown[0]!r} belongs to one machine: set it in {elsewhere} instead"
        )
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting {unknown[0]!r}; known settings: {', '.join(known)}"
        )
    return {str(key): value for key, value in data.items()}


def _settings(data: dict[str, object], path: Path) -> Settings:
    return Settings(
        default_template=_optional_str(data, "default_template", path),
        schedule=_str_mapping(data, "schedule", path),
        day_starts_at=_clock(data.get("day_starts_at"), path),
        theme=_optional_str(data, "theme", path),
        keymap=_str_mapping(data, "keymap", path),
        streak_threshold=_share(data.get("streak_threshold"), "streak_threshold", path),
        remote_sync_minutes=_minutes(data.get("remote_sync_minutes"), path),
        remote_sync_after_cli=_flag(data, "remote_sync_after_cli", path, default=False),
        cursor_follows_next_up=_flag(data, "cursor_follows_next_up", path, default=True),
    )


def _minutes(value: object, path: Path) -> float:
    if value is None:
        return 5.0
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    raise ConfigError(
        f"{path}: remote_sync_minutes must be a number of minutes (0 or more), not {value!r}"
    )


def _flag(data: dict[str, object], key: str, path: Path, *, default: bool) -> bool:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    raise ConfigError(f"{path}: {key} must be true or false, not {value!r}")


def _share(value: object, key: str, path: Path) -> float:
    if value is None:
        return 1.0
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise ConfigError(f"{path}: {key} must be a number from 0 to 1 (e.g. 0.8), not {value!r}")


def _optional_str(data: dict[str, object], key: str, path: Path) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ConfigError(f"{path}: {key} must be text, not {type(value).__name__}")


def _str_mapping(data: dict[str, object], key: str, path: Path) -> dict[str, str]:
    value = data.get(key) or {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ConfigError(f"{path}: {key} must be a mapping of text to text")
    return dict(value)


def _clock(value: object, path: Path) -> time:
    if value is None:
        return time(0, 0)
    if isinstance(value, int) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 04:00 as a sexagesimal number of minutes.
        return time(value // 60, value % 60)
    match = _CLOCK.match(str(value).strip())
    if not match:
        raise ConfigError(f'{path}: day_starts_at must be a time like "04:00", not {value!r}')
    return time(int(match.group(1)), int(match.group(2)))


def save_setting(path: Path, key: str, value: object) -> None:
    """Set one top-level setting in the settings file, keeping the rest of the text
    (comments included) as the user wrote it. ``None`` removes the key.

    The file is checked first: a settings file that does not load is never rewritten.
    """
    if key not in SETTING_KEYS:
        raise ConfigError(f"{path}: unknown setting {key!r}")
    load_settings(path)  # raises ConfigError on a broken file, which is then left alone
    import yaml

    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    start = next((i for i, line in enumerate(lines) if _is_key_line(line, key)), None)
    block: list[str] = []
    if value is not None:
        dumped = yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True)
        block = dumped.splitlines(keepends=True)
    if start is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.extend(block)
    else:
        end = start + 1
        # The old value goes on until the next line that starts at column 0.
        while end < len(lines) and (lines[end][:1] in (" ", "\t", "\n", "\r", "-")):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # blank lines after the value belong to the layout, not to it
        lines[start:end] = block
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, "".join(lines).encode("utf-8"))
    load_settings(path)  # what was written must read back


def _is_key_line(line: str, key: str) -> bool:
    return re.match(rf"^['\"]?{re.escape(key)}['\"]?\s*:", line) is not None


def load_user_settings(paths: Paths) -> Settings:
    """The settings of these paths: config.yaml, over the shared settings.yaml once synced."""
    shared = paths.shared_settings_file if paths.synced_layout else None
    return load_settings(paths.config_file, shared)


def save_user_setting(paths: Paths, key: str, value: object) -> None:
    """One setting written where it belongs: a shared key into the synced settings.yaml
    (and out of this machine's config.yaml, where it would hide the shared one)."""
    if key in SHARED_KEYS and paths.synced_layout:
        save_setting(paths.shared_settings_file, key, value)
        if key in _read_mapping(paths.config_file, SETTING_KEYS, None):
            save_setting(paths.config_file, key, None)
    else:
        save_setting(paths.config_file, key, value)
