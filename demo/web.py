"""Request and response values the views work with, independent of http.server."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from demo.variants import Variant


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content: bytes


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    session_id: str
    variant: Variant

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[0] if values else default

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    @cached_property
    def _parsed_body(self) -> tuple[dict[str, list[str]], dict[str, UploadedFile]]:
        if self.content_type == "application/x-www-form-urlencoded":
            text = self.body.decode("utf-8", errors="replace")
            return parse_qs(text, keep_blank_values=True), {}
        if self.content_type == "multipart/form-data":
            return _parse_multipart(self.header("content-type") or "", self.body)
        return {}, {}

    def field(self, name: str, default: str = "") -> str:
        values = self._parsed_body[0].get(name)
        return values[0] if values else default

    def has_field(self, name: str) -> bool:
        return name in self._parsed_body[0]

    def file(self, name: str) -> UploadedFile | None:
        return self._parsed_body[1].get(name)

    def json(self) -> Any:
        """The decoded JSON body; raises ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))


def _parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, list[str]], dict[str, UploadedFile]]:
    fields: dict[str, list[str]] = {}
    files: dict[str, UploadedFile] = {}
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            if filename:
                files[name] = UploadedFile(filename=filename, content=data)
        else:
            fields.setdefault(name, []).append(data.decode("utf-8", errors="replace"))
    return fields, files


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def html(page: str, status: int = 200) -> Response:
    return Response(status=status, body=page.encode("utf-8"))


def redirect(location: str) -> Response:
    # 303 so a POST is always followed by a GET, as browsers and urllib expect.
    return Response(
        status=303, headers=[("Location", location)], content_type="text/plain"
    )


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(data).encode("utf-8")
    return Response(status=status, body=body, content_type="application/json")


def safe_next(value: str | None, default: str) -> str:
    """A same-site path to go back to; anything else (absolute or protocol-relative) → default."""
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
    ):
        return value
    return default
