"""Fetching the material a suite is generated from (docs pages, OpenAPI documents).

Plain Python (no Django): the caller passes the timeout.
"""

from __future__ import annotations

from html.parser import HTMLParser

import requests

MAX_BYTES = 2_000_000


class FetchFailed(Exception):
    """The URL could not be read; the message names it and says why."""


def fetch_text(
    url: str, *, timeout_s: float, session: requests.Session | None = None
) -> tuple[str, str]:
    """The body of `url` as text, and its content type (through `session` when given: the
    server passes one bound by its outbound policy)."""
    try:
        with (session or requests.Session()).get(
            url,
            timeout=timeout_s,
            stream=True,
            headers={"User-Agent": "Tripwire suite generator"},
        ) as response:
            if response.status_code >= 400:
                raise FetchFailed(f"{url} answered HTTP {response.status_code}")
            body = response.raw.read(MAX_BYTES + 1, decode_content=True)
            content_type = response.headers.get("content-type", "")
            encoding = response.encoding or "utf-8"
    except requests.RequestException as exc:
        raise FetchFailed(f"could not fetch {url}: {exc}") from None
    if len(body) > MAX_BYTES:
        raise FetchFailed(f"{url} is larger than {MAX_BYTES // 1_000_000} MB")
    return body.decode(encoding, errors="replace"), content_type


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "svg", "template"}
    _BLOCK = {"p", "div", "li", "tr", "br", "section", "article", "pre", "table"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK or tag.startswith("h"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
