"""Page scripts. Each is an IIFE called with a JSON config, so element ids come from the variant."""

from __future__ import annotations

from typing import Any

from demo.layout import script_config

# The list arrives late on purpose: a runner that does not auto-wait sees "Loading products…".
PRODUCT_LIST_DELAY_MS = 1200
RECOMMENDATIONS_DELAY_MS = 1500

_PRODUCTS = r"""
(function (cfg) {
  var list = document.getElementById(cfg.listId);
  var select = document.getElementById(cfg.selectId);
  var loaded = false;
  function applyFilter() {
    if (!loaded) { return; }
    var category = select.value;
    var shown = 0;
    list.querySelectorAll('[data-category]').forEach(function (row) {
      var match = !category || row.getAttribute('data-category') === category;
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    var empty = document.getElementById(cfg.emptyId);
    if (empty) { empty.hidden = shown > 0; }
  }
  select.addEventListener('change', applyFilter);
  setTimeout(function () {
    var template = document.getElementById(cfg.listTemplateId);
    list.replaceChildren(template.content.cloneNode(true));
    loaded = true;
    applyFilter();
  }, cfg.delayMs);

  // The footer only exists once someone scrolls to it.
  var footer = document.getElementById(cfg.footerId);
  var observer = new IntersectionObserver(function (entries) {
    if (!entries.some(function (e) { return e.isIntersecting; })) { return; }
    observer.disconnect();
    var template = document.getElementById(cfg.footerTemplateId);
    footer.replaceChildren(template.content.cloneNode(true));
    var form = document.getElementById(cfg.newsletterFormId);
    var message = document.getElementById(cfg.newsletterMessageId);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      fetch('/api/newsletter', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({email: form.elements.email.value})
      }).then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      }).then(function (result) {
        var p = document.createElement('p');
        p.setAttribute('role', result.ok ? 'status' : 'alert');
        p.textContent = result.data.message;
        message.replaceChildren(p);
      });
    });
  });
  observer.observe(footer);
})(CONFIG);
"""

_ACCOUNT = r"""
(function (cfg) {
  setTimeout(function () {
    var box = document.getElementById(cfg.boxId);
    var template = document.getElementById(cfg.templateId);
    box.replaceChildren(template.content.cloneNode(true));
    box.hidden = false;
  }, cfg.delayMs);
})(CONFIG);
"""

_CART = r"""
(function (cfg) {
  function hex(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  function byId(id) { return document.getElementById(id); }
  function showTotals(t) {
    byId(cfg.subtotalId).textContent = 'Subtotal: ' + t.subtotal;
    byId(cfg.totalId).textContent = 'Total: ' + t.total;
    var discount = byId(cfg.discountId);
    discount.textContent = t.discount ? 'Discount: ' + t.discount : '';
    discount.hidden = !t.discount;
  }
  function say(text, ok) {
    var p = document.createElement('p');
    p.setAttribute('role', ok ? 'status' : 'alert');
    p.className = ok ? cfg.okClass : cfg.errorClass;
    p.textContent = text;
    byId(cfg.couponMessageId).replaceChildren(p);
  }
  function postJson(url, data, headers) {
    headers = Object.assign({'Content-Type': 'application/json'}, headers || {});
    return fetch(url, {method: 'POST', headers: headers, body: JSON.stringify(data)})
      .then(function (response) {
        return response.json().catch(function () { return {}; })
          .then(function (body) { return {status: response.status, body: body}; });
      });
  }

  var couponForm = byId(cfg.couponFormId);
  couponForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var traceparent = '00-' + hex(16) + '-' + hex(8) + '-01';
    postJson('/api/coupon', {code: byId(cfg.couponInputId).value}, {traceparent: traceparent})
      .then(function (result) {
        if (result.status === 200) {
          say(result.body.message, true);
          showTotals(result.body.totals);
        } else if (result.status === 400) {
          say(result.body.message || 'This coupon is not valid', false);
        } else {
          say('Something went wrong. Please try again.', false);
        }
      }, function () { say('Something went wrong. Please try again.', false); });
  });

  // Option changes are saved right away; leaving for checkout waits for the last save so
  // the order total always matches what the cart page showed.
  var saving = Promise.resolve();
  var pending = 0;
  function saveOptions() {
    var data = {gift_wrap: byId(cfg.giftWrapId).checked, shipping: byId(cfg.shippingId).value};
    pending += 1;
    saving = saving.then(function () {
      return postJson('/api/cart/options', data).then(function (result) {
        if (result.status === 200) { showTotals(result.body.totals); }
      });
    }).catch(function () {}).then(function () { pending -= 1; });
  }
  byId(cfg.giftWrapId).addEventListener('change', saveOptions);
  byId(cfg.shippingId).addEventListener('change', saveOptions);
  byId(cfg.checkoutLinkId).addEventListener('click', function (event) {
    if (pending === 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    var href = this.href;
    event.preventDefault();
    saving.then(function () { window.location.href = href; });
  });
})(CONFIG);
"""


def _render(source: str, config: dict[str, Any]) -> str:
    return source.replace("CONFIG", script_config(config))


def products_script(config: dict[str, Any]) -> str:
    return _render(_PRODUCTS, {"delayMs": PRODUCT_LIST_DELAY_MS, **config})


def account_script(config: dict[str, Any]) -> str:
    return _render(_ACCOUNT, {"delayMs": RECOMMENDATIONS_DELAY_MS, **config})


def cart_script(config: dict[str, Any]) -> str:
    return _render(_CART, config)
