"""Page-side helpers that describe an element the same way everywhere: role, accessible name,
label, visibility and CSS path. The snapshot, the hint matcher and the recorder all paste this in,
so what the recorder writes down is exactly what the engine later looks for.

Kept as a Python string (const declarations, two-space indent) to be spliced into a function
body; it defines `TEST_ID_ATTRS, clean, cut, visible, subtreeText, roleOf, isField, labelOf,
nameOf(el, label), uniqueId, pathFrom(el, stop)` (`stop` null: the whole path, cut at a unique id),
`proxyOf(el)` (the visible label or styled sibling that stands in for a hidden native input) and
`iconWords(el)` (what a nameless icon control shows: svg titles, sprite ids, class tokens, glyphs),
`deepPath(el)` / `deepQuery(path)` (paths into open shadow roots, joined by ' >> ').
"""

ELEMENT_JS = r"""
  const TEST_ID_ATTRS = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy'];
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const cut = (s, n) => { s = clean(s); return s.length > n ? s.slice(0, n) : s; };

  const visible = (el) => {
    if (!el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}))
      return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };

  // Accessible-name style text: skips aria-hidden and undisplayed subtrees, uses alt text.
  const subtreeText = (node) => {
    let out = '';
    for (const child of node.childNodes) {
      if (child.nodeType === 3) { out += child.textContent; continue; }
      if (child.nodeType !== 1) continue;
      if (child.getAttribute('aria-hidden') === 'true') continue;
      const tag = child.tagName;
      if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') continue;
      if (tag === 'IMG') { out += ' ' + (child.getAttribute('alt') || '') + ' '; continue; }
      if (tag === 'SELECT' || tag === 'TEXTAREA') continue;
      if (tag === 'INPUT') continue;
      const style = getComputedStyle(child);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      // A child that shows no words names itself by its tooltip (an icon span titled "Choose
      // a Date"), as the accessible name does.
      const inner = child.getAttribute('aria-label') || subtreeText(child);
      out += ' ' + (clean(inner) ? inner : (child.getAttribute('title') || '')) + ' ';
    }
    return out;
  };

  const roleOf = (el) => {
    const explicit = (el.getAttribute('role') || '').split(' ')[0];
    if (explicit) return explicit;
    const tag = el.tagName;
    if (tag === 'A') return el.hasAttribute('href') ? 'link' : '';
    if (tag === 'BUTTON' || tag === 'SUMMARY') return 'button';
    if (tag === 'SELECT') return (el.multiple || el.size > 1) ? 'listbox' : 'combobox';
    if (tag === 'OPTION') return 'option';
    if (tag === 'TEXTAREA') return 'textbox';
    if (tag === 'INPUT') {
      const t = (el.getAttribute('type') || 'text').toLowerCase();
      if (t === 'checkbox') return 'checkbox';
      if (t === 'radio') return 'radio';
      if (['submit', 'button', 'reset', 'image'].includes(t)) return 'button';
      if (t === 'range') return 'slider';
      if (t === 'number') return 'spinbutton';
      if (t === 'search') return 'searchbox';
      if (t === 'file') return 'file';
      if (t === 'password') return 'password';
      if (['email', 'tel', 'text', 'url', ''].includes(t)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
      return 'textbox';
    }
    if (el.isContentEditable) return 'textbox';
    return 'generic';
  };

  const isField = (el) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);

  const labelOf = (el) => {
    const parts = [];
    if (el.labels) for (const l of el.labels) parts.push(subtreeText(l));
    return cut(parts.join(' '), 200);
  };

  const nameOf = (el, label) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const text = by.split(/\s+/).map(id => {
        const ref = document.getElementById(id);
        return ref ? subtreeText(ref) : '';
      }).join(' ');
      if (clean(text)) return cut(text, 200);
    }
    const aria = el.getAttribute('aria-label');
    if (clean(aria)) return cut(aria, 200);
    if (isField(el)) {
      const t = (el.getAttribute('type') || '').toLowerCase();
      if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(t))
        return cut(el.value || (t === 'submit' ? 'Submit' : t === 'reset' ? 'Reset' : ''), 200);
      if (el.tagName === 'INPUT' && t === 'image') return cut(el.getAttribute('alt') || '', 200);
      if (label) return label;
      return cut(el.getAttribute('title') || el.getAttribute('placeholder') || '', 200);
    }
    const text = clean(subtreeText(el));
    if (text) return cut(text, 200);
    return cut(el.getAttribute('title') || '', 200);
  };

  const uniqueId = (node) => node.id && /^[A-Za-z][\w-]*$/.test(node.id)
    && document.querySelectorAll('#' + CSS.escape(node.id)).length === 1;
  const pathFrom = (el, stop) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && node !== stop && node !== document.documentElement) {
      if (!stop && uniqueId(node)) { parts.unshift('#' + CSS.escape(node.id)); break; }
      let part = node.tagName.toLowerCase();
      // The top elements of a shadow root have no parent element; their siblings still count.
      const parent = node.parentElement
        || (node.parentNode instanceof ShadowRoot ? node.parentNode : null);
      if (parent) {
        const same = Array.from(parent.children).filter(c => c.tagName === node.tagName);
        if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
      }
      parts.unshift(part);
      node = node.parentElement;
    }
    return parts.join(' > ');
  };

  // A checkbox, radio or file input drawn by something else (a styled label, a sibling span):
  // 1 px clipped inputs count as hidden, since clicking their centre hits whatever is on top.
  const PROXIED_TYPES = ['checkbox', 'radio', 'file'];
  const shown = (el) => visible(el) && el.getBoundingClientRect().width > 1
    && el.getBoundingClientRect().height > 1;
  const proxyOf = (el) => {
    if (el.tagName !== 'INPUT' || !PROXIED_TYPES.includes((el.type || '').toLowerCase())) return null;
    if (shown(el)) return null;
    const options = [...(el.labels || []), el.closest('label'), el.nextElementSibling,
      el.previousElementSibling, el.parentElement];
    return options.find((o) => o && o !== document.body && shown(o)) || null;
  };

  // Icon libraries name their glyphs in classes and sprite ids; these words say nothing.
  const ICON_NOISE = new Set(['btn', 'button', 'icon', 'icons', 'fa', 'fas', 'far', 'fal', 'fab',
    'fa-solid', 'bi', 'mdi', 'material', 'symbols', 'outlined', 'rounded', 'sharp', 'glyphicon',
    'ion', 'lucide', 'feather', 'ti', 'la', 'svg', 'sm', 'lg', 'xs', 'md', 'small', 'large',
    'primary', 'secondary', 'default', 'link', 'action', 'actions', 'item', 'js', 'is', 'has',
    'ui', 'el', 'solid', 'regular', 'light', 'inline', 'block', 'flex', 'ghost', 'plain', 'text',
    'hidden', 'visible', 'show', 'hover', 'row', 'cell', 'control', 'ctrl']);
  const ICON_ALIASES = {times: 'close', xmark: 'close', x: 'close', cross: 'close', bin: 'trash',
    pen: 'edit', pencil: 'edit', plus: 'add', cog: 'settings', gear: 'settings', ellipsis: 'more',
    kebab: 'more', dots: 'more', hamburger: 'menu', bars: 'menu', magnifier: 'search'};
  const GLYPHS = {'\u00d7': 'close remove', '\u2715': 'close remove', '\u2716': 'close remove',
    '\u2717': 'close remove', '\u{1F5D1}': 'trash', '\u{1F5D1}\uFE0F': 'trash', '\u270E': 'edit',
    '\u270F': 'edit', '\u270F\uFE0F': 'edit', '+': 'add', '\uFF0B': 'add', '\u22EE': 'more',
    '\u22EF': 'more', '\u2026': 'more', '\u2630': 'menu', '\u2699': 'settings',
    '\u2699\uFE0F': 'settings'};
  const iconWords = (el) => {
    const words = [];
    const add = (s) => {
      const spaced = (s || '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
      for (const w of spaced.split(/[^a-z0-9]+/)) {
        if (!w || ICON_NOISE.has(w) || /^\d+$/.test(w)) continue;
        if (w.length < 2 && w !== 'x') continue;
        words.push(ICON_ALIASES[w] || w);
      }
    };
    const parts = [el, ...el.querySelectorAll('svg, i, span, use, img')].slice(0, 10);
    for (const node of parts) {
      const cls = node.getAttribute('class');
      if (cls) add(cls);
      if (node === el) add(node.id);
      if (node.tagName.toLowerCase() === 'svg') {
        const title = node.querySelector('title');
        if (title) words.push(clean(title.textContent).toLowerCase());
      }
      if (node.tagName.toLowerCase() === 'use') {
        const href = node.getAttribute('href') || node.getAttribute('xlink:href') || '';
        add(href.split('#').pop());
      }
      if (node.tagName === 'IMG') add((node.getAttribute('src') || '').split('/').pop().replace(/\.\w+$/, ''));
    }
    const glyph = clean(el.textContent);
    if (GLYPHS[glyph]) words.push(GLYPHS[glyph]);
    return cut([...new Set(words)].join(' '), 120);
  };

  // Inside open shadow roots the path goes on after ' >> ' from its host (Playwright pierces
  // shadow roots, so the chained selector finds it again).
  const deepPath = (el) => {
    let path = pathFrom(el, null);
    let root = el.getRootNode();
    while (root instanceof ShadowRoot) {
      path = pathFrom(root.host, null) + ' >> ' + path;
      root = root.host.getRootNode();
    }
    return path;
  };
  const deepQuery = (selector) => {
    let node = document;
    for (const part of selector.split(' >> ')) {
      const scope = node === document ? document : (node.shadowRoot || node);
      node = scope.querySelector(part);
      if (!node) return null;
    }
    return node;
  };
"""
