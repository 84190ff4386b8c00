"""Rung colours for any theme: the theme's own, else derived from its colours so that each
rung reads well on the theme's backgrounds and stays apart from the others; the contrast
ratio they are judged by; and ``NO_COLOR``."""

from __future__ import annotations

from textual.color import Color, ColorParseError
from textual.design import (
    DEFAULT_DARK_BACKGROUND,
    DEFAULT_DARK_SURFACE,
    DEFAULT_LIGHT_BACKGROUND,
    DEFAULT_LIGHT_SURFACE,
)
from textual.theme import Theme

from planner.core.ladder import RUNGS, Rung
from planner.ui.themes.spec import RUNG_VARIABLES, rung_variable

MINIMUM_CONTRAST = 4.5  # WCAG AA for body text

# Mid-tones about as far from black as from white (relative luminance near 0.2), so each
# reads at 3.8:1 or better on Textual's default dark and light backgrounds and surfaces
# alike (no colour reaches 4.5:1 on both): the fallbacks
# when a theme gives nothing to derive rung colours from. Cool to warm, in ladder order.
RUNG_VARIABLE_DEFAULTS: dict[str, str] = {
    "rung-listen": "#4177d3",
    "rung-read": "#16849a",
    "rung-comment": "#348949",
    "rung-create": "#96740c",
    "rung-communicate": "#c05c22",
    "rung-close": "#cb4c6c",
}

# Which of a theme's own colours each rung borrows when the theme does not name rung colours.
_RUNG_SOURCES: dict[Rung, str] = {
    Rung.LISTEN: "primary",
    Rung.READ: "secondary",
    Rung.COMMENT: "accent",
    Rung.CREATE: "success",
    Rung.COMMUNICATE: "warning",
    Rung.CLOSE: "error",
}
_ANSI_FALLBACKS = (
    "ansi_blue",
    "ansi_cyan",
    "ansi_green",
    "ansi_yellow",
    "ansi_magenta",
    "ansi_red",
)
_DISTINCT = 48.0  # RGB distance under which two rung colours are hard to tell apart


def contrast_ratio(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21 (4.5 is enough for body text)."""
    first, second = _luminance(background + foreground), _luminance(background)
    return (max(first, second) + 0.05) / (min(first, second) + 0.05)


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        scaled = value / 255
        return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4

    red, green, blue = color.rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def rung_variables_for(theme: Theme) -> dict[str, str]:
    """The six rung colours for ``theme``: its own ``rung-*`` variables where it sets them,
    else colours derived from its primary, secondary, accent, success, warning and error,
    made readable on its background and surface and told apart from one another."""
    own = {name: theme.variables[name] for name in RUNG_VARIABLES if name in theme.variables}
    if len(own) == len(RUNG_VARIABLES):
        return own  # the shipped themes set all six: nothing to derive at start-up
    derived = _ansi_rung_colors(theme) if theme.ansi else _derived_rung_colors(theme)
    return {name: own.get(name, derived[name]) for name in RUNG_VARIABLES}


def _derived_rung_colors(theme: Theme) -> dict[str, str]:
    backgrounds = _backdrops(theme)
    chosen: list[Color] = []
    result: dict[str, str] = {}
    for rung in RUNGS:
        source = _parsed(getattr(theme, _RUNG_SOURCES[rung])) or _parsed(theme.primary)
        base = source or Color.parse(RUNG_VARIABLE_DEFAULTS[rung_variable(rung)])
        color = _distinct(base, chosen, backgrounds)
        chosen.append(color)
        result[rung_variable(rung)] = color.hex
    return result


def _backdrops(theme: Theme) -> list[Color]:
    """What rung text is drawn on: the theme's background and surface (Textual's defaults
    when the theme leaves them out), over black or white for translucent ones."""
    base = Color(0, 0, 0) if theme.dark else Color(255, 255, 255)
    background = _parsed(theme.background) or Color.parse(
        DEFAULT_DARK_BACKGROUND if theme.dark else DEFAULT_LIGHT_BACKGROUND
    )
    surface = _parsed(theme.surface) or Color.parse(
        DEFAULT_DARK_SURFACE if theme.dark else DEFAULT_LIGHT_SURFACE
    )
    return [base + background, base + surface]


def _parsed(value: str | None) -> Color | None:
    if value is None:
        return None
    try:
        color = Color.parse(value)
    except ColorParseError:
        return None
    return None if color.ansi is not None else color


def _distinct(base: Color, chosen: list[Color], backgrounds: list[Color]) -> Color:
    """``base`` made readable; when that is too close to a colour already chosen, the same
    colour turned round the colour wheel in steps until it stands apart."""
    hue, saturation, lightness = base.hsl
    candidate = _readable(base, backgrounds)
    for step in range(1, 12):
        if all(_distance(candidate, other) >= _DISTINCT for other in chosen):
            return candidate
        # 30 degrees one way, then the other, then 60 degrees ...
        turn = (step + 1) // 2 * (1 if step % 2 else -1) / 12
        turned = Color.from_hsl((hue + turn) % 1.0, max(saturation, 0.5), lightness)
        candidate = _readable(turned, backgrounds)
    return candidate


def _readable(color: Color, backgrounds: list[Color]) -> Color:
    """``color`` lightened (on dark backgrounds) or darkened (on light ones) until it reads
    at ``MINIMUM_CONTRAST`` on every background; hue and saturation are kept."""
    opaque = backgrounds[0] + color
    hue, saturation, lightness = opaque.hsl
    lighten = _luminance(backgrounds[0]) < 0.18
    candidate = opaque
    for _ in range(50):
        if min(contrast_ratio(candidate, back) for back in backgrounds) >= MINIMUM_CONTRAST:
            return candidate
        lightness = min(1.0, lightness + 0.02) if lighten else max(0.0, lightness - 0.02)
        candidate = Color.from_hsl(hue, saturation, lightness)
    return candidate


def _distance(first: Color, second: Color) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(first.rgb, second.rgb, strict=True)) ** 0.5)


def _ansi_rung_colors(theme: Theme) -> dict[str, str]:
    """For themes drawn in the terminal's own palette: its ANSI colours, each used once."""
    used: list[str] = []
    for rung in RUNGS:
        value = getattr(theme, _RUNG_SOURCES[rung])
        usable = isinstance(value, str) and value.startswith("ansi_") and value != "ansi_default"
        if usable and value not in used:
            candidate = value
        else:
            candidate = next(name for name in _ANSI_FALLBACKS if name not in used)
        used.append(candidate)
    return dict(zip(RUNG_VARIABLES, used, strict=True))
