"""POST /generate with kind url against the demo shop in a real Chromium, without a model."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from rest_framework.test import APIClient

from demo.server import DemoHandle
from engine import execute
from engine.spec import BrowserOptions, RunRequest
from generation.crawler import crawl
from runs.models import Plan
from suites.schema import parse_suite

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _generate(api: APIClient, **body: Any) -> Any:
    return api.post("/api/v1/generate", {"kind": "url", **body}, format="json")


def _cases(yaml_text: str) -> dict[str, dict[str, Any]]:
    return {case["id"]: case for case in yaml.safe_load(yaml_text)["cases"]}


def test_a_crawl_without_a_model_writes_a_suite_that_runs_green_on_the_app(
    api: APIClient, shop: DemoHandle, tmp_path: Path
) -> None:
    response = _generate(api, url=shop.url)

    assert response.status_code == 200, response.content
    text = response.json()["yaml"]
    parsed = parse_suite(text)
    assert parsed.suite.base_url == shop.url
    cases = _cases(text)
    page_cases = [c for c in cases.values() if "smoke" in c["tags"]]
    opened = {c["steps"][0] for c in page_cases}
    assert {"Open /", "Open /products", "Open /signup", "Open /login"} <= opened
    assert len(page_cases) >= 5
    # A case the verifying run saw fail is left out; say why if the sign-up was.
    assert "signup-create-account" in cases, response.json().get("dropped")
    signup = cases["signup-create-account"]
    assert "Enter ${email} into 'Email'" in signup["steps"]
    assert {"do": "Enter ${password} into 'Password'", "secret": True} in signup[
        "steps"
    ]
    assert "Check 'I accept the terms'" in signup["steps"]
    assert signup["steps"][-1] == "Click 'Create account'"
    # The empty-form errors the crawl saw become the validation case's checks.
    required = cases["signup-create-account-required"]
    assert {"kind": "visible_text", "contains": "Enter your full name"} in [
        e["check"] for e in required["expect"]
    ]
    assert "login-sign-in" in cases and "login-sign-in-required" in cases
    fixtures = yaml.safe_load(text)["fixtures"]
    assert fixtures["email"] == {"gen": "unique_email"}
    assert fixtures["password"] == {"gen": "password"}

    # Generating explored the shop and ran the suite once (so it signed up already).
    before = shop.store.stats()
    report = execute(
        RunRequest(
            run_id="generated",
            suite=parsed.suite,
            artifacts_dir=tmp_path,
            trace=False,
            screenshots="failures",
        )
    )

    statuses = {case.id: case.status for case in report.cases}
    failing = {case.id: case.reason for case in report.cases if case.status != "passed"}
    assert all(statuses[c["id"]] == "passed" for c in page_cases), failing
    # The forms work too: sign-up creates the account the sign-in then uses.
    for case_id in (
        "signup-create-account-required",
        "signup-create-account",
        "login-sign-in-required",
        "login-sign-in",
    ):
        assert statuses[case_id] == "passed", failing
    stats = shop.store.stats()
    assert len(stats["signups"]) == len(before["signups"]) + 1
    assert stats["logins"] == before["logins"] + 1


def _signup(shop: DemoHandle, email: str, password: str) -> None:
    response = requests.post(
        f"{shop.url}/signup",
        data={
            "full_name": "Ann Crawler",
            "email": email,
            "password": password,
            "terms": "on",
        },
        timeout=10,
    )
    assert response.ok and "/account" in response.url


def test_a_crawl_with_auth_reaches_pages_behind_the_login_and_never_echoes_the_password(
    api: APIClient, shop: DemoHandle
) -> None:
    password = "Crawl-secret-91"
    _signup(shop, "ann@example.com", password)

    response = _generate(
        api,
        url=f"{shop.url}/account",
        auth={"username": "ann@example.com", "password": password},
    )

    assert response.status_code == 200, response.content
    assert password not in response.content.decode()
    cases = _cases(response.json()["yaml"])
    account = cases["page-account"]
    assert account["steps"] == ["Open /account"]
    assert {"kind": "visible_text", "contains": "Welcome, Ann Crawler"} in [
        e["check"] for e in account["expect"]
    ]
    assert "auth" in account["tags"]
    # The crawl did not follow "Sign out" (it would have lost the session).
    assert "page-checkout" in cases
    assert shop.store.stats()["hits"].get("/logout", 0) == 0


def test_a_wrong_password_is_a_generation_error_without_the_password(
    api: APIClient, shop: DemoHandle
) -> None:
    response = _generate(
        api,
        url=shop.url,
        auth={"username": "nobody@example.com", "password": "Wrong-pass-1"},
    )

    assert response.status_code == 502
    body = response.json()
    assert body["type"] == "generation_error"
    assert "Invalid email or password" in body["detail"]
    assert "Wrong-pass-1" not in response.content.decode()


def test_an_unreachable_url_is_a_generation_error_naming_it(api: APIClient) -> None:
    response = _generate(api, url="http://127.0.0.1:9/start")

    assert response.status_code == 502
    assert response.json()["type"] == "generation_error"
    assert "http://127.0.0.1:9/start" in response.json()["detail"]


@pytest.fixture
def site(tmp_path: Path, shop: DemoHandle) -> Iterator[str]:
    """A static site on its own origin whose home page links to four pages and to the shop."""
    (tmp_path / "index.html").write_text(
        "<title>Home</title><h1>Static home</h1>"
        + "".join(f'<a href="/p{n}.html">Page {n}</a>' for n in range(1, 5))
        + f'<a href="{shop.url}/products">The shop</a>'
    )
    for n in range(1, 5):
        (tmp_path / f"p{n}.html").write_text(f"<title>P{n}</title><h1>Page {n}</h1>")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def test_the_crawl_stays_on_its_origin_and_stops_at_max_pages(
    site: str, shop: DemoHandle
) -> None:
    result = crawl(start_url=site, max_pages=3, timeout_s=60, browser=BrowserOptions())

    assert [page.path for page in result.pages] == [
        "/index.html",
        "/p1.html",
        "/p2.html",
    ]
    assert result.stopped_by == "max pages (3)"
    assert f"{shop.url}/products" in result.external_links
    assert shop.store.stats()["hits"] == {}  # the other origin was never requested


def test_save_as_saves_the_suite_and_never_overwrites(
    api: APIClient, shop: DemoHandle
) -> None:
    response = _generate(api, url=shop.url, save_as="shop-flows")

    assert response.status_code == 200, response.content
    assert response.json()["saved_as"] == "shop-flows.tripwire.yaml"
    stored = api.get("/api/v1/suites/shop-flows.tripwire.yaml")
    assert stored.status_code == 200
    assert stored.json()["yaml"] == response.json()["yaml"]

    again = _generate(api, url=shop.url, save_as="shop-flows.tripwire.yaml")

    assert again.status_code == 400
    assert "already exists" in again.json()["detail"]
    assert (
        api.get("/api/v1/suites/shop-flows.tripwire.yaml").json()["yaml"]
        == (response.json()["yaml"])
    )


def test_generate_plan_saves_one_suite_per_area_and_a_plan_of_them(
    api: APIClient, shop: DemoHandle
) -> None:
    response = api.post(
        "/api/v1/generate/plan",
        {"kind": "url", "url": shop.url, "save_as": "shop"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["suites"]) >= 3
    assert "shop-auth.tripwire.yaml" in body["suites"]
    plan = Plan.objects.get(pk=body["plan_id"])
    assert plan.name == body["plan_name"] == "shop"
    assert [item["suite"] for item in plan.items] == body["suites"]
    auth_suite = api.get("/api/v1/suites/shop-auth.tripwire.yaml").json()
    assert set(_cases(auth_suite["yaml"])) >= {
        "signup-create-account",
        "login-sign-in",
    }
    every_case = [
        case_id
        for file in body["suites"]
        for case_id in _cases(api.get(f"/api/v1/suites/{file}").json()["yaml"])
    ]
    assert len(every_case) == len(set(every_case))
