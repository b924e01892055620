"""humanize: the model's wording is used only when the grammar reads it back as the same step."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from rest_framework.test import APIClient

from suites.models import ActionCacheEntry
from tests.fakes.llm import FakeLlm

pytestmark = pytest.mark.django_db

BASE = "http://shop.test"
TRACE = [
    {"type": "navigate", "url": f"{BASE}/login"},
    {
        "type": "fill",
        "url": f"{BASE}/login",
        "selector": "#email",
        "text": "Email",
        "value": "ann@example.com",
    },
    {
        "type": "fill",
        "url": f"{BASE}/login",
        "selector": "#password",
        "text": "Password",
        "value": "hunter2-pw",
    },
    {"type": "click", "url": f"{BASE}/login", "selector": "#go", "text": "Sign in"},
    {"type": "navigate", "url": f"{BASE}/account"},
]
DETERMINISTIC = [
    "Open /login",
    "Enter 'ann@example.com' into 'Email'",
    "Enter ${password} into 'Password'",
    "Click 'Sign in'",
]


def _convert(api: APIClient, **extra: Any) -> dict[str, Any]:
    response = api.post(
        "/api/v1/record/convert",
        {"actions": TRACE, "base_url": BASE, **extra},
        format="json",
    )
    assert response.status_code == 200, response.json()
    return dict(yaml.safe_load(response.json()["yaml"]))


@pytest.fixture
def model(fake: FakeLlm, settings: Any) -> FakeLlm:
    settings.LLM_BASE_URL = fake.base_url
    settings.LLM_MODEL = "llama3.1"
    settings.LLM_API_KEY = None
    return fake


def test_a_rewording_that_parses_as_the_same_step_is_used(
    api: APIClient, model: FakeLlm
) -> None:
    model.reply_json(
        {
            "title": "Sign in to the shop",
            "steps": [
                {"id": "s1", "do": "Go to /login"},
                {"id": "s2", "do": "Type 'ann@example.com' into the 'Email' field"},
                {"id": "s3", "do": "Enter ${password} into the 'Password' field"},
                {"id": "s4", "do": "Click the 'Sign in' button"},
            ],
        }
    )

    doc = _convert(api)

    assert [s["do"] for s in doc["cases"][0]["steps"]] == [
        "Go to /login",
        "Type 'ann@example.com' into the 'Email' field",
        "Enter ${password} into the 'Password' field",
        "Click the 'Sign in' button",
    ]
    assert doc["suite"] == "Sign in to the shop"
    assert doc["id"].startswith("sign-in-to-the-shop-")
    # The model saw the steps with the placeholder, never the password.
    assert "hunter2-pw" not in json.dumps(model.calls)
    assert "${password}" in json.dumps(model.calls)
    # Seeds are keyed on the final wording, so the first run finds them.
    texts = set(
        ActionCacheEntry.objects.filter(suite_id=doc["id"]).values_list(
            "text", flat=True
        )
    )
    assert "Click the 'Sign in' button" in texts


def test_a_rewording_the_grammar_cannot_read_back_keeps_the_deterministic_text(
    api: APIClient, model: FakeLlm
) -> None:
    model.reply_json(
        {
            "title": "Sign in",
            "steps": [
                {"id": "s1", "do": "Navigate somewhere nice"},  # not the grammar
                {
                    "id": "s2",
                    "do": "Enter 'bob@example.com' into 'Email'",
                },  # another value
                {
                    "id": "s3",
                    "do": "Enter 'hunter2' into 'Password'",
                },  # drops the secret
                {"id": "s4", "do": "Click 'Sign up'"},  # another element
            ],
        }
    )

    doc = _convert(api, title="My sign-in")

    assert [s["do"] for s in doc["cases"][0]["steps"]] == DETERMINISTIC
    assert doc["suite"] == "My sign-in"  # an explicit title is never reworded
    assert len(model.calls) == 1


def test_without_a_model_or_with_humanize_off_the_deterministic_text_is_used(
    api: APIClient, fake: FakeLlm, settings: Any
) -> None:
    settings.LLM_BASE_URL = None
    settings.LLM_API_KEY = None
    assert [s["do"] for s in _convert(api)["cases"][0]["steps"]] == DETERMINISTIC

    settings.LLM_BASE_URL = fake.base_url
    assert [s["do"] for s in _convert(api, humanize=False)["cases"][0]["steps"]] == (
        DETERMINISTIC
    )
    assert fake.calls == []


def test_a_failing_model_keeps_the_deterministic_text(
    api: APIClient, model: FakeLlm
) -> None:
    model.reply_error(401, "bad key")

    doc = _convert(api)

    assert [s["do"] for s in doc["cases"][0]["steps"]] == DETERMINISTIC
    assert doc["suite"] == "Recorded flow on shop.test"
