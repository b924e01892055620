from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from core.models import User
from core.services import api_token_create, session_token_for

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    root = Path(settings.ARTIFACTS_DIR)
    run = root / "run123"
    (run / "shots").mkdir(parents=True, exist_ok=True)
    (run / "shots" / "signup-s1.png").write_bytes(PNG)
    (run / "report.json").write_text('{"status": "passed"}')
    (run / "junit.xml").write_text("<testsuites/>")
    (run / "traces").mkdir(exist_ok=True)
    (run / "traces" / "signup.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    outside = tmp_path / "outside-secret.txt"
    outside.write_text("top secret")
    link = run / "escape.txt"
    if not link.exists():
        link.symlink_to(outside)
    dir_link = run / "escape-dir"
    if not dir_link.exists():
        dir_link.symlink_to(tmp_path)
    return run


def test_artifacts_are_served_with_their_content_types(
    api: APIClient, artifacts: Path
) -> None:
    png = api.get("/api/v1/artifacts/run123/shots/signup-s1.png")
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert b"".join(png.streaming_content) == PNG  # type: ignore[attr-defined]
    report = api.get("/api/v1/artifacts/run123/report.json")
    assert report["Content-Type"] == "application/json"
    trace = api.get("/api/v1/artifacts/run123/traces/signup.zip")
    assert trace["Content-Type"] == "application/zip"
    assert "attachment" in trace["Content-Disposition"]
    xml = api.get("/api/v1/artifacts/run123/junit.xml")
    assert xml["Content-Type"] in ("application/xml", "text/xml")


TRAVERSALS = [
    "../secret_key",
    "run123/../../secret_key",
    "%2e%2e/secret_key",
    "run123/%2e%2e/%2e%2e/secret_key",
    "%252e%252e/secret_key",
    "..%2fsecret_key",
    "/etc/passwd",
    "//etc/passwd",
    "run123/escape.txt",
    "run123/escape-dir/outside-secret.txt",
    "run123\\..\\..\\secret_key",
    "run123/shots",
    "run123/nothing-here.png",
    "run123/shots/signup-s1.png%00.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_artifacts_folder_is_served(
    api: APIClient, artifacts: Path, path: str
) -> None:
    assert (Path(settings.DATA_DIR) / "secret_key").exists()
    response = api.get(f"/api/v1/artifacts/{path}")
    assert response.status_code == 404, path
    assert response.json()["type"] == "not_found"


def test_an_img_tag_can_authenticate_with_a_query_token(
    artifacts: Path, bob: User
) -> None:
    browser = Client()  # no Authorization header, like an <img> tag
    url = "/api/v1/artifacts/run123/shots/signup-s1.png"
    assert browser.get(url, HTTP_ACCEPT="image/avif,image/webp,*/*").status_code == 401
    jwt = session_token_for(bob)
    assert browser.get(f"{url}?token={jwt}", HTTP_ACCEPT="image/png").status_code == 200
    raw = api_token_create(user=bob, name="img").raw
    assert browser.get(f"{url}?token={raw}", HTTP_ACCEPT="image/png").status_code == 200
    refused = browser.get(f"{url}?token=tw_forged", HTTP_ACCEPT="image/png")
    assert refused.status_code == 401
    assert refused.json()["type"] == "not_authenticated"


def test_html_reports_cannot_script_the_server_origin(
    api: APIClient, artifacts: Path
) -> None:
    (artifacts / "report.html").write_text("<script>alert(1)</script>")
    response = api.get("/api/v1/artifacts/run123/report.html")
    assert response.status_code == 200
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_the_query_token_is_only_for_artifacts(bob: User, settings: Any) -> None:
    jwt = session_token_for(bob)
    assert Client().get(f"/api/v1/auth/me?token={jwt}").status_code == 401
