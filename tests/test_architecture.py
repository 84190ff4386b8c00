"""Boundaries the design promises: the domain never imports Textual, the CLI imports it lazily."""

from __future__ import annotations

import subprocess
import sys

DOMAIN_MODULES = [
    "planner.ladder",
    "planner.model",
    "planner.templates",
    "planner.plan",
    "planner.store",
    "planner.config",
    "planner.session",
    "planner.cli",
]


def test_domain_and_cli_do_not_import_textual() -> None:
    imports = "; ".join(f"import {name}" for name in DOMAIN_MODULES)
    code = f"import sys; {imports}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_app_module_does_import_textual() -> None:
    """The check above can fail: importing the app does pull Textual in."""
    code = "import sys, planner.app; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
