"""A list's pager: "Go to page 3", "Open page 2 of the invoices".

A pager is a container whose class, id, test id or label says so (`pagination`, `pager`,
`paginator`, MUI's `MuiPagination-ul`, a nav labelled "Page navigation"); its page 3 is the
control in it called "3", "Page 3" or "Go to page 3". A bare "3" elsewhere (a cart badge, a
wizard's step) is never it. With words ("of the invoices"), the pager whose label or nearest
heading above it holds them; without, the first pager shown (a list paged above and below
has two, both going to the same page). With no pager, a control called "Page 3" or "Go to
page 3" anywhere. Shared with the exported specs (engine.export.typescript)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Page

# {n, words} -> {el} of the control for page n, or {el: null, error}.
PAGE_CONTROL_JS = r"""({ n, words }) => {
  const plain = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const norm = (t) => plain(t).toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true }) && el.getBoundingClientRect().width > 0;
  const CONTROL = 'a[href], button, [role=button], [role=link], input[type=button], [onclick]';
  const PAGER = /(^|[-_\s])(pager|paging|page[-_\s]?nav(igation)?)([-_\s]|$)|pagination|paginator/i;
  const saysPager = (node) => [node.getAttribute('class'), node.id, node.getAttribute('data-testid'),
    node.getAttribute('aria-label')].some((t) => t && PAGER.test(t));
  const nameOf = (el) => plain(el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title'));
  const isPage = (el) => {
    const name = norm(nameOf(el));
    return name === String(n) || name === `page ${n}` || name === `go to page ${n}`;
  };
  const pagers = Array.from(document.querySelectorAll('nav, ul, ol, div, section, footer, [role=navigation]'))
    .filter((node) => saysPager(node) && shown(node) && node.querySelector(CONTROL));
  const outer = pagers.filter((p) => !pagers.some((o) => o !== p && o.contains(p)));
  // What a pager is of: its label, else the nearest heading above it.
  const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'));
  const aboutOf = (pager) => {
    const above = headings.filter((h) => h.compareDocumentPosition(pager) & Node.DOCUMENT_POSITION_FOLLOWING);
    return norm(`${pager.getAttribute('aria-label') || ''} ${above.length ? above[above.length - 1].innerText : ''}`);
  };
  const wanted = norm(words).split(' ').filter((w) => w.length > 2).map((w) => w.replace(/s$/, ''));
  const which = wanted.length ? outer.filter((p) => wanted.every((w) => aboutOf(p).includes(w))) : outer;
  for (const pager of which) {
    const control = Array.from(pager.querySelectorAll(CONTROL)).find((el) => shown(el) && isPage(el));
    if (control) return { el: control };
  }
  if (!outer.length) {
    const named = Array.from(document.querySelectorAll(CONTROL))
      .find((el) => shown(el) && /^(go to )?page \d+$/.test(norm(nameOf(el))) && isPage(el));
    if (named) return { el: named };
    return { el: null, error: 'the page shows no pager' };
  }
  if (!which.length) return { el: null, error: `no pager is of ${JSON.stringify(words)}` };
  const offered = Array.from(which[0].querySelectorAll(CONTROL)).filter(shown).map(nameOf).filter(Boolean);
  return { el: null, error: `the pager offers ${offered.slice(0, 12).map((t) => `'${t}'`).join(', ')}` };
}"""


class NoSuchPage(Exception):
    """No pager offers the page a step asks for."""


def page_control(page: Page, number: int, words: str) -> ElementHandle:
    """The control for page `number` of the pager `words` name (PAGE_CONTROL_JS)."""
    found = page.evaluate_handle(PAGE_CONTROL_JS, {"n": number, "words": words})
    element = found.get_property("el").as_element()
    if element is None:
        error = str(found.get_property("error").json_value())
        found.dispose()
        raise NoSuchPage(error)
    return element
