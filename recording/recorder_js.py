"""The page-side half of the recorder: an init script that reports what the user does.

It describes each element the way the engine's snapshot does (role, accessible name, label,
placeholder, text, test id, CSS path) and says which of those name exactly one element on the
page right now, so the recorder keeps only locators that replay to the same element. Password
values are masked here, before they leave the page.
"""

from engine import ELEMENT_JS

BINDING = "__tripwireRecord"

RECORDER_JS = (
    r"""
(() => {
  if (window.__tripwireRecorder || window.top !== window) return;
  window.__tripwireRecorder = true;
  const BINDING = '__tripwireRecord';
  const INTERACTIVE = [
    'a[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary',
    '[role=button]', '[role=link]', '[role=checkbox]', '[role=radio]', '[role=switch]',
    '[role=tab]', '[role=menuitem]', '[role=option]', '[role=combobox]', '[role=textbox]',
    '[role=searchbox]', '[contenteditable=""]', '[contenteditable=true]', '[onclick]'
  ].join(',');
"""
    + ELEMENT_JS
    + r"""
  const count = (pred) => {
    let n = 0;
    for (const other of document.querySelectorAll(INTERACTIVE)) if (pred(other)) n += 1;
    return n;
  };
  const ownText = (el) => isField(el) ? '' : cut(el.innerText || el.textContent, 200);
  const textCount = (text) => {
    // Elements whose whole text is `text` and that have no child that is the same text.
    let n = 0;
    for (const other of document.body.querySelectorAll('*')) {
      if (['SCRIPT', 'STYLE', 'TEMPLATE'].includes(other.tagName)) continue;
      if (clean(other.innerText) !== text) continue;
      if (Array.from(other.children).some(c => clean(c.innerText) === text)) continue;
      n += 1;
    }
    return n;
  };
  const describe = (el) => {
    const role = roleOf(el);
    const label = isField(el) ? labelOf(el) : '';
    const name = nameOf(el, label);
    const placeholder = clean(el.getAttribute('placeholder'));
    const text = ownText(el);
    let testId = '', testIdAttr = '';
    for (const attr of TEST_ID_ATTRS) {
      const v = el.getAttribute(attr);
      if (v) { testId = v; testIdAttr = attr; break; }
    }
    const unique = {
      test_id: !!testId && document.querySelectorAll('[' + testIdAttr + '="' + CSS.escape(testId) + '"]').length === 1,
      role: !!name && count(o => roleOf(o) === role && nameOf(o, isField(o) ? labelOf(o) : '') === name && visible(o)) === 1,
      label: !!label && count(o => isField(o) && labelOf(o) === label) === 1,
      placeholder: !!placeholder && count(o => clean(o.getAttribute('placeholder')) === placeholder) === 1,
      text: !!text && text.length <= 80 && textCount(text) === 1,
    };
    return {
      index: 0, tag: el.tagName.toLowerCase(), role, name, label, placeholder, text,
      title: clean(el.getAttribute('title')), aria_label: clean(el.getAttribute('aria-label')),
      test_id: testId, test_id_attr: testIdAttr, attr_name: el.getAttribute('name') || '',
      attr_id: el.id || '', type: (el.getAttribute('type') || '').toLowerCase(),
      autocomplete: el.getAttribute('autocomplete') || '', css: pathFrom(el, null), unique,
    };
  };
  // What a person would call the element: its label, name, placeholder or text.
  const human = (d) => d.label || d.name || d.placeholder || d.text || d.title || d.attr_name || '';
  const send = (type, el, extra) => {
    const payload = Object.assign({type, url: location.href}, extra || {});
    if (el) {
      const d = describe(el);
      payload.element = d;
      payload.text = human(d);
      payload.secret = d.type === 'password';
    }
    try { window[BINDING](payload); } catch (e) { /* the page is going away */ }
  };
  const isChoice = (el) => el.tagName === 'INPUT' && ['checkbox', 'radio'].includes((el.type || '').toLowerCase());
  const isTextField = (el) => (el.tagName === 'INPUT' && !isChoice(el)
    && !['submit', 'button', 'reset', 'image', 'file'].includes((el.type || '').toLowerCase()))
    || el.tagName === 'TEXTAREA' || el.isContentEditable;

  document.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    const start = event.target instanceof Element ? event.target : null;
    if (!start) return;
    const label = start.closest('label');
    // Choices are reported by their change event; clicks that only focus a field are noise.
    if (label && label.control && (isChoice(label.control) || isTextField(label.control))) return;
    const el = start.closest(INTERACTIVE) || start;
    if (isChoice(el) || isTextField(el) || el.tagName === 'SELECT' || el.tagName === 'OPTION') return;
    send(event.detail === 2 ? 'dblclick' : 'click', el);
  }, true);

  document.addEventListener('input', (event) => {
    const el = event.target;
    if (!(el instanceof Element) || !isTextField(el)) return;
    const secret = (el.type || '').toLowerCase() === 'password';
    const value = el.isContentEditable ? el.innerText : el.value;
    send('input', el, {value: secret ? '••••' : value});
  }, true);

  document.addEventListener('change', (event) => {
    const el = event.target;
    if (!(el instanceof Element)) return;
    if (el.tagName === 'SELECT') {
      const option = el.options[el.selectedIndex];
      send('select', el, {value: option ? clean(option.text) : el.value});
    } else if (isChoice(el)) {
      send(el.checked || el.type === 'radio' ? 'check' : 'uncheck', el);
    }
  }, true);

  document.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    const keys = ['Enter', 'Escape', 'ArrowDown', 'ArrowUp', 'PageDown', 'PageUp'];
    if (!keys.includes(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter' && event.target instanceof Element
        && (event.target.tagName === 'TEXTAREA' || event.target.tagName === 'BUTTON'
            || event.target.tagName === 'A')) return;
    const el = event.target instanceof Element && event.target !== document.body ? event.target : null;
    send('press', el, {value: event.key});
  }, true);
})();
"""
)
