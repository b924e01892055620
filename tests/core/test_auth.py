from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import ApiToken, LoginAttempt, Role, User
from core.services import admin_seed_from_env, token_hash
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_setup_is_needed_until_the_first_admin_exists(anon: APIClient) -> None:
    assert anon.get("/api/v1/auth/setup").json() == {"needs_setup": True}

    response = anon.post(
        "/api/v1/auth/setup",
        {"email": "Root@Example.com", "password": PASSWORD},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "root@example.com"
    assert body["user"]["role"] == "admin"
    assert anon.get("/api/v1/auth/setup").json() == {"needs_setup": False}
    # The returned token is a working session.
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert anon.get("/api/v1/auth/me").json()["email"] == "root@example.com"


def test_setup_refuses_once_a_user_exists(anon: APIClient, bob: User) -> None:
    response = anon.post(
        "/api/v1/auth/setup",
        {"email": "eve@example.com", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["type"] == "conflict"
    assert not User.objects.filter(email="eve@example.com").exists()


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short1!", "at least 8 characters"),
        ("password", "too common"),
        ("83749261538", "entirely numeric"),
    ],
)
def test_setup_applies_the_password_rules(
    anon: APIClient, password: str, fragment: str
) -> None:
    response = anon.post(
        "/api/v1/auth/setup",
        {"email": "root@example.com", "password": password},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert any(fragment in error["message"] for error in body["errors"])
    assert body["errors"][0]["path"] == "password"
    assert not User.objects.exists()


def test_passwords_are_stored_with_argon2(alice: User) -> None:
    stored = User.objects.get(pk=alice.pk).password
    assert stored.startswith("argon2")
    assert PASSWORD not in stored


def test_login_returns_a_session_for_the_right_password(
    anon: APIClient, alice: User
) -> None:
    response = anon.post(
        "/api/v1/auth/login",
        {"email": "ALICE@example.com", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["user"] == {
        "id": alice.id,
        "email": "alice@example.com",
        "role": "admin",
        "is_active": True,
        "date_joined": response.json()["user"]["date_joined"],
    }


def test_login_with_a_wrong_password_is_401(anon: APIClient, alice: User) -> None:
    response = anon.post(
        "/api/v1/auth/login",
        {"email": "alice@example.com", "password": "nope-nope"},
        format="json",
    )
    assert response.status_code == 401
    assert response.json()["type"] == "invalid_credentials"


def test_ten_failures_from_one_ip_lock_it_out_for_five_minutes(
    anon: APIClient, alice: User
) -> None:
    wrong = {"email": "alice@example.com", "password": "wrong-password"}
    for _ in range(10):
        assert anon.post("/api/v1/auth/login", wrong, format="json").status_code == 401

    right = {"email": "alice@example.com", "password": PASSWORD}
    blocked = anon.post("/api/v1/auth/login", right, format="json")
    assert blocked.status_code == 429
    assert blocked.json()["type"] == "rate_limited"
    assert 1 <= int(blocked["Retry-After"]) <= 300

    # Another address is held back for this account (the per-account limit), not for others.
    other = APIClient(REMOTE_ADDR="10.0.0.9")
    assert other.post("/api/v1/auth/login", right, format="json").status_code == 429
    UserFactory.create(email="carol@example.com")
    carol = {"email": "carol@example.com", "password": PASSWORD}
    assert other.post("/api/v1/auth/login", carol, format="json").status_code == 200

    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=5)):
        assert anon.post("/api/v1/auth/login", right, format="json").status_code == 200


def test_failures_are_counted_in_the_database_so_every_process_sees_them(
    anon: APIClient, alice: User
) -> None:
    # Another worker process recorded these; this process must honour them.
    LoginAttempt.objects.bulk_create(
        [LoginAttempt(key="ip:127.0.0.1") for _ in range(10)]
    )
    right = {"email": "alice@example.com", "password": PASSWORD}
    assert anon.post("/api/v1/auth/login", right, format="json").status_code == 429


def test_attempts_on_one_account_from_many_addresses_are_limited(
    alice: User,
) -> None:
    wrong = {"email": "Alice@Example.com ", "password": "wrong-password"}
    codes = [
        APIClient(REMOTE_ADDR=f"10.1.0.{n}")
        .post("/api/v1/auth/login", wrong, format="json")
        .status_code
        for n in range(12)
    ]
    assert codes == [401] * 10 + [429] * 2


def test_successful_sign_ins_do_not_use_up_the_limit(
    anon: APIClient, alice: User
) -> None:
    right = {"email": "alice@example.com", "password": PASSWORD}
    for _ in range(12):
        assert anon.post("/api/v1/auth/login", right, format="json").status_code == 200
    assert LoginAttempt.objects.count() == 0
    wrong = {"email": "alice@example.com", "password": "wrong-password"}
    assert anon.post("/api/v1/auth/login", wrong, format="json").status_code == 401


def test_the_admin_sign_in_shares_the_limit(alice: User) -> None:
    from django.test import Client

    browser = Client(REMOTE_ADDR="10.2.0.1")
    for _ in range(15):
        page = browser.post(
            "/admin/login/", {"username": "alice@example.com", "password": "nope-nope"}
        )
        assert page.status_code == 200
    assert "Too many sign-in attempts" in page.content.decode()
    final = browser.post(
        "/admin/login/", {"username": "alice@example.com", "password": PASSWORD}
    )
    assert final.status_code == 200  # the form again, not the redirect to the admin
    assert "Too many sign-in attempts" in final.content.decode()
    assert "_auth_user_id" not in browser.session


def test_api_token_is_shown_once_and_only_its_hash_is_stored(
    member_api: APIClient, bob: User
) -> None:
    created = member_api.post("/api/v1/auth/tokens", {"name": "ci"}, format="json")
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("tw_")
    assert len(raw) >= 3 + 43  # 32 random bytes, base64url

    stored = ApiToken.objects.get(id=created.json()["id"])
    assert stored.token_hash == token_hash(raw)
    assert raw not in {stored.token_hash, stored.prefix, stored.name}
    assert raw.startswith(stored.prefix)

    listed = member_api.get("/api/v1/auth/tokens").json()
    assert listed["total"] == 1
    assert "token" not in listed["items"][0]
    assert listed["items"][0]["name"] == "ci"
    assert listed["items"][0]["last_used"] is None

    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert with_token.get("/api/v1/auth/me").json()["email"] == bob.email
    assert (
        member_api.get("/api/v1/auth/tokens").json()["items"][0]["last_used"]
        is not None
    )


def test_a_revoked_token_is_rejected(member_api: APIClient) -> None:
    created = member_api.post("/api/v1/auth/tokens", {}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {created['token']}")
    assert client.get("/api/v1/auth/me").status_code == 200

    assert member_api.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 204

    refused = client.get("/api/v1/auth/me")
    assert refused.status_code == 401
    assert refused.json()["type"] == "not_authenticated"
    assert member_api.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 404


def test_a_user_cannot_revoke_someone_elses_token(
    admin_api: APIClient, member_api: APIClient
) -> None:
    token_id = member_api.post("/api/v1/auth/tokens", {}, format="json").json()["id"]
    assert admin_api.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert ApiToken.objects.filter(id=token_id).exists()


def test_admin_creates_users_and_members_may_not(
    admin_api: APIClient, member_api: APIClient
) -> None:
    body = {"email": "carol@example.com", "password": PASSWORD, "role": "member"}
    denied = member_api.post("/api/v1/auth/users", body, format="json")
    assert denied.status_code == 403
    assert denied.json()["type"] == "permission_denied"

    created = admin_api.post("/api/v1/auth/users", body, format="json")
    assert created.status_code == 201
    assert created.json()["role"] == "member"
    listed = admin_api.get("/api/v1/auth/users").json()
    assert [u["email"] for u in listed["items"]] == [
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
    ]

    again = admin_api.post("/api/v1/auth/users", body, format="json")
    assert again.status_code == 400
    assert again.json()["errors"] == [
        {"path": "email", "message": "A user with this email already exists."}
    ]


def test_creating_a_user_with_an_unknown_role_is_a_validation_error(
    admin_api: APIClient,
) -> None:
    body = {"email": "carol@example.com", "password": PASSWORD, "role": "owner"}
    response = admin_api.post("/api/v1/auth/users", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "role"


def test_session_lifetime_follows_the_setting(
    settings: Any, anon: APIClient, alice: User
) -> None:
    token = anon.post(
        "/api/v1/auth/login",
        {"email": alice.email, "password": PASSWORD},
        format="json",
    ).json()["token"]
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    assert lifetime == timedelta(hours=settings.SESSION_HOURS)

    with time_machine.travel(timezone.now() + lifetime - timedelta(minutes=1)):
        assert anon.get("/api/v1/auth/me").status_code == 200
    with time_machine.travel(timezone.now() + lifetime + timedelta(minutes=1)):
        expired = anon.get("/api/v1/auth/me")
    assert expired.status_code == 401
    assert expired.json()["type"] == "not_authenticated"


def test_a_deactivated_user_loses_access(
    bob: User, client_for: Callable[[User], APIClient]
) -> None:
    client = client_for(bob)
    User.objects.filter(pk=bob.pk).update(is_active=False)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_the_first_admin_can_be_seeded_from_the_environment(settings: Any) -> None:
    settings.ADMIN_EMAIL = "ops@example.com"
    settings.ADMIN_PASSWORD = PASSWORD
    user = admin_seed_from_env()
    assert user is not None
    assert user.role == Role.ADMIN
    # Idempotent: nothing happens once a user exists.
    assert admin_seed_from_env() is None
    assert User.objects.count() == 1


def test_login_seeds_the_env_admin_lazily(settings: Any, anon: APIClient) -> None:
    settings.ADMIN_EMAIL = "ops@example.com"
    settings.ADMIN_PASSWORD = PASSWORD
    response = anon.post(
        "/api/v1/auth/login",
        {"email": "ops@example.com", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["user"]["role"] == "admin"
