"""The pages through Django's test client: who may see what, escaping, CSRF, the cookie and the
policy headers, validation without saving, pagination, write-only secrets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from core.models import Role, User
from core.selectors import instance_settings_get
from core.settings_services import instance_settings_update
from runs.models import Plan
from suites.models import Suite
from suites.services import suite_create
from tests.factories import PASSWORD, IssueFactory, RunFactory
from tests.suites.test_schema import VALID

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/suites",
    "/suites/new",
    "/runs",
    "/issues",
    "/plans",
    "/plans/new",
    "/analytics",
    "/generate",
    "/record",
    "/account",
]


def browser_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member(bob: User) -> Client:
    return browser_for(bob)


@pytest.fixture
def admin(alice: User) -> Client:
    return browser_for(alice)


def test_a_new_instance_leads_to_setup_and_setup_closes_after(client: Client) -> None:
    assert client.get("/")["Location"] == "/setup"
    assert client.get("/login")["Location"] == "/setup"
    assert client.get("/setup").status_code == 200
    done = client.post(
        "/setup",
        {"email": "first@example.com", "password": PASSWORD, "password2": PASSWORD},
    )
    assert done["Location"] == "/"
    assert User.objects.get().role == Role.ADMIN
    assert client.get("/").status_code == 200  # signed in by the setup
    assert client.get("/setup")["Location"] == "/login"


def test_every_page_needs_a_session(bob: User, client: Client) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/login?next="), path


def test_sign_in_and_out(bob: User, client: Client) -> None:
    wrong = client.post("/login", {"email": "bob@example.com", "password": "nope-nope"})
    assert "Wrong email or password." in wrong.content.decode()
    right = client.post(
        "/login", {"email": "bob@example.com", "password": PASSWORD, "next": "/runs"}
    )
    assert right["Location"] == "/runs"
    cookie = right.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.get("/runs").status_code == 200
    # An open redirect is not followed.
    again = client.post("/login", {"next": "https://evil.example/"})
    assert again["Location"] == "/"
    client.post("/logout")
    assert client.get("/runs").status_code == 302


def test_sign_in_shares_the_api_throttle(bob: User) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(10):
        client.post("/login", {"email": "bob@example.com", "password": "nope-nope"})
    blocked = client.post("/login", {"email": "bob@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.content.decode()


def test_every_page_renders_for_a_member(member: Client) -> None:
    for path in PAGES:
        response = member.get(path)
        assert response.status_code == 200, (path, response.content[:500])
        assert b"<h1>" in response.content


def test_settings_and_users_are_for_admins(member: Client, admin: Client) -> None:
    for path in ("/settings", "/settings/users"):
        assert member.get(path).status_code == 403
        assert admin.get(path).status_code == 200
    assert b'href="/settings"' not in member.get("/").content
    assert b'href="/settings"' in admin.get("/").content
    assert member.post("/settings/test-notification").status_code == 403


def test_pages_send_a_policy_that_allows_no_inline_script(member: Client) -> None:
    policy = member.get("/")["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None
    assert script_src.group(1).split() == ["'self'"]
    assert "frame-ancestors 'none'" in policy
    assert b"<script>" not in member.get("/").content


def test_forms_need_their_csrf_token(bob: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bob)
    assert strict.post("/suites/new", {"yaml": VALID}).status_code == 403
    assert Suite.objects.count() == 0


def test_user_text_is_escaped(member: Client, bob: User) -> None:
    evil = VALID.replace("suite: Demo shop", "suite: <script>alert(1)</script>")
    suite_create(yaml_text=evil)
    for path in ("/suites", "/suites/demo.tripwire.yaml"):
        text = member.get(path).content.decode()
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    issue = IssueFactory.create(
        body_md="[click me](javascript:alert(1)) <img src=x onerror=alert(2)>"
    )
    text = member.get(f"/issues/{issue.key}").content.decode()
    assert "javascript:" not in text
    assert "onerror" not in text
    assert "click me" in text


def test_validate_shows_every_problem_at_its_place_and_saves_nothing(
    member: Client,
) -> None:
    broken = "suite: Bad\nid: bad\nbase_url: ftp://x\ncases: []\n"
    response = member.post("/suites/validate", {"yaml": broken})
    text = response.content.decode()
    assert "Line 3, column 11" in text
    assert "Line 4, column 8" in text
    assert 'class="bad">3<' in text  # the gutter marks the line
    assert Suite.objects.count() == 0
    fine = member.post("/suites/validate", {"yaml": VALID}).content.decode()
    assert "Valid: 2 cases, nothing saved yet." in fine


def test_create_edit_import_and_delete_a_suite(member: Client, tmp_path: Path) -> None:
    created = member.post("/suites/new", {"yaml": VALID})
    assert created["Location"] == "/suites/demo.tripwire.yaml"
    bad = member.post("/suites/demo.tripwire.yaml", {"yaml": "suite: [\n"})
    assert "YAML syntax error" in bad.content.decode()
    assert Suite.objects.get().yaml == VALID
    upload = tmp_path / "imported.tripwire.yaml"
    upload.write_text(VALID.replace("id: demo", "id: imported"))
    with upload.open("rb") as handle:
        imported = member.post("/suites/import", {"file": handle})
    assert imported["Location"] == "/suites/imported.tripwire.yaml"
    member.post("/suites/demo.tripwire.yaml/delete")
    assert list(Suite.objects.values_list("file", flat=True)) == [
        "imported.tripwire.yaml"
    ]


def test_lists_paginate(member: Client) -> None:
    for n in range(30):
        RunFactory.create(id=f"page{n:03d}")
    first = member.get("/runs").content.decode()
    assert "Page 1 of 2 (30)" in first
    assert "page029" in first and "page004" not in first
    assert "page004" in member.get("/runs?page=2").content.decode()
    refused = member.get("/runs?status=nope").content.decode()
    assert "status must be one or more of" in refused


def test_a_plan_with_a_cron_schedule(member: Client, bob: User) -> None:
    suite_create(yaml_text=VALID)
    preview = member.get("/plans/cron", {"schedule": "61 * * * *"}).content.decode()
    assert "invalid_cron" in preview
    times = member.get("/plans/cron", {"schedule": "0 2 * * *"}).content.decode()
    assert times.count(" 02:00") == 3
    saved = member.post(
        "/plans/new",
        {
            "name": "Nightly",
            "schedule": "0 2 * * *",
            "item_suite": ["demo.tripwire.yaml", ""],
            "item_cases": ["signup", ""],
            "auth_username": "qa@example.com",
            "auth_password": "plan-secret-9",
            "auth_login_path": "/login",
        },
    )
    plan = Plan.objects.get()
    assert saved["Location"] == f"/plans/{plan.pk}"
    assert plan.items == [{"suite": "demo.tripwire.yaml", "cases": ["signup"]}]
    page_text = member.get(f"/plans/{plan.pk}").content.decode()
    assert "0 2 * * *" in page_text and "plan-secret-9" not in page_text
    edit = member.get(f"/plans/{plan.pk}/edit").content.decode()
    assert "plan-secret-9" not in edit


def test_settings_show_secrets_masked_and_keep_them_when_left_empty(
    admin: Client,
) -> None:
    instance_settings_update(values={"github_token": "ghp_page_secret_1234"})
    text = admin.get("/settings").content.decode()
    assert "ghp_page_secret_1234" not in text
    assert "••••1234" in text
    fields: dict[str, Any] = {"github_repo": "acme/shop", "github_token": ""}
    assert admin.post("/settings", fields)["Location"] == "/settings"
    effective = instance_settings_get()
    assert (effective.github_repo, effective.github_token) == (
        "acme/shop",
        "ghp_page_secret_1234",
    )
    invalid = admin.post("/settings", {"llm_base_url": "ftp://x"}).content.decode()
    assert "must be an http:// or https:// URL" in invalid


def test_api_tokens_are_shown_once(member: Client) -> None:
    created = member.post("/account", {"name": "ci"}).content.decode()
    raw = re.search(r"tw_[A-Za-z0-9_-]{40,}", created)
    assert raw is not None
    assert raw.group(0) not in member.get("/account").content.decode()


def test_admins_create_users(admin: Client) -> None:
    admin.post(
        "/settings/users",
        {"email": "carol@example.com", "password": PASSWORD, "role": "member"},
    )
    assert User.objects.filter(email="carol@example.com", role="member").exists()
    refused = admin.post(
        "/settings/users", {"email": "dave@example.com", "password": "short"}
    ).content.decode()
    assert "password" in refused.lower()


def test_artifacts_need_a_session_and_stay_in_their_folder(
    member: Client, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.ARTIFACTS_DIR = tmp_path / "artifacts"
    (tmp_path / "artifacts" / "run1").mkdir(parents=True)
    (tmp_path / "artifacts" / "run1" / "shot.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "secret.txt").write_text("outside")
    assert member.get("/artifacts/run1/shot.png").status_code == 200
    assert client.get("/artifacts/run1/shot.png").status_code == 302
    assert member.get("/artifacts/run1/../../secret.txt").status_code == 404


def test_a_running_run_shows_its_latest_events_whatever_they_carry(
    member: Client,
) -> None:
    from django.utils import timezone

    from runs.models import RunEvent

    run = RunFactory.create(status="running", suite_yaml=VALID, finished=None)
    now = timezone.now()
    for seq, (kind, data) in enumerate(
        [
            ("step_start", {"text": "Open /products"}),
            (
                "action",
                {"tier": "cache", "tool": "click", "target": "the 'Buy' button"},
            ),
            ("log", {"message": "<b>retrying</b>"}),
            ("heartbeat", {}),
        ],
        start=1,
    ):
        RunEvent.objects.create(run=run, seq=seq, ts=now, type=kind, data=data)
    for path in (f"/runs/{run.id}", f"/runs/{run.id}/live"):
        page = member.get(path)
        assert page.status_code == 200, path
        body = page.content.decode()
        assert "Open /products" in body
        assert "the &#x27;Buy&#x27; button" in body
        assert "&lt;b&gt;retrying&lt;/b&gt;" in body
