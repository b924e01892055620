"""Reading claims about the page itself out of assertions (engine.grammar_checks)."""

from __future__ import annotations

import pytest

from engine.grammar import Intent, parse
from engine.grammar_checks import Claim, parse_claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Verify the URL contains '/orders'", Claim("url", "/orders")),
        (
            "The current URL should not contain 'login'",
            Claim("url", "login", negated=True),
        ),
        ("The page title is 'Home'", Claim("title", "Home", exact=True)),
        ("Check that the title contains 'Acme'", Claim("title", "Acme")),
        (
            "Verify the Save button is disabled",
            Claim("state", "disabled", "Save", "button"),
        ),
        (
            "The Save button should not be disabled",
            Claim("state", "enabled", "Save", "button"),
        ),
        ("'Send me news' is checked", Claim("state", "checked", "Send me news")),
        (
            "The newsletter box is no longer ticked",
            Claim("state", "unchecked", "newsletter"),
        ),
        (
            "The Wi-Fi switch is turned off",
            Claim("state", "unchecked", "Wi-Fi", "switch"),
        ),
        ("The Plan is 'Pro'", Claim("value", "Pro", "Plan", exact=True)),
        (
            "The Delete button is not shown",
            Claim("state", "hidden", "Delete", "button"),
        ),
        ("Verify the Help link is visible", Claim("state", "visible", "Help", "link")),
        (
            "The Email field contains 'ada@example.org'",
            Claim("value", "ada@example.org", "Email", "textbox"),
        ),
        (
            "The Email field is empty",
            Claim("value", "", "Email", "textbox", exact=True),
        ),
        (
            "The 'Notes' box does not contain 'draft'",
            Claim("value", "draft", "Notes", negated=True),
        ),
    ],
)
def test_claims_about_the_page_itself(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    "text",
    [
        "'Saved' is shown",
        "The page says 'Welcome'",
        "It says 'Hello'",
        "'Saved' and 'Done' are shown",
        "The cart holds exactly one product",
        "The message is 'Saved' and 'Done'",
        # Shown or not of words, not a control: the text check decides.
        "'Saved' is shown",
        "The error message is hidden",
    ],
)
def test_claims_about_words_are_not_claims_about_the_page(text: str) -> None:
    assert parse_claim(text) is None


def test_a_claim_as_a_step_keeps_its_quotes_for_the_run() -> None:
    intent = parse("Verify the Plan is 'Pro'")
    assert intent is not None and intent.kind == "assert_state"
    assert intent.value == "Verify the Plan is 'Pro'"
    assert parse_claim(intent.value) == Claim("value", "Pro", "Plan", exact=True)
    # A step about words stays one: its quote is looked for.
    shown = parse("Verify 'Saved' is shown")
    assert shown is not None and shown.kind == "assert_text"


def test_a_step_that_says_what_should_be_is_a_check() -> None:
    intent = parse("The Email field should contain 'ada'")
    assert intent is not None and intent.kind == "assert_state"
    assert parse("Set the Email field to 'ada'") != intent


def test_a_step_that_says_what_the_page_should_show_is_a_text_check() -> None:
    assert parse("The page should not show 'Error'") == Intent(
        "assert_absent", value="Error"
    )
    assert parse("'Order placed' should be shown") == Intent(
        "assert_text", value="Order placed"
    )
