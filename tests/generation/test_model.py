"""Generation with a model: the scripted OpenAI-compatible fake behind the real openai client."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from rest_framework.test import APIClient

from demo.server import DemoHandle
from runs.models import Plan
from suites.schema import parse_suite
from tests.fakes.llm import FakeLlm, LlmReply
from tests.model.helpers import text_of

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8500"
AREAS = {
    "areas": [
        {"id": "signup", "name": "Sign up", "focus": "creating an account"},
        {"id": "checkout", "name": "Checkout", "focus": "placing an order"},
    ]
}
SIGNUP_YAML = """\
suite: anything
id: anything
base_url: http://elsewhere.test
fixtures:
  email: {gen: unique_email}
  password: {gen: password}
cases:
  - id: happy
    title: A visitor creates an account
    tags: [happy-path]
    steps:
      - Open /signup
      - Enter ${email} into 'Email'
      - {do: "Enter ${password} into 'Password'", secret: true}
      - Click 'Create account'
    expect:
      - {assert: welcomed, check: {kind: url, path_is: /account}}
  - id: home
    title: The home page loads
    steps: [Open /]
    expect: ["'Tripwire Demo Shop' is shown"]
"""
CHECKOUT_YAML = """\
```yaml
suite: Checkout
id: checkout
base_url: http://elsewhere.test
cases:
  - id: home
    title: The home page loads!
    steps: [Open /]
    expect: ["'Tripwire Demo Shop' is shown"]
  - id: happy
    title: A customer places an order
    depends_on: home
    tags: [happy-path]
    steps: [Open /checkout, Click 'Place order']
    expect:
      - {assert: confirmed, check: {kind: visible_text, contains: Order confirmed}}
  - id: zip
    title: A bad ZIP code is refused
    depends_on: happy
    tags: [validation]
    steps: [Open /checkout, "Enter '12' into 'ZIP code'", Click 'Place order']
    expect:
      - {assert: refused, check: {kind: visible_text, contains: Enter a valid ZIP code}}
```
"""
INVALID_YAML = """\
suite: x
id: x
base_url: http://x.test
cases:
  - id: one
    steps: [Open /]
    expect:
      - {assert: shown, check: {kind: pixels, contains: x}}
