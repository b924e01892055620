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
        "The message is 'Saved' and 'Done'",
        # Shown or not of words, not a control: the text check decides.
        "'Saved' is shown",
        "The message 'Saved' should be shown",
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


def _count(noun: str, where: str | None, n: int, **kw: object) -> Claim:
    return Claim("count", noun, target=where, count=n, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The cart has 3 items", _count("items", "cart", 3)),
        ("Verify there are no todos", _count("todos", None, 0)),
        ("There are 3 items in the cart", _count("items", "cart", 3)),
        ("There is 1 item in your basket", _count("item", "basket", 1)),
        ("At least 2 results are shown", _count("results", None, 2, compare="ge")),
        ("No results are shown", _count("results", None, 0)),
        ("The todo list has three todos", _count("todos", "todo list", 3)),
        ("The page shows 3 results", _count("results", None, 3)),
        ("The cart holds exactly one product", _count("product", "cart", 1)),
        ("The cart should have 2 items in it", _count("items", "cart", 2)),
        ("The cart does not have 3 items", _count("items", "cart", 3, negated=True)),
        ("There should be fewer than 5 users", _count("users", None, 5, compare="lt")),
        ("The 'Orders' table has 2 rows", _count("rows", "Orders table", 2)),
        ("5 users are listed", _count("users", None, 5)),
        ("I should see 4 results", _count("results", None, 4)),
        ("I see no todos in the list", _count("todos", "list", 0)),
        ("2 rows in the table", _count("rows", "table", 2)),
        ("The inbox shows 12 unread messages", _count("unread messages", "inbox", 12)),
    ],
)
def test_counts(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    "text",
    [
        "3 items",  # says neither where nor that they show
        "There are 3",
        "The cart holds exactly one product, the Tote Bag",
        "The cart has 'Tote Bag'",
        "The total is 3 dollars",
    ],
)
def test_not_counts(text: str) -> None:
    claim = parse_claim(text)
    assert claim is None or claim.kind != "count"


