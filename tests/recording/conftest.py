from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest

from demo.server import DemoHandle, start_demo
from tests.fakes.llm import FakeLlm

PASSWORD = "Sup3r-secret-pw"


@pytest.fixture
def shop() -> Iterator[DemoHandle]:
    with start_demo(port=0, stream=StringIO()) as handle:
        yield handle


@pytest.fixture
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as server:
        yield server


def typed(
    url: str, selector: str, text: str, value: str, **extra: Any
) -> list[dict[str, Any]]:
    """One `type` event per character, as a keystroke recorder sends them."""
    return [
        {"type": "type", "url": url, "selector": selector, "text": text, "value": ch}
        | extra
        for ch in value
    ]


def signup_and_login_trace(base: str) -> list[dict[str, Any]]:
    """Sign up, sign out, sign in again (Enter submits), then filter the product list."""
    signup, login, account = f"{base}/signup", f"{base}/login", f"{base}/account"
    return [
        {"type": "navigate", "url": signup},
        {
            "type": "click",
            "url": signup,
            "selector": "#signup-name",
            "text": "Full name",
        },
        *typed(signup, "#signup-name", "Full name", "Ann Example"),
        *typed(signup, "#signup-email", "Email", "ann@exmaple.com"),
        # A typo fixed with Backspace: the merged value is what ended in the field.
        *[
            {
                "type": "press",
                "url": signup,
                "selector": "#signup-email",
                "value": "Backspace",
            }
            for _ in range(len("exmaple.com"))
        ],
        *typed(signup, "#signup-email", "Email", "example.com"),
        {"type": "press", "url": signup, "selector": "#signup-email", "value": "Tab"},
        *typed(signup, "#signup-password", "Password", PASSWORD),
        {
            "type": "check",
            "url": signup,
            "selector": "#signup-terms",
            "text": "I accept the terms",
        },
        {
            "type": "click",
            "url": signup,
            "selector": 'role=button[name="Create account"]',
            "text": "Create account",
        },
        {"type": "navigate", "url": f"{account}?welcome=1"},
        {
            "type": "click",
            "url": f"{account}?welcome=1",
            "selector": "text=Sign out",
            "text": "Sign out",
        },
        {"type": "navigate", "url": f"{base}/"},
        {
            "type": "click",
            "url": f"{base}/",
            "selector": "role=link[name='Sign in']",
            "text": "Sign in",
        },
        {"type": "navigate", "url": login},
        {
            "type": "input",
            "url": login,
            "selector": "#login-email",
            "text": "Email",
            "value": "a",
        },
        {
            "type": "input",
            "url": login,
            "selector": "#login-email",
            "text": "Email",
            "value": "ann@example.com",
        },
        *typed(login, "#login-password", "Password", PASSWORD),
        {
            "type": "press",
            "url": login,
            "selector": "#login-password",
            "text": "Password",
            "value": "Enter",
        },
        {"type": "navigate", "url": account},
        {"type": "navigate", "url": f"{base}/products", "auto": False},
        {
            "type": "select",
            "url": f"{base}/products",
            "selector": "#category-filter",
            "text": "Category",
            "value": "Bags",
        },
    ]
