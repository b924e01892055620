"""Setting a date through a calendar picker, for date fields that cannot be typed into.

"Set 'Delivery date' to 2026-12-24" on a read-only input: click it, read the month and year the
calendar shows, step with its next/previous buttons until it shows the wanted month, click the
day, and make sure the field's value changed. Typed date fields (native or text) never get here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from engine.dates import parse_date
from engine.waiting import poll

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
CALENDAR_ATTR = "data-tripwire-calendar"
# The calendar's caption: "December 2026" or "Dec 2026", the shortest visible element saying so.
# A month or year may be a control (flatpickr's month list and year box): its shown value
# counts. The nearest box around the caption that holds the month's last days is the calendar,
# marked with CALENDAR_ATTR so its arrows and days are looked for there only.
_HEADER_JS = r"""(attr) => {
  const re = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{4})$/i;
  const shownText = (el) => {
    let out = '';
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) { out += ' ' + child.textContent; continue; }
        if (child.nodeType !== 1 || ['SCRIPT', 'STYLE', 'OPTION'].includes(child.tagName)) continue;
        const style = getComputedStyle(child);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (child.tagName === 'SELECT') out += ' ' + (child.selectedOptions[0] || {text: ''}).text;
        else if (child.tagName === 'INPUT') out += ' ' + child.value;
        else walk(child);
      }
    };
    walk(el);
    return out.replace(/\s+/g, ' ').trim();
  };
  document.querySelectorAll('[' + attr + ']').forEach(e => e.removeAttribute(attr));
  for (const el of document.querySelectorAll('body *')) {
    if (el.children.length > 3 || ['SCRIPT', 'STYLE', 'OPTION', 'SELECT'].includes(el.tagName)) continue;
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) continue;
    const text = shownText(el);
    if (text.length > 20 || !re.test(text)) continue;
    let root = el;
    while (root.parentElement && root.parentElement !== document.body
           && !/\b(2[89]|3[01])\b/.test(root.innerText)) root = root.parentElement;
    root.setAttribute(attr, '');
    return text;
  }
  return null;
}"""
_NEXT = re.compile(r"next|›|»|→|^>$", re.IGNORECASE)
_PREVIOUS = re.compile(r"prev|‹|«|←|^<$", re.IGNORECASE)
# Arrows drawn as bare icons (flatpickr's): no role, no name, only a class or a title saying so.
_ARROW_CSS = "[class*={w} i], [aria-label*={w} i], [title*={w} i]"
# What a day of the calendar is drawn as.
_DAY_CSS = ("[role=gridcell]", "td", "button", "a", "[class*=day i]")
# The days of the neighbouring months that fill the first and last weeks, as pickers mark them.
_OTHER_MONTH_CSS = "".join(
    f":not([class*={w} i])" for w in ("prev", "next", "other", "outside", "disabled")
)
MAX_MONTH_STEPS = 120


class DatePickerError(Exception):
    """The picker could not be driven to the date; the message says where it stopped."""


def _shown(header: str) -> tuple[int, int]:
    name, year = header.rsplit(" ", 1)
    month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name[:3].lower()))
    return int(year), month


def _caption(page: Page) -> str | None:
    caption: str | None = page.evaluate(_HEADER_JS, CALENDAR_ATTR)
    return caption


def _caption_changed(page: Page, caption: str) -> Callable[[], bool]:
    return lambda: _caption(page) != caption


def _arrow(calendar: Locator, forward: bool) -> Locator:
    """The calendar's next (or previous) month control: a button named so, else an element
    whose class, label or title says so and that shows no day number."""
    named = calendar.get_by_role("button", name=_NEXT if forward else _PREVIOUS)
    word = "next" if forward else "prev"
    drawn = calendar.locator(_ARROW_CSS.format(w=word)).filter(
        has_not_text=re.compile(r"\d")
    )
    return named.or_(drawn).filter(visible=True).first


def pick(page: Page, field: Locator, value: str, timeout: float) -> None:
    """Open the picker of `field` and choose the date `value` (see the module docstring)."""
    wanted = parse_date(value)
    if wanted is None:
        raise DatePickerError(f"{value!r} is not a date")
    before = field.input_value(timeout=timeout)
    field.click(timeout=timeout)
    calendar = page.locator(f"[{CALENDAR_ATTR}]")
    for _ in range(MAX_MONTH_STEPS):
        header = poll(page, lambda: _caption(page), timeout)
        if header is None:
            raise DatePickerError("no calendar showing a month and year opened")
        shown = _shown(str(header))
        if shown == (wanted.year, wanted.month):
            break
        _arrow(calendar, shown < (wanted.year, wanted.month)).click(timeout=timeout)
        if not poll(page, _caption_changed(page, str(header)), timeout):
            raise DatePickerError(f"the calendar stayed on {header}")
    else:
        raise DatePickerError(f"the calendar never reached {wanted:%B %Y}")
    number = re.compile(rf"^\s*{wanted.day}\s*$")
    day = calendar.locator(
        ", ".join(f"{d}{_OTHER_MONTH_CSS}" for d in _DAY_CSS)
    ).filter(has_text=number, visible=True)
    if not day.count():
        day = calendar.locator(", ".join(_DAY_CSS)).filter(
            has_text=number, visible=True
        )
    count = day.count()
    if not count:
        raise DatePickerError(f"the calendar shows no day {wanted.day}")
    # Days of the neighbouring months fill the first and last weeks.
    (day.last if count > 1 and wanted.day >= 15 else day.first).click(timeout=timeout)
    if not poll(page, lambda: field.input_value() != before, timeout):
        raise DatePickerError(f"choosing {wanted.day} left the field at {before!r}")
