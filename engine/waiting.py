"""Event-driven waiting: look, and if the answer is not there yet, wait for the DOM to change."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from engine.quiet import quietly
from engine.snapshot import wait_for_change

if TYPE_CHECKING:
    from playwright.sync_api import Page

T = TypeVar("T")

# Longest pause between two looks when nothing in the DOM changes (timers, network).
MAX_PAUSE_MS = 250

VISIBLE_TEXT_JS = (
    "(sel) => { const el = sel ? document.querySelector(sel) : document.body; "
    "return el ? el.innerText : null; }"
)


def pause(page: Page, max_ms: float) -> None:
    """Wait for the next DOM change (or `max_ms`); survives the page navigating meanwhile."""
    if max_ms <= 0:
        return
    try:
        wait_for_change(page, int(min(max_ms, MAX_PAUSE_MS)))
    except Exception:
        if page.is_closed():
            raise
        try:
            page.wait_for_load_state("domcontentloaded", timeout=max(1.0, max_ms))
        except Exception:
            return


def poll(page: Page, look: Callable[[], T | None], timeout_ms: float) -> T | None:
    """Call `look` until it returns something truthy or the time is up; the last result is kept."""
    end = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            result = look()
        except Exception:
            if page.is_closed():
                raise
            result = None
        if result:
            return result
        left_ms = (end - time.monotonic()) * 1000
        if left_ms <= 0:
            return result
        pause(page, left_ms)


def visible_text(page: Page) -> str:
    """What a user can read on the page (innerText skips hidden elements)."""
    text = quietly(lambda: page.evaluate(VISIBLE_TEXT_JS, None))
    return str(text or "")
