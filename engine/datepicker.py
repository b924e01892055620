"""Setting a date through a calendar picker, for date fields that cannot be typed into.

"Set 'Delivery date' to 2026-12-24" on a read-only input: click it, read the month and year the
calendar shows, step with its next/previous buttons until it shows the wanted month, click the
day, and make sure the field's value changed. Typed date fields (native or text) never get here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

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
_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y")
# The calendar's caption: "December 2026" or "Dec 2026", the shortest visible element saying so.
_HEADER_JS = r"""() => {
  const re = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{4})$/i;
  for (const el of document.querySelectorAll('body *')) {
    if (el.children.length > 3 || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) continue;
    const text = (el.innerText || '').replace(/\s+/g, ' ').trim();
    if (text.length > 20 || !re.test(text)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return text;
  }
  return null;
}"""
_NEXT = re.compile(r"next|›|»|→|^>$", re.IGNORECASE)
_PREVIOUS = re.compile(r"prev|‹|«|←|^<$", re.IGNORECASE)
MAX_MONTH_STEPS = 120


class DatePickerError(Exception):
    """The picker could not be driven to the date; the message says where it stopped."""


def parse_date(value: str) -> date | None:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _shown(header: str) -> tuple[int, int]:
    name, year = header.rsplit(" ", 1)
    month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name[:3].lower()))
    return int(year), month


def _caption_changed(page: Page, caption: str) -> Callable[[], bool]:
    return lambda: page.evaluate(_HEADER_JS) != caption


def pick(page: Page, field: Locator, value: str, timeout: float) -> None:
    """Open the picker of `field` and choose the date `value` (see the module docstring)."""
    wanted = parse_date(value)
    if wanted is None:
        raise DatePickerError(f"{value!r} is not a date")
    before = field.input_value(timeout=timeout)
    field.click(timeout=timeout)
    for _ in range(MAX_MONTH_STEPS):
        header = poll(page, lambda: page.evaluate(_HEADER_JS), timeout)
        if header is None:
            raise DatePickerError("no calendar showing a month and year opened")
        shown = _shown(str(header))
        if shown == (wanted.year, wanted.month):
            break
        name = _NEXT if shown < (wanted.year, wanted.month) else _PREVIOUS
        page.get_by_role("button", name=name).filter(visible=True).first.click(
            timeout=timeout
        )
        if not poll(page, _caption_changed(page, str(header)), timeout):
            raise DatePickerError(f"the calendar stayed on {header}")
    else:
        raise DatePickerError(f"the calendar never reached {wanted:%B %Y}")
    day = page.locator("[role=gridcell], td, button").filter(
        has_text=re.compile(rf"^\s*{wanted.day}\s*$"), visible=True
    )
    count = day.count()
    if not count:
        raise DatePickerError(f"the calendar shows no day {wanted.day}")
    # Days of the neighbouring months fill the first and last weeks.
    (day.last if count > 1 and wanted.day >= 15 else day.first).click(timeout=timeout)
    if not poll(page, lambda: field.input_value() != before, timeout):
        raise DatePickerError(f"choosing {wanted.day} left the field at {before!r}")
