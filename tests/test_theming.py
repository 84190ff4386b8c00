"""Themes as data: the shipped themes, user themes, broken files, rung colours, a live App."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from itertools import combinations
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.design import (
    DEFAULT_DARK_BACKGROUND,
    DEFAULT_DARK_SURFACE,
    DEFAULT_LIGHT_BACKGROUND,
    DEFAULT_LIGHT_SURFACE,
)
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Static

from planner.core.ladder import RUNGS, Rung
from planner.ui.themes.colors import (
    RUNG_VARIABLE_DEFAULTS,
    contrast_ratio,
    rung_variables_for,
)
from planner.ui.themes.loading import ThemeLoad, load_themes, shipped_themes_dir
from planner.ui.themes.reader import read_theme_file
from planner.ui.themes.spec import (
    COLOR_KEYS,
    DEFAULT_THEME,
    RUNG_VARIABLES,
    ThemeProblem,
    rung_variable,
)

SHIPPED_FILES = sorted(shipped_themes_dir().glob("*.yaml"))
SHIPPED_NAMES = [path.stem for path in SHIPPED_FILES]
REPO = Path(__file__).resolve().parent.parent

GOOD_USER_THEME = """\
name: my-theme
primary: "#336699"
dark: false
"""


class ThemeFileError(Exception):
    """Every problem of a theme file that did not load."""

    def __init__(self, problems: list[ThemeProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def load_theme_file(path: Path) -> Theme:
    """The theme in ``path``, or ThemeFileError listing every problem (as the app reports)."""
    theme, problems = read_theme_file(path)
    if theme is None:
        raise ThemeFileError(problems)
    return theme


def backdrops(theme: Theme) -> list[Color]:
    """The colours rung text is drawn on: background and surface."""
    assert theme.background is not None and theme.surface is not None
    return [Color.parse(theme.background), Color.parse(theme.surface)]


def worst_contrast(color: str, theme: Theme) -> float:
    return min(contrast_ratio(Color.parse(color), back) for back in backdrops(theme))


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- the shipped themes ------------------------------------------------------------------


def test_the_shipped_themes_live_in_the_repository_in_a_source_tree() -> None:
    assert shipped_themes_dir() == REPO / "themes"
    assert len(SHIPPED_FILES) >= 4
    assert DEFAULT_THEME in SHIPPED_NAMES


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=SHIPPED_NAMES)
def test_each_shipped_theme_loads_complete_and_readable(path: Path) -> None:
    theme = load_theme_file(path)
    assert theme.name == path.stem  # one theme a file, named after it
    for key in COLOR_KEYS:
        value = getattr(theme, key)
        if value is not None:
            Color.parse(value)
    assert theme.background is not None and theme.surface is not None
    assert theme.foreground is not None
    assert set(RUNG_VARIABLES) <= set(theme.variables)
    for name in RUNG_VARIABLES:
        assert worst_contrast(theme.variables[name], theme) >= 4.5, name
    assert worst_contrast(theme.foreground, theme) >= 7
    # The checklist writes its marks in these two colours.
    assert theme.accent is not None and worst_contrast(theme.accent, theme) >= 4.5
    assert theme.success is not None and worst_contrast(theme.success, theme) >= 4.5
    rung_colors = [theme.variables[name].lower() for name in RUNG_VARIABLES]
    assert len(set(rung_colors)) == 6
    # Textual can build every variable it needs from the theme.
    assert theme.to_color_system().generate()["primary"]


def test_the_high_contrast_theme_meets_aaa() -> None:
    theme = load_theme_file(shipped_themes_dir() / "ladder-high-contrast.yaml")
    for name in RUNG_VARIABLES:
        assert worst_contrast(theme.variables[name], theme) >= 7, name


def test_there_are_dark_and_light_shipped_themes() -> None:
    load = load_themes(None)
    assert load.problems == []
    assert load.names == sorted(SHIPPED_NAMES)
    assert {theme.dark for theme in load.themes} == {True, False}
    default = next(theme for theme in load.themes if theme.name == DEFAULT_THEME)
    assert default.dark
    assert load.paths[DEFAULT_THEME] == shipped_themes_dir() / f"{DEFAULT_THEME}.yaml"


# --- user themes --------------------------------------------------------------------------


def test_a_user_theme_is_added_after_the_shipped_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "themes", "mine.yaml", GOOD_USER_THEME)
    load = load_themes(tmp_path / "themes")
    assert load.problems == []
    assert load.names == [*sorted(SHIPPED_NAMES), "my-theme"]
    assert load.paths["my-theme"] == path
    mine = load.themes[-1]
    assert (mine.primary, mine.dark, mine.variables) == ("#336699", False, {})


def test_a_user_theme_overrides_a_shipped_one_by_name_in_its_place(tmp_path: Path) -> None:
    # The file name does not matter; the theme's name does.
    user = write(tmp_path, "my-dark.yml", f"name: {DEFAULT_THEME}\nprimary: red\n")
    load = load_themes(tmp_path)
    assert load.problems == []
    assert load.names == sorted(SHIPPED_NAMES)
    overridden = load.themes[load.names.index(DEFAULT_THEME)]
    assert overridden.primary == "red"
    assert load.paths[DEFAULT_THEME] == user


def test_a_missing_user_folder_is_no_problem(tmp_path: Path) -> None:
    load = load_themes(tmp_path / "nowhere")
    assert load.problems == []
    assert load.names == sorted(SHIPPED_NAMES)


def test_a_user_folder_that_is_a_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "themes", "not a folder")
    load = load_themes(path)
    assert [str(problem) for problem in load.problems] == [
        f"{path}: cannot read the themes folder: it is not a folder"
    ]
    assert load.names == sorted(SHIPPED_NAMES)


def test_other_files_in_the_user_folder_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "not a theme")
    write(tmp_path, ".hidden.yaml", "not: [a theme")
    (tmp_path / "folder.yaml").mkdir()
    load = load_themes(tmp_path)
    assert load.problems == []
    assert load.names == sorted(SHIPPED_NAMES)


def test_two_user_files_naming_one_theme_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "name: twin\nprimary: red\n")
    second = write(tmp_path, "b.yaml", "name: twin\nprimary: blue\n")
    load = load_themes(tmp_path)
    assert [str(problem) for problem in load.problems] == [
        f"{second}: theme 'twin' is already defined in a.yaml; this one is ignored"
    ]
    assert load.themes[-1].primary == "red"


# --- broken files -------------------------------------------------------------------------

BROKEN: dict[str, tuple[str | bytes, str]] = {
    "yaml syntax": ("name: x\nprimary: [red\n", ":3:1: invalid YAML: "),
    "tab indent": ("name: x\nvariables:\n\trung-listen: red\n", ":3:1: invalid YAML: "),
    "empty": ("", ":1:1: the file is empty: a theme needs at least name: and primary:"),
    "list": ("- name: x\n", ":1:1: a theme must be 'key: value' lines, not a list"),
    "text": ("just words\n", ":1:1: a theme must be 'key: value' lines, not text"),
    "unknown key": (
        "name: x\nprimary: red\nsecondry: blue\n",
        ":3:1: unknown key 'secondry' in a theme (did you mean 'secondary'?)",
    ),
    "unknown key, nothing close": (
        "name: x\nprimary: red\nzzz: 1\n",
        ":3:1: unknown key 'zzz' in a theme; use name, primary, secondary,",
    ),
    "variable at the top": (
        "name: x\nprimary: red\nrung-listen: blue\n",
        ":3:1: 'rung-listen' is a variable: write it as rung-listen: under 'variables:'",
    ),
    "no name": ("primary: red\n", ":1:1: a theme needs name:"),
    "no primary": ("name: x\nsecondary: red\n", ":1:1: a theme needs primary:"),
    "bad name": (
        "name: My Theme!\nprimary: red\n",
        ":1:7: name 'My Theme!' must be letters, digits, '-' and '_' only, up to 64 "
        "characters (e.g. 'My-Theme')",
    ),
    "bad colour": ("name: x\nprimary: '#12345'\n", ":2:10: primary: '#12345' is not a colour"),
    "misspelt colour": (
        "name: x\nprimary: red\naccent: bleu\n",
        ":3:9: accent: 'bleu' is not a colour (did you mean 'blue'?)",
    ),
    "unquoted hash": (
        "name: x\nprimary: #5b8def\n",
        ":2:9: primary is empty; a colour starting with # must be in quotes",
    ),
    "blank colour": ("name: x\nprimary: ''\n", ":2:10: primary is empty"),
    "colour as a list": ("name: x\nprimary: [1, 2]\n", ":2:10: primary must be text, not a list"),
    "dark as text": (
        "name: x\nprimary: red\ndark: light\n",
        ":3:7: dark must be true or false, not text ('light')",
    ),
    "dark as a number": (
        "name: x\nprimary: red\ndark: 1\n",
        ":3:7: dark must be true or false, not a whole number (1)",
    ),
    "spread too big": (
        "name: x\nprimary: red\nluminosity_spread: 5\n",
        ":3:20: luminosity_spread must be at most 1, not 5",
    ),
    "variables not a mapping": (
        "name: x\nprimary: red\nvariables: [a]\n",
        ":3:12: variables must be 'name: value' lines, not a list",
    ),
    "unknown variable": (
        "name: x\nprimary: red\nvariables:\n  rung-listn: red\n",
        ":4:3: unknown variable 'rung-listn' (did you mean 'rung-listen'?)",
    ),
    "rung variable not a plain colour": (
        "name: x\nprimary: red\nvariables:\n  rung-read: auto 80%\n",
        ":4:14: rung-read: 'auto 80%' is not a colour",
    ),
    "empty variable": (
        "name: x\nprimary: red\nvariables:\n  rung-close:\n",
        ":4:14: rung-close is empty; put a colour like '#5b8def' in quotes",
    ),
    "bad colour variable": (
        "name: x\nprimary: red\nvariables:\n  text-muted: loud\n",
        ":4:15: text-muted: 'loud' is not a colour",
    ),
    "bad style variable": (
        "name: x\nprimary: red\nvariables:\n  block-cursor-text-style: wobble\n",
        ":4:28: block-cursor-text-style: 'wobble' is not a text style",
    ),
    "variable smuggling css": (
        "name: x\nprimary: red\nvariables:\n  text-muted: 'red; width: 3'\n",
        ":4:15: text-muted: 'red; width: 3' must be one value",
    ),
    "duplicate key": (
        "name: x\nprimary: red\nprimary: blue\n",
        ":3:1: duplicate key 'primary' (first at line 2)",
    ),
    "two documents": (
        "name: x\nprimary: red\n---\nname: y\n",
        ":3:1: the file holds more than one YAML document ('---'); a theme is one",
    ),
    "python tag": (
        "name: !!python/object/apply:os.system [ls]\nprimary: red\n",
        ":1:7: unsupported tag '!!python/object/apply:os.system'",
    ),
    "not utf-8": (b"name: caf\xe9\nprimary: red\n", ":1:10: not UTF-8 text: byte 0xe9"),
}


@pytest.mark.parametrize(("text", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_theme_is_reported_and_the_good_ones_still_load(
    tmp_path: Path, text: str | bytes, expected: str
) -> None:
    broken = write(tmp_path, "broken.yaml", text)
    write(tmp_path, "good.yaml", GOOD_USER_THEME)
    load = load_themes(tmp_path)
    assert load.names == [*sorted(SHIPPED_NAMES), "my-theme"]
    assert len(load.problems) == 1, load.problems
    problem = load.problems[0]
    assert problem.path == broken
    assert str(problem).startswith(f"{broken}{expected}"), str(problem)
    assert problem.line is not None and problem.column is not None
    with pytest.raises(ThemeFileError) as raised:
        load_theme_file(broken)
    assert str(raised.value) == str(problem)
    assert raised.value.problems == [problem]


def test_a_broken_override_leaves_the_shipped_theme(tmp_path: Path) -> None:
    write(tmp_path, "dark.yaml", f"name: {DEFAULT_THEME}\nprimary: nope\n")
    load = load_themes(tmp_path)
    assert len(load.problems) == 1
    assert load.paths[DEFAULT_THEME].parent == shipped_themes_dir()


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", "name: x y\nprimary: nope\ndark: maybe\n")
    with pytest.raises(ThemeFileError) as raised:
        load_theme_file(path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(1, 7), (2, 10), (3, 7)]


def test_a_file_that_cannot_be_read_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    with pytest.raises(ThemeFileError, match=r"gone\.yaml: cannot read the file"):
        load_theme_file(path)


def test_a_user_theme_may_set_every_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "full.yaml",
        """\
        name: full_1
        primary: rgb(10, 20, 30)
        secondary: hsl(200, 50%, 50%)
        accent: orange
        warning: "#ffaa00"
        error: "#f00"
        success: green
        foreground: "#eeeeee"
        background: "#111111"
        surface: "#1a1a1a"
        panel: "#222222"
        boost: "#ffffff10"
        dark: yes
        luminosity_spread: 0.2
        text_alpha: 0.9
        variables:
          rung-listen: "#88aaff"
          footer-key-foreground: "#88aaff"
          input-selection-background: "#88aaff 35%"
          text-muted: auto 70%
          link-style: bold not underline
        """,
    )
    theme = load_theme_file(path)
    assert (theme.name, theme.boost, theme.dark) == ("full_1", "#ffffff10", True)
    assert (theme.luminosity_spread, theme.text_alpha) == (0.2, 0.9)
    assert theme.variables["link-style"] == "bold not underline"
    assert rung_variables_for(theme)["rung-listen"] == "#88aaff"


def test_problem_text() -> None:
    assert str(ThemeProblem(Path("a.yaml"), "bad", 2, 5)) == "a.yaml:2:5: bad"
    assert str(ThemeProblem(Path("a.yaml"), "bad")) == "a.yaml: bad"
    load = ThemeLoad(themes=[], problems=[])
    assert (load.names, load.paths) == ([], {})


# --- rung colours -------------------------------------------------------------------------


def test_each_rung_has_its_variable() -> None:
    assert rung_variable(Rung.LISTEN) == "rung-listen"
    assert [rung_variable(rung) for rung in RUNGS] == list(RUNG_VARIABLES)
    assert RUNG_VARIABLES == (
        "rung-listen", "rung-read", "rung-comment", "rung-create", "rung-communicate", "rung-close",
    )  # fmt: skip


def test_the_fallback_rung_colours_read_on_default_dark_and_light() -> None:
    assert list(RUNG_VARIABLE_DEFAULTS) == list(RUNG_VARIABLES)
    backs = [DEFAULT_DARK_BACKGROUND, DEFAULT_DARK_SURFACE]
    backs += [DEFAULT_LIGHT_BACKGROUND, DEFAULT_LIGHT_SURFACE]
    for value in RUNG_VARIABLE_DEFAULTS.values():
        assert min(contrast_ratio(Color.parse(value), Color.parse(b)) for b in backs) >= 3.5


@pytest.mark.parametrize("theme", BUILTIN_THEMES.values(), ids=BUILTIN_THEMES.keys())
def test_rung_colours_are_derived_for_every_builtin_theme(theme: Theme) -> None:
    variables = rung_variables_for(theme)
    assert list(variables) == list(RUNG_VARIABLES)
    colors = [Color.parse(value) for value in variables.values()]
    assert len(set(variables.values())) == 6  # six rungs, six colours
    if theme.ansi:
        assert all(color.ansi is not None for color in colors)
        return
    default_back = DEFAULT_DARK_BACKGROUND if theme.dark else DEFAULT_LIGHT_BACKGROUND
    default_surface = DEFAULT_DARK_SURFACE if theme.dark else DEFAULT_LIGHT_SURFACE
    backs = [Color.parse(theme.background or default_back)]
    backs.append(Color.parse(theme.surface or default_surface))
    for color in colors:
        assert min(contrast_ratio(color, back) for back in backs) >= 4.5, color.hex
    for first, second in combinations(colors, 2):
        assert first.rgb != second.rgb


def test_rung_colours_for_a_theme_with_one_colour_still_differ() -> None:
    for dark in (True, False):
        variables = rung_variables_for(Theme(name="mono", primary="#808080", dark=dark))
        assert len(set(variables.values())) == 6


def test_a_theme_own_rung_colours_win() -> None:
    theme = Theme(name="t", primary="#0178d4", variables={"rung-close": "#123456"})
    variables = rung_variables_for(theme)
    assert variables["rung-close"] == "#123456"
    assert variables["rung-listen"] != "#123456"


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=SHIPPED_NAMES)
def test_shipped_themes_keep_their_rung_colours(path: Path) -> None:
    theme = load_theme_file(path)
    assert rung_variables_for(theme) == {name: theme.variables[name] for name in RUNG_VARIABLES}


def test_contrast_ratio() -> None:
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    assert contrast_ratio(black, white) == pytest.approx(21)
    assert contrast_ratio(white, black) == pytest.approx(21)
    assert contrast_ratio(white, white) == pytest.approx(1)


# --- in a running App ---------------------------------------------------------------------


class ThemedApp(App[None]):
    """The smallest app that does what PlannerApp does with themes."""

    CSS = "#probe { color: $rung-listen; background: $surface; }"

    def __init__(self, load: ThemeLoad) -> None:
        super().__init__()
        for theme in load.themes:
            self.register_theme(theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return rung_variables_for(self.current_theme)

    def compose(self) -> ComposeResult:
        yield Static("LISTEN", id="probe")


async def test_a_shipped_theme_applies_in_an_app(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml", GOOD_USER_THEME)
    load = load_themes(tmp_path)
    app = ThemedApp(load)
    async with app.run_test() as pilot:
        probe = app.query_one("#probe", Static)
        for name in (DEFAULT_THEME, "ladder-light", "nord", "my-theme", "textual-light"):
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
            expected = rung_variables_for(app.current_theme)["rung-listen"]
            assert app.get_css_variables()["rung-listen"] == expected
            assert probe.styles.color == Color.parse(expected)
            assert app.has_class("-light-mode") == (not app.current_theme.dark)
    shipped_dark = load.themes[load.names.index(DEFAULT_THEME)]
    assert (
        shipped_dark.variables["rung-listen"]
        != rung_variables_for(BUILTIN_THEMES["nord"])["rung-listen"]
    )


# --- boundaries ---------------------------------------------------------------------------


def test_theming_does_not_import_the_app_or_its_widgets() -> None:
    # textual.theme itself pulls in textual.widgets (for its command palette provider).
    ui = "('planner.ui.app', 'planner.ui.widgets', 'planner.ui.screens')"
    code = (
        "import sys, planner.ui.themes.loading; "
        f"print(sorted(m for m in sys.modules if m.startswith({ui})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- the compiled theme cache ------------------------------------------------------------


def test_unchanged_theme_files_load_without_yaml(tmp_path: Path) -> None:
    """A second start reads every theme from the cache: the YAML reader is not imported."""
    user_dir, cache_dir = tmp_path / "themes", tmp_path / "cache"
    write(user_dir, "mine.yaml", GOOD_USER_THEME)
    first = load_themes(user_dir, cache_dir)
    code = (
        "import sys; from pathlib import Path; from planner.ui.themes.loading import load_themes; "
        f"load = load_themes(Path({str(user_dir)!r}), Path({str(cache_dir)!r})); "
        "print(','.join(sorted(load.names))); "
        "print('planner.ui.themes.reader' in sys.modules, 'yaml' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    names, imported = result.stdout.splitlines()
    assert names == ",".join(sorted(first.names)) and "my-theme" in names
    assert imported == "False False", result.stderr


def test_a_changed_theme_file_is_read_again(tmp_path: Path) -> None:
    user_dir, cache_dir = tmp_path / "themes", tmp_path / "cache"
    path = write(user_dir, "mine.yaml", GOOD_USER_THEME)
    load_themes(user_dir, cache_dir)
    path.write_text(GOOD_USER_THEME.replace("#336699", "#993366") + "\n")
    (theme,) = [t for t in load_themes(user_dir, cache_dir).themes if t.name == "my-theme"]
    assert theme.primary == "#993366"


def test_a_broken_theme_is_reported_every_time_and_a_bad_cache_ignored(tmp_path: Path) -> None:
    user_dir, cache_dir = tmp_path / "themes", tmp_path / "cache"
    write(user_dir, "broken.yaml", "name: broken\nprimary: [\n")
    assert load_themes(user_dir, cache_dir).problems
    assert load_themes(user_dir, cache_dir).problems  # problems are never cached
    (cache_dir / "themes.json").write_text("{not json")
    load = load_themes(None, cache_dir)
    assert DEFAULT_THEME in load.names and not load.problems
