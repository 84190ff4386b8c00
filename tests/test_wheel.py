"""The built wheel carries the shipped themes and examples, and finds them from inside itself.

The source tree is covered by the other tests (an editable install reads ``themes/`` and
``examples/`` at the top of the repository); here the wheel is built, unpacked into a
folder of its own and imported from a directory outside the repository, so nothing can be
found by accident in the source tree.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.templates.library import DEFAULT_TEMPLATE, examples_dir
from planner.ui.themes.loading import shipped_themes_dir
from planner.ui.themes.spec import DEFAULT_THEME

REPO = Path(__file__).resolve().parent.parent

# Run inside the installed wheel: where the package is and what it finds.
PROBE = """\
import json, sys
from pathlib import Path

import planner
from planner.templates import library, reader
from planner.ui.themes import loading

load = loading.load_themes(None)
found = library.available_templates(Path("no-user-templates"))
print(json.dumps({
    "package": str(Path(planner.__file__).resolve().parent),
    "themes_dir": str(loading.shipped_themes_dir()),
    "themes": load.names,
    "theme_files": [str(path) for path in load.paths.values()],
    "theme_problems": [str(problem) for problem in load.problems],
    "examples_dir": str(library.examples_dir()),
    "templates": {name: str(path) for name, path, _ in found},
    "loaded": [reader.load_file(path).name for _, path, _ in found],
}))
"""


def _pip(*args: str, cwd: Path) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, unpacked into a folder of its own."""
    root = tmp_path_factory.mktemp("wheel")
    wheels, target = root / "dist", root / "site"
    # With hatchling at hand the build takes a second; otherwise pip fetches it (network).
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    _pip("wheel", str(REPO), "--no-deps", *isolation, "-w", str(wheels), cwd=root)
    [wheel] = wheels.glob("planner-*.whl")
    _pip("install", "--no-deps", "--no-compile", "--target", str(target), str(wheel), cwd=root)
    return target


@pytest.fixture(scope="module")
def probe(installed: Path) -> dict[str, Any]:
    outside = installed.parent  # not the repository: its folders must not be reachable
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=outside, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_the_wheel_is_what_gets_imported(installed: Path, probe: dict[str, Any]) -> None:
    assert Path(probe["package"]) == installed / "planner"


def test_the_wheel_ships_the_themes(installed: Path, probe: dict[str, Any]) -> None:
    package = installed / "planner"
    assert Path(probe["themes_dir"]) == package / "themes"
    assert probe["theme_problems"] == []
    assert len(probe["themes"]) >= 4
    assert DEFAULT_THEME in probe["themes"]
    in_repo = {path.stem for path in shipped_themes_dir().glob("*.yaml")}
    assert set(probe["themes"]) == in_repo
    assert all(Path(path).parent == package / "themes" for path in probe["theme_files"])


def test_the_wheel_ships_the_example_templates(installed: Path, probe: dict[str, Any]) -> None:
    package = installed / "planner"
    assert Path(probe["examples_dir"]) == package / "examples"
    templates = probe["templates"]
    assert {DEFAULT_TEMPLATE, "linkedin-b2b", "content-creator"} <= set(templates)
    assert set(templates) == {path.stem for path in examples_dir().glob("*.yaml")}
    assert all(Path(path).parent == package / "examples" for path in templates.values())
    assert len(probe["loaded"]) == len(templates)  # and every one of them loads
