"""The page-side half of a snapshot: one function, evaluated once per snapshot.

Kept as a Python string so the package needs no data files. It reads attributes and text only,
never field values, so a snapshot can not carry a typed secret.
"""

from engine.dom_js import ELEMENT_JS

# After `frames` frames (for the page to start them), waits (at most `maxMs`) while finite
# animations run (not spinners, not long ones) and for two frames after they stop, since one
# may chain into the next (a backdrop, then its dialog). A still page costs nothing.
_SETTLE_ANIMATIONS = r"""
  const settleAnimations = async (maxMs, frames = 0) => {
    const frame = () => new Promise(r => { requestAnimationFrame(() => r()); setTimeout(r, 50); });
    for (let i = 0; i < frames; i++) await frame();
    const moving = () => document.getAnimations().some(a => {
      if (a.playState !== 'running' || !a.effect) return false;
      const end = a.effect.getComputedTiming().endTime;
      return Number.isFinite(end) && end <= 2000;
    });
    if (!(maxMs > 0) || !moving()) return;
    const started = performance.now();
    let still = 0;
    while (performance.now() - started < maxMs && still < 2) {
      await frame();
      still = moving() ? 0 : still + 1;
    }
  };
"""
SETTLE_ANIMATIONS_JS = (
    "async ([maxMs, frames]) => {"
    + _SETTLE_ANIMATIONS
    + "  await settleAnimations(maxMs, frames);\n}"
)

