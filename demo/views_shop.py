"""Shop views: products, cart, checkout and orders."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from demo import pages_lists, pages_shop
from demo.catalog import COUNTRIES, PRODUCTS, find_product
from demo.state import MAX_QUANTITY
from demo.web import Request, Response, redirect, safe_next

if TYPE_CHECKING:
    from demo.app import DemoApp

ZIP_RE = re.compile(r"^\d{5}$")


def products(app: DemoApp, request: Request) -> Response:
    query = request.arg("q").strip()
    items = (
        [p for p in PRODUCTS if query.lower() in p.name.lower()]
        if query
        else list(PRODUCTS)
    )
    next_path = "/products" + (f"?{urlencode({'q': query})}" if query else "")
    body, footer, script = pages_shop.products(
        app.variant, items=items, query=query, next_path=next_path
    )
    return app.render(
        request, title="Products", body=body, after_main=footer, script=script
    )


def product_detail(app: DemoApp, request: Request) -> Response:
    product = find_product(request.path.removeprefix("/products/"))
    if product is None:
        return app.not_found(request, "We could not find that product.")
    body = pages_shop.product_detail(app.variant, product)
    return app.render(request, title=product.name, body=body)


def _value(request: Request, name: str) -> str:
    # The redesign's "Add to cart" is a link, so /cart/add also takes its fields from the query.
    return request.field(name) if request.method == "POST" else request.arg(name)


def _back(request: Request, default: str) -> str:
    explicit = _value(request, "next")
    if explicit:
        return safe_next(explicit, default)
    referer = urlsplit(request.header("referer") or "")
    if referer.netloc and referer.netloc == request.header("host") and referer.path:
        query = f"?{referer.query}" if referer.query else ""
        return safe_next(referer.path + query, default)
    return default


def cart_add(app: DemoApp, request: Request) -> Response:
    back = _back(request, "/products")
    product = find_product(_value(request, "slug"))
    if product is None:
        app.store.flash(request.session_id, "error", "That product does not exist")
        return redirect("/products")
    raw_quantity = _value(request, "quantity").strip() or "1"
    quantity = int(raw_quantity) if re.fullmatch(r"[0-9]{1,4}", raw_quantity) else 0
    if not 1 <= quantity <= MAX_QUANTITY:
        message = f"Enter a quantity between 1 and {MAX_QUANTITY}"
        app.store.flash(request.session_id, "error", message)
        return redirect(back)
    # The regressed variant's bug: everything looks right except that nothing is stored.
    if not app.variant.cart_add_broken:
        app.store.cart_add(request.session_id, product.slug, quantity)
    app.store.flash(request.session_id, "success", f"Added {product.name} to your cart")
    return redirect(back)


def cart_remove(app: DemoApp, request: Request) -> Response:
    product = find_product(request.field("slug"))
    if product is not None and app.store.cart_remove(request.session_id, product.slug):
        app.store.flash(
            request.session_id, "success", f"Removed {product.name} from your cart"
        )
    return redirect("/cart")


def cart(app: DemoApp, request: Request) -> Response:
    body, script = pages_shop.cart_page(app.variant, app.store.cart(request.session_id))
    return app.render(request, title="Your cart", body=body, script=script)


def checkout(app: DemoApp, request: Request) -> Response:
    user = app.store.current_user(request.session_id)
    if user is None:
        return app.login_redirect(request)
    values: dict[str, str] = {}
    errors: list[str] = []
    if request.method == "POST":
        values = {
            name: request.field(name).strip()
            for name in ("address", "city", "zip", "country")
        }
        if not values["address"]:
            errors.append("Enter your address")
        if not values["city"]:
            errors.append("Enter your city")
        if not ZIP_RE.match(values["zip"]):
            errors.append("Enter a valid ZIP code")
        if values["country"] not in dict(COUNTRIES):
            errors.append("Choose a country")
        if not errors:
            order = app.store.place_order(
                request.session_id,
                address=values["address"],
                city=values["city"],
                zip_code=values["zip"],
                country=values["country"],
            )
            if order is not None:
                return redirect(f"/orders/{order.id}?order={order.id}")
            errors.append("Your cart is empty")
    cart_now = app.store.cart(request.session_id)
    body = pages_shop.checkout(app.variant, cart_now, errors=errors, values=values)
    return app.render(request, title="Checkout", body=body)


def order_detail(app: DemoApp, request: Request) -> Response:
    user = app.store.current_user(request.session_id)
    if user is None:
        return app.login_redirect(request)
    order = app.store.order(request.path.removeprefix("/orders/"))
    if order is None or order.user_email != user.email:
        return app.not_found(request, "We could not find that order.")
    body = pages_shop.order_page(app.variant, order)
    return app.render(request, title="Order confirmed", body=body)


def lists(app: DemoApp, request: Request) -> Response:
    return app.render(
        request,
        title="Things to do",
        body=pages_lists.BODY,
        script=pages_lists.SCRIPT,
    )
