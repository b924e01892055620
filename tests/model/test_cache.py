"""The model tier and the action cache on the demo shop's redesign: only what the grammar cannot
re-resolve reaches the model, once, and the healed entry replays without it afterwards."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest

import engine
from demo.server import start_demo
from engine.spec import Check, Expect
from tests.e2e.conftest import one_case, request_for
from tests.fakes.llm import FakeLlm
from tests.model.helpers import config_for, one_shot_agent, step_of

pytestmark = pytest.mark.browser

FREE_FORM = "Add the cheapest product to the cart"
STEPS = [
    "Open /products",
    FREE_FORM,
    "Click 'Add to cart' next to 'Trail Boots'",
    "Open /cart",
    "Enter 'SAVE10' into 'Coupon code'",
    "Click 'Apply coupon'",
]
# Tote Bag $24.50 + Trail Boots $129.00 = $153.50, less 10 %.
EXPECTS = [
    Expect("coupon", "coupon", Check("visible_text", contains="Coupon SAVE10 applied")),
    Expect("total", "total", Check("visible_text", contains="Total: $138.15")),
]


def _run(
    variant: str, fake: FakeLlm, cache: engine.MemoryActionCache, out: Path
) -> tuple[engine.RunReport, engine.CollectingReporter, Counter[str | None]]:
    fake.forget()
    reporter = engine.CollectingReporter()
    with start_demo(variant=variant, port=0, stream=StringIO()) as shop:
        report = engine.execute(
            request_for(
                one_case(shop.url, STEPS, EXPECTS), out, model=config_for(fake)
            ),
            reporter=reporter,
            cache=cache,
        )
    return report, reporter, Counter(step_of(body) for body in fake.calls)


def test_only_steps_the_grammar_cannot_resolve_reach_the_model_after_a_redesign(
    fake: FakeLlm, tmp_path: Path
) -> None:
    fake.respond_with(one_shot_agent())
    cache = engine.MemoryActionCache()

    warm, _, per_step = _run("original", fake, cache, tmp_path / "warm")
    assert warm.status == "passed", warm.cases[0].reason
    assert per_step == {FREE_FORM: 1}
    assert [s.tier for s in warm.cases[0].steps] == ["grammar", "model"] + [
        "grammar"
    ] * 4

    healed, reporter, per_step = _run("redesigned", fake, cache, tmp_path / "healed")

    assert healed.status == "passed", healed.cases[0].reason
    # One request, for the one step only a model can re-resolve; the renamed coupon button
    # and the row button that became a link were healed by the grammar for free.
    assert per_step == {FREE_FORM: 1}
    steps = {s.text: s for s in healed.cases[0].steps}
    assert (steps[FREE_FORM].tier, steps[FREE_FORM].healed) == ("model", True)
    heals = {e.step_id: e.data for e in reporter.of_type("heal")}
    assert heals["s2"]["tier"] == "model"
    assert "Tote Bag" in heals["s2"]["old_locator"]
    assert heals["s2"]["old_locator"] != heals["s2"]["new_locator"]
    assert {heals[s]["tier"] for s in heals if s != "s2"} <= {"grammar", "cache"}
    assert "s6" in heals  # "Apply coupon" → "Apply code"
    assert healed.model_usage.calls == 1
    entry = next(a for k, a in cache.entries() if k.step_id == "s2")
    assert entry.tier == "model"
    assert entry.actions[0].locators[0].role == "link"

    again, _, per_step = _run("redesigned", fake, cache, tmp_path / "again")

    assert again.status == "passed", again.cases[0].reason
    assert per_step == {}
    assert {s.tier for s in again.cases[0].steps} == {"cache"}
