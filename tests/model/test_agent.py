"""The step agent in real Chromium on the demo shop, through the real `openai` client against the
scripted fake model (real sockets). The fake's answers are functions of what it was sent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import engine
from demo.server import DemoHandle
from engine.model.agent import STALE_VIEW
from engine.spec import Case, Expect, Step, SuiteSpec
from tests.e2e.conftest import one_case, request_for
from tests.fakes.llm import FakeLlm, LlmReply, ToolCall
from tests.model.helpers import (
    cheapest_add_button,
    cheapest_product_agent,
    config_for,
    find_ref,
    latest_page,
    one_shot_agent,
    step_of,
    text_of,
    tool_results,
)

pytestmark = pytest.mark.browser

# The grammar reads this only as a control's name, which the page has not: it goes straight to
# the model (no grammar wait).
FREE_FORM = "Buy whatever costs least"
ADDED = Expect("added", "'Added Tote Bag to your cart' is shown")


def _action(reporter: engine.CollectingReporter, step_id: str) -> engine.Event:
    return next(e for e in reporter.of_type("action") if e.step_id == step_id)


def test_a_free_form_step_is_done_from_the_page_sent_and_then_replays_without_the_model(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """GIVEN a step only a model can do ("the cheapest product")
    WHEN the run asks the fake model, which picks its ref from the read_dom result it got
    THEN the right row's button is clicked, the step is cached as tier "model",
    AND a second run of the unchanged page makes no request at all."""
    fake.respond_with(cheapest_product_agent())
    suite = one_case(
        shop.url,
        ["Open /products", "Add the cheapest product to the cart"],
        [ADDED],
    )
    cache = engine.MemoryActionCache()
    reporter = engine.CollectingReporter()

    first = engine.execute(
        request_for(suite, tmp_path / "first", model=config_for(fake)),
        reporter=reporter,
        cache=cache,
    )

    assert first.status == "passed", first.cases[0].reason
    assert first.cases[0].steps[1].tier == "model"
    calls = fake.calls
    assert len(calls) == 3  # read_dom, click_element, done
    dom = text_of(calls[1]["messages"][-1])
    assert calls[1]["messages"][-1]["role"] == "tool"
    assert "Tote Bag" in dom and "$24.50" in dom
    picked = cheapest_add_button(dom)
    assert text_of(calls[2]["messages"][-1]).startswith(f"clicked #{picked} ")
    assert "Added Tote Bag to your cart" in text_of(calls[2]["messages"][-1])
    assert first.cases[0].asserts[0].verdict == "passed"
    assert first.cases[0].asserts[0].judged_by == "text"  # the quotes say it all
    # Usage: per step (action event), per case and per run.
    used = _action(reporter, "s2").data["model"]
    assert used["calls"] == 3 and used["prompt_tokens"] > 0
    assert used["completion_tokens"] > 0
    assert _action(reporter, "s1").data["model"]["calls"] == 0
    assert first.cases[0].model_usage.calls == 3
    assert first.model_usage.to_dict() == used
    assert first.to_dict()["cases"][0]["model_usage"] == used
    # The cached entry finds that row's button by role and row, not by position.
    entry = next(a for k, a in cache.entries() if k.step_id == "s2")
    assert entry.tier == "model"
    first_locator = entry.actions[0].locators[0]
    assert (first_locator.kind, first_locator.row_text) == ("role", "Tote Bag")

    fake.forget()
    again = engine.execute(
        request_for(suite, tmp_path / "again", model=config_for(fake)), cache=cache
    )

    assert again.status == "passed", again.cases[0].reason
    assert fake.requests == []
    assert [s.tier for s in again.cases[0].steps] == ["cache", "cache"]
    assert again.model_usage.calls == 0


def test_invalid_tool_calls_are_answered_and_the_model_recovers(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.reply_tool_call("click_element", ref=999)
    fake.reply_tool_calls([ToolCall("click_element", '{"ref": 16')])
    fake.reply_tool_call("teleport", to="/cart")
    fake.reply_tool_calls([ToolCall("set_field", {"ref": 7}), ToolCall("done")])
    fake.reply_tool_calls([ToolCall("click_element", {})])
    fake.respond_with(cheapest_product_agent(read_first=False))
    suite = one_case(
        shop.url, ["Open /products", "Wait for 'Tote Bag'", FREE_FORM], [ADDED]
    )

    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake)),
        cache=engine.MemoryActionCache(),
    )

    assert report.status == "passed", report.cases[0].reason
    assert len(fake.calls) == 7
    answers = tool_results(fake.calls[5])
    assert answers[0].startswith(
        "error: there is no element #999 in the latest read_dom"
    )
    assert answers[1].startswith(
        "error: the arguments of click_element are not valid JSON"
    )
    assert answers[2].startswith("error: there is no tool named 'teleport'")
    assert answers[3] == "error: set_field needs `value`"
    assert answers[4] == "skipped: an earlier call failed"
    assert answers[5].startswith("error: click_element needs `ref`")
    assert report.model_usage.calls == 7


def test_running_out_of_calls_breaks_the_step_with_the_models_last_reasoning(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.fallback = LlmReply(
        content="Still looking for the cheapest product.",
        tool_calls=[ToolCall("read_dom")],
    )
    suite = one_case(shop.url, ["Open /products", FREE_FORM])
    reporter = engine.CollectingReporter()

    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake, max_calls_per_step=3)),
        reporter=reporter,
    )

    case = report.cases[0]
    assert case.status == "broken"
    step = case.steps[1]
    assert (step.status, step.tier) == ("broken", "model")
    assert step.reason == (
        "the model did not finish the step within 3 calls; its last reasoning: "
        "Still looking for the cheapest product."
    )
    assert len(fake.calls) == 3
    assert _action(reporter, "s2").data["model"]["calls"] == 3
    # Older page views are not sent again once a newer read_dom exists.
    last = fake.calls[-1]["messages"]
    views = [
        m for m in last if "Interactive elements (the number is the ref)" in text_of(m)
    ]
    assert len(views) == 1 and views[0]["role"] == "tool"
    assert STALE_VIEW in text_of(last[1])


def test_prose_is_nudged_once_then_the_step_is_broken_with_it(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.fallback = LlmReply(content="You should click the Tote Bag's button.")
    suite = one_case(shop.url, ["Open /products", FREE_FORM])

    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))

    step = report.cases[0].steps[1]
    assert step.status == "broken"
    assert step.reason == (
        "the model answered without using its tools: You should click the Tote Bag's "
        "button."
    )
    assert len(fake.calls) == 2
    nudge = fake.calls[1]["messages"][-1]
    assert nudge["role"] == "user" and "tool calls only" in nudge["content"]


def test_a_model_that_answers_in_prose_once_is_nudged_back_to_its_tools(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.reply_text("Let me think about which product is cheapest.")
    fake.respond_with(one_shot_agent())
    suite = one_case(
        shop.url, ["Open /products", "Wait for 'Tote Bag'", FREE_FORM], [ADDED]
    )

    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))

    assert report.status == "passed", report.cases[0].reason
    assert len(fake.calls) == 2


def test_a_429_is_waited_out_and_the_step_succeeds(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.reply_error(429, "Rate limit reached", headers={"retry-after-ms": "200"})
    fake.respond_with(one_shot_agent())
    suite = one_case(
        shop.url, ["Open /products", "Wait for 'Tote Bag'", FREE_FORM], [ADDED]
    )

    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))

    assert report.status == "passed", report.cases[0].reason
    requests = fake.requests
    assert len(requests) == 2
    assert requests[1].at - requests[0].at >= 0.2
    assert report.model_usage.calls == 1  # a refused request is not a call


@pytest.mark.parametrize("failure", ["server_errors", "timeouts"])
def test_an_endpoint_that_keeps_failing_breaks_the_step_quickly_and_clearly(
    failure: str, fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    if failure == "server_errors":
        fake.fallback = LlmReply(
            status=503, error="upstream overloaded", headers={"retry-after-ms": "10"}
        )
        expected = "kept failing (HTTP 503: upstream overloaded) after 5 attempts"
    else:
        fake.fallback = LlmReply(content="late", delay=10)
        expected = "timed out"
    config = config_for(fake, timeout_s=0.5, step_timeout_s=3.0)
    suite = one_case(shop.url, ["Open /products", FREE_FORM, "Open /cart"])
    started = time.monotonic()

    report = engine.execute(request_for(suite, tmp_path, model=config))

    assert time.monotonic() - started < 30
    step = report.cases[0].steps[1]
    assert step.status == "broken"
    assert expected in (step.reason or "")
    assert report.cases[0].steps[2].status == "skipped"
    assert report.model_usage.calls == 0


def test_the_per_run_budget_stops_the_run_broken(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """Two calls per free-form step (click, then done) and a budget of three: the first case
    passes, the second runs out mid-step, the third never starts."""
    fake.respond_with(cheapest_product_agent(read_first=False))
    steps = (
        Step("s1", "Open /products"),
        Step("s2", "Wait for 'Tote Bag'"),
        Step("s3", FREE_FORM),
    )
    suite = SuiteSpec(
        name="budget",
        id="budget",
        base_url=shop.url,
        cases=tuple(
            Case(id=f"c{i}", title=f"case {i}", steps=steps) for i in (1, 2, 3)
        ),
    )
    reporter = engine.CollectingReporter()

    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake, max_calls_per_run=3)),
        reporter=reporter,
    )

    assert report.status == "broken"
    assert report.reason == "model call budget of 3 exhausted"
    assert [c.status for c in report.cases] == ["passed", "broken", "skipped"]
    assert report.cases[1].steps[2].reason == "model call budget of 3 exhausted"
    assert report.cases[2].reason == "not started: model call budget of 3 exhausted"
    assert len(fake.calls) == 3
    assert report.model_usage.calls == 3
    assert [c.model_usage.calls for c in report.cases] == [2, 1, 0]
    logs = [e.data["message"] for e in reporter.of_type("log")]
    assert "the run stops: model call budget of 3 exhausted" in logs


def test_an_ambiguous_target_goes_to_the_model_at_once_with_the_candidates(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.respond_with(one_shot_agent())
    suite = one_case(
        shop.url,
        ["Open /products", "Wait for 'Tote Bag'", "Click 'Add to cart'"],
        [ADDED],
    )

    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))

    assert report.status == "passed", report.cases[0].reason
    assert report.cases[0].steps[2].tier == "model"
    [call] = fake.calls
    first = text_of(call["messages"][1])
    assert step_of(call) == "Click 'Add to cart'"
    assert "The deterministic resolver could not do it:" in first
    assert "Add to cart" in first.split("The page now")[0]
    assert find_ref(latest_page(call), "button", "Add to cart", row="Tote Bag") > 0


def test_a_step_that_is_a_controls_name_is_clicked_without_asking_the_model(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """ "Sign in" alone is the header's link called so: the grammar clicks it, the model is
    configured and never asked."""
    fake.respond_with(one_shot_agent())
    suite = one_case(
        shop.url,
        ["Open /products", "Sign in"],
        [Expect("the form", "'Create an account' is shown")],
    )

    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))

    assert report.status == "passed", report.cases[0].reason
    assert report.cases[0].steps[1].tier == "grammar"
    assert fake.requests == []


def test_words_that_name_no_control_go_to_the_model_at_once_without_a_hint(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """Read as a name only because no rule reads them, words that name nothing on the page are
    the model's at the first look, not after the step's timeout, and the model is not told of
    names it was never asked about."""
    fake.respond_with(cheapest_product_agent())
    suite = one_case(
        shop.url, ["Open /products", "Wait for 'Tote Bag'", FREE_FORM], [ADDED]
    )
    started = time.monotonic()

    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake), step_timeout_ms=120_000)
    )

    assert report.status == "passed", report.cases[0].reason
    assert report.cases[0].steps[2].tier == "model"
    assert (
        time.monotonic() - started < 60
    )  # half the step timeout the grammar could wait
    first = text_of(fake.calls[0]["messages"][1])
    assert "could not do it" not in first
    assert "is called" not in first
