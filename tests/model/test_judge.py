"""Check-less assertions adjudicated by the model, and captures it reads, in real Chromium."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

import engine
from demo.server import DemoHandle
from engine.spec import Capture, Case, Check, Expect, Step, SuiteSpec
from tests.e2e.conftest import one_case, request_for
from tests.fakes.llm import FakeLlm, LlmReply
from tests.model.helpers import config_for, text_of

pytestmark = pytest.mark.browser

TO_CART = ["Open /products", "Click 'Add to cart' next to 'Tote Bag'", "Open /cart"]


def _user(body: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in body["messages"] if m["role"] == "user")


def cart_judge(body: dict[str, Any]) -> LlmReply:
    """Passes "one product" claims and fails "empty" claims by reading the text it was sent."""
    text = text_of(_user(body))
    claim = text.split("\n", 1)[0]
    holds_bag = "Tote Bag" in text and "Your cart is empty" not in text
    if "empty" in claim:
        verdict = {"verdict": "fail", "reason": "The cart lists Tote Bag, $24.50."}
    elif holds_bag:
        verdict = {"verdict": "pass", "reason": "The cart lists one Tote Bag."}
    else:
        verdict = {"verdict": "fail", "reason": "No Tote Bag in the cart."}
    return LlmReply(content=json.dumps(verdict))


def test_an_assertion_without_a_check_is_judged_from_text_and_a_screenshot(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.respond_with(cart_judge)
    suite = one_case(
        shop.url,
        TO_CART,
        [
            Expect("one", "The cart holds exactly one product, the Tote Bag"),
            Expect("shown", "'Your cart' is shown"),
        ],
    )
    reporter = engine.CollectingReporter()

    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake)), reporter=reporter
    )

    assert report.status == "passed", report.cases[0].reason
    judged, quoted = report.cases[0].asserts
    assert (judged.verdict, judged.judged_by) == ("passed", "model")
    assert judged.reason == "The cart lists one Tote Bag."
    assert quoted.judged_by == "text"  # the quotes were the whole claim: no model
    [call] = fake.calls
    assert call["response_format"] == {"type": "json_object"}
    text_part, image_part = _user(call)["content"]
    assert text_part["text"].startswith(
        "Assertion: The cart holds exactly one product, the Tote Bag"
    )
    assert "Tote Bag" in text_part["text"]
    url = image_part["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    assert base64.b64decode(url.split(",", 1)[1])[:2] == b"\xff\xd8"
    event = next(e for e in reporter.of_type("assert") if e.step_id == "one")
    assert event.data["judged_by"] == "model"
    assert event.data["verdict"] == "passed"
    assert event.data["model"]["calls"] == 1
    assert report.to_dict()["cases"][0]["asserts"][0]["judged_by"] == "model"


def test_a_model_verdict_can_fail_the_case_with_its_reason(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.respond_with(cart_judge)
    suite = one_case(shop.url, TO_CART, [Expect("empty", "The cart looks empty")])

    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake, vision=False))
    )

    case = report.cases[0]
    assert case.status == "failed"
    [result] = case.asserts
    assert (result.verdict, result.judged_by) == ("failed", "model")
    assert result.reason == "The cart lists Tote Bag, $24.50."
    assert case.root_cause is not None
    assert case.root_cause.kind == "assertion_failed"
    assert case.root_cause.assert_id == "empty"
    assert "The cart lists Tote Bag" in (case.reason or "")
    # Nothing changed on the page after the verdict, so it was asked once; no image sent.
    [call] = fake.calls
    assert isinstance(_user(call)["content"], str)


def test_a_quoted_string_with_more_words_around_it_is_judged_by_the_model(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.respond_with(cart_judge)
    suite = one_case(
        shop.url, TO_CART, [Expect("once", "The cart shows 'Tote Bag' once")]
    )
    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))
    assert report.cases[0].asserts[0].judged_by == "model"
    assert len(fake.calls) == 1


def test_an_answer_that_is_not_json_gets_one_reminder(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.reply_text("Looking at the page, I believe it is fine")
    fake.reply_text('```json\n{"verdict": "pass", "reason": "one item"}\n```')
    suite = one_case(shop.url, TO_CART, [Expect("one", "The cart holds one product")])

    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))

    assert report.status == "passed", report.cases[0].reason
    assert len(fake.calls) == 2
    reminder = fake.calls[1]["messages"][-1]
    assert reminder["role"] == "user" and "JSON object only" in reminder["content"]
    assert report.model_usage.calls == 2


def _product_page_suite(base_url: str, capture: Capture) -> SuiteSpec:
    return SuiteSpec(
        name="capture",
        id="capture",
        base_url=base_url,
        cases=(
            Case(
                id="read",
                title="Read the boots' price",
                steps=(
                    Step("s1", "Open /products"),
                    Step("s2", "Wait for 'Trail Boots'"),
                ),
                captures=(capture,),
            ),
            Case(
                id="use",
                title="Use it",
                depends_on=("read",),
                steps=(Step("s1", "Open /products/trail-boots"),),
                expects=(
                    Expect(
                        "price",
                        "the price is shown",
                        Check("visible_text", contains="${price}"),
                    ),
                ),
            ),
        ),
    )


def test_a_capture_described_only_in_words_is_read_by_the_model(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    def price_reader(body: dict[str, Any]) -> LlmReply:
        text = text_of(_user(body))
        assert text.startswith("Value to read: the price of the Trail Boots")
        page = text.split("Visible text:", 1)[1]
        boots = page.split("Trail Boots", 1)[1].split()[0]
        return LlmReply(content=json.dumps({"value": boots, "reason": "row"}))

    fake.respond_with(price_reader)
    capture = Capture("price", "the price of the Trail Boots")
    reporter = engine.CollectingReporter()

    report = engine.execute(
        request_for(
            _product_page_suite(shop.url, capture), tmp_path, model=config_for(fake)
        ),
        reporter=reporter,
    )

    assert report.status == "passed", [(c.id, c.reason) for c in report.cases]
    [captured] = report.cases[0].captures
    assert (captured.name, captured.value, captured.status) == (
        "price",
        "$129.00",
        "captured",
    )
    event = reporter.of_type("capture")[0]
    assert event.data["model"]["calls"] == 1
    assert report.cases[1].asserts[0].verdict == "passed"  # ${price} was used


def test_a_value_the_page_does_not_show_is_not_captured(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    fake.fallback = LlmReply(content=json.dumps({"value": "$1.00", "reason": "guess"}))
    capture = Capture("price", "the price of the Trail Boots")

    report = engine.execute(
        request_for(
            _product_page_suite(shop.url, capture), tmp_path, model=config_for(fake)
        )
    )

    read, use = report.cases
    assert read.status == "failed"
    assert read.captures[0].status == "failed"
    assert read.captures[0].reason == "the model's value '$1.00' is not on the page"
    assert use.status == "skipped"


def test_without_a_model_a_check_less_assertion_still_says_what_it_needs(
    shop: DemoHandle, tmp_path: Path
) -> None:
    suite = one_case(
        shop.url,
        ["Open /cart"],
        [
            Expect("words", "The cart looks empty"),
            Expect("quoted", "The cart shows 'Your cart is empty' once"),
            Expect("count", "The cart is empty"),
        ],
    )
    report = engine.execute(request_for(suite, tmp_path))
    words, quoted, count = report.cases[0].asserts
    assert words.verdict == "broken" and "needs a language model" in (
        words.reason or ""
    )
    # An empty region is a count of nothing, read from the page's "Your cart is empty".
    assert (count.verdict, count.judged_by) == ("passed", "text"), count.observed
    # Without a model the quoted string is the best evidence there is.
    assert (quoted.verdict, quoted.judged_by) == ("passed", "text")


def test_ordered_by_words_that_name_no_column_go_to_the_model(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """ "The Tote Bag is ordered by the shopper" reads like a sort check, but the cart has no
    "the shopper" column: the model judges the words instead of the check failing."""
    fake.respond_with(cart_judge)
    suite = one_case(
        shop.url, TO_CART, [Expect("who", "The Tote Bag is ordered by the shopper")]
    )
    report = engine.execute(request_for(suite, tmp_path, model=config_for(fake)))
    [judged] = report.cases[0].asserts
    assert (judged.verdict, judged.judged_by) == ("passed", "model"), judged.reason
    assert len(fake.calls) == 1


def test_claims_about_the_page_itself_are_decided_by_code_not_the_model(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """A field's value, a title and a URL are read, not judged, with a model configured; a
    claim about a control the page lacks goes to the model, which may know it by other words."""
    fake.respond_with(cart_judge)
    suite = one_case(
        shop.url,
        ["Open /login"],
        [
            Expect("empty", "The Email field is empty"),
            Expect("title", "The page title contains 'Sign in'"),
            Expect("url", "The URL does not contain '/cart'"),
            Expect("filled", "The Password field is not empty"),
        ],
    )
    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake), assert_timeout_ms=500)
    )
    verdicts = {a.id: (a.verdict, a.judged_by) for a in report.cases[0].asserts}
    assert verdicts == {
        "empty": ("passed", "text"),
        "title": ("passed", "text"),
        "url": ("passed", "text"),
        "filled": ("failed", "text"),
    }
    assert fake.requests == []
    missing = one_case(
        shop.url, ["Open /login"], [Expect("gone", "The Archive button is disabled")]
    )
    report = engine.execute(
        request_for(
            missing, tmp_path / "m", model=config_for(fake), assert_timeout_ms=500
        )
    )
    [judged] = report.cases[0].asserts
    assert judged.judged_by == "model" and len(fake.calls) == 1


def test_counts_the_page_shows_are_read_and_other_counts_judged(
    fake: FakeLlm, shop: DemoHandle, tmp_path: Path
) -> None:
    """The cart's table counts its rows by code, with a model configured; a count of something
    the page does not show ("the basket") is the model's, as an assertion and as a step."""
    fake.respond_with(cart_judge)
    suite = one_case(
        shop.url,
        [*TO_CART, "Verify the cart has 1 item", "Verify the basket has 2 things"],
        [
            Expect("rows", "The cart has 1 item"),
            Expect("more", "The cart has more than 1 item"),
            Expect("basket", "The basket has 2 things"),
        ],
    )
    report = engine.execute(
        request_for(suite, tmp_path, model=config_for(fake), assert_timeout_ms=500)
    )
    case = report.cases[0]
    assert [s.status for s in case.steps] == ["passed"] * 5, case.reason
    verdicts = {a.id: (a.verdict, a.judged_by) for a in case.asserts}
    assert verdicts == {
        "rows": ("passed", "text"),
        "more": ("failed", "text"),
        "basket": ("passed", "model"),
    }
    # One judgement for the step, one for the assertion; none for the cart's rows.
    assert len(fake.calls) == 2
