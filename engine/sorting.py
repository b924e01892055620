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
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from playwright.sync_api import Error as PlaywrightError

from engine.counting import COUNT_JS, GENERIC_NOUNS
from engine.normalize import normalize
from engine.waiting import Steady, poll

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

Direction = Literal["ascending", "descending"]

# What a "Sort by" drop-down is called.
SORT_LIST_RE = re.compile(r"\b(?:sort|order)", re.IGNORECASE)
# How an option of such a list says its direction ("Price: low to high", "Name (Z-A)").
ASCENDING_RE = re.compile(
    r"\b(?:asc|ascending|a\s*(?:-|–|to|→)\s*z|low(?:est)?\s+(?:to\s+high(?:est)?|first)|"
    r"old(?:est)?\s+first|earliest|smallest|increasing|cheap(?:est)?\s+(?:first|to))\b",
    re.IGNORECASE,
)
DESCENDING_RE = re.compile(
    r"\b(?:desc|descending|z\s*(?:-|–|to|→)\s*a|high(?:est)?\s+(?:to\s+low(?:est)?|first)|"
    r"new(?:est)?\s+first|latest|most\s+recent|largest|biggest|decreasing|"
    r"(?:most\s+)?expensive\s+(?:first|to)|priciest)\b",
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
# How long a sort check's reading must stay the same to be believed.
STEADY_S = 0.3


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


# How a run of values is ordered, as a person reads it: dates ("2025-03-04", "Mar 4, 2025", "4
# March 2025") as dates, numbers (with currency signs, thousands separators) as numbers, else
# words case aside, "Item 9" before "Item 10". `how` 'number' reads each value's first number
# (a price beside its currency's name, "4.5 out of 5 stars"), 'date' its date; null when a
# value has none. 'ascending', 'descending', 'both' (all equal) or 'none'.
_ORDER_FN = r"""(values, how) => {
  const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  const dateOf = (t) => {
    let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?/.exec(t);
    if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0));
    m = /\b([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i.exec(t);
    if (m && MONTHS.includes(m[1].toLowerCase())) return Date.UTC(+m[3], MONTHS.indexOf(m[1].toLowerCase()), +m[2]);
    m = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})\b/i.exec(t);
    if (m && MONTHS.includes(m[2].toLowerCase())) return Date.UTC(+m[3], MONTHS.indexOf(m[2].toLowerCase()), +m[1]);
    return null;
  };
  const bare = (t) => {
    const b = t.replace(/[\s,$€£¥₹%]/g, '');
    return /^[-+]?\d+(\.\d+)?$/.test(b) ? Number(b) : null;
  };
  const first = (t) => {
    const m = /[-+]?\d[\d,]*(?:\.\d+)?/.exec(t);
    return m ? Number(m[0].replace(/,/g, '')) : null;
  };
  const all = (f) => values.length > 0 && values.every((v) => f(v) !== null);
  let key = null;
  if (how === 'date') {
    if (!all(dateOf)) return null;
    key = dateOf;
  } else if (how === 'number') {
    key = all(bare) ? bare : all(first) ? first : null;
    if (key === null) return null;
  } else key = all(dateOf) ? dateOf : all(bare) ? bare : null;
  const compare = (a, b) => (key ? key(a) - key(b)
    : a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
  let up = true;
  let down = true;
  for (let i = 1; i < values.length; i++) {
    const c = compare(values[i - 1], values[i]);
    if (c > 0) up = false;
    if (c < 0) down = false;
  }
  return up && down ? 'both' : up ? 'ascending' : down ? 'descending' : 'none';
}"""

# The order of the column called `column` in its table or ARIA grid, read from its cells:
# {values, all, order} (`_ORDER_FN`'s) or {error}.
COLUMN_ORDER_JS = (
    r"""([column]) => {
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
  const order = ("""
    + _ORDER_FN
    + r""")(values, null);
  return { values: values.slice(0, 12), all: values, order };
}"""
)

# What a part of a card is called, in other words ("the price" of a card whose part says "cost");
# the first word of each says how its values compare (prices and ratings by their numbers).
_KIN = (
    ("price", "cost", "amount", "fee"),
    ("name", "title"),
    ("date", "time", "published", "posted", "created", "updated", "released"),
    ("rating", "stars", "star", "score", "rated"),
)

# Words that name any list ("the list", "the search results are sorted by price").
_ANY_LIST = ("list", "table", "grid", "result", "search")

# The order of the items of the collections the words `noun` name (COUNT_JS's: cards, rows,
# list items; any when `noun` is empty or names no kind of thing), each item read for its part
# called `field`: a part whose own words name it (`class="price"`, `itemprop="name"`, a test
# id; not an old price struck through), else a line "Field: value", else by what the field is:
# a price is the first amount of money not struck through, a name the item's heading or first
# link, a date its first date. A date is read from `<time datetime>` before all ("3 days ago"
# says no date). Of the collections of two items or more whose every item has the part, the
# longest: [{what, n, values, order}]; none: {error}.
ITEMS_ORDER_JS = (
    r"""(args) => {
  const KIN = """
    + json.dumps(_KIN)
    + r""";
  const found = ("""
    + COUNT_JS
    + r""")({ container: [], noun: args.noun, generic: """
    + json.dumps([*GENERIC_NOUNS, *_ANY_LIST])
    + r""", itemsOnly: true, withItems: true });
  const wordsOf = (s) => String(s || '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    .split(/[^a-z0-9]+/).filter(Boolean);
  const kin = (w) => KIN.find((k) => k.includes(w)) || [w];
  const want = wordsOf(args.field).filter((w) => !['the', 'its', 'their', 'each'].includes(w));
  const names = (words) => want.length > 0 && want.every((w) => kin(w).some((k) => words.includes(k)));
  const kind = kin(want[want.length - 1] || '')[0];
  const how = kind === 'price' || kind === 'rating' ? 'number' : kind === 'date' ? 'date' : null;
  const OLD = ['old', 'was', 'original', 'compare', 'regular', 'before', 'strike', 'crossed', 'msrp', 'rrp'];
  const old = (el, item) => {
    for (let e = el; e && e !== item.parentElement; e = e.parentElement) {
      if (e.matches('del, s, strike') || getComputedStyle(e).textDecorationLine.includes('line-through')
        || wordsOf(e.getAttribute('class')).some((w) => OLD.includes(w))) return true;
    }
    return false;
  };
  // The words of `root` a person reads as current: shown, not struck through.
  const live = (root, item) => {
    const parts = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style') || !el.checkVisibility({ checkVisibilityCSS: true })) continue;
      if (!old(el, item)) parts.push(n.textContent);
    }
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  };
  const own = (el) => wordsOf([el.id, el.getAttribute('class'), el.getAttribute('itemprop'),
    el.getAttribute('data-testid'), el.getAttribute('data-test'), el.getAttribute('data-field'),
    el.getAttribute('aria-label')].join(' '));
  const MONEY = /(?:[$€£¥₹]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:[€£$¥₹]|usd|eur|gbp)\b)/i;
  const fieldOf = (item) => {
    const stamp = kind === 'date' && item.querySelector('time[datetime]');
    if (stamp) return stamp.getAttribute('datetime');
    for (const el of item.querySelectorAll('*')) {
      if (!names(own(el)) || old(el, item) || !el.checkVisibility({ checkVisibilityCSS: true })) continue;
      let text = live(el, item);
      // Stars drawn as glyphs say their number in their label ("Rated 4.5 out of 5").
      if (!text || (how === 'number' && !/\d/.test(text))) text = el.getAttribute('aria-label') || el.getAttribute('title') || text;
      if (text) return text;
    }
    for (const line of (item.innerText || '').split('\n')) {
      const m = /^\s*([^:]{1,40}?)\s*:\s*(\S.*)$/.exec(line);
      if (m && names(wordsOf(m[1]))) return m[2].trim();
    }
    if (kind === 'price') {
      const m = MONEY.exec(live(item, item));
      return m ? m[0] : null;
    }
    if (kind === 'name') {
      // A heading, else the first link with words (an image's link before it has none).
      const parts = [...item.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'), ...item.querySelectorAll('a[href]')];
      const part = parts.find((p) => p.innerText.trim());
      const text = part ? part.innerText.trim() : (item.innerText || '').trim().split('\n')[0];
      return text || null;
    }
    if (kind === 'date') return live(item, item);
    return null;
  };
  const orderOf = """
    + _ORDER_FN
    + r""";
  const read = [];
  for (const c of found) {
    if (c.items.length < 2) continue;
    const values = c.items.map(fieldOf);
    if (values.some((v) => !v)) continue;
    const order = orderOf(values, how);
    if (order !== null) read.push({ what: c.what, n: c.items.length, values: values.slice(0, 12), order });
  }
  if (!read.length) return { error: `no list shows each item's ${args.field}` };
  // Of several, the page's listing: the longest (a cart beside a shop's grid is not it).
  const most = Math.max(...read.map((r) => r.n));
  return { read: read.filter((r) => r.n === most) };
}"""
)


class NotSorted(Exception):
    """A column is not in the order a check asks for (`no_column`: there is no such column)."""

    def __init__(
        self, message: str, *, expected: str, observed: str, no_column: bool = False
    ) -> None:
        super().__init__(message)
        self.expected = expected
        self.observed = observed
        self.no_column = no_column


def _in_order(seen: dict[str, Any], direction: Direction | None) -> bool:
    """Whether a reading of a column or a list is sorted as asked (either way for None; a
    column with no cells, a table being drawn again, is not)."""
    order = str(seen.get("order", ""))
    if not seen.get("values"):
        return False
    if order == "both":
        return True
    return order in ("ascending", "descending") and direction in (None, order)


def read_order(page: Page, column: str, subject: str = "") -> dict[str, Any]:
    """How the page orders `column`: its table column's cells, else the part of each item so
    called in the collection `subject` names (the longest that shows that part when it names
    no kind of thing): {looks: [{what, values, order}]} or {error, no_column}."""
    found = page.evaluate(COLUMN_ORDER_JS, [column])
    if "error" not in found:
        return {"looks": [{"what": f"the {column} column", **found}]}
    # Only the collection the subject names: a list that shows the part while the one named
    # has yet to render (a cart beside a shop's grid) is not what the words are about.
    items = page.evaluate(ITEMS_ORDER_JS, {"field": column, "noun": subject.split()})
    if "error" in items:
        return {"error": f"{found['error']}, and {items['error']}", "no_column": True}
    return {"looks": items["read"]}


def assert_sorted(
    page: Page,
    column: str,
    direction: Direction | None,
    timeout: float,
    *,
    subject: str = "",
) -> None:
    """Wait (up to `timeout`) for the column called `column` (or the items' part so called)
    to be sorted as asked, and to stay so for a moment: a list being drawn again (emptied, or
    a cart beside a shop's grid that has yet to come) can look sorted while it is not."""
    last: dict[str, Any] = {}
    steady = Steady(STEADY_S)

    def holds() -> bool:
        looks = last.get("looks", [])
        return any(_in_order(seen, direction) for seen in looks)

    def look() -> bool:
        last.clear()
        last.update(read_order(page, column, subject))
        return steady.held(json.dumps(last, sort_keys=True)) and holds()

    if poll(page, look, timeout) or holds():
        return
    how = f"sorted {direction}" if direction else "sorted"
    looks = last.get("looks", [])
    if looks and "all" not in looks[0]:
        wanted = f"the {subject or 'items'} {how} by {column}"
    else:
        wanted = f"the {column} column {how}"
    if "error" in last:
        raise NotSorted(
            str(last["error"]),
            expected=wanted,
            observed="no such column",
            no_column=True,
        )
    seen = [
        (str(look["what"]), ", ".join(str(v) for v in look.get("values", [])))
        for look in looks
    ]
    observed = "; ".join(values for _what, values in seen)
    said = "; ".join(f"{what}, by {column}: {values}" for what, values in seen)
    raise NotSorted(
        f"not {how} by {column}: {said}", expected=wanted, observed=observed
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
