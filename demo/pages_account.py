"""HTML bodies of the home, help and account pages (sign up, sign in, account)."""

from __future__ import annotations

from html import escape

from demo.catalog import PRODUCTS, money
from demo.layout import button, checkbox, error_box, field_input, wrap
from demo.state import Order, User
from demo.variants import Variant


def home(v: Variant) -> str:
    featured = "".join(
        f'<li><a href="/products/{p.slug}">{escape(p.name)}</a> '
        f'<span class="{v.cls("price")}">{money(p.price_cents)}</span></li>'
        for p in PRODUCTS[:3]
    )
    return (
        "<h1>Tripwire Demo Shop</h1>"
        "<p>Shoes, bags and accessories, shipped fast. This shop exists to be tested.</p>"
        f'<section class="{v.cls("featured")}"><h2>Featured</h2><ul>{featured}</ul></section>'
        f'<p><a class="{v.cls("btn", "btn-primary")}" href="/products">Browse products</a></p>'
    )


def help_page(topic: str) -> tuple[str, str]:
    if topic == "contact":
        return "Contact support", (
            "<h1>Contact support</h1>"
            "<p>Write to support@example.com; we answer within one business day.</p>"
        )
    return "Shipping info", (
        "<h1>Shipping info</h1>"
        "<p>Standard shipping is free and takes 3–5 business days. "
        "Express shipping costs $9.99 and arrives the next business day.</p>"
    )


def signup(
    v: Variant, *, errors: list[str], full_name: str = "", email: str = ""
) -> str:
    name_field = field_input(
        v,
        key="signup-name",
        label="Full name",
        name="full_name",
        value=full_name,
        extra=' autocomplete="name" required',
    )
    email_field = field_input(
        v,
        key="signup-email",
        label="Email",
        name="email",
        input_type="email",
        value=email,
        extra=' autocomplete="email" required',
    )
    password_field = field_input(
        v,
        key="signup-password",
        label="Password",
        name="password",
        input_type="password",
        extra=' autocomplete="new-password" minlength="8" required',
    )
    terms = checkbox(v, key="signup-terms", label="I accept the terms", name="terms")
    if v.redesigned:
        fields = wrap(v, email_field + name_field, "field-group") + wrap(
            v, password_field + terms, "field-group"
        )
    else:
        fields = name_field + email_field + password_field + terms
    # novalidate: the server's messages are the ones under test, not the browser's bubbles.
    form = (
        f'<form method="post" action="/signup" class="{v.cls("auth-form")}" novalidate>'
        f"{fields}{button(v, 'Create account', key='signup-submit')}</form>"
    )
    return (
        "<h1>Create your account</h1>" + error_box(v, errors) + wrap(v, form, "panel")
    )


def login(
    v: Variant, *, error: str | None, email: str = "", next_path: str = ""
) -> str:
    email_field = field_input(
        v,
        key="login-email",
        label="Email",
        name="email",
        input_type="email",
        value=email,
        extra=' autocomplete="username" required',
    )
    password_field = field_input(
        v,
        key="login-password",
        label="Password",
        name="password",
        input_type="password",
        extra=' autocomplete="current-password" required',
    )
    next_field = (
        f'<input type="hidden" name="next" value="{escape(next_path)}">'
        if next_path
        else ""
    )
    form = (
        f'<form method="post" action="/login" class="{v.cls("auth-form")}" novalidate>'
        f"{next_field}{wrap(v, email_field, 'field-group')}{wrap(v, password_field, 'field-group')}"
        f"{button(v, 'Sign in', key='login-submit')}</form>"
    )
    create = f'<p class="{v.cls("aside")}"><a href="/signup">Create an account</a></p>'
    errors = error_box(v, [error] if error else [])
    return "<h1>Sign in</h1>" + errors + wrap(v, form, "panel") + create


def account(v: Variant, *, user: User, orders: list[Order], welcome: bool) -> str:
    banner = (
        f'<div class="{v.cls("alert", "alert-success")}" role="status">Account created</div>'
        if welcome
        else ""
    )
    number = (
        f'<p class="{v.cls("customer-number")}">Customer number: '
        f'<span data-testid="{v.tid("customer-number")}">{escape(user.customer_number)}</span></p>'
    )
    if orders:
        rows = "".join(
            f'<li><a href="/orders/{escape(o.id)}">{escape(o.id)}</a> — {money(o.total_cents)}</li>'
            for o in orders
        )
        order_list = f"<ul>{rows}</ul>"
    else:
        order_list = "<p>No orders yet</p>"
    orders_section = (
        f'<section class="{v.cls("orders")}"><h2>Your orders</h2>{order_list}</section>'
    )

    current = (
        f"<p>Current avatar: {escape(user.avatar)}</p>"
        if user.avatar
        else "<p>No avatar yet</p>"
    )
    avatar_id = v.id("avatar")
    avatar = (
        f'<section class="{v.cls("avatar")}"><h2>Profile picture</h2>{current}'
        '<form method="post" action="/account/avatar" enctype="multipart/form-data">'
        f'<div class="{v.cls("field")}"><label for="{avatar_id}">Avatar</label>'
        f'<input id="{avatar_id}" name="avatar" type="file" accept="image/*"></div>'
        f"{button(v, 'Upload', primary=False)}</form></section>"
    )
    preferences = (
        f'<section class="{v.cls("preferences")}"><h2>Preferences</h2>'
        '<form method="post" action="/account/preferences">'
        + checkbox(
            v,
            key="newsletter-pref",
            label="Send me the newsletter",
            name="newsletter",
            checked=user.newsletter,
        )
        + f"{button(v, 'Save preferences', primary=False)}</form></section>"
    )
    recommendations = (
        f'<section id="{v.id("recommendations")}" class="{v.cls("recommendations")}" '
        f'data-testid="{v.tid("recommendations")}" aria-live="polite" hidden></section>'
        f'<template id="{v.id("recommendations-template")}">'
        "<h2>Recommended for you</h2><ul>"
        + "".join(
            f'<li><a href="/products/{p.slug}">{escape(p.name)}</a></li>'
            for p in PRODUCTS[3:5]
        )
        + "</ul></template>"
    )
    sections = [orders_section, avatar, preferences]
    if v.redesigned:
        sections = [preferences, avatar, orders_section]
    return (
        banner
        + f"<h1>Welcome, {escape(user.full_name)}</h1>"
        + number
        + "".join(wrap(v, s, "panel") for s in sections)
        + recommendations
    )
