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


class Steady:
    """Whether what a look saw has stayed the same for `seconds`: a list being drawn again can
    look sorted for a moment, a page a click has yet to busy can look idle."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._seen: object = None
        self._since = 0.0

    def held(self, seen: object) -> bool:
        now = time.monotonic()
        if seen != self._seen:
            self._seen, self._since = seen, now
        return now - self._since >= self.seconds


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


# What the page shows while it is still loading ("Wait for the spinner to disappear"): visible
# elements marked busy (`aria-busy`, an indeterminate `role=progressbar`, a class or id saying
# spinner, loader, loading, skeleton or shimmer), and words of their own saying so ("Loading
# products…", "Please wait…"). Each as a short description; none once the page is idle.
BUSY_JS = r"""() => {
  const MARK = /(^|[-_])(spinner|spin|spinning|loader|loading|skeleton|shimmer|busy)([-_]|$)/;
  const SAYS = /^(?:loading|please\s+wait|fetching|searching|saving|processing|updating)\b[^.!?]{0,40}(?:…|\.\.\.|\.)?$/i;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.matches('script, style, template, input, select, textarea, option')) continue;
    if (!el.checkVisibility({ checkVisibilityCSS: true, opacityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const tokens = [...(el.getAttribute('class') || '').split(/\s+/), el.id]
      .map((t) => t.toLowerCase()).filter(Boolean);
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent).join(' ').replace(/\s+/g, ' ').trim();
    const busy = el.getAttribute('aria-busy') === 'true'
      || (el.matches('[role=progressbar]') && !el.hasAttribute('aria-valuenow'))
      || tokens.some((t) => MARK.test(t)) || (own && SAYS.test(own));
    if (!busy) continue;
    const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
      + (tokens.length ? `.${tokens.filter((t) => t !== el.id).slice(0, 2).join('.')}` : '');
    found.push(own ? `${name} ${JSON.stringify(own.slice(0, 60))}` : name);
  }
  return found;
}"""


# How long a page must show nothing loading to be taken as done.
IDLE_S = 0.25


def busy(page: Page) -> list[str]:
    """What the page shows as still loading (BUSY_JS); empty once it is idle."""
    return [str(b) for b in quietly(lambda: page.evaluate(BUSY_JS)) or []]
