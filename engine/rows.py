"""Reading one record of a list or table by the words it carries ("the row for Grace Hopper",
"the status of order A-1002", "the price of Mug"), on the live page, by code.

A record is the innermost item that mentions the words whole (a table row, a list item, an ARIA
row, one of a run of like boxes: a card); numbers are never bridged ("A-100" is not "A-1001").
A field of it is the cell under the column called so, else the part of it named so (its class,
test id, label: `<span class="price">`), else the value beside a label called so within it
("Status: Paid"); a record without such a part is judged by all its words. ROW_JS is injected
into exported specs as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.quiet import quietly

ROW_JS = r"""([key, field]) => {
  const norm = (t) => (t || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const squash = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const sing = (w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  const wordsOf = (s) => String(s || '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(sing);
  const whole = (text, words) => (' ' + norm(text) + ' ').includes(' ' + words + ' ');
  const shown = (el) => {
    if (getComputedStyle(el).display === 'contents') return Array.from(el.children).some(shown);
    return el.checkVisibility({ checkVisibilityCSS: true });
  };
  const OUTSIDE = 'nav, header, footer, [role=navigation], [role=banner], [role=contentinfo], [role=menu], [role=menubar]';
  const ITEM = 'tr, li, [role=row], [role=listitem], [role=option], [role=article]';
  const isItem = (el) => {
    if (el.matches(ITEM)) return !(el.matches('tr') && !el.querySelector('td, [role=cell], [role=gridcell]'));
    if (el.matches('td, th, form, main, body, [role=cell], [role=gridcell]')) return false;
    // One of a run of like boxes (cards, rows of divs) with parts of its own.
    const parent = el.parentElement;
    if (!parent || el.childElementCount < 2) return false;
    return Array.from(parent.children).some((s) => s !== el && s.tagName === el.tagName
      && s.className === el.className && s.childElementCount > 0);
  };
  const own = (el) => wordsOf([el.id, el.getAttribute('class'), el.getAttribute('aria-label'),
    el.getAttribute('data-testid'), el.getAttribute('data-test'), el.getAttribute('itemprop'),
    el.getAttribute('name'), el.getAttribute('title')].join(' '));
  // What a box says, its lists by their chosen options and its fields by their values (a list's
  // innerText is all its options).
  const textOf = (el) => {
    let text = el.innerText || '';
    for (const c of el.querySelectorAll('select, input, textarea')) {
      if (c instanceof HTMLSelectElement) {
        const chosen = Array.from(c.selectedOptions).map((o) => o.label).join(', ');
        text = text.replace(c.innerText, ' ' + chosen + ' ');
      } else if (!['hidden', 'checkbox', 'radio', 'submit', 'button', 'image', 'file', 'password'].includes(c.type) && c.value) {
        text += ' ' + c.value;
      }
    }
    return squash(text);
  };
  // A field's value, or a box that holds one field and no words of its own: what it is set
  // to, not its options.
  const valueOf = (el) => {
    const controls = el.matches('input, select, textarea') ? [el] : Array.from(el.querySelectorAll('input, select, textarea'));
    const c = controls.length === 1 ? controls[0] : null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let words = false;
    for (let n = walker.nextNode(); n && !words; n = walker.nextNode()) words = !(c && c.contains(n)) && !!n.textContent.trim();
    if (c && !words && c.type !== 'checkbox' && c.type !== 'radio') {
      return c instanceof HTMLSelectElement ? Array.from(c.selectedOptions).map((o) => o.label).join(', ') : c.value;
    }
    return textOf(el);
  };
  const fieldWords = wordsOf(field);
  const want = norm(field);
  const cellOf = (row) => {
    // The cell under the column called so.
    const table = row.closest('table, [role=table], [role=grid], [role=treegrid]');
    if (table) {
      const CELL = 'td, th, [role=cell], [role=gridcell], [role=columnheader], [role=rowheader]';
      const headers = Array.from(table.querySelectorAll('th, [role=columnheader]'))
        .filter((h) => h.closest('table, [role=table], [role=grid], [role=treegrid]') === table && !row.contains(h));
      const said = (h) => norm(h.getAttribute('aria-label') || h.innerText);
      const header = headers.find((h) => said(h) === want) || headers.find((h) => whole(said(h), want));
      if (header) {
        const cellsOf = (r) => Array.from(r.children).filter((c) => c.matches(CELL));
        let index = 0;
        for (const c of cellsOf(header.parentElement)) {
          if (c === header) break;
          index += c.colSpan || 1;
        }
        let position = 0;
        for (const c of cellsOf(row)) {
          if (position === index) return [valueOf(c)];
          position += c.colSpan || 1;
        }
      }
    }
    // A grid of divs: the header called so in a run of like cells, and the record's cell at
    // its place among as many.
    for (let up = row.parentElement, level = 0; up && up !== document.body && level < 3; up = up.parentElement, level++) {
      for (const h of up.querySelectorAll('*')) {
        if (row.contains(h) || h.contains(row) || !h.parentElement) continue;
        const ownWords = norm(Array.from(h.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' '));
        if (ownWords !== want || !shown(h)) continue;
        const kind = (el) => `${el.tagName}.${(el.getAttribute('class') || '').trim().split(/\s+/)[0]}`;
        const run = Array.from(h.parentElement.children).filter((c) => kind(c) === kind(h));
        const cells = Array.from(row.children);
        if (run.length >= 2 && cells.length === run.length) return [valueOf(cells[run.indexOf(h)])];
      }
    }
    // The part of the record named so: <span class="price">, a test id, an aria-label.
    const parts = Array.from(row.querySelectorAll('*')).filter((el) => shown(el)
      && fieldWords.every((w) => own(el).includes(w))
      && (norm(el.innerText) || el.matches('input, select, textarea')));
    const outer = parts.filter((p) => !parts.some((o) => o !== p && o.contains(p)));
    if (outer.length) return outer.map(valueOf);
    // The value beside a label called so within it ("Status: Paid", <dt>/<dd>).
    const values = [];
    for (const el of row.querySelectorAll('*')) {
      const text = norm(Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' '));
      if (text !== want && !text.startsWith(want + ' ')) continue;
      const rest = squash(el.innerText).replace(new RegExp('^\\W*' + want.split(' ').join('\\W+') + '[\\s:=\\-\u2013\u2014]*', 'i'), '');
      const value = rest && rest !== squash(el.innerText) ? rest : el.nextElementSibling ? valueOf(el.nextElementSibling) : '';
      if (value) values.push(value);
    }
    return values.length ? values : null;
  };
  // The record's words are the key whole; with no such record, the key less its leading words
  // when they name the collection ("order A-1002" in the orders table, or under an Order column).
  const keys = norm(key).split(' ');
  for (let drop = 0; drop < keys.length; drop++) {
    const wanted = keys.slice(drop).join(' ');
    if (!wanted || (drop && !/\d/.test(wanted) && keys.length - drop < 2)) break;
    const dropped = keys.slice(0, drop).map(sing);
    let items = Array.from(document.body.querySelectorAll('*')).filter((el) => isItem(el)
      && whole(el.innerText, wanted) && shown(el));
    items = items.filter((el) => !items.some((o) => o !== el && el.contains(o)));
    // A record with a cell or part that is the words outranks one that has them inside other
    // words ("Alpha" the name, not in "alpha@example.org").
    const itself = items.filter((el) => Array.from(el.querySelectorAll('*')).some((part) => norm(part.innerText) === wanted));
    if (itself.length) items = itself;
    if (dropped.length) {
      items = items.filter((el) => {
        const about = [];
        for (let node = el; node && node !== document.body; node = node.parentElement) about.push(...own(node));
        const table = el.closest('table, [role=table], [role=grid]');
        if (table) for (const h of table.querySelectorAll('th, [role=columnheader]')) about.push(...wordsOf(h.innerText));
        return dropped.every((w) => about.includes(w));
      });
    }
    const inside = items.filter((el) => !el.closest(OUTSIDE));
    if (inside.length) items = inside;
    if (!items.length) continue;
    return {
      key: wanted,
      rows: items.slice(0, 10).map((row) => ({ text: textOf(row), values: field ? cellOf(row) : null })),
    };
  }
  return { key: norm(key), rows: [], onPage: whole(document.body.innerText, norm(key)) };
}"""


@dataclass(frozen=True)
class Record:
    """One record that mentions the key: all its words, and its field's values when asked for
    and found (None: it has no part called so)."""

    text: str
    values: tuple[str, ...] | None


@dataclass(frozen=True)
class Reading:
    """The records that mention the key (as matched: maybe without the collection's name), and
    whether the page shows the key at all when none does."""

    key: str
    records: tuple[Record, ...]
    on_page: bool


def read(page: Any, *, key: str, field: str) -> Reading:
    """The records of the page that mention `key`, with their `field` when one is asked for."""
    found = quietly(lambda: page.evaluate(ROW_JS, [key, field]))
    records = tuple(
        Record(
            str(row["text"]),
            None if row.get("values") is None else tuple(str(v) for v in row["values"]),
        )
        for row in found.get("rows", [])
    )
    return Reading(str(found.get("key", "")), records, bool(found.get("onPage")))
