"""Runs, plans, case results and the action cache in the Django admin: shown, not edited."""

from __future__ import annotations

import pytest
from django.test import Client

from core.models import User
from runs.models import Run
from suites.models import ActionCacheEntry
from tests.factories import (
    ActionCacheEntryFactory,
    CaseResultFactory,
    PlanFactory,
    RunFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


def test_runs_list_with_counts_and_a_status_filter(admin_client: Client) -> None:
    failed = RunFactory.create(status="failed", passed=2, failed=1)
    RunFactory.create(status="passed", passed=3)
    everything = admin_client.get("/admin/runs/run/")
    assert everything.status_code == 200
    assert everything.content.decode().count('class="field-id"') == 2
    only_failed = admin_client.get("/admin/runs/run/?status__exact=failed")
    text = only_failed.content.decode()
    assert text.count('class="field-id"') == 1
    assert failed.id in text


def test_a_run_page_shows_its_case_results_read_only(admin_client: Client) -> None:
    run = RunFactory.create(status="failed", failed=1)
    CaseResultFactory.create(run=run, case_id="checkout", status="failed")
    page = admin_client.get(f"/admin/runs/run/{run.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "checkout" in text
    assert 'name="_save"' not in text  # nothing to save: history is read-only
    assert admin_client.get("/admin/runs/run/add/").status_code == 403
    assert admin_client.get("/admin/runs/caseresult/add/").status_code == 403
    results = admin_client.get("/admin/runs/caseresult/?status__exact=failed")
    assert "checkout" in results.content.decode()


def test_cancelling_from_the_admin_goes_through_the_service(
    admin_client: Client,
) -> None:
    queued = RunFactory.create(status="queued", finished=None)
    done = RunFactory.create(status="passed")
    response = admin_client.post(
        "/admin/runs/run/",
        {"action": "cancel_runs", "_selected_action": [queued.pk, done.pk]},
        follow=True,
    )
    assert "Cancel requested for 1 run(s)." in response.content.decode()
    queued.refresh_from_db()
    done.refresh_from_db()
    assert queued.status == "cancelled"
    assert queued.reason == "cancelled before it started"
    assert done.status == "passed"


def test_plans_never_show_their_login_password(admin_client: Client) -> None:
    plan = PlanFactory.create(
        auth={"username": "qa@example.com", "password": "enc:plan-secret-xyz"}
    )
    page = admin_client.get(f"/admin/runs/plan/{plan.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert plan.name in text
    assert "plan-secret-xyz" not in text


def test_forgetting_cache_entries(admin_client: Client) -> None:
    kept = ActionCacheEntryFactory.create(step_id="s1")
    dropped = ActionCacheEntryFactory.create(step_id="s2", text="Click 'Checkout'")
    listing = admin_client.get("/admin/suites/actioncacheentry/")
    assert "Click &#x27;Checkout&#x27;" in listing.content.decode()
    response = admin_client.post(
        "/admin/suites/actioncacheentry/",
        {"action": "forget", "_selected_action": [dropped.pk]},
        follow=True,
    )
    assert "Forgot 1 entries." in response.content.decode()
    assert list(ActionCacheEntry.objects.values_list("pk", flat=True)) == [kept.pk]


def test_members_cannot_open_the_admin(bob: User) -> None:
    client = Client()
    client.force_login(bob)
    response = client.get("/admin/runs/run/")
    assert response.status_code == 302  # to the admin login
    assert Run.objects.count() == 0
