"""The checklist's changes, never waiting for another planner's lock.

A change is written at once, on the app's thread, when nothing waits in line and the lock is
free: no thread. When another planner (or a sync) holds the lock, the change joins a line
that one writer thread works through in order (one thread worker at a time, each started by
the app's thread when the one before has ended: an exclusive worker would cancel it), each
change made on the day as it is on disk then. Keys keep answering meanwhile and the header
says so. A change that cannot be written (the lock stays held past the store's timeout) is
said, and takes the changes behind it along: nothing is half-written.

A day opened for the first time shows its plan at once and is created first in that line:
the first frame waits for no lock, no write and no fsync (nor for loading the lock's
library). Quitting before it is written loses nothing: the plan is made again next time.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from functools import partial
from typing import Any, Protocol, TypeVar

from textual.worker import Worker, WorkerState

from planner.errors import PlannerError
from planner.session.base import DayView
from planner.store.records import StoreError
from planner.store.tree_lock import LockBusy
from planner.ui.screens.day_screen import DayScreen

# What a change leaves the screen to do once it is written or has failed: show the day,
# say what happened. Runs on the app's thread.
Shown = Callable[[], None]
# A change as it waits in line: makes it (the lock held) and returns what to show; a
# PlannerError is said through what it returns, never raised.
Write = Callable[[], Shown]
Result = TypeVar("Result")


class WritingScreen(DayScreen, Protocol):
    """What the line needs of the checklist besides a DayScreen's."""

    def run_worker(
        self,
        work: Callable[[], Shown],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Shown]: ...

    def show_waiting(self, text: str) -> None: ...

    @property
    def is_attached(self) -> bool: ...

    def call_after_refresh(self, callback: Callable[[], None]) -> bool: ...


