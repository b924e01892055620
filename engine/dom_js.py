"""Page-side helpers that describe an element the same way everywhere: role, accessible name,
label, visibility and CSS path. The snapshot, the hint matcher and the recorder all paste this in,
so what the recorder writes down is exactly what the engine later looks for.

Kept as a Python string (const declarations, two-space indent) to be spliced into a function
body; it defines `TEST_ID_ATTRS, clean, cut, visible, subtreeText, roleOf, isField, labelOf,
nameOf(el, label), uniqueId, pathFrom(el, stop)` (`stop` null: the whole path, cut at a unique id).
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
      out += ' ' + (child.getAttribute('aria-label') || subtreeText(child)) + ' ';
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
      const parent = node.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter(c => c.tagName === node.tagName);
        if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
      }
      parts.unshift(part);
      node = parent;
    }
    return parts.join(' > ');
  };
"""
