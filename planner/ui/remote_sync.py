"""The app's remote sync: after the first frame, every so often while changes wait, on
demand (R, the palette) and at quit, each in a worker thread; the state shown in the
header (narrow terminals) or the side panel (wide ones). The state itself is
planner.session.remote_sync's; this module only schedules it and shows it.

After the first frame it also merges the conflict copies a folder sync (Syncthing,
Dropbox, Nextcloud) left beside day files, and says so once.

git's side (planner.session.remote_sync and planner.remote) is imported only for a data
folder that is a repository: most never are, and the app starts without it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from planner.session.work import Session, conflict_copies_text
from planner.ui.screens.today import TodayScreen
from planner.ui.widgets.day_header import DayHeader
from planner.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from planner.session.remote_sync import RemoteSync

ResultT = TypeVar("ResultT")

GROUP = "remote-sync"  # the workers' group
# Quitting waits this long at most for the changes to go out (a sync under way included);
# then git's network part is stopped and they go with the next sync.
QUIT_SECONDS = 3.0
# How often the app looks at the folder (git status, no network) for changes waiting and
# sees whether the periodic sync (every remote_sync_minutes) is due.
LOOK_SECONDS = 30.0


class RemoteSyncRunner:
    """One app's remote sync: what runs when, and where its state shows."""

    def __init__(self, app: App[Any], session: Callable[[], Session]) -> None:
        self.app = app
        self.session = session  # asked late: the app reads the settings on first use
        self._sync: RemoteSync | None = None
        self._timer: Timer | None = None
        self._stop_told = ""  # the reason of a stopped sync, told once
        self._shown = False
        self._settings_told = ""  # what is wrong with the shared settings, told once
        self.leaving = False

    @property
    def sync(self) -> RemoteSync:
        if self._sync is None:
            from planner.session.remote_sync import RemoteSync

            session = self.session()
            self._sync = RemoteSync(session.paths.data_dir, session.settings, session.clock)
        return self._sync

    def has_repository(self) -> bool:
        """RemoteSync.has_repository, without loading git's side for a folder that is not one
        (the same one stat: a ``.git`` folder)."""
        if self._sync is not None:
            return self._sync.has_repository()
        return Path(self.session().paths.data_dir, ".git").is_dir()

    @property
    def remote_set(self) -> bool:
        return self._sync is not None and self._sync.remote_set

    def start(self) -> None:
        """After the first frame: conflict copies merged, then a sync when the data folder
        may have a remote (its end starts the periodic look)."""
        if self.leaving:
            return
        self.app.run_worker(
            self.session().merge_conflict_copies, name="copies", group="copies", thread=True
        )
        if self.has_repository():
            self.run("start", self.sync.sync_at_start)

    def run(self, name: str, work: Callable[[], ResultT]) -> Worker[ResultT]:
        return self.app.run_worker(work, name=name, group=GROUP, exclusive=True, thread=True)

    def running(self) -> list[Worker[Any]]:
        """The remote sync's workers not yet ended (one at most)."""
        return [worker for worker in self.app.workers if worker.group == GROUP]

    def sync_now(self) -> None:
        """R and the palette's "Sync now (remote)": a sync now, then a notice of how it went."""
        if not self.has_repository():
            self.app.notify(self.sync.outcome_text(), title="Sync now (remote)", timeout=10)
        elif self.leaving or self.running():
            self.app.notify("remote sync: a sync is under way; the state shows when it ends")
        else:
            self.run("now", self.sync.sync_now)

    def tick(self) -> None:
        """Every LOOK_SECONDS: the state shown afresh, then (in a thread) a look at the
        changes waiting and the periodic sync when due."""
        self.show()
        if not (self.leaving or self.running()):
            self.run("tick", partial(self.sync.sync_if_due, self.session().now()))

    def worker_ended(self, worker: Worker[Any], state: WorkerState) -> None:
        if state is not WorkerState.SUCCESS or self.leaving:
            return
        if worker.group == "copies":
            said = conflict_copies_text(worker.result or [])
            if said:
                self.app.notify(said, title="Conflict copies", timeout=20)
                self.reload_checklists()
            return
        if worker.group != GROUP:
            return
        sync = self.sync
        if worker.name != "tick" or worker.result:  # a tick that synced returns True
            self.reload_settings()  # the shared settings.yaml may have come too
        self.show()
        self.reload_checklists()  # a sync may have brought changes: show them
        if worker.name == "now":
            self.app.notify(sync.outcome_text(), severity=sync.severity, timeout=10)
        elif sync.state.stopped and sync.state.reason != self._stop_told:  # said once
            self.app.notify(sync.outcome_text(), severity="error", timeout=20)
        self._stop_told = sync.state.reason if sync.state.stopped else ""
        if sync.remote_set and self._timer is None:
            every = min(LOOK_SECONDS, sync.minutes * 60 or LOOK_SECONDS)
            self._timer = self.app.set_interval(every, self.tick)
        self.app.refresh_bindings()  # R is there once a remote is

    def stop_network(self) -> None:
        """At the end: the fetch or push of a sync still running is stopped (see
        RemoteSync.stop_network); nothing when no sync ever ran."""
        if self._sync is not None:  # its worker may already be cancelled: its git is not
            self._sync.stop_network()

    def reload_settings(self) -> None:
        problem = self.session().reload_settings()
        if problem and problem != self._settings_told:  # said once
            self.app.notify(problem, title="Settings", severity="warning", timeout=20)
        self._settings_told = problem or ""

    def reload_checklists(self) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.reload_if_changed_outside()

    def show(self) -> None:
        """The state in the side panel (wide terminals) and the header (narrow ones);
        nothing at all for a folder that never had a remote."""
        sync = self._sync
        if sync is None or not (sync.remote_set or self._shown):
            return
        self._shown = True  # a remote removed meanwhile: its line goes away
        text, severity = sync.status_text(self.session().now()), sync.severity
        for screen in self.app.screen_stack:
            for header in screen.query(DayHeader):
                header.show_remote_sync(text, severity)
            for panel in screen.query(SidePanel):
                panel.show_remote_sync(text, severity)

    async def sync_before_exit(self) -> str | None:
        """At quit: the changes waiting go first, QUIT_SECONDS at most (a sync under way
        gets that long to end, then its network part is stopped); what to say after."""
        started, sync = time.monotonic(), self.sync
        running = self.running()
        if running or sync.state.waiting:
            self.app.notify("remote sync: sending your changes before quitting…", timeout=5)
        if running:
            # Shielded: a wait that times out must not cancel the worker it waits for
            # (Worker.wait awaits the worker's own task).
            ended = asyncio.ensure_future(self.app.workers.wait_for_complete(running))
            try:
                await asyncio.wait_for(asyncio.shield(ended), QUIT_SECONDS)
            except TimeoutError:
                sync.stop_network()  # its fetch or push ends now; the merge is local
                await ended
        left = QUIT_SECONDS - (time.monotonic() - started)
        if left <= 0.5:  # what is left: the quit never waits much longer
            return sync.quit_text() or "remote sync: will sync next time"
        return await self.run("quit", partial(sync.sync_at_quit, left)).wait()
