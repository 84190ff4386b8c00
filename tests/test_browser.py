"""`planner serve` in a real browser (issue 19): Debian's Chromium driven by Playwright, no
mocks. A task is done through the page (the day file on disk says so), two tabs see each
other's changes, the export arrives as a download, a page on another origin cannot open the
socket, a non-local bind without the token answers 403 and starts nothing, the token never
reaches the log, and no app process outlives its tab or the server.

The browser is PLANNER_CHROMIUM, else `chromium` or `chromium-browser` on the PATH
(Playwright's own browser download is not used). Without one these tests skip and say why,
unless PLANNER_REQUIRE_BROWSER=1 (.ci/run sets it): then they fail.

textual-serve's page draws the terminal (xterm.js) on a canvas, which has no text to read:
an init script keeps a reference to the page's xterm.js terminal, whose buffer holds what
the canvas shows (TERMINAL_HOOK, SCREEN). The servers run as `planner serve --port 0` in a
subprocess (tests/test_serve.py's ServeProcess), each with a PLANNER_HOME of its own: one on
127.0.0.1 and one on 0.0.0.0 with a token, each shared by the module's tests, and one more
to be stopped. One browser serves the module; each test has its own profile (no cookies).
Nothing passes or fails on wall-clock time: waits poll up to a generous DEADLINE. With
PLANNER_UPDATE_DOCS=1 the screenshot is also written to docs/serve.png (the README's)."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from planner.config import resolve_paths
from planner.core.model import Status, TaskState
from planner.store.days import Store
from planner.ui.serve.guard import COOKIE
from tests.test_serve import ServeProcess, children_of, group_members

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

DEADLINE = 60.0  # seconds: generous, only ever reached by a failure
TOKEN = "browser-token-0123456789abcdef"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}  # ~133 columns: the side panel shows
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # a container's small /dev/shm crashes tabs otherwise
]
DOCS_SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "serve.png"
NEXT_UP = re.compile(r"○ (\S.*?) +▶ next up")
DONE_COUNT = re.compile(r"(\d+)/\d+ done")

# textual-serve's script builds its terminal as `this.terminal = new Terminal(...)` on an
# object whose `element` is the page's .textual-terminal: that terminal is kept as
# window.__plannerTerminal, and the hook taken off again.
TERMINAL_HOOK = """
(() => {
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
      const element = this.element;
      if (element instanceof HTMLElement && element.classList.contains("textual-terminal")) {
        window.__plannerTerminal = value;
        delete Object.prototype.terminal;
      }
    },
  });
})();
"""
# What the terminal shows, row by row (null before the terminal is made).
SCREEN = """() => {
  const terminal = window.__plannerTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""
# Opens a websocket from the page: "open" when the server accepts it (closed at once),
# "refused" when the handshake fails.
TRY_SOCKET = """(url) => new Promise((resolve) => {
  const socket = new WebSocket(url);
  socket.onopen = () => { resolve("open"); socket.close(); };
  socket.onclose = () => resolve("refused");
})"""
# Once the fonts are in and two frames drawn, the canvas shows what the buffer holds.
PAINTED = """() => document.fonts.ready.then(() => new Promise(
  (done) => requestAnimationFrame(() => requestAnimationFrame(done))))"""


def wait_until(check: Callable[[], object], what: str, shown: Callable[[], str] = str) -> None:
    end = time.monotonic() + DEADLINE
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"not within {DEADLINE:.0f} s: {what}\n{shown()}")
        time.sleep(0.05)


# --- the browser ----------------------------------------------------------------------------


def find_chromium() -> tuple[str | None, str]:
    """The browser's binary, or None and why there is none."""
    given = os.environ.get("PLANNER_CHROMIUM")
    if given:
        found = shutil.which(given)
        return found, "" if found else f"PLANNER_CHROMIUM={given!r} is not an executable"
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found, ""
    return None, (
        "no Chromium: set PLANNER_CHROMIUM or put chromium or chromium-browser on the PATH "
        "(Debian: apt-get install chromium)"
    )


