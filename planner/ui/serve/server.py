"""textual-serve's `Server`, made safe to leave running: every request passes the guard
first, the page is planner's own with URLs built from the request's Host (or --public-url),
and every app process is tracked, so that a closed tab or a stopped server ends it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from aiohttp.typedefs import Handler
from textual_serve.server import Server, to_int

from planner.errors import PlannerError
from planner.ui.serve.guard import COOKIE, refusal, takes_token_from_query
from planner.ui.serve.logs import LOG, who
from planner.ui.serve.options import ServeOptions, base_url
from planner.ui.serve.processes import GRACE, PlannerAppService, app_command

TITLE = "planner"
TEMPLATES = Path(__file__).parent / "templates"
STATICS = Path(textual_serve.__file__).parent / "static"  # its script, styles and fonts
SOCKET_HEARTBEAT = 15.0  # seconds: a browser gone without a word is found out by then
PAGE_HEADERS = {
    "Cache-Control": "no-store",  # the page answered a ?token=
    "Referrer-Policy": "no-referrer",
    # No other page may frame planner and steer clicks into it.
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
}
REFUSED = (
    "403: planner serve refused this request ({reason}).\n"
    "Open the address `planner serve` printed, with its ?token= when it has one.\n"
)


class PlannerServer(Server):
    """Serves planner, one app process a browser tab."""

    def __init__(
        self,
        options: ServeOptions,
        port: int,
        *,
        argv: list[str] | None = None,
        grace: float = GRACE,
    ) -> None:
        """`port` is the one bound (options.port may be 0); `argv` the app's command."""
        if not options.local and not options.token:
            raise PlannerError(f"serve: {options.host} is not a local address: a token is needed")
        self.argv = argv or app_command()
        super().__init__(
            " ".join(self.argv),
            host=options.host,
            port=port,
            title=TITLE,
            public_url=base_url(options, port),
            statics_path=STATICS,
            templates_path=TEMPLATES,
        )
        self.options = options
        self.grace = grace
        self.services: set[PlannerAppService] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    def initialize_logging(self) -> None:
        """Nothing: planner.ui.serve.logs sets the log up (textual-serve's would not hide
        the token)."""

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refused requests get 403 before any handler runs (so before a websocket is
        prepared and an app started); the page let in by ?token= sets the cookie."""
        reason = refusal(
            request.path,
            request.headers,
            request.query,
            request.cookies,
            options=self.options,
            port=self.port,
        )
        if reason is not None:
            LOG.warning("refused %s %s %s: %s", who(request), request.method, request.path, reason)
            raise web.HTTPForbidden(text=REFUSED.format(reason=reason))
        response = await handler(request)
        if self.options.token and takes_token_from_query(request.path, request.query, self.options):
            response.set_cookie(
                COOKIE,
                self.options.token,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=self.options.secure,
            )
        return response

    def page_base(self, request: web.Request) -> str:
        """Where browsers reach this server: --public-url, else the request's own Host
        (already checked by the guard), never the address bound (0.0.0.0 is no URL)."""
        return self.options.public_origin or f"http://{request.headers['Host']}"

    async def handle_index(self, request: web.Request) -> web.Response:
        base = self.page_base(request)
        socket_base = "wss" + base[len("https") :] if base.startswith("https") else "ws" + base[4:]
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{socket_base}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers.update(PAGE_HEADERS)
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's, with planner's app service, tracked, and a line in the log."""
        websocket = web.WebSocketResponse(heartbeat=SOCKET_HEARTBEAT)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = PlannerAppService(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            grace=self.grace,
        )
        self.sockets.add(websocket)
        self.services.add(service)
        try:
            await service.start(width, height)
            LOG.info("%s opened a tab: app process %s", who(request), service.pid)
            await self._process_messages(websocket, service)
        except (ValueError, AssertionError, OSError) as error:  # a bad message, a failed start
            LOG.warning("%s: tab ended on an error: %s", who(request), error)
        finally:
            await service.stop()
            self.services.discard(service)
            self.sockets.discard(websocket)
            LOG.info("%s closed a tab: app process %s ended", who(request), service.pid)
            await websocket.close()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Nothing (textual-serve prints its logo): planner.ui.serve.running prints the URL."""

    async def on_shutdown(self, app: web.Application) -> None:
        """The server stops: every tab is told, every app process ended."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"planner serve stopped")
        await asyncio.gather(*(service.stop() for service in list(self.services)))

    def app_pids(self) -> list[int]:
        """The process ids of the app processes running now (one a tab)."""
        return sorted(s.pid for s in list(self.services) if s.running and s.pid is not None)

    def kill_all(self) -> None:
        """The last resort when the event loop is gone: SIGKILL to every app's group."""
        for service in list(self.services):
            service.kill_now()
