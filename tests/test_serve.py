"""`planner serve` without a browser: the guard (Host, Origin, token and its cookie), the page
(its URLs, no outside ones), the log (no token) and the app processes (started only for an
accepted socket, gone soon after their tab, and with the server).

The server runs for real: `planner serve --port 0` in a subprocess (its children counted in
/proc), or planner.ui.serve.running.serve_in_thread; requests go through aiohttp's client.
Nothing passes or fails on wall-clock time: waits poll up to a generous DEADLINE."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from planner.errors import PlannerError
from planner.ui.serve.guard import COOKIE
from planner.ui.serve.logs import HIDDEN, HideToken
from planner.ui.serve.options import ServeOptions, resolve_options
from planner.ui.serve.running import serve_in_thread
from planner.ui.serve.server import PlannerServer

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

DEADLINE = 60.0  # seconds: generous, only ever reached by a failure
TOKEN = "test-token-0123456789abcdef"
REMOTE_HOST = "192.0.2.7"  # a name a LAN browser could use (TEST-NET-1: reaches nothing)


# --- processes, as /proc sees them --------------------------------------------------------


def proc_stats() -> Iterator[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every process, zombies left out."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        if fields[0] != "Z":
            yield int(entry.name), int(fields[1]), int(fields[2])


def children_of(pid: int) -> list[int]:
    return sorted(child for child, parent, _ in proc_stats() if parent == pid)


def group_members(pgid: int) -> list[int]:
    return sorted(pid for pid, _, group in proc_stats() if group == pgid)


async def wait_until(check: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + DEADLINE
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"not within {DEADLINE:.0f} s: {what}")
        await asyncio.sleep(0.05)


# --- a server in a subprocess -------------------------------------------------------------


class ServeProcess:
    """`planner serve --port 0 ARGS` running, its URL read from what it printed."""

    def __init__(self, args: list[str], env: dict[str, str], folder: Path) -> None:
        self.out, self.err = folder / "serve.out", folder / "serve.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "planner", "serve", "--port", "0", *args],
                stdout=out,
                stderr=err,
                env=env,
            )
        end = time.monotonic() + DEADLINE
        while not (found := re.search(r"planner serve: (http://\S+)", self.out.read_text())):
            assert self.process.poll() is None, self.err.read_text()
            assert time.monotonic() < end, "planner serve printed no URL"
            time.sleep(0.05)
        self.page_url = found[1]
        self.url = self.page_url.split("?")[0].rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])

    @property
    def log(self) -> str:
        return self.err.read_text()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # ctrl+c
        return self.process.wait(timeout=DEADLINE)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., ServeProcess]]:
    started: list[ServeProcess] = []

    def start(*args: str, token: str | None = None) -> ServeProcess:
        env = dict(os.environ)  # PLANNER_HOME: the test's own
        env.pop("PLANNER_SERVE_TOKEN", None)
        if token is not None:
            env["PLANNER_SERVE_TOKEN"] = token
        folder = tmp_path / f"serve-{len(started)}"
        folder.mkdir()
        started.append(ServeProcess(list(args), env, folder))
        return started[-1]

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


@asynccontextmanager
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    # The cookies are sent by hand: aiohttp's jar keeps none from an IP address.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


def socket_url(url: str) -> str:
    return "ws" + url.removeprefix("http") + "/ws?width=100&height=30"


async def socket_status(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> int:
    """The status of a websocket handshake (101 when accepted, the socket closed again)."""
    try:
        async with session.ws_connect(socket_url(url), headers=headers):
            return 101
    except aiohttp.WSServerHandshakeError as error:
        return error.status


async def first_bytes(websocket: aiohttp.ClientWebSocketResponse) -> None:
    """Waits for the app to draw something (it has started)."""
    async with asyncio.timeout(DEADLINE):
        while (await websocket.receive()).type != aiohttp.WSMsgType.BINARY:
            pass


# --- the token, the cookie, the Host and the Origin ---------------------------------------


async def test_the_page_takes_the_token_and_sets_the_cookie(
    serve: Callable[..., ServeProcess],
) -> None:
    server = serve("--host", "0.0.0.0", token=TOKEN)
    assert server.page_url.endswith(f"/?token={TOKEN}")
    host = {"Host": f"{REMOTE_HOST}:{server.port}"}
    async with client() as session:
        for query in ("", "?token=wrong-token-0123456789"):
            async with session.get(f"{server.url}/{query}", headers=host) as response:
                assert response.status == 403
                assert "Set-Cookie" not in response.headers
        async with session.get(f"{server.url}/?token={TOKEN}", headers=host) as response:
            assert response.status == 200
            cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"{COOKIE}={TOKEN};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        carried = {**host, "Cookie": f"{COOKIE}={TOKEN}"}
        async with session.get(f"{server.url}/", headers=carried) as response:
            assert response.status == 200  # the cookie alone lets the page in again
    assert server.stop() == 0


async def test_a_token_is_generated_for_another_address(serve: Callable[..., ServeProcess]) -> None:
    server = serve("--host", "0.0.0.0")
    token = server.page_url.split("?token=")[1]
    assert len(token) >= 24
    host = {"Host": f"{REMOTE_HOST}:{server.port}"}
    async with client() as session:
        async with session.get(server.page_url, headers=host) as response:
            assert response.status == 200
        async with session.get(f"{server.url}/", headers=host) as response:
            assert response.status == 403
    assert server.stop() == 0


async def test_a_refused_socket_gets_403_and_starts_no_app(
    serve: Callable[..., ServeProcess],
) -> None:
    local = serve()
    remote = serve("--host", "0.0.0.0", token=TOKEN)
    here = f"127.0.0.1:{local.port}"
    refused = [
        (local, {"Origin": "http://evil.example"}),  # another web page
        (local, {"Origin": f"http://{here}", "Host": "evil.example"}),  # DNS rebinding
        (local, {"Origin": "http://evil.example", "Host": "evil.example"}),
        (local, {"Host": here}),  # no Origin at all
        (remote, {"Origin": f"http://{REMOTE_HOST}:{remote.port}"}),  # no token
        (remote, {"Origin": "http://evil.example", "Cookie": f"{COOKIE}={TOKEN}"}),
    ]
    async with client() as session:
        for server, headers in refused:
            headers = {"Host": server.url.removeprefix("http://"), **headers}
            assert await socket_status(session, server.url, headers) == 403, headers
            # An app is started before the handshake is answered, or never.
            assert children_of(server.process.pid) == [], headers
        # The same count does see an app, once a socket is accepted.
        accepted = {"Origin": local.url, "Host": here}
        async with session.ws_connect(socket_url(local.url), headers=accepted) as websocket:
            await wait_until(lambda: len(children_of(local.process.pid)) == 1, "an app")
            await first_bytes(websocket)
        remote_page = {"Origin": f"http://{REMOTE_HOST}:{remote.port}"}
        remote_page |= {"Host": f"{REMOTE_HOST}:{remote.port}", "Cookie": f"{COOKIE}={TOKEN}"}
        async with session.ws_connect(socket_url(remote.url), headers=remote_page):
            await wait_until(lambda: len(children_of(remote.process.pid)) == 1, "an app")
    assert "refused" in local.log and "Origin 'http://evil.example'" in local.log
    assert local.stop() == 0 and remote.stop() == 0


async def test_no_log_line_holds_the_token(serve: Callable[..., ServeProcess]) -> None:
    server = serve("--host", "0.0.0.0", token=TOKEN)
    host = f"{REMOTE_HOST}:{server.port}"
    async with client() as session:
        async with session.get(server.page_url, headers={"Host": host}) as response:
            assert response.status == 200
        async with session.get(f"{server.url}/?token={TOKEN}x", headers={"Host": host}):
            pass
        headers = {"Host": host, "Origin": f"http://{host}", "Cookie": f"{COOKIE}={TOKEN}"}
        async with session.ws_connect(socket_url(server.url), headers=headers) as websocket:
            await first_bytes(websocket)
    assert server.stop() == 0
    log = server.log
    assert TOKEN in server.out.read_text()  # printed with the URL: the search can find it
    assert "GET / 200" in log and "opened a tab" in log and "closed a tab" in log
    assert TOKEN not in log and "token=" not in log


def test_the_access_log_holds_no_query(caplog: pytest.LogCaptureFixture) -> None:
    """In the log records themselves, before any handler could blank the token out."""
    caplog.set_level(logging.INFO)
    options = ServeOptions(port=0, token=TOKEN)

    async def visit(url: str) -> None:
        async with client() as session, session.get(url) as response:
            assert response.status == 200

    with serve_in_thread(options) as served:
        asyncio.run(visit(served.page_url))
    lines = [record.getMessage() for record in caplog.records]
    assert any(" GET / 200" in line for line in lines), lines
    assert not any(TOKEN in line for line in lines)


def test_the_log_handler_hides_the_token() -> None:
    hide = HideToken(TOKEN)
    record = logging.LogRecord("x", logging.INFO, "", 0, "asked %s", (f"/?token={TOKEN}",), None)
    assert hide.filter(record)
    assert record.getMessage() == f"asked /?token={HIDDEN}"


# --- the page ------------------------------------------------------------------------------


async def page(url: str, host: str) -> str:
    async with client() as session, session.get(url, headers={"Host": host}) as response:
        assert response.status == 200, await response.text()
        assert response.headers["Cache-Control"] == "no-store"
        return await response.text()


def page_urls(html: str) -> set[str]:
    return set(re.findall(r"""(?:https?|wss?)://[^\s"'<>)]+""", html))


