"""The package boundaries: the import-linter contracts in pyproject.toml hold, they can fail,
and what they cannot see (what a module pulls in when it runs) is checked by importing."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import planner

REPO = Path(__file__).resolve().parent.parent


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True, no_logo=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )


def test_the_import_contracts_hold() -> None:
    result = lint_imports(REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


def test_a_broken_layer_is_reported(tmp_path: Path) -> None:
    """The check above can fail: with the core above the app, the app's imports break it."""
    config = tmp_path / ".importlinter"
    config.write_text(
        "[importlinter]\nroot_package = planner\n\n"
        "[importlinter:contract:upside-down]\nname = Upside down\ntype = layers\n"
        "layers =\n    planner.core\n    planner.ui\n"
    )
    result = lint_imports(config)
    assert result.returncode != 0
    assert "planner.ui is not allowed to import planner.core" in result.stdout


def outside_the_app() -> list[str]:
    """Every module but the app's, so that a new one is checked without being listed."""
    names = [info.name for info in pkgutil.walk_packages(planner.__path__, "planner.")]
    return [name for name in names if not name.startswith("planner.ui") and "__main__" not in name]


def test_the_module_list_finds_every_package() -> None:
    found = outside_the_app()
    for name in ("planner.review.figures", "planner.exchange.export", "planner.cli"):
        assert name in found
    assert "planner.templates.drift" in found and "planner.store.days" in found
    assert not any(name.startswith("planner.ui") for name in found)


def test_nothing_outside_the_app_imports_textual() -> None:
    imports = "; ".join(f"import {name}" for name in outside_the_app())
    code = f"import sys; {imports}; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


def test_the_app_does_import_textual() -> None:
    """The check above can fail: importing the app does pull Textual in."""
    code = "import sys, planner.ui.app; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_no_package_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(REPO)): count
        for path in (REPO / "planner").rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def ui_trees() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(REPO)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / "planner" / "ui").rglob("*.py"))
    }


def test_no_screen_catches_bare_value_errors_or_everything() -> None:
    """Errors a user can cause are PlannerErrors; catching ValueError or Exception in a
    screen would hide real bugs behind a toast."""
    broad = {"ValueError", "Exception", "BaseException"}
    found = []
    for name, tree in ui_trees().items():
        if "/screens/" not in name:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ExceptHandler):
                continue
            caught = node.type
            names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
            if caught is None or any(isinstance(n, ast.Name) and n.id in broad for n in names):
                found.append(f"{name}:{node.lineno}")
    assert found == []


def test_the_app_reaches_the_days_only_through_the_session() -> None:
    """No `session.store` in the app: every change is a Session operation, as in the CLI."""
    found = [
        f"{name}:{node.lineno}"
        for name, tree in ui_trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "store"
    ]
    assert found == []