"""


def _system(body: dict[str, Any]) -> str:
    return text_of(body["messages"][0])


def _user(body: dict[str, Any]) -> str:
    return text_of(body["messages"][1])


def two_areas(body: dict[str, Any]) -> LlmReply:
    if _system(body).startswith("You plan end-to-end tests"):
        return LlmReply(content=json.dumps(AREAS))
    if "'Sign up'" in _user(body):
        return LlmReply(content=SIGNUP_YAML)
    return LlmReply(content=CHECKOUT_YAML)


def test_exhaustive_generation_discovers_areas_then_expands_each_and_merges(
    api: APIClient, fake: FakeLlm
) -> None:
    fake.respond_with(two_areas)

    response = api.post(
        "/api/v1/generate",
        {"kind": "text", "text": "A shop: sign up, then check out.", "base_url": BASE},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert len(fake.calls) == 3
    discovery, *expansions = fake.calls
    assert _system(discovery).startswith("You plan end-to-end tests")
    assert "A shop: sign up, then check out." in _user(discovery)
    asked = sorted(
        "signup" if "(signup)" in _user(call) else "checkout" for call in expansions
    )
    assert asked == ["checkout", "signup"]
    assert all("A shop: sign up" in _user(call) for call in expansions)

    text = response.json()["yaml"]
    parsed = parse_suite(text)
    assert parsed.suite.base_url == BASE
    doc = yaml.safe_load(text)
    ids = [case["id"] for case in doc["cases"]]
    # "The home page loads!" duplicates "The home page loads": kept once; the clashing
    # "happy" of the second area is renamed, and depends_on follows both changes.
    assert ids == ["happy", "home", "checkout-happy", "zip"]
    by_id = {case["id"]: case for case in doc["cases"]}
    assert by_id["checkout-happy"]["depends_on"] == "home"
    assert by_id["zip"]["depends_on"] == "checkout-happy"
    assert doc["fixtures"] == {
        "email": {"gen": "unique_email"},
        "password": {"gen": "password"},
    }


def test_invalid_model_output_is_sent_back_with_its_errors_and_repaired(
    api: APIClient, fake: FakeLlm
) -> None:
    fake.reply_text(INVALID_YAML)
    fake.reply_text(SIGNUP_YAML)

    response = api.post(
        "/api/v1/generate",
        {"kind": "text", "text": "Sign up.", "base_url": BASE, "exhaustive": False},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert len(fake.calls) == 2
    repair = fake.calls[1]["messages"]
    assert text_of(repair[-2]) == INVALID_YAML  # its own answer goes back...
    complaint = text_of(repair[-1])  # ...followed by what is wrong with it
    assert "The suite is not valid" in complaint
    assert "- cases[0]: 'title' is required" in complaint
    assert "unknown check kind 'pixels'" in complaint
    assert [c["id"] for c in yaml.safe_load(response.json()["yaml"])["cases"]] == [
        "happy",
        "home",
    ]


def test_persistently_invalid_output_is_a_generation_error_after_two_repairs(
    api: APIClient, fake: FakeLlm
) -> None:
    fake.fallback = LlmReply(content="just some prose, no suite")

    response = api.post(
        "/api/v1/generate",
        {"kind": "docs", "text": "Sign up.", "base_url": BASE, "exhaustive": False},
        format="json",
    )

    assert response.status_code == 502
    body = response.json()
    assert body["type"] == "generation_error"
    assert "still invalid after 2 repairs" in body["detail"]
    assert len(fake.calls) == 3


def test_a_model_that_keeps_failing_is_a_generation_error(
    api: APIClient, fake: FakeLlm
) -> None:
    fake.fallback = LlmReply(status=401, error="bad key")

    response = api.post(
        "/api/v1/generate",
        {"kind": "text", "text": "Sign up.", "base_url": BASE},
        format="json",
    )

    assert response.status_code == 502
    assert "refused the API key" in response.json()["detail"]


def test_generate_plan_with_a_model_saves_one_suite_per_area(
    api: APIClient, fake: FakeLlm
) -> None:
    fake.respond_with(two_areas)

    response = api.post(
        "/api/v1/generate/plan",
        {"kind": "text", "text": "A shop.", "base_url": BASE, "save_as": "shop-ai"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["suites"] == [
        "shop-ai-signup.tripwire.yaml",
        "shop-ai-checkout.tripwire.yaml",
    ]
    plan = Plan.objects.get(pk=body["plan_id"])
    assert [item["suite"] for item in plan.items] == body["suites"]
    checkout = api.get("/api/v1/suites/shop-ai-checkout.tripwire.yaml").json()["yaml"]
    assert [c["id"] for c in yaml.safe_load(checkout)["cases"]] == [
        "home",
        "happy",
        "zip",
    ]


@pytest.mark.browser
def test_a_url_with_a_model_gives_the_model_the_crawl(
    api: APIClient, fake: FakeLlm, shop: DemoHandle
) -> None:
    fake.reply_text(SIGNUP_YAML)

    response = api.post(
        "/api/v1/generate",
        {"kind": "url", "url": shop.url, "exhaustive": False},
        format="json",
    )

    assert response.status_code == 200, response.content
    [call] = fake.calls
    sent = _user(call)
    assert f"base_url: {shop.url}" in sent
    assert "PAGE /signup" in sent
    assert "submit 'Create account'" in sent
    assert "errors ['Enter your full name'" in sent
    # The explorer's map comes with it: what trying each action did.
    assert "Explored " in sent
    assert "Click 'Apply coupon' -> 'This coupon is not valid' is shown" in sent
    assert parse_suite(response.json()["yaml"]).suite.base_url == shop.url


def test_parallel_expansion_keeps_to_the_call_budget_exactly(
    api: APIClient, fake: FakeLlm, settings: Any
) -> None:
    settings.LLM_MAX_CALLS_PER_RUN = 3
    four = {
        "areas": [
            {"id": f"area{n}", "name": f"Area {n}", "focus": "something"}
            for n in range(4)
        ]
    }

    def slow(body: dict[str, Any]) -> LlmReply:
        if _system(body).startswith("You plan end-to-end tests"):
            return LlmReply(content=json.dumps(four))
        # Slow answers: the expansions are all in flight at once.
        return LlmReply(content=SIGNUP_YAML, delay=0.5)

    fake.respond_with(slow)
    response = api.post(
        "/api/v1/generate",
        {"kind": "text", "text": "An app with four areas.", "base_url": BASE},
        format="json",
    )
    assert response.status_code == 502, response.content
    assert "model call budget of 3 exhausted" in response.json()["detail"]
    assert len(fake.calls) == 3


@pytest.mark.django_db(transaction=True)
def test_a_second_generation_while_one_runs_is_told_to_come_back(
    api: APIClient, fake: FakeLlm, settings: Any
) -> None:
    import threading

    settings.GENERATE_CONCURRENCY = 1
    fake.respond_with(lambda body: LlmReply(content=SIGNUP_YAML, delay=1.5))
    body = {"kind": "text", "text": "A shop.", "base_url": BASE, "exhaustive": False}
    first: list[int] = []
    worker = threading.Thread(
        target=lambda: first.append(
            api.post("/api/v1/generate", body, format="json").status_code
        )
    )
    worker.start()
    while not fake.calls:  # the first generation is waiting on the model
        worker.join(0.05)
    busy = api.post("/api/v1/generate", body, format="json")
    worker.join(30)
    assert first == [200]
    assert busy.status_code == 429
    assert busy.json()["type"] == "busy"
    assert busy["Retry-After"] == "30"
    # The slot is free again once the first one has answered.
    assert api.post("/api/v1/generate", body, format="json").status_code == 200
