"""The answers gunicorn writes itself, before Django sees a request (a request line over
`limit_request_line`, too many or too large headers, a malformed request line), in the one error
shape instead of gunicorn's HTML page: `{"type": ..., "detail": ...}` with its status.

gunicorn writes all of them through `gunicorn.util.write_error`; `install()` (called from
tripwire_site/gunicorn.conf.py, so every worker inherits it) puts a JSON writer in its place.
"""

from __future__ import annotations

import json
import re
import socket
from http import HTTPStatus

from gunicorn import util


def _type(status: int, reason: str) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = reason
    return re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_") or "bad_request"


def write_json_error(
    sock: socket.socket, status_int: int, reason: str, mesg: str
) -> None:
    detail = mesg.strip() or reason
    if not detail.endswith("."):
        detail += "."
    body = json.dumps({"type": _type(status_int, reason), "detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    ).encode("latin1")
    util.write_nonblock(sock, head + body)


def install() -> None:
    util.write_error = write_json_error
