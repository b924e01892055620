"""Instance settings: env defaults, admin-only writes, secrets encrypted at rest and masked on read."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.crypto import MASK, SecretUnreadable, decrypt_text, encrypt_text, mask
from core.selectors import SECRET_FIELDS, SETTINGS_FIELDS, instance_settings_get

pytestmark = pytest.mark.django_db

SECRETS = {
    "llm_api_key": "sk-live-abcdefghijklmnop1111",
    "github_token": "ghp_abcdefghijklmnopqrstu2222",
    "gitlab_token": "glpat-abcdefghijklmnop3333",
    "jira_token": "ATATT3xFfGF0abcdefghij4444",
    "slack_webhook_url": "https://hooks.slack.com/services/T000/B000/XXXXSECRET5555",
    "teams_webhook_url": "https://acme.webhook.office.com/webhookb2/abc/IncomingWebhook/SECRET6666",
    "datadog_api_key": "dd0123456789abcdefapikey7777",
    "datadog_app_key": "dd0123456789abcdefappkey8888",
    "elasticsearch_api_key": "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw9999",
}


def _raw_row() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_instancesettings WHERE singleton = 1")
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(names, row, strict=True))


def test_members_read_but_only_admins_write(
    member_api: APIClient, admin_api: APIClient
) -> None:
    assert member_api.get("/api/v1/settings").status_code == 200
    denied = member_api.put(
        "/api/v1/settings", {"github_repo": "acme/shop"}, format="json"
    )
    assert denied.status_code == 403
    assert denied.json()["type"] == "permission_denied"
    assert instance_settings_get().github_repo == ""

    allowed = admin_api.put(
        "/api/v1/settings", {"github_repo": "acme/shop"}, format="json"
    )
    assert allowed.status_code == 200
    assert allowed.json()["github_repo"] == "acme/shop"


def test_secrets_are_masked_on_read_and_never_in_responses_logs_or_the_database(
    admin_api: APIClient, member_api: APIClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        saved = admin_api.put("/api/v1/settings", SECRETS, format="json")
        read = member_api.get("/api/v1/settings")
        admin_read = admin_api.get("/api/v1/settings")
    assert saved.status_code == 200

    for response in (saved, read, admin_read):
        body = response.json()
        text = response.content.decode()
        for name, secret in SECRETS.items():
            assert body[name] == MASK + secret[-4:]
            assert secret not in text
            assert secret[:-4] not in text
    assert read.json()["github_token"] == "••••2222"

    for secret in SECRETS.values():
        assert secret not in caplog.text

    row = _raw_row()
    for name, secret in SECRETS.items():
        stored = str(row[name])
        assert stored and secret not in stored
        assert stored.startswith("gAAAA")  # a Fernet token
        assert decrypt_text(stored) == secret  # and it is really the value, encrypted

    effective = instance_settings_get()
    for name, secret in SECRETS.items():
        assert getattr(effective, name) == secret


def test_env_defaults_apply_when_nothing_is_saved(
    settings: Any, api: APIClient
) -> None:
    settings.GITHUB_REPO = "env/repo"
    settings.GITHUB_TOKEN = "ghp_from_the_environment_9999"
    settings.NOTIFY_ON = "always"
    settings.LLM_MODEL = "env-model"
    body = api.get("/api/v1/settings").json()
    assert body["github_repo"] == "env/repo"
    assert body["github_token"] == "••••9999"
    assert body["notify_on"] == "always"
    assert body["llm_model"] == "env-model"
    assert body["file_issues"] == "tripwire"
    assert body["github_api_url"] == "https://api.github.com"
    assert body["sources"]["github_repo"] == "env"
    assert body["sources"]["gitlab_token"] == "unset"
    assert body["gitlab_token"] == ""
    effective = instance_settings_get()
    assert effective.github_token == "ghp_from_the_environment_9999"
    assert effective.github_configured is True
    assert effective.gitlab_configured is False


def test_saved_values_win_and_empty_string_goes_back_to_the_env_default(
    settings: Any, admin_api: APIClient
) -> None:
    settings.GITHUB_REPO = "env/repo"
    body = admin_api.put(
        "/api/v1/settings", {"github_repo": "saved/repo"}, format="json"
    ).json()
    assert body["github_repo"] == "saved/repo"
    assert body["sources"]["github_repo"] == "settings"

    body = admin_api.put("/api/v1/settings", {"github_repo": ""}, format="json").json()
    assert body["github_repo"] == "env/repo"
    assert body["sources"]["github_repo"] == "env"
    assert _raw_row()["github_repo"] == ""


def test_only_non_null_fields_are_written(admin_api: APIClient) -> None:
    admin_api.put(
        "/api/v1/settings",
        {"github_repo": "acme/shop", "github_token": "ghp_first_token_value_1234"},
        format="json",
    )
    body = admin_api.put(
        "/api/v1/settings",
        {"github_repo": None, "jira_project": "qa"},
        format="json",
    ).json()
    assert body["github_repo"] == "acme/shop"
    assert body["github_token"] == "••••1234"
    assert body["jira_project"] == "QA"


def test_a_masked_secret_sent_back_is_left_alone(admin_api: APIClient) -> None:
    admin_api.put(
        "/api/v1/settings", {"github_token": "ghp_keep_this_token_7777"}, format="json"
    )
    # A client that PUTs back everything it read (masked secrets, sources and all).
    read = admin_api.get("/api/v1/settings").json()
    read["github_repo"] = "acme/shop"
    assert admin_api.put("/api/v1/settings", read, format="json").status_code == 200
    assert instance_settings_get().github_token == "ghp_keep_this_token_7777"
    assert instance_settings_get().github_repo == "acme/shop"


def test_a_value_equal_to_the_env_default_is_not_pinned(
    settings: Any, admin_api: APIClient
) -> None:
    settings.SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/ENV/DEFAULT/1234"
    admin_api.put(
        "/api/v1/settings",
        {"slack_webhook_url": "https://hooks.slack.com/services/ENV/DEFAULT/1234"},
        format="json",
    )
    assert _raw_row()["slack_webhook_url"] == ""
    settings.SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/ENV/ROTATED/5678"
    assert instance_settings_get().slack_webhook_url.endswith("ROTATED/5678")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("notify_on", "sometimes"),
        ("log_backend", "splunk"),
        ("file_issues", "tripwire,linear"),
        ("file_issues", "none,github"),
        ("github_api_url", "ftp://example.com"),
        ("slack_webhook_url", "not a url"),
        ("github_repo", "no-slash"),
        ("jira_project", "Q A"),
        ("jira_email", "bot"),
        ("loki_selector", "job=shop"),
        ("log_file_path", "relative/shop.log"),
        ("llm_model", "m" * 201),
        ("github_repo", 12),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_saved(
    admin_api: APIClient, field: str, value: Any
) -> None:
    response = admin_api.put(
        "/api/v1/settings", {"gitlab_project": "acme/shop", field: value}, format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["type"] == "validation_error"
    assert [e["path"] for e in body["errors"]] == [field]
    assert instance_settings_get().gitlab_project == ""


def test_unknown_keys_are_refused_and_value_problems_come_together(
    admin_api: APIClient,
) -> None:
    response = admin_api.put(
        "/api/v1/settings",
        {"notify_on": "loud", "log_backend": "splunk", "nonsense": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["nonsense"]
    response = admin_api.put(
        "/api/v1/settings",
        {"notify_on": "loud", "log_backend": "splunk"},
        format="json",
    )
    assert sorted(e["path"] for e in response.json()["errors"]) == [
        "log_backend",
        "notify_on",
    ]


def test_values_are_normalised(admin_api: APIClient) -> None:
    body = admin_api.put(
        "/api/v1/settings",
        {
            "file_issues": " Jira , tripwire,github ",
            "notify_on": "ALWAYS",
            "gitlab_url": "https://gitlab.example/",
            "log_http_url": "https://logs.example/search?trace={trace_id}",
        },
        format="json",
    ).json()
    assert body["file_issues"] == "tripwire,github,jira"
    assert body["notify_on"] == "always"
    assert body["gitlab_url"] == "https://gitlab.example"
    assert body["log_http_url"] == "https://logs.example/search?trace={trace_id}"


def test_the_answer_lists_every_setting(api: APIClient) -> None:
    body = api.get("/api/v1/settings").json()
    assert set(SETTINGS_FIELDS) <= set(body)
    assert set(body) - set(SETTINGS_FIELDS) == {"sources", "unreadable"}


def test_a_changed_secret_key_makes_saved_secrets_unreadable_not_fatal(
    admin_api: APIClient, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    admin_api.put(
        "/api/v1/settings", {"github_token": "ghp_before_rotation_0001"}, format="json"
    )
    settings.SECRET_KEY = "a completely different secret key for this instance"
    settings.GITHUB_TOKEN = "ghp_env_fallback_token_0002"
    with caplog.at_level(logging.WARNING):
        effective = instance_settings_get()
    assert effective.unreadable == ("github_token",)
    assert effective.github_token == "ghp_env_fallback_token_0002"
    assert "github_token cannot be decrypted" in caplog.text


def test_integrations_trackers(admin_api: APIClient, member_api: APIClient) -> None:
    assert member_api.get("/api/v1/integrations/trackers").json() == {
        "github": False,
        "gitlab": False,
        "jira": False,
    }
    admin_api.put(
        "/api/v1/settings",
        {
            "github_token": "ghp_tracker_token_0001",
            "github_repo": "acme/shop",
            "jira_base": "https://acme.atlassian.net",
            "jira_email": "bot@acme.test",
            "jira_project": "QA",
        },
        format="json",
    )
    # Jira still lacks its token: not configured.
    assert member_api.get("/api/v1/integrations/trackers").json() == {
        "github": True,
        "gitlab": False,
        "jira": False,
    }


def test_encryption_round_trip_and_masking() -> None:
    one, two = encrypt_text("hunter2-secret"), encrypt_text("hunter2-secret")
    assert one != two  # a fresh IV every time
    assert decrypt_text(one) == decrypt_text(two) == "hunter2-secret"
    assert decrypt_text(one, purpose="instance-settings") == "hunter2-secret"
    with pytest.raises(SecretUnreadable):
        decrypt_text(one, purpose="plan-passwords")
    with pytest.raises(SecretUnreadable):
        decrypt_text("not a token")
    assert mask("abcdefgh1234") == "••••1234"
    assert mask("short") == "••••"
    assert mask("") == ""
    assert set(SECRETS) == SECRET_FIELDS
