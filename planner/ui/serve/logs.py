"""The log of `planner serve`: who connected and when, and never the token.

aiohttp's own access log prints the request line with its query string (`/?token=…`): it is
replaced by one that writes the path alone. And as a second guard, the handler that
`planner serve` writes through blanks the token out of any line that would still hold it.
"""

from __future__ import annotations

import logging
import re
import sys

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

LOG = logging.getLogger("planner.serve")
FORMAT = "%(asctime)s %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
HIDDEN = "[token hidden]"
# X-Forwarded-For as a proxy writes it: addresses and commas; anything else is not shown.
FORWARDED_FORM = re.compile(r"[0-9A-Fa-f.:, \[\]]{1,200}")


def who(request: BaseRequest) -> str:
    """The address a request came from (and the one a proxy says it forwards for)."""
    remote = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and FORWARDED_FORM.fullmatch(forwarded):
        return f"{remote} (for {forwarded})"
    return remote


class AccessLog(AbstractAccessLogger):
    """One line a request: who, the method, the path without its query, the status."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %s", who(request), request.method, request.path, response.status)


class HideToken(logging.Filter):
    """Blanks the token out of a line, its arguments and its traceback."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, HIDDEN), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, HIDDEN)
        if record.stack_info and self.token in record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, HIDDEN)
        return True


def start_logging(token: str | None) -> logging.Handler:
    """Log lines to stderr, with the time; returns the handler (stop_logging takes it off)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
    if token:
        handler.addFilter(HideToken(token))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def stop_logging(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()
