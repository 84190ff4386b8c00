"""The foundations a template declares beside its ladder: ``strategies:`` (paths to the
goals, which tasks name) and ``outcomes:`` (what counts as a win or a loss, and the win
kinds that move a goal's needle). Read by ``planner.templates.fields``, every problem with
its line and column.

Choices made here, beyond the issue's words:

- A task's ``strategy:`` names a strategy by its name (any case and spacing) or its id.
- A strategy's ``goal:`` is optional; with goals declared, a strategy without one is a
  warning (a strategy is a path to a goal).
- "Named after a channel": a task's channel appears in the strategy's name as whole words
  ("LinkedIn strategy", "Plurk").
- ``wins:`` / ``losses:`` take a list or one line of commas; kinds are compared in any
  case; ``counts:`` maps a declared win kind to the unit of a declared goal.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from planner.core.model import Goal, OutcomeKinds, Strategy, TaskSpec
from planner.templates.names import slugify
from planner.templates.spec import (
    FEW_STRATEGIES,
    MANY_STRATEGIES,
    OUTCOME_HINTS,
    OUTCOME_KEYS,
    STRATEGY_HINTS,
    STRATEGY_KEYS,
)
from planner.templates.yaml_nodes import describe, is_null, line_of, refused, suggestion


class TemplateReader(Protocol):
    """What this needs of planner.templates.fields.TemplateReader (which imports this)."""

    def error(self, node: Node, message: str) -> None: ...

    def warning(self, node: Node, message: str) -> None: ...

    def text(self, node: Node, name: str, *, required: bool = False) -> str | None: ...

    def pairs(self, node: Node) -> list[tuple[str, Node, Node]]: ...

    def known(
        self, node: MappingNode, keys: tuple[str, ...], what: str, hints: dict[str, str]
    ) -> dict[str, Node]: ...

    def one_line(
        self, key: str, fields: dict[str, Node], owner: Node, example: str
    ) -> str | None: ...


_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_NOT_WORD = re.compile(r"\W+")


def strategy_id_for(name: str) -> str:
    """The id a strategy gets when none is given, stable as long as the name is."""
    return slugify(name) or "strategy-" + hashlib.sha1(name.encode()).hexdigest()[:8]


def key_of(name: str) -> str:
    """A name as compared: any case, any spacing."""
    return " ".join(name.split()).casefold()


def read_strategies(
    reader: TemplateReader, node: Node | None, goals: tuple[Goal, ...]
) -> tuple[tuple[Strategy, ...], dict[str, Node]]:
    """The strategies, and the node of each (by id) for the warnings that come later."""
    if node is None or refused(node) or is_null(node):
        return (), {}
    if not isinstance(node, SequenceNode):
        said = "strategies must be a list, each starting with '- name:'"
        reader.error(node, f"{said}, not {describe(node)}")
        return (), {}
    strategies: list[Strategy] = []
    nodes: dict[str, Node] = {}
    seen: dict[str, int] = {}  # a name's or id's key -> the line it was first given on
    goal_names = {key_of(goal.name): goal.name for goal in goals}
    for item in node.value:
        strategy = _strategy(reader, item, goal_names)
        if strategy is None:
            continue
        clash = next((k for k in (key_of(strategy.name), strategy.id) if k in seen), None)
        if clash is not None:
            said = f"duplicate strategy '{strategy.name}' (first at line {seen[clash]})"
            reader.error(item, said + "; give each strategy a name and id of its own")
            continue
        seen[key_of(strategy.name)] = seen[strategy.id] = line_of(item)
        strategies.append(strategy)
        nodes[strategy.id] = item
    count = len(strategies)
    if count == 1 or count > MANY_STRATEGIES:
        how = "one" if count == 1 else f"{count}"
        reader.warning(
            node,
            f"the plan has {how} strateg{'y' if count == 1 else 'ies'}: a few paths to the "
            f"goals work best, not too many but not one ({FEW_STRATEGIES} to {MANY_STRATEGIES})",
        )
    return tuple(strategies), nodes


def _strategy(reader: TemplateReader, node: Node, goal_names: dict[str, str]) -> Strategy | None:
    if refused(node):
        return None
    if isinstance(node, ScalarNode):
        name = reader.text(node, "a strategy's name")
        if name is None:
            reader.error(node, "empty strategy: write a name after '- ' or remove the line")
            return None
        fields: dict[str, Node] = {}
        name = " ".join(name.split())
    elif isinstance(node, MappingNode):
        fields = reader.known(node, STRATEGY_KEYS, "a strategy", STRATEGY_HINTS)
        name = reader.one_line("name", fields, node, "name: Be useful where prospects read")
    else:
        reader.error(node, f"a strategy must be a name or 'name:' lines, not {describe(node)}")
        return None
    goal = None
    if "goal" in fields:
        written = reader.text(fields["goal"], "goal")
        if written is not None and key_of(written) in goal_names:
            goal = goal_names[key_of(written)]
        elif written is not None:
            close = suggestion(written, list(goal_names.values()))
            known = ", ".join(goal_names.values()) or "none declared under 'goals:'"
            reader.error(fields["goal"], f"unknown goal '{written}'{close}; the goals: {known}")
    elif goal_names and name is not None:
        first = next(iter(goal_names.values()))
        reader.warning(node, f"a strategy is a path to a goal: add a line like 'goal: {first}'")
    why = reader.text(fields["why"], "why") if "why" in fields else None
    strategy_id = _given_id(reader, fields.get("id"))
    if name is None:
        return None
    return Strategy(
        id=strategy_id or strategy_id_for(name),
        name=name,
        goal=goal,
        why=" ".join((why or "").split()),
    )


def _given_id(reader: TemplateReader, node: Node | None) -> str | None:
    """The id written; None when none is given or a wrong one (reported: the template
    then does not load)."""
    given = None if node is None else reader.text(node, "id")
    if node is None or given is None:
        return None
    if not _ID_PATTERN.fullmatch(given):
        said = f"id '{given}' may use only lowercase letters, digits, '-' and '_' (64 at most)"
        reader.error(node, f"{said}, like '{slugify(given) or 'my-strategy'}'")
        return None
    return given


def resolve_task_strategies(
    reader: TemplateReader,
    tasks: tuple[TaskSpec, ...],
    written: dict[int, Node],
    strategies: tuple[Strategy, ...],
    strategy_nodes: dict[str, Node],
) -> tuple[TaskSpec, ...]:
    """Each task's ``strategy:`` (``written``: the node, by the task's index) as a strategy
    id; an unknown one is an error with the nearest name. Then the warnings that need the
    tasks: a strategy no task serves, a strategy named after a channel."""
    by_key = {key_of(s.name): s for s in strategies} | {s.id: s for s in strategies}
    resolved = list(tasks)
    for index, node in written.items():
        name = tasks[index].strategy or ""
        found = by_key.get(key_of(name)) or by_key.get(name)
        if found is None:
            names = [s.name for s in strategies]
            close = suggestion(name, names)
            known = ", ".join(names) if names else "none declared under 'strategies:'"
            reader.error(node, f"unknown strategy '{name}'{close}; the strategies: {known}")
        resolved[index] = replace(tasks[index], strategy=found.id if found else None)
    served = {task.strategy for task in resolved}
    channels = {task.channel for task in resolved if task.channel}
    for strategy in strategies:
        where = strategy_nodes[strategy.id]
        if strategy.id not in served:
            reader.warning(where, f"no task serves the strategy '{strategy.name}' yet")
        channel = _channel_in(strategy.name, channels)
        if channel is not None:
            reader.warning(
                where,
                f"the strategy '{strategy.name}' is named after the channel '{channel}': relate "
                "strategies to goals, not to tools (what is it for?)",
            )
    return tuple(resolved)


def _words(text: str) -> str:
    """``text`` as its words, any case, padded: " linkedin strategy "."""
    return " " + key_of(_NOT_WORD.sub(" ", text)) + " "


def _channel_in(name: str, channels: Iterable[str]) -> str | None:
    """The first channel whose words stand whole in ``name``."""
    words = _words(name)
    return next((c for c in sorted(channels) if _words(c).strip() and _words(c) in words), None)


def read_outcomes(
    reader: TemplateReader, node: Node | None, goals: tuple[Goal, ...]
) -> OutcomeKinds:
    """``outcomes:`` with ``wins:``, ``losses:`` and ``counts:``."""
    if node is None or refused(node) or is_null(node):
        return OutcomeKinds()
    if not isinstance(node, MappingNode):
        said = "outcomes must be 'wins:', 'losses:' and 'counts:' lines"
        reader.error(node, f"{said}, not {describe(node)}")
        return OutcomeKinds()
    fields = reader.known(node, OUTCOME_KEYS, "outcomes", OUTCOME_HINTS)
    wins = _kinds(reader, fields.get("wins"), "wins")
    losses = _kinds(reader, fields.get("losses"), "losses")
    counts = _counts(reader, fields.get("counts"), wins, goals)
    return OutcomeKinds(wins=wins, losses=losses, counts=counts)


def _kinds(reader: TemplateReader, node: Node | None, name: str) -> tuple[str, ...]:
    if node is None or refused(node) or is_null(node):
        return ()
    if isinstance(node, ScalarNode):
        items = [(word, node) for word in str(node.value).split(",")]
    elif isinstance(node, SequenceNode):
        items = []
        for item in node.value:
            text = reader.text(item, f"a kind of {name}")
            if text is not None:
                items.append((text, item))
    else:
        reader.error(
            node, f"{name} must be a list like [booked call, referral], not {describe(node)}"
        )
        return ()
    kinds: dict[str, str] = {}
    for word, item in items:
        kind = " ".join(word.split())
        if not kind:
            continue
        if key_of(kind) in kinds:
            reader.error(item, f"'{kind}' is listed twice in {name}")
            continue
        kinds[key_of(kind)] = kind
    return tuple(kinds.values())


def _counts(
    reader: TemplateReader, node: Node | None, wins: tuple[str, ...], goals: tuple[Goal, ...]
) -> tuple[tuple[str, str], ...]:
    if node is None or refused(node) or is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        said = "counts must be 'win kind: goal unit' lines, like {new lead: leads}"
        reader.error(node, f"{said}, not {describe(node)}")
        return ()
    kinds = {key_of(kind): kind for kind in wins}
    units = {key_of(goal.unit): goal.unit for goal in goals}
    counts = []
    for key, key_node, value in reader.pairs(node):
        kind = kinds.get(key_of(key))
        unit_text = reader.text(value, f"the unit '{key}' counts toward")
        if kind is None:
            close = suggestion(key, wins)
            known = ", ".join(wins) if wins else "none: list them under 'wins:'"
            reader.error(key_node, f"'{key}' is not a win kind{close}; the kinds: {known}")
            continue
        if unit_text is None:
            continue
        unit = units.get(key_of(unit_text))
        if unit is None:
            close = suggestion(unit_text, list(units.values()))
            known = ", ".join(units.values()) if units else "none: declare goals first"
            reader.error(value, f"no goal counts '{unit_text}'{close}; the goals' units: {known}")
            continue
        counts.append((kind, unit))
    return tuple(counts)