async def test_the_page_has_no_outside_urls_and_its_files_are_served() -> None:
    with serve_in_thread(ServeOptions(port=0)) as served:
        html = await page(served.url + "/", f"127.0.0.1:{served.port}")
        found = page_urls(html)
        here = (f"{served.url}/", "ws" + served.url.removeprefix("http") + "/")
        assert found and all(url.startswith(here) for url in found), found
        assert "googleapis" not in html and "@font-face" in html
        async with client() as session:
            for url in {url for url in found if url.startswith(f"{served.url}/static/")}:
                async with session.get(url) as response:
                    assert response.status == 200, url  # the font and script: served here


async def test_the_page_urls_follow_the_host_header() -> None:
    with serve_in_thread(ServeOptions(port=0)) as served:
        for name in ("localhost", "127.0.0.1"):
            html = await page(served.url + "/", f"{name}:{served.port}")
            assert f'"ws://{name}:{served.port}/ws"' in html
            assert f'"http://{name}:{served.port}/static/css/xterm.css"' in html
    with serve_in_thread(ServeOptions(host="0.0.0.0", port=0, token=TOKEN)) as served:
        url = f"http://127.0.0.1:{served.port}/?token={TOKEN}"
        html = await page(url, f"{REMOTE_HOST}:{served.port}")
        assert f'"ws://{REMOTE_HOST}:{served.port}/ws"' in html
        assert "0.0.0.0" not in html


