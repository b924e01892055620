"""The demo's server log: one line per request to stderr, plus an optional log file.

The log file is what Tripwire's "file" log backend (and a Loki fake fed from it) reads to find
the server side of a failing browser request, so every line of a traced request carries
`trace_id=<32 hex>` in the W3C trace id format.
"""

from __future__ import annotations

import re
import secrets
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def parse_traceparent(value: str | None) -> str | None:
    """The trace id of a valid W3C `traceparent` header, else None."""
    if not value:
        return None
    match = _TRACEPARENT.match(value.strip().lower())
    if match is None or set(match.group(1)) == {"0"} or set(match.group(2)) == {"0"}:
        return None
    return match.group(1)


def new_trace_id() -> str:
    return secrets.token_hex(16)


def traceparent_for(trace_id: str) -> str:
    """A `traceparent` for the server's own span inside `trace_id`."""
    return f"00-{trace_id}-{secrets.token_hex(8)}-01"


def timestamp() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class AppLog:
    """Thread-safe writer of timestamped log lines."""

    def __init__(self, log_file: Path | None, *, stream: TextIO | None = None) -> None:
        self.log_file = log_file
        self._stream = stream if stream is not None else sys.stderr
        self._lock = threading.Lock()
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            log_file.touch()

    def line(self, level: str, message: str, *, trace_id: str | None = None) -> None:
        trace = f" trace_id={trace_id}" if trace_id else ""
        text = f"{timestamp()} {level}{trace} {message}"
        with self._lock:
            self._stream.write(text + "\n")
            self._stream.flush()
            if self.log_file is not None:
                # Reopened per line so a reader or rotation never sees a half-written buffer.
                with self.log_file.open("a", encoding="utf-8") as handle:
                    handle.write(text + "\n")

    def lines(
        self, level: str, messages: list[str], *, trace_id: str | None = None
    ) -> None:
        for message in messages:
            self.line(level, message, trace_id=trace_id)
