"""Sign up, sign in, sign out and the account page, over plain HTTP."""

from __future__ import annotations

import re

import pytest

from demo.server import DemoHandle
from tests.demo.conftest import ShopClient, alert_texts, tags, visible_text


def test_home_shows_heading_nav_and_help_links(client: ShopClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Tripwire Demo Shop" in text
    for link in (
        "Products",
        "Cart",
        "Sign up",
        "Sign in",
        "Contact support",
        "Shipping info",
    ):
        assert link in text
    assert 'data-testid="cart-count">0<' in response.text
    assert "Sign out" not in text


def test_help_pages_render(client: ShopClient) -> None:
    assert "Contact support" in visible_text(client.get("/help/contact").text)
    assert "Shipping info" in visible_text(client.get("/help/shipping").text)


def test_signup_form_fields_are_labelled(client: ShopClient) -> None:
    page = client.get("/signup").text
    assert "<h1>Create your account</h1>" in page
    inputs = {attrs["id"]: attrs for attrs in tags(page, "input") if "id" in attrs}
    labels = {attrs["for"] for attrs in tags(page, "label")}
    assert labels <= set(inputs), "every label must point at an input"
    by_name = {attrs["name"]: attrs for attrs in inputs.values()}
    assert by_name["email"]["type"] == "email"
    assert by_name["password"]["type"] == "password"
    assert by_name["terms"]["type"] == "checkbox"
    for label in (
        "Full name",
        "Email",
        "Password",
        "I accept the terms",
        "Create account",
    ):
        assert label in visible_text(page)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"email": "ann@example.com", "password": "long-enough"},
            "You must accept the terms",
        ),
        (
            {"email": "ann@example.com", "password": "short", "terms": "yes"},
            "Password must be at least 8 characters",
        ),
        (
            {"email": "not-an-email", "password": "long-enough", "terms": "yes"},
            "Enter a valid email address",
        ),
        (
            {
                "full_name": "",
                "email": "ann@example.com",
                "password": "long-enough",
                "terms": "yes",
            },
            "Enter your full name",
        ),
    ],
)
def test_signup_rejects_invalid_input_with_an_alert(
    client: ShopClient, data: dict[str, str], error: str
) -> None:
    data = {"full_name": "Ann Lee", **data}
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    assert alert_texts(response.text) == [error]
    assert client.handle.store.stats()["signups"] == []


def test_signup_lists_every_error_at_once_and_keeps_typed_values(
    client: ShopClient,
) -> None:
    data = {"full_name": "Ann <b>Lee</b>", "email": "ann@", "password": "x"}
    response = client.post("/signup", data=data)
    (alert,) = alert_texts(response.text)
    assert "Enter a valid email address" in alert
    assert "Password must be at least 8 characters" in alert
    assert "You must accept the terms" in alert
    assert 'value="Ann &lt;b&gt;Lee&lt;/b&gt;"' in response.text
    assert 'value="ann@"' in response.text
    assert 'value="x"' not in response.text


def test_signup_rejects_a_taken_email(client: ShopClient, shop: DemoHandle) -> None:
    client.sign_up("ann@example.com")
    other = ShopClient(shop)
    response = other.sign_up("ANN@example.com")
    assert alert_texts(response.text) == ["An account with this email already exists"]


def test_signup_logs_in_and_welcomes(client: ShopClient, shop: DemoHandle) -> None:
    response = client.sign_up("ann@example.com", name="Ann Lee")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account?welcome=1"
    page = client.get("/account?welcome=1").text
    text = visible_text(page)
    assert "Account created" in text
    assert "Welcome, Ann Lee" in text
    assert re.search(r"Customer number: C-\d{5}\b", text)
    assert re.search(r'data-testid="customer-number">C-\d{5}<', page)
    assert "Your orders" in text
    assert "Account" in text and "Sign out" in text and "Sign up" not in text
    assert "Account created" not in visible_text(client.get("/account").text)
    assert shop.store.stats()["signups"] == ["ann@example.com"]