async def test_the_page_urls_follow_the_public_url() -> None:
    options = ServeOptions(port=0, public_url="https://planner.example.org")
    with serve_in_thread(options) as served:
        local = f"http://127.0.0.1:{served.port}"
        html = await page(local + "/", f"127.0.0.1:{served.port}")  # nginx's default Host
        assert '"wss://planner.example.org/ws"' in html
        assert '"https://planner.example.org/static/js/textual.js"' in html
        public = ("https://planner.example.org/", "wss://planner.example.org/")
        assert all(url.startswith(public) for url in page_urls(html))
        # The proxy passes the browser's Host and Origin: the socket is accepted.
        proxied = {"Host": "planner.example.org", "Origin": "https://planner.example.org"}
        async with client() as session:
            assert await socket_status(session, local, proxied) == 101
            assert await socket_status(session, local, {"Origin": "https://evil.example"}) == 403


# --- the app processes --------------------------------------------------------------------


@pytest.mark.parametrize("wait_for_app", [True, False], ids=["drawn", "closed-at-once"])
async def test_closing_the_tab_ends_its_app_process_group(
    serve: Callable[..., ServeProcess], wait_for_app: bool
) -> None:
    server = serve()
    headers = {"Origin": server.url, "Host": server.url.removeprefix("http://")}
    async with client() as session:
        async with session.ws_connect(socket_url(server.url), headers=headers) as websocket:
            await wait_until(lambda: len(children_of(server.process.pid)) == 1, "an app")
            (app,) = children_of(server.process.pid)
            assert group_members(app) == [app]  # its own group, the server not in it
            if wait_for_app:
                await first_bytes(websocket)
        await wait_until(lambda: group_members(app) == [], "the app's group gone")
    # The server logs once it has reaped the app, which may be just after the group is gone.
    await wait_until(lambda: "closed a tab" in server.log, "the close logged")
    assert server.stop() == 0


