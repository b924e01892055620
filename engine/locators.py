"""Recorded locators ↔ Playwright locators: building a chain for an element, replaying one.

A chain is ordered test id → role + accessible name → label → placeholder → text → CSS path. Only
locators that resolve to exactly the grounded element at record time are kept, so a replay that
finds exactly one element finds the same one.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from engine.cache import FRAME_SEP, Locator
from engine.dom_js import ELEMENT_JS
from engine.quiet import overlapped, quietly
from engine.snapshot import Element

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator, Page
    from playwright.sync_api import Locator as PWLocator

# Roles Playwright's getByRole understands for the elements we snapshot.
_ARIA_ROLES = frozenset(
    {
        "button",
        "link",
        "checkbox",
        "radio",
        "switch",
        "tab",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "option",
        "combobox",
        "listbox",
        "textbox",
        "searchbox",
        "spinbutton",
        "slider",
    }
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

# Splices in dom_js for deepQuery (paths into shadow roots); its own names are prefixed.
PROBE_JS = (
    r"""
(els, opts) => {
"""
    + ELEMENT_JS
    + r"""
  if (els.length !== 1) return {count: els.length, ok: false};
  const el = els[0];
  let shownNow = true;
  if (opts.visible) {
    const r = el.getBoundingClientRect();
    shownNow = (r.width > 0 && r.height > 0 &&
      (!el.checkVisibility || el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})))
      || !!proxyOf(el);
  }
  const enabled = !el.matches(':disabled') && el.getAttribute('aria-disabled') !== 'true';
  let same = true;
  if (opts.css) { try { same = el === deepQuery(opts.css); } catch (e) { same = false; } }
  return {count: 1, ok: shownNow && (enabled || !opts.enabled) && same};
}
"""
)


def _css_string(value: str) -> str:
    return json.dumps(value)


def name_pattern(name: str) -> re.Pattern[str] | None:
    """A name with counts in it ("Cart 2") matches whatever the count is next time."""
    if not _NUMBER.search(name):
        return None
    parts = _NUMBER.split(name)
    body = r"\d+(?:[.,]\d+)?".join(re.escape(p) for p in parts)
    return re.compile(rf"^\s*{body}\s*$", re.IGNORECASE)


def row_words(text: str) -> re.Pattern[str] | str:
    """A row's words as whole words, any case and spacing: the row of "Invoice 7" is not the
    row of "Invoice 70" (engine.grounding.in_scope)."""
    words = text.split()
    if not words:
        return ""
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def rows_with(where: Page | FrameLocator, selector: str, text: str | None) -> PWLocator:
    """The rows that carry `text` as whole words. A row's own text runs table cells together
    ("Wool Scarf1$35.00"), so a row also counts when one of its elements carries the words."""
    rows = where.locator(selector)
    words = row_words(text or "")
    if isinstance(words, str):
        return rows.filter(has_text=words)
    return rows.filter(has_text=words).or_(rows.filter(has=where.get_by_text(words)))


def to_playwright(page: Page, locator: Locator) -> PWLocator:
    where: Page | FrameLocator = page
    for part in locator.frame.split(FRAME_SEP) if locator.frame else ():
        where = where.frame_locator(part)
    rows = rows_with(where, locator.row_tag or "li, tr, [role=row]", locator.row_text)
    if locator.kind == "row":
        return rows  # the row itself (hovered to reveal its controls)
    root: Page | FrameLocator | PWLocator = rows if locator.row_text else where
    kind = locator.kind
    if kind == "test_id":
        attr = locator.attr or "data-testid"
        return root.locator(f"[{attr}={_css_string(locator.value)}]")
    if kind == "role":
        pattern = name_pattern(locator.value)
        return root.get_by_role(
            locator.role or "button",  # type: ignore[arg-type]
            name=pattern if pattern is not None else locator.value,
            exact=pattern is None,
        )
    if kind == "label":
        return root.get_by_label(locator.value, exact=True)
    if kind == "placeholder":
        return root.get_by_placeholder(locator.value, exact=True)
    if kind == "text":
        return root.get_by_text(locator.value, exact=True)
    return root.locator(locator.value)


def candidates_for(element: Element, *, row_text: str | None = None) -> list[Locator]:
    """Every locator that could name `element`, best first; scoped to a row when given."""
    scope: dict[str, str | None] = (
        {"row_text": row_text, "row_tag": element.row_tag or None} if row_text else {}
    )
    if element.frame:
        scope["frame"] = element.frame
    found: list[Locator] = []
    if element.test_id:
        found.append(
            Locator("test_id", element.test_id, attr=element.test_id_attr, **scope)
        )
    if element.role in _ARIA_ROLES and element.name:
        found.append(Locator("role", element.name, role=element.role, **scope))
    if element.label:
        found.append(Locator("label", element.label, **scope))
    if element.placeholder:
        found.append(Locator("placeholder", element.placeholder, **scope))
    if (
        element.text
        and element.tag not in ("input", "select", "textarea")
        and len(element.text) <= 80
    ):
        found.append(Locator("text", element.text, **scope))
    if row_text and element.row_css:
        found.append(Locator("css", element.row_css, **scope))
    if element.css:
        found.append(Locator("css", element.css, frame=element.frame or None))
    return found


def _probe_arg(css: str | None, visible: bool) -> dict[str, object]:
    return {"visible": visible, "enabled": True, "css": css}


def probe(
    page: Page, locator: Locator, *, css: str | None = None, visible: bool = True
) -> bool:
    """Exactly one element, visible and enabled (and, given `css`, that very element)."""
    try:
        found = to_playwright(page, locator)
        result = quietly(lambda: found.evaluate_all(PROBE_JS, _probe_arg(css, visible)))
    except Exception:
        return False
    return bool(result.get("ok"))


def _probe_each(
    page: Page, locators: list[Locator], *, css: str | None, visible: bool
) -> list[bool]:
    """`probe` of each locator, their round trips overlapped where Playwright allows it."""
    try:
        targets = [to_playwright(page, loc) for loc in locators]
        results = overlapped(targets, PROBE_JS, _probe_arg(css, visible))
    except Exception:
        results = None
    if results is None:
        return [probe(page, loc, css=css, visible=visible) for loc in locators]
    return [isinstance(r, dict) and bool(r.get("ok")) for r in results]


def chain_for(
    page: Page, element: Element, *, row_text: str | None = None
) -> list[Locator]:
    """The verified chain for a grounded element; never empty (the CSS path is the last resort)."""
    candidates = candidates_for(element, row_text=row_text)
    found = _probe_each(page, candidates, css=element.css, visible=False)
    chain = [loc for loc, ok in zip(candidates, found, strict=True) if ok]
    if not chain and element.css:
        chain = [Locator("css", element.css, frame=element.frame or None)]
    return chain
