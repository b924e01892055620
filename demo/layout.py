"""The page shell shared by every HTML page: head, style sheet, header navigation, flashes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from demo.variants import Variant

_CSS = """
:root { --accent: ACCENT; --ink: #1f2933; --muted: #616e7c; --line: #d9dee4; --bg: BG; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
.@site-header { display: flex; align-items: center; justify-content: space-between;
  padding: 12px 32px; background: #fff; border-bottom: 1px solid var(--line); }
.@brand { font-weight: 700; font-size: 20px; text-decoration: none; color: var(--ink); }
.@main-nav { display: flex; align-items: center; gap: 18px; }
.@main-nav form { margin: 0; }
.@badge { display: inline-block; min-width: 22px; padding: 0 6px; border-radius: 11px;
  background: var(--accent); color: #fff; font-size: 13px; text-align: center; }
.@help-menu { position: relative; }
.@help-links { display: none; position: absolute; right: 0; top: 100%; z-index: 10;
  min-width: 170px; padding: 8px 0; background: #fff; border: 1px solid var(--line);
  box-shadow: 0 6px 18px rgba(0,0,0,.12); }
.@help-menu:hover .@help-links, .@help-menu:focus-within .@help-links { display: block; }
.@help-links a { display: block; padding: 6px 14px; }
.@link-button { background: none; border: 0; padding: 0; font: inherit; color: var(--accent);
  cursor: pointer; text-decoration: underline; }
.@content { max-width: 880px; margin: 0 auto; padding: 24px 32px 64px; }
.@btn { display: inline-block; padding: 8px 16px; border: 1px solid var(--accent);
  border-radius: 6px; background: #fff; color: var(--accent); font: inherit; cursor: pointer;
  text-decoration: none; }
.@btn-primary { background: var(--accent); color: #fff; }
.@field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 14px; max-width: 360px; }
.@field input, .@field select { padding: 8px; font: inherit; border: 1px solid var(--line);
  border-radius: 6px; }
.@field-inline { flex-direction: row; align-items: center; gap: 8px; }
.@alert { padding: 12px 16px; margin: 12px 0; border-radius: 6px; border: 1px solid; }
.@alert ul { margin: 0; padding-left: 18px; }
.@alert-error { background: #fdecea; border-color: #e0a39c; color: #8a1c12; }
.@alert-success { background: #e7f6ec; border-color: #9fd3b0; color: #17532c; }
.@product-list { list-style: none; padding: 0; display: grid; gap: 10px; }
.@product-row { display: flex; align-items: center; gap: 16px; padding: 12px 16px;
  background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.@product-row form { margin: 0 0 0 auto; }
.@product-name { font-weight: 600; min-width: 200px; }
.@price { color: var(--muted); }
.@toolbar { display: flex; gap: 24px; align-items: end; flex-wrap: wrap; }
.@toolbar input[type=search] { padding: 8px; font: inherit; width: 260px; }
.@tall-section { min-height: 2400px; padding-top: 48px; color: var(--muted); }
.@newsletter { min-height: 180px; padding: 24px; background: #fff;
  border-top: 1px solid var(--line); }
.@cart-table { width: 100%; border-collapse: collapse; background: #fff; }
.@cart-table th, .@cart-table td { padding: 10px; border-bottom: 1px solid var(--line);
  text-align: left; }
.@icon-button { border: 0; background: none; font-size: 20px; cursor: pointer; color: #8a1c12; }
.@totals p { margin: 4px 0; }
.@cart-options, .@coupon, .@totals { margin-top: 16px; }
.@total { font-weight: 700; font-size: 18px; }
.@recommendations { margin-top: 24px; padding: 12px 16px; background: #fff;
  border: 1px dashed var(--line); border-radius: 8px; }
"""

# The redesign adds wrappers and a card grid on top of the shared rules.
_REDESIGN_CSS = """
.@nav-group { display: flex; gap: 14px; align-items: center; }
.@product-list { grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
.@product-row { flex-direction: column; align-items: flex-start; }
.@panel { background: #fff; padding: 16px 20px; margin-bottom: 16px; border-radius: 10px;
  border: 1px solid var(--line); }
"""

_CSS_NAME = re.compile(r"([.#])@([a-z0-9-]+)")


def style_sheet(variant: Variant) -> str:
    source = _CSS + (_REDESIGN_CSS if variant.redesigned else "")
    accent, background = (
        ("#6b2fb3", "#faf7fd") if variant.redesigned else ("#0b6bcb", "#f5f7fa")
    )
    source = source.replace("ACCENT", accent).replace("BG", background)
    return _CSS_NAME.sub(lambda m: m.group(1) + variant.cls(m.group(2)), source)


def script_config(data: dict[str, Any]) -> str:
    """JSON safe to inline in a <script> element."""
    text = json.dumps(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass(frozen=True)
class Chrome:
    """What the header needs to know about the visitor."""

    variant: Variant
    path: str
    signed_in: bool
    cart_count: int
    flashes: tuple[tuple[str, str], ...]


def _nav(chrome: Chrome) -> str:
    v = chrome.variant
    products = '<a href="/products">Products</a>'
    cart = (
        f'<a href="/cart">Cart <span class="{v.cls("badge")}" '
        f'data-testid="{v.tid("cart-count")}">{chrome.cart_count}</span></a>'
    )
    help_menu = (
        f'<div class="{v.cls("help-menu")}">'
        f'<button type="button" class="{v.cls("link-button")}" aria-haspopup="true">Help</button>'
        f'<div class="{v.cls("help-links")}">'
        '<a href="/help/contact">Contact support</a><a href="/help/shipping">Shipping info</a>'
        "</div></div>"
    )
    if chrome.signed_in:
        auth = [
            '<a href="/account">Account</a>',
            f'<form method="post" action="/logout"><button type="submit" '
            f'class="{v.cls("link-button")}">Sign out</button></form>',
        ]
    else:
        # The page you are on does not link to itself, so "Sign in" on /login means the button.
        auth = []
        if chrome.path != "/signup":
            auth.append('<a href="/signup">Sign up</a>')
        if chrome.path != "/login":
            auth.append(f'<a href="/login">{escape(v.label("Sign in"))}</a>')
    if v.redesigned:
        group = v.cls("nav-group")
        items = [
            f'<div class="{group}">{cart}{products}</div>',
            f'<div class="{group}">{"".join(auth)}</div>',
            help_menu,
        ]
    else:
        items = [products, cart, help_menu, *auth]
    return f'<nav class="{v.cls("main-nav")}" aria-label="Main">{"".join(items)}</nav>'


def _flashes(chrome: Chrome) -> str:
    v = chrome.variant
    out = []
    for kind, text in chrome.flashes:
        role, tone = (
            ("alert", "alert-error") if kind == "error" else ("status", "alert-success")
        )
        out.append(
            f'<div class="{v.cls("alert", tone)}" role="{role}" data-testid="{v.tid("flash")}">'
            f"{escape(text)}</div>"
        )
    return "".join(out)


def error_box(variant: Variant, errors: list[str]) -> str:
    """The role="alert" box listing a form's validation errors."""
    if not errors:
        return ""
    items = "".join(f"<li>{escape(e)}</li>" for e in errors)
    return f'<div class="{variant.cls("alert", "alert-error")}" role="alert"><ul>{items}</ul></div>'


def page(
    chrome: Chrome, *, title: str, body: str, after_main: str = "", script: str = ""
) -> str:
    v = chrome.variant
    brand = f'<a class="{v.cls("brand")}" href="/">Demo Shop</a>'
    nav = _nav(chrome)
    header_inner = f"<div>{nav}</div>{brand}" if v.redesigned else f"{brand}{nav}"
    main = f'<main class="{v.cls("content")}" id="{v.id("main")}">{_flashes(chrome)}{body}</main>'
    if v.redesigned:
        main = f'<div class="{v.cls("page-shell")}"><div class="{v.cls("page-inner")}">{main}</div></div>'
    scripts = f"<script>{script}</script>" if script else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Tripwire Demo Shop</title>"
        '<link rel="icon" href="data:,">'
        f"<style>{style_sheet(v)}</style></head>"
        f'<body><header class="{v.cls("site-header")}">{header_inner}</header>'
        f"{main}{after_main}{scripts}</body></html>\n"
    )


def field_input(
    variant: Variant,
    *,
    key: str,
    label: str,
    name: str,
    input_type: str = "text",
    value: str = "",
    extra: str = "",
) -> str:
    """A labelled input; `key` names its id, `label` is the original wording."""
    field_id = variant.id(key)
    value_attr = f' value="{escape(value)}"' if value else ""
    return (
        f'<div class="{variant.cls("field")}">'
        f'<label for="{field_id}">{escape(variant.label(label))}</label>'
        f'<input id="{field_id}" name="{name}" type="{input_type}"{value_attr}{extra}>'
        "</div>"
    )


def checkbox(
    variant: Variant, *, key: str, label: str, name: str, checked: bool = False
) -> str:
    field_id = variant.id(key)
    mark = " checked" if checked else ""
    return (
        f'<div class="{variant.cls("field", "field-inline")}">'
        f'<input id="{field_id}" name="{name}" type="checkbox" value="yes"{mark}>'
        f'<label for="{field_id}">{escape(variant.label(label))}</label>'
        "</div>"
    )


def select(
    variant: Variant,
    *,
    key: str,
    label: str,
    name: str,
    options: list[tuple[str, str]],
    selected: str = "",
) -> str:
    field_id = variant.id(key)
    opts = "".join(
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
        f"{escape(text)}</option>"
        for value, text in options
    )
    return (
        f'<div class="{variant.cls("field")}">'
        f'<label for="{field_id}">{escape(variant.label(label))}</label>'
        f'<select id="{field_id}" name="{name}">{opts}</select>'
        "</div>"
    )


def button(variant: Variant, label: str, *, primary: bool = True, key: str = "") -> str:
    classes = variant.cls("btn", "btn-primary") if primary else variant.cls("btn")
    id_attr = f' id="{variant.id(key)}"' if key else ""
    return f'<button type="submit" class="{classes}"{id_attr}>{escape(variant.label(label))}</button>'


def wrap(variant: Variant, html: str, *names: str) -> str:
    """Extra containers only the redesign has."""
    if not variant.redesigned:
        return html
    for name in reversed(names):
        html = f'<div class="{variant.cls(name)}">{html}</div>'
    return html
