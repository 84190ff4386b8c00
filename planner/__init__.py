"""planner: a daily marketing hour as a ladder-ordered checklist in the terminal."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up lazily: importlib.metadata costs tens of milliseconds at start-up and only
    # `planner --version` needs it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("planner")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0"
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
