"""Server log lines for a failure: look up the failing requests' trace ids in the log backend.

One backend at a time (`log_backend` setting):
- `loki`: `GET {loki_url}/loki/api/v1/query_range` with LogQL `<loki_selector> |= "<trace_id>"`,
  from 3 minutes before the failure to 30 s after it, `limit` 200.
- `datadog`: `POST {datadog_api_url}/api/v2/logs/events/search` (Logs Search API, `DD-API-KEY` and
  `DD-APPLICATION-KEY`), query `"<trace_id>" <datadog_query>` over the same window, oldest first.
- `elasticsearch`: `POST {elasticsearch_url}/{elasticsearch_index}/_search`, a phrase match of the
  trace id (on `elasticsearch_trace_field`, or on every field) filtered to the same window on
  `@timestamp`, oldest first; `Authorization: ApiKey …`, or basic auth for a `user:password` key.
- `file`: the lines of `log_file_path` that contain a trace id (the last 200; only the file's
  last 50 MB are read, so a huge log does not stall filing).
- `http`: `GET log_http_url` with `{trace_id}` substituted (also `{start}`/`{end}`, Unix
  seconds; without a `{trace_id}` placeholder it is sent as the `trace_id` query parameter).
  The answer is a JSON list (strings, or objects with `line`/`message`/`msg`), an object with
  such a list under `lines`/`logs`/`results`/`hits`, or plain text (one line per line).

Best effort: a backend that errors, times out or answers nonsense gives no lines and an `error`,
never an exception, so filing always goes on.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils import timezone

from core.outbound import outbound_session
from core.selectors import EffectiveSettings

logger = logging.getLogger(__name__)

WINDOW_BEFORE = timedelta(minutes=3)
# Server and test-runner clocks differ a little; look slightly past the failure too.
WINDOW_AFTER = timedelta(seconds=30)
MAX_LINES = 200
MAX_TRACE_IDS = 5
MAX_LINE_CHARS = 2000
FILE_TAIL_BYTES = 50 * 1024 * 1024
DEFAULT_LOKI_SELECTOR = '{job=~".+"}'


@dataclass(frozen=True)
class LogLookup:
    backend: str
    trace_ids: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    error: str | None = None


class LogBackendError(Exception):
    pass


def _timeout() -> float:
    return float(settings.INTEGRATION_TIMEOUT)


def _clip(line: str) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= MAX_LINE_CHARS else line[:MAX_LINE_CHARS] + " …"


def _loki(
    config: EffectiveSettings, trace_ids: Sequence[str], start: datetime, end: datetime
) -> list[str]:
    if not config.loki_url:
        raise LogBackendError("log_backend is loki but loki_url is not set")
    selector = config.loki_selector or DEFAULT_LOKI_SELECTOR
    found: list[tuple[int, str]] = []
    for trace_id in trace_ids:
        with outbound_session() as session:
            response = session.get(
                f"{config.loki_url.rstrip('/')}/loki/api/v1/query_range",
                params={
                    "query": f'{selector} |= "{trace_id}"',
                    "start": str(int(start.timestamp() * 1e9)),
                    "end": str(int(end.timestamp() * 1e9)),
                    "limit": str(MAX_LINES),
                    "direction": "backward",
                },
                timeout=_timeout(),
            )
        if response.status_code != 200:
            raise LogBackendError(f"Loki answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise LogBackendError("Loki answered something that is not JSON") from None
        data = body.get("data") if isinstance(body, dict) else None
        result = data.get("result") if isinstance(data, dict) else None
        if not isinstance(result, list):
            raise LogBackendError("Loki answered something that is not a query result")
        for stream in result:
            values = stream.get("values") if isinstance(stream, dict) else None
            for value in values if isinstance(values, list) else []:
                if isinstance(value, list) and len(value) >= 2:
                    found.append((int(value[0]), str(value[1])))
    found.sort(key=lambda pair: pair[0])
    return [line for _, line in found]


def _file(config: EffectiveSettings, trace_ids: Sequence[str]) -> list[str]:
    if not config.log_file_path:
        raise LogBackendError("log_backend is file but log_file_path is not set")
    path = Path(config.log_file_path)
    try:
        size = path.stat().st_size
        kept: deque[str] = deque(maxlen=MAX_LINES)
        with path.open("rb") as handle:
            if size > FILE_TAIL_BYTES:
                handle.seek(size - FILE_TAIL_BYTES)
                handle.readline()  # skip the partial first line
            for raw in handle:
                line = raw.decode("utf-8", errors="replace")
                if any(trace_id in line for trace_id in trace_ids):
                    kept.append(line)
    except OSError as exc:
        raise LogBackendError(
            f"cannot read {path}: {exc.strerror or type(exc).__name__}"
        ) from None
    return list(kept)


def _lines_from_json(data: Any) -> list[str]:
    if isinstance(data, dict):
        for key in ("lines", "logs", "results", "hits", "data"):
            if isinstance(data.get(key), list):
                return _lines_from_json(data[key])
        return [json.dumps(data, sort_keys=True)]
    if not isinstance(data, list):
        return [str(data)]
    lines: list[str] = []
    for item in data:
        if isinstance(item, str):
            lines.append(item)
        elif isinstance(item, dict):
            text = item.get("line") or item.get("message") or item.get("msg")
            lines.append(
                str(text) if text is not None else json.dumps(item, sort_keys=True)
            )
        else:
            lines.append(str(item))
    return lines


def _http(
    config: EffectiveSettings, trace_ids: Sequence[str], start: datetime, end: datetime
) -> list[str]:
    if not config.log_http_url:
        raise LogBackendError("log_backend is http but log_http_url is not set")
    lines: list[str] = []
    for trace_id in trace_ids:
        template = config.log_http_url
        params: dict[str, str] = {}
        if "{trace_id}" not in template:
            params["trace_id"] = trace_id
        url = (
            template.replace("{trace_id}", quote(trace_id, safe=""))
            .replace("{start}", str(int(start.timestamp())))
            .replace("{end}", str(int(end.timestamp())))
        )
        with outbound_session() as session:
            response = session.get(url, params=params, timeout=_timeout())
        if response.status_code != 200:
            raise LogBackendError(
                f"the log endpoint answered HTTP {response.status_code}"
            )
        try:
            lines.extend(_lines_from_json(response.json()))
        except ValueError:
            lines.extend(response.text.splitlines())
    return lines


def _json_body(response: requests.Response, name: str) -> Any:
    if response.status_code != 200:
        raise LogBackendError(f"{name} answered HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise LogBackendError(f"{name} answered something that is not JSON") from None


def _message_of(record: Any) -> str:
    """The log line of a structured record: its message, else the record as JSON."""
    if not isinstance(record, dict):
        return str(record)
    for key in ("message", "msg", "line", "log"):
        value = record.get(key)
        if isinstance(value, str) and value:
            return value
    for outer, inner in (("log", "original"), ("event", "original")):
        nested = record.get(outer)
        if isinstance(nested, dict) and isinstance(nested.get(inner), str):
            return str(nested[inner])
    return json.dumps(record, sort_keys=True, default=str)


def _datadog(
    config: EffectiveSettings, trace_ids: Sequence[str], start: datetime, end: datetime
) -> list[str]:
    if not (config.datadog_api_key and config.datadog_app_key):
        raise LogBackendError(
            "log_backend is datadog but datadog_api_key or datadog_app_key is not set"
        )
    base = (config.datadog_api_url or "https://api.datadoghq.com").rstrip("/")
    found: list[tuple[str, str]] = []
    for trace_id in trace_ids:
        # A quoted term matches the id anywhere in the message or an attribute.
        query = f'"{trace_id}" {config.datadog_query}'.strip()
        with outbound_session() as session:
            response = session.post(
                f"{base}/api/v2/logs/events/search",
                json={
                    "filter": {
                        "query": query,
                        "from": start.isoformat(),
                        "to": end.isoformat(),
                    },
                    "sort": "timestamp",
                    "page": {"limit": MAX_LINES},
                },
                headers={
                    "DD-API-KEY": config.datadog_api_key,
                    "DD-APPLICATION-KEY": config.datadog_app_key,
                },
                timeout=_timeout(),
            )
        body = _json_body(response, "Datadog")
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise LogBackendError("Datadog answered something that is not a log search")
        for event in data:
            attributes = event.get("attributes") if isinstance(event, dict) else None
            if isinstance(attributes, dict):
                found.append(
                    (str(attributes.get("timestamp") or ""), _message_of(attributes))
                )
    found.sort(key=lambda pair: pair[0])
    return [line for _, line in found]


def _elasticsearch_auth(key: str) -> tuple[dict[str, str], tuple[str, str] | None]:
    if not key:
        return {}, None
    if ":" in key:  # base64 API keys never hold a colon; user:password does
        user, _, password = key.partition(":")
        return {}, (user, password)
    return {"Authorization": f"ApiKey {key}"}, None


def _elasticsearch(
    config: EffectiveSettings, trace_ids: Sequence[str], start: datetime, end: datetime
) -> list[str]:
    if not config.elasticsearch_url:
        raise LogBackendError(
            "log_backend is elasticsearch but elasticsearch_url is not set"
        )
    index = quote(config.elasticsearch_index or "*", safe="*,:+-_.")
    url = f"{config.elasticsearch_url.rstrip('/')}/{index}/_search"
    headers, auth = _elasticsearch_auth(config.elasticsearch_api_key)
    found: list[tuple[str, str]] = []
    for trace_id in trace_ids:
        if config.elasticsearch_trace_field:
            match: dict[str, Any] = {
                "match_phrase": {config.elasticsearch_trace_field: trace_id}
            }
        else:
            match = {
                "multi_match": {"query": trace_id, "type": "phrase", "lenient": True}
            }
        with outbound_session() as session:
            response = session.post(
                url,
                json={
                    "size": MAX_LINES,
                    "sort": [{"@timestamp": {"order": "asc", "unmapped_type": "date"}}],
                    "query": {
                        "bool": {
                            "must": [match],
                            "filter": [
                                {
                                    "range": {
                                        "@timestamp": {
                                            "gte": start.isoformat(),
                                            "lte": end.isoformat(),
                                        }
                                    }
                                }
                            ],
                        }
                    },
                },
                headers=headers,
                auth=auth,
                timeout=_timeout(),
            )
        body = _json_body(response, "Elasticsearch")
        hits = body.get("hits") if isinstance(body, dict) else None
        records = hits.get("hits") if isinstance(hits, dict) else None
        if not isinstance(records, list):
            raise LogBackendError(
                "Elasticsearch answered something that is not a search result"
            )
        for record in records:
            source = record.get("_source") if isinstance(record, dict) else None
            if isinstance(source, dict):
                found.append((str(source.get("@timestamp") or ""), _message_of(source)))
    found.sort(key=lambda pair: pair[0])
    return [line for _, line in found]


def logs_for_trace_ids(
    *,
    config: EffectiveSettings,
    trace_ids: Sequence[str],
    at: datetime | None = None,
) -> LogLookup:
    """Log lines mentioning any of `trace_ids`, from the configured backend, around `at`."""
    backend = config.log_backend_name
    ids = tuple(dict.fromkeys(trace_ids))[:MAX_TRACE_IDS]
    if not backend or not ids:
        return LogLookup(backend=backend, trace_ids=ids)
    moment = at or timezone.now()
    start, end = moment - WINDOW_BEFORE, moment + WINDOW_AFTER
    try:
        if backend == "loki":
            lines = _loki(config, ids, start, end)
        elif backend == "datadog":
            lines = _datadog(config, ids, start, end)
        elif backend == "elasticsearch":
            lines = _elasticsearch(config, ids, start, end)
        elif backend == "file":
            lines = _file(config, ids)
        else:
            lines = _http(config, ids, start, end)
    except Exception as exc:
        # Broad on purpose: whatever the backend answers, filing goes on without its lines.
        error = str(exc) if isinstance(exc, LogBackendError) else type(exc).__name__
        if isinstance(exc, requests.Timeout):
            error = "the log backend did not answer in time"
        elif isinstance(exc, requests.ConnectionError):
            error = "the log backend could not be reached"
        logger.warning(
            "Log lookup (%s) for %s failed: %s", backend, ", ".join(ids), error
        )
        return LogLookup(backend=backend, trace_ids=ids, error=error)
    clipped = [_clip(line) for line in lines if line.strip()]
    return LogLookup(backend=backend, trace_ids=ids, lines=tuple(clipped[-MAX_LINES:]))
