"""Every route under /api/v1, found by walking the URL conf, answers as its permissions say."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient

from core.api.permissions import IsAdmin
from core.models import User
from core.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

CONVERTERS = {
    "int": "999999",
    "str": "no-such-thing",
    "path": "no/such/thing",
    "slug": "no-such",
}


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    view: Any

    @property
    def is_open(self) -> bool:
        return AllowAny in getattr(self.view, "permission_classes", [])

    @property
    def is_admin_only(self) -> bool:
        admin_methods = getattr(self.view, "admin_methods", None)
        if admin_methods is not None:
            return self.method.upper() in admin_methods
        return IsAdmin in getattr(self.view, "permission_classes", [])


def _concrete(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS[m.group(1) or "str"], route)


def _walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def api_routes() -> list[Route]:
    routes: list[Route] = []
    for route, callback in _walk(get_resolver().url_patterns, "/"):
        if not route.startswith("/api/v1/"):
            continue
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view is None:
            continue
        actions = getattr(callback, "actions", None)
        methods = (
            list(actions)
            if actions
            else [
                m
                for m in view.http_method_names
                if m not in ("options", "head", "trace") and hasattr(view, m)
            ]
        )
        routes.extend(Route(_concrete(route), method, view) for method in methods)
    return routes


ROUTES = api_routes()
PROTECTED = [r for r in ROUTES if not r.is_open]
ADMIN = [r for r in ROUTES if r.is_admin_only]


def _call(client: APIClient, route: Route) -> Any:
    return getattr(client, route.method)(route.path, {}, format="json")


def test_the_walk_finds_the_routes_we_know_about() -> None:
    found = {(r.method, r.path) for r in ROUTES}
    for expected in [
        ("get", "/api/v1/health"),
        ("post", "/api/v1/auth/login"),
        ("delete", "/api/v1/auth/tokens/999999"),
        ("put", "/api/v1/suites/no-such-thing"),
        ("post", "/api/v1/auth/users"),
    ]:
        assert expected in found
    assert len(PROTECTED) >= 8
    assert ADMIN


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.is_open], ids=lambda r: f"{r.method} {r.path}"
)
def test_open_routes_answer_without_a_token(route: Route) -> None:
    response = _call(APIClient(), route)
    assert response.status_code not in (401, 403), response.content


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: f"{r.method} {r.path}")
def test_protected_routes_refuse_missing_bad_and_revoked_credentials(
    route: Route, bob: User
) -> None:
    issued = api_token_create(user=bob, name="soon revoked")
    api_token_revoke(user=bob, token_id=issued.token.id)
    for header in (
        None,
        "Bearer not-a-jwt",
        "Bearer tw_made_up",
        f"Bearer {issued.raw}",
        "Basic x",
    ):
        client = APIClient()
        if header:
            client.credentials(HTTP_AUTHORIZATION=header)
        response = _call(client, route)
        assert response.status_code == 401, (header, response.content)
        assert response.json()["type"] == "not_authenticated"
        assert response.json()["detail"]


@pytest.mark.parametrize("route", ADMIN, ids=lambda r: f"{r.method} {r.path}")
def test_admin_routes_refuse_members(
    route: Route, member_api: APIClient, admin_api: APIClient
) -> None:
    denied = _call(member_api, route)
    assert denied.status_code == 403
    assert denied.json()["type"] == "permission_denied"
    assert _call(admin_api, route).status_code != 403