# A dialog or menu still fading or sliding in is read once it is in place.
SNAPSHOT_JS = (
    r"""
async (opts) => {
"""
    + _SETTLE_ANIMATIONS
    + r"""
  await settleAnimations(opts.animations === undefined ? 1000 : opts.animations);
  const MAX = opts.max || 1500;
  const SELECTOR = [
    'a[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary',
    '[role=button]', '[role=link]', '[role=checkbox]', '[role=radio]', '[role=switch]',
    '[role=tab]', '[role=menuitem]', '[role=menuitemcheckbox]', '[role=menuitemradio]',
    '[role=option]', '[role=combobox]', '[role=textbox]', '[role=searchbox]',
    '[role=spinbutton]', '[role=slider]', '[contenteditable=""]', '[contenteditable=true]',
    '[onclick]', '[tabindex]:not([tabindex="-1"])',
    // The options of a list box (a multiple or sized select) are drawn and clicked one by one
    // (double-click one to move it across a two-list picker); a drop-down's are not.
    'select[multiple] option', 'select[size]:not([size="0"]):not([size="1"]) option'
  ].join(',');
"""
    + ELEMENT_JS
    + r"""

  const rowCache = new Map();
  const rowOf = (el) => {
    let node = el.parentElement;
    let depth = 0;
    while (node && node !== document.body && depth < 8) {
      const tag = node.tagName;
      const role = node.getAttribute('role');
      if (tag === 'TR' || tag === 'LI' || role === 'row' || role === 'listitem') return node;
      const parent = node.parentElement;
      // Repeated boxes are rows (div cards), but table cells never are: their row is the TR.
      if (parent && tag !== 'FORM' && tag !== 'MAIN' && tag !== 'NAV' && tag !== 'HEADER'
          && tag !== 'TD' && tag !== 'TH') {
        for (const sib of parent.children) {
          if (sib !== node && sib.tagName === tag && sib.className === node.className
              && sib.children.length > 0 && node.children.length > 1) return node;
        }
      }
      node = parent;
      depth += 1;
    }
    return null;
  };
  const rowInfo = (row) => {
    if (!row) return ['', ''];
    if (!rowCache.has(row)) {
      const tag = row.getAttribute('role') === 'row' ? '[role=row]'
        : row.getAttribute('role') === 'listitem' ? '[role=listitem]' : row.tagName.toLowerCase();
      rowCache.set(row, [cut(row.innerText, 300), tag]);
    }
    return rowCache.get(row);
  };

  const nearText = (el) => {
    let node = el;
    for (let level = 0; level < 3 && node && node !== document.body; level++) {
      let sib = node.previousElementSibling;
      let hops = 0;
      while (sib && hops < 3) {
        if (!['SCRIPT', 'STYLE', 'TEMPLATE'].includes(sib.tagName)) {
          const text = clean(sib.innerText);
          if (text) return cut(text, 120);
        }
        sib = sib.previousElementSibling;
        hops += 1;
      }
      node = node.parentElement;
    }
    return '';
  };

  // Where the element sits in the tree: child positions from the document down (base 36, a
  // shadow root as 's'), so two elements' common ancestor is their paths' common start.
  const treeCache = new Map();
  const treeOf = (el) => {
    if (treeCache.has(el)) return treeCache.get(el);
    const parent = el.parentElement;
    const root = el.getRootNode();
    let prefix = '', siblings = [el];
    if (parent) {
      prefix = treeOf(parent);
      siblings = parent.children;
    } else if (root instanceof ShadowRoot) {
      prefix = treeOf(root.host) + '.s';
      siblings = root.children;
    }
    // One pass over the siblings numbers them all: long lists stay linear.
    for (let i = 0; i < siblings.length; i++) {
      treeCache.set(siblings[i], (prefix ? prefix + '.' : '') + i.toString(36));
    }
    if (!treeCache.has(el)) treeCache.set(el, prefix);
    return treeCache.get(el);
  };

  // A field in a table cell with no label of its own is named by its column's header, as a
  // person reads a grid of inputs (order lines, inline forms).
  const columnOf = (el) => {
    const cell = el.closest('td, [role=cell], [role=gridcell]');
    const row = cell && cell.parentElement;
    const table = cell && cell.closest('table, [role=table], [role=grid], [role=treegrid]');
    if (!row || !table) return '';
    let column = 0;
    for (const other of row.children) {
      if (other === cell) break;
      column += other.colSpan || 1;
    }
    const head = (table.tHead && table.tHead.rows[0])
      || Array.from(table.querySelectorAll('tr, [role=row]')).find(r => r.children.length
        && Array.from(r.children).every(c => c.tagName === 'TH' || c.getAttribute('role') === 'columnheader'));
    if (!head || head === row) return '';
    let at = 0;
    for (const header of head.children) {
      at += header.colSpan || 1;
      if (at > column) return header.tagName === 'TD' ? '' : cut(subtreeText(header), 80);
    }
    return '';
  };

  // An open modal dialog (a <dialog> shown modally, an aria-modal box such as Bootstrap's) is
  // where a person acts while it is open: what lies behind it cannot be reached.
  const inModal = (el) => {
    for (let node = el; node; node = node.parentElement || (node.getRootNode() instanceof ShadowRoot ? node.getRootNode().host : null)) {
      if (node.getAttribute('aria-modal') === 'true' || (node.tagName === 'DIALOG' && node.matches(':modal'))) return true;
    }
    return false;
  };

  const BOXES = 'form, section, article, main, fieldset, dialog, [role=dialog], aside, footer';
  const headingOf = (el) => {
    let box = el.closest(BOXES);
    while (box) {
      const h = box.querySelector('h1, h2, h3, h4, h5, h6, legend, [role=heading]');
      if (h) return cut(h.innerText, 120);
      box = box.parentElement ? box.parentElement.closest(BOXES) : null;
    }
    return '';
  };


  // Class names frameworks give the element that opens a list of options.
  const POPUP_CLASS = /(^|[-_ ])(select|dropdown|drop-down|combo|combobox|picker|menu)([-_ ]|$)/i;
  const elements = [];
  const seen = new Set();
  const included = new Set();
  // The document and every open shadow root in it (web components keep their controls there).
  const roots = [document];
  for (let i = 0; i < roots.length && i < 200; i++) {
    for (const host of roots[i].querySelectorAll('*')) if (host.shadowRoot) roots.push(host.shadowRoot);
  }
  const all = roots.flatMap((root) => Array.from(root.querySelectorAll(SELECTOR)));
  for (const el of all) {
    if (elements.length >= MAX) break;
    if (seen.has(el)) continue;
    seen.add(el);
    const tag = el.tagName.toLowerCase();
    // A label wrapping its input is found through the input; the cursor-only tabindex containers
    // that wrap other controls add nothing.
    if (tag !== 'a' && tag !== 'button' && !isField(el) && el.querySelector(SELECTOR)) continue;
    // A box that is only focusable or clickable (a menu list with tabindex, a card with a
    // handler) and holds several worded children is a container: its words are found one by
    // one, so "Click 'JavaScript'" lands on that item, not in the middle of the list.
    if (!el.getAttribute('role') && tag !== 'a' && tag !== 'button' && tag !== 'summary'
        && !isField(el) && !el.isContentEditable
        && Array.from(el.children).filter(c => clean(c.innerText)).length > 1) continue;
    const label = isField(el) ? labelOf(el) || columnOf(el) : '';
    const name = nameOf(el, label);
    let testId = '', testIdAttr = '';
    for (const attr of TEST_ID_ATTRS) {
      const v = el.getAttribute(attr);
      if (v) { testId = v; testIdAttr = attr; break; }
    }
    const row = rowOf(el);
    const [rowText, rowTag] = rowInfo(row);
    const vis = visible(el);
    const role = roleOf(el);
    const popup = !isField(el) && (el.hasAttribute('aria-haspopup') || el.hasAttribute('aria-expanded')
      || role === 'combobox' || POPUP_CLASS.test(el.getAttribute('class') || ''));
    const ownText = isField(el) ? '' : cut(vis ? el.innerText : el.textContent, 200);
    elements.push({
      index: elements.length,
      tag,
      role,
      name,
      label,
      placeholder: clean(el.getAttribute('placeholder')),
      text: ownText,
      // A star drawn by its label says its value only in the label's title ("4 stars").
      title: clean(el.getAttribute('title'))
        || (isField(el) && el.labels && el.labels[0] ? clean(el.labels[0].getAttribute('title')) : ''),
      aria_label: clean(el.getAttribute('aria-label')),
      test_id: testId,
      test_id_attr: testIdAttr,
      attr_name: el.getAttribute('name') || '',
      attr_id: el.id || '',
      type: (el.getAttribute('type') || '').toLowerCase(),
      href: el.getAttribute('href') || '',
      autocomplete: el.getAttribute('autocomplete') || '',
      visible: vis,
      enabled: !el.matches(':disabled') && el.getAttribute('aria-disabled') !== 'true',
      editable: isField(el) ? !el.readOnly && !el.matches(':disabled') : el.isContentEditable,
      checked: (el.type === 'checkbox' || el.type === 'radio') ? el.checked
        : el.hasAttribute('aria-checked') ? el.getAttribute('aria-checked') === 'true'
        // A toggle button (bold, mute, Wi-Fi) is on while pressed.
        : el.hasAttribute('aria-pressed') ? el.getAttribute('aria-pressed') === 'true' : null,
      focused: el === document.activeElement,
      in_nav: !!el.closest('nav, header, [role=navigation], [role=banner]'),
      in_modal: inModal(el),
      row: rowText,
      row_tag: rowTag,
      row_css: row ? ':scope > ' + pathFrom(el, row) : '',
      // In a row the row's text names it; outside one, the text just before it does. A
      // drop-down trigger shows its value, so the text before it is its name too.
      near: (popup && !label) || !(label || name || row) ? nearText(el) : '',
      popup,
      // Open by its own word, and showing the list it names (a stale word is not trusted).
      expanded: el.getAttribute('aria-expanded') === 'true'
        && ((el.getAttribute('aria-controls') || '').split(/\s+/).filter(Boolean)
          .map((id) => document.getElementById(id)).filter(Boolean)
          .every((list) => visible(list))),
      heading: headingOf(el),
      css: deepPath(el),
      tree: treeOf(el),
      options: tag === 'select' ? Array.from(el.options).slice(0, 100).map(o => clean(o.text)) : [],
      icon: /[\p{L}\p{N}]/u.test(name + label) ? '' : iconWords(el),
      proxy: !!proxyOf(el),
      text_only: false,
    });
    included.add(el);
  }

  // Text a person can point at although it is no control (a list item's label that enters edit
  // mode on double-click, a card title with a click handler): the elements that hold their own
  // words, outside every control listed above.
  const SKIP_TEXT = ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'OPTION', 'TITLE', 'svg'];
  const insideControl = (node) => {
    for (let up = node, depth = 0; up && up !== document.body && depth < 12; up = up.parentElement, depth++)
      if (included.has(up)) return true;
    return false;
  };
  if (opts.text !== false) {
    const holders = new Set();
    let walked = 0, added = 0;
    for (const root of roots) {
    const walker = document.createTreeWalker(root === document ? document.body : root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && walked < 20000 && added < (opts.maxText || 400)) {
      walked += 1;
      if (!node.textContent.trim()) continue;
      const el = node.parentElement;
      if (!el || holders.has(el)) continue;
      holders.add(el);
      if (SKIP_TEXT.includes(el.tagName) || el.closest('svg')) continue;
      if (el.tagName === 'LABEL' && el.control) continue;
      if (insideControl(el) || !visible(el)) continue;
      const text = clean(el.innerText);
      if (!text || text.length > 120) continue;
      const row = rowOf(el);
      const [rowText, rowTag] = rowInfo(row);
      added += 1;
      elements.push({
        index: elements.length, tag: el.tagName.toLowerCase(), role: roleOf(el), name: text,
        text, title: clean(el.getAttribute('title')), visible: true, editable: el.isContentEditable,
        in_nav: !!el.closest('nav, header, [role=navigation], [role=banner]'),
        in_modal: inModal(el),
        row: rowText, row_tag: rowTag, row_css: row ? ':scope > ' + pathFrom(el, row) : '',
        heading: headingOf(el), css: deepPath(el), tree: treeOf(el), text_only: true,
      });
    }
    }
  }
  return {
    url: location.href,
    title: document.title,
    ready: document.readyState,
    elements,
  };
}
"""
)

# Resolves a CSS selector or reports that it is not one; used for selector hints.
CSS_PROBE_JS = r"""
(selector) => {
  try { return {valid: true, count: document.querySelectorAll(selector).length}; }
  catch (e) { return {valid: false, count: 0}; }
}
"""

# Resolves once on the next DOM change or after `ms`, whichever comes first: the event-driven
# pause between two looks at a page that is still changing.
MUTATION_WAIT_JS = r"""
(ms) => new Promise((resolve) => {
  let done = false;
  const finish = (changed) => { if (!done) { done = true; observer.disconnect(); resolve(changed); } };
  const observer = new MutationObserver(() => finish(true));
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  setTimeout(() => finish(false), ms);
})
"""
