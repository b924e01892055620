"""The Django admin shows issues and comments, and instance settings without their secrets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.models import InstanceSettings, User
from core.selectors import instance_settings_get
from core.settings_services import instance_settings_update
from issues.models import Issue
from tests.issues.conftest import FileRun
from tests.issues.reports import failed_case, run_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


def test_issue_pages(admin_client: Client, file_run: FileRun) -> None:
    file_run(run_report(failed_case(), run_id="run0001"))
    file_run(run_report(failed_case(), run_id="run0002"))
    issue = Issue.objects.get()
    listing = admin_client.get("/admin/issues/issue/")
    assert listing.status_code == 200
    assert str(issue.key) in listing.content.decode()
    page = admin_client.get(f"/admin/issues/issue/{issue.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "run0002" in text  # occurrences inline
    assert "Seen again in run" in text  # comments inline
    assert admin_client.get("/admin/issues/issuecomment/").status_code == 200


def test_instance_settings_page_hides_secrets_and_validates(
    admin_client: Client, settings: Any
) -> None:
    instance_settings_update(values={"github_token": "ghp_admin_page_secret_42"})
    url = "/admin/core/instancesettings/1/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "ghp_admin_page_secret_42" not in text
    stored = InstanceSettings.objects.get().github_token
    assert stored not in text  # not even the ciphertext
    assert "github_token: saved" in text

    refused = admin_client.post(url, {"notify_on": "sometimes", "github_repo": "x"})
    assert refused.status_code == 200  # the form again, with errors
    assert "must be one of failures, always, never" in refused.content.decode()
    assert instance_settings_get().notify_on == "failures"

    saved = admin_client.post(url, {"notify_on": "ALWAYS", "github_repo": "acme/shop"})
    assert saved.status_code == 302
    effective = instance_settings_get()
    assert (effective.notify_on, effective.github_repo) == ("always", "acme/shop")
    assert effective.github_token == "ghp_admin_page_secret_42"  # untouched
