"""Products, cart, checkout and orders over plain HTTP."""

from __future__ import annotations

import re

from demo.server import DemoHandle
from tests.demo.conftest import ShopClient, ShopFactory, alert_texts, tags, visible_text


def _template(page: str, marker: str) -> str:
    match = re.search(rf'<template id="{marker}">(.*?)</template>', page, flags=re.S)
    assert match, f"no template {marker}"
    return match.group(1)


def test_products_page_renders_list_late_from_a_template(client: ShopClient) -> None:
    page = client.get("/products").text
    text = visible_text(page)
    assert "<h1>Products</h1>" in page
    assert "Loading products…" in text
    assert "Canvas Sneakers" not in text  # only the script puts the rows in the page
    rows = _template(page, "product-list-template")
    assert rows.count('data-testid="product-row"') == 6
    assert rows.count(">Add to cart</button>") == 6
    assert (
        '<a class="product-name" href="/products/canvas-sneakers">Canvas Sneakers</a>'
        in rows
    )


def test_products_search_box_has_placeholder_and_no_label(client: ShopClient) -> None:
    page = client.get("/products").text
    (search,) = [a for a in tags(page, "input") if a.get("name") == "q"]
    assert search["placeholder"] == "Search products"
    assert "id" not in search and "aria-label" not in search
    (select,) = tags(page, "select")
    assert {a["for"] for a in tags(page, "label")} >= {select["id"]}
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert options == ["All", "Footwear", "Bags", "Accessories"]


def test_products_search_filters_by_query(client: ShopClient) -> None:
    page = client.get("/products?q=boots").text
    rows = _template(page, "product-list-template")
    assert "Trail Boots" in rows and "Canvas Sneakers" not in rows
    assert "Results for “boots”" in visible_text(page)
    nothing = client.get("/products?q=zzz").text
    assert "No products match your search" in _template(
        nothing, "product-list-template"
    )


def test_products_footer_is_empty_until_scripted(client: ShopClient) -> None:
    page = client.get("/products").text
    assert re.search(r'<footer id="newsletter"[^>]*></footer>', page)
    footer = _template(page, "newsletter-template")
    assert "Subscribe to our newsletter" in footer
    assert '<label for="newsletter-email">Newsletter email</label>' in footer
    assert "Subscribe to our newsletter" not in visible_text(page)


def test_product_detail_and_unknown_product(client: ShopClient) -> None:
    page = client.get("/products/trail-boots").text
    text = visible_text(page)
    assert "<h1>Trail Boots</h1>" in page
    assert "$129.00" in text and "Quantity" in text and "Add to cart" in text
    (quantity,) = [a for a in tags(page, "input") if a.get("name") == "quantity"]
    assert quantity["type"] == "number"
    missing = client.get("/products/no-such-thing")
    assert missing.status_code == 404
    assert "We could not find that product." in visible_text(missing.text)


def test_add_to_cart_flashes_and_counts(client: ShopClient) -> None:
    response = client.add("canvas-sneakers", 2)
    assert response.status_code == 303
    assert response.headers["Location"] == "/products"
    page = client.get("/products").text
    assert "Added Canvas Sneakers to your cart" in visible_text(page)
    assert 'data-testid="cart-count">2<' in page
    assert "Added Canvas Sneakers" not in visible_text(client.get("/products").text)

    detail = client.post(
        "/cart/add",
        data={"slug": "wool-scarf", "quantity": "1", "next": "/products/wool-scarf"},
    )
    assert detail.headers["Location"] == "/products/wool-scarf"
    assert 'data-testid="cart-count">3<' in client.get("/").text


def test_add_to_cart_goes_back_to_the_referring_page(client: ShopClient) -> None:
    referer = client.handle.url + "/products?q=bag"
    response = client.post(
        "/cart/add",
        data={"slug": "tote-bag", "quantity": "1"},
        headers={"Referer": referer},
    )
    assert response.headers["Location"] == "/products?q=bag"


def test_add_to_cart_rejects_bad_quantity_and_unknown_product(
    client: ShopClient,
) -> None:
    client.post(
        "/cart/add", data={"slug": "tote-bag", "quantity": "0", "next": "/products"}
    )
    assert alert_texts(client.get("/products").text) == [
        "Enter a quantity between 1 and 99"
    ]
    client.post(
        "/cart/add", data={"slug": "tote-bag", "quantity": "abc", "next": "/products"}
    )
    assert alert_texts(client.get("/products").text) == [
        "Enter a quantity between 1 and 99"
    ]
    response = client.post("/cart/add", data={"slug": "ghost", "quantity": "1"})
    assert response.headers["Location"] == "/products"
    assert alert_texts(client.get("/products").text) == ["That product does not exist"]
    assert client.handle.store.cart(_session(client)).count == 0


def _session(client: ShopClient) -> str:
    value = client.session.cookies.get("demo_session")
    assert value
    return value


def test_empty_cart(client: ShopClient) -> None:
    page = client.get("/cart").text
    text = visible_text(page)
    assert "<h1>Your cart</h1>" in page
    assert "Your cart is empty" in text
    for label in (
        "Gift wrap",
        "Shipping",
        "Coupon code",
        "Apply coupon",
        "Proceed to checkout",
    ):
        assert label in text
    assert "Subtotal: $0.00" in text and "Total: $0.00" in text
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert options == ["Standard (free)", "Express ($9.99)"]


