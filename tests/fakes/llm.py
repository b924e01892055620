"""A scripted OpenAI-compatible chat server: `POST /v1/chat/completions` (also without `/v1`).

Point the real `openai` client at `fake.base_url` (it ends in `/v1`). Replies are taken from a
queue, in order, one per request:

    fake.reply_text("Paris")                         # message.content = "Paris"
    fake.reply_json({"verdict": "passed"})           # content = the JSON text
    fake.reply_tool_call("click_element", ref=3)     # one tool call, arguments as JSON
    fake.reply_tool_calls([ToolCall("read_dom", {}), ToolCall("done", {})])
    fake.reply_error(500, "overloaded")              # an HTTP error with an OpenAI error body
    fake.reply_error(429, "slow down", headers={"retry-after-ms": "50"})
    fake.reply_text("slow", delay=5)                 # answer after 5 s (timeout tests)
    fake.respond_with(lambda body: LlmReply(content="..."))   # computed from the request body

When the queue is empty, `fake.fallback` (an LlmReply) answers; by default there is none and the
server answers 500 "no scripted reply left", so a test that makes more calls than it scripted
fails loudly. `fake.calls` are the request bodies received (JSON dicts, in order), and
`fake.last_messages` the `messages` of the latest one. `usage` in each answer counts
`prompt_tokens` (characters of the messages / 4) and `completion_tokens`; `LlmReply(usage=False)`
leaves it out, as some local servers do. `fake.raw_bodies` are the request bodies as bytes (to
search for anything that must never be sent).
Streaming (`stream: true`) is not supported and answers 400.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import FakeServer, Recorded, Reply


@dataclass(frozen=True)
class ToolCall:
    name: str
    # A dict is sent as JSON; a string is sent as is (to send arguments that are not JSON).
    arguments: dict[str, Any] | str = field(default_factory=dict)


@dataclass(frozen=True)
class LlmReply:
    content: str | None = None
    tool_calls: Sequence[ToolCall] = ()
    status: int = 200
    error: str | None = None
    delay: float = 0.0
    finish_reason: str | None = None
    # Extra response headers (Retry-After on a 429, say).
    headers: dict[str, str] = field(default_factory=dict)
    # False: the answer has no `usage` block.
    usage: bool = True


class FakeLlm(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self._queue: deque[LlmReply] = deque()
        self._responder: Callable[[dict[str, Any]], LlmReply] | None = None
        self._counter = 0
        self._state_lock = threading.Lock()
        self.fallback: LlmReply | None = None
        self.route("POST", r"(?:/v1)?/chat/completions", self._complete)
        self.route(
            "GET",
            r"(?:/v1)?/models",
            lambda request, match: Reply(
                200,
                json={
                    "object": "list",
                    "data": [{"id": "fake-model", "object": "model"}],
                },
            ),
        )

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    # --- scripting -------------------------------------------------------------------------------

    def reply(self, reply: LlmReply) -> None:
        with self._state_lock:
            self._queue.append(reply)

    def reply_text(self, content: str, *, delay: float = 0.0) -> None:
        self.reply(LlmReply(content=content, delay=delay))

    def reply_json(self, value: Any, *, delay: float = 0.0) -> None:
        self.reply(LlmReply(content=json.dumps(value), delay=delay))

    def reply_tool_call(self, name: str, /, **arguments: Any) -> None:
        self.reply(LlmReply(tool_calls=[ToolCall(name, arguments)]))

    def reply_tool_calls(
        self, calls: Sequence[ToolCall], *, content: str | None = None
    ) -> None:
        self.reply(LlmReply(content=content, tool_calls=list(calls)))

    def reply_error(
        self,
        status: int = 500,
        message: str = "fake model error",
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.reply(LlmReply(status=status, error=message, headers=headers or {}))

    def respond_with(
        self, responder: Callable[[dict[str, Any]], LlmReply] | None
    ) -> None:
        """Compute every reply from the request body (used after the queue runs dry)."""
        self._responder = responder

    @property
    def pending(self) -> int:
        """Scripted replies not consumed yet."""
        with self._state_lock:
            return len(self._queue)

    # --- what was received -----------------------------------------------------------------------

    @property
    def calls(self) -> list[dict[str, Any]]:
        return [
            r.json
            for r in self.received("POST", r"(?:/v1)?/chat/completions")
            if r.json
        ]

    @property
    def raw_bodies(self) -> list[bytes]:
        return [r.body for r in self.received("POST", r"(?:/v1)?/chat/completions")]

    @property
    def last_messages(self) -> list[dict[str, Any]]:
        calls = self.calls
        return list(calls[-1].get("messages", [])) if calls else []

    # --- serving ---------------------------------------------------------------------------------

    def _next(self, body: dict[str, Any]) -> LlmReply | None:
        with self._state_lock:
            if self._queue:
                return self._queue.popleft()
        if self._responder is not None:
            return self._responder(body)
        return self.fallback

    def _complete(self, request: Recorded, match: re.Match[str]) -> Reply:
        body = request.json
        if not isinstance(body, dict) or "messages" not in body:
            return _error(400, "the body must be a JSON object with messages")
        if body.get("stream"):
            return _error(400, "the fake does not stream")
        reply = self._next(body)
        if reply is None:
            return _error(500, "fake LLM: no scripted reply left")
        if reply.status >= 400:
            return _error(
                reply.status,
                reply.error or "error",
                delay=reply.delay,
                headers=reply.headers,
            )
        with self._state_lock:
            self._counter += 1
            number = self._counter
        tool_calls = [
            {
                "id": f"call_{number}_{index}",
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": call.arguments
                    if isinstance(call.arguments, str)
                    else json.dumps(call.arguments),
                },
            }
            for index, call in enumerate(reply.tool_calls)
        ]
        message: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if tool_calls:
            message["tool_calls"] = tool_calls
        prompt_chars = len(json.dumps(body.get("messages")))
        completion_chars = len(reply.content or "") + len(json.dumps(tool_calls))
        usage = {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": completion_chars // 4,
            "total_tokens": prompt_chars // 4 + completion_chars // 4,
        }
        return Reply(
            200,
            headers=reply.headers,
            json={
                "id": f"chatcmpl-fake-{number}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": str(body.get("model") or "fake-model"),
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "finish_reason": reply.finish_reason
                        or ("tool_calls" if tool_calls else "stop"),
                        "logprobs": None,
                    }
                ],
                "usage": usage if reply.usage else None,
            },
            delay=reply.delay,
        )


def _error(
    status: int,
    message: str,
    *,
    delay: float = 0.0,
    headers: dict[str, str] | None = None,
) -> Reply:
    return Reply(
        status,
        headers=headers or {},
        json={
            "error": {
                "message": message,
                "type": "fake_error",
                "code": None,
                "param": None,
            }
        },
        delay=delay,
    )
