"""The page-side half of the explorer: one script that reads a page's state and affordances.

Kept apart from generation/explorer.py so the Python reads as the algorithm it is.
"""

from __future__ import annotations

# Returns {url, lines, alerts, links, affordances}. `lines` are the page's visible text lines (for the
# before/after diff); `alerts` the texts of elements that carry messages (role alert/status,
# error classes); `affordances` what a user could act on, each with the name the engine grammar
# would ground it by, its row's text, and a CSS path valid for this state only.
SNAPSHOT_JS = r"""
() => {
  // Icon glyphs come and go with hover (a row's delete cross): they are not the row's words.
  const clean = (s) => (s || '').replace(/[\u00d7\u2715\u2716\u270e\u22ee\u2630\u2699]/g, ' ')
    .replace(/\s+/g, ' ').trim();
  const shown = (el) => {
    if (!el || !el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const drawn = (el) => shown(el) || (el.labels && [...el.labels].some(shown));
  const ROW = 'li, tr, [role=row], [role=listitem], article';
  const cssPath = (el) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && node !== document.documentElement) {
      if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)
          && document.querySelectorAll('#' + node.id).length === 1) {
        parts.unshift('#' + node.id);
        break;
      }
      const tag = node.tagName.toLowerCase();
      const same = node.parentElement
        ? [...node.parentElement.children].filter((c) => c.tagName === node.tagName) : [node];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
      node = node.parentElement;
    }
    return parts.join(' > ');
  };
  const ICONS = [
    [/destroy|delete|remove|trash|\bbin\b|\u00d7|\u2715|\u2716|\u{1F5D1}/iu, 'Delete'],
    [/\bedit\b|pencil|\u270e/i, 'Edit'],
    [/close|dismiss/i, 'Close'],
  ];
  const iconName = (el) => {
    const words = [el.className && el.className.baseVal === undefined ? el.className : '',
      el.id, el.getAttribute('title') || '', el.textContent || ''].join(' ');
    for (const [pattern, name] of ICONS) if (pattern.test(words)) return name;
    return '';
  };
  const labelOf = (el) => {
    if (el.labels && el.labels.length) { const t = clean(el.labels[0].innerText); if (t) return t; }
    const aria = el.getAttribute('aria-label');
    if (aria) return clean(aria);
    const by = el.getAttribute('aria-labelledby');
    if (by) { const t = document.getElementById(by); if (t) return clean(t.innerText); }
    return clean(el.getAttribute('placeholder') || el.getAttribute('title') || '');
  };
  const buttonName = (el) => clean(el.innerText) && clean(el.innerText).length > 1
    ? clean(el.innerText)
    : clean(el.getAttribute('aria-label') || el.getAttribute('title') || el.value || '')
      || iconName(el) || clean(el.innerText);
  const rowOf = (el) => {
    const row = el.parentElement && el.parentElement.closest(ROW);
    return row && shown(row) ? row : null;
  };
  const rowText = (row) => (row ? clean(row.innerText).slice(0, 160) : '');
  const hasSubmit = (form) => !!form && [...form.querySelectorAll(
    'button:not([type]), button[type=submit], input[type=submit], input[type=image]')].some(shown);
  const out = [];
  const add = (kind, el, name, extra) => {
    const row = rowOf(el);
    out.push(Object.assign({ kind, name, row: rowText(row), path: cssPath(el),
      visible: shown(el) }, extra || {}));
  };
  const TEXTY = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'number']);
  document.querySelectorAll('input, textarea').forEach((el) => {
    const type = el.tagName === 'TEXTAREA' ? 'textarea' : (el.getAttribute('type') || '').toLowerCase();
    if (el.disabled || el.readOnly) return;
    if (type === 'checkbox' || type === 'radio') {
      if (!drawn(el) || (el.form && hasSubmit(el.form))) return;
      const label = labelOf(el);
      const row = rowOf(el);
      add(type, el, label || rowText(row), { labelled: !!label });
      return;
    }
    if (!TEXTY.has(type) || !shown(el)) return;
    if (el.form && hasSubmit(el.form)) return;  // the form's own trial fills it
    add('entry', el, labelOf(el) || el.name || el.id, { type: type || 'text' });
  });
  document.querySelectorAll('select').forEach((el) => {
    if (el.disabled || !shown(el) || (el.form && hasSubmit(el.form))) return;
    const options = [...el.options].filter((o) => !o.disabled && o.value)
      .map((o) => clean(o.textContent)).filter(Boolean);
    if (options.length) add('select', el, labelOf(el) || el.name || el.id, { options });
  });
  document.querySelectorAll('button, [role=button], input[type=button]').forEach((el) => {
    if (el.getAttribute('role') === 'tab') return;  // a tab, tried as one
    if (el.disabled || el.getAttribute('aria-disabled') === 'true') return;
    if (el.closest('form') && hasSubmit(el.closest('form'))) return;
    const name = buttonName(el);
    if (!name) return;
    const row = rowOf(el);
    // A row control shown only on hover counts: the row is visible, the control is not yet.
    if (!shown(el) && !(row && getComputedStyle(el).display !== 'none')) return;
    add('button', el, name);
  });
  const here = location.pathname;
  document.querySelectorAll('a[href], [role=tab]').forEach((el) => {
    if (!shown(el)) return;
    const name = clean(el.innerText) || clean(el.getAttribute('aria-label') || '');
    if (!name) return;
    if (el.getAttribute('role') === 'tab') { add('tab', el, name); return; }
    const raw = el.getAttribute('href');
    let url;
    try { url = new URL(el.href); } catch (e) { return; }
    if (url.origin !== location.origin || url.pathname !== here) return;
    if (raw.startsWith('#') && !raw.startsWith('#/') && !raw.startsWith('#!')) return;  // anchors
    if (!url.hash && !url.search) return;
    add('filter', el, name, { href: raw });
  });
  // Words inside rows (a to-do's label): double-clicking them is how many lists edit.
  document.querySelectorAll(ROW).forEach((row) => {
    if (!shown(row)) return;
    const leaf = [...row.querySelectorAll('label, span, p, div')].find(
      (el) => shown(el) && el.children.length === 0 && clean(el.innerText).length > 1);
    if (leaf) add('words', leaf, clean(leaf.innerText));
  });
  const alerts = [...document.querySelectorAll(
    '[role=alert], [role=status], [aria-live], .error, .errors, .errorlist, .invalid-feedback, '
    + '[class*=error], [class*=danger], [class*=invalid]')]
    .filter(shown).map((el) => clean(el.innerText)).filter(Boolean);
  const body = document.body ? document.body.innerText : '';
  const lines = [...new Set(body.split('\n').map(clean).filter((l) => l && l.length <= 200))];
  const links = [...document.querySelectorAll('a[href]')].filter(shown)
    .map((a) => [a.href, clean(a.innerText)]);
  return { url: location.href, lines, alerts, links, affordances: out };
}
"""
