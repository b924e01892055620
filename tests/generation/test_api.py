"""POST /generate without a browser: input errors, OpenAPI smoke suites, kinds that need a model."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from rest_framework.test import APIClient

from suites.schema import parse_suite

pytestmark = pytest.mark.django_db

OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/products": {"get": {"summary": "List products", "responses": {"200": {}}}},
        "/products/{slug}": {
            "get": {
                "summary": "One product",
                "parameters": [{"name": "slug", "in": "path", "required": True}],
            }
        },
        "/search": {
            "get": {
                "summary": "Search",
                "parameters": [{"name": "q", "in": "query", "required": True}],
            }
        },
        "/cart": {
            "get": {"summary": "Show the cart"},
            "post": {"summary": "Add to the cart"},
        },
    },
}


def _post(api: APIClient, **body: Any) -> Any:
    return api.post("/api/v1/generate", body, format="json")


def test_openapi_text_becomes_one_smoke_case_per_get_route_without_parameters(
    api: APIClient,
) -> None:
    response = _post(
        api,
        kind="openapi",
        text=json.dumps(OPENAPI),
        base_url="http://127.0.0.1:8500",
    )

    assert response.status_code == 200, response.content
    text = response.json()["yaml"]
    parsed = parse_suite(text)
    assert parsed.suite.base_url == "http://127.0.0.1:8500"
    cases = yaml.safe_load(text)["cases"]
    assert [c["steps"] for c in cases] == [["Open /products"], ["Open /cart"]]
    assert [c["title"] for c in cases] == [
        "List products renders",
        "Show the cart renders",
    ]
    assert cases[0]["expect"][0]["check"] == {"kind": "url", "path_is": "/products"}


def test_openapi_yaml_with_a_server_path_prefixes_the_routes(api: APIClient) -> None:
    spec = {**OPENAPI, "servers": [{"url": "https://shop.example.com/app/"}]}

    response = _post(
        api,
        kind="openapi",
        text=yaml.safe_dump(spec, sort_keys=False),
        base_url="http://127.0.0.1:8500",
    )

    assert response.status_code == 200, response.content
    steps = [c["steps"][0] for c in yaml.safe_load(response.json()["yaml"])["cases"]]
    assert steps == ["Open /app/products", "Open /app/cart"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not: [valid", "neither JSON nor YAML"),
        ('{"info": {}, "paths": {}}', "no 'openapi'"),
        ('{"openapi": "3.0.0", "paths": {}}', "no 'paths'"),
    ],
)
def test_a_bad_openapi_document_is_a_400_saying_what_is_wrong(
    api: APIClient, text: str, message: str
) -> None:
    response = _post(api, kind="openapi", text=text, base_url="http://127.0.0.1:8500")

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert message in body["detail"]
    assert body["errors"][0]["path"] == "text"


def test_an_openapi_document_with_nothing_to_smoke_test_is_a_generation_error(
    api: APIClient,
) -> None:
    spec = {"openapi": "3.0.0", "paths": {"/x/{id}": {"get": {}}, "/y": {"post": {}}}}

    response = _post(
        api, kind="openapi", text=json.dumps(spec), base_url="http://127.0.0.1:8500"
    )

    assert response.status_code == 502
    assert response.json()["type"] == "generation_error"
    assert "TRIPWIRE_LLM_API_KEY" in response.json()["detail"]


def test_an_unreachable_openapi_url_is_a_generation_error_naming_it(
    api: APIClient,
) -> None:
    response = _post(
        api,
        kind="openapi",
        url="http://127.0.0.1:9/openapi.json",
        base_url="http://127.0.0.1:8500",
    )

    assert response.status_code == 502
    assert "http://127.0.0.1:9/openapi.json" in response.json()["detail"]


@pytest.mark.parametrize("kind", ["docs", "text"])
def test_docs_and_text_without_a_model_are_a_generation_error_saying_how_to_get_one(
    api: APIClient, kind: str
) -> None:
    response = _post(
        api,
        kind=kind,
        text="Users sign up, then buy.",
        base_url="http://127.0.0.1:8500",
    )

    assert response.status_code == 502
    body = response.json()
    assert body["type"] == "generation_error"
    assert "needs a language model" in body["detail"]
    assert "TRIPWIRE_LLM_API_KEY" in body["detail"]
    assert "TRIPWIRE_LLM_BASE_URL" in body["detail"]


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"kind": "pdf", "url": "http://x.test"}, ["kind"]),
        ({"kind": "url"}, ["url"]),
        ({"kind": "url", "url": "ftp://x.test/"}, ["url"]),
        ({"kind": "url", "url": "file:///etc/passwd"}, ["url"]),
        ({"kind": "text", "base_url": "http://x.test"}, ["text"]),
        ({"kind": "docs", "text": "x"}, ["base_url"]),
        (
            {"kind": "openapi", "base_url": "javascript:alert(1)"},
            ["url", "base_url"],
        ),
        (
            {
                "kind": "url",
                "url": "http://x.test",
                "auth": {"username": "a", "password": "b", "login_path": "login"},
            },
            ["auth.login_path"],
        ),
        (
            {"kind": "url", "url": "http://x.test", "auth": {"username": "a"}},
            ["auth.password"],
        ),
    ],
)
def test_bad_input_is_a_400_listing_every_problem(
    api: APIClient, body: dict[str, Any], paths: list[str]
) -> None:
    response = api.post("/api/v1/generate", body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["type"] == "validation_error"
    assert sorted(e["path"] for e in response.json()["errors"]) == sorted(paths)


def test_both_endpoints_need_a_token(anon: APIClient) -> None:
    for path in ("/api/v1/generate", "/api/v1/generate/plan"):
        response = anon.post(path, {"kind": "text", "text": "x"}, format="json")
        assert response.status_code == 401
        assert response.json()["type"] == "not_authenticated"
