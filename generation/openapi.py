"""Read an OpenAPI (3.x) or Swagger (2.0) document into a flat list of operations.

Plain Python (no Django). JSON is YAML, so one loader reads both.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import yaml

from generation.deterministic import Operation
from generation.sources import MAX_BYTES
from suites.yaml_limits import load_bounded

METHODS = ("get", "post", "put", "patch", "delete")


class SpecInvalid(Exception):
    """Not an OpenAPI document; the message says what is wrong with it."""


def load_spec(text: str) -> dict[str, Any]:
    try:
        doc = load_bounded(text, max_bytes=MAX_BYTES)
    except yaml.YAMLError as exc:
        raise SpecInvalid(f"the document is neither JSON nor YAML ({exc})") from None
    if not isinstance(doc, dict):
        raise SpecInvalid("the document is not an object with 'openapi' and 'paths'")
    if "openapi" not in doc and "swagger" not in doc:
        raise SpecInvalid("the document has no 'openapi' (or 'swagger') version field")
    if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
        raise SpecInvalid("the document has no 'paths'")
    return doc


def _prefix(doc: dict[str, Any]) -> str:
    """The path part of the first server (OpenAPI 3) or basePath (Swagger 2)."""
    servers = doc.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")
    return str(doc.get("basePath") or "").rstrip("/")


def _parameters(*sources: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for source in sources:
        if isinstance(source, list):
            found.extend(p for p in source if isinstance(p, dict))
    return found


def _body_fields(operation: dict[str, Any]) -> tuple[str, ...]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for media in content.values():
        schema = (media or {}).get("schema") or {}
        props = schema.get("properties")
        if isinstance(props, dict):
            return tuple(str(name) for name in props)
    return ()


def operations(doc: dict[str, Any]) -> list[Operation]:
    prefix = _prefix(doc)
    found: list[Operation] = []
    for raw_path, item in doc["paths"].items():
        if not isinstance(item, dict):
            continue
        path = f"{prefix}/{str(raw_path).lstrip('/')}" if prefix else str(raw_path)
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            params = _parameters(item.get("parameters"), operation.get("parameters"))
            found.append(
                Operation(
                    method=method,
                    path=path or "/",
                    summary=str(
                        operation.get("summary") or operation.get("operationId") or ""
                    ).strip(),
                    has_path_params="{" in path
                    or any(p.get("in") == "path" for p in params),
                    required_query=tuple(
                        str(p.get("name"))
                        for p in params
                        if p.get("in") == "query" and p.get("required")
                    ),
                    request_fields=_body_fields(operation),
                )
            )
    return found


def describe(doc: dict[str, Any], ops: list[Operation], *, limit: int = 20000) -> str:
    """A compact text of the documented operations for a language model."""
    raw_info = doc.get("info")
    info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
    lines = [
        f"OpenAPI document: {info.get('title', 'untitled')} {info.get('version', '')}"
    ]
    if info.get("description"):
        lines.append(str(info["description"])[:2000])
    for op in ops:
        extra = f" body fields {list(op.request_fields)}" if op.request_fields else ""
        lines.append(f"{op.method.upper()} {op.path}: {op.summary}{extra}")
    text = "\n".join(lines)
    return text if len(text) <= limit else text[:limit] + "\n[truncated]"