async def test_stopping_the_server_ends_every_app(serve: Callable[..., ServeProcess]) -> None:
    server = serve()
    headers = {"Origin": server.url, "Host": server.url.removeprefix("http://")}
    async with client() as session:
        first = await session.ws_connect(socket_url(server.url), headers=headers)
        second = await session.ws_connect(socket_url(server.url), headers=headers)
        await wait_until(lambda: len(children_of(server.process.pid)) == 2, "two apps")
        apps = children_of(server.process.pid)
        await first_bytes(first)
        assert await asyncio.to_thread(server.stop) == 0  # ctrl+c: a clean exit
        await wait_until(lambda: all(group_members(app) == [] for app in apps), "no app left")
        async with asyncio.timeout(DEADLINE):  # what the app drew, then the close
            while not first.closed:
                await first.receive()
        await first.close()
        await second.close()
    assert "planner serve stopped" in server.log


STUBBORN_APP = textwrap.dedent(
    """\
    import signal, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # deaf to quit and to SIGTERM
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    print("__GANGLION__", flush=True)
    while True:
        time.sleep(1)
    """
)


async def test_an_app_that_will_not_quit_is_killed_with_its_group(tmp_path: Path) -> None:
    script = tmp_path / "stubborn.py"
    script.write_text(STUBBORN_APP)
    argv = [sys.executable, str(script)]
    with serve_in_thread(ServeOptions(port=0), argv=argv, grace=0.5) as served:
        headers = {"Origin": served.url, "Host": served.url.removeprefix("http://")}
        async with client() as session:
            async with session.ws_connect(socket_url(served.url), headers=headers):
                await wait_until(lambda: len(served.app_pids()) == 1, "the app")
                (app,) = served.app_pids()
                await wait_until(lambda: len(group_members(app)) == 2, "the app and its child")
            await wait_until(lambda: group_members(app) == [], "the app's group gone")
            # The server forgets the app once it has reaped it: a moment after the group.
            await wait_until(lambda: served.app_pids() == [], "the app forgotten")


# --- options and the command ---------------------------------------------------------------


def test_the_options() -> None:
    assert resolve_options().token is None  # 127.0.0.1: no token asked
    assert resolve_options(host="localhost").local
    generated = resolve_options(host="0.0.0.0").token
    assert generated and generated != resolve_options(host="0.0.0.0").token
    from_env = resolve_options(host="0.0.0.0", environ={"PLANNER_SERVE_TOKEN": TOKEN})
    assert from_env.token == TOKEN
    given = resolve_options(token="another-token-123", environ={"PLANNER_SERVE_TOKEN": TOKEN})
    assert given.token == "another-token-123"  # --token before the variable, locally too
    assert resolve_options(public_url="HTTPS://Planner.example.org/").public_url == (
        "https://planner.example.org"
    )
    for wrong in (
        {"token": "short"},
        {"token": "with spaces in it"},
        {"public_url": "https://example.org/planner"},
        {"public_url": "planner.example.org"},
    ):
        with pytest.raises(PlannerError):
            resolve_options(**wrong)  # type: ignore[arg-type]
    with pytest.raises(PlannerError, match="a token is needed"):
        PlannerServer(ServeOptions(host="0.0.0.0"), 8765)  # the server checks it too


def test_the_command_refuses_a_port_taken_or_not_a_port() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "planner", "serve", "--port", port],
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )
    assert result.returncode == 1 and "cannot listen on 127.0.0.1" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "planner", "serve", "--port", "99999"],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert result.returncode == 2 and "is not a port" in result.stderr


async def test_open_hands_the_url_to_the_browser(
    serve: Callable[..., ServeProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"import sys, pathlib; pathlib.Path({str(opened)!r}).write_text(sys.argv[1])"
    )
    monkeypatch.setenv("BROWSER", f"{sys.executable} {browser} %s")
    server = serve("--open")
    await wait_until(lambda: opened.exists() and opened.read_text() != "", "the browser")
    assert opened.read_text() == server.page_url
    assert server.stop() == 0


async def test_a_killed_server_leaves_no_app_behind(serve: Callable[..., ServeProcess]) -> None:
    """SIGKILL gives the server no time to end its apps: each notices it is gone."""
    server = serve()
    headers = {"Origin": server.url, "Host": server.url.removeprefix("http://")}
    async with client() as session:
        tab = await session.ws_connect(socket_url(server.url), headers=headers)
        await wait_until(lambda: len(children_of(server.process.pid)) == 1, "an app")
        [app] = children_of(server.process.pid)
        await first_bytes(tab)
        server.process.kill()
        server.process.wait()
        await wait_until(lambda: group_members(app) == [], "the app gone with its server")
        await tab.close()