def test_passwords_are_stored_hashed(client: ShopClient, shop: DemoHandle) -> None:
    client.sign_up("ann@example.com", password="plain-text-pw")
    user = shop.store.authenticate("ann@example.com", "plain-text-pw")
    assert user is not None
    assert user.password_hash.startswith("pbkdf2_sha256$")
    assert "plain-text-pw" not in user.password_hash


def test_user_text_is_escaped(client: ShopClient) -> None:
    client.sign_up(name="<script>alert(1)</script>")
    page = client.get("/account").text
    assert "<script>alert(1)</script>" not in page
    assert "Welcome, &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_account_needs_login(client: ShopClient) -> None:
    response = client.get("/account")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/account"


def test_login_page_has_fields_button_and_signup_link(client: ShopClient) -> None:
    page = client.get("/login").text
    text = visible_text(page)
    assert "<h1>Sign in</h1>" in page
    assert "Email" in text and "Password" in text and "Create an account" in text
    assert '<a href="/signup">Create an account</a>' in page
    # The login page does not link to itself, so "Sign in" there means the button.
    assert '<a href="/login">' not in page


def test_login_with_wrong_credentials_shows_alert(
    client: ShopClient, shop: DemoHandle
) -> None:
    client.sign_up("ann@example.com", password="right-password")
    fresh = ShopClient(shop)
    response = fresh.post(
        "/login", data={"email": "ann@example.com", "password": "wrong-pass"}
    )
    assert response.status_code == 200
    assert alert_texts(response.text) == ["Invalid email or password"]
    unknown = fresh.post(
        "/login", data={"email": "nobody@example.com", "password": "x"}
    )
    assert alert_texts(unknown.text) == ["Invalid email or password"]
    assert shop.store.stats()["logins"] == 0


def test_login_redirects_to_account_or_next(
    client: ShopClient, shop: DemoHandle
) -> None:
    client.sign_up("ann@example.com", password="right-password")
    client.post("/logout")
    response = client.post(
        "/login", data={"email": "ann@example.com", "password": "right-password"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert "Welcome, Ann Lee" in visible_text(client.get("/account").text)

    other = ShopClient(shop)
    page = other.get("/login?next=/checkout").text
    assert 'name="next" value="/checkout"' in page
    data = {
        "email": "ann@example.com",
        "password": "right-password",
        "next": "/checkout",
    }
    assert other.post("/login", data=data).headers["Location"] == "/checkout"
    evil = {**data, "next": "//evil.example/steal"}
    assert ShopClient(shop).post("/login", data=evil).headers["Location"] == "/account"
    assert shop.store.stats()["logins"] == 3


def test_logout_signs_out(client: ShopClient) -> None:
    client.sign_up()
    response = client.post("/logout")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get("/account").status_code == 303
    assert "Sign in" in visible_text(client.get("/").text)


def test_avatar_upload_reports_file_name(client: ShopClient) -> None:
    client.sign_up()
    files = {"avatar": ("me.png", b"\x89PNG\r\n\x1a\nfake", "image/png")}
    response = client.post("/account/avatar", files=files)
    assert response.headers["Location"] == "/account"
    text = visible_text(client.get("/account").text)
    assert "Uploaded avatar: me.png" in text
    assert "Uploaded avatar" not in visible_text(client.get("/account").text)


def test_avatar_upload_without_file_is_an_error(client: ShopClient) -> None:
    client.sign_up()
    client.post("/account/avatar", files={"other": ("x.txt", b"x")})
    assert alert_texts(client.get("/account").text) == ["Choose a file to upload"]


def test_preferences_are_saved(client: ShopClient) -> None:
    client.sign_up()
    client.post("/account/preferences", data={"newsletter": "yes"})
    page = client.get("/account").text
    assert "Preferences saved" in visible_text(page)
    (box,) = [a for a in tags(page, "input") if a.get("name") == "newsletter"]
    assert "checked" in box
    client.post("/account/preferences", data={})
    (box,) = [
        a
        for a in tags(client.get("/account").text, "input")
        if a.get("name") == "newsletter"
    ]
    assert "checked" not in box


def test_recommendations_are_not_in_the_initial_page_text(client: ShopClient) -> None:
    client.sign_up()
    page = client.get("/account").text
    assert "Recommended for you" in page  # shipped in a template for the script
    assert "Recommended for you" not in visible_text(page)
