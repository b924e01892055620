"""HTML bodies of the shop pages: product list and detail, cart, checkout, order."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from demo.catalog import CATEGORIES, COUNTRIES, SHIPPING_OPTIONS, Product, money
from demo.layout import button, checkbox, error_box, field_input, select, wrap
from demo.scripts import cart_script, products_script
from demo.state import Cart, Order
from demo.variants import Variant


def _product_row(v: Variant, product: Product, next_path: str) -> str:
    name = f'<a class="{v.cls("product-name")}" href="/products/{product.slug}">{escape(product.name)}</a>'
    price = f'<span class="{v.cls("price")}">{money(product.price_cents)}</span>'
    if v.redesigned:
        query = urlencode({"slug": product.slug, "quantity": "1", "next": next_path})
        add = f'<a class="{v.cls("btn", "btn-primary")}" href="/cart/add?{escape(query)}">Add to cart</a>'
        inner = f'<div class="{v.cls("card-body")}">{price}<h3>{name}</h3></div>{add}'
        tag = "article"
    else:
        add = (
            '<form method="post" action="/cart/add">'
            f'<input type="hidden" name="slug" value="{product.slug}">'
            '<input type="hidden" name="quantity" value="1">'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            f"{button(v, 'Add to cart', primary=False)}</form>"
        )
        inner = name + price + add
        tag = "li"
    return (
        f'<{tag} class="{v.cls("product-row")}" data-testid="{v.tid("product-row")}" '
        f'data-category="{product.category}">{inner}</{tag}>'
    )


def products(
    v: Variant, *, items: list[Product], query: str, next_path: str
) -> tuple[str, str, str]:
    """Body, the late footer, and the page script."""
    search = (
        f'<form method="get" action="/products" role="search" class="{v.cls("search")}">'
        f'<input type="search" name="q" placeholder="Search products" value="{escape(query)}">'
        "</form>"
    )
    category = select(
        v,
        key="category-filter",
        label="Category",
        name="category",
        options=[("", "All"), *CATEGORIES],
    )
    toolbar = (
        f'<div class="{v.cls("toolbar")}">'
        + (category + search if v.redesigned else search + category)
        + "</div>"
    )
    heading = f"<p>Results for “{escape(query)}”</p>" if query else ""
    list_tag = "div" if v.redesigned else "ul"
    rows = "".join(_product_row(v, p, next_path) for p in items)
    none_text = (
        "No products match your search" if query else "No products in this category"
    )
    empty = f'<p id="{v.id("no-products")}" hidden>{none_text}</p>'
    if not items:
        empty = f'<p id="{v.id("no-products")}">{none_text}</p>'
    list_html = (
        f'<div id="{v.id("product-list")}" data-testid="{v.tid("product-list")}" aria-live="polite">'
        "<p>Loading products…</p></div>"
        f'<template id="{v.id("product-list-template")}">'
        f'<{list_tag} class="{v.cls("product-list")}">{rows}</{list_tag}>{empty}</template>'
    )
    tall = (
        f'<section class="{v.cls("tall-section")}"><h2>Why shop with us</h2>'
        "<p>Free standard shipping on every order.</p>"
        "<p>Returns are free for 30 days.</p>"
        "<p>Every product is tested by our team before it is listed.</p></section>"
    )
    footer = (
        f'<footer id="{v.id("newsletter")}" class="{v.cls("newsletter")}" '
        f'data-testid="{v.tid("newsletter")}"></footer>'
        f'<template id="{v.id("newsletter-template")}">'
        "<h2>Subscribe to our newsletter</h2>"
        f'<form id="{v.id("newsletter-form")}" novalidate>'
        + field_input(
            v,
            key="newsletter-email",
            label="Newsletter email",
            name="email",
            input_type="email",
            extra=' autocomplete="email"',
        )
        + f"{button(v, 'Subscribe')}</form>"
        f'<div id="{v.id("newsletter-message")}" aria-live="polite"></div></template>'
    )
    script = products_script(
        {
            "listId": v.id("product-list"),
            "listTemplateId": v.id("product-list-template"),
            "selectId": v.id("category-filter"),
            "emptyId": v.id("no-products"),
            "footerId": v.id("newsletter"),
            "footerTemplateId": v.id("newsletter-template"),
            "newsletterFormId": v.id("newsletter-form"),
            "newsletterMessageId": v.id("newsletter-message"),
        }
    )
    body = "<h1>Products</h1>" + toolbar + heading + list_html + tall
    return body, footer, script


def product_detail(v: Variant, product: Product) -> str:
    back = '<p><a href="/products">Back to products</a></p>'
    form = (
        '<form method="post" action="/cart/add">'
        f'<input type="hidden" name="slug" value="{product.slug}">'
        f'<input type="hidden" name="next" value="/products/{product.slug}">'
        + field_input(
            v,
            key="quantity",
            label="Quantity",
            name="quantity",
            input_type="number",
            value="1",
            extra=' min="1" max="99"',
        )
        + button(v, "Add to cart", key="add-to-cart")
        + "</form>"
    )
    info = (
        f"<h1>{escape(product.name)}</h1>"
        f'<p class="{v.cls("price")}">{money(product.price_cents)}</p>'
        f"<p>{escape(product.blurb)}</p>"
    )
    return back + wrap(v, info + form, "panel", "panel-body")


def _totals(v: Variant, cart: Cart) -> str:
    discount = f"Discount: {money(-cart.discount_cents)}" if cart.coupon else ""
    hidden = "" if cart.coupon else " hidden"
    return (
        f'<div class="{v.cls("totals")}">'
        f'<p id="{v.id("cart-subtotal")}" data-testid="{v.tid("cart-subtotal")}">'
        f"Subtotal: {money(cart.subtotal_cents)}</p>"
        f'<p id="{v.id("cart-discount")}"{hidden}>{discount}</p>'
        f'<p id="{v.id("cart-total")}" class="{v.cls("total")}" '
        f'data-testid="{v.tid("cart-total")}">Total: {money(cart.total_cents)}</p></div>'
    )


def totals_json(cart: Cart) -> dict[str, str | None]:
    return {
        "subtotal": money(cart.subtotal_cents),
        "discount": money(-cart.discount_cents) if cart.coupon else None,
        "total": money(cart.total_cents),
    }


def cart_page(v: Variant, cart: Cart) -> tuple[str, str]:
    """Body and page script."""
    if cart.lines:
        rows = "".join(
            f'<tr data-testid="{v.tid("cart-row")}"><td>{escape(line.product.name)}</td>'
            f"<td>{line.quantity}</td><td>{money(line.line_cents)}</td>"
            '<td><form method="post" action="/cart/remove">'
            f'<input type="hidden" name="slug" value="{line.product.slug}">'
            f'<button type="submit" class="{v.cls("icon-button")}" title="Remove item">'
            '<span aria-hidden="true">×</span></button></form></td></tr>'
            for line in cart.lines
        )
        items = (
            f'<table class="{v.cls("cart-table")}"><thead><tr><th>Product</th><th>Quantity</th>'
            f"<th>Price</th><th></th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        items = f'<p class="{v.cls("empty")}">Your cart is empty</p>'
    options = (
        f'<section class="{v.cls("cart-options")}">'
        + checkbox(
            v,
            key="gift-wrap",
            label="Gift wrap",
            name="gift_wrap",
            checked=cart.gift_wrap,
        )
        + select(
            v,
            key="shipping",
            label="Shipping",
            name="shipping",
            options=[(value, text) for value, text, _ in SHIPPING_OPTIONS],
            selected=cart.shipping,
        )
        + "</section>"
    )
    ok_class, error_class = (
        v.cls("alert", "alert-success"),
        v.cls("alert", "alert-error"),
    )
    applied = (
        f'<p role="status" class="{ok_class}">Coupon {escape(cart.coupon)} applied: '
        f"{cart.coupon_percent}% off</p>"
        if cart.coupon
        else ""
    )
    coupon = (
        f'<form id="{v.id("coupon-form")}" class="{v.cls("coupon")}" novalidate>'
        + field_input(
            v,
            key="coupon-code",
            label="Coupon code",
            name="code",
            extra=' autocomplete="off"',
        )
        + button(v, "Apply coupon", primary=False)
        + "</form>"
        f'<div id="{v.id("coupon-message")}" data-testid="{v.tid("coupon-message")}" '
        f'aria-live="polite">{applied}</div>'
    )
    checkout = (
        f'<p><a id="{v.id("checkout-link")}" class="{v.cls("btn", "btn-primary")}" '
        'href="/checkout">Proceed to checkout</a></p>'
    )
    script = cart_script(
        {
            "subtotalId": v.id("cart-subtotal"),
            "discountId": v.id("cart-discount"),
            "totalId": v.id("cart-total"),
            "couponFormId": v.id("coupon-form"),
            "couponInputId": v.id("coupon-code"),
            "couponMessageId": v.id("coupon-message"),
            "giftWrapId": v.id("gift-wrap"),
            "shippingId": v.id("shipping"),
            "checkoutLinkId": v.id("checkout-link"),
            "okClass": ok_class,
            "errorClass": error_class,
        }
    )
    parts = (
        [options, _totals(v, cart), coupon]
        if not v.redesigned
        else [coupon, options, _totals(v, cart)]
    )
    body = (
        "<h1>Your cart</h1>"
        + wrap(v, items, "panel")
        + "".join(wrap(v, part, "panel") for part in parts)
        + checkout
    )
    return body, script


def checkout(
    v: Variant, cart: Cart, *, errors: list[str], values: dict[str, str]
) -> str:
    lines = "".join(
        f"<li>{escape(line.product.name)} × {line.quantity} — {money(line.line_cents)}</li>"
        for line in cart.lines
    )
    summary = (
        f'<section class="{v.cls("order-summary")}"><h2>Order summary</h2>'
        f"<ul>{lines}</ul><p>Total: {money(cart.total_cents)}</p></section>"
    )
    address = field_input(
        v,
        key="address",
        label="Address",
        name="address",
        value=values.get("address", ""),
        extra=' autocomplete="street-address" required',
    )
    city = field_input(
        v,
        key="city",
        label="City",
        name="city",
        value=values.get("city", ""),
        extra=' autocomplete="address-level2" required',
    )
    zip_code = field_input(
        v,
        key="zip",
        label="ZIP code",
        name="zip",
        value=values.get("zip", ""),
        extra=' inputmode="numeric" autocomplete="postal-code" required',
    )
    country = select(
        v,
        key="country",
        label="Country",
        name="country",
        options=list(COUNTRIES),
        selected=values.get("country", "US"),
    )
    if v.redesigned:
        fields = wrap(v, country + address, "field-group") + wrap(
            v, zip_code + city, "field-group"
        )
    else:
        fields = address + city + zip_code + country
    form = (
        f'<form method="post" action="/checkout" class="{v.cls("checkout-form")}" novalidate>'
        f"{fields}{button(v, 'Place order', key='place-order')}</form>"
    )
    return "<h1>Checkout</h1>" + error_box(v, errors) + wrap(v, summary, "panel") + form


def order_page(v: Variant, order: Order) -> str:
    lines = "".join(
        f"<li>{escape(line.product.name)} × {line.quantity} — {money(line.line_cents)}</li>"
        for line in order.lines
    )
    country = dict(COUNTRIES).get(order.country, order.country)
    body = (
        "<h1>Order confirmed</h1>"
        f'<p>Order number: <strong data-testid="{v.tid("order-number")}">{escape(order.id)}</strong></p>'
        f"<p>Thank you for your order, {escape(order.full_name)}!</p>"
        f"<ul>{lines}</ul>"
        f'<p class="{v.cls("total")}">Total: {money(order.total_cents)}</p>'
        f"<p>Shipping to {escape(order.address)}, {escape(order.zip_code)} {escape(order.city)}, "
        f"{escape(country)}</p>"
        '<p><a href="/products">Continue shopping</a></p>'
    )
    return wrap(v, body, "panel")


def not_found(message: str = "We could not find that page.") -> str:
    return f"<h1>Page not found</h1><p>{escape(message)}</p>"
