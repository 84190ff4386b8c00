"""Paths and settings."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from planner.config import ConfigError, load_settings, resolve_paths


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
        ("a: [unclosed\n", ":2:1:"),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "config.yaml"
    file.write_text(text)
    with pytest.raises(ConfigError, match=str(file).replace("\\", "\\\\")) as caught:
        load_settings(file)
    assert message in str(caught.value)
