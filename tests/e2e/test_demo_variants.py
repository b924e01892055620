"""The example suites against the demo shop's three variants: pass, heal, fail."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from demo.server import start_demo
from engine.spec import Check, Expect
from tests.e2e.conftest import chromium_processes, example_suite, one_case, request_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "name", ["signup-login", "shop-checkout", "storefront-widgets"]
)
def test_example_suites_pass_on_the_original_shop(name: str, tmp_path: Path) -> None:
    cache = engine.MemoryActionCache()
    reporter = engine.CollectingReporter()
    with start_demo(variant="original", port=0) as shop:
        report = engine.execute(
            request_for(example_suite(name, shop.url), tmp_path),
            reporter=reporter,
            cache=cache,
        )
    assert report.status == "passed", [(c.id, c.reason) for c in report.cases]
    assert all(c.status == "passed" for c in report.cases)
    tiers = {s.tier for c in report.cases for s in c.steps}
    assert tiers == {"grammar"}
    assert len(cache) == sum(len(c.steps) for c in report.cases)
    types = [e.type for e in reporter.events]
    assert types[0] == "case_start" and types[-1] == "done"
    assert [e.seq for e in reporter.events] == list(range(1, len(types) + 1))
    assert chromium_processes() == 0


def test_redesign_heals_from_a_cache_warmed_on_the_original(tmp_path: Path) -> None:
    cache = engine.MemoryActionCache()
    with start_demo(variant="original", port=0) as shop:
        warm = engine.execute(
            request_for(example_suite("shop-checkout", shop.url), tmp_path / "warm"),
            cache=cache,
        )
    assert warm.status == "passed"
    before = {key.digest(): action for key, action in cache.entries()}

    reporter = engine.CollectingReporter()
    with start_demo(variant="redesigned", port=0) as shop:
        healed = engine.execute(
            request_for(example_suite("shop-checkout", shop.url), tmp_path / "healed"),
            reporter=reporter,
            cache=cache,
        )
    assert healed.status == "passed", [(c.id, c.reason) for c in healed.cases]
    heals = reporter.of_type("heal")
    assert healed.heals == len(heals) >= 4
    healed_steps = {(e.case_id, e.step_id) for e in heals}
    assert ("register", "s5") in healed_steps  # "Create account" → "Create my account"
    assert ("add-to-cart", "s1") in healed_steps  # the row's button became a link
    assert ("checkout", "s7") in healed_steps  # "Place order" → "Place your order"
    for event in heals:
        assert event.data["old_locator"] != event.data["new_locator"]
        assert event.data["tier"] in ("grammar", "cache")
    # Heals rewrote their entries; untouched steps kept theirs.
    after = {key.digest(): action for key, action in cache.entries()}
    rewritten = {d for d in after if after[d] != before.get(d)}
    assert len(rewritten) >= len(heals)
    place_order = next(
        a for k, a in cache.entries() if k.case_id == "checkout" and k.step_id == "s7"
    )
    assert place_order.actions[0].locators[0].value == "Place your order"
    cached_steps = [s for c in healed.cases for s in c.steps if s.tier == "cache"]
    assert cached_steps, "unchanged steps replay from the cache"

    # A second run on the redesign replays everything from the rewritten cache.
    with start_demo(variant="redesigned", port=0) as shop:
        again = engine.execute(
            request_for(example_suite("shop-checkout", shop.url), tmp_path / "again"),
            cache=cache,
        )
    assert again.status == "passed"
    assert again.heals == 0
    assert {s.tier for c in again.cases for s in c.steps} == {"cache"}


def test_a_behaviour_regression_fails_and_is_not_healed_away(tmp_path: Path) -> None:
    cache = engine.MemoryActionCache()
    with start_demo(variant="original", port=0) as shop:
        engine.execute(
            request_for(example_suite("shop-checkout", shop.url), tmp_path / "warm"),
            cache=cache,
        )
    with start_demo(variant="regressed", port=0) as shop:
        report = engine.execute(
            request_for(example_suite("shop-checkout", shop.url), tmp_path / "run"),
            cache=cache,
        )
    assert report.status == "failed"
    statuses = {c.id: c.status for c in report.cases}
    assert statuses["cart"] == "failed"
    assert statuses["checkout"] == "skipped"
    assert "broken" not in statuses.values()
    cart = next(c for c in report.cases if c.id == "cart")
    assert cart.root_cause is not None
    assert cart.root_cause.kind == "assertion_failed"
    assert cart.root_cause.assert_id == "not-empty"
    assert report.heals == 0


@pytest.mark.parametrize("variant", ["original", "redesigned"])
def test_plain_english_hints_survive_the_redesign(variant: str, tmp_path: Path) -> None:
    steps = ["Open /products", "Add 'Tote Bag' to the cart"]
    expects = [
        Expect(
            "count",
            "one item",
            Check("visible_text", equals="1", selector_hint="the cart count"),
        ),
        Expect(
            "badge",
            "badge shown",
            Check("element_visible", selector_hint="the cart count"),
        ),
    ]
    with start_demo(variant=variant, port=0) as shop:
        report = engine.execute(
            request_for(one_case(shop.url, steps, expects), tmp_path)
        )
    case = report.cases[0]
    assert case.status == "passed", (
        case.reason,
        [(a.id, a.observed) for a in case.asserts],
    )