def test_a_count_as_a_step_is_a_check_and_an_action_is_not() -> None:
    intent = parse("Verify the cart has 2 items")
    assert intent is not None and intent.kind == "assert_state"
    added = parse("Add 3 items to the cart")
    assert added is None or added.kind != "assert_state"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Verify the first row contains 'Ada'",
            Claim("item", "Ada", count=1, noun="row"),
        ),
        ("The last user is 'Linus'", Claim("item", "Linus", count=-1, noun="user")),
        (
            "The second row of the users table shows 'Grace'",
            Claim("item", "Grace", "users table", count=2, noun="row"),
        ),
        (
            "The first item in the cart is not 'Mug'",
            Claim("item", "Mug", "cart", negated=True, count=1, noun="item"),
        ),
    ],
)
def test_items(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


def test_a_field_named_with_an_ordinal_word_is_no_item() -> None:
    assert parse_claim("The first name is 'Ada'") == Claim(
        "value", "Ada", "first name", exact=True
    )
    last = parse_claim("The last button is 'Save'")
    assert last is not None and last.kind != "item"


def test_a_column_is_its_cells() -> None:
    assert parse_claim("The Email column contains 'ada@example.org'") == Claim(
        "column", "ada@example.org", "Email"
    )
    assert parse_claim("The 'Status' column does not contain 'Paid'") == Claim(
        "column", "Paid", "Status", negated=True
    )


@pytest.mark.parametrize(
    ("text", "row", "field", "pinned"),
    [
        ("The status of A-1001 is 'Shipped'", "A-1001", "status", True),
        ("Verify the status of order A-1002 is 'Paid'", "order A-1002", "status", True),
        ("Grace Hopper's role is 'Admin'", "Grace Hopper", "role", True),
        ("The price of 'Tote bag' is '$15.00'", "Tote bag", "price", True),
        ("The row for 'Grace Hopper' contains 'Paid'", "Grace Hopper", "", True),
        ("The 'Mug' card shows '$9.00'", "Mug", "", True),
        ("The Linus Torvalds row shows 'Cancelled'", "Linus Torvalds", "", True),
        # Said of a row, any words name it; said of a field, only words that name one.
        ("The row for the admin user shows 'Admin'", "admin user", "", False),
    ],
)
def test_a_record_is_a_value_claims_other_reading(
    text: str, row: str, field: str, pinned: bool
) -> None:
    claim = parse_claim(text)
    assert claim is not None and claim.kind == "value"
    assert (claim.row, claim.noun, claim.pinned) == (row, field, pinned)


@pytest.mark.parametrize(
    "text",
    [
        # No words that name one record: a label's value or words, as before.
        "The total of the cart is '$52.00'",
        "The value of the Email field is 'x'",
        "The cart item shows 'Mug'",
        "The address line shows 'Main St'",
    ],
)
def test_no_record_without_words_that_name_one(text: str) -> None:
    claim = parse_claim(text)
    assert claim is not None and claim.kind == "value" and claim.row == ""


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The page heading is 'Orders'", Claim("heading", "Orders", exact=True)),
        ("Verify the main heading contains 'order'", Claim("heading", "order")),
        ("The h1 is not 'Error'", Claim("heading", "Error", negated=True, exact=True)),
        (
            "Verify the Email field shows the error 'Enter a valid email'",
            Claim("error", "Enter a valid email", "Email", "textbox"),
        ),
        ("The Email field has no errors", Claim("error", "", "Email", "textbox", True)),
        (
            "The Name field should not show an error",
            Claim("error", "", "Name", "textbox", True),
        ),
        ("The error for Email says 'Required'", Claim("error", "Required", "Email")),
        (
            "The Email field's error message is 'Required'",
            Claim("error", "Required", "Email", "textbox"),
        ),
        (
            "The Docs link points to '/docs'",
            Claim("link", "/docs", "Docs", "link", exact=True),
        ),
        (
            "Pricing should not lead to '/pricing'",
            Claim("link", "/pricing", "Pricing", "link", negated=True, exact=True),
        ),
        (
            "The Docs link's URL contains 'docs'",
            Claim("link", "docs", "Docs", "link"),
        ),
        ("The Name field is required", Claim("state", "required", "Name", "textbox")),
        (
            "The Phone field is not required",
            Claim("state", "optional", "Phone", "textbox"),
        ),
    ],
)
def test_headings_errors_links_and_required_fields(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


def test_a_count_of_errors_on_the_page_stays_a_count() -> None:
    # None at all is the page's errors (no collection of errors need be there to count).
    assert parse_claim("The page has no errors") == Claim("error", "", negated=True)
    claim = parse_claim("The form shows 2 errors")
    assert claim is not None and claim.kind == "count"


def test_a_number_said_without_quotes_is_the_value() -> None:
    assert parse_claim("Verify the cart count is 1") == Claim(
        "value", "1", "cart count", exact=True
    )
    assert parse_claim("The total should be $52.00") == Claim(
        "value", "$52.00", "total", exact=True
    )
    counted = parse_claim("There are 3 items")
    assert counted is not None and counted.kind == "count"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The Billing tab is selected", Claim("state", "checked", "Billing", "tab")),
        ("The Bold button is pressed", Claim("state", "checked", "Bold", "button")),
        (
            "The Italic button is not pressed",
            Claim("state", "unchecked", "Italic", "button"),
        ),
        (
            "The Shipping options section is expanded",
            Claim("state", "expanded", "Shipping options"),
        ),
        ("The Advanced panel is not collapsed", Claim("state", "expanded", "Advanced")),
    ],
)
def test_selected_pressed_and_expanded(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("I should be on the account page", Claim("page", "account")),
        ("Verify I am on the cart page", Claim("page", "cart")),
        ("I should be redirected to the login page", Claim("page", "login")),
        (
            "The user should be taken back to the products page",
            Claim("page", "products"),
        ),
        ("I should not be on the sign in page", Claim("page", "sign in", negated=True)),
        (
            "The order confirmation page should be shown",
            Claim("page", "order confirmation"),
        ),
        ("I should land on the home page", Claim("page", "home")),
        ("I should still be on the sign in page", Claim("page", "sign in")),
        ("I should be on the 'Order summary' screen", Claim("page", "Order summary")),
        ("I should be redirected to '/login'", Claim("url", "/login", exact=True)),
        ("I should be on /account", Claim("url", "/account", exact=True)),
    ],
)
def test_the_page_the_browser_is_on(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    "text",
    [
        "I should be on page 2",
        "I should be on the page",
        "I should be on the 'Orders' list page",
    ],
)
def test_no_page_named(text: str) -> None:
    claim = parse_claim(text)
    assert claim is None or claim.kind != "page"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("An error should be shown", Claim("error", "")),
        ("The page should show an error", Claim("error", "")),
        ("I should see an error message saying 'Invalid'", Claim("error", "Invalid")),
        ("The error should say 'Invalid'", Claim("error", "Invalid")),
        ("An error saying 'Invalid' should be displayed", Claim("error", "Invalid")),
        ("There should be no errors", Claim("error", "", negated=True)),
        ("No error message should appear", Claim("error", "", negated=True)),
    ],
)
def test_the_pages_errors_when_no_field_is_named(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("A success message should be shown", Claim("success", "")),
        ("I should see a success message", Claim("success", "")),
        ("There should be a confirmation message", Claim("success", "")),
        ("A success toast should pop up", Claim("success", "")),
        (
            "I should see a confirmation message saying 'Account created'",
            Claim("success", "Account created"),
        ),
        ("The success message should say 'Saved'", Claim("success", "Saved")),
        (
            "The success message should not say 'Scarf'",
            Claim("success", "Scarf", negated=True),
        ),
        ("No success message should be shown", Claim("success", "", negated=True)),
        ("There should be no success message", Claim("success", "", negated=True)),
        # A page named for its confirmation is a page claim.
        (
            "The order confirmation page should be shown",
            Claim("page", "order confirmation"),
        ),
    ],
)
def test_the_pages_messages_of_success(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        # A warning is no error: "There should be no warning" passed while one showed.
        ("There should be no warning message", Claim("warning", "", negated=True)),
        ("A warning should be shown", Claim("warning", "")),
        ("The warning should say 'trial ends'", Claim("warning", "trial ends")),
        ("The page shows a warning saying 'Beta'", Claim("warning", "Beta")),
        ("An info message should be shown", Claim("info", "")),
        ("The info banner should say 'invites'", Claim("info", "invites")),
        ("There should be no information message", Claim("info", "", negated=True)),
        # A field's warning is still the field's error.
        (
            "The Password field shows the warning 'Weak'",
            Claim("error", "Weak", target="Password", role="textbox"),
        ),
    ],
)
def test_the_pages_warnings_and_notes(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


def test_a_value_said_without_quotes_beside_a_quoted_name_is_the_value() -> None:
    """Before, "The quantity of 'Tote Bag' should be 2" only looked for 'Tote Bag'."""
    claim = parse_claim("The quantity of 'Tote Bag' should be 2")
    assert claim is not None
    assert (claim.kind, claim.expected, claim.row) == ("value", "2", "Tote Bag")
    claim = parse_claim("The 'Total' should not be $24.50")
    assert claim is not None
    assert (claim.kind, claim.expected, claim.target, claim.negated) == (
        "value",
        "$24.50",
        "Total",
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected", "negated"),
    [
        ("'Tote Bag' costs $24.50", "$24.50", False),
        ("Verify 'Tote Bag' costs '$24.50'", "$24.50", False),
        ("'Tote Bag' should cost $24.50", "$24.50", False),
        ("'Tote Bag' should not cost $30", "$30", True),
        ("'Tote Bag' is priced at $24.50", "$24.50", False),
    ],
)
def test_what_a_thing_costs_is_its_price(
    text: str, expected: str, negated: bool
) -> None:
    claim = parse_claim(text)
    assert claim is not None
    assert (claim.kind, claim.noun, claim.row) == ("value", "price", "Tote Bag")
    assert (claim.expected, claim.negated) == (expected, negated)


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The email field should be focused",
            Claim("state", "focused", "email", "textbox"),
        ),
        (
            "The password field should have focus",
            Claim("state", "focused", "password", "textbox"),
        ),
        ("Email does not have focus", Claim("state", "unfocused", "Email")),
        ("The Save button is in focus", Claim("state", "focused", "Save", "button")),
        ("Email is not focused", Claim("state", "unfocused", "Email")),
    ],
)
def test_which_control_has_focus(text: str, claim: Claim) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("I should see 'Mug' in the cart", Claim("value", "Mug", "cart")),
        ("I don't see 'Mug' in the cart", Claim("value", "Mug", "cart", negated=True)),
        ("'Mug' should be listed in the cart", Claim("value", "Mug", "cart")),
        ("'Mug' is no longer in the cart", Claim("value", "Mug", "cart", negated=True)),
        (
            "'Mug' should be removed from the cart",
            Claim("value", "Mug", "cart", negated=True),
        ),
        ("'Mug' appears in the sidebar", Claim("value", "Mug", "sidebar")),
        (
            "I should see 'Notebook' in the order summary",
            Claim("value", "Notebook", "order summary"),
        ),
        (
            "I should see 'ada@' in the 'Email' field",
            Claim("value", "ada@", "Email", "textbox"),
        ),
        ("I should see '/cart' in the URL", Claim("url", "/cart")),
        ("I can see 'Shop' in the tab title", Claim("title", "Shop")),
    ],
)
def test_text_seen_in_a_region_is_a_claim_about_its_words(
    text: str, claim: Claim
) -> None:
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    "text",
    [
        "I should see 'Mug' on the page",
        "I should see 'Mug' on the home page",
        "'Mug' should be visible on the screen",
        "'Mug' should be in stock",
        "'Mug' should be in the first position",
    ],
)
def test_the_page_itself_or_a_place_in_an_order_is_no_region(text: str) -> None:
    assert parse_claim(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("An error appears", "An error is shown"),
        ("A success toast pops up", "A success toast is shown"),
        ("An error message is displayed", "An error message is shown"),
        ("No error message is shown", "No error message is shown"),
        ("A confirmation message appears", "A confirmation message is shown"),
    ],
)
def test_a_message_said_in_the_indicative_is_a_check(text: str, value: str) -> None:
    # Before: a control called "An error appears" (or the model's).
    assert parse(text) == Intent("assert_state", value=value)


