"""The list editor (`/lists`): a small single-page to-do list, as many apps have one.

Everything happens in the browser (localStorage keeps the list), so it exercises what a
crawl cannot see: an input that reacts to Enter, nameless row checkboxes, a delete button
shown only on hover, hash-routed filters, a counter, double-click to edit.
"""

from __future__ import annotations

BODY = """
<h1>Things to do</h1>
<section class="lists">
  <input id="new-item" class="new-item" placeholder="What needs doing?" autocomplete="off">
  <ul id="items" class="items"></ul>
  <footer id="list-footer" class="list-footer" hidden>
    <span id="left"></span>
    <nav class="filters">
      <a href="#/">All</a> <a href="#/active">Active</a> <a href="#/completed">Completed</a>
    </nav>
    <button type="button" id="clear-done" hidden>Clear completed</button>
  </footer>
</section>
<style>
  .items li .destroy { visibility: hidden; border: 0; background: none; cursor: pointer; }
  .items li:hover .destroy { visibility: visible; }
  .items li.done label { text-decoration: line-through; color: #777; }
  .filters a.selected { font-weight: bold; }
</style>
"""

SCRIPT = r"""
(function () {
  var KEY = 'demo-lists';
  var items = [];
  try { items = JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { items = []; }
  var input = document.getElementById('new-item');
  var list = document.getElementById('items');
  var footer = document.getElementById('list-footer');
  var left = document.getElementById('left');
  var clear = document.getElementById('clear-done');
  function save() { localStorage.setItem(KEY, JSON.stringify(items)); }
  function filter() { return (location.hash || '#/').replace('#/', '') || 'all'; }
  function render() {
    var shown = filter();
    list.replaceChildren();
    items.forEach(function (item, index) {
      if (shown === 'active' && item.done) { return; }
      if (shown === 'completed' && !item.done) { return; }
      var li = document.createElement('li');
      if (item.done) { li.className = 'done'; }
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.className = 'toggle';
      box.checked = item.done;
      box.addEventListener('change', function () { item.done = box.checked; save(); render(); });
      var label = document.createElement('label');
      label.textContent = item.title;
      label.addEventListener('dblclick', function () {
        var edit = document.createElement('input');
        edit.className = 'edit';
        edit.value = item.title;
        li.replaceChild(edit, label);
        edit.focus();
        edit.addEventListener('keydown', function (event) {
          if (event.key === 'Enter') {
            var title = edit.value.trim();
            if (title) { item.title = title; } else { items.splice(index, 1); }
            save(); render();
          } else if (event.key === 'Escape') { render(); }
        });
        edit.addEventListener('blur', function () { render(); });
      });
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'destroy';
      remove.title = 'Delete';
      remove.textContent = '\u00d7';
      remove.addEventListener('click', function () { items.splice(index, 1); save(); render(); });
      li.append(box, ' ', label, ' ', remove);
      list.append(li);
    });
    var active = items.filter(function (i) { return !i.done; }).length;
    left.textContent = active + (active === 1 ? ' item left' : ' items left');
    footer.hidden = items.length === 0;
    clear.hidden = items.length === active;
    document.querySelectorAll('.filters a').forEach(function (a) {
      a.classList.toggle('selected', a.getAttribute('href') === '#/' + (shown === 'all' ? '' : shown));
    });
  }
  input.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') { return; }
    var title = input.value.trim();
    if (!title) { return; }
    items.push({ title: title, done: false });
    input.value = '';
    save(); render();
  });
  clear.addEventListener('click', function () {
    items = items.filter(function (i) { return !i.done; });
    save(); render();
  });
  window.addEventListener('hashchange', render);
  render();
})();
"""
