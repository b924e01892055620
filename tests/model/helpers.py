"""Reading what the engine sent the fake model, so scripted replies can depend on it.

The fake answers are functions of the request: they find the element to act on in the page
view the engine sent (the first user message or a `read_dom` tool result), so a test that passes
proves the page really went to the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from engine.spec import ModelConfig
from tests.fakes.llm import FakeLlm, LlmReply, ToolCall

_LINE = re.compile(r"^#(\d+) (\S+)(?: \"([^\"]*)\")?(.*)$")
_ROW = re.compile(r'in row "([^"]*)"')


def config_for(fake: FakeLlm, **overrides: Any) -> ModelConfig:
    values: dict[str, Any] = {
        "model": "fake-model",
        "base_url": fake.base_url,
        "api_key": "sk-test",
        "timeout_s": 10.0,
        "step_timeout_s": 60.0,
    }
    values.update(overrides)
    return ModelConfig(**values)


def text_of(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content or "")


def step_of(body: dict[str, Any]) -> str | None:
    """The step an agent request is about ("Step: ..." in its first user message)."""
    for message in body.get("messages", []):
        if message.get("role") == "user":
            match = re.match(r"Step: (.*)", text_of(message))
            return match.group(1) if match else None
    return None


def latest_page(body: dict[str, Any]) -> str:
    """The newest page view in the conversation: a read_dom result or the first message."""
    for message in reversed(body.get("messages", [])):
        text = text_of(message)
        if "Interactive elements (the number is the ref):" in text:
            return text
    return ""


def last_tool_result(body: dict[str, Any]) -> str | None:
    last = body.get("messages", [])[-1]
    return text_of(last) if last.get("role") == "tool" else None


def tool_results(body: dict[str, Any]) -> list[str]:
    return [text_of(m) for m in body.get("messages", []) if m.get("role") == "tool"]


@dataclass(frozen=True)
class Ref:
    ref: int
    role: str
    name: str
    rest: str

    @property
    def row(self) -> str:
        match = _ROW.search(self.rest)
        return match.group(1) if match else ""


def refs(page: str) -> Iterator[Ref]:
    for line in page.splitlines():
        match = _LINE.match(line)
        if match:
            yield Ref(int(match[1]), match[2], match[3] or "", match[4])


def find_ref(page: str, role: str, name: str, *, row: str | None = None) -> int:
    for item in refs(page):
        if item.role == role and item.name == name and (row is None or row in item.row):
            return item.ref
    raise AssertionError(f"no {role} {name!r} (row {row!r}) in the page sent:\n{page}")


def price_of(row: str) -> float:
    match = re.search(r"\$(\d+(?:\.\d+)?)", row)
    assert match, row
    return float(match.group(1))


def cheapest_add_button(page: str) -> int:
    """The "Add to cart" of the cheapest row, read from the element list the model was sent."""
    buttons = [
        r for r in refs(page) if r.name == "Add to cart" and r.row and "$" in r.row
    ]
    assert buttons, f"no product rows in the page sent:\n{page}"
    return min(buttons, key=lambda r: price_of(r.row)).ref


Responder = Callable[[dict[str, Any]], LlmReply]


def cheapest_product_agent(*, read_first: bool = True) -> Responder:
    """A model that reads the page, clicks the cheapest product's "Add to cart", then is done."""

    def respond(body: dict[str, Any]) -> LlmReply:
        result = last_tool_result(body)
        if result is None and read_first:
            return LlmReply(tool_calls=[ToolCall("read_dom")])
        if result is not None and result.startswith("clicked"):
            return LlmReply(tool_calls=[ToolCall("done", {"summary": "added it"})])
        page = latest_page(body)
        if "Add to cart" not in page:
            return LlmReply(
                tool_calls=[
                    ToolCall("wait_for", {"text": "Add to cart"}),
                    ToolCall("read_dom"),
                ]
            )
        return LlmReply(
            content="The Tote Bag is the cheapest.",
            tool_calls=[ToolCall("click_element", {"ref": cheapest_add_button(page)})],
        )

    return respond


def one_shot_agent(pick: Callable[[str], int] = cheapest_add_button) -> Responder:
    """A model that acts on the page it was given at once: click and done in one answer."""

    def respond(body: dict[str, Any]) -> LlmReply:
        return LlmReply(
            tool_calls=[
                ToolCall("click_element", {"ref": pick(latest_page(body))}),
                ToolCall("done", {"summary": "clicked it"}),
            ]
        )

    return respond
