"""The template format as a JSON Schema (draft 2020-12), for editors that complete and check
YAML (the ``yaml-language-server`` comment at the top of each shipped example points here).

Generated from the same words ``planner.templates.reader`` reads (keys, rungs, weekdays, limits),
so the two cannot drift apart; ``schema/template.schema.json`` is this output, and a test
keeps it equal. The schema is a helper for editors: planner's own checks (duplicate ids,
the budget warning, suggestions) stay the reference.
"""

from __future__ import annotations

import json
from typing import Any

from planner.templates.schedule import DAY_WORDS
from planner.templates.spec import (
    GOAL_KEYS,
    MAX_GOAL_TARGET,
    MAX_MINUTES,
    MAX_TARGET,
    OUTCOME_KEYS,
    PERIODS,
    RUNG_WORDS,
    STRATEGY_KEYS,
    TASK_KEYS,
    TOP_KEYS,
)

SCHEMA_ID = "https://planner.invalid/schema/template.schema.json"


def _day_word_pattern() -> str:
    """Weekday words in any case, as the loader reads them (ECMA regexes have no flags)."""
    words = "|".join(_any_case(word) for word in sorted(DAY_WORDS))
    return f"^\\s*({words})\\s*$"


def _any_case(word: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word)


def template_schema() -> dict[str, Any]:
    """The JSON Schema of a template file."""
    text = {"type": ["string", "number", "boolean"]}  # any scalar reads as text
    minutes = {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_MINUTES}
    day_word = {"type": "string", "pattern": _day_word_pattern()}
    task_properties: dict[str, Any] = {
        "title": {**text, "description": "what to do, one line"},
        "minutes": {**minutes, "description": "planned minutes"},
        "channel": {**text, "description": "where: LinkedIn, Email, Blog..."},
        "target": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": MAX_TARGET,
            "description": "a counted task is done when its count reaches the target",
        },
        "unit": {**text, "description": "what is counted: comments, emails..."},
        "days": {
            "description": "weekdays the task comes up on (leave out for every day)",
            "oneOf": [
                {"type": "array", "items": day_word, "minItems": 1},
                {"type": "string", "pattern": "^[A-Za-z ,]+$"},
                {"type": "null"},
            ],
        },
        "id": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
            "description": "stable id (default: rung and title)",
        },
        "notes": {**text, "description": "a hint shown with the task"},
        "strategy": {**text, "description": "the strategy (its name or id) the task serves"},
    }
    assert tuple(task_properties) == TASK_KEYS
    task = {
        "oneOf": [
            {"type": ["string", "number", "boolean"], "description": "a bare title"},
            {
                "type": "object",
                "properties": task_properties,
                "required": ["title"],
                "additionalProperties": False,
            },
        ]
    }
    goal_properties: dict[str, Any] = {
        "name": text,
        "unit": text,
        "target": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_GOAL_TARGET},
        "per": {"enum": sorted(PERIODS)},
    }
    assert tuple(goal_properties) == GOAL_KEYS
    strategy_properties: dict[str, Any] = {
        "name": {**text, "description": "a path to a goal, not a tool"},
        "goal": {**text, "description": "the name of the goal it serves"},
        "why": {**text, "description": "why this path leads to the goal"},
        "id": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
            "description": "stable id (default: from the name); days store it",
        },
    }
    assert tuple(strategy_properties) == STRATEGY_KEYS
    kinds = {
        "oneOf": [
            {"type": "array", "items": text},
            {"type": "string"},
            {"type": "null"},
        ]
    }
    outcome_properties: dict[str, Any] = {
        "wins": {**kinds, "description": "what counts as a win: booked call, referral..."},
        "losses": {**kinds, "description": "what counts as a loss: proposal declined..."},
        "counts": {
            "type": ["object", "null"],
            "description": "a win kind that adds one to a goal unit: {new lead: leads}",
            "additionalProperties": text,
        },
    }
    assert tuple(outcome_properties) == OUTCOME_KEYS
    top_properties: dict[str, Any] = {
        "name": {**text, "description": "the template's name, shown on the day"},
        "description": {**text, "description": "one sentence on what the plan is for"},
        "budget_minutes": {**minutes, "description": "the day's time box (default 60)"},
        "ladder": {
            "type": ["object", "null"],
            "description": "tasks under their rungs; the rung order is fixed by the ladder",
            "propertyNames": {"enum": list(RUNG_WORDS)},
            "additionalProperties": {"type": ["array", "null"], "items": task},
        },
        "goals": {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "properties": goal_properties,
                "required": ["name", "unit", "target"],
                "additionalProperties": False,
            },
        },
        "strategies": {
            "type": ["array", "null"],
            "description": "a few paths to the goals (2 to 5); tasks name them",
            "items": {
                "oneOf": [
                    {"type": "string", "description": "a bare name"},
                    {
                        "type": "object",
                        "properties": strategy_properties,
                        "required": ["name"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
        "outcomes": {
            "type": ["object", "null"],
            "description": "what counts as a win or a loss",
            "properties": outcome_properties,
            "additionalProperties": False,
        },
    }
    assert tuple(top_properties) == TOP_KEYS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "planner template",
        "description": "A day's plan in ladder order: listen, read, comment, create, "
        "communicate, close.",
        "type": "object",
        "properties": top_properties,
        "required": ["name", "ladder"],
        "additionalProperties": False,
    }


def schema_text() -> str:
    """The schema as the shipped file holds it (sorted keys, indent 2, final newline)."""
    return json.dumps(template_schema(), indent=2, sort_keys=True) + "\n"
