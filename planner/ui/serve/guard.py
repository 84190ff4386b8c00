"""Which requests `planner serve` lets through, decided before any handler runs: a refused
request gets 403, and the websocket (the only thing that starts an app process) is never
prepared for it.

- Host, always: on a local address only the loopback names (or the public URL's name) are
  answered, so that a page whose name was made to point at 127.0.0.1 (DNS rebinding) is not.
- Origin on the websocket, always: the page that opens it must come from this server (its
  Host) or from the public URL, or any web page the user visits could drive planner.
- The token, when one is asked: the page takes it as `?token=` and sets an HttpOnly,
  SameSite=Strict cookie; the websocket and the downloads carry that cookie. (The page's
  script appends its own query to the websocket URL, so the token cannot ride there.)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from planner.ui.serve.options import ServeOptions

COOKIE = "planner_token"
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
# A name or an IPv4 address, or an IPv6 address in brackets; a port maybe. Nothing else is
# answered: the Host header goes into the page's URLs.
HOST_FORM = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*)|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
PAGE, SOCKET, DOWNLOAD, STATIC = "page", "socket", "download", "static"


def kind_of(path: str) -> str:
    if path == "/ws":
        return SOCKET
    if path.startswith("/download/"):
        return DOWNLOAD
    if path.startswith("/static/"):
        return STATIC
    return PAGE  # the page, or a 404 behind the same checks


def split_host(host: str) -> tuple[str, int]:
    """name, port of a Host header (port 80 when none is written)."""
    if host.endswith("]") or ":" not in host:
        return host.lower(), 80
    name, _, port = host.rpartition(":")
    return name.lower(), int(port)


def host_refusal(host: str | None, options: ServeOptions, port: int) -> str | None:
    """Why a Host header is refused, or None."""
    if not host or not HOST_FORM.fullmatch(host):
        return "no Host header, or not a host name"
    if host.lower() == options.public_netloc:
        return None
    if not options.local:
        return None  # any name this machine has on the network: the token guards it
    name, given_port = split_host(host)
    if name in LOCAL_NAMES and given_port == port:
        return None
    return f"Host {host!r} is not this server's local address"


def origin_refusal(origin: str | None, host: str, options: ServeOptions) -> str | None:
    """Why the websocket's Origin is refused, or None: the page must be this server's."""
    if not origin:
        return "no Origin header"
    allowed = {f"http://{host.lower()}", options.public_origin}
    if origin.lower() in allowed:
        return None
    return f"Origin {origin!r} is not this server's page"


def token_matches(given: str | None, options: ServeOptions) -> bool:
    if options.token is None:
        return True
    return given is not None and secrets.compare_digest(given.encode(), options.token.encode())


def refusal(
    path: str,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    cookies: Mapping[str, str],
    *,
    options: ServeOptions,
    port: int,
) -> str | None:
    """Why a request is refused (403), or None to let it through."""
    host = headers.get("Host")
    reason = host_refusal(host, options, port)
    if reason is not None or host is None:
        return reason
    kind = kind_of(path)
    if kind == STATIC:
        return None  # textual-serve's script, styles and fonts: nothing of the user's
    if kind == SOCKET:
        reason = origin_refusal(headers.get("Origin"), host, options)
        if reason is not None:
            return reason
    if kind == PAGE and "token" in query:
        return None if token_matches(query["token"], options) else "wrong token"
    if not token_matches(cookies.get(COOKIE), options):
        return "no token" if cookies.get(COOKIE) is None else "wrong token"
    return None


def takes_token_from_query(path: str, query: Mapping[str, str], options: ServeOptions) -> bool:
    """The page was let in by `?token=`: it sets the cookie the websocket will carry."""
    return options.token is not None and kind_of(path) == PAGE and "token" in query
