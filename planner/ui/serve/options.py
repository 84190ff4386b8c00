"""What `planner serve` was asked for: the address to bind, the port, the token, the public URL.

Bound to 127.0.0.1 by default. Any other address requires a token: `--token`, else the
PLANNER_SERVE_TOKEN environment variable, else one generated here (and printed with the URL).
A token given on a local address is required there too.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from planner.errors import PlannerError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
TOKEN_ENV = "PLANNER_SERVE_TOKEN"
TOKEN_MIN_LENGTH = 12
# The token rides in a URL and a cookie: letters, digits and the URL's unreserved marks only.
TOKEN_FORM = re.compile(r"[A-Za-z0-9._~-]+")


@dataclass(frozen=True)
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT  # 0: any free port (the one bound is printed)
    token: str | None = None  # None: no token asked (a local address only)
    public_url: str | None = None  # scheme://name[:port] as browsers reach it (a TLS proxy)

    @property
    def local(self) -> bool:
        return is_loopback(self.host)

    @property
    def public_origin(self) -> str | None:
        """The public URL as a browser's Origin header spells it (no trailing slash)."""
        return self.public_url.rstrip("/") if self.public_url else None

    @property
    def public_netloc(self) -> str | None:
        return urlsplit(self.public_url).netloc.lower() if self.public_url else None

    @property
    def secure(self) -> bool:
        """Browsers reach it over https (through a proxy): the cookie is Secure then."""
        return bool(self.public_url and self.public_url.startswith("https:"))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_options(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    public_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ServeOptions:
    """The options as given, checked, with the token found or generated when one is needed."""
    if not host.strip():
        raise PlannerError("serve: --host cannot be empty (the default is 127.0.0.1)")
    if not 0 <= port <= 65535:
        raise PlannerError(f"serve: {port} is not a port (0 to 65535; 0 picks a free one)")
    chosen = token if token is not None else (environ or {}).get(TOKEN_ENV) or None
    if chosen is not None:
        check_token(chosen, "--token" if token is not None else TOKEN_ENV)
    elif not is_loopback(host):
        chosen = secrets.token_urlsafe(24)
    return ServeOptions(
        host=host,
        port=port,
        token=chosen,
        public_url=checked_public_url(public_url) if public_url is not None else None,
    )


def check_token(token: str, source: str) -> None:
    if len(token) < TOKEN_MIN_LENGTH or not TOKEN_FORM.fullmatch(token):
        raise PlannerError(
            f"serve: the token from {source} must be at least {TOKEN_MIN_LENGTH} characters "
            "of letters, digits, '-', '_', '.' or '~' (leave it out and one is generated)"
        )


def checked_public_url(url: str) -> str:
    """scheme://name[:port], nothing after: textual-serve's page reaches its downloads at the
    root of the host, so planner cannot be served under a path."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PlannerError(
            f"serve: --public-url {url!r} is not a URL like https://planner.example.org"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise PlannerError(
            f"serve: --public-url {url!r} has more than scheme://name[:port]: planner is "
            "served at the root of its own host name, not under a path"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def url_host(host: str) -> str:
    """A host as it stands in a URL: IPv6 addresses in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def base_url(options: ServeOptions, port: int) -> str:
    """Where to point a browser: the public URL, else the bound address (for 0.0.0.0 or ::,
    which browsers cannot reach, this machine's name)."""
    if options.public_origin:
        return options.public_origin
    host = options.host
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"http://{url_host(host)}:{port}"


def page_url(options: ServeOptions, port: int) -> str:
    """The URL to open: with `?token=…` when a token is asked."""
    url = base_url(options, port) + "/"
    return url + f"?token={quote(options.token)}" if options.token else url
