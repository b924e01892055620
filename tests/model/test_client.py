"""The model client through the real `openai` package against the fake server (real sockets):
retries, Retry-After, time limits, refused fields, budgets and usage."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from engine.model.client import (
    MAX_RETRIES,
    BudgetExhausted,
    ChatClient,
    ModelUnavailable,
    RunBudget,
    UsageMeter,
)
from tests.fakes.llm import FakeLlm, LlmReply, ToolCall
from tests.model.helpers import config_for

MESSAGES: list[dict[str, Any]] = [{"role": "user", "content": "hello there"}]


@pytest.fixture
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as server:
        yield server


class Sleeps:
    """Records the waits instead of sleeping them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def _client(fake: FakeLlm, sleeps: Sleeps | None = None, **config: Any) -> ChatClient:
    return ChatClient(config_for(fake, **config), sleep=sleeps or Sleeps())


def _ask(
    client: ChatClient,
    meter: UsageMeter | None = None,
    *,
    budget: RunBudget | None = None,
    seconds: float = 30.0,
    **kwargs: Any,
) -> Any:
    return client.complete(
        list(MESSAGES),
        meter=meter or UsageMeter(),
        budget=budget or RunBudget(None),
        deadline=time.monotonic() + seconds,
        **kwargs,
    )


def test_a_429_is_retried_after_the_time_the_server_asks_for(fake: FakeLlm) -> None:
    fake.reply_error(429, "slow down", headers={"retry-after-ms": "50"})
    fake.reply_error(429, "slow down", headers={"retry-after": "2"})
    fake.reply_text("hello")
    sleeps = Sleeps()
    meter = UsageMeter()

    answer = _ask(_client(fake, sleeps), meter)

    assert answer.content == "hello"
    assert sleeps.waits == [0.05, 2.0]
    assert len(fake.requests) == 3
    # Only the answered request is a call; its tokens are the server's count.
    assert meter.calls == 1
    assert meter.prompt_tokens > 0 and meter.completion_tokens > 0


def test_server_errors_back_off_exponentially_then_give_up_with_a_clear_message(
    fake: FakeLlm,
) -> None:
    fake.fallback = LlmReply(status=503, error="overloaded")
    sleeps = Sleeps()

    with pytest.raises(ModelUnavailable) as raised:
        _ask(_client(fake, sleeps))

    message = str(raised.value)
    assert (
        "kept failing" in message and "HTTP 503" in message and "overloaded" in message
    )
    assert len(fake.requests) == MAX_RETRIES + 1
    assert len(sleeps.waits) == MAX_RETRIES
    for index, wait in enumerate(sleeps.waits):
        assert 0.8 * 2**index <= wait <= 1.2 * 2**index


def test_the_total_wait_is_capped_even_when_the_server_asks_for_more(
    fake: FakeLlm,
) -> None:
    fake.fallback = LlmReply(status=429, error="busy", headers={"retry-after": "40"})
    sleeps = Sleeps()

    with pytest.raises(ModelUnavailable, match="kept failing"):
        _ask(_client(fake, sleeps), seconds=300)

    assert sleeps.waits == [40.0]  # a second 40 s wait would pass the 60 s cap
    assert len(fake.requests) == 2


def test_a_retry_that_would_end_after_the_deadline_is_not_waited_for(
    fake: FakeLlm,
) -> None:
    fake.fallback = LlmReply(status=500, error="boom", headers={"retry-after": "5"})
    sleeps = Sleeps()
    with pytest.raises(ModelUnavailable, match="kept failing"):
        _ask(_client(fake, sleeps), seconds=3)
    assert sleeps.waits == []


def test_a_slow_server_times_out_every_call_and_the_caller_gets_an_answer(
    fake: FakeLlm,
) -> None:
    fake.fallback = LlmReply(content="too late", delay=5)
    started = time.monotonic()

    with pytest.raises(ModelUnavailable) as raised:
        _ask(_client(fake, None, timeout_s=0.3), seconds=1.0)

    assert time.monotonic() - started < 3
    assert "timed out" in str(raised.value)


def test_a_slow_call_is_retried_like_a_server_error(fake: FakeLlm) -> None:
    fake.reply_text("slow", delay=3)
    fake.reply_text("fast")
    sleeps = Sleeps()
    answer = _ask(_client(fake, sleeps, timeout_s=0.5))
    assert answer.content == "fast"
    assert len(sleeps.waits) == 1


