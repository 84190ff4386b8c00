"""Remote sync as a window sees it: whether a remote is set, when the days last went
through, how many changes wait, since when the remote cannot be reached, why a sync
stopped; and when the next sync is due. The syncing itself is planner.remote.repo's.

Plain Python, no Textual: the app calls ``sync_now`` from a worker thread and shows
``status_text``. Nothing here raises a sync's failure: it becomes the state the user reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from planner.config import Settings
from planner.errors import PlannerError
from planner.remote import repo
from planner.remote.git import Offline, stop_network_commands
from planner.session.base import Clock, local_now

NAME = "remote sync"  # what the user reads wherever the state is shown
Severity = Literal["information", "warning", "error"]  # as the app's notices take it
SHORT_REASON = 60  # characters of a stopped sync's reason in the status line
HOW_TO_SET = "no remote is set: run `planner remote add URL` (any URL git takes)"


@dataclass(frozen=True)
class RemoteState:
    """What the last look at the folder (or the last sync) found; replaced whole, never
    changed in place, so a window reading it while a worker syncs sees one or the other."""

    remote: str | None = None
    last_sync: datetime | None = None  # local time
    # Files changed here plus commits not yet sent (an offline sync commits what changed).
    waiting: int = 0
    offline: bool = False
    offline_since: datetime | None = None  # local time; None when it was so at start
    reason: str = ""  # why the remote could not be reached, or why the sync stopped
    stopped: bool = False
    syncing: bool = False
    last_try: datetime | None = None  # when this window last started a sync


class RemoteSync:
    """The data folder's remote sync for one window: ``look`` (no network), ``sync_now``,
    ``due`` for the periodic sync, ``status_text`` for the user."""

    def __init__(self, folder: Path, settings: Settings, clock: Clock = local_now) -> None:
        self.folder = folder
        self.minutes = settings.remote_sync_minutes  # 0: on demand and at quit only
        self.clock = clock
        self.state = RemoteState()

    @property
    def remote_set(self) -> bool:
        """As the last look or sync found it (False before the first)."""
        return self.state.remote is not None

    def has_repository(self) -> bool:
        """The data folder is a git repository (one stat: cheap enough to ask anywhere);
        without one there is no remote, and nothing to look at."""
        return repo.is_repository(self.folder)

    @property
    def severity(self) -> Severity:
        """How the state should catch the eye (the app's notices use the same words)."""
        if self.state.stopped:
            return "error"
        return "warning" if self.state.offline else "information"

    def look(self) -> RemoteState:
        """The remote, the last sync and the changes waiting, as the folder says now
        (git status: no network). An error (git missing, say) is the state's reason."""
        self.state = self._looked(self.state)
        return self.state

    def _looked(self, state: RemoteState) -> RemoteState:
        try:
            found = repo.status(self.folder)
        except (PlannerError, OSError) as error:
            return replace(state, stopped=True, reason=str(error))
        offline = found.state == "offline"
        return replace(
            state,
            remote=found.remote,
            last_sync=_local(found.last_sync),
            waiting=found.local_changes + found.ahead,
            offline=offline,
            offline_since=state.offline_since if offline else None,
            stopped=found.state == "stopped",
            reason=found.reason,
        )

    def sync_now(self, time_limit: float | None = None) -> RemoteState:
        """Commit, fetch, merge and push (see planner.remote.repo.sync), at most
        ``time_limit`` seconds on the network. Offline, a refusal or a lock held elsewhere
        end up in the state, never raised. No remote: nothing is done."""
        try:
            remote = repo.remote_url(self.folder)
        except (PlannerError, OSError) as error:
            self.state = replace(self.state, stopped=True, reason=str(error))
            return self.state
        if remote is None:
            self.state = RemoteState(last_try=self.state.last_try)
            return self.state
        now = self.clock()
        self.state = replace(self.state, remote=remote, syncing=True, last_try=now)
        since = self.state.offline_since or now
        failure: tuple[bool, str] | None = None  # (offline, reason)
        try:
            repo.sync(self.folder, time_limit)
        except Offline as error:
            failure = (True, str(error))
        except (PlannerError, OSError) as error:  # git refused, a lock held too long
            failure = (False, str(error))
        finally:
            after = replace(self._looked(self.state), syncing=False)
            if failure is not None:
                offline, reason = failure
                after = replace(
                    after,
                    offline=offline,
                    offline_since=since if offline else None,
                    stopped=not offline,
                    reason=reason,
                )
            self.state = after
        return self.state

    def stop_network(self) -> None:
        """Stop a sync's fetch or push under way (at quit): it ends offline, and the
        changes go with the next sync."""
        stop_network_commands()

    def sync_at_start(self, time_limit: float | None = None) -> RemoteState:
        """When a window opens: a sync; with ``remote_sync_minutes`` 0 (on demand and at
        quit only) just a look."""
        return self.sync_now(time_limit) if self.minutes > 0 else self.look()

    def sync_at_quit(self, time_limit: float | None = None) -> str | None:
        """At quit: the changes waiting go to the remote first (at most ``time_limit``
        seconds on the network); what to tell the user after the app has closed."""
        state = self.look()
        if state.remote is not None and state.waiting:
            self.sync_now(time_limit)
        return self.quit_text()

    def sync_if_due(self, now: datetime, time_limit: float | None = None) -> bool:
        """The periodic sync: a fresh look at the folder, then a sync when ``due``;
        whether one ran."""
        self.look()
        if not self.due(now):
            return False
        self.sync_now(time_limit)
        return True

    def interval_passed(self, now: datetime) -> bool:
        """A remote is set, the periodic sync is on, none runs, and ``remote_sync_minutes``
        have passed since this window last tried (cheap: nothing is read)."""
        state = self.state
        if state.remote is None or self.minutes <= 0 or state.syncing:
            return False
        if state.last_try is None:
            return True
        return (now - state.last_try).total_seconds() >= self.minutes * 60

    def due(self, now: datetime) -> bool:
        """Whether the periodic sync should run now: the interval has passed and changes
        wait (as the last ``look`` found them)."""
        return self.interval_passed(now) and self.state.waiting > 0

    def status_text(self, now: datetime) -> str:
        """The short line the user reads after "remote sync:"; empty with no remote."""
        state = self.state
        if state.remote is None:
            return ""
        if state.syncing:
            return "syncing…"
        if state.stopped:
            return f"stopped: {_short(state.reason)}"
        if state.offline:
            since = state.offline_since
            return f"offline since {_when(since, now)}" if since else "offline"
        if state.waiting:
            return f"{state.waiting} change{'s' if state.waiting > 1 else ''} waiting"
        if state.last_sync is None:
            return "not synced yet"
        return f"synced {_ago(state.last_sync, now)}"

    def outcome_text(self) -> str:
        """What a sync asked for came to, for a notice (the reason in full)."""
        state = self.state
        if state.remote is None:
            return f"{NAME}: {HOW_TO_SET}"
        if state.stopped:
            return f"{NAME}: stopped: {state.reason}"
        if state.offline:
            return f"{NAME}: offline ({state.reason}); your changes are kept and go next time"
        return f"{NAME}: synced"

    def quit_text(self) -> str | None:
        """Said after quitting when changes are left waiting, or the last sync stopped."""
        state = self.state
        if state.remote is None:
            return None
        if state.stopped:
            return f"{NAME}: stopped: {state.reason}"
        return f"{NAME}: will sync next time" if state.waiting else None


def _short(reason: str, limit: int = SHORT_REASON) -> str:
    """The reason's first sentence, cut to ``limit`` characters (the notice has it all)."""
    first = reason.split(". ", 1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _local(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).astimezone()
    except ValueError:  # a state file edited by hand: the time is unknown, nothing more
        return None


def _when(moment: datetime, now: datetime) -> str:
    """09:12 today, Mon 23 Nov 09:12 on another day."""
    moment = moment.astimezone(now.tzinfo)
    return f"{moment:%H:%M}" if moment.date() == now.date() else f"{moment:%a %d %b %H:%M}"


def _ago(moment: datetime, now: datetime) -> str:
    seconds = (now - moment).total_seconds()
    if seconds < 60:  # a clock a little behind the sync's own counts as now
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    moment = moment.astimezone(now.tzinfo)
    return f"at {moment:%H:%M}" if moment.date() == now.date() else f"on {moment:%a %d %b}"
