"""Sorting a list ("Sort by Email descending"): a "Sort by" drop-down that offers the column, else
the column's header clicked until it says it is in the order asked for.

A header says its order with `aria-sort` (ARIA grids, DataTables, MUI, AG Grid), else with a
class word on the cell or inside it (`sorted ascending` in Django's admin, `sorting_asc`,
`sort-desc`). A header that says neither is clicked once, twice for descending, as a person
would who cannot see the arrow.

"The list is sorted by Email" is checked from the column's cells (`COLUMN_ORDER_JS`,
`assert_sorted`), not from what the header says: a header can claim an order its rows lack.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from playwright.sync_api import Error as PlaywrightError

from engine.normalize import normalize
from engine.waiting import poll

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Direction = Literal["ascending", "descending"]

# What a "Sort by" drop-down is called.
SORT_LIST_RE = re.compile(r"\b(?:sort|order)", re.IGNORECASE)
# How an option of such a list says its direction ("Price: low to high", "Name (Z-A)").
ASCENDING_RE = re.compile(
    r"\b(?:asc|ascending|a\s*(?:-|–|to|→)\s*z|low(?:est)?\s+(?:to\s+high(?:est)?|first)|"
    r"old(?:est)?\s+first|earliest|smallest|increasing)\b",
    re.IGNORECASE,
)
DESCENDING_RE = re.compile(
    r"\b(?:desc|descending|z\s*(?:-|–|to|→)\s*a|high(?:est)?\s+(?:to\s+low(?:est)?|first)|"
    r"new(?:est)?\s+first|latest|most\s+recent|largest|biggest|decreasing)\b",
    re.IGNORECASE,
)

# The order the header cell holding `el` says it is in: 'ascending', 'descending', 'none' or
# '' when it does not say. A cell marked both ways (DataTables' `dt-orderable-asc
# dt-orderable-desc`: sortable either way) says nothing about its order.
SORT_STATE_JS = """(el) => {
  const cell = el.closest('th, [role=columnheader]') || el;
  for (const e of [el, cell]) {
    const said = e.getAttribute('aria-sort');
    if (said) return said === 'ascending' || said === 'descending' ? said : 'none';
  }
  const words = [cell, ...cell.querySelectorAll('[class]')].flatMap(
    (e) => (e.getAttribute('class') || '').toLowerCase().split(/[\\s_-]+/));
  const up = words.includes('asc') || words.includes('ascending');
  const down = words.includes('desc') || words.includes('descending');
  if (up !== down) return up ? 'ascending' : 'descending';
  return '';
}"""

_UNSAID = "unsaid"
# How long a click on a header may take to show the new order (a server-sorted table reloads),
# and how long a header that said nothing is given to start saying it.
_REORDER_MS = 5000
_SILENT_MS = 1000


def as_direction(value: str | None) -> Direction | None:
    """A recorded direction ("ascending", "descending"), or None for any order."""
    if value == "ascending":
        return "ascending"
    if value == "descending":
        return "descending"
    return None


def direction_of(words: str) -> Direction | None:
    """The direction words ask for, if they say one."""
    if DESCENDING_RE.search(words):
        return "descending"
    if ASCENDING_RE.search(words):
        return "ascending"
    return None


def sort_option(
    options: Sequence[str], column: str, direction: Direction | None
) -> str | None:
    """The option of a "Sort by" list that sorts by `column` in `direction`: the first that
    names the column, and that says the direction when one is asked for (else the first)."""
    wanted = normalize(column)
    naming = [o for o in options if wanted and wanted in normalize(o)]
    if direction is not None:
        said = [o for o in naming if direction_of(o) == direction]
        return said[0] if said else None
    return naming[0] if naming else None


# The order of the column called `column` in its table or ARIA grid, read from its cells:
# {values, order} where order is 'ascending', 'descending', 'both' (all equal) or 'none'; or
# {error}. Numbers (with currency signs, thousands separators) compare as numbers, words as a
# person sorts them (case aside, "Item 9" before "Item 10").
COLUMN_ORDER_JS = r"""([column]) => {
  const plain = (t) => (t || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const want = plain(column);
  const headers = [...document.querySelectorAll('th, [role=columnheader]')]
    .filter((h) => h.getClientRects().length > 0);
  const said = (h) => plain(h.getAttribute('aria-label') || h.innerText);
  const header = headers.find((h) => said(h) === want)
    || headers.find((h) => said(h).includes(want));
  if (!header) return { error: `no column is called ${column}` };
  const CELL = 'td, th, [role=cell], [role=gridcell], [role=columnheader], [role=rowheader]';
  const TABLE = 'table, [role=grid], [role=table], [role=treegrid]';
  const cellsOf = (row) => [...row.children].filter((c) => c.matches(CELL));
  const table = header.closest(TABLE);
  let index = 0;
  for (const cell of cellsOf(header.parentElement)) {
    if (cell === header) break;
    index += cell.colSpan || 1;
  }
  if (!table) return { error: `the column ${column} is in no table` };
  const rows = [...table.querySelectorAll('tr, [role=row]')].filter((row) =>
    row.closest(TABLE) === table && row !== header.parentElement
    && !row.querySelector('th[scope=col], [role=columnheader]'));
  const values = [];
  for (const row of rows) {
    let position = 0;
    for (const cell of cellsOf(row)) {
      if (position === index) {
        const text = (cell.innerText || '').trim();
        if (text) values.push(text);
        break;
      }
      position += cell.colSpan || 1;
    }
  }
  const number = (t) => {
    const bare = t.replace(/[\s,$€£¥%]/g, '');
    return /^[-+]?\d+(\.\d+)?$/.test(bare) ? Number(bare) : null;
  };
  const numeric = values.length > 0 && values.every((v) => number(v) !== null);
  const compare = (a, b) => (numeric ? number(a) - number(b)
    : a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
  let up = true;
  let down = true;
  for (let i = 1; i < values.length; i++) {
    const c = compare(values[i - 1], values[i]);
    if (c > 0) up = false;
    if (c < 0) down = false;
  }
  const order = up && down ? 'both' : up ? 'ascending' : down ? 'descending' : 'none';
  return { values: values.slice(0, 12), all: values, order };
}"""


class NotSorted(Exception):
    """A column is not in the order a check asks for (`no_column`: there is no such column)."""

    def __init__(
        self, message: str, *, expected: str, observed: str, no_column: bool = False
    ) -> None:
        super().__init__(message)
        self.expected = expected
        self.observed = observed
        self.no_column = no_column


def in_order(order: str, direction: Direction | None) -> bool:
    """Whether a column read as `order` is sorted as asked (either way for None)."""
    if order == "both":
        return True
    return order in ("ascending", "descending") and direction in (None, order)


def assert_sorted(
    page: Page, column: str, direction: Direction | None, timeout: float
) -> None:
    """Wait (up to `timeout`) for the column called `column` to be sorted as asked."""
    last: dict[str, Any] = {}

    def look() -> bool:
        last.clear()
        last.update(page.evaluate(COLUMN_ORDER_JS, [column]))
        return in_order(str(last.get("order", "")), direction)

    if poll(page, look, timeout):
        return
    wanted = f"the {column} column sorted" + (f" {direction}" if direction else "")
    if "error" in last:
        raise NotSorted(
            str(last["error"]),
            expected=wanted,
            observed="no such column",
            no_column=True,
        )
    values = ", ".join(str(v) for v in last.get("values", []))
    how = f"sorted {direction}" if direction else "sorted"
    raise NotSorted(
        f"the {column} column is not {how}: {values}", expected=wanted, observed=values
    )


class NotReordered(Exception):
    """The header was clicked but did not come to show the order asked for."""

    def __init__(self, message: str, *, expected: str, observed: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.observed = observed


def sort_by_header(
    page: Page, header: Locator, direction: Direction | None, timeout: float
) -> None:
    """Click `header` until its column is sorted as asked (any order when `direction` is
    None). A column already in that order is left alone. A header that does not say its
    order is clicked once (twice for descending), unless a click makes it say."""
    now = str(header.evaluate(SORT_STATE_JS, timeout=timeout))
    if _sorted_as(now, direction):
        return
    silent_clicks = 0
    # none → ascending → descending → none is the longest way round.
    for _ in range(3):
        before = now
        header.click(timeout=timeout)
        wait = _REORDER_MS if before else _SILENT_MS
        changed = poll(page, functools.partial(_changed, header, before), wait)
        now = changed or before
        if now == before:
            if before:
                raise NotReordered(
                    "clicking the header did not change the order it shows",
                    expected=direction or "sorted",
                    observed=now,
                )
            silent_clicks += 1
            if direction != "descending" or silent_clicks == 2:
                return
        elif now == _UNSAID or _sorted_as(now, direction):
            return  # sorted as asked, or the page no longer says: taken as done
    raise NotReordered(
        f"the header never showed {direction} order",
        expected=direction or "sorted",
        observed=now,
    )


def _sorted_as(state: str, direction: Direction | None) -> bool:
    return state in ("ascending", "descending") and direction in (None, state)


def _changed(header: Locator, before: str) -> str | None:
    """The header's order once it differs from `before` (a page reloading says nothing yet)."""
    try:
        now = str(header.evaluate(SORT_STATE_JS, timeout=1000))
    except PlaywrightError:
        return None
    if now == before:
        return None
    return now or _UNSAID
