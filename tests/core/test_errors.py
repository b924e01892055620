from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(anon: APIClient) -> None:
    for path in ("/api/v1/nope", "/api/v2/suites", "/api", "/api/v1/suites/a/b/c"):
        response = anon.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["type"] == "not_found"


def test_options_describes_the_view_without_looking_an_object_up(
    api: APIClient,
) -> None:
    # Two suites share a title; the generic object lookup behind DRF's OPTIONS found both (500).
    for file in ("one.tripwire.yaml", "two.tripwire.yaml"):
        saved = api.put(
            f"/api/v1/suites/{file}",
            {
                "yaml": f"suite: Sign in\nid: {file[:3]}\nbase_url: http://127.0.0.1:9\n"
                "cases:\n  - id: a\n    title: A\n    steps: [Open /]\n"
            },
            format="json",
        )
        assert saved.status_code in (200, 201), saved.content
    response = api.options("/api/v1/suites/Sign%20in")
    assert response.status_code == 200
    assert response.json()["name"] == "Suite Instance"
    assert "actions" not in response.json()


def test_a_wrong_method_is_a_json_405(api: APIClient) -> None:
    response = api.patch("/api/v1/auth/me", {}, format="json")
    assert response.status_code == 405
    assert response.json() == {
        "type": "method_not_allowed",
        "detail": 'Method "PATCH" not allowed.',
    }


def test_malformed_json_is_a_parse_error(anon: APIClient) -> None:
    response = anon.post("/api/v1/auth/login", "{bad", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "parse_error"


def test_json_nested_too_deeply_is_a_parse_error_not_a_500(anon: APIClient) -> None:
    body = '{"email": ' + "[" * 20_000 + "]" * 20_000 + "}"
    response = anon.post("/api/v1/auth/login", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "type": "parse_error",
        "detail": "JSON parse error - the document is nested too deeply.",
    }


def test_a_non_json_body_is_415(anon: APIClient) -> None:
    response = anon.post(
        "/api/v1/auth/login",
        "email=a",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.json()["type"] == "unsupported_media_type"


def test_field_errors_are_listed_with_paths(anon: APIClient) -> None:
    response = anon.post("/api/v1/auth/login", {"password": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "detail": "email: This field is required.",
        "errors": [{"path": "email", "message": "This field is required."}],
    }


@pytest.mark.urls("tests.core.urls_boom")
def test_a_crash_is_a_500_without_internals(caplog: Any) -> None:
    client = APIClient()
    client.raise_request_exception = False
    from core.models import User
    from core.services import session_token_for

    user = User.objects.create_user(
        email="x@example.com", password="Tr1pwire-test-pass"
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_token_for(user)}")
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json() == {
        "type": "server_error",
        "detail": "Internal server error.",
    }
    assert b"hunter2" not in response.content
    assert "Traceback" not in response.content.decode()


def test_pages_outside_the_api_are_not_json() -> None:
    response = Client().get("/no-such-page")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_health_is_open_and_always_ok(anon: APIClient) -> None:
    for path in ("/api/v1/health", "/health"):
        assert anon.get(path).json() == {"status": "ok"}


def test_ready_is_200_when_data_dir_and_database_work(anon: APIClient) -> None:
    response = anon.get("/api/v1/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"data_dir": "ok", "database": "ok"},
    }


def test_ready_is_503_naming_an_unwritable_data_dir(
    anon: APIClient, settings: Any, tmp_path: Path
) -> None:
    # A file where the directory should be: not writable even for root.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.DATA_DIR = blocker
    response = anon.get("/api/v1/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["data_dir"].startswith(f"not writable: {blocker}")


def test_ready_is_503_naming_a_silent_database(
    anon: APIClient, monkeypatch: Any
) -> None:
    from django.db import connection

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = anon.get("/api/v1/health/ready")
    assert response.status_code == 503
    assert (
        response.json()["checks"]["database"]
        == "not answering: OperationalError: connection refused"
    )


def test_a_body_over_the_upload_limit_is_413(api: APIClient, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/api/v1/suites", {"yaml": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert response.json()["type"] == "payload_too_large"


@pytest.mark.parametrize(
    "path", ["/api/v1/suites", "/api/v1/runs", "/api/v1/issues", "/api/v1/plans"]
)
def test_an_offset_past_what_databases_take_is_a_400_not_a_500(
    member_api: APIClient, path: str
) -> None:
    response = member_api.get(f"{path}?offset={2**63}")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == [
        {
            "path": "offset",
            "message": "must be a whole number between 0 and 9223372036854775807",
        }
    ]
    assert member_api.get(f"{path}?offset={2**63 - 1}").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status", "kind"),
    [
        ("post", "/api/v1/runs/", 404, "not_found"),  # a trailing slash is enough
        ("put", "/api/v1/suites/a/b/c", 404, "not_found"),
        ("patch", "/api/nothing", 404, "not_found"),
        ("delete", "/api/v1/auth/tokens/abc", 404, "not_found"),
        ("post", "/api/v1/docs", 405, "method_not_allowed"),
        ("delete", "/api/v1/openapi.json", 405, "method_not_allowed"),
    ],
)
def test_nothing_under_api_answers_html(
    method: str, path: str, status: int, kind: str
) -> None:
    # A browser-like client: Django's CSRF check applies to it, as to the audit's requests.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == kind


def test_a_disallowed_host_under_api_answers_json() -> None:
    response = Client(HTTP_HOST="evil.example").get("/api/v1/health")
    assert response.status_code == 400
    assert response.json() == {"type": "bad_request", "detail": "Bad Request."}


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        ("/api/v1/auth/tokens", {"name": 0}, "name", "must be a string, not a number"),
        (
            "/api/v1/suites",
            {"yaml": ["suite: x"]},
            "yaml",
            "must be a string, not a list",
        ),
        (
            "/api/v1/runs",
            {"suite": "x", "headed": "no"},
            "headed",
            "must be true or false, not a string",
        ),
        (
            "/api/v1/runs",
            {"suite": "x", "cases": ["a", 2]},
            "cases",
            "item 1 must be a string, not a number",
        ),
        (
            "/api/v1/checks/api",
            {"url": "http://127.0.0.1:9/", "status": "200"},
            "status",
            "must be a whole number, not a string",
        ),
        (
            "/api/v1/checks/api",
            {"url": "http://127.0.0.1:9/", "timeout": True},
            "timeout",
            "must be a number, not a boolean",
        ),
        (
            "/api/v1/checks/api",
            {"url": "http://127.0.0.1:9/", "headers": {"X-Count": 0}},
            "headers",
            "'X-Count' must be a string, not a number",
        ),
        (
            "/api/v1/checks/api",
            {"url": "http://127.0.0.1:9/", "headers": ["X-Count: 0"]},
            "headers",
            "must be an object, not a list",
        ),
    ],
)
def test_json_values_of_the_wrong_type_are_refused_not_coerced(
    member_api: APIClient, path: str, body: dict[str, Any], field: str, message: str
) -> None:
    response = member_api.post(path, body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["type"] == "validation_error"
    assert {"path": field, "message": message} in error["errors"]