def test_cart_rows_totals_and_remove_button(client: ShopClient) -> None:
    client.add("canvas-sneakers", 2)
    client.add("tote-bag", 1)
    page = client.get("/cart").text
    text = visible_text(page)
    assert "Canvas Sneakers 2 $118.00" in text
    assert "Tote Bag 1 $24.50" in text
    assert "Subtotal: $142.50" in text and "Total: $142.50" in text
    assert (
        page.count('title="Remove item"><span aria-hidden="true">×</span></button>')
        == 2
    )
    assert "Your cart is empty" not in text

    response = client.post("/cart/remove", data={"slug": "canvas-sneakers"})
    assert response.headers["Location"] == "/cart"
    text = visible_text(client.get("/cart").text)
    assert "Removed Canvas Sneakers from your cart" in text
    assert "Canvas Sneakers" not in text.replace("Removed Canvas Sneakers", "")
    assert "Total: $24.50" in text


def test_cart_options_change_totals_and_persist(client: ShopClient) -> None:
    client.add("canvas-sneakers")
    response = client.post(
        "/api/cart/options", json={"shipping": "express", "gift_wrap": True}
    )
    assert response.status_code == 200
    assert response.json()["totals"] == {
        "subtotal": "$59.00",
        "discount": None,
        "total": "$73.99",
    }
    page = client.get("/cart").text
    assert "Total: $73.99" in visible_text(page)
    assert '<option value="express" selected>' in page
    assert re.search(
        r'id="gift-wrap" name="gift_wrap" type="checkbox" value="yes" checked', page
    )
    bad = client.post("/api/cart/options", json={"shipping": "teleport"})
    assert bad.status_code == 400
    assert (
        client.post("/api/cart/options", json={"gift_wrap": "yes"}).status_code == 400
    )


def test_checkout_needs_login(client: ShopClient) -> None:
    response = client.get("/checkout")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/checkout"


def test_checkout_page_fields(client: ShopClient) -> None:
    client.sign_up()
    page = client.get("/checkout").text
    text = visible_text(page)
    assert "<h1>Checkout</h1>" in page
    for label in ("Address", "City", "ZIP code", "Country", "Place order"):
        assert label in text
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert options == ["United States", "Germany", "France"]


def test_checkout_validation_errors(client: ShopClient) -> None:
    client.sign_up()
    client.add("tote-bag")
    address = {"address": "1 Main St", "city": "Springfield", "country": "US"}
    for bad_zip in ("1234", "123456", "abcde", ""):
        response = client.post("/checkout", data={**address, "zip": bad_zip})
        assert alert_texts(response.text) == ["Enter a valid ZIP code"]
    response = client.post("/checkout", data={"zip": "12345", "country": "XX"})
    (alert,) = alert_texts(response.text)
    assert "Enter your address" in alert and "Enter your city" in alert
    assert "Choose a country" in alert
    kept = client.post("/checkout", data={**address, "zip": "12"}).text
    assert 'value="Springfield"' in kept
    assert client.handle.store.stats()["orders"] == []


def test_checkout_with_empty_cart_is_refused(client: ShopClient) -> None:
    client.sign_up()
    data = {
        "address": "1 Main St",
        "city": "Springfield",
        "zip": "12345",
        "country": "US",
    }
    assert alert_texts(client.post("/checkout", data=data).text) == [
        "Your cart is empty"
    ]


def test_checkout_places_order_and_empties_cart(
    client: ShopClient, shop: DemoHandle
) -> None:
    client.sign_up(name="Ann Lee")
    client.add("canvas-sneakers", 2)
    client.post("/api/cart/options", json={"shipping": "express"})
    client.post("/api/coupon", json={"code": "save10"})
    data = {"address": "1 Main St", "city": "Berlin", "zip": "10115", "country": "DE"}
    response = client.post("/checkout", data=data)
    assert response.status_code == 303
    location = response.headers["Location"]
    match = re.fullmatch(r"/orders/(ORD-\d{6})\?order=(ORD-\d{6})", location)
    assert match and match.group(1) == match.group(2)
    order_id = match.group(1)

    page = client.get(location).text
    text = visible_text(page)
    assert "<h1>Order confirmed</h1>" in page
    assert f"Order number: {order_id}" in text
    assert f'data-testid="order-number">{order_id}<' in page
    assert "Thank you for your order, Ann Lee!" in text
    # 118.00 - 11.80 + 9.99
    assert "Total: $116.19" in text
    assert "Germany" in text

    assert "Your cart is empty" in visible_text(client.get("/cart").text)
    assert 'data-testid="cart-count">0<' in client.get("/").text
    assert shop.store.stats()["orders"] == [order_id]
    assert order_id in visible_text(client.get("/account").text)

    stranger = ShopClient(shop)
    stranger.sign_up("eve@example.com")
    assert stranger.get(f"/orders/{order_id}").status_code == 404
    assert ShopClient(shop).get(f"/orders/{order_id}").status_code == 303


def test_regressed_variant_loses_cart_additions(make_shop: ShopFactory) -> None:
    client = ShopClient(make_shop("regressed"))
    response = client.add("canvas-sneakers")
    assert response.status_code == 303
    page = client.get("/products").text
    assert "Added Canvas Sneakers to your cart" in visible_text(page)
    assert 'data-testid="cart-count">0<' in page
    assert "Your cart is empty" in visible_text(client.get("/cart").text)


def test_original_variant_keeps_cart_additions(client: ShopClient) -> None:
    client.add("canvas-sneakers")
    assert "Your cart is empty" not in visible_text(client.get("/cart").text)


def test_unknown_path_and_wrong_method(client: ShopClient) -> None:
    missing = client.get("/nope")
    assert missing.status_code == 404
    assert "Page not found" in visible_text(missing.text)
    assert client.get("/api/nope").json() == {"error": "not_found"}
    wrong = client.post("/products")
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET"
    assert client.get("/products/").status_code == 200
    assert client.get("/favicon.ico").status_code == 204
