"""Running something with the app suspended (the user's editor), safely.

Textual 8.2.8's ``App.suspend()`` resumes the app only when its block ends without an
error: an exception inside it leaves a blank screen that echoes every key. So nothing may
escape the block; whatever the work raises is raised again once the app is back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App

T = TypeVar("T")


def while_suspended(app: App[Any], work: Callable[[], T]) -> T:
    """``work()`` with the app suspended; its exception, if any, once the app has resumed.
    SuspendNotSupported when this terminal (or a test) cannot suspend: nothing ran."""
    results: list[T] = []
    failure: BaseException | None = None
    with app.suspend():
        try:
            results.append(work())
        except BaseException as error:
            failure = error
    if failure is not None:
        raise failure
    return results[0]