@pytest.mark.parametrize(
    ("text", "negated", "who"),
    [
        ("I should be logged in", False, ""),
        ("I should be logged in as 'Ada Lovelace'", False, "Ada Lovelace"),
        ("I'm signed in", False, ""),
        ("The user is signed out", True, ""),
        ("I should not be signed in", True, ""),
        ("We should still be logged in", False, ""),
    ],
)
def test_signed_in_or_out_is_a_claim(text: str, negated: bool, who: str) -> None:
    assert parse_claim(text) == Claim("signed_in", who, negated=negated)
    assert parse(text) == Intent("assert_state", value=text)


@pytest.mark.parametrize(
    ("text", "target", "expected", "compare", "negated"),
    [
        ("The total should be greater than $10", "total", "$10", "gt", False),
        ("The rating should be at least 4", "rating", "4", "ge", False),
        ("The price of 'Mug' should be under $20", "price of Mug", "$20", "lt", False),
        ("The total is not more than $100", "total", "$100", "gt", True),
        ("The balance must be no more than 1,000", "balance", "1,000", "le", False),
        ("The discount should be over 10%", "discount", "10%", "gt", False),
    ],
)
def test_a_number_compared_is_a_value_claim_that_compares(
    text: str, target: str, expected: str, compare: str, negated: bool
) -> None:
    claim = parse_claim(text)
    assert claim is not None and claim.kind == "value"
    assert (claim.target, claim.expected, claim.compare, claim.negated) == (
        target,
        expected,
        compare,
        negated,
    )


