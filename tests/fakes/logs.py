"""Fakes of hosted log searches that speak their real request and response shapes:
Datadog's Logs Search API (v2) and Elasticsearch's `_search`."""

from __future__ import annotations

import base64
import re
import threading
import time
from datetime import UTC, datetime
from typing import Any

from tests.fakes.server import FakeServer, Recorded, Reply


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")


def _parse_time(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class FakeDatadog(FakeServer):
    """`POST /api/v2/logs/events/search` over events added with `add()`. Checks `DD-API-KEY` and
    `DD-APPLICATION-KEY` (403 `{"errors": ["Forbidden"]}` otherwise), understands a query made of
    quoted phrases and `key:value` tags (matched against the event's tags and `service`),
    `filter.from`/`filter.to` (ISO 8601), `sort` (`timestamp` or `-timestamp`) and `page.limit`."""

    def __init__(
        self, *, api_key: str = "dd-api-k3y", app_key: str = "dd-app-k3y"
    ) -> None:
        super().__init__()
        self.api_key, self.app_key = api_key, app_key
        self.events: list[dict[str, Any]] = []
        self._state_lock = threading.Lock()
        self.route("POST", r"/api/v2/logs/events/search", self._search)

    def add(
        self,
        message: str,
        *,
        at: float | None = None,
        service: str = "shop",
        tags: tuple[str, ...] = ("env:staging",),
    ) -> None:
        moment = time.time() if at is None else at
        with self._state_lock:
            self.events.append(
                {
                    "id": f"AQAAAY{len(self.events):08d}",
                    "type": "log",
                    "attributes": {
                        "timestamp": _iso(moment),
                        "message": message,
                        "service": service,
                        "status": "error" if "ERROR" in message else "info",
                        "tags": [f"service:{service}", *tags],
                        "attributes": {"http": {"status_code": 500}},
                    },
                }
            )

    def _search(self, request: Recorded, match: re.Match[str]) -> Reply:
        if (
            request.header("dd-api-key") != self.api_key
            or request.header("dd-application-key") != self.app_key
        ):
            return Reply(403, json={"errors": ["Forbidden"]})
        body = request.json if isinstance(request.json, dict) else {}
        filter_ = body.get("filter") or {}
        query = str(filter_.get("query") or "*")
        phrases = re.findall(r'"((?:[^"\\]|\\.)*)"', query)
        tags = re.findall(r"(?<![\"\w])([\w.-]+:[^\s\"]+)", query)
        start = _parse_time(filter_.get("from")) or 0.0
        end = _parse_time(filter_.get("to")) or float("inf")
        limit = int((body.get("page") or {}).get("limit") or 10)
        with self._state_lock:
            found = []
            for event in self.events:
                attributes = event["attributes"]
                at = _parse_time(attributes["timestamp"]) or 0.0
                if not start <= at <= end:
                    continue
                if not all(phrase in attributes["message"] for phrase in phrases):
                    continue
                if not all(tag in attributes["tags"] for tag in tags):
                    continue
                found.append(event)
        found.sort(
            key=lambda event: event["attributes"]["timestamp"],
            reverse=body.get("sort") == "-timestamp",
        )
        return Reply(
            200,
            json={
                "data": found[:limit],
                "links": {},
                "meta": {"elapsed": 3, "request_id": "fake", "status": "done"},
            },
        )


class FakeElasticsearch(FakeServer):
    """`POST /{index}/_search` over documents added with `add()` to an index. Checks
    `Authorization` (`ApiKey <key>` or Basic `user:password`; 401 with Elasticsearch's error
    shape otherwise), understands a `bool` query with `match_phrase` on a field or a phrase
    `multi_match` over every field, a `range` filter on `@timestamp`, `size` and `sort`; index
    patterns with `*` and comma lists."""

    def __init__(self, *, api_key: str = "ZXMtaWQ6ZXMta2V5", basic: str = "") -> None:
        super().__init__()
        self.api_key, self.basic = api_key, basic
        self.docs: list[tuple[str, dict[str, Any]]] = []
        self._state_lock = threading.Lock()
        self.route("POST", r"/(?P<index>[^/]+)/_search", self._search)

    def add(
        self,
        document: dict[str, Any],
        *,
        index: str = "logs-shop",
        at: float | None = None,
    ) -> None:
        doc = {"@timestamp": _iso(time.time() if at is None else at), **document}
        with self._state_lock:
            self.docs.append((index, doc))

    def _authorised(self, request: Recorded) -> bool:
        given = request.header("authorization") or ""
        if self.basic:
            token = base64.b64encode(self.basic.encode()).decode()
            return given == f"Basic {token}"
        return given == f"ApiKey {self.api_key}"

    @staticmethod
    def _index_matches(pattern: str, index: str) -> bool:
        return any(
            re.fullmatch(re.escape(part).replace(r"\*", ".*"), index)
            for part in pattern.split(",")
        )

    @staticmethod
    def _flatten(doc: Any, prefix: str = "") -> dict[str, str]:
        if not isinstance(doc, dict):
            return {prefix: str(doc)}
        flat: dict[str, str] = {}
        for key, value in doc.items():
            flat.update(FakeElasticsearch._flatten(value, f"{prefix}{key}."))
        return {key.rstrip("."): value for key, value in flat.items()}

    def _search(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorised(request):
            return Reply(
                401,
                json={
                    "error": {
                        "type": "security_exception",
                        "reason": "unable to authenticate",
                    },
                    "status": 401,
                },
            )
        body = request.json if isinstance(request.json, dict) else {}
        boolean = (body.get("query") or {}).get("bool") or {}
        musts = boolean.get("must") or []
        filters = boolean.get("filter") or []
        start, end = 0.0, float("inf")
        for item in filters:
            bounds = (item.get("range") or {}).get("@timestamp") or {}
            start = _parse_time(bounds.get("gte")) or start
            end = _parse_time(bounds.get("lte")) or end
        with self._state_lock:
            docs = list(self.docs)
        found = []
        for index, doc in docs:
            if not self._index_matches(match["index"], index):
                continue
            if not start <= (_parse_time(doc.get("@timestamp")) or 0.0) <= end:
                continue
            flat = self._flatten(doc)
            ok = True
            for must in musts:
                if "match_phrase" in must:
                    ((field, phrase),) = must["match_phrase"].items()
                    ok = ok and phrase in flat.get(field, "")
                elif "multi_match" in must:
                    phrase = must["multi_match"]["query"]
                    ok = ok and any(phrase in value for value in flat.values())
                else:
                    return Reply(400, json={"error": {"type": "parsing_exception"}})
            if ok:
                found.append((index, doc))
        found.sort(key=lambda pair: str(pair[1].get("@timestamp")))
        size = int(body.get("size", 10))
        return Reply(
            200,
            json={
                "took": 2,
                "timed_out": False,
                "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                "hits": {
                    "total": {"value": len(found), "relation": "eq"},
                    "max_score": None,
                    "hits": [
                        {"_index": index, "_id": str(n), "_score": None, "_source": doc}
                        for n, (index, doc) in enumerate(found[:size])
                    ],
                },
            },
        )
