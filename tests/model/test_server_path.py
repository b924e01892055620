"""A queued run through the server path (runs.execution.execute_run) with the model settings
pointing at the fake: usage lands on the Run row, its case results and GET /api/v1/runs/{id}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.settings_services import instance_settings_update
from demo.server import DemoHandle, start_demo
from runs import services
from runs.engine_adapter import model_config
from runs.execution import execute_run
from runs.models import CaseResult, Run, RunEvent
from suites.services import suite_create
from tests.fakes.llm import FakeLlm, LlmReply
from tests.model.helpers import one_shot_agent, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YAML = """\
suite: Model path
id: model-path
base_url: http://127.0.0.1:9
cases:
  - id: buy
    title: Buy the cheapest thing
    steps:
      - Open /products
      - Wait for 'Tote Bag'
      - Buy whatever costs least
    expect:
      - The shop confirms that the Tote Bag was added
"""


@pytest.fixture
def shop() -> Iterator[DemoHandle]:
    with start_demo(port=0, stream=StringIO()) as handle:
        yield handle


@pytest.fixture
def no_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django_q.tasks.async_task", lambda *a, **k: "t")


def shopper(body: dict[str, Any]) -> LlmReply:
    if text_of(body["messages"][0]).startswith("You check one assertion"):
        added = "Added Tote Bag to your cart" in text_of(body["messages"][1])
        verdict = {
            "verdict": "pass" if added else "fail",
            "reason": "the flash says so",
        }
        return LlmReply(content=json.dumps(verdict))
    return one_shot_agent()(body)


def _run(shop: DemoHandle) -> Run:
    file = suite_create(yaml_text=YAML).file
    run = services.run_submit(
        jobs=[services.Job(suite=file)], base_url=shop.url, file_issues="none"
    )[0]
    execute_run(run.id)
    run.refresh_from_db()
    return run


def test_a_local_endpoint_without_a_key_records_usage_on_the_run_and_in_the_api(
    shop: DemoHandle, fake: FakeLlm, no_queue: None, settings: Any, api: APIClient
) -> None:
    """Ollama style: only TRIPWIRE_LLM_BASE_URL (and a model) set, no API key."""
    settings.LLM_BASE_URL = fake.base_url
    settings.LLM_MODEL = "llama3.1"
    settings.LLM_API_KEY = None
    fake.respond_with(shopper)

    run = _run(shop)

    assert run.status == "passed", run.reason
    assert run.model_calls == 2  # the free-form step, then the judged assertion
    assert run.prompt_tokens > 0 and run.completion_tokens > 0
    assert [r.header("authorization") for r in fake.requests] == [
        "Bearer not-needed"
    ] * 2
    assert {call["model"] for call in fake.calls} == {"llama3.1"}
    [case] = CaseResult.objects.filter(run=run)
    assert case.model_calls == 2
    assert run.report is not None
    assert run.report["model_usage"]["calls"] == 2
    assert run.report["cases"][0]["model_usage"]["calls"] == 2
    action = RunEvent.objects.get(run=run, type="action", step_id="s3")
    assert action.data["tier"] == "model"
    assert action.data["model"]["calls"] == 1
    judged = RunEvent.objects.get(run=run, type="assert")
    assert judged.data["judged_by"] == "model"

    body = api.get(f"/api/v1/runs/{run.id}").json()

    assert body["model_usage"] == {
        "calls": 2,
        "prompt_tokens": run.prompt_tokens,
        "completion_tokens": run.completion_tokens,
    }
    assert body["report"]["cases"][0]["model_usage"]["calls"] == 2


def test_stored_settings_win_over_the_environment_and_the_run_budget_applies(
    shop: DemoHandle, fake: FakeLlm, no_queue: None, settings: Any, api: APIClient
) -> None:
    settings.LLM_BASE_URL = "http://127.0.0.1:9/v1"  # nothing listens there
    settings.LLM_MAX_CALLS_PER_RUN = 1
    instance_settings_update(
        values={
            "llm_base_url": fake.base_url,
            "llm_model": "gpt-4o-mini",
            "llm_api_key": "sk-stored-123456",
        }
    )
    fake.respond_with(shopper)
    config = model_config()
    assert config is not None and config.max_calls_per_run == 1

    run = _run(shop)

    assert run.status == "broken"
    assert run.reason == "model call budget of 1 exhausted"
    assert run.model_calls == 1
    assert [r.header("authorization") for r in fake.requests] == [
        "Bearer sk-stored-123456"
    ]
    body = api.get(f"/api/v1/runs/{run.id}").json()
    assert body["status"] == "broken"
    assert body["model_usage"]["calls"] == 1
    [judged] = body["report"]["cases"][0]["asserts"]
    assert judged["verdict"] == "broken"
    assert judged["reason"] == "model call budget of 1 exhausted"


def test_no_model_settings_means_no_model_tier(settings: Any) -> None:
    settings.LLM_BASE_URL = None
    settings.LLM_API_KEY = None
    assert model_config() is None