def test_a_count_compared_stays_a_count() -> None:
    claim = parse_claim("There should be more than 3 products")
    assert claim is not None and (claim.kind, claim.count, claim.compare) == (
        "count",
        3,
        "gt",
    )


@pytest.mark.parametrize(
    ("text", "target", "words", "negated"),
    [
        ("A toast should appear", "toast", "", False),
        ("I should see a notification saying 'Saved'", "notice", "Saved", False),
        ("There should be no toasts", "toast", "", True),
        ("No notification should be shown", "notice", "", True),
        ("The toast should disappear", "toast", "", True),
        ("The toast should not disappear", "toast", "", False),
        ("The 'Saved' snackbar is gone", "toast", "Saved", True),
        ("The toast should no longer be visible", "toast", "", True),
        ("The success message should disappear", "success", "", True),
        ("The error message is hidden", "error", "", True),
        ("An error toast should appear", "error toast", "", False),
        ("The alert box should be dismissed", "alert", "", True),
        ("The banner should be visible", "banner", "", False),
        ("The toast should not say 'Failed'", "toast", "Failed", True),
        # From "Wait for the toast to disappear".
        ("the toast is hidden", "toast", "", True),
    ],
)
def test_a_notice_shown_or_gone_is_a_claim(
    text: str, target: str, words: str, negated: bool
) -> None:
    assert parse_claim(text) == Claim("notice", words, target, negated=negated)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Wait for the toast to disappear", "the toast is hidden"),
        ("Wait for a toast to appear", "a toast is visible"),
        ("Wait for the success message", "the success message is shown"),
        (
            "Wait for a notification saying 'Saved'",
            "a notification saying 'Saved' is shown",
        ),
        ("The toast disappears", "The toast is gone"),
        ("A toast appears", "A toast is shown"),
    ],
)
def test_waits_and_scenario_lines_about_notices_are_checks(
    text: str, value: str
) -> None:
    assert parse(text) == Intent("assert_state", value=value)


