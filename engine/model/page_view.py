"""`read_dom` for the model: title, URL, visible text and numbered interactive elements.

The elements come from the engine's own snapshot (the one grounding uses), so a `#ref` the model
picks is an `Element` the locator recorder can turn into a cached chain. Only visible elements
are listed, numbered from 1 in document order. Field values are read separately (the snapshot
never reads them): password fields only say whether they are filled, and every other value goes
through the redactor like the text does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.model.redact import Redactor
from engine.normalize import collapse_spaces
from engine.snapshot import Element, take_snapshot, url_path
from engine.waiting import visible_text

if TYPE_CHECKING:
    from playwright.sync_api import Page

MAX_TEXT = 6000
MAX_ELEMENTS = 150
MAX_OPTIONS = 15

# Values of the listed fields, by CSS path (the snapshot leaves values out on purpose).
VALUES_JS = r"""
(paths) => paths.map((path) => {
  let el = null;
  try { el = document.querySelector(path); } catch (e) { return null; }
  if (!el) return null;
  if (el.tagName === 'SELECT') {
    const o = el.options[el.selectedIndex];
    return {value: o ? o.text : ''};
  }
  if (el.type === 'password') return {value: el.value ? '(filled)' : '', password: true};
  if (el.type === 'checkbox' || el.type === 'radio' || el.type === 'file') return null;
  return 'value' in el ? {value: String(el.value || '')} : null;
})
"""


def clip_text(text: str, limit: int = MAX_TEXT) -> str:
    """Blank lines squeezed; a long page keeps its beginning and its end."""
    lines = [collapse_spaces(line) for line in text.splitlines()]
    squeezed = "\n".join(line for line in lines if line)
    if len(squeezed) <= limit:
        return squeezed
    head = int(limit * 0.75)
    tail = limit - head - 60
    omitted = len(squeezed) - head - tail
    return (
        squeezed[:head].rstrip()
        + f"\n[… {omitted} characters of the page left out …]\n"
        + squeezed[-tail:].lstrip()
    )


def _quote(text: str, limit: int = 80) -> str:
    # Callers pass redacted text: cutting first could leave half a secret behind.
    text = collapse_spaces(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return '"' + text.replace('"', "'") + '"'


def describe_element(
    element: Element, value: dict[str, Any] | None, clean: Callable[[str], str]
) -> str:
    """One line of the element list: role, name and what tells it apart; `clean` redacts."""
    role = element.role if element.role not in ("", "generic") else element.tag
    name = clean(
        element.name
        or element.label
        or element.placeholder
        or element.title
        or element.text
        or element.aria_label
    )
    parts = [role]
    if name:
        parts.append(_quote(name))
    placeholder = clean(element.placeholder)
    if placeholder and placeholder != name:
        parts.append(f"placeholder {_quote(placeholder)}")
    if value is not None and value.get("value"):
        parts.append(f"value {_quote(clean(str(value['value'])), 60)}")
    if element.options:
        shown = ", ".join(_quote(clean(o), 40) for o in element.options[:MAX_OPTIONS])
        more = len(element.options) - MAX_OPTIONS
        parts.append(f"options [{shown}{f', … {more} more' if more > 0 else ''}]")
    if element.checked is not None:
        parts.append("[checked]" if element.checked else "[not checked]")
    if not element.enabled:
        parts.append("[disabled]")
    if element.focused:
        parts.append("[focused]")
    if element.role == "link" and element.href and not element.href.startswith("#"):
        parts.append(f"→ {clean(element.href)[:80]}")
    if element.row:
        parts.append(f"in row {_quote(clean(element.row), 100)}")
    elif not name and element.near:
        parts.append(f"after {_quote(clean(element.near), 60)}")
    return " ".join(parts)


@dataclass(frozen=True)
class PageView:
    url: str
    title: str
    text: str
    lines: tuple[str, ...]
    elements: dict[int, Element] = field(default_factory=dict)
    more: int = 0

    @property
    def path(self) -> str:
        return url_path(self.url)

    def render(self) -> str:
        listed = "\n".join(self.lines) or "(none)"
        more = (
            f"\n({self.more} more elements not listed: scroll or narrow the page down)"
            if self.more
            else ""
        )
        return (
            f"URL: {self.url}\nTitle: {self.title}\n\n"
            f"Visible text:\n{self.text or '(the page shows no text)'}\n\n"
            f"Interactive elements (the number is the ref):\n{listed}{more}"
        )


def read_page(page: Page, redactor: Redactor) -> PageView:
    # Plain words stay in the visible text below; listing them as elements too would double it.
    snapshot = take_snapshot(page, text=False)
    shown = [e for e in snapshot.elements if e.visible]
    listed = shown[:MAX_ELEMENTS]
    values: list[dict[str, Any] | None] = page.evaluate(
        VALUES_JS, ["" if e.frame else e.css for e in listed]
    )
    lines: list[str] = []
    elements: dict[int, Element] = {}
    for ref, (element, value) in enumerate(zip(listed, values, strict=True), 1):
        elements[ref] = element
        lines.append(f"#{ref} {describe_element(element, value, redactor.text)}")
    return PageView(
        url=redactor.text(snapshot.url),
        title=redactor.text(snapshot.title),
        text=clip_text(redactor.text(visible_text(page))),
        lines=tuple(lines),
        elements=elements,
        more=len(shown) - len(listed),
    )