@pytest.fixture(scope="module")
def chromium() -> str:
    found, why = find_chromium()
    if found is None:
        if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PLANNER_REQUIRE_BROWSER=1, but {why}", pytrace=False)
        pytest.skip(f"browser tests: {why}")
    return found


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    args = [*CHROMIUM_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=args)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser profile of its own (no cookies) for one test; its tabs close with it."""
    made = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    made.set_default_timeout(DEADLINE * 1000)
    made.add_init_script(TERMINAL_HOOK)
    yield made
    made.close()


class Tab:
    """A browser tab showing planner: what its terminal shows, keys typed into it."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def screen(self) -> str:
        return str(self.page.evaluate(SCREEN) or "")

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        """Polls the screen until `check` holds; the screen then."""
        shown: list[str] = [""]

        def holds() -> bool:
            shown[0] = self.screen()
            return check(shown[0])

        wait_until(holds, what, lambda: f"the tab shows:\n{shown[0]}")
        return shown[0]

    def wait_ready(self) -> str:
        """The checklist, laid out at the page's width (the side panel: 110 columns)."""
        return self.wait_for(
            lambda shown: (
                bool(NEXT_UP.search(shown)) and "NEXT UP" in shown and "Commands" in shown
            ),
            "the checklist",
        )

    def press(self, key: str) -> None:
        self.page.focus(".xterm-helper-textarea")  # xterm.js takes keys there
        self.page.keyboard.press(key)

    def screenshot(self) -> bytes:
        self.page.evaluate(PAINTED)
        return self.page.screenshot()


def open_tab(context: BrowserContext, url: str) -> Tab:
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return Tab(page)


def next_up_title(shown: str) -> str:
    found = NEXT_UP.search(shown)
    assert found, f"no next-up task on screen:\n{shown}"
    return found[1]


def done_count(shown: str) -> int:
    found = DONE_COUNT.search(shown)
    assert found, f"no 'N/M done' on screen:\n{shown}"
    return int(found[1])


# --- the servers ----------------------------------------------------------------------------


@dataclass
class Served:
    """A `planner serve` subprocess and the data folder its tabs work on."""

    serve: ServeProcess
    env: dict[str, str]

    @property
    def url(self) -> str:
        """The page at 127.0.0.1 (a non-local bind prints this machine's name instead)."""
        return f"http://127.0.0.1:{self.serve.port}/"

    @property
    def socket_url(self) -> str:
        return f"ws://127.0.0.1:{self.serve.port}/ws?width=80&height=24"

    @property
    def log(self) -> str:
        return self.serve.log

    @property
    def store(self) -> Store:
        return Store(resolve_paths(self.env).data_dir)

    def apps(self) -> list[int]:
        """The app processes running (the server's children)."""
        return children_of(self.serve.process.pid)

    def opened(self) -> int:
        return self.log.count("opened a tab")

    def settle(self) -> None:
        """Waits for the apps of tabs closed by another test to end."""
        wait_until(lambda: self.apps() == [], "no app process left from another test")

    def tasks(self, days: set[date], title: str) -> list[TaskState]:
        """The tasks called `title` in the day files of `days`."""
        stored = [self.store.load_day(day) for day in sorted(days)]
        return [task for day in stored if day for task in day.tasks if task.title == title]

    def wait_done(self, since: date, title: str) -> None:
        """The task `title` is done in today's day file (the app's clock is the real one:
        today is the day the test started, or the next if midnight passed meanwhile)."""

        def done() -> bool:
            tasks = self.tasks({since, date.today()}, title)
            return any(task.status is Status.DONE for task in tasks)

        wait_until(done, f"{title!r} done in the day file")

    def stop(self) -> int:
        """Stops the server as ctrl+c does; its exit status. Every app it ran must be gone
        then: one left is killed (no stray process outlives the test) and fails the test."""
        apps = self.apps()
        try:
            return self.serve.stop()
        finally:
            if self.serve.process.poll() is None:
                self.serve.process.kill()
                self.serve.process.wait()
            end = time.monotonic() + DEADLINE  # a group killed at the end may take a moment
            while (left := [app for app in apps if group_members(app)]) and time.monotonic() < end:
                time.sleep(0.05)
            for app in left:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(app, signal.SIGKILL)
            assert not left, f"app processes outlived the server: {left}"


def start_server(folder: Path, *args: str, token: str | None = None) -> Served:
    folder.mkdir()
    env = dict(os.environ)
    env["PLANNER_HOME"] = str(folder / "planner-home")
    env.pop("NO_COLOR", None)
    env.pop("PLANNER_SERVE_TOKEN", None)
    if token is not None:
        env["PLANNER_SERVE_TOKEN"] = token
    return Served(ServeProcess(list(args), env, folder), env)


@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`planner serve` on 127.0.0.1: no token."""
    served = start_server(tmp_path_factory.mktemp("local") / "serve")
    yield served
    assert served.stop() == 0, served.log


@pytest.fixture(scope="module")
def remote_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`planner serve --host 0.0.0.0` with its token from PLANNER_SERVE_TOKEN."""
    served = start_server(
        tmp_path_factory.mktemp("remote") / "serve", "--host", "0.0.0.0", token=TOKEN
    )
    yield served
    assert served.stop() == 0, served.log


OTHER_PAGE = b"<!doctype html><title>another site</title><p>another site</p>"


