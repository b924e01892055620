"""Fixtures for the demo shop's own tests: a running shop per test and a cookie-keeping client."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

from demo.server import DemoHandle, start_demo

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


class ShopClient:
    """A requests session bound to one shop; redirects are not followed unless asked."""

    def __init__(self, handle: DemoHandle) -> None:
        self.handle = handle
        self.session = requests.Session()

    def get(self, path: str, *, follow: bool = False) -> requests.Response:
        return self.session.get(
            self.handle.url + path, allow_redirects=follow, timeout=10
        )

    def post(
        self,
        path: str,
        *,
        follow: bool = False,
        data: Any = None,
        json: Any = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        return self.session.post(
            self.handle.url + path,
            allow_redirects=follow,
            timeout=10,
            data=data,
            json=json,
            files=files,
            headers=headers,
        )

    def sign_up(
        self,
        email: str = "ann@example.com",
        name: str = "Ann Lee",
        password: str = "s3cret-pass",
    ) -> requests.Response:
        data = {"full_name": name, "email": email, "password": password, "terms": "yes"}
        return self.post("/signup", data=data)

    def add(self, slug: str, quantity: int = 1) -> requests.Response:
        data = {"slug": slug, "quantity": str(quantity), "next": "/products"}
        return self.post("/cart/add", data=data)


ShopFactory = Callable[..., DemoHandle]


@pytest.fixture
def make_shop(tmp_path: Path) -> Iterator[ShopFactory]:
    handles: list[DemoHandle] = []

    def make(variant: str = "original") -> DemoHandle:
        # The request log goes to a buffer so test output stays readable.
        handle = start_demo(
            variant=variant, log_file=tmp_path / f"{variant}.log", stream=io.StringIO()
        )
        handles.append(handle)
        return handle

    yield make
    for handle in handles:
        handle.stop()


@pytest.fixture
def shop(make_shop: ShopFactory) -> DemoHandle:
    return make_shop("original")


@pytest.fixture
def client(shop: DemoHandle) -> ShopClient:
    return ShopClient(shop)


class _TextAndTags(HTMLParser):
    """Collects what a user would read (no script, style, template or hidden content) and tags."""

    _SKIP = {"script", "style", "template", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._skip_depth = 0
        self._stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in {"input", "meta", "link", "br", "img"}:
            return
        skip = tag in self._SKIP or "hidden" in attributes
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            name, skip = self._stack.pop()
            if skip:
                self._skip_depth -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip_depth == 0:
            self.text.append(data)


def parse(html: str) -> _TextAndTags:
    parser = _TextAndTags()
    parser.feed(html)
    return parser


def visible_text(html: str) -> str:
    """The page's readable text with whitespace collapsed."""
    return re.sub(r"\s+", " ", " ".join(parse(html).text)).strip()


def tags(html: str, name: str) -> list[dict[str, str]]:
    return [attrs for tag, attrs in parse(html).tags if tag == name]


def alert_texts(html: str) -> list[str]:
    """Text of each role="alert" element."""
    found = re.findall(r'role="alert"[^>]*>(.*?)</div>', html, flags=re.S)
    return [visible_text(chunk) for chunk in found]


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Module scope, not session: a live sync Playwright keeps an asyncio loop running in this
# thread, and every later test of the worker that starts its own (the engine does) would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
