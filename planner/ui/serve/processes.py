"""The app process behind one browser tab: planner itself, run with exec (no shell), in a
process group of its own, and gone a few seconds at most after its tab.

textual-serve starts the command through a shell and, to stop it, asks the app to quit and
waits for as long as that takes: a tab closed while its app was starting left that app
spinning. Here the app is asked to quit, given a short grace, then its whole group is sent
SIGTERM and, a moment later, SIGKILL (anything the app started goes with it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from planner.ui.orphan import SERVED_BY_ENV
from planner.ui.serve.options import TOKEN_ENV

GRACE = 2.0  # seconds the app has to quit by itself once its tab is gone
TERM_GRACE = 1.0  # then seconds between SIGTERM and SIGKILL to its group


def app_command() -> list[str]:
    """planner, as this Python runs it: the same installation, the same PLANNER_HOME."""
    return [sys.executable, "-m", "planner"]


def kill_group(pgid: int, signal_number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal_number)


async def exited(process: Process, timeout: float) -> bool:
    """Waits up to `timeout` seconds for the process to end; whether it did."""
    try:
        await asyncio.wait_for(process.wait(), timeout)
    except TimeoutError:
        return False
    return True


class PlannerAppService(AppService):
    """textual-serve's app service, with the process started and stopped as above."""

    def __init__(
        self,
        argv: list[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
        download_manager: DownloadManager,
        grace: float = GRACE,
    ) -> None:
        super().__init__(
            " ".join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,  # type: ignore[arg-type]  # websocket.close returns a bool
            download_manager=download_manager,
        )
        self.argv = argv
        self.grace = grace
        self._stopping: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        """The app's process id (its group's too), once started."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.pop(TOKEN_ENV, None)  # the app has no use for it
        environment[SERVED_BY_ENV] = str(os.getpid())  # it leaves if this one is gone
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=environment,
            start_new_session=True,  # its own process group: killed as one
        )
        self._process = process
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        await super().run()
        # The app ended (it quit, or it was stopped): the page shows "Session ended".
        await self.remote_close()

    async def stop(self) -> None:
        """Ends the app and its group; safe to call more than once, and from a handler that
        is being cancelled (the stopping goes on)."""
        process = self._process
        if process is None:
            return
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop(process))
        await asyncio.shield(self._stopping)

    async def _stop(self, process: Process) -> None:
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
        if not await exited(process, self.grace):
            kill_group(process.pid, signal.SIGTERM)
            await exited(process, TERM_GRACE)
        kill_group(process.pid, signal.SIGKILL)  # the app if still there, and what it started
        await exited(process, TERM_GRACE)
        task, self._task = self._task, None
        if task is not None:
            _, pending = await asyncio.wait({task}, timeout=TERM_GRACE)
            for unfinished in pending:
                unfinished.cancel()

    def kill_now(self) -> None:
        """The last resort, with no event loop: SIGKILL to the group."""
        if self._process is not None:
            kill_group(self._process.pid, signal.SIGKILL)
