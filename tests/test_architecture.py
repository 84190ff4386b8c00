"""Boundaries the design promises: the domain never imports Textual, the CLI imports it lazily."""

from __future__ import annotations

import subprocess
import sys

# The Textual side: the app, its screens and widgets, the palette and the theme loader.
UI_MODULES = {
    "planner.ui.app",
    "planner.ui.palette",
    "planner.ui.themes.loading",
    "planner.ui.themes.reader",
    "planner.ui.themes.cache",
    "planner.__main__",
}
UI_PACKAGES = ("planner.ui.screens", "planner.ui.widgets")


def domain_modules() -> list[str]:
    """Every other module of the package, so a new one is checked without being listed."""
    import pkgutil

    import planner

    names = [info.name for info in pkgutil.walk_packages(planner.__path__, "planner.")]
    return [
        name
        for name in names
        if name not in UI_MODULES and not name.startswith(UI_PACKAGES) and name not in UI_PACKAGES
    ]


def test_the_domain_list_finds_the_new_modules() -> None:
    found = domain_modules()
    for name in (
        "planner.review.figures",
        "planner.exchange.export",
        "planner.templates.drift",
        "planner.cli",
    ):
        assert name in found
    assert not any(name.startswith("planner.ui.screens") for name in found)


def test_domain_and_cli_do_not_import_textual() -> None:
    imports = "; ".join(f"import {name}" for name in domain_modules())
    code = f"import sys; {imports}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_app_module_does_import_textual() -> None:
    """The check above can fail: importing the app does pull Textual in."""
    code = "import sys, planner.ui.app; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
