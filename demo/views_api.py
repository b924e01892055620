"""JSON endpoints called by page scripts, and the /__demo/ endpoints tests use."""

from __future__ import annotations

import re
import traceback
from typing import TYPE_CHECKING, Any

from demo.applog import new_trace_id, parse_traceparent, traceparent_for
from demo.catalog import SHIPPING_OPTIONS
from demo.coupons import UnknownCouponError, normalise_code, percent_for
from demo.pages_shop import totals_json
from demo.views_account import EMAIL_RE
from demo.web import Request, Response, json_response

if TYPE_CHECKING:
    from demo.app import DemoApp

INVALID_COUPON = "This coupon is not valid"
SERVER_ERROR = "Something went wrong. Please try again."


def _json_object(request: Request) -> dict[str, Any]:
    try:
        data = request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _loggable(code: str) -> str:
    # The code is user input: keep the log one line per event and free of control characters.
    return re.sub(r"[^A-Za-z0-9_.-]", "?", code)[:40] or '""'


def coupon(app: DemoApp, request: Request) -> Response:
    trace_id = parse_traceparent(request.header("traceparent")) or new_trace_id()
    raw = _json_object(request).get("code")
    code = normalise_code(raw) if isinstance(raw, str) else ""
    log_code = _loggable(code)
    app.log.line("INFO", f"coupon lookup code={log_code}", trace_id=trace_id)
    try:
        percent = percent_for(code)
    except UnknownCouponError:
        app.log.line(
            "INFO", f"coupon rejected code={log_code} reason=unknown", trace_id=trace_id
        )
        response = json_response(
            {"error": "invalid_coupon", "message": INVALID_COUPON}, 400
        )
    except (
        Exception
    ) as exc:  # the deliberate CRASH bug: answer 500 and log the traceback
        app.log.line(
            "ERROR",
            f"coupon lookup failed code={log_code} error={type(exc).__name__}: {exc}",
            trace_id=trace_id,
        )
        app.log.lines(
            "ERROR", traceback.format_exc().rstrip().splitlines(), trace_id=trace_id
        )
        app.log.line("ERROR", "POST /api/coupon responded 500", trace_id=trace_id)
        failure = {
            "error": "internal_error",
            "message": SERVER_ERROR,
            "trace_id": trace_id,
        }
        response = json_response(failure, 500)
    else:
        cart = app.store.apply_coupon(request.session_id, code, percent)
        message = f"Coupon {code} applied: {percent}% off"
        body: dict[str, Any] = {
            "code": code,
            "percent": percent,
            "message": message,
            "totals": totals_json(cart),
        }
        response = json_response(body)
    response.headers.append(("traceparent", traceparent_for(trace_id)))
    return response


def cart_options(app: DemoApp, request: Request) -> Response:
    data = _json_object(request)
    gift_wrap = data.get("gift_wrap")
    shipping = data.get("shipping")
    if gift_wrap is not None and not isinstance(gift_wrap, bool):
        return json_response(
            {"error": "invalid", "message": "gift_wrap must be a boolean"}, 400
        )
    if shipping is not None and shipping not in {
        value for value, _, _ in SHIPPING_OPTIONS
    }:
        return json_response(
            {"error": "invalid", "message": "Unknown shipping option"}, 400
        )
    cart = app.store.cart_options(
        request.session_id, gift_wrap=gift_wrap, shipping=shipping
    )
    return json_response({"totals": totals_json(cart)})


def newsletter(app: DemoApp, request: Request) -> Response:
    email = _json_object(request).get("email")
    if not isinstance(email, str) or not EMAIL_RE.match(email.strip()):
        return json_response(
            {"error": "invalid", "message": "Enter a valid email address"}, 400
        )
    app.store.subscribe(email.strip())
    return json_response({"message": "Thanks for subscribing!"})


def stats(app: DemoApp, request: Request) -> Response:
    return json_response(app.store.stats())


def reset(app: DemoApp, request: Request) -> Response:
    app.store.reset()
    return json_response({"ok": True})


def no_content(app: DemoApp, request: Request) -> Response:
    return Response(status=204, content_type="text/plain")