@pytest.mark.parametrize(
    "text",
    [
        # What happened, not how the page is; words of a message wherever they are; a wait for
        # things that are no notice.
        "The toast closed",
        "The message 'Saved' should be shown",
        "Wait for the products",
    ],
)
def test_no_notice_claim_where_none_is_said(text: str) -> None:
    intent = parse(text)
    claim = parse_claim(str(intent.value)) if intent and intent.value else None
    assert claim is None or claim.kind != "notice"


@pytest.mark.parametrize(
    "text",
    [
        "There should be no broken images",
        "No images should be broken",
        "All images should load",
        "All product images should be loaded correctly",
        "Every image should be displayed",
        "The page should have no broken images",
    ],
)
def test_images_loaded_is_a_claim(text: str) -> None:
    # Before: a count of things called "broken images" (the model's).
    assert parse_claim(text) == Claim("images", "")


@pytest.mark.parametrize(
    "text",
    [
        "There should be no console errors",
        "No console errors should appear",
        "No JavaScript errors should occur",
        "The console should have no errors",
        "The browser console should be clean",
    ],
)
def test_a_clean_console_is_a_claim(text: str) -> None:
    # Before: a count of things called "console errors", or an element called "console".
    assert parse_claim(text) == Claim("console", "")


@pytest.mark.parametrize(
    ("text", "target", "negated"),
    [
        ("The 'Docs' link should open in a new tab", "Docs", False),
        ("The Help link opens in a new window", "Help", False),
        ("'Terms' should not open in a new tab", "Terms", True),
    ],
)
def test_where_a_link_opens_is_a_claim(text: str, target: str, negated: bool) -> None:
    # Before: the model's.
    assert parse_claim(text) == Claim("new_tab", "", target, "link", negated=negated)


