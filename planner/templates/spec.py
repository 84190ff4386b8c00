"""The template format in words: its keys, the words suggested for near misses, the rung
and period words, and the limits. Read by the template reader and the JSON Schema alike, so
the two cannot drift apart."""

from __future__ import annotations

from planner.core.ladder import RUNGS

DEFAULT_BUDGET = 60
MAX_MINUTES = 24 * 60
MAX_TARGET = 10_000
MAX_GOAL_TARGET = 1_000_000.0

TOP_KEYS = ("name", "description", "budget_minutes", "ladder", "goals", "strategies", "outcomes")
TASK_KEYS = ("title", "minutes", "channel", "target", "unit", "days", "id", "notes", "strategy")
GOAL_KEYS = ("name", "unit", "target", "per")
STRATEGY_KEYS = ("name", "goal", "why", "id")
OUTCOME_KEYS = ("wins", "losses", "counts")
# Strategies: "not too many, but not one" (a warning outside these bounds).
FEW_STRATEGIES, MANY_STRATEGIES = 2, 5
RUNG_WORDS = (*(rung.value for rung in RUNGS), "share")

# Words people reach for that are not keys: suggested, never accepted.
TOP_HINTS = {
    "title": "name",
    "budget": "budget_minutes",
    "tasks": "ladder",
    "rungs": "ladder",
    "strategy": "strategies",
    "outcome": "outcomes",
    "wins": "outcomes",
}
TASK_HINTS = {
    "name": "title",
    "duration": "minutes",
    "time": "minutes",
    "mins": "minutes",
    "count": "target",
    "goal": "target",
    "weekdays": "days",
    "day": "days",
    "platform": "channel",
    "strategies": "strategy",
}
GOAL_HINTS = {"title": "name", "period": "per", "every": "per", "amount": "target"}
STRATEGY_HINTS = {"title": "name", "reason": "why", "because": "why", "serves": "goal"}
OUTCOME_HINTS = {"win": "wins", "loss": "losses", "count": "counts", "units": "counts"}

PERIODS = {"day": "day", "week": "week", "month": "month"}
PERIODS.update({"daily": "day", "weekly": "week", "monthly": "month"})
DAYS_EXAMPLE = "days must be a list of weekdays like [mon, wed, fri]"
