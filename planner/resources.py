"""The files planner ships beside its code: example templates, themes and the template schema.

In a wheel they are folders inside the package (``planner/examples`` ...: see the
``force-include`` in pyproject.toml); in a source tree or an editable install they are the
folders at the top of the repository, next to the package, where users browse them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Shipped = Literal["examples", "themes", "schema"]


def shipped_dir(folder: Shipped) -> Path:
    """The shipped ``folder``, from inside the installed package or beside it."""
    # The package's own folder: planner is never imported from a zip, and
    # importlib.resources would load zipfile and its readers into every start-up.
    package = Path(__file__).parent
    inside = package / folder
    return inside if inside.is_dir() else package.parent / folder
