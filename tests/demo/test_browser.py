"""The demo's traps in a real Chromium: late elements, lazy footer, hover menu, trace ids."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from demo.server import DemoHandle
from tests.demo.conftest import ShopFactory

pytestmark = pytest.mark.browser


def _sign_up(page: Page, shop: DemoHandle, email: str = "ann@example.com") -> None:
    page.goto(shop.url + "/signup")
    page.get_by_label("Full name").fill("Ann Lee")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_label("I accept the terms").check()
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/account\?welcome=1$"))


def test_product_list_appears_only_after_a_delay(page: Page, shop: DemoHandle) -> None:
    started = time.monotonic()
    page.goto(shop.url + "/products")
    assert page.get_by_text("Loading products…").is_visible()
    assert page.get_by_role("link", name="Canvas Sneakers").count() == 0
    expect(page.get_by_role("link", name="Canvas Sneakers")).to_be_visible()
    assert time.monotonic() - started >= 1.1
    assert page.evaluate("performance.now()") >= 1100
    assert page.get_by_role("button", name="Add to cart").count() == 6
    assert page.get_by_text("Loading products…").count() == 0


def test_category_filter_hides_other_rows(page: Page, shop: DemoHandle) -> None:
    page.goto(shop.url + "/products")
    page.get_by_label("Category").select_option(label="Bags")
    expect(page.get_by_role("link", name="Tote Bag")).to_be_visible()
    expect(page.get_by_role("link", name="Canvas Sneakers")).to_be_hidden()
    assert page.get_by_role("button", name="Add to cart").count() == 2
    page.get_by_label("Category").select_option(label="All")
    assert page.get_by_role("button", name="Add to cart").count() == 6


def test_search_box_submits_on_enter(page: Page, shop: DemoHandle) -> None:
    page.goto(shop.url + "/products")
    page.get_by_placeholder("Search products").fill("boots")
    page.get_by_placeholder("Search products").press("Enter")
    page.wait_for_url(re.compile(r"/products\?q=boots$"))
    expect(page.get_by_role("link", name="Trail Boots")).to_be_visible()
    assert page.get_by_role("button", name="Add to cart").count() == 1


def test_recommendations_appear_after_a_delay(page: Page, shop: DemoHandle) -> None:
    _sign_up(page, shop)
    expect(page.get_by_text("Account created")).to_be_visible()
    assert page.get_by_text("Recommended for you").count() == 0
    expect(page.get_by_text("Recommended for you")).to_be_visible()
    assert page.evaluate("performance.now()") >= 1400


def test_newsletter_footer_renders_only_when_scrolled_to(
    page: Page, shop: DemoHandle
) -> None:
    page.goto(shop.url + "/products")
    expect(page.get_by_role("link", name="Canvas Sneakers")).to_be_visible()
    page.wait_for_timeout(500)
    heading = page.get_by_role("heading", name="Subscribe to our newsletter")
    assert heading.count() == 0
    assert "Subscribe to our newsletter" not in page.inner_text("body")

    page.mouse.wheel(0, 10_000)
    expect(heading).to_be_visible()
    page.get_by_label("Newsletter email").fill("not-an-email")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_have_text("Enter a valid email address")
    page.get_by_label("Newsletter email").fill("news@example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Thanks for subscribing!")).to_be_visible()
    assert shop.store.stats()["newsletter"] == ["news@example.com"]


def test_help_menu_links_show_on_hover(page: Page, shop: DemoHandle) -> None:
    page.goto(shop.url + "/")
    contact = page.get_by_role("link", name="Contact support")
    expect(contact).to_be_hidden()
    page.get_by_role("button", name="Help").hover()
    expect(contact).to_be_visible()
    expect(page.get_by_role("link", name="Shipping info")).to_be_visible()
    contact.click()
    expect(page.get_by_role("heading", name="Contact support")).to_be_visible()
    assert page.url.endswith("/help/contact")


def test_crash_coupon_carries_one_trace_id_from_browser_to_log(
    page: Page, shop: DemoHandle
) -> None:
    page.goto(shop.url + "/products/canvas-sneakers")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("Added Canvas Sneakers to your cart")).to_be_visible()
    page.goto(shop.url + "/cart")
    remove = page.get_by_role("button", name="Remove item")
    expect(remove).to_have_count(1)

    page.get_by_label("Coupon code").fill("CRASH")
    with page.expect_response("**/api/coupon") as info:
        page.get_by_role("button", name="Apply coupon").click()
    response = info.value
    assert response.status == 500
    sent = response.request.headers["traceparent"]
    sent_match = re.fullmatch(r"00-([0-9a-f]{32})-([0-9a-f]{16})-01", sent)
    assert sent_match
    trace_id = sent_match.group(1)
    assert response.headers["traceparent"].split("-")[1] == trace_id
    expect(page.get_by_role("alert")).to_have_text(
        "Something went wrong. Please try again."
    )
    assert shop.log_file is not None
    log = Path(shop.log_file).read_text(encoding="utf-8")
    assert re.search(rf"Z ERROR trace_id={trace_id} coupon lookup failed", log)

    page.get_by_label("Coupon code").fill("NOPE")
    page.get_by_role("button", name="Apply coupon").click()
    expect(page.get_by_role("alert")).to_have_text("This coupon is not valid")
    page.get_by_label("Coupon code").fill("SAVE10")
    page.get_by_role("button", name="Apply coupon").click()
    expect(page.get_by_text("Coupon SAVE10 applied: 10% off")).to_be_visible()
    expect(page.get_by_text("Total: $53.10")).to_be_visible()


def test_full_order_with_express_shipping(page: Page, shop: DemoHandle) -> None:
    _sign_up(page, shop)
    page.goto(shop.url + "/products")
    row = page.get_by_role("listitem").filter(has_text="Trail Boots")
    row.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("Added Trail Boots to your cart")).to_be_visible()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    page.get_by_role("link", name="Cart").click()
    page.get_by_label("Shipping").select_option(label="Express ($9.99)")
    page.get_by_label("Gift wrap").check()
    # Leaving at once, while the options are still being saved, must carry them into the order.
    page.get_by_role("link", name="Proceed to checkout").click()
    expect(page.get_by_role("heading", name="Checkout")).to_be_visible()
    expect(page.get_by_text("Total: $143.99")).to_be_visible()
    page.get_by_label("Address").fill("1 Main St")
    page.get_by_label("City").fill("Springfield")
    page.get_by_label("ZIP code").fill("1234")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("alert")).to_have_text("Enter a valid ZIP code")
    page.get_by_label("ZIP code").fill("12345")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", name="Order confirmed")).to_be_visible()
    order_id = page.get_by_test_id("order-number").inner_text()
    assert re.fullmatch(r"ORD-\d{6}", order_id)
    assert page.url.endswith(f"/orders/{order_id}?order={order_id}")
    expect(page.get_by_text("Total: $143.99")).to_be_visible()
    expect(page.get_by_text("Thank you for your order, Ann Lee!")).to_be_visible()


def test_redesigned_variant_differs_where_promised(
    page: Page, make_shop: ShopFactory
) -> None:
    shop = make_shop("redesigned")
    page.goto(shop.url + "/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert page.get_by_role("button", name="Sign in", exact=True).count() == 0
    expect(page.get_by_label("Email address")).to_be_visible()
    assert page.locator("#login-email").count() == 0
    assert page.get_by_test_id("cart-count").count() == 0

    page.goto(shop.url + "/products")
    add_links = page.get_by_role("link", name="Add to cart")
    expect(add_links).to_have_count(6)
    assert page.get_by_role("button", name="Add to cart").count() == 0
    add_links.first.click()
    expect(page.get_by_text("Added Canvas Sneakers to your cart")).to_be_visible()
    expect(page.get_by_test_id("header-basket-qty")).to_have_text("1")


def test_regressed_variant_shows_flash_but_keeps_cart_empty(
    page: Page, make_shop: ShopFactory
) -> None:
    shop = make_shop("regressed")
    page.goto(shop.url + "/products/canvas-sneakers")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("Added Canvas Sneakers to your cart")).to_be_visible()
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    page.goto(shop.url + "/cart")
    expect(page.get_by_text("Your cart is empty")).to_be_visible()
