"""The JSON endpoints: coupons (with trace ids and server logs), newsletter, stats and reset."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from demo.server import DemoHandle
from tests.demo.conftest import ShopClient

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
LOG_LINE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (INFO|WARN|ERROR) trace_id=([0-9a-f]{32}) .+$"
)


def _log_lines(shop: DemoHandle, trace_id: str) -> list[str]:
    assert shop.log_file is not None
    text = Path(shop.log_file).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if f"trace_id={trace_id}" in line]


def _response_trace_id(value: str) -> str:
    match = re.fullmatch(r"00-([0-9a-f]{32})-([0-9a-f]{16})-01", value)
    assert match, value
    return match.group(1)


def test_save10_applies_ten_percent(client: ShopClient) -> None:
    client.add("canvas-sneakers", 2)
    response = client.post(
        "/api/coupon", json={"code": "SAVE10"}, headers={"traceparent": TRACEPARENT}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Coupon SAVE10 applied: 10% off"
    assert body["totals"] == {
        "subtotal": "$118.00",
        "discount": "-$11.80",
        "total": "$106.20",
    }
    assert _response_trace_id(response.headers["traceparent"]) == TRACE_ID
    cart_page = client.get("/cart").text
    assert "Coupon SAVE10 applied: 10% off" in cart_page
    assert "Discount: -$11.80" in cart_page and "Total: $106.20" in cart_page


def test_unknown_coupon_is_400(client: ShopClient, shop: DemoHandle) -> None:
    response = client.post(
        "/api/coupon", json={"code": "NOPE"}, headers={"traceparent": TRACEPARENT}
    )
    assert response.status_code == 400
    assert response.json()["message"] == "This coupon is not valid"
    assert _response_trace_id(response.headers["traceparent"]) == TRACE_ID
    assert not [line for line in _log_lines(shop, TRACE_ID) if " ERROR " in line]
    assert client.post("/api/coupon", data=b"not json").status_code == 400
    assert client.post("/api/coupon", json=["SAVE10"]).status_code == 400


def test_crash_coupon_is_500_with_trace_and_error_logs(
    client: ShopClient, shop: DemoHandle
) -> None:
    response = client.post(
        "/api/coupon", json={"code": "CRASH"}, headers={"traceparent": TRACEPARENT}
    )
    assert response.status_code == 500
    assert response.json()["message"] == "Something went wrong. Please try again."
    response_traceparent = response.headers["traceparent"]
    assert _response_trace_id(response_traceparent) == TRACE_ID
    assert response_traceparent != TRACEPARENT, (
        "the server answers with its own span id"
    )

    lines = _log_lines(shop, TRACE_ID)
    errors = [line for line in lines if " ERROR " in line]
    assert len(errors) >= 3
    assert all(LOG_LINE.match(line) for line in lines)
    assert any("coupon lookup failed code=CRASH" in line for line in errors)
    assert any("ZeroDivisionError" in line for line in errors)
    # The access line for the request carries the same id.
    assert any('"POST /api/coupon" 500' in line for line in lines)


def test_crash_without_traceparent_still_gets_a_trace_id(
    client: ShopClient, shop: DemoHandle
) -> None:
    response = client.post("/api/coupon", json={"code": "crash"})
    assert response.status_code == 500
    trace_id = _response_trace_id(response.headers["traceparent"])
    assert response.json()["trace_id"] == trace_id
    assert any(" ERROR " in line for line in _log_lines(shop, trace_id))


def test_invalid_traceparent_is_not_echoed(client: ShopClient) -> None:
    bad = "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
    response = client.post(
        "/api/coupon", json={"code": "CRASH"}, headers={"traceparent": bad}
    )
    assert _response_trace_id(response.headers["traceparent"]) != "0" * 32


def test_every_request_is_logged_once(client: ShopClient, shop: DemoHandle) -> None:
    client.get("/products?q=x")
    assert shop.log_file is not None
    lines = Path(shop.log_file).read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if '"GET /products?q=x" 200' in line]) == 1


def test_newsletter_api(client: ShopClient, shop: DemoHandle) -> None:
    ok = client.post("/api/newsletter", json={"email": "news@example.com"})
    assert ok.status_code == 200
    assert ok.json()["message"] == "Thanks for subscribing!"
    bad = client.post("/api/newsletter", json={"email": "nope"})
    assert bad.status_code == 400
    assert bad.json()["message"] == "Enter a valid email address"
    assert shop.store.stats()["newsletter"] == ["news@example.com"]


def test_stats_count_signups_logins_orders_and_hits(
    client: ShopClient, shop: DemoHandle
) -> None:
    client.get("/")
    client.get("/products")
    client.get("/products?q=bag")
    client.sign_up("one@example.com", password="password-1")
    ShopClient(shop).sign_up("two@example.com")
    client.post("/logout")
    client.post("/login", data={"email": "one@example.com", "password": "password-1"})
    stats = client.get("/__demo/stats").json()
    assert stats["signups"] == ["one@example.com", "two@example.com"]
    assert stats["logins"] == 1
    assert stats["orders"] == []
    assert stats["hits"]["/products"] == 2
    assert stats["hits"]["/signup"] == 2
    assert not any(path.startswith("/__demo") for path in stats["hits"])


def test_reset_clears_everything(client: ShopClient, shop: DemoHandle) -> None:
    client.sign_up()
    client.add("tote-bag")
    assert client.get("/__demo/reset").status_code == 405
    response = client.post("/__demo/reset")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert client.get("/__demo/stats").json() == {
        "signups": [],
        "logins": 0,
        "orders": [],
        "hits": {},
        "newsletter": [],
    }
    assert client.get("/account").status_code == 303
    assert "Your cart is empty" in client.get("/cart").text
    # The same email can sign up again after a reset.
    assert client.sign_up().headers["Location"] == "/account?welcome=1"


def test_concurrent_signups_are_all_recorded(shop: DemoHandle) -> None:
    errors: list[BaseException] = []

    def sign_up(n: int) -> None:
        try:
            response = ShopClient(shop).sign_up(f"user{n}@example.com")
            assert response.status_code == 303
        except (
            BaseException
        ) as exc:  # collected: assertion errors in threads are lost otherwise
            errors.append(exc)

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(shop.store.stats()["signups"]) == sorted(
        f"user{n}@example.com" for n in range(12)
    )
