"""Members: admins change roles, switch accounts off and on, remove them (never the last admin);
everyone changes their own password, which ends their other sessions."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Invite, Role, User
from core.services import (
    LastAdmin,
    api_token_create,
    session_token_for,
    user_delete,
    user_update,
)
from issues.models import IssueComment
from runs.models import Run
from tests.factories import PASSWORD, IssueFactory, RunFactory, UserFactory

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_an_admin_changes_a_role(admin_api: APIClient, bob: User) -> None:
    done = admin_api.patch(
        f"/api/v1/auth/users/{bob.id}", {"role": "admin"}, format="json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["role"] == "admin"
    bob.refresh_from_db()
    assert bob.role == Role.ADMIN
    wrong = admin_api.patch(
        f"/api/v1/auth/users/{bob.id}", {"role": "owner"}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["type"] == "validation_error"


def test_members_cannot_manage_users(member_api: APIClient, alice: User) -> None:
    assert (
        member_api.patch(
            f"/api/v1/auth/users/{alice.id}", {"role": "member"}, format="json"
        ).status_code
        == 403
    )
    assert member_api.delete(f"/api/v1/auth/users/{alice.id}").status_code == 403


def test_a_deactivated_member_is_refused_at_once_and_back_when_reactivated(
    admin_api: APIClient, bob: User
) -> None:
    session = bearer(session_token_for(bob))
    token = bearer(api_token_create(user=bob, name="ci").raw)
    page = Client()
    page.force_login(bob)
    for client in (session, token):
        assert client.get("/api/v1/suites").status_code == 200
    assert page.get("/suites").status_code == 200

    off = admin_api.patch(
        f"/api/v1/auth/users/{bob.id}", {"is_active": False}, format="json"
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    # The very next request of every kind of credential is refused.
    for client in (session, token):
        assert client.get("/api/v1/suites").status_code == 401
    assert page.get("/suites")["Location"].startswith("/login")
    assert (
        APIClient()
        .post(
            "/api/v1/auth/login",
            {"email": "bob@example.com", "password": PASSWORD},
            format="json",
        )
        .status_code
        == 401
    )

    admin_api.patch(f"/api/v1/auth/users/{bob.id}", {"is_active": True}, format="json")
    assert token.get("/api/v1/suites").status_code == 200


def test_the_last_admin_cannot_be_demoted_switched_off_or_removed(
    admin_api: APIClient,
    alice: User,
    bob: User,
    client_for: Callable[[User], APIClient],
) -> None:
    # Through the API an admin always acts on someone else; the rule holds for every caller.
    for change in ({"role": Role.MEMBER}, {"is_active": False}):
        with pytest.raises(LastAdmin):
            user_update(user=alice, **change)
    with pytest.raises(LastAdmin):
        user_delete(user=alice)
    alice.refresh_from_db()
    assert (alice.role, alice.is_active, alice.deleted) == (Role.ADMIN, True, None)
    # With a second admin, the first may be stepped down — by the other one.
    admin_api.patch(f"/api/v1/auth/users/{bob.id}", {"role": "admin"}, format="json")
    for refused in (
        admin_api.patch(
            f"/api/v1/auth/users/{alice.id}", {"role": "member"}, format="json"
        ),
        admin_api.patch(
            f"/api/v1/auth/users/{alice.id}", {"is_active": False}, format="json"
        ),
        admin_api.delete(f"/api/v1/auth/users/{alice.id}"),
    ):
        assert refused.status_code == 409
        assert refused.json()["type"] == "own_account"
    assert (
        client_for(bob)
        .patch(f"/api/v1/auth/users/{alice.id}", {"role": "member"}, format="json")
        .status_code
        == 200
    )


def test_an_inactive_admin_does_not_count_as_the_remaining_one(
    admin_api: APIClient, alice: User
) -> None:
    other = UserFactory.create(email="carol@example.com", role=Role.ADMIN)
    admin_api.patch(
        f"/api/v1/auth/users/{other.id}", {"is_active": False}, format="json"
    )
    refused = admin_api.patch(
        f"/api/v1/auth/users/{alice.id}", {"role": "member"}, format="json"
    )
    assert refused.status_code == 409


def test_a_removed_user_leaves_their_work_attributed_to_deleted_user(
    admin_api: APIClient, bob: User
) -> None:
    run = RunFactory.create(created_by=bob)
    issue = IssueFactory.create()
    IssueComment.objects.create(issue=issue, author=bob, body="Seen on staging too.")
    token = bearer(api_token_create(user=bob, name="ci").raw)

    assert admin_api.delete(f"/api/v1/auth/users/{bob.id}").status_code == 204

    assert token.get("/api/v1/suites").status_code == 401
    listed = [u["email"] for u in admin_api.get("/api/v1/auth/users").json()["items"]]
    assert "bob@example.com" not in listed
    assert admin_api.delete(f"/api/v1/auth/users/{bob.id}").status_code == 404
    assert Run.objects.get(pk=run.pk).created_by_id == bob.id
    detail = admin_api.get(f"/api/v1/issues/{issue.key}").json()
    authors = [c["author"] for c in detail["comments"]]
    assert authors == ["deleted user"]
    page = Client()
    page.force_login(User.objects.get(email="alice@example.com"))
    assert "deleted user" in page.get(f"/issues/{issue.key}").content.decode()
    # The email is free for a new account.
    again = admin_api.post(
        "/api/v1/auth/users",
        {"email": "bob@example.com", "password": PASSWORD, "role": "member"},
        format="json",
    )
    assert again.status_code == 201


def test_a_password_change_needs_the_old_one_and_ends_other_sessions(
    bob: User, client_for: Callable[[User], APIClient]
) -> None:
    mine, other = client_for(bob), client_for(bob)
    other_page = Client()
    other_page.force_login(bob)
    wrong = mine.post(
        "/api/v1/auth/password",
        {"old_password": "not-it", "new_password": "A-new-pass-5678"},
        format="json",
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["path"] == "old_password"
    weak = mine.post(
        "/api/v1/auth/password",
        {"old_password": PASSWORD, "new_password": "123"},
        format="json",
    )
    assert weak.status_code == 400
    assert {e["path"] for e in weak.json()["errors"]} == {"new_password"}

    done = mine.post(
        "/api/v1/auth/password",
        {"old_password": PASSWORD, "new_password": "A-new-pass-5678"},
        format="json",
    )
    assert done.status_code == 200
    assert other.get("/api/v1/auth/me").status_code == 401
    assert other_page.get("/suites")["Location"].startswith("/login")
    assert bearer(done.json()["token"]).get("/api/v1/auth/me").status_code == 200
    signed_in = APIClient().post(
        "/api/v1/auth/login",
        {"email": "bob@example.com", "password": "A-new-pass-5678"},
        format="json",
    )
    assert signed_in.status_code == 200


def test_pages_manage_members_and_change_a_password(alice: User, bob: User) -> None:
    admin = Client()
    admin.force_login(alice)
    admin.post(
        "/settings/users",
        {"action": "update", "user": bob.id, "role": "admin", "is_active": "on"},
    )
    bob.refresh_from_db()
    assert (bob.role, bob.is_active) == (Role.ADMIN, True)
    admin.post(
        "/settings/users", {"action": "update", "user": bob.id, "role": "member"}
    )
    bob.refresh_from_db()
    assert (bob.role, bob.is_active) == (
        Role.MEMBER,
        False,
    )  # the box was left unticked
    refused = admin.post(
        "/settings/users", {"action": "update", "user": alice.id, "role": "member"}
    )
    assert "your own account" in refused.content.decode()
    admin.post("/settings/users", {"action": "delete", "user": bob.id})
    assert User.objects.get(pk=bob.pk).deleted is not None

    changed = admin.post(
        "/account", {"old_password": PASSWORD, "new_password": "Alice-new-pass-9"}
    )
    assert changed.status_code == 302
    # This session goes on after its own password change.
    assert admin.get("/account").status_code == 200
    alice.refresh_from_db()
    assert alice.check_password("Alice-new-pass-9")


# --- invites ---------------------------------------------------------------------------------


def invite(
    admin_api: APIClient, email: str = "dana@example.com", role: str = "member"
) -> dict[str, Any]:
    made = admin_api.post(
        "/api/v1/auth/invites", {"email": email, "role": role}, format="json"
    )
    assert made.status_code == 201, made.content
    return dict(made.json())


def token_of(link: str) -> str:
    return link.split("token=", 1)[1]


def test_an_invite_link_lets_someone_join_once(
    admin_api: APIClient, alice: User, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = "https://tripwire.example.com"
    made = invite(admin_api, role="admin")
    assert made["link"].startswith("https://tripwire.example.com/accept-invite?token=")
    assert made["mailed"] is False
    raw = token_of(made["link"])
    # Only a hash is stored; the link is never listed again.
    assert not Invite.objects.filter(token_hash=raw).exists()
    listed = admin_api.get("/api/v1/auth/invites").json()["items"]
    assert [(i["email"], i["role"], i["invited_by"]) for i in listed] == [
        ("dana@example.com", "admin", "alice@example.com")
    ]
    assert "link" not in listed[0]

    anon = APIClient()
    seen = anon.get("/api/v1/auth/invites/accept", {"token": raw}).json()
    assert (seen["email"], seen["role"], seen["invited_by"]) == (
        "dana@example.com",
        "admin",
        "alice@example.com",
    )
    weak = anon.post(
        "/api/v1/auth/invites/accept", {"token": raw, "password": "123"}, format="json"
    )
    assert weak.status_code == 400
    joined = anon.post(
        "/api/v1/auth/invites/accept",
        {"token": raw, "password": "Dana-pass-2468"},
        format="json",
    )
    assert joined.status_code == 201
    assert joined.json()["user"]["role"] == "admin"
    assert bearer(joined.json()["token"]).get("/api/v1/auth/me").json()["email"] == (
        "dana@example.com"
    )
    twice = anon.post(
        "/api/v1/auth/invites/accept",
        {"token": raw, "password": "Other-pass-1357"},
        format="json",
    )
    assert twice.status_code == 409
    assert admin_api.get("/api/v1/auth/invites").json()["items"] == []


def test_invites_expire_can_be_withdrawn_and_are_for_admins(
    admin_api: APIClient, member_api: APIClient, bob: User
) -> None:
    assert (
        member_api.post(
            "/api/v1/auth/invites", {"email": "x@example.com"}, format="json"
        ).status_code
        == 403
    )
    taken = admin_api.post(
        "/api/v1/auth/invites", {"email": "bob@example.com"}, format="json"
    )
    assert taken.status_code == 400
    old = invite(admin_api, "old@example.com")
    Invite.objects.filter(email="old@example.com").update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    expired = APIClient().get(
        "/api/v1/auth/invites/accept", {"token": token_of(old["link"])}
    )
    assert expired.status_code == 409 and "expired" in expired.json()["detail"]
    gone = invite(admin_api, "gone@example.com")
    assert admin_api.delete(f"/api/v1/auth/invites/{gone['id']}").status_code == 204
    withdrawn = APIClient().post(
        "/api/v1/auth/invites/accept",
        {"token": token_of(gone["link"]), "password": "Gone-pass-2468"},
        format="json",
    )
    assert withdrawn.status_code == 409
    assert not User.objects.filter(email="gone@example.com").exists()
    assert (
        APIClient().get("/api/v1/auth/invites/accept", {"token": "nope"}).status_code
        == 404
    )


def test_the_invitee_joins_through_the_pages(alice: User) -> None:
    admin = Client()
    admin.force_login(alice)
    page = admin.post(
        "/settings/users",
        {"action": "invite", "email": "erin@example.com", "role": "member"},
    ).content.decode()
    link = re.search(r'id="invite-link">([^<]+)<', page)
    assert link is not None
    path = "/accept-invite?" + link.group(1).split("?", 1)[1]
    invitee = Client()
    shown = invitee.get(path).content.decode()
    assert "alice@example.com" in shown and "erin@example.com" in shown
    token = path.split("token=", 1)[1]
    joined = invitee.post(
        "/accept-invite",
        {"token": token, "password": "Erin-pass-1357", "password2": "Erin-pass-1357"},
    )
    assert joined["Location"] == "/"
    assert invitee.get("/suites").status_code == 200  # signed in
    assert Client().get(path).status_code == 409  # used


def test_an_invite_is_mailed_when_smtp_is_set(
    admin_api: APIClient, settings: Any, mailoutbox: list[Any]
) -> None:
    settings.EMAIL_HOST = "smtp.example.com"
    made = invite(admin_api, "fay@example.com")
    assert made["mailed"] is True
    [mail] = mailoutbox
    assert mail.to == ["fay@example.com"]
    assert made["link"] in mail.body and "alice@example.com" in mail.body
