"""Every tool of the step agent on the real demo shop, recorded and replayed from the cache on a
fresh shop (another port) without the model."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

import engine
from demo.server import start_demo
from engine.cache import CachedAction, CacheKey, Locator, RecordedAction
from engine.spec import Check, Expect, Step
from tests.e2e.conftest import one_case, request_for
from tests.fakes.llm import FakeLlm, LlmReply, ToolCall
from tests.model.helpers import config_for, find_ref, latest_page, tool_results

pytestmark = pytest.mark.browser

GIFT = "Prepare the cart for a gift"
# Tote Bag $24.50 + express shipping $9.99 + gift wrap $5.00.
TOTAL = Expect("total", "total", Check("visible_text", contains="Total: $39.49"))


def gift_wrapper(body: dict[str, Any]) -> LlmReply:
    done = tool_results(body)
    if not done:
        return LlmReply(tool_calls=[ToolCall("goto", {"url": "/cart"})])
    if len(done) == 1:
        return LlmReply(tool_calls=[ToolCall("read_dom")])
    if len(done) == 2:
        page = latest_page(body)
        return LlmReply(
            content="Express shipping and gift wrap, then a look at the totals.",
            tool_calls=[
                ToolCall(
                    "select_option",
                    {
                        "ref": find_ref(page, "combobox", "Shipping"),
                        "value": "Express ($9.99)",
                    },
                ),
                ToolCall(
                    "click_element", {"ref": find_ref(page, "checkbox", "Gift wrap")}
                ),
                ToolCall("scroll", {"direction": "bottom"}),
                ToolCall("press_key", {"key": "Tab"}),
                ToolCall("wait_for", {"ms": 100}),
            ],
        )
    return LlmReply(tool_calls=[ToolCall("done", {"summary": "gift-ready"})])


def test_navigation_selects_checkboxes_scrolls_keys_and_waits_are_recorded_and_replayed(
    fake: FakeLlm, tmp_path: Path
) -> None:
    fake.respond_with(gift_wrapper)
    steps = ["Open /products", "Click 'Add to cart' next to 'Tote Bag'", "Open /", GIFT]
    cache = engine.MemoryActionCache()

    with start_demo(port=0, stream=StringIO()) as shop:
        first = engine.execute(
            request_for(
                one_case(shop.url, steps, [TOTAL]),
                tmp_path / "a",
                model=config_for(fake),
            ),
            cache=cache,
        )

    assert first.status == "passed", first.cases[0].reason
    assert len(fake.calls) == 4
    answers = tool_results(fake.calls[3])
    assert answers[0].startswith("opened /cart. The browser is now at ")
    assert answers[2].startswith("chose 'Express ($9.99)' in #")
    assert answers[3].startswith("clicked #") and "Gift wrap" in answers[3]
    assert answers[2].endswith("New on the page: Total: $34.49.")
    assert answers[3].endswith("New on the page: Total: $39.49.")
    assert answers[4:] == ["scrolled bottom.", "pressed Tab.", "waited 100 ms."]
    entry = next(a for k, a in cache.entries() if k.step_text == GIFT)
    assert entry.tier == "model"
    assert [a.kind for a in entry.actions] == [
        "goto",
        "select",
        "click",
        "scroll",
        "press",
        "wait_time",
    ]
    assert entry.actions[0].value == "/cart"  # a path: the entry works on any base URL
    assert entry.actions[1].value == "Express ($9.99)"

    fake.forget()
    with start_demo(port=0, stream=StringIO()) as other:
        again = engine.execute(
            request_for(
                one_case(other.url, steps, [TOTAL]),
                tmp_path / "b",
                model=config_for(fake),
            ),
            cache=cache,
        )

    assert again.status == "passed", again.cases[0].reason
    assert fake.requests == []
    assert again.cases[0].steps[3].tier == "cache"


def test_a_file_is_uploaded_through_the_model(fake: FakeLlm, tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "avatar.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)

    def uploader(body: dict[str, Any]) -> LlmReply:
        page = latest_page(body)
        return LlmReply(
            tool_calls=[
                ToolCall(
                    "upload_file",
                    {"ref": find_ref(page, "file", "Avatar"), "path": "avatar.png"},
                ),
                ToolCall("click_element", {"ref": find_ref(page, "button", "Upload")}),
                ToolCall("done"),
            ]
        )

    fake.respond_with(uploader)
    steps: list[str | Step] = [
        "Open /signup",
        "Enter 'Ada Lovelace' into 'Full name'",
        "Enter 'ada@example.com' into 'Email'",
        Step("s4", "Enter 'Correct-Horse-9' into 'Password'", secret=True),
        "Check 'I accept the terms'",
        "Click 'Create account'",
        "Give my profile the picture I brought",
    ]
    uploaded = Expect("up", "'Uploaded avatar: avatar.png' is shown")
    with start_demo(port=0, stream=StringIO()) as shop:
        report = engine.execute(
            request_for(
                one_case(shop.url, steps, [uploaded]),
                tmp_path,
                model=config_for(fake),
                files_dir=files,
            )
        )
    assert report.status == "passed", report.cases[0].reason
    assert len(fake.calls) == 1
    assert report.cases[0].steps[-1].tier == "model"


def test_a_cached_wait_for_text_that_never_comes_goes_back_to_the_model(
    fake: FakeLlm, tmp_path: Path
) -> None:
    """An entry the model recorded waits for "Loading done" first; the page never says that
    (a reworded page), so the step is re-resolved by the model instead of failing."""
    step = "Put the cheapest thing in the basket please"
    cache = engine.MemoryActionCache()
    fake.respond_with(
        lambda body: LlmReply(
            tool_calls=[
                ToolCall(
                    "click_element",
                    {
                        "ref": find_ref(
                            latest_page(body), "button", "Add to cart", row="Tote Bag"
                        )
                    },
                ),
                ToolCall("done"),
            ]
        )
    )
    with start_demo(port=0, stream=StringIO()) as shop:
        suite = one_case(shop.url, ["Open /products", "Wait for 'Tote Bag'", step])
        key = CacheKey.for_step(
            suite_id=suite.id,
            case_id="c1",
            step_id="s3",
            step_text=step,
            url_path="/products",
        )
        stale = CachedAction(
            actions=(
                RecordedAction("wait_text", value="Loading done"),
                RecordedAction("click", locators=(Locator("css", "#nothing-here"),)),
            ),
            tier="model",
        )
        cache.put(key, stale)
        reporter = engine.CollectingReporter()
        report = engine.execute(
            request_for(suite, tmp_path, model=config_for(fake)),
            reporter=reporter,
            cache=cache,
        )

    assert report.status == "passed", report.cases[0].reason
    outcome = report.cases[0].steps[2]
    assert (outcome.tier, outcome.healed) == ("model", True)
    [call] = fake.calls
    assert "'Loading done' did not appear" in json.dumps(call["messages"][1])
    assert cache.get(key) != stale
