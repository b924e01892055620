"""POST /record/convert: a trace becomes a valid suite whose recorded locators replay from the cache."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from rest_framework.test import APIClient

from demo.server import DemoHandle
from engine import grammar
from runs import services as run_services
from runs.execution import execute_run
from suites.models import ActionCacheEntry, Suite
from suites.schema import parse_suite
from tests.recording.conftest import PASSWORD, signup_and_login_trace

EXPECTED_STEPS = [
    "Open /signup",
    "Enter 'Ann Example' into 'Full name'",
    "Enter 'ann@example.com' into 'Email'",
    "Enter ${password} into 'Password'",
    "Check 'I accept the terms'",
    "Click 'Create account'",
    "Click 'Sign out'",
    "Click 'Sign in'",
    "Enter 'ann@example.com' into 'Email'",
    "Enter ${password} into 'Password'",
    "Press Enter",
    "Open /products",
    "Select 'Bags' from 'Category'",
]


@pytest.fixture
def no_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django_q.tasks.async_task", lambda *a, **k: "t")


def _steps(doc: dict[str, Any]) -> list[str]:
    return [step["do"] for step in doc["cases"][0]["steps"]]


@pytest.mark.django_db
def test_a_keystroke_trace_becomes_grammar_steps_with_a_masked_password(
    api: APIClient, shop: DemoHandle
) -> None:
    response = api.post(
        "/api/v1/record/convert",
        {
            "actions": signup_and_login_trace(shop.url),
            "base_url": shop.url,
            "title": "Sign up and sign in",
            "humanize": False,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    text = body["yaml"]
    assert PASSWORD not in text
    parsed = parse_suite(text)
    doc = yaml.safe_load(text)
    assert doc["suite"] == "Sign up and sign in"
    assert doc["id"].startswith("sign-up-and-sign-in-")
    assert _steps(doc) == EXPECTED_STEPS
    for step in EXPECTED_STEPS:
        assert grammar.parse(step) is not None, step
    secret = [s for s in doc["cases"][0]["steps"] if s.get("secret")]
    assert [s["do"] for s in secret] == ["Enter ${password} into 'Password'"] * 2
    assert doc["env"] == {"password": "${RECORDED_PASSWORD}"}
    assert doc["cases"][0]["expect"] == [
        {
            "id": "final-page",
            "assert": "The page is /products",
            "check": {"kind": "url", "path_is": "/products"},
        }
    ]
    assert "RECORDED_PASSWORD" in text.split("suite:")[0]  # the header says what to set
    assert len(parsed.suite.cases[0].steps) == len(EXPECTED_STEPS)
    # The merged trace: one item per step, the password masked.
    assert PASSWORD not in str(body["actions"])
    fills = [a for a in body["actions"] if a["type"] == "fill"]
    assert [a["value"] for a in fills] == [
        "Ann Example",
        "ann@example.com",
        "••••",
        "ann@example.com",
        "••••",
    ]
    # Every step with a recorded locator is seeded (navigations too), no password anywhere.
    entries = ActionCacheEntry.objects.filter(suite_id=doc["id"])
    assert entries.count() == len(EXPECTED_STEPS)
    assert PASSWORD not in str(list(entries.values_list("action", flat=True)))
    assert Suite.objects.count() == 0  # no save_as: nothing saved


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_converted_suite_runs_green_and_replays_from_the_cache(
    api: APIClient,
    shop: DemoHandle,
    no_queue: None,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    settings.TRACE = False
    settings.SCREENSHOTS = "failures"
    monkeypatch.setenv("RECORDED_PASSWORD", PASSWORD)
    response = api.post(
        "/api/v1/record/convert",
        {
            "actions": signup_and_login_trace(shop.url),
            "base_url": shop.url,
            "title": "Sign up and sign in",
            "save_as": "recorded-signup",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    saved = response.json()["saved_as"]
    assert saved == "recorded-signup.tripwire.yaml"
    assert Suite.objects.get(file=saved).yaml == response.json()["yaml"]

    run = run_services.run_submit(
        jobs=[run_services.Job(suite=saved)], base_url=shop.url, file_issues="none"
    )[0]
    execute_run(run.id)
    run.refresh_from_db()

    assert run.status == "passed", [
        (s["text"], s["status"], s["tier"], s["reason"])
        for s in (run.report or {"cases": [{"steps": []}]})["cases"][0]["steps"]
    ]
    assert run.report is not None
    steps = run.report["cases"][0]["steps"]
    assert [s["text"] for s in steps] == EXPECTED_STEPS
    assert {s["tier"] for s in steps} == {"cache"}, [
        (s["text"], s["tier"]) for s in steps
    ]
    assert not any(s["healed"] for s in steps)
    # The shop saw the sign-up with the recorded email and a sign-in with the same password.
    stats = shop.store.stats()
    assert stats["signups"] == ["ann@example.com"]
    assert stats["logins"] == 1
    assert PASSWORD not in str(run.report)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"actions": {"type": "click"}, "base_url": "http://x.test"}, "actions"),
        (
            {
                "actions": [{"type": "teleport", "url": "http://x.test/"}],
                "base_url": "http://x.test",
            },
            "actions[0].type",
        ),
        ({"actions": [{"type": "navigate", "url": "http://x.test/"}]}, "base_url"),
        (
            {
                "actions": [{"type": "navigate", "url": "http://x.test/"}],
                "base_url": "ftp://x.test",
            },
            "base_url",
        ),
        (
            {
                "actions": [{"type": "click", "url": "http://x.test/"}],
                "base_url": "http://x.test",
            },
            "actions[0]",
        ),
        ({"actions": [], "base_url": "http://x.test"}, "actions"),
    ],
)
def test_bad_input_answers_400_in_the_error_shape_and_saves_nothing(
    api: APIClient, body: dict[str, Any], path: str
) -> None:
    response = api.post(
        "/api/v1/record/convert", {**body, "save_as": "nope"}, format="json"
    )

    assert response.status_code == 400
    error = response.json()
    assert error["type"] == "validation_error"
    assert error["detail"]
    assert error["errors"][0]["path"] == path
    assert Suite.objects.count() == 0
    assert ActionCacheEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_name_clash_on_save_as_saves_and_seeds_nothing(api: APIClient) -> None:
    body = {
        "actions": [
            {"type": "navigate", "url": "http://x.test/login"},
            {
                "type": "click",
                "url": "http://x.test/login",
                "selector": "#go",
                "text": "Go",
            },
        ],
        "base_url": "http://x.test",
        "save_as": "taken",
        "humanize": False,
    }
    assert api.post("/api/v1/record/convert", body, format="json").status_code == 200
    seeded = ActionCacheEntry.objects.count()

    again = api.post("/api/v1/record/convert", body, format="json")

    assert again.status_code == 400
    assert again.json()["type"] == "validation_error"
    assert Suite.objects.count() == 1
    assert ActionCacheEntry.objects.count() == seeded


def test_convert_needs_authentication(anon: APIClient) -> None:
    response = anon.post("/api/v1/record/convert", {}, format="json")
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"