def test_a_button_that_opens_a_tab_is_no_link_claim() -> None:
    assert parse_claim("The 'Save' button should open in a new tab") is None


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The checkbox should be checked", Claim("state", "checked", "", "checkbox")),
        ("The checkbox is unchecked", Claim("state", "unchecked", "", "checkbox")),
        ("The check box should be ticked", Claim("state", "checked", "", "checkbox")),
        ("The switch should be off", Claim("state", "unchecked", "", "switch")),
        ("The toggle is on", Claim("state", "checked", "", "switch")),
        ("Verify the toggle is off", Claim("state", "unchecked", "", "switch")),
    ],
)
def test_a_box_not_named_is_a_claim_about_the_one_shown(
    text: str, claim: Claim
) -> None:
    # Before: the model's ("the check box" was even a box called "check").
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    "text", ["The button should be disabled", "The link is visible"]
)
def test_other_controls_not_named_are_no_claim(text: str) -> None:
    assert parse_claim(text) is None


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The 'Email' field should have the placeholder 'you@example.com'",
            Claim("placeholder", "you@example.com", "Email", "textbox", exact=True),
        ),
        (
            "The placeholder of 'Email' should be 'you@example.com'",
            Claim("placeholder", "you@example.com", "Email", None, exact=True),
        ),
        (
            "The email field's placeholder is 'you@example.com'",
            Claim("placeholder", "you@example.com", "email", "textbox", exact=True),
        ),
        (
            "The placeholder of the search box should contain 'Sea'",
            Claim("placeholder", "Sea", "search", None),
        ),
        (
            "The placeholder text should be 'Search'",
            Claim("placeholder", "Search", "", None, exact=True),
        ),
        (
            "No field should have the placeholder 'x'",
            Claim("placeholder", "x", "", None, negated=True, exact=True),
        ),
        (
            "The 'Email' field should not have the placeholder 'x'",
            Claim("placeholder", "x", "Email", "textbox", negated=True, exact=True),
        ),
    ],
)
def test_a_fields_hint_is_a_claim(text: str, claim: Claim) -> None:
    # Before: a field called "placeholder of Email", words on the page, or the model's.
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The 'Profile' tab should be active",
            Claim("state", "checked", "Profile", "tab"),
        ),
        ("The 'Home' link is inactive", Claim("state", "unchecked", "Home", "link")),
        (
            "The 'Dashboard' menu item should be highlighted",
            Claim("state", "checked", "Dashboard", "menuitem"),
        ),
        (
            "'Settings' should not be active",
            Claim("state", "unchecked", "Settings", None),
        ),
    ],
)
def test_the_item_said_active_is_the_selected_one(text: str, claim: Claim) -> None:
    # Before: the model's.
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    "text",
    [
        "The 'Save' button should be active",  # pressed, or usable?
        "The email field should be highlighted",
        "The tab should be active",
    ],
)
def test_active_said_of_other_things_is_left_to_the_model(text: str) -> None:
    assert parse_claim(text) is None


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "There should be a table with 3 rows",
            Claim("count", "rows", "table", count=3),
        ),
        (
            "There should be a cart with no items",
            Claim("count", "items", "cart", count=0),
        ),
        (
            "There should be a table with at least 2 rows",
            Claim("count", "rows", "table", count=2, compare="ge"),
        ),
    ],
)
def test_there_is_a_collection_with_so_many(text: str, claim: Claim) -> None:
    # Before: the model's.
    assert parse_claim(text) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The page should have the title 'Home'", Claim("title", "Home", exact=True)),
        (
            "The page should not have the title 'Error'",
            Claim("title", "Error", negated=True, exact=True),
        ),
        (
            "The 'Save' button should not exist",
            Claim("state", "hidden", "Save", "button"),
        ),
        ("The 'Delete' link exists", Claim("state", "visible", "Delete", "link")),
    ],
)
def test_a_title_had_and_a_control_that_exists(text: str, claim: Claim) -> None:
    # Before: the model's.
    assert parse_claim(text) == claim


def test_a_region_with_a_link_is_no_claim_about_a_link_called_so() -> None:
    # Before: where a link called "footer should have a" goes.
    assert parse_claim("The footer should have a link to 'Privacy'") is None


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The selected option in 'Size' should be 'Large'",
            Claim("value", "Large", "Size", "combobox", exact=True),
        ),
        (
            "The selected country should be 'Canada'",
            Claim("value", "Canada", "country", "combobox", exact=True),
        ),
        (
            "'Canada' should be selected in 'Country'",
            Claim("state", "checked", "Canada"),
        ),
        (
            "'Canada' should be the selected country",
            Claim("state", "checked", "Canada"),
        ),
        (
            "The 'Country' select should have 'Canada' selected",
            Claim("state", "checked", "Canada"),
        ),
        (
            "'Canada' should not be selected in 'Country'",
            Claim("state", "unchecked", "Canada"),
        ),
        (
            "The selected tab should be 'Billing'",
            Claim("state", "checked", "Billing", "tab"),
        ),
    ],
)
def test_the_option_a_list_holds(text: str, claim: Claim) -> None:
    # Before: the words anywhere (a false pass), a field called "selected option in Size", or
    # the model's.
    assert parse_claim(text) == claim
