"""Names a user types for a template's foundations, matched to what it declares: a win or
loss kind (``--kind``), a strategy (``--strategy``, by name or id). Unknown names are
refused with the nearest declared one, as the template reader does for its keys."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from planner.core.model import OTHER_KIND, Template
from planner.errors import PlannerError


class UnknownName(PlannerError):
    """A kind or strategy the template does not declare."""


def name_key(name: str) -> str:
    """A name as compared: any case, any spacing."""
    return " ".join(name.split()).casefold()


def nearest(typed: str, names: Sequence[str]) -> str:
    """' (did you mean 'x'?)' for the closest of ``names``, or ''."""
    keys = {name_key(name): name for name in names}
    close = difflib.get_close_matches(name_key(typed), list(keys), n=1, cutoff=0.6)
    return f" (did you mean '{keys[close[0]]}'?)" if close else ""


def declared_kind(template: Template, side: str, typed: str) -> str | None:
    """The kind of a ``side`` ("win" or "loss") as the template spells it; None for
    ``other`` (free text without a kind)."""
    if name_key(typed) == OTHER_KIND:
        return None
    kinds = template.outcomes.wins if side == "win" else template.outcomes.losses
    for kind in kinds:
        if name_key(kind) == name_key(typed):
            return kind
    plural = "wins" if side == "win" else "losses"
    listed = ", ".join([*kinds, OTHER_KIND]) if kinds else f"none yet (add outcomes: {plural}:)"
    raise UnknownName(
        f"no {side} kind '{typed}' in the template '{template.name}'"
        f"{nearest(typed, [*kinds, OTHER_KIND])}; its {side} kinds: {listed}"
    )


def declared_strategy(template: Template, typed: str) -> str:
    """The id of the strategy named (or given by id) ``typed``."""
    for strategy in template.strategies:
        if typed == strategy.id or name_key(typed) == name_key(strategy.name):
            return strategy.id
    names = [strategy.name for strategy in template.strategies]
    listed = ", ".join(names) if names else "none yet (add strategies:)"
    raise UnknownName(
        f"no strategy '{typed}' in the template '{template.name}'{nearest(typed, names)}; "
        f"its strategies: {listed}"
    )
