"""The fake servers other tests rely on behave as documented (tests/fakes/__init__.py)."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest
import requests

from tests.fakes import FakeLlm, FakeServer, LlmReply, Reply, ToolCall

MESSAGES: Any = [{"role": "user", "content": "hello"}]


def _client(fake: FakeLlm, timeout: float = 5.0) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=fake.base_url, api_key="sk-fake", max_retries=0, timeout=timeout
    )


def test_the_fake_llm_answers_text_json_and_tool_calls_in_order() -> None:
    with FakeLlm() as fake:
        fake.reply_text("Paris")
        fake.reply_json({"verdict": "passed", "reason": "shown"})
        fake.reply_tool_call("click_element", ref=3)
        fake.reply_tool_calls(
            [ToolCall("set_field", {"ref": 1, "value": "${email}"}), ToolCall("done")],
            content="two at once",
        )
        client = _client(fake)

        first = client.chat.completions.create(model="m1", messages=MESSAGES)
        assert first.choices[0].message.content == "Paris"
        assert first.choices[0].finish_reason == "stop"
        assert first.usage is not None and first.usage.prompt_tokens > 0

        second = client.chat.completions.create(model="m1", messages=MESSAGES)
        assert json.loads(second.choices[0].message.content or "") == {
            "verdict": "passed",
            "reason": "shown",
        }

        third = client.chat.completions.create(model="m1", messages=MESSAGES)
        [call] = third.choices[0].message.tool_calls or []
        assert call.type == "function"
        assert call.function.name == "click_element"
        assert json.loads(call.function.arguments) == {"ref": 3}
        assert third.choices[0].finish_reason == "tool_calls"

        fourth = client.chat.completions.create(model="m1", messages=MESSAGES)
        calls: Any = fourth.choices[0].message.tool_calls or []
        assert [c.function.name for c in calls] == ["set_field", "done"]
        assert fourth.choices[0].message.content == "two at once"

        assert fake.pending == 0
        assert len(fake.calls) == 4
        assert fake.last_messages == MESSAGES
        assert fake.calls[0]["model"] == "m1"


def test_the_fake_llm_fails_loudly_when_the_script_runs_dry() -> None:
    with FakeLlm() as fake:
        with pytest.raises(openai.InternalServerError, match="no scripted reply left"):
            _client(fake).chat.completions.create(model="m", messages=MESSAGES)
        fake.fallback = LlmReply(content="default")
        reply = _client(fake).chat.completions.create(model="m", messages=MESSAGES)
        assert reply.choices[0].message.content == "default"


def test_the_fake_llm_errors_delays_and_computed_replies() -> None:
    with FakeLlm() as fake:
        fake.reply_error(429, "slow down")
        fake.reply_text("late", delay=2)
        fake.respond_with(
            lambda body: LlmReply(content=f"{len(body['messages'])} messages")
        )
        client = _client(fake, timeout=0.3)
        with pytest.raises(openai.RateLimitError):
            client.chat.completions.create(model="m", messages=MESSAGES)
        with pytest.raises(openai.APITimeoutError):
            client.chat.completions.create(model="m", messages=MESSAGES)
        computed = client.chat.completions.create(model="m", messages=MESSAGES * 2)
        assert computed.choices[0].message.content == "2 messages"


def test_scripts_override_routes_a_number_of_times() -> None:
    with FakeServer() as fake:
        fake.route(
            "GET", r"/items/(?P<id>\d+)", lambda r, m: Reply(json={"id": int(m["id"])})
        )
        fake.fail(503, path=r"/items/.*", times=1)
        url = f"{fake.url}/items/7"
        assert requests.get(url, timeout=5).status_code == 503
        assert requests.get(url, timeout=5).json() == {"id": 7}
        assert requests.get(f"{fake.url}/other", timeout=5).status_code == 404
        assert [r.path for r in fake.received("GET")] == [
            "/items/7",
            "/items/7",
            "/other",
        ]
        fake.hang(3, times=1)
        with pytest.raises(requests.Timeout):
            requests.get(url, timeout=0.3)
        posted = requests.post(f"{fake.url}/items/7?x=1", json={"a": 1}, timeout=5)
        assert posted.status_code == 404
        last = fake.requests[-1]
        assert (
            last.method == "POST" and last.json == {"a": 1} and last.param("x") == "1"
        )