def test_a_rejected_key_is_not_retried(fake: FakeLlm) -> None:
    fake.reply_error(401, "Incorrect API key provided")
    with pytest.raises(ModelUnavailable) as raised:
        _ask(_client(fake))
    assert "TRIPWIRE_LLM_API_KEY" in str(raised.value)
    assert "401" in str(raised.value)
    assert len(fake.requests) == 1


def test_an_unknown_model_says_which_setting_to_check(fake: FakeLlm) -> None:
    fake.reply_error(404, "model 'nope' not found")
    with pytest.raises(ModelUnavailable, match="TRIPWIRE_LLM_MODEL"):
        _ask(_client(fake))


def test_a_refused_response_format_is_dropped_for_the_rest_of_the_run(
    fake: FakeLlm,
) -> None:
    fake.reply_error(400, "response_format json_object is not supported by this model")
    fake.reply_text('{"verdict": "pass"}')
    fake.reply_text('{"verdict": "fail"}')
    client = _client(fake)

    assert _ask(client, json_mode=True).content == '{"verdict": "pass"}'
    assert _ask(client, json_mode=True).content == '{"verdict": "fail"}'

    bodies = [r.json for r in fake.requests]
    assert [("response_format" in b) for b in bodies] == [True, False, False]
    assert all(b["temperature"] == 0 for b in bodies)


def test_a_model_without_tool_support_is_reported_as_such(fake: FakeLlm) -> None:
    fake.reply_error(400, "registry.ollama.ai/library/gemma does not support tools")
    with pytest.raises(ModelUnavailable, match="does not accept tool calls"):
        _ask(_client(fake), tools=[{"type": "function", "function": {"name": "x"}}])


def test_the_run_budget_is_checked_before_a_call_is_made(fake: FakeLlm) -> None:
    fake.fallback = LlmReply(content="ok")
    client = _client(fake)
    meter = UsageMeter()
    budget = RunBudget(limit=3, spent=2)

    _ask(client, meter, budget=budget)
    with pytest.raises(BudgetExhausted, match="model call budget of 3 exhausted"):
        _ask(client, meter, budget=budget)

    assert len(fake.requests) == 1


def test_tokens_are_estimated_when_the_server_reports_no_usage(fake: FakeLlm) -> None:
    fake.reply(LlmReply(content="x" * 400, usage=False))
    meter = UsageMeter()
    _ask(_client(fake), meter)
    assert meter.calls == 1
    assert meter.completion_tokens == 100
    assert meter.prompt_tokens > 0


def test_tool_calls_are_read_with_their_raw_arguments(fake: FakeLlm) -> None:
    fake.reply_tool_calls(
        [ToolCall("click_element", {"ref": 3}), ToolCall("done", "{not json")],
        content="thinking",
    )
    answer = _ask(_client(fake))
    assert answer.content == "thinking"
    assert [(c.name, c.arguments) for c in answer.tool_calls] == [
        ("click_element", '{"ref": 3}'),
        ("done", "{not json"),
    ]
    assert all(c.id for c in answer.tool_calls)


def test_a_local_server_without_a_key_gets_a_placeholder_key(fake: FakeLlm) -> None:
    fake.reply_text("hi")
    _ask(_client(fake, api_key=None))
    assert fake.requests[0].header("authorization") == "Bearer not-needed"


def test_a_passed_deadline_makes_no_request(fake: FakeLlm) -> None:
    with pytest.raises(ModelUnavailable, match="did not answer in the time left"):
        _ask(_client(fake), seconds=-1)
    assert fake.requests == []


def test_the_openai_package_loads_only_when_a_model_is_called() -> None:
    """~0.5 s and ~25 MB that the web server, a worker and the command line do not pay until a
    run uses the model tier."""
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tripwire_site.settings')\n"
        "import django; django.setup()\n"
        "import engine, engine.model, tripwire_site.urls\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "print('openai' in sys.modules)\n"
        "from engine.model.client import ChatClient\n"
        "from engine.spec import ModelConfig\n"
        "ChatClient(ModelConfig(base_url='http://127.0.0.1:9/v1', model='m'))\n"
        "print('openai' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True"]