@pytest.fixture(scope="module")
def other_site() -> Iterator[str]:
    """A web page on another origin (another port) than planner's."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(OTHER_PAGE)))
            self.end_headers()
            self.wfile.write(OTHER_PAGE)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


# --- a screenshot, as PNG -------------------------------------------------------------------


def png_pixels(png: bytes) -> tuple[int, int, Counter[bytes]]:
    """Width, height and how many pixels of each colour: an 8-bit RGB or RGBA PNG, not
    interlaced (as Chromium writes them), decoded with zlib and the PNG filters."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG"
    position, data, header = 8, [], b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind, body = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data.append(body)
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    size = 3 if colour_type == 2 else 4
    stride = width * size
    raw = zlib.decompress(b"".join(data))
    assert len(raw) == (stride + 1) * height
    colours: Counter[bytes] = Counter()
    above = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), above, size)
        colours.update(line[x : x + size] for x in range(0, stride, size))
        above = line
    return width, height, colours


def unfilter(kind: int, line: bytearray, above: bytes, size: int) -> bytes:
    if kind == 1:  # Sub
        for i in range(size, len(line)):
            line[i] = (line[i] + line[i - size]) & 0xFF
    elif kind == 2:  # Up
        line = bytearray((a + b) & 0xFF for a, b in zip(line, above, strict=True))
    elif kind == 3:  # Average
        for i in range(len(line)):
            left = line[i - size] if i >= size else 0
            line[i] = (line[i] + ((left + above[i]) >> 1)) & 0xFF
    elif kind == 4:  # Paeth
        for i in range(len(line)):
            a = line[i - size] if i >= size else 0
            b, c = above[i], above[i - size] if i >= size else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    else:
        assert kind == 0, f"PNG filter {kind}"
    return bytes(line)


# --- the tests ------------------------------------------------------------------------------


def test_a_task_done_in_the_browser_is_done_on_disk(
    browser: Browser, local_server: Served, context: BrowserContext, tmp_path: Path
) -> None:
    today = date.today()
    tab = open_tab(context, local_server.url)
    title = next_up_title(tab.wait_ready())
    assert all(task.status is Status.OPEN for task in local_server.tasks({today}, title))
    tab.press(" ")
    local_server.wait_done(today, title)
    tab.wait_for(lambda shown: f"✓ {title}" in shown, f"{title!r} shown done")

    png = tab.screenshot()
    (tmp_path / "serve.png").write_bytes(png)  # the test's artefact
    width, height, colours = png_pixels(png)
    assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"])
    background, most = colours.most_common(1)[0]
    # A blank page is one colour, the page before the app draws (a name and a button on a
    # dark ground) a few hundred at most and nearly all ground; the checklist has text,
    # rung colours and their edges (here about 2,600 colours, the ground 60%).
    assert len(colours) > 256, f"{len(colours)} colours"
    assert most < 0.85 * width * height, f"{background!r} covers {most} pixels"
    if os.environ.get("PLANNER_UPDATE_DOCS") == "1":
        DOCS_SCREENSHOT.write_bytes(png)


def test_two_tabs_see_each_others_changes(
    browser: Browser, local_server: Served, context: BrowserContext
) -> None:
    first, second = open_tab(context, local_server.url), open_tab(context, local_server.url)
    title = next_up_title(first.wait_ready())
    done_before = done_count(second.wait_ready())
    first.press(" ")
    # The README says within two seconds (each tab's planner polls the day file): the wait
    # is longer, so that a busy machine does not fail it.
    second.wait_for(
        lambda shown: f"✓ {title}" in shown and done_count(shown) == done_before + 1,
        f"{title!r} done in the other tab",
    )


def test_the_export_arrives_as_a_download(
    browser: Browser, local_server: Served, context: BrowserContext
) -> None:
    today = date.today()
    tab = open_tab(context, local_server.url)
    title = next_up_title(tab.wait_ready())
    tab.press(" ")
    local_server.wait_done(today, title)
    tab.wait_for(lambda shown: f"✓ {title}" in shown, f"{title!r} shown done")
    tab.press("x")
    tab.wait_for(lambda shown: "your browser downloads it" in shown, "the export dialog")
    with tab.page.expect_download() as arrival:
        tab.press("Enter")  # the file name has the focus: Markdown, the name suggested
    download = arrival.value
    assert download.suggested_filename in {
        f"planner-export-{day.isoformat()}.md" for day in (today, date.today())
    }
    journal = Path(download.path()).read_text(encoding="utf-8")
    # The same as `planner export --format md` prints from the same data folder.
    printed = subprocess.run(
        [sys.executable, "-m", "planner", "export", "--format", "md"],
        env=local_server.env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=True,
    ).stdout
    assert journal == printed
    assert journal.startswith("# Planner journal, ") and f"- [x] {title} (" in journal
    tab.wait_for(lambda shown: "your browser downloads it" not in shown, "the dialog closed")