class DayChanges:
    """The changes of one checklist not written yet, oldest first (the writer thread is
    making the first); true while there are any."""

    def __init__(self, screen: WritingScreen) -> None:
        self.screen = screen
        self._line: deque[Write] = deque()
        self._writer: Worker[Shown] | None = None
        self._creations: dict[Write, date] = {}  # those in line: the days they create
        self._busy = False  # another planner held the lock when a change in line was tried

    def __len__(self) -> int:
        """The changes a quit would lose (a day's creation is not one: see above)."""
        return len(self._line) - len(self._creations)  # the creations are all in line

    @property
    def creating(self) -> bool:
        """A day shown is its plan, to be created in line (before the changes made on it)."""
        return bool(self._creations)

    def open_view(self) -> DayView:
        """The screen's day (see Session.open_day), never waiting for the lock: a day to
        create while another planner holds it shows its plan until it is created, in line.

        A stored day is read without the lock (writers replace files whole; the first frame
        need not load the lock's library); a file a merge is rewriting right now (it does
        not parse) is read again under the lock. A day to create is created in line."""
        session, day = self.screen.session, self.screen.date
        if day <= session.today() and not self._line:
            try:
                stored = session.load_day(day)
            except StoreError:
                with suppress(LockBusy), session.holding_lock(wait=False):
                    return session.open_day(day)
            else:
                if stored is not None:
                    return DayView(stored, stored=True)
        view = session.preview(day)  # reads; a future day is only the plan
        if not view.stored and day <= session.today() and day not in self._creations.values():
            plan = view.day  # built here: the template is read on this thread only
            create = self.written(lambda day: session.open_day(day, plan))
            self._creations[create] = day
            self._line.append(create)  # a change made meanwhile goes after it
            self.screen.call_after_refresh(self._create)
        return view

    def _create(self) -> None:
        """After the first frame: the days to create, first in line, created at once if the
        lock is free, else by the writer; nothing to do once the writer has started (a
        change made meanwhile started it: it creates them first)."""
        while self._writer is None and self._line and self._line[0] in self._creations:
            try:
                with self.screen.session.holding_lock(wait=False):
                    shown = self._line[0]()
            except LockBusy:
                self._busy = True
                break
            self._creations.pop(self._line.popleft())
            shown()
        self._write_next()

    def when_free(self, read: Callable[[], None]) -> None:
        """``read`` now, holding the lock, unless changes are in line (they show the day once
        written) or another planner holds it (writing, or a sync merging): the next look."""
        if not self._line:
            with suppress(LockBusy), self.screen.session.holding_lock(wait=False):
                read()

    def change(
        self, make: Callable[[date], Result], then: Callable[[Result], None] | None = None
    ) -> None:
        """Write ``make`` (a Session change of the screen's day, given the day), then show
        the whole day as it is on disk, what others changed included; ``then`` gets what
        ``make`` returned."""
        self.write(self.written(make, then))

    def written(
        self, make: Callable[[date], Result], then: Callable[[Result], None] | None = None
    ) -> Write:
        """``change``'s change, to write now or in line."""
        screen, day = self.screen, self.screen.date

        def run() -> Shown:
            try:
                result = make(day)
                stored = screen.session.load_day(day)
            except PlannerError as error:
                return partial(self.not_written, error)

            def shown() -> None:
                if stored is not None and day == screen.date:
                    screen.show_stored(stored)
                if then is not None:
                    then(result)

            return shown

        return run

    def change_here(self, helper: Callable[[], None]) -> None:
        """A change that a helper makes and shows on the app's thread (undo, redo): at once
        if the lock is free, else when its turn comes and the lock is free again."""
        self.write(lambda: partial(self._now_or_first, helper))

    def _now_or_first(self, helper: Callable[[], None]) -> None:
        try:
            with self.screen.session.holding_lock(wait=False):
                helper()
        except LockBusy:  # taken again meanwhile: still its turn, first in line
            self._busy = True
            self._line.appendleft(lambda: partial(self._now_or_first, helper))
            self._write_next()

    def write(self, run: Write) -> None:
        """``run`` at once when nothing waits in line and the lock is free; else in line."""
        if not self._line:
            try:
                with self.screen.session.holding_lock(wait=False):
                    shown = run()
            except LockBusy:
                self._busy = True
            else:
                shown()
                return
        self.in_line(run)

    def in_line(self, run: Write) -> None:
        """``run`` after the changes in line, by the writer thread."""
        self._line.append(run)
        self._write_next()

    def _write_next(self) -> None:
        if not self._line:
            self._busy = False
        self._show_line()
        if self._writer is None and self._line:
            work = partial(self._write_waiting, self._line[0], asyncio.get_running_loop())
            self._writer = self.screen.run_worker(work, name="write", group="write", thread=True)

    def _show_line(self) -> None:
        """The header's line: what waits, while another planner holds the lock."""
        count = len(self)
        waiting = f"{count} change{'s' if count > 1 else ''}" if count else "the day"
        busy = self._busy and self._line
        self.screen.show_waiting(
            f"waiting for another planner… ({waiting} not written yet)" if busy else ""
        )

    def _found_busy(self) -> None:
        self._busy = bool(self._line)  # not once the line has emptied meanwhile
        if self.screen.is_attached:
            self._show_line()

    def _write_waiting(self, run: Write, loop: asyncio.AbstractEventLoop) -> Shown:
        """In the writer thread: ``run`` once the lock is had (the header says so when it
        has to be waited for), or what to say if it is not."""
        session, app = self.screen.session, self.screen.app
        try:
            try:
                with session.holding_lock(wait=False):
                    return run()
            except LockBusy:
                loop.call_soon_threadsafe(self._found_busy)
            # The app gone and no change waiting (a day's creation is none) ends the wait; a
            # change is waited for (an app that quits asks first, and one that ends anyhow
            # still writes it).
            with session.holding_lock(give_up=lambda: not app.is_running and not len(self)):
                return run()
        except PlannerError as error:  # the lock stayed held past the store's timeout
            return partial(self.not_written, error)

    def worker_ended(self, worker: Worker[Any], state: WorkerState) -> None:
        """The screen's worker changed state: the writer's change is shown, the next one
        started. An error in the writer is a bug: the app ends and shows it."""
        if worker is not self._writer or state is not WorkerState.SUCCESS:
            return
        self._writer = None
        self._creations.pop(self._line.popleft(), None)
        shown: Shown | None = worker.result
        if shown is not None:
            shown()
        self._write_next()

    def not_written(self, error: PlannerError) -> None:
        """A change that failed is said. One that could not be written (the lock stayed
        held, the file is broken) takes the changes in line behind it along: they were made
        on top of it, and each would wait as long again."""
        self.screen.report(error)
        if self._line and isinstance(error, StoreError):
            count = len(self)  # a day's creation is no change: the next change makes it
            self._line.clear()
            self._creations.clear()
            if count:
                self.screen.notify(
                    f"The {count} change{'s' if count > 1 else ''} made after it "
                    f"{'were' if count > 1 else 'was'} not saved either.",
                    title="Not saved",
                    severity="error",
                    timeout=10,
                )
            self._write_next()
