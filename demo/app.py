"""Routing, the session cookie and error handling: turns a raw request into a Response."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs, quote

from demo import views_account, views_api, views_shop
from demo.applog import AppLog
from demo.layout import Chrome, page
from demo.pages_shop import not_found
from demo.state import Store
from demo.variants import Variant
from demo.web import Request, Response, html, json_response, redirect

SESSION_COOKIE = "demo_session"

Handler = Callable[["DemoApp", Request], Response]

_ROUTES: dict[str, dict[str, Handler]] = {
    "/": {"GET": views_account.home},
    "/help/contact": {"GET": views_account.help_contact},
    "/help/shipping": {"GET": views_account.help_shipping},
    "/signup": {"GET": views_account.signup, "POST": views_account.signup},
    "/login": {"GET": views_account.login, "POST": views_account.login},
    "/logout": {"GET": views_account.logout, "POST": views_account.logout},
    "/account": {"GET": views_account.account},
    "/account/avatar": {"POST": views_account.upload_avatar},
    "/account/preferences": {"POST": views_account.save_preferences},
    "/products": {"GET": views_shop.products},
    "/lists": {"GET": views_shop.lists},
    "/cart": {"GET": views_shop.cart},
    "/cart/add": {"GET": views_shop.cart_add, "POST": views_shop.cart_add},
    "/cart/remove": {"POST": views_shop.cart_remove},
    "/checkout": {"GET": views_shop.checkout, "POST": views_shop.checkout},
    "/api/coupon": {"POST": views_api.coupon},
    "/api/cart/options": {"POST": views_api.cart_options},
    "/api/newsletter": {"POST": views_api.newsletter},
    "/__demo/stats": {"GET": views_api.stats},
    "/__demo/reset": {"POST": views_api.reset},
    "/favicon.ico": {"GET": views_api.no_content},
}

# Paths with one trailing segment: /products/<slug>, /orders/<id>.
_PREFIX_ROUTES: dict[str, Handler] = {
    "/products/": views_shop.product_detail,
    "/orders/": views_shop.order_detail,
}


class DemoApp:
    """One running shop: its variant, its state and its log."""

    def __init__(self, variant: Variant, store: Store, log: AppLog) -> None:
        self.variant = variant
        self.store = store
        self.log = log

    def dispatch(
        self, *, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> Response:
        path, _, query_string = target.partition("?")
        if len(path) > 1:
            path = path.rstrip("/") or "/"
        if not path.startswith("/__demo/"):
            self.store.record_hit(path)
        session_id, created = self.store.ensure_session(_session_cookie(headers))
        request = Request(
            method=method,
            path=path,
            query=parse_qs(query_string, keep_blank_values=True),
            headers=headers,
            body=body,
            session_id=session_id,
            variant=self.variant,
        )
        try:
            response = self._route(request)
        except Exception:  # the shop must answer 500, never drop the connection
            self.log.lines("ERROR", traceback.format_exc().rstrip().splitlines())
            response = self.render(
                request, title="Error", body="<h1>Something went wrong</h1>", status=500
            )
        if created:
            response.headers.append(
                (
                    "Set-Cookie",
                    f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax",
                )
            )
        return response

    def _route(self, request: Request) -> Response:
        methods = _ROUTES.get(request.path)
        if methods is None:
            for prefix, candidate in _PREFIX_ROUTES.items():
                rest = request.path.removeprefix(prefix)
                if rest != request.path and rest and "/" not in rest:
                    methods = {"GET": candidate}
                    break
        if methods is None:
            return self.not_found(request)
        handler = methods.get(request.method)
        if handler is None:
            response = self.render(
                request,
                title="Not allowed",
                body="<h1>Method not allowed</h1>",
                status=405,
            )
            response.headers.append(("Allow", ", ".join(sorted(methods))))
            return response
        return handler(self, request)

    # -- used by the views ----------------------------------------------------------------

    def render(
        self,
        request: Request,
        *,
        title: str,
        body: str,
        after_main: str = "",
        script: str = "",
        status: int = 200,
    ) -> Response:
        chrome = Chrome(
            variant=self.variant,
            path=request.path,
            signed_in=self.store.current_user(request.session_id) is not None,
            cart_count=self.store.cart(request.session_id).count,
            flashes=tuple(self.store.pop_flashes(request.session_id)),
        )
        return html(
            page(chrome, title=title, body=body, after_main=after_main, script=script),
            status,
        )

    def not_found(self, request: Request, message: str | None = None) -> Response:
        if request.path.startswith(("/api/", "/__demo/")):
            return json_response({"error": "not_found"}, status=404)
        body = not_found(message) if message else not_found()
        return self.render(request, title="Not found", body=body, status=404)

    @staticmethod
    def login_redirect(request: Request, next_path: str | None = None) -> Response:
        return redirect("/login?next=" + quote(next_path or request.path, safe="/"))


def _session_cookie(headers: dict[str, str]) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(raw)
    except CookieError:
        return None
    morsel = cookie.get(SESSION_COOKIE)
    return morsel.value if morsel else None
