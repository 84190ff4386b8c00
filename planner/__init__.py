"""planner: a daily marketing hour as a ladder-ordered checklist in the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planner")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
