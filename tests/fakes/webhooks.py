"""Fakes of incoming webhooks (Slack, Teams) and of log backends (Loki, a plain HTTP log search)."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from tests.fakes.server import FakeServer, Recorded, Reply


class FakeWebhook(FakeServer):
    """Accepts `POST` on any path and answers like Slack (`200 ok`) or, with `teams=True`,
    like a Teams workflow webhook (`202`). `fake.messages` are the JSON bodies received;
    `fake.hook_url` is a URL with a secret-looking path, as real webhook URLs have."""

    def __init__(self, *, teams: bool = False) -> None:
        super().__init__()
        self.teams = teams
        reply = Reply(202, text="") if teams else Reply(200, text="ok")
        self.route("POST", r"/.*", lambda request, match: reply)

    @property
    def hook_url(self) -> str:
        if self.teams:
            return f"{self.url}/workflows/abc123/triggers/manual/paths/invoke?sig=s3cr3t-sig"
        return f"{self.url}/services/T000/B000/s3cr3tW3bh00kPath"

    @property
    def messages(self) -> list[Any]:
        return [r.json for r in self.received("POST")]


class FakeLoki(FakeServer):
    """`GET /loki/api/v1/query_range` over lines added with `add()`. Understands a query of the
    form `<selector> |= "<text>"` (the line filter Tripwire sends), `start`/`end` in
    nanoseconds, `limit` and `direction`; answers `streams` grouped by labels."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[int, str, dict[str, str]]] = []
        self._state_lock = threading.Lock()
        self.route("GET", r"/loki/api/v1/query_range", self._query)

    def add(
        self,
        line: str,
        *,
        at: float | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        """Store a log line at Unix time `at` (default now)."""
        ts = int((time.time() if at is None else at) * 1e9)
        with self._state_lock:
            self.lines.append((ts, line, labels or {"job": "shop"}))

    def _query(self, request: Recorded, match: re.Match[str]) -> Reply:
        query = request.param("query") or ""
        needle = re.search(r'\|=\s*"((?:[^"\\]|\\.)*)"', query)
        if not query.startswith("{") or needle is None:
            return Reply(400, text="parse error: expected a selector and a |= filter")
        text = needle[1].replace('\\"', '"')
        start = int(request.param("start") or 0)
        end = int(request.param("end") or 2**63)
        limit = int(request.param("limit") or 100)
        with self._state_lock:
            found = [
                entry
                for entry in self.lines
                if start <= entry[0] <= end and text in entry[1]
            ]
        found.sort(
            key=lambda entry: entry[0], reverse=request.param("direction") != "forward"
        )
        found = found[:limit]
        streams: dict[tuple[tuple[str, str], ...], list[list[str]]] = {}
        for ts, line, labels in found:
            streams.setdefault(tuple(sorted(labels.items())), []).append(
                [str(ts), line]
            )
        return Reply(
            200,
            json={
                "status": "success",
                "data": {
                    "resultType": "streams",
                    "result": [
                        {"stream": dict(key), "values": values}
                        for key, values in streams.items()
                    ],
                },
            },
        )


class FakeLogSearch(FakeServer):
    """A custom log-search endpoint: `GET /search?trace=<id>` answers the stored lines that
    contain the id, as a JSON list of `{"message": ...}` (or plain text with `plain=True`)."""

    def __init__(self, *, plain: bool = False) -> None:
        super().__init__()
        self.plain = plain
        self.lines: list[str] = []
        self.route("GET", r"/search", self._search)

    @property
    def template(self) -> str:
        return f"{self.url}/search?trace={{trace_id}}"

    def _search(self, request: Recorded, match: re.Match[str]) -> Reply:
        trace = request.param("trace") or ""
        found = [line for line in self.lines if trace and trace in line]
        if self.plain:
            return Reply(200, text="\n".join(found))
        return Reply(200, json=[{"message": line} for line in found])
