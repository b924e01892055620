from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from rest_framework.test import APIClient

from runs import plans, services
from runs.models import Plan, Run
from suites.services import suite_create

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "suites"


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []

    def fake_async_task(func: str, run_id: str, **kwargs: Any) -> str:
        sent.append(run_id)
        return "task-id"

    monkeypatch.setattr("django_q.tasks.async_task", fake_async_task)
    return sent


@pytest.fixture
def suites(db: None) -> list[str]:
    return [
        suite_create(yaml_text=(EXAMPLES / name).read_text()).file
        for name in ("signup-login.tripwire.yaml", "storefront-widgets.tripwire.yaml")
    ]


def _plan_body(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Nightly regression",
        "items": [
            {"suite": "signup-login.tripwire.yaml"},
            {"suite": "storefront-widgets.tripwire.yaml", "cases": ["search"]},
        ],
        **extra,
    }


def test_create_get_list_update_delete(api: APIClient, suites: list[str]) -> None:
    created = api.post("/api/v1/plans", _plan_body(schedule="0 2 * * *"), format="json")
    assert created.status_code == 201
    plan = created.json()
    assert plan["id"] == "nightly-regression"
    assert plan["schedule"] == "0 2 * * *"
    assert plan["next_run"] is not None
    assert plan["last_run"] is None
    assert api.get("/api/v1/plans").json()["total"] == 1
    assert api.get("/api/v1/plans/nightly-regression").json()["items"][1] == {
        "suite": "storefront-widgets.tripwire.yaml",
        "cases": ["search"],
    }
    updated = api.post(
        "/api/v1/plans",
        _plan_body(id="nightly-regression", name="Nightly"),
        format="json",
    )
    assert updated.status_code == 200
    assert updated.json()["name"] == "Nightly"
    # Left out of the update: kept, like PATCH. Given as null: cleared.
    assert updated.json()["schedule"] == "0 2 * * *"
    cleared = api.post(
        "/api/v1/plans",
        {"id": "nightly-regression", "schedule": None},
        format="json",
    ).json()
    assert (cleared["name"], cleared["schedule"], cleared["next_run"]) == (
        "Nightly",
        "",
        None,
    )
    assert len(cleared["items"]) == 2
    assert api.delete("/api/v1/plans/nightly-regression").status_code == 204
    assert api.get("/api/v1/plans/nightly-regression").status_code == 404


@pytest.mark.parametrize(
    "cron", ["every night", "61 * * * *", "* * * *", "0 2 * * * *", "0 25 * * *"]
)
def test_a_bad_cron_is_invalid_cron(
    api: APIClient, suites: list[str], cron: str
) -> None:
    response = api.post("/api/v1/plans", _plan_body(schedule=cron), format="json")
    assert response.status_code == 400
    assert response.json()["type"] == "invalid_cron"
    assert not Plan.objects.exists()


def test_unknown_items_are_named(api: APIClient, suites: list[str]) -> None:
    body = _plan_body()
    body["items"].append({"suite": "ghost.tripwire.yaml"})
    response = api.post("/api/v1/plans", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "items[2].suite", "message": "unknown suite 'ghost.tripwire.yaml'"}
    ]