def test_a_page_on_another_origin_cannot_open_the_socket(
    browser: Browser, local_server: Served, context: BrowserContext, other_site: str
) -> None:
    local_server.settle()
    opened = local_server.opened()
    page = context.new_page()
    page.goto(other_site)
    assert page.evaluate(TRY_SOCKET, local_server.socket_url) == "refused"
    refusal = f"refused 127.0.0.1 GET /ws: Origin '{other_site}' is not this server's page"
    wait_until(
        lambda: refusal in local_server.log, "the refusal in the log", lambda: local_server.log
    )
    assert local_server.apps() == [] and local_server.opened() == opened
    # The same script on planner's own origin (its 404 page) is let in: the Origin decides.
    own = context.new_page()
    response = own.goto(local_server.url + "no-such-page")
    assert response is not None and response.status == 404
    assert own.evaluate(TRY_SOCKET, local_server.socket_url) == "open"
    wait_until(lambda: local_server.opened() == opened + 1, "the accepted socket's app")


def test_closing_a_tab_ends_its_app_process(
    browser: Browser, local_server: Served, context: BrowserContext
) -> None:
    local_server.settle()
    tab = open_tab(context, local_server.url)
    tab.wait_ready()
    (app,) = local_server.apps()
    assert app in group_members(app)  # the app leads its own process group
    tab.page.close()
    wait_until(lambda: group_members(app) == [], "the closed tab's app process group gone")
    ended = f"closed a tab: app process {app} ended"
    wait_until(
        lambda: ended in local_server.log, "the closed tab in the log", lambda: local_server.log
    )


def test_stopping_the_server_ends_every_app_process(
    browser: Browser, context: BrowserContext, tmp_path: Path
) -> None:
    served = start_server(tmp_path / "serve")
    try:
        tabs = [open_tab(context, served.url) for _ in range(2)]
        for tab in tabs:
            tab.wait_ready()
        apps = served.apps()
        assert len(apps) == 2
        assert served.stop() == 0, served.log  # ctrl+c: a clean exit
    finally:
        served.stop()  # killed, if the test failed before
    # Every app's whole process group is gone (what an app started went with it).
    wait_until(lambda: all(group_members(app) == [] for app in apps), "no app process left")
    for tab in tabs:  # each page says its planner has ended
        tab.page.wait_for_selector("body.-closed .closed-dialog", state="visible")
    assert "planner serve stopped" in served.log


def test_without_the_token_a_remote_bind_answers_403_and_starts_nothing(
    browser: Browser, remote_server: Served, context: BrowserContext
) -> None:
    remote_server.settle()
    opened = remote_server.opened()
    page = context.new_page()
    for url in (remote_server.url, remote_server.url + "?token=wrong-token-0123456789"):
        response = page.goto(url)
        assert response is not None and response.status == 403, url
        assert "refused" in page.inner_text("body")
    # The refusal page is the server's own origin, but its socket carries no token.
    assert page.evaluate(TRY_SOCKET, remote_server.socket_url) == "refused"
    refusal = "refused 127.0.0.1 GET /ws: no token"
    wait_until(
        lambda: refusal in remote_server.log, "the refusal in the log", lambda: remote_server.log
    )
    assert remote_server.apps() == [] and remote_server.opened() == opened
    assert not [cookie for cookie in context.cookies() if cookie.get("name") == COOKIE]


def test_with_the_token_the_tab_works_and_no_log_line_holds_it(
    browser: Browser, remote_server: Served, context: BrowserContext, other_site: str
) -> None:
    closed = remote_server.log.count("closed a tab")
    tab = open_tab(context, f"{remote_server.url}?token={TOKEN}")
    tab.wait_ready()
    (cookie,) = [cookie for cookie in context.cookies() if cookie.get("name") == COOKIE]
    assert cookie.get("httpOnly") and cookie.get("sameSite") == "Strict"
    # A page on another port is the same site (SameSite looks at no port): the cookie may
    # ride along with its socket, which the Origin refuses all the same.
    opened = remote_server.opened()
    other = context.new_page()
    other.goto(other_site)
    assert other.evaluate(TRY_SOCKET, remote_server.socket_url) == "refused"
    refusal = f"refused 127.0.0.1 GET /ws: Origin '{other_site}' is not this server's page"
    wait_until(lambda: refusal in remote_server.log, "the refusal", lambda: remote_server.log)
    assert remote_server.opened() == opened
    tab.page.close()
    wait_until(lambda: remote_server.log.count("closed a tab") > closed, "the tab's close logged")
    log = remote_server.log
    assert TOKEN in remote_server.serve.out.read_text()  # printed with the URL: findable
    assert "GET / 200" in log and "opened a tab" in log
    assert TOKEN not in log and "token=" not in log
