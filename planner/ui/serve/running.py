"""Running the server: `serve_forever` for `planner serve` (until ctrl+c or SIGTERM), and
`serve_in_thread` for tests (a free port, a handle to stop it).

The port is bound before anything else, so that port 0 picks a free one and the URL printed
is the one answered; the app processes are ended before either returns."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

from planner.errors import PlannerError
from planner.ui.serve.logs import LOG, AccessLog, start_logging, stop_logging
from planner.ui.serve.options import ServeOptions, base_url, page_url, url_host
from planner.ui.serve.processes import GRACE
from planner.ui.serve.server import PlannerServer

# Seconds to wait, once the server stops, for requests still being answered: the tabs are
# closed and their apps ended first (PlannerServer.on_shutdown), so this is seldom reached.
SHUTDOWN_TIMEOUT = 10.0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host.strip("[]"), port), family=family)
    except OSError as error:
        raise PlannerError(
            f"serve: cannot listen on {url_host(host)}:{port}: {error.strerror or error} "
            "(choose another with --port or --host)"
        ) from error


async def run_until(server: PlannerServer, sock: socket.socket, stop: asyncio.Event) -> None:
    """Serves on `sock` until `stop` is set; then closes every tab and ends every app."""
    app = await server._make_app()
    runner = web.AppRunner(
        app, access_log_class=AccessLog, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT
    )
    await runner.setup()
    try:
        await web.SockSite(runner, sock).start()
        await stop.wait()
        if server.services:
            LOG.info("stopping: ending %d app process(es)", len(server.services))
    finally:
        await runner.cleanup()
        server.kill_all()


def announce(options: ServeOptions, port: int, say: Callable[[str], None]) -> None:
    say(f"planner serve: {page_url(options, port)}")
    if options.host in ("0.0.0.0", "::") and not options.public_url:
        name = socket.gethostname()
        say(f"  ({name!r} is this machine's name: its address on the network works as well)")
    if not options.local:
        say("  plain HTTP: anyone on the network between can read it (see the README)")
    say("ctrl+c stops it")


def serve_forever(options: ServeOptions, *, open_browser: bool = False) -> None:
    """`planner serve`: prints the URL, serves until ctrl+c (or SIGTERM), ends every app."""
    sock = bind(options.host, options.port)
    port = sock.getsockname()[1]
    server = PlannerServer(options, port)
    announce(options, port, lambda line: print(line, flush=True))
    handler = start_logging(options.token)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        if open_browser:  # the socket listens already: the browser's request waits for us
            loop.run_in_executor(None, webbrowser.open, page_url(options, port))
        await run_until(server, sock, stop)

    try:
        asyncio.run(main())
    finally:
        server.kill_all()
        LOG.info("planner serve stopped")
        stop_logging(handler)
        sock.close()


@dataclass
class Served:
    """A server running in a thread of this process (see serve_in_thread)."""

    server: PlannerServer
    port: int
    url: str  # http://127.0.0.1:PORT (or the public URL): no slash, no token
    page_url: str  # the URL to open: with ?token= when one is asked
    token: str | None
    _loop: asyncio.AbstractEventLoop
    _stop: asyncio.Event
    _thread: threading.Thread
    _failure: list[BaseException] = field(default_factory=list)

    def app_pids(self) -> list[int]:
        """The app processes running now (their ids are their process groups' too)."""
        future = asyncio.run_coroutine_threadsafe(self._app_pids(), self._loop)
        return future.result(timeout=10)

    async def _app_pids(self) -> list[int]:
        return self.server.app_pids()

    def stop(self, timeout: float = 30.0) -> None:
        """Closes every tab, ends every app process, and returns when the thread has."""
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError("planner serve: the server thread did not stop")
        if self._failure:
            raise self._failure[0]

    def __enter__(self) -> Served:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_in_thread(
    options: ServeOptions | None = None, *, argv: list[str] | None = None, grace: float = GRACE
) -> Served:
    """Starts a server in a thread and returns once it answers; port 0 picks a free port.

    The app processes inherit this process's environment (PLANNER_HOME included); `argv`
    replaces their command (planner by default). The log goes to the `planner.serve` and
    `aiohttp.access` loggers, as configured by the caller. Stop it with `.stop()`, or use
    it as a context manager."""
    options = options or ServeOptions(port=0)
    sock = bind(options.host, options.port)
    port = sock.getsockname()[1]
    server = PlannerServer(options, port, argv=argv, grace=grace)
    ready = threading.Event()
    started: dict[str, object] = {}
    failure: list[BaseException] = []

    async def main() -> None:
        stop = asyncio.Event()
        started["loop"], started["stop"] = asyncio.get_running_loop(), stop
        ready.set()
        await run_until(server, sock, stop)

    def thread_main() -> None:
        try:
            asyncio.run(main())
        except BaseException as error:
            failure.append(error)
            raise
        finally:
            ready.set()
            server.kill_all()
            sock.close()

    thread = threading.Thread(target=thread_main, name=f"planner-serve-{port}", daemon=True)
    thread.start()
    ready.wait()
    if failure:
        raise failure[0]
    loop, stop = started["loop"], started["stop"]
    assert isinstance(loop, asyncio.AbstractEventLoop) and isinstance(stop, asyncio.Event)
    return Served(
        server=server,
        port=port,
        url=base_url(options, port),
        page_url=page_url(options, port),
        token=options.token,
        _loop=loop,
        _stop=stop,
        _thread=thread,
        _failure=failure,
    )
