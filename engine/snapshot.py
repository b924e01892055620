"""A snapshot of a page's interactive elements, taken with a single `page.evaluate`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from engine.cache import FRAME_SEP
from engine.dom_js import ELEMENT_JS
from engine.quiet import in_frame, quietly
from engine.snapshot_js import MUTATION_WAIT_JS, SETTLE_ANIMATIONS_JS, SNAPSHOT_JS

# An iframe's own path in its parent document: a name or title says more than a position.
FRAME_PATH_JS = (
    "(el) => {"
    + ELEMENT_JS
    + """
  for (const attr of ['name', 'title']) {
    const v = el.getAttribute(attr);
    const sel = 'iframe[' + attr + '=' + JSON.stringify(v) + ']';
    if (v && document.querySelectorAll(sel).length === 1) return sel;
  }
  return deepPath(el);
}"""
)

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

MAX_FRAMES = 20


@dataclass(frozen=True)
class Element:
    """One interactive element as a user (and an accessibility tree) sees it.

    `row` is the text of the nearest repeated container (a table row, a list item, a card), which
    names elements that have no name of their own; `near` is the text just before a nameless
    element; `heading` is the first heading of the enclosing form/section/main.
    """

    index: int
    tag: str
    role: str
    name: str = ""
    label: str = ""
    placeholder: str = ""
    text: str = ""
    title: str = ""
    aria_label: str = ""
    test_id: str = ""
    test_id_attr: str = ""
    attr_name: str = ""
    attr_id: str = ""
    type: str = ""
    href: str = ""
    autocomplete: str = ""
    visible: bool = True
    enabled: bool = True
    editable: bool = False
    checked: bool | None = None
    focused: bool = False
    in_nav: bool = False
    # Inside an open modal dialog: while one is open, what matches inside it is what is meant.
    in_modal: bool = False
    row: str = ""
    row_tag: str = ""
    row_css: str = ""
    near: str = ""
    heading: str = ""
    css: str = ""
    options: tuple[str, ...] = ()
    # What a nameless icon control shows: svg titles, sprite ids, class tokens, glyph words.
    icon: str = ""
    # A hidden checkbox/radio/file input that a visible label or styled sibling stands in for.
    proxy: bool = False
    # No control, only words a person can point at (double-click a label, hover a title).
    text_only: bool = False
    # Opens a list of options (aria-haspopup/expanded, a combobox, a select/dropdown/menu class).
    popup: bool = False
    # Says its list or menu is open (aria-expanded="true"): clicking it again would close it.
    expanded: bool = False
    # The iframe path (cache.FRAME_SEP between levels) when the element is not in the page itself.
    frame: str = ""
    # Child positions from the document down ("0.1.4"): the common start of two elements' paths
    # is their closest common ancestor, which says how near each other they are.
    tree: str = ""

    @property
    def usable(self) -> bool:
        return self.visible and self.enabled

    @property
    def reachable(self) -> bool:
        """Visible itself, or through the label or styled sibling that stands in for it."""
        return self.visible or self.proxy

    def describe(self) -> str:
        """A short human description for messages: `button "Sign in"`."""
        label = self.name or self.label or self.placeholder or self.title or self.text
        if self.text_only:
            return f"text {label[:60]!r}"
        if not label and self.icon:
            label = f"icon: {self.icon[:40]}"
        if not label and self.row:
            label = f"in row {self.row[:40]!r}"
        role = self.role if self.role not in ("", "generic") else self.tag
        return f'{role} "{label[:60]}"' if label else role


@dataclass(frozen=True)
class Snapshot:
    url: str
    title: str
    elements: tuple[Element, ...]

    @property
    def path(self) -> str:
        return url_path(self.url)

    @property
    def focused(self) -> Element | None:
        return next((e for e in self.elements if e.focused), None)


_ELEMENT_FIELDS = set(Element.__dataclass_fields__)


def element_from_dict(data: dict[str, Any]) -> Element:
    values = {k: v for k, v in data.items() if k in _ELEMENT_FIELDS}
    values["options"] = tuple(values.get("options") or ())
    return Element(**values)


def url_path(url: str) -> str:
    """The path of an http(s) URL; "" for about:blank and other non-web pages."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return ""
    return parsed.path or "/"


def settle_animations(page: Page, max_ms: int = 1000, *, frames: int = 0) -> None:
    """Wait (at most `max_ms`) for the page's finite animations to end (items making room in a
    sortable list, a dialog fading in), after `frames` frames for the page to start them."""
    quietly(lambda: page.evaluate(SETTLE_ANIMATIONS_JS, [max_ms, frames]))


def take_snapshot(
    page: Page, *, max_elements: int = 1500, text: bool = True
) -> Snapshot:
    """The page's controls and, with `text`, the visible words outside them."""
    raw: dict[str, Any] = quietly(
        lambda: page.evaluate(SNAPSHOT_JS, {"max": max_elements, "text": text})
    )
    found = [element_from_dict(e) for e in raw.get("elements", [])]
    for frame in page.frames[1:MAX_FRAMES]:
        found += _frame_elements(frame, len(found), max_elements, text)
    return Snapshot(
        url=str(raw.get("url", page.url)),
        title=str(raw.get("title", "")),
        elements=tuple(found),
    )


def _frame_elements(
    frame: Frame, first_index: int, max_elements: int, text: bool
) -> list[Element]:
    """The elements of one iframe (same-origin or not), numbered after those before them."""
    try:
        if frame.is_detached() or frame.url in ("", "about:blank"):
            return []
        path = frame_path(frame)
        raw = in_frame(frame, SNAPSHOT_JS, {"max": max_elements, "text": text})
    except Exception:
        # The frame navigated or went away while it was read, or its script kept it busy.
        return []
    elements = []
    for offset, data in enumerate(raw.get("elements", [])):
        data = {**data, "index": first_index + offset, "frame": path}
        elements.append(element_from_dict(data))
    return elements


def frame_path(frame: Frame) -> str:
    """CSS paths of the iframe elements from the page down to `frame`."""
    parts: list[str] = []
    while frame.parent_frame is not None:
        element = frame.frame_element()
        parts.append(str(quietly(partial(element.evaluate, FRAME_PATH_JS))))
        frame = frame.parent_frame
    return FRAME_SEP.join(reversed(parts))


def wait_for_change(page: Page, max_ms: int) -> bool:
    """Block until the DOM changes or `max_ms` passes; True when something changed."""
    return bool(quietly(lambda: page.evaluate(MUTATION_WAIT_JS, max(1, max_ms))))
