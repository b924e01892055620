"""The redesigned variant churns markup but keeps behaviour and asserted texts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from demo.server import DemoHandle
from tests.demo.conftest import ShopClient, ShopFactory, alert_texts, tags, visible_text

PAGES = ("/", "/signup", "/login", "/products", "/products/trail-boots", "/cart")


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def _classes(page: str) -> set[str]:
    return {
        c for value in re.findall(r'\bclass="([^"]+)"', page) for c in value.split()
    }


def _test_ids(page: str) -> set[str]:
    return set(re.findall(r'data-testid="([^"]+)"', page))


@pytest.fixture
def pair(make_shop: ShopFactory) -> tuple[ShopClient, ShopClient]:
    return ShopClient(make_shop("original")), ShopClient(make_shop("redesigned"))


@pytest.mark.parametrize("path", PAGES)
def test_redesign_renames_every_id_class_and_test_id(
    pair: tuple[ShopClient, ShopClient], path: str
) -> None:
    original, redesigned = (c.get(path).text for c in pair)
    assert _ids(original) and _classes(original)
    assert not _ids(original) & _ids(redesigned)
    assert not _classes(original) & _classes(redesigned)
    assert not _test_ids(original) & _test_ids(redesigned)


@pytest.mark.parametrize("variant", ["original", "redesigned", "regressed"])
@pytest.mark.parametrize("path", PAGES)
def test_ids_are_unique_and_labels_point_at_fields(
    make_shop: ShopFactory, variant: str, path: str
) -> None:
    page = ShopClient(make_shop(variant)).get(path).text
    counts = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert [i for i, n in counts.items() if n > 1] == []
    for label in tags(page, "label"):
        assert label["for"] in counts


def test_redesign_rewords_interactive_labels(
    pair: tuple[ShopClient, ShopClient],
) -> None:
    original, redesigned = pair
    login = visible_text(redesigned.get("/login").text)
    assert "Sign in" in login  # the heading keeps its text
    assert re.search(r">Log in</button>", redesigned.get("/login").text)
    assert ">Sign in</button>" not in redesigned.get("/login").text
    assert ">Sign in</button>" in original.get("/login").text
    signup = redesigned.get("/signup").text
    for label in ("Create my account", "Email address", "Your name"):
        assert label in visible_text(signup)
    assert "Full name" not in visible_text(signup)
    assert ">Apply code</button>" in redesigned.get("/cart").text
    assert '<a href="/login">Log in</a>' in redesigned.get("/").text
    redesigned.sign_up()
    assert ">Place your order</button>" in redesigned.get("/checkout").text


def test_redesign_reorders_signup_fields_and_nav(
    pair: tuple[ShopClient, ShopClient],
) -> None:
    def order(page: str) -> list[str]:
        return [a["name"] for a in tags(page, "input") if a.get("name")]

    original, redesigned = (c.get("/signup").text for c in pair)
    assert order(original) == ["full_name", "email", "password", "terms"]
    assert order(redesigned) == ["email", "full_name", "password", "terms"]
    nav_original = visible_text(pair[0].get("/").text)
    nav_redesigned = visible_text(pair[1].get("/").text)
    assert nav_original.index("Products") < nav_original.index("Cart")
    assert nav_redesigned.index("Cart") < nav_redesigned.index("Products")


def test_redesign_turns_row_add_to_cart_into_a_link(
    pair: tuple[ShopClient, ShopClient],
) -> None:
    page = pair[1].get("/products").text
    links = re.findall(r'<a [^>]*href="(/cart/add\?[^"]+)"[^>]*>Add to cart</a>', page)
    assert len(links) == 6
    assert (
        ">Add to cart</button>"
        not in page.split("<template", 1)[1].split("</template>")[0]
    )
    # Following the link adds the product like the original's form does.
    response = pair[1].get(links[0].replace("&amp;", "&"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/products"
    cart = visible_text(pair[1].get("/cart").text)
    assert "Canvas Sneakers" in cart


def test_redesign_keeps_asserted_texts_through_a_full_order(
    make_shop: ShopFactory,
) -> None:
    shop: DemoHandle = make_shop("redesigned")
    client = ShopClient(shop)
    client.sign_up(name="Ann Lee")
    text = visible_text(client.get("/account?welcome=1").text)
    assert "Account created" in text and "Welcome, Ann Lee" in text
    assert re.search(r"Customer number: C-\d{5}", text)
    client.post("/logout")
    bad = client.post(
        "/login", data={"email": "ann@example.com", "password": "wrong-pass"}
    )
    assert alert_texts(bad.text) == ["Invalid email or password"]
    client.post("/login", data={"email": "ann@example.com", "password": "s3cret-pass"})
    client.add("trail-boots")
    assert "Added Trail Boots to your cart" in visible_text(
        client.get("/products").text
    )
    coupon = client.post("/api/coupon", json={"code": "SAVE10"})
    assert coupon.json()["message"] == "Coupon SAVE10 applied: 10% off"
    data = {"address": "1 Main St", "city": "Paris", "zip": "75001", "country": "FR"}
    bad_zip = client.post("/checkout", data={**data, "zip": "7500"})
    assert alert_texts(bad_zip.text) == ["Enter a valid ZIP code"]
    location = client.post("/checkout", data=data).headers["Location"]
    text = visible_text(client.get(location).text)
    assert "Order confirmed" in text
    assert re.search(r"Order number: ORD-\d{6}", text)
    assert "Thank you for your order, Ann Lee!" in text
    assert "Total: $116.10" in text


def test_regressed_markup_matches_the_original(make_shop: ShopFactory) -> None:
    original = ShopClient(make_shop("original"))
    regressed = ShopClient(make_shop("regressed"))
    for path in PAGES:
        assert _ids(original.get(path).text) == _ids(regressed.get(path).text)
        assert _test_ids(original.get(path).text) == _test_ids(regressed.get(path).text)
