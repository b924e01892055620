"""Two steps in one, done a step at a time: "Fill 'Name' with 'Ada', fill 'Email' with '…' and
submit the form" (the model's before; before that, "Ada and submit the form" was typed), "Type
'hello' into 'Note' and click 'Save'" (typed "Save" into a field called "click" before), "Click
'Delete' and confirm" (clicked a control called "Delete and confirm", fuzzily Delete, and left
the confirmation open). Each part is resolved and cached as a step of its own and the step is
reported as written. The page logs what each control did, in order, so a half-done step or a
look-alike shows. In the exported spec too, from the cache and cold."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from tests.e2e.conftest import (
    assert_exports_pass,
    assert_grammar_then_cache,
    one_case,
    request_for,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    "Open /compound.html",
    "Fill 'Name' with 'Ada', fill 'Email' with 'ada@example.com' and submit the form",
    "Type 'hello' into 'Note' and click 'Save'",
    # The confirmation is the app's modal, shown a moment after the click.
    "Click 'Delete' and confirm",
    # A browser confirm(), answered before the click that opens it, as a dialog step is.
    "Click 'Remove B' and cancel",
    "Open the menu and click 'Settings'",
    "Click 'Apply', then 'Close'",
    "I should see 'Log: saved Ada <ada@example.com>; note hello; asked; deleted A; kept B; "
    "settings; applied; closed'",
    "'Item A' should not be visible",
]


def test_each_part_is_done_in_turn_without_a_model(
    site_url: str, tmp_path: Path
) -> None:
    case = run_case(site_url, STEPS, tmp_path)
    assert case.status == "passed", case.reason
    assert [s.text for s in case.steps] == STEPS
    assert {s.tier for s in case.steps} == {"grammar"}


def test_each_part_is_replayed_from_its_own_cache_entry(
    site_url: str, tmp_path: Path
) -> None:
    cache = assert_grammar_then_cache(one_case(site_url, STEPS), tmp_path)
    ids = {key.step_id: key.step_text for key, _ in cache.entries()}
    assert ids["s2.1"] == "Fill 'Name' with 'Ada'"
    assert ids["s2.3"] == "submit the form"
    assert ids["s3.2"] == "click 'Save'"
    assert "s2" not in ids and "s3" not in ids


def test_a_part_that_fails_says_which_and_the_parts_before_it_stand(
    site_url: str, tmp_path: Path
) -> None:
    steps = [
        "Open /compound.html",
        "Click 'Apply' and click 'Publish'",
        "Click 'Close'",
    ]
    case = run_case(site_url, steps, tmp_path, step_timeout_ms=1500)
    assert case.status == "broken"
    failed = case.steps[1]
    assert failed.status == "broken"
    assert failed.reason is not None
    assert failed.reason.startswith("part 2 of 2 (\"click 'Publish'\"): ")
    assert case.steps[2].status == "skipped"


def test_a_modal_shown_after_the_click_is_answered_by_a_dialog_step(
    site_url: str, tmp_path: Path
) -> None:
    # Before: a dialog step looked for an app's modal once, then only for a browser dialog.
    steps = [
        "Open /compound.html",
        "Click 'Delete'",
        "Cancel the dialog",
        "I should see 'asked; kept A'",
        "'Item A' should be visible",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason


@pytest.mark.slow
def test_the_exported_spec_does_the_same(site_url: str, tmp_path: Path) -> None:
    specs = assert_exports_pass(one_case(site_url, STEPS), site_url, tmp_path)
    cached = specs["cached"].text
    assert "// step s4 (action cache): Click 'Delete' and confirm" in cached
    assert "    // Accept the dialog\n" in cached


def test_a_part_the_grammar_cannot_read_goes_to_the_model_alone(
    site_url: str, tmp_path: Path
) -> None:
    from tests.fakes.llm import FakeLlm
    from tests.model.helpers import config_for, find_ref, one_shot_agent, step_of

    steps = [
        "Open /compound.html",
        # "publish the filters" names no control: the model reads it (and clicks Close).
        "Click 'Apply' and publish the filters",
        "I should see 'Log: applied; closed'",
    ]
    suite = one_case(site_url, steps)
    cache = engine.MemoryActionCache()
    with FakeLlm() as fake:
        fake.respond_with(
            one_shot_agent(lambda page: find_ref(page, "button", "Close"))
        )
        runs = []
        for name in ("first", "again"):
            fake.forget()
            request = request_for(suite, tmp_path / name, model=config_for(fake))
            runs.append((engine.execute(request, cache=cache).cases[0], fake.calls))
    (first, asked), (again, asked_again) = runs
    assert first.status == "passed", first.reason
    assert [step_of(body) for body in asked] == ["publish the filters"]
    assert first.steps[1].tier == "model"
    assert again.status == "passed", again.reason
    assert again.steps[1].tier == "cache"
    assert asked_again == []


def test_a_quantity_before_the_item_is_set_before_it_is_added(tmp_path: Path) -> None:
    # Before: "Add 2 'Tote Bag' to the cart" clicked Add to cart once and passed.
    from io import StringIO

    from demo.server import start_demo

    with start_demo(variant="original", port=0, stream=StringIO()) as shop:
        steps = [
            "Open /products/tote-bag",
            "Add 2 'Tote Bag' to the cart",
            "Open /cart",
            "I should see 'Cart 2'",
            "The total should be $49.00",
        ]
        case = run_case(shop.url, steps, tmp_path / "page")
        assert case.status == "passed", case.reason
        # The list has no quantity field: the step says so, and nothing is added.
        steps = ["Open /products", "Add 2 'Tote Bag' to the cart"]
        listed = run_case(shop.url, steps, tmp_path / "list", step_timeout_ms=1500)
        assert listed.status == "broken"
        assert listed.steps[1].reason is not None
        assert listed.steps[1].reason.startswith(
            "part 1 of 2 (\"Set the quantity of 'Tote Bag' to 2\"): "
        )
        cart = run_case(
            shop.url, ["Open /cart", "I should see 'Cart 0'"], tmp_path / "c"
        )
        assert cart.status == "passed", cart.reason
