"""Paths and settings."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from planner.config import ConfigError, Settings, load_settings, resolve_paths, save_setting


def test_planner_home_moves_everything(tmp_path: Path) -> None:
    paths = resolve_paths({"PLANNER_HOME": str(tmp_path)})
    assert paths.data_dir == tmp_path / "data"
    assert paths.config_file == tmp_path / "config" / "config.yaml"
    assert paths.template_dir == tmp_path / "config" / "templates"


def test_without_planner_home_uses_platform_dirs() -> None:
    paths = resolve_paths({})
    assert paths.data_dir.name == "planner" and paths.config_dir.name == "planner"


def test_missing_settings_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "nope.yaml")
    assert settings.default_template is None and settings.day_starts_at == time(0, 0)


def test_settings_are_read(tmp_path: Path) -> None:
    file = tmp_path / "config.yaml"
    file.write_text(
        "default_template: linkedin-b2b\nday_starts_at: 04:00\nschedule: {fri: light}\n"
    )
    settings = load_settings(file)
    assert settings.default_template == "linkedin-b2b"
    assert settings.day_starts_at == time(4, 0)
    assert settings.schedule == {"fri": "light"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("default_templat: x\n", "unknown setting 'default_templat'"),
        ("day_starts_at: soon\n", "day_starts_at must be a time"),
        ("- a list\n", "must be a mapping"),
        ("theme: [1]\n", "theme must be text"),
        ("cursor_follows_next_up: sometimes\n", "cursor_follows_next_up must be true or false"),
        ("a: [unclosed\n", ":2:1:"),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "config.yaml"
    file.write_text(text)
    with pytest.raises(ConfigError, match=str(file).replace("\\", "\\\\")) as caught:
        load_settings(file)
    assert message in str(caught.value)


def test_save_setting_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "# my settings\ntheme: ladder-dark  # dark mornings\n\nschedule:\n  fri: light\n"
        "day_starts_at: '04:00'\n",
        encoding="utf-8",
    )
    save_setting(path, "theme", "ladder-light")
    save_setting(path, "schedule", {"fri": "light", "mon": "heavy"})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my settings\ntheme: ladder-light\n\n")
    settings = load_settings(path)
    assert settings.theme == "ladder-light"
    assert settings.schedule == {"fri": "light", "mon": "heavy"}
    assert settings.day_starts_at == time(4, 0)


def test_save_setting_creates_the_file_and_removes_a_key(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.yaml"
    save_setting(path, "default_template", "linkedin-b2b")
    assert load_settings(path).default_template == "linkedin-b2b"
    save_setting(path, "default_template", None)
    assert load_settings(path) == Settings()


def test_save_setting_never_rewrites_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("theme: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        save_setting(path, "theme", "ladder-light")
    assert path.read_text(encoding="utf-8") == "theme: [unclosed\n"
