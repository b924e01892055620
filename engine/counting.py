"""Counting what a claim counts ("The cart has 3 items", "3 results are shown", "There are no
todos") on the live page, by code.

The page is asked once per look (COUNT_JS, which the export injects as it is) for what it shows
of the count: the lists, tables, grids and runs of like siblings (cards) that the claim's words
name, by their own names (id, class, label, heading) or their place (in the region the words
name), each with its visible items; where none is named, the page's words that state a count
("3 items", "Cart (3)", "No results", "Your cart is empty"). A collection outranks words: a
badge counting quantities ("3 items" for two rows) is not what "the cart has 2 items" is about.
Words that name nothing on the page give no evidence, and the claim goes to the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.phrases import GENERIC_NOUNS
from engine.quiet import quietly

__all__ = [
    "COUNT_JS",
    "GENERIC_NOUNS",
    "ITEM_JS",
    "Evidence",
    "NthItem",
    "evidence",
    "nth_item",
]

COUNT_JS = r"""(args) => {
  const sing = (w) => {
    if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
    if (w.length > 4 && /(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
    if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
    return w;
  };
  const wordsOf = (s) => String(s || '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    .split(/[^a-z0-9]+/).filter(Boolean).map(sing);
  const KINDS = { list: 1, table: 1, grid: 1, listbox: 1 };
  const container = wordsOf(args.container.join(' '));
  const noun = wordsOf(args.noun.join(' '));
  const named = container.filter((w) => !KINDS[w]);
  const kindWanted = container.filter((w) => KINDS[w]);
  const generic = noun.length === 0 || noun.every((w) => args.generic.includes(w));
  const shown = (el) => {
    // A row laid out by its cells (display: contents) has no box of its own.
    if (getComputedStyle(el).display === 'contents') return Array.from(el.children).some(shown);
    if (!el.checkVisibility({ checkVisibilityCSS: true })) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 || box.height > 0;
  };
  const own = (el) => {
    const parts = [el.id, el.getAttribute('class'), el.getAttribute('aria-label'),
      el.getAttribute('data-testid'), el.getAttribute('data-test'), el.getAttribute('title')];
    for (const id of (el.getAttribute('aria-labelledby') || '').split(/\s+/)) {
      const label = id && document.getElementById(id);
      if (label) parts.push(label.textContent);
    }
    if (el instanceof HTMLTableElement && el.caption) parts.push(el.caption.textContent);
    return wordsOf(parts.join(' '));
  };
  const HEADING = 'h1, h2, h3, h4, h5, h6, [role=heading], legend, caption';
  // The heading that names a collection: the nearest one just before it or its parent (a
  // heading further up names a region with more in it: the page's title, a footer's links).
  const headingOf = (el) => {
    for (let node = el, up = 0; node && node !== document.body && up < 2; node = node.parentElement, up++) {
      let prev = node.previousElementSibling;
      for (let hops = 0; prev && hops < 4; prev = prev.previousElementSibling, hops++) {
        const h = prev.matches(HEADING) ? prev : prev.querySelector(HEADING);
        if (h) return h.textContent;
        if (prev.childElementCount > 8) break;
      }
    }
    return '';
  };
  const OUTSIDE = 'nav, header, footer, [role=navigation], [role=banner], [role=contentinfo], [role=menu], [role=menubar], [role=tablist], select, datalist';
  const collections = [];
  const add = (el, kind, items) => collections.push({ el, kind, items: items.filter(shown) });
  const rowsOf = (el) => {
    if (el instanceof HTMLTableElement) {
      return Array.from(el.rows).filter((r) => r.parentElement !== el.tHead
        && !(r.cells.length && Array.from(r.cells).every((c) => c.tagName === 'TH'))
        // "No users yet" across the whole table is no row.
        && !(r.cells.length === 1 && r.cells[0].colSpan > 1));
    }
    return Array.from(el.querySelectorAll('[role=row]')).filter((r) =>
      r.closest('[role=table], [role=grid], [role=treegrid]') === el
      && !r.querySelector('[role=columnheader]'));
  };
  for (const el of document.querySelectorAll('table, [role=table], [role=grid], [role=treegrid]')) {
    if (!shown(el)) continue;
    add(el, 'table', rowsOf(el));
  }
  for (const el of document.querySelectorAll('ul, ol, [role=list], [role=listbox], [role=feed]')) {
    if (!shown(el) && el.children.length) continue;
    const role = el.getAttribute('role');
    let items;
    if (role === 'listbox') items = Array.from(el.querySelectorAll('[role=option]'));
    else if (role === 'list' || role === 'feed') {
      items = Array.from(el.querySelectorAll('[role=listitem], [role=article]'))
        .filter((i) => i.parentElement.closest('[role=list], [role=feed]') === el);
    } else items = Array.from(el.children).filter((c) => c.tagName === 'LI');
    add(el, role === 'listbox' ? 'listbox' : 'list', items);
  }
  // Runs of like siblings (cards, rows of divs): two or more, or one whose own words say it
  // is an item ("cart-item") or the thing counted ("message"), not a list itself.
  const signature = (el) => `${el.tagName}.${el.getAttribute('role') || ''}.${(el.getAttribute('class') || '').trim().split(/\s+/)[0]}`;
  const CONTROL = 'a, button, input, select, textarea, [role=button], [role=link], [role=tab], [role=menuitem], [role=radio], [role=checkbox], [role=switch], [role=option]';
  const COLLECTION = 'ul, ol, table, [role=list], [role=table], [role=grid], [role=treegrid], [role=listbox], [role=feed]';
  const SKIP = 'UL OL TABLE TBODY THEAD TR SELECT DATALIST P SPAN A BUTTON LABEL OPTION';
  for (const el of document.body.querySelectorAll('*')) {
    if (SKIP.includes(el.tagName) || el.matches('[role=list], [role=table], [role=grid], [role=treegrid], [role=listbox], [role=row], [role=feed]')) continue;
    const children = Array.from(el.children).filter((c) => !c.matches('script, style, template, ' + HEADING));
    if (children.length === 0 || children.length > 500) continue;
    const groups = new Map();
    for (const c of children) {
      const key = signature(c);
      groups.set(key, (groups.get(key) || []).concat([c]));
    }
    let best = [];
    for (const g of groups.values()) if (g.length > best.length) best = g;
    if (best[0].tagName === 'LI') continue;
    // Plain runs of divs are layout, unless each is a record of several parts (a row's cells).
    if (!(best[0].getAttribute('class') || best[0].getAttribute('role')) && !best.every((i) => i.childElementCount >= 2)) continue;
    // Header cells side by side are no items.
    if (own(best[0]).some((w) => ['th', 'header', 'heading', 'head', 'columnheader'].includes(w))) continue;
    const itemWords = own(best[0]);
    const single = best.length === 1 && !best[0].matches(COLLECTION)
      && (itemWords.some((w) => ['item', 'card', 'entry', 'row', 'line'].includes(w))
        || (!generic && noun.every((w) => itemWords.includes(w))));
    if (best.length < 2 && !single) continue;
    if (best.length >= 2 && best.length * 2 < children.length) continue;
    // A form's fields side by side, a bar of buttons or chips: no collection of things.
    if (el.closest('form, fieldset') || best.every((i) => i.matches('label') || i.querySelector('label'))) continue;
    if (best.every((i) => i.matches(CONTROL) && i.childElementCount <= 1)) continue;
    if (!shown(el)) continue;
    add(el, 'group', best);
  }
  const ancestorsWords = (el) => {
    const found = [];
    for (let node = el; node && node !== document.body; node = node.parentElement) found.push(...own(node));
    return found;
  };
  // A list box reads as its chosen option, not all of them ("10 25 50 100 entries per page"
  // is no count of 100 entries; an order row's status list is its status).
  const squash = (el) => {
    let text = el.innerText || '';
    const lists = el.tagName === 'SELECT' ? [el] : el.querySelectorAll('select');
    for (const list of lists) {
      const all = list.innerText;
      const chosen = list.selectedOptions[0];
      if (all && text.includes(all)) text = text.replace(all, chosen ? chosen.text : '');
    }
    return text.replace(/\s+/g, ' ').trim();
  };
  const evidence = [];
  const describe = (c) => {
    const name = c.el.getAttribute('aria-label') || c.el.id || (c.el.getAttribute('class') || '').trim().split(/\s+/)[0] || c.kind;
    const what = { table: 'rows', group: 'items', list: 'items', listbox: 'options' }[c.kind];
    return `${c.kind === 'group' ? 'the items' : `the ${c.kind === 'listbox' ? 'list' : c.kind}`} ${JSON.stringify(name)} shows ${c.items.length} ${c.items.length === 1 ? what.slice(0, -1) : what}`;
  };
  const matching = collections.filter((c) => {
    const outside = c.el.closest(OUTSIDE);
    // Kept on the collection: the ranking below weighs the same words.
    const ownWords = c.ownWords = own(c.el).concat(wordsOf(headingOf(c.el)));
    const itemWords = c.itemWords = c.items.length ? own(c.items[0]) : [];
    const around = ancestorsWords(c.el).concat(ownWords);
    if (kindWanted.length && !kindWanted.some((k) => k === c.kind || (k === 'grid' && c.kind === 'table') || (k === 'list' && c.kind !== 'table'))) return false;
    if (named.length && !named.every((w) => around.includes(w))) return false;
    if (!generic && !noun.every((w) => ownWords.includes(w) || itemWords.includes(w) || around.includes(w))) return false;
    if (generic && noun.includes('row') && c.kind !== 'table') return false;
    if (outside && !(named.length && named.every((w) => ownWords.includes(w)))) return false;
    return true;
  });
  // The best named: by its own words rather than a region's, a list or table rather than a
  // run of like elements, of the thing counted.
  for (const c of matching) {
    c.score = (named.length && named.every((w) => c.ownWords.includes(w)) ? 2 : 0)
      + (!generic && noun.every((w) => c.ownWords.includes(w) || c.itemWords.includes(w)) ? 2 : 0)
      + (c.kind === 'group' ? 0 : 1);
  }
  const top = Math.max(...matching.map((c) => c.score));
  // A collection within another that matches is part of its items (a cart row's options).
  // (Only by one that ranks as high: a layout's run of rows around a table named so is not.)
  // (A script reading the items further weighs them itself: every collection named.)
  let chosen = matching.filter((c) => c.score === top || args.withItems).filter((c) => !matching.some((o) => o !== c && o.score >= c.score && o.el.contains(c.el) && o.items.some((i) => i.contains(c.el))));
  // The same items found twice (a list and its run of like children): once.
  chosen = chosen.filter((c, i) => !chosen.some((o, j) => j < i && o.items.length === c.items.length && o.items.every((x, k) => x === c.items[k])));
  // "There are 3 items" with several lists on the page names none of them; "the first row"
  // may be any table's (each is looked at).
  if (!named.length && !kindWanted.length && generic && chosen.length !== 1 && !args.itemsOnly) chosen = [];
  for (const c of chosen) {
    // `withItems`: the items themselves, for a script that reads them further (a sort check).
    evidence.push({ n: c.items.length, what: describe(c), texts: c.items.map(squash), ...(args.withItems ? { items: c.items, score: c.score } : {}) });
  }
  if (args.itemsOnly) return evidence;
  // A paged collection says its total beside it ("Showing 1 to 10 of 57 entries"): what
  // "there are 57 entries" is about, as the shown rows are what "10 rows" is about (rows
  // are what a table shows: their count is never the total).
  const PAGER = /\b(?:(?:showing|displaying|viewing)\s+(?:\d[\d,]*\s*(?:to|-|–|—)\s*)?|\d[\d,]*\s*(?:to|-|–|—)\s*)\d[\d,]*\s+of\s+(?:about\s+)?(\d[\d,]*)\s+[a-z]+/i;
  for (const c of noun.includes('row') ? [] : chosen) {
    for (let node = c.el.parentElement, up = 0; node && node !== document.body && up < 4; node = node.parentElement, up++) {
      const m = PAGER.exec(squash(node));
      if (!m) continue;
      evidence.push({ n: Number(m[1].replace(/,/g, '')), what: `the page says ${JSON.stringify(m[0])}` });
      break;
    }
  }
  if (evidence.length) return evidence;
  // No collection is named: the page's words that state the count, within the region the
  // words name ("3 items" in the cart, not in the header's bag) where they name one.
  let text = squash(document.body);
  if (named.length) {
    const regions = Array.from(document.body.querySelectorAll('*')).filter((el) => {
      const first = el.firstElementChild;
      const words = own(el).concat(first && first.matches(HEADING) ? wordsOf(first.textContent) : []);
      return named.every((w) => words.includes(w)) && shown(el);
    });
    text = regions.filter((r) => !regions.some((o) => o !== r && o.contains(r))).map(squash).join(' | ');
  }
  const forms = (w) => {
    const esc = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return w.endsWith('y') ? `${esc}|${esc.slice(0, -1)}ies` : `${esc}|${esc}s|${esc}es`;
  };
  const NUMBER = { no: 0, zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
  const said = (pattern, nth) => {
    const re = new RegExp(pattern, 'gi');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const word = m[nth].toLowerCase().replace(/,/g, '');
      const n = word in NUMBER ? NUMBER[word] : Number(word);
      if (Number.isFinite(n)) evidence.push({ n, what: `the page says ${JSON.stringify(m[0].trim())}` });
    }
  };
  const numberRe = '(\\d[\\d,]*|no|zero|one|two|three|four|five|six|seven|eight|nine|ten)';
  if (noun.length) {
    const last = noun[noun.length - 1];
    // "10 entries per page" is a page's size, not a count.
    said(`(?:^|[^\\w.,-])${numberRe}\\s+(?:[a-z]+\\s+)?(?:${forms(last)})\\b(?!\\s+(?:per|a|each)\\s+page)`, 1);
  }
  if (named.length) {
    const last = named[named.length - 1];
    text = squash(document.body);
    said(`\\b(?:${forms(last)})\\s*[(\\[]\\s*(\\d[\\d,]*)\\s*[)\\]]`, 1);
    const empty = new RegExp(`\\b(?:${forms(last)})\\b\\s+(?:is|are)\\s+(?:currently\\s+|still\\s+|now\\s+)?empty\\b`, 'i').exec(text);
    if (empty) evidence.push({ n: 0, what: `the page says ${JSON.stringify(empty[0])}` });
  }
  return evidence;
}"""


@dataclass(frozen=True)
class Evidence:
    """A count the page shows, and where it was seen; a collection's items' words."""

    n: int
    what: str
    texts: tuple[str, ...] = ()


def evidence(
    page: Any, *, container: str, noun: str, items_only: bool = False
) -> list[Evidence]:
    """What the page shows of the count the words name (engine.grammar_checks count claims);
    `items_only`: the collections alone, not the words that state a count."""
    found = quietly(
        lambda: page.evaluate(
            COUNT_JS,
            {
                "container": container.split(),
                "noun": noun.split(),
                "generic": list(GENERIC_NOUNS),
                "itemsOnly": items_only,
            },
        )
    )
    return [
        Evidence(int(item["n"]), str(item["what"]), tuple(item.get("texts") or ()))
        for item in found or []
    ]


# "Open the first product": the `nth` item (1 the first, -1 the last) of the collection the
# words name, as a count of them would find it (COUNT_JS: by its own name or its items', in
# the region `container` names), and what opens it: the item itself when it is a control (a
# row that is a link, a list box's option) or shows it takes clicks, else its first link with
# words (a card's picture and title link to one place), else its first link. Several
# collections named as well: the page's listing, the longest (a cart's rows beside a shop's
# grid are not it), the first in page order among equals. {tree, css, what, words} of that
# control (`tree` as the snapshot numbers elements, `css` a path for a script); {what,
# error} when a collection is named but has no such item or nothing in it opens; {} when
# the words name no collection.
ITEM_JS = (
    r"""(args) => {
  const collect = (noun) => ("""
    + COUNT_JS
    + r""")({ container: args.container, noun, generic: args.generic, itemsOnly: true, withItems: true });
  let found = collect(args.noun);
  if (!found.length) {
    // Not called so: a list in the region named ("the second product in 'Featured'"), else
    // one whose every item links to a page of the thing (/products/trail-boots).
    const last = (args.noun[args.noun.length - 1] || '').toLowerCase();
    const forms = [last, `${last}s`, `${last}es`, last.endsWith('y') ? `${last.slice(0, -1)}ies` : last];
    const leadsTo = (item) => Array.from(item.querySelectorAll('a[href]')).concat(item.matches('a[href]') ? [item] : [])
      .some((a) => a.pathname.toLowerCase().split(/[^a-z0-9]+/).some((w) => forms.includes(w)));
    found = collect([]).filter((c) => args.container.length || (c.items.length && c.items.every(leadsTo)));
  }
  if (!found.length) return {};
  const top = Math.max(...found.map((c) => c.score));
  const named = found.filter((c) => c.score === top);
  const nth = args.nth;
  const which = nth === -1 ? 'the last' : nth < 0 ? `number ${-nth} from the end` : `number ${nth}`;
  const at = (c) => c.items[nth > 0 ? nth - 1 : c.items.length + nth];
  const held = named.filter(at);
  if (!held.length) {
    return { what: named[0].what, error: `${which} was asked for; ${named[0].what}` };
  }
  let chosen = held[0];
  for (const c of held) if (c.items.length > chosen.items.length) chosen = c;
  const item = at(chosen);
  const wordsOf = (el) => (el.innerText || el.getAttribute('aria-label') || el.getAttribute('title')
    || Array.from(el.querySelectorAll('img[alt]')).map((i) => i.alt).join(' ')).replace(/\s+/g, ' ').trim();
  const OPENS = 'a[href], [role=link], button, [role=button], [role=option], [role=menuitem], [role=tab], [onclick]';
  const links = Array.from(item.querySelectorAll('a[href], [role=link]'));
  const control = item.matches(OPENS) || getComputedStyle(item).cursor === 'pointer' ? item
    : links.find(wordsOf) || links[0];
  const text = (item.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 60);
  if (!control) return { what: chosen.what, error: `${which} of them (${JSON.stringify(text)}) holds no link to open` };
  const tree = [];
  const css = [];
  for (let el = control; el; el = el.parentElement) {
    const siblings = el.parentElement ? Array.from(el.parentElement.children) : [el];
    const i = siblings.indexOf(el);
    tree.unshift(i.toString(36));
    css.unshift(el.parentElement ? `${el.tagName.toLowerCase()}:nth-child(${i + 1})` : el.tagName.toLowerCase());
  }
  return { tree: tree.join('.'), css: css.join(' > '), what: chosen.what, words: wordsOf(control).slice(0, 80) || text };
}"""
)


@dataclass(frozen=True)
class NthItem:
    """The control that opens an item a step names by its place ("the first product"); `tree`
    is empty and `reason` says why when the collection holds none."""

    what: str
    tree: str = ""
    words: str = ""
    reason: str = ""


def nth_item(page: Any, *, noun: str, container: str, nth: int) -> NthItem | None:
    """The control that opens the `nth` item of the collection the words name (ITEM_JS); None
    when the words name no collection on the page."""
    found = quietly(
        lambda: page.evaluate(
            ITEM_JS,
            {
                "container": container.split(),
                "noun": noun.split(),
                "generic": list(GENERIC_NOUNS),
                "nth": nth,
            },
        )
    )
    if not found or "what" not in found:
        return None
    return NthItem(
        what=str(found["what"]),
        tree=str(found.get("tree") or ""),
        words=str(found.get("words") or ""),
        reason=str(found.get("error") or ""),
    )
