from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings() -> None:
    out = StringIO()
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        stdout=out,
    )
    schema = json.loads(out.getvalue())
    assert schema["openapi"].startswith("3.")


def test_every_operation_has_request_and_response_schemas() -> None:
    out = StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    schema = json.loads(out.getvalue())
    missing: list[str] = []
    for path, operations in schema["paths"].items():
        assert path.startswith("/api/v1/"), path
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            documented = [code for code in responses if code.startswith("2")]
            if not documented:
                missing.append(f"{method} {path}: no 2xx response")
            for code, response in responses.items():
                if (
                    code not in ("204",)
                    and "content" not in response
                    and code.startswith(("2", "4"))
                ):
                    missing.append(f"{method} {path}: {code} has no body schema")
            if method in ("post", "put", "patch") and "requestBody" not in operation:
                has_no_body = operation.get("x-no-body")
                if not has_no_body:
                    missing.append(f"{method} {path}: no request body")
    assert not missing, "\n".join(missing)


def test_schema_and_swagger_ui_are_served_offline(anon: APIClient) -> None:
    for path in ("/openapi.json", "/api/v1/openapi.json"):
        response = anon.get(path)
        assert response.status_code == 200
        assert "/api/v1/suites" in json.loads(response.content)["paths"]
    for path in ("/docs", "/api/v1/docs"):
        page = anon.get(path).content.decode()
        assert "swagger-ui" in page
        # Assets come from the bundled sidecar, not a CDN.
        assert "cdn.jsdelivr.net" not in page
        assert "/static/drf_spectacular_sidecar/" in page


def _schema() -> dict[str, Any]:
    out = StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out)
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def test_every_operation_with_query_parameters_documents_its_400() -> None:
    missing = [
        f"{method} {path}"
        for path, operations in _schema()["paths"].items()
        for method, operation in operations.items()
        if any(p.get("in") == "query" for p in operation.get("parameters", []))
        and "400" not in operation["responses"]
        and path != "/api/v1/artifacts/{path}"  # its only query parameter is the token
    ]
    assert missing == []


def test_artifacts_document_both_ways_to_authenticate_and_their_types() -> None:
    operation = _schema()["paths"]["/api/v1/artifacts/{path}"]["get"]
    assert operation["security"] == [{"bearerAuth": []}, {"queryToken": []}]
    assert {"image/png", "application/zip", "text/html"} <= set(
        operation["responses"]["200"]["content"]
    )


def test_the_routes_are_exactly_the_checked_in_list() -> None:
    listed = {
        line.strip()
        for line in (Path(__file__).with_name("api_routes.txt"))
        .read_text()
        .splitlines()
        if line.strip() and not line.startswith("#")
    }
    served = {
        f"{method.upper()} {path}"
        for path, operations in _schema()["paths"].items()
        for method in operations
    }
    assert served - listed == set(), "routes missing from tests/api_routes.txt"
    assert listed - served == set(), "routes that disappeared from the API"


def test_work_bounded_per_process_documents_its_429() -> None:
    # core/capacity.py `bounded`: past the bound these answer 429 `busy` at once.
    paths = _schema()["paths"]
    for path in (
        "/api/v1/generate",
        "/api/v1/generate/plan",
        "/api/v1/checks/api",
        "/api/v1/checks/screenshot",
    ):
        assert "429" in paths[path]["post"]["responses"], path
