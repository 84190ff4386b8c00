"""Themes as data: YAML files read into checked ``textual.theme.Theme`` objects.

The app ships its own themes in ``themes/`` (``planner/themes`` inside a wheel); a user adds
or overrides themes with files of the same format in ``<config_dir>/themes/``. A file holds
one theme: the fields of ``textual.theme.Theme`` as ``key: value`` lines, with the theme's
own CSS variables under ``variables:``. Each rung of the ladder has its own colour variable
(``rung-listen`` ... ``rung-close``); ``colors.rung_variables_for`` derives fitting ones for themes
that do not set them, such as Textual's built-in themes.

Reading a file (YAML, checks) lives in planner.ui.themes.reader, and runs only for a file that
is new or changed since its compiled copy was kept (planner.ui.themes.cache).

Nothing here raises on a bad file when loading many (``load_themes``): every problem names
its file (and line and column where there is one) and the good themes still load, so the app
can show the problems and carry on with its default theme.

Choices made here, beyond Textual's own rules:

- ``name`` and ``primary`` are required; a name is letters, digits, ``-`` and ``_``
  (it becomes a CSS class and is typed in settings), at most 64 characters.
- Colours are anything ``textual.color.Color.parse`` reads. An empty colour is an error
  with a hint: ``primary: #5b8def`` unquoted is a YAML comment, so the value is empty.
- ``variables`` only takes the names Textual's colour system defines plus the six rung
  variables, so a typo is reported with the closest name instead of being ignored. Rung
  variables must be plain colours; the others are checked as Textual's CSS would read them.
- ``ansi`` is not accepted: a theme file describes its own colours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.theme import Theme

from planner.resources import shipped_dir
from planner.ui.themes.cache import ThemeCache
from planner.ui.themes.spec import (
    ThemeProblem,
)


@dataclass(frozen=True)
class ThemeLoad:
    """The themes that loaded (shipped first, user themes replacing them by name) and the
    problems of the files that did not; ``paths`` says which file each theme came from."""

    themes: list[Theme]
    problems: list[ThemeProblem]
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [theme.name for theme in self.themes]


def shipped_themes_dir() -> Path:
    """The shipped themes: inside the package in a wheel, next to it in a source tree."""
    return shipped_dir("themes")


# --- loading ---------------------------------------------------------------------------


def load_themes(user_dir: Path | None, cache_dir: Path | None = None) -> ThemeLoad:
    """The shipped themes, then the user's from ``user_dir`` (``<config_dir>/themes``).
    With ``cache_dir``, unchanged files are read from their compiled copy (planner.ui.themes.cache).

    A user theme with the name of a shipped one replaces it (keeping its place in the
    list). A missing ``user_dir`` is no problem; a bad file, a folder that cannot be read
    or two files of one folder naming the same theme is, and never stops the others.
    """
    problems: list[ThemeProblem] = []
    compiled = ThemeCache(cache_dir)
    shipped = _load_folder(shipped_themes_dir(), problems, compiled, required=True)
    user = (
        _load_folder(user_dir, problems, compiled, required=False) if user_dir is not None else {}
    )
    compiled.save()
    found = {**shipped, **user}  # dict order: a replaced shipped theme keeps its place
    return ThemeLoad(
        themes=[theme for theme, _ in found.values()],
        problems=problems,
        paths={name: path for name, (_, path) in found.items()},
    )


def _load_folder(
    folder: Path, problems: list[ThemeProblem], compiled: ThemeCache, *, required: bool
) -> dict[str, tuple[Theme, Path]]:
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        if required:
            problems.append(ThemeProblem(folder, "the shipped themes are missing"))
        return {}
    except OSError as exc:
        reason = "it is not a folder" if folder.exists() and not folder.is_dir() else exc
        problems.append(ThemeProblem(folder, f"cannot read the themes folder: {reason}"))
        return {}
    found: dict[str, tuple[Theme, Path]] = {}
    for path in entries:
        if not _is_theme_file(path):
            continue
        theme = compiled.get(path)
        if theme is None:
            from planner.ui.themes.reader import read_theme_file  # YAML only when needed

            theme, file_problems = read_theme_file(path)
            problems.extend(file_problems)
            if theme is None:
                continue
            compiled.put(path, theme)
        if theme.name in found:
            first = found[theme.name][1]
            message = (
                f"theme '{theme.name}' is already defined in {first.name}; this one is ignored"
            )
            problems.append(ThemeProblem(path, message))
            continue
        found[theme.name] = (theme, path)
    return found


def _is_theme_file(path: Path) -> bool:
    if path.name.startswith(".") or path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        return path.is_file()
    except OSError:
        return False