def test_auth_password_is_stored_encrypted_and_never_shown(
    api: APIClient, suites: list[str]
) -> None:
    body = _plan_body(
        auth={"username": "qa@example.com", "password": "Sup3r-secret-pw"}
    )
    plan = api.post("/api/v1/plans", body, format="json").json()
    assert plan["auth"] == {
        "username": "qa@example.com",
        "login_path": "/login",
        "password": "••••",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT auth FROM runs_plan")
        raw = cursor.fetchone()[0]
    assert "Sup3r-secret-pw" not in raw
    login = plans.plan_login_for(Plan.objects.get())
    assert login is not None and login.password == "Sup3r-secret-pw"
    # Updating without a password keeps the stored one.
    api.post(
        "/api/v1/plans",
        {**body, "id": plan["id"], "auth": {"username": "qa2@example.com"}},
        format="json",
    )
    login = plans.plan_login_for(Plan.objects.get())
    assert login is not None and (login.username, login.password) == (
        "qa2@example.com",
        "Sup3r-secret-pw",
    )


def test_run_now_creates_every_item_but_dispatches_them_in_order(
    api: APIClient,
    suites: list[str],
    enqueued: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    plan_id = api.post("/api/v1/plans", _plan_body(), format="json").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/plans/{plan_id}/run")
    assert response.status_code == 201
    first, second = response.json()["run_ids"]
    assert enqueued == [first]  # item 2 waits for item 1
    assert Run.objects.get(pk=second).status == "queued"
    assert Plan.objects.get().last_run is not None

    services.run_claim(run_id=first, worker="w:1")
    with django_capture_on_commit_callbacks(execute=True):
        services.run_finish(run=Run.objects.get(pk=first), report=None, status="failed")
    assert enqueued == [first, second]  # a failed item still lets the next one start


def test_cancelling_a_waiting_item_moves_on_to_the_next(
    api: APIClient,
    suites: list[str],
    enqueued: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    plan_id = api.post("/api/v1/plans", _plan_body(), format="json").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        first, second = api.post(f"/api/v1/plans/{plan_id}/run").json()["run_ids"]
        api.post(f"/api/v1/runs/{first}/cancel")
    assert enqueued == [first, second]


def test_a_saved_schedule_arms_for_the_next_boundary_without_catch_up(
    suites: list[str],
) -> None:
    with time_machine.travel(datetime(2026, 3, 1, 1, 59, 30, tzinfo=UTC), tick=False):
        plan = plans.plan_save(
            name="Nightly",
            items=[plans.PlanItem(suite=suites[0])],
            schedule="0 2 * * *",
        )
    assert plan.next_run == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    # Saved after a missed boundary: the next one is tomorrow's, nothing is fired for today's.
    with time_machine.travel(datetime(2026, 3, 1, 2, 30, tzinfo=UTC), tick=False):
        late = plans.plan_save(
            name="Late", items=[plans.PlanItem(suite=suites[0])], schedule="0 2 * * *"
        )
    assert late.next_run == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_due_plans_fire_once_and_rearm(suites: list[str], enqueued: list[str]) -> None:
    with time_machine.travel(datetime(2026, 3, 1, 1, 59, tzinfo=UTC), tick=False):
        plans.plan_save(
            name="Nightly",
            items=[plans.PlanItem(suite=suites[0])],
            schedule="0 2 * * *",
        )
        assert plans.plans_fire_due() == []
    with time_machine.travel(datetime(2026, 3, 1, 2, 0, 20, tzinfo=UTC), tick=False):
        assert plans.plans_fire_due() == ["nightly"]
        assert plans.plans_fire_due() == []
    plan = Plan.objects.get()
    assert plan.next_run == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    assert plan.last_run == datetime(2026, 3, 1, 2, 0, 20, tzinfo=UTC)
    assert Run.objects.filter(plan=plan, trigger="schedule").count() == 1


def test_two_schedulers_reading_the_same_boundary_fire_it_once(
    suites: list[str], enqueued: list[str]
) -> None:
    with time_machine.travel(datetime(2026, 3, 1, 1, 59, tzinfo=UTC), tick=False):
        plans.plan_save(
            name="Nightly",
            items=[plans.PlanItem(suite=suites[0])],
            schedule="0 2 * * *",
        )
    now = datetime(2026, 3, 1, 2, 0, 5, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        seen_by_a = plans.plans_due(now=now)
        seen_by_b = plans.plans_due(now=now)
        assert plans.plan_fire_if_due(plan=seen_by_b[0], now=now) is True
        assert plans.plan_fire_if_due(plan=seen_by_a[0], now=now) is False
    assert Run.objects.filter(trigger="schedule").count() == 1


def test_a_new_plan_needs_a_name_and_items(api: APIClient, suites: list[str]) -> None:
    response = api.post("/api/v1/plans", {"id": "fresh"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "name", "message": "required"},
        {"path": "items", "message": "required"},
    ]
    assert not Plan.objects.exists()


def test_a_plan_runs_its_items_against_its_base_url(
    api: APIClient, suites: list[str], enqueued: list[str]
) -> None:
    bad = api.post(
        "/api/v1/plans", _plan_body(base_url="ftp://elsewhere"), format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["path"] == "base_url"
    plan = api.post(
        "/api/v1/plans",
        _plan_body(base_url="http://preview.example.test:8500/"),
        format="json",
    ).json()
    assert plan["base_url"] == "http://preview.example.test:8500"
    run_ids = api.post(f"/api/v1/plans/{plan['id']}/run").json()["run_ids"]
    assert {Run.objects.get(pk=run_id).base_url for run_id in run_ids} == {
        "http://preview.example.test:8500"
    }
