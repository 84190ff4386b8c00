"""The one base of every error a user can cause: caught at the edges (CLI, screens) and shown.

Kept in a module of its own so that catching it imports nothing heavy (no YAML, no TinyDB).
"""

from __future__ import annotations


class PlannerError(Exception):
    """A problem with the user's input or files; its message is written for that user."""
