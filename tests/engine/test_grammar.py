"""The deterministic step grammar: phrasing in, exact Intent out."""

from __future__ import annotations

import dataclasses

import pytest

from engine.grammar import (
    FieldValue,
    Intent,
    named_readings,
    parse,
    quoted_assertion,
    steps_in,
)
from engine.phrases import name_readings

PHRASINGS: list[tuple[str, Intent]] = [
    # navigation
    ("Open /signup", Intent("goto", value="/signup")),
    ("Go to /products", Intent("goto", value="/products")),
    ("visit /cart", Intent("goto", value="/cart")),
    (
        "Navigate to https://example.com/login",
        Intent("goto", value="https://example.com/login"),
    ),
    ("Open the page at /checkout", Intent("goto", value="/checkout")),
    ("Go to the /cart page.", Intent("goto", value="/cart")),
    ("Open ${base_url}/account", Intent("goto", value="${base_url}/account")),
    ("Open the home page", Intent("goto", value="/")),
    ("Open the sign-up page", Intent("open_link", target="sign-up")),
    ("Go to the cart", Intent("open_link", target="cart")),
    ("Navigate to the Products page", Intent("open_link", target="Products")),
    ("Go back", Intent("back")),
    ("Reload the page", Intent("reload")),
    ("refresh", Intent("reload")),
    # clicks
    ("Click 'Sign in'", Intent("click", target="Sign in")),
    ("Click Sign in", Intent("click", target="Sign in")),
    (
        "click on the 'Create account' button",
        Intent("click", target="Create account", role="button"),
    ),
    ("Tap the Checkout link", Intent("click", target="Checkout", role="link")),
    (
        "Press the \u201cCreate account\u201d button",
        Intent("click", target="Create account", role="button"),
    ),
    (
        "Click the link 'Create an account'",
        Intent("click", target="Create an account", role="link"),
    ),
    (
        'Then click "Proceed to checkout".',
        Intent("click", target="Proceed to checkout"),
    ),
    ("Double-click 'Row 1'", Intent("dblclick", target="Row 1")),
    ("Right-click 'Quarterly report'", Intent("rightclick", target="Quarterly report")),
    ("Turn on 'Wi-Fi'", Intent("check", target="Wi-Fi")),
    ("Disable 'Beta features'", Intent("uncheck", target="Beta features")),
    ("Accept the dialog", Intent("accept_dialog")),
    # The verb names no dialog type: "Confirm the dialog" answers any question, a modal too.
    ("Confirm the dialog", Intent("accept_dialog")),
    ("Confirm the confirm dialog", Intent("accept_dialog", target="confirm")),
    ("Close the modal", Intent("dismiss_dialog")),
    ("Close the dialog box", Intent("dismiss_dialog")),
    ("Close the popup", Intent("close_tab", value="popup")),
    (
        "Dismiss the next confirm",
        Intent("dismiss_dialog", target="confirm", timeout_ms=0),
    ),
    (
        "Answer the prompt with 'Ada'",
        Intent("answer_dialog", target="prompt", value="Ada"),
    ),
    (
        "Verify the alert says 'Saved'",
        Intent("assert_dialog", value="Saved"),
    ),
    ("Switch to the new tab", Intent("switch_tab", value="new")),
    ("Switch back", Intent("switch_tab", value="previous")),
    ("Return to the original window", Intent("switch_tab", value="first")),
    ("Switch to the 'Invoice' tab", Intent("switch_tab", value="Invoice")),
    ("Close the tab", Intent("close_tab")),
    (
        "Context-click on 'Notes'",
        Intent("rightclick", target="Notes"),
    ),
    (
        "Right click 'Edit' next to 'Invoice 7'",
        Intent("rightclick", target="Edit", scope="Invoice 7"),
    ),
    ("Click 'Don't ask again'", Intent("click", target="Don't ask again")),
    # row scoping
    (
        "Click 'Add to cart' next to 'Canvas Backpack'",
        Intent("click", target="Add to cart", scope="Canvas Backpack"),
    ),
    (
        "Click 'Add to cart' for 'Canvas Backpack'",
        Intent("click", target="Add to cart", scope="Canvas Backpack"),
    ),
    (
        "Click the 'Add to cart' button in the row of 'Trail Runner Shoes'",
        Intent(
            "click", target="Add to cart", role="button", scope="Trail Runner Shoes"
        ),
    ),
    (
        "Click 'Add to cart' next to Canvas Backpack",
        Intent("click", target="Add to cart", scope="Canvas Backpack"),
    ),
    (
        "Add 'Canvas Backpack' to the cart",
        Intent("click", target="Add to cart", scope="Canvas Backpack"),
    ),
    (
        "Add Canvas Backpack to cart",
        Intent("click", target="Add to cart", scope="Canvas Backpack"),
    ),
    # The account's field and the password field, then Enter in the latter.
    (
        "Log in as ${email} with ${password}",
        Intent(
            "fill_many",
            fills=(FieldValue("${email}"), FieldValue("${password}", "password")),
            then_key="Enter",
        ),
    ),
    (
        "Sign in as 'admin' with password 'Adm1n-pass'",
        Intent(
            "fill_many",
            fills=(
                FieldValue("admin", "username"),
                FieldValue("Adm1n-pass", "password"),
            ),
            then_key="Enter",
        ),
    ),
    # A code typed into the box for it and sent.
    (
        "Apply the coupon 'SAVE10'",
        Intent("search", target="coupon", value="SAVE10"),
    ),
    ("Use promo code ${code}", Intent("search", target="promo code", value="${code}")),
    # A control called so, else the box whose label names what is agreed to.
    (
        "Accept the terms",
        Intent(
            "click_named",
            target="Accept the terms",
            alternative=Intent("check", target="terms", role="checkbox"),
        ),
    ),
    (
        "I agree to the privacy policy",
        Intent(
            "click_named",
            target="I agree to the privacy policy",
            alternative=Intent("check", target="privacy policy", role="checkbox"),
        ),
    ),
    # On a product's own page: the one button called so (several: ambiguous).
    ("Add it to the cart", Intent("click", target="Add to cart")),
    ("Add this product to my basket", Intent("click", target="Add to basket")),
    (
        "Remove 'Canvas Backpack' from the cart",
        Intent("click", target="Remove", scope="Canvas Backpack"),
    ),
    (
        "Click 'Remove item' for 'Canvas Backpack'",
        Intent("click", target="Remove item", scope="Canvas Backpack"),
    ),
    # typing
    ("Enter ${email} into 'Email'", Intent("fill", target="Email", value="${email}")),
    (
        "Type ${email} in the Email field",
        Intent("fill", target="Email", value="${email}", role="textbox"),
    ),
    (
        "Fill 'Password' with ${password}",
        Intent("fill", target="Password", value="${password}"),
    ),
    (
        "fill in the Full name field with 'Ann Lee'",
        Intent("fill", target="Full name", value="Ann Lee", role="textbox"),
    ),
    ("Set 'Quantity' to 2", Intent("fill", target="Quantity", value="2")),
    (
        "Type 'shoes' into the search box",
        Intent("fill", target="search", value="shoes"),
    ),
    ("Enter 12345 in 'ZIP code'", Intent("fill", target="ZIP code", value="12345")),
    (
        "Clear the 'Coupon code' field",
        Intent("fill", target="Coupon code", value="", role="textbox"),
    ),
    (
        "Enter ${email} and ${password}",
        Intent("fill_many", fills=(FieldValue("${email}"), FieldValue("${password}"))),
    ),
    (
        "Type ${email} as the email and ${password} as the password",
        Intent(
            "fill_many",
            fills=(
                FieldValue("${email}", "email"),
                FieldValue("${password}", "password"),
            ),
        ),
    ),
    (
        "Enter ${email} into 'Email' and ${password} into 'Password'",
        Intent(
            "fill_many",
            fills=(
                FieldValue("${email}", "Email"),
                FieldValue("${password}", "Password"),
            ),
        ),
    ),
    (
        "Fill in the form with ${name}, ${email} and ${password}",
        Intent(
            "fill_many",
            fills=(
                FieldValue("${name}"),
                FieldValue("${email}"),
                FieldValue("${password}"),
            ),
        ),
    ),
    ("Enter ${email}", Intent("fill_many", fills=(FieldValue("${email}"),))),
    ("Type 'hello world'", Intent("type", value="hello world")),
    # At the caret, as written: the space appends a word to what is there.
    ("Type ' and eggs'", Intent("type", value=" and eggs")),
    (
        "Type ' and eggs' and press Enter",
        Intent("type", value=" and eggs", then_key="Enter"),
    ),
    ("Type 'hi', then hit return", Intent("type", value="hi", then_key="Enter")),
    # select
    (
        "Select 'Germany' from 'Country'",
        Intent("select", target="Country", value="Germany"),
    ),
    (
        "Choose 'Express ($9.99)' in the Shipping dropdown",
        Intent("select", target="Shipping", value="Express ($9.99)", role="combobox"),
    ),
    (
        "Select Footwear from the Category filter",
        Intent("select", target="Category filter", value="Footwear"),
    ),
    (
        "Pick 'France' as the country",
        Intent("select", target="country", value="France"),
    ),
    ("Select 'Bags'", Intent("select", value="Bags")),
    # check / uncheck
    ("Check 'I accept the terms'", Intent("check", target="I accept the terms")),
    (
        "Tick the 'Gift wrap' checkbox",
        Intent("check", target="Gift wrap", role="checkbox"),
    ),
    (
        "Uncheck 'Send me the newsletter'",
        Intent("uncheck", target="Send me the newsletter"),
    ),
    ("untick Gift wrap", Intent("uncheck", target="Gift wrap")),
    (
        "Select the 'Gift wrap' checkbox",
        Intent("check", target="Gift wrap", role="checkbox"),
    ),
    (
        "Check the box next to 'Canvas Backpack'",
        Intent("check", role="checkbox", scope="Canvas Backpack"),
    ),
    # keys
    ("Press Enter", Intent("press", value="Enter")),
    ("press the Tab key", Intent("press", value="Tab")),
    ("Hit Escape", Intent("press", value="Escape")),
    ("Press 'Enter'", Intent("press", value="Enter")),
    (
        "Press Enter in 'Search products'",
        Intent("press", target="Search products", value="Enter"),
    ),
    ("Press Ctrl+A", Intent("press", value="Control+A")),
    ("Press the down arrow", Intent("press", value="ArrowDown")),
    # hover / scroll / wait
    ("Hover over 'Help'", Intent("hover", target="Help")),
    ("hover the Help menu", Intent("hover", target="Help")),
    ("Move the mouse over 'Account'", Intent("hover", target="Account")),
    ("Scroll down", Intent("scroll", value="down")),
    ("Scroll up a bit", Intent("scroll", value="up")),
    ("Scroll to the bottom of the page", Intent("scroll", value="bottom")),
    (
        "Scroll to 'Subscribe to our newsletter'",
        Intent("scroll_to", target="Subscribe to our newsletter"),
    ),
    ("Scroll down to the footer", Intent("scroll_to", target="footer")),
    (
        "Wait for 'Recommended for you'",
        Intent("wait_text", value="Recommended for you"),
    ),
    (
        "Wait until 'Order confirmed' appears",
        Intent("wait_text", value="Order confirmed"),
    ),
    ("wait 2 seconds", Intent("wait_time", value="2000")),
    ("Wait for 1.5 s", Intent("wait_time", value="1500")),
    ("Wait 300ms", Intent("wait_time", value="300")),
    (
        "Wait for 'Loading products…' to disappear",
        Intent("wait_gone", value="Loading products…"),
    ),
    ("Wait for the page to load", Intent("wait_load")),
    # a wait bounded by the step itself, for jobs slower than the step timeout
    (
        "Wait up to 90 seconds for 'report.html'",
        Intent("wait_text", value="report.html", timeout_ms=90_000),
    ),
    (
        "Wait for 'Done' for up to 2 minutes",
        Intent("wait_text", value="Done", timeout_ms=120_000),
    ),
    (
        "Wait until 'Loading' disappears within 30 s",
        Intent("wait_gone", value="Loading", timeout_ms=30_000),
    ),
    (
        "Wait at most 500 ms for the page to load",
        Intent("wait_load", timeout_ms=500),
    ),
    ("Wait for 'within 5 s'", Intent("wait_text", value="within 5 s")),
    # a wait until nothing shows the page is loading
    ("Wait for the spinner to disappear", Intent("wait_idle")),
    ("Wait until loading is done", Intent("wait_idle")),
    (
        "Wait up to 20 seconds for the loading indicator to go away",
        Intent("wait_idle", timeout_ms=20_000),
    ),
    # a shot kept with the evidence, named as the step says
    ("Take a screenshot", Intent("screenshot")),
    ("Capture a full-page screenshot named 'cart'", Intent("screenshot", value="cart")),
    (
        "Save a screenshot of the page as checkout",
        Intent("screenshot", value="checkout"),
    ),
    # a wait for things a page lists: at least one of them shown (a count claim)
    (
        "Wait for the products to load",
        Intent("assert_state", value="There are at least 1 products"),
    ),
    (
        "Wait until the search results appear",
        Intent("assert_state", value="There are at least 1 search results"),
    ),
    (
        "Wait for the results",
        Intent("assert_state", value="There are at least 1 results"),
    ),
    ("Check that the page loaded", Intent("wait_load")),
    ("Make sure the page has finished loading", Intent("wait_load")),
    (
        "Wait for all the rows",
        Intent("assert_state", value="There are at least 1 rows"),
    ),
    (
        "Wait for the dashboard",
        Intent("assert_state", value="I should be on the dashboard page"),
    ),
    (
        "Wait for the orders table to be populated",
        Intent("assert_state", value="The orders table has at least 1 item"),
    ),
    (
        "Wait up to 30 seconds for the invoices to load",
        Intent(
            "assert_state", value="There are at least 1 invoices", timeout_ms=30_000
        ),
    ),
    # upload / submit / assert-like steps
    (
        "Upload 'avatar.png' to 'Avatar'",
        Intent("upload", target="Avatar", value="avatar.png"),
    ),
    (
        "Attach ${avatar_file} to the Avatar field",
        Intent("upload", target="Avatar", value="${avatar_file}", role="textbox"),
    ),
    ("Upload files/photo.jpg", Intent("upload", value="files/photo.jpg")),
    ("Submit the form", Intent("submit")),
    (
        "Verify 'Order confirmed' is shown",
        Intent("assert_text", value="Order confirmed"),
    ),
    (
        "Check that 'Your cart is empty' is not shown",
        Intent("assert_absent", value="Your cart is empty"),
    ),
    # Which of several: an ordinal before a quoted name or a bare role word.
    (
        "Enter 'Prologue' into the first 'Heading' field",
        Intent("fill", target="Heading", value="Prologue", role="textbox", nth=1),
    ),
    (
        "Click the second 'Add to cart' button",
        Intent("click", target="Add to cart", role="button", nth=2),
    ),
    ("Click the last link", Intent("click", role="link", nth=-1)),
    ("Tick the 3rd checkbox", Intent("check", role="checkbox", nth=3)),
    (
        "Hover over the 2nd 'Card'",
        Intent("hover", target="Card", nth=2),
    ),
    # Before unquoted words an ordinal is one reading of two: "the first name field" may be
    # the field called "First name" (grounding decides, `Intent.named`).
    (
        "Enter 'Ada' into the first name field",
        Intent(
            "fill", target="name", value="Ada", role="textbox", nth=1, ordinal="first"
        ),
    ),
    (
        "Click the second Delete button",
        Intent("click", target="Delete", role="button", nth=2, ordinal="second"),
    ),
    (
        "Tick the 3rd Done box",
        Intent("check", target="Done", role="checkbox", nth=3, ordinal="3rd"),
    ),
    ("Select the second checkbox", Intent("check", role="checkbox", nth=2)),
    # A bare "for" before unquoted words: the words as written, and the row reading beside
    # them (grounding weighs the two); only the row reading where the whole makes no step.
    (
        "Click the edit button for Grace Hopper",
        Intent(
            "click",
            target="edit button for Grace Hopper",
            alternative=Intent(
                "click", target="edit", role="button", scope="Grace Hopper"
            ),
        ),
    ),
    (
        "Click Terms of service",
        Intent(
            "click",
            target="Terms of service",
            alternative=Intent("click", target="Terms", scope="service"),
        ),
    ),
    (
        "Turn off the Active switch for Ada Lovelace",
        Intent(
            "uncheck",
            target="Active switch for Ada Lovelace",
            alternative=Intent(
                "uncheck", target="Active", role="switch", scope="Ada Lovelace"
            ),
        ),
    ),
    # "Turn on/off" says nothing but a toggle: unquoted words name it too.
    ("Switch off dark mode", Intent("uncheck", target="dark mode")),
    (
        "Turn on email alerts for Ada Lovelace",
        Intent(
            "check",
            target="email alerts for Ada Lovelace",
            alternative=Intent("check", target="email alerts", scope="Ada Lovelace"),
        ),
    ),
    # A possessive names the row, as "for" does.
    (
        "Set Ada Lovelace's role to Viewer",
        Intent(
            "fill",
            target="Ada Lovelace's role",
            value="Viewer",
            alternative=Intent(
                "fill", target="role", value="Viewer", scope="Ada Lovelace"
            ),
        ),
    ),
    (
        "Click Grace Hopper's Edit button",
        Intent(
            "click",
            target="Grace Hopper's Edit",
            role="button",
            alternative=Intent(
                "click", target="Edit", role="button", scope="Grace Hopper"
            ),
        ),
    ),
    ("Click 'Edit' for 'Ada'", Intent("click", target="Edit", scope="Ada")),
    # A row action said as a verb and the row's words; unquoted, the words as written first.
    ("Edit 'Grace Hopper'", Intent("click", target="Edit", scope="Grace Hopper")),
    # A search: the search field (or the one named) filled, then Enter pressed in it.
    ("Search for 'Grace'", Intent("search", target="Search", value="Grace")),
    (
        "Search for Grace Hopper",
        Intent("search", target="Search", value="Grace Hopper"),
    ),
    (
        "Search for 'boots' in the 'Products' box",
        Intent("search", target="Products", value="boots"),
    ),
    (
        "Search the users for Grace",
        Intent(
            "search",
            target="users",
            value="Grace",
            alternative=Intent("search", target="Search", value="Grace"),
        ),
    ),
    # Pages of a list, not tabs: "Next page" as written, else "Next".
    (
        "Go to the next page",
        Intent("click", target="Next page", alternative=Intent("click", target="Next")),
    ),
    (
        "Go to the prev page",
        Intent(
            "click",
            target="Previous page",
            alternative=Intent("click", target="Previous"),
        ),
    ),
    ("Switch to the new page", Intent("switch_tab", value="new")),
    (
        "Archive the 'Q3 report' row",
        Intent("click", target="Archive", scope="Q3 report"),
    ),
    (
        "Delete Linus Torvalds",
        Intent(
            "click",
            target="Delete Linus Torvalds",
            alternative=Intent("click", target="Remove", scope="Linus Torvalds"),
        ),
    ),
    (
        "Remove Trail Boots from the cart",
        Intent(
            "click",
            target="Remove Trail Boots from the cart",
            alternative=Intent("click", target="Remove", scope="Trail Boots"),
        ),
    ),
    ("Choose the first class fare", Intent("select", value="first class fare")),
    # A field placed by other words, and a dialog the words are in.
    (
        "Type 'aw' into the filter box under 'Available tags'",
        Intent("fill", target="filter", value="aw", scope="Available tags"),
    ),
    (
        "Enter 'Paris' into 'City' in 'Billing address'",
        Intent("fill", target="City", value="Paris", scope="Billing address"),
    ),
    ("Click 'Delete' in the dialog", Intent("click", target="Delete")),
    (
        "Click the 'OK' button in the modal",
        Intent("click", target="OK", role="button"),
    ),
    (
        "Click the calendar icon next to 'Published'",
        Intent("click", target="calendar", scope="Published"),
    ),
    # Sorting: the column, and the direction when the words say one.
    ("Sort by Email", Intent("sort", target="Email")),
    (
        "Sort the users by 'Signed up' descending",
        Intent("sort", target="Signed up", value="descending"),
    ),
    ("Order by price, high to low", Intent("sort", target="price", value="descending")),
    ("Sort by Name (A-Z)", Intent("sort", target="Name", value="ascending")),
    (
        "Sort the members by Name in descending order",
        Intent("sort", target="Name", value="descending"),
    ),
    (
        "Sort the Email column in reverse order",
        Intent("sort", target="Email", value="descending"),
    ),
    ("Sort by date, newest first", Intent("sort", target="date", value="descending")),
    # Filtering: what by, and the list it is chosen in when the step names one.
    ("Filter by Editor", Intent("filter", value="Editor")),
    (
        "Filter by role: Editor",
        Intent(
            "filter",
            target="role",
            value="Editor",
            alternative=Intent("filter", value="Editor"),
        ),
    ),
    (
        "Filter by status 'Invited'",
        Intent(
            "filter",
            target="status",
            value="Invited",
            alternative=Intent("filter", value="Invited"),
        ),
    ),
    (
        "Filter the users by Editor",
        Intent(
            "filter",
            target="users",
            value="Editor",
            alternative=Intent("filter", value="Editor"),
        ),
    ),
    ("Filter by 'Out of stock'", Intent("filter", value="Out of stock")),
    # A row's menu: opened by clicking it; an option chosen from the one in a row.
    (
        "Open the actions menu for Grace Hopper",
        Intent(
            "click",
            target="actions menu for Grace Hopper",
            alternative=Intent("click", target="actions", scope="Grace Hopper"),
        ),
    ),
    (
        "Open the menu next to 'Delta'",
        Intent("click", scope="Delta"),
    ),
    (
        "Choose 'Delete' from the 'More actions' menu for 'Linus Torvalds'",
        Intent("select", target="More actions", value="Delete", scope="Linus Torvalds"),
    ),
    (
        "Choose Delete from the actions menu for Beta",
        Intent(
            "select",
            target="actions menu for Beta",
            value="Delete",
            alternative=Intent(
                "select", target="actions", value="Delete", scope="Beta"
            ),
        ),
    ),
    # "the user menu" is a control called so or, where that names its element better, the one
    # called "user" (before: "user" only, so the nav's "Users" link was taken).
    (
        "Open the Actions menu",
        Intent(
            "click",
            target="Actions menu",
            alternative=Intent("click", target="Actions"),
        ),
    ),
    (
        "Click the user menu",
        Intent("click", target="user menu", alternative=Intent("click", target="user")),
    ),
    ("Open the 'Account' menu", Intent("open_link", target="Account")),
    ("Open the menu", Intent("open_link", target="menu")),
    (
        "Open the actions menu for 'Invoice 7'",
        Intent("click", target="actions", scope="Invoice 7"),
    ),
    # Cookie banners: the banner's button for the answer, found as the step runs.
    ("Accept the cookies", Intent("consent", value="accept")),
    ("Allow all cookies", Intent("consent", value="accept")),
    ("Reject all non-essential cookies", Intent("consent", value="reject")),
    ("Decline the optional cookies", Intent("consent", value="reject")),
    ("Close the cookie banner", Intent("consent", value="dismiss")),
    # A notice (alert box, toast, flash message, banner) closed by its own cross: the kind, tone
    # and words the step gives choose it (engine.notices).
    ("Dismiss the notification", Intent("dismiss_notice", target="notice")),
    ("Close the success toast", Intent("dismiss_notice", target="success toast")),
    ("Close the error", Intent("dismiss_notice", target="error")),
    ("Hide the warning message", Intent("dismiss_notice", target="warning")),
    ("Close all the snackbars", Intent("dismiss_notice", target="all toast")),
    (
        "Close the banner about the trial",
        Intent("dismiss_notice", target="banner", value="trial"),
    ),
    (
        "Close the toast saying 'Settings updated'",
        Intent("dismiss_notice", target="toast", value="Settings updated"),
    ),
    (
        "Dismiss the 'Saved' message",
        Intent("dismiss_notice", target="notice", value="Saved"),
    ),
    ("Close the alert", Intent("dismiss_notice", target="alert")),
    # Still the browser's alert (and the page's alert box when no JS alert comes).
    ("Dismiss the alert", Intent("dismiss_dialog", target="alert")),
    # A mail's "Close the message" is its view's Close button, not a notice.
    ("Close the message", Intent("click_named", target="Close the message")),
    # A value stepped by the plus or minus beside it (engine.steppers); "to 3" sets it.
    (
        "Increase the quantity of 'Tote Bag'",
        Intent("step_value", target="quantity", value="+1", scope="Tote Bag"),
    ),
    (
        "Decrease the number of adults by 2",
        Intent("step_value", target="adults", value="-2"),
    ),
    ("Reduce the guests", Intent("step_value", target="guests", value="-1")),
    (
        "Increase the quantity of 'Tote Bag' to 3",
        Intent("fill", target="quantity", value="3", scope="Tote Bag"),
    ),
    # A page named by what it is, waited for as the page claim reads it.
    (
        "Wait for the dashboard to load",
        Intent("assert_state", value="I should be on the dashboard page"),
    ),
    (
        "Wait until the checkout page is shown",
        Intent("assert_state", value="I should be on the checkout page"),
    ),
    # Not a stepped value: a control's name.
    ("Increase the font size", Intent("click_named", target="Increase the font size")),
    (
        "Accept the cookies if asked",
        Intent("consent", value="accept if asked"),
    ),
    ("Accept the dialog", Intent("accept_dialog", target=None)),
    # A check that a list is sorted: its column read by code (else each item's part so
    # called, in the collection the subject names).
    (
        "Verify the list is sorted by Email descending",
        Intent("assert_sorted", target="Email", value="descending", scope="list"),
    ),
    ("Check that the Age column is sorted", Intent("assert_sorted", target="Age")),
    (
        "The Age column should be sorted in descending order",
        Intent("assert_sorted", target="Age", value="descending"),
    ),
    (
        "Make sure the users are sorted by 'Signed up', newest first",
        Intent("assert_sorted", target="Signed up", value="descending", scope="users"),
    ),
    (
        "The products should be sorted by price from cheapest to most expensive",
        Intent("assert_sorted", target="price", value="ascending", scope="products"),
    ),
    (
        "The results should now be sorted by price, most expensive first",
        Intent("assert_sorted", target="price", value="descending", scope="results"),
    ),
    (
        "Products must be sorted by price (high to low)",
        Intent("assert_sorted", target="price", value="descending", scope="Products"),
    ),
    # The button that clears a list's filters.
    (
        "Clear all the filters",
        Intent("click", target="Clear all filters"),
    ),
    # A page size: the one list offering it.
    ("Show 25 entries per page", Intent("select", value="25")),
    ("Display 100 rows", Intent("select", value="100")),
    # A list's select-all box, called for what it selects as written, else plainly.
    ("Check all", Intent("check", target="Select all")),
    (
        "Select all rows",
        Intent(
            "check",
            target="Select all rows",
            alternative=Intent("check", target="Select all"),
        ),
    ),
    (
        "Deselect all the users on this page",
        Intent(
            "uncheck",
            target="Select all users",
            alternative=Intent("uncheck", target="Select all"),
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_phrasing_parses_to_exact_intent(text: str, expected: Intent) -> None:
    assert parse(text) == expected


def test_there_are_at_least_fifty_phrasings() -> None:
    assert len(PHRASINGS) >= 50


NOT_GRAMMAR = [
    "Sort out the billing details",
    "Filter out the noise",
    "Log in as the new user",
    "Make sure everything looks right",
    "Confirm the order",
    "Wait for the map to load",
    "Check out",
    "Check that the page looks fine",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_GRAMMAR)
def test_steps_outside_the_grammar_need_the_model(text: str) -> None:
    # At most they may be a control's whole name, looked for word for word before the model.
    intent = parse(text)
    assert intent is None or intent == Intent("click_named", target=text.strip())


@pytest.mark.parametrize(
    "text",
    ["Log out", "Log out.", "Next", "Discard the changes", "Keep editing", "'Sign up'"],
)
def test_a_step_that_may_be_a_controls_name_is_read_as_one(text: str) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind == "click_named"
    assert intent.target == text.strip(".'")


@pytest.mark.parametrize(
    "text",
    [
        "Type ${user} in the box now please",  # a variable
        "Fill the form: name, email",  # punctuation of a sentence
        "Make sure that everything on this page looks right to me",  # too long
        "'Save' or 'Cancel'",  # two quotes
    ],
)
def test_sentences_and_values_are_never_a_controls_name(text: str) -> None:
    intent = parse(text)
    assert intent is None or intent.kind != "click_named"


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("Log out", ("Log out",)),
        ("Discard the changes", ("Discard the changes", "Discard")),
        ("Save all changes", ("Save all changes", "Save changes", "Save")),
        ("Open my profile", ("Open my profile", "Open")),
        ("Save changes", ("Save changes", "Save")),
        ("Delete it", ("Delete it", "Delete")),
        # More than what the verb acts on: the verb alone is not the step's button.
        ("Log in as the new user", ("Log in as the new user",)),
        ("Delete the first user", ("Delete the first user",)),
        ("Add the mug to the cart", ("Add the mug to the cart",)),
        (
            "Sign up for the newsletter",
            ("Sign up for the newsletter",),
        ),
        ("The cart is empty", ("The cart is empty",)),
        # Out of the app: the verb's button (before: only the whole words).
        ("Sign out of the app", ("Sign out of the app", "Sign out")),
        ("Log out from your account", ("Log out from your account", "Log out")),
        ("Log out of the Acme portal", ("Log out of the Acme portal",)),
    ],
)
def test_the_names_a_bare_step_may_be_come_best_first(
    text: str, readings: tuple[str, ...]
) -> None:
    assert name_readings(text) == readings


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Next page", "Next page"),
        ("First page", "First page"),
        ("Next, click Save", "Save"),
    ],
)
def test_next_and_first_before_a_noun_are_no_filler(text: str, target: str) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind == "click"
    assert intent.target == target


def test_unquoted_for_does_not_split_a_scope_by_itself() -> None:
    # "for" is an ordinary word: the words as written are the target, and the row reading only
    # rides along for grounding to weigh (a quoted right-hand side splits at once).
    intent = parse("Click Search for products")
    assert intent is not None
    assert (intent.target, intent.scope) == ("Search for products", None)
    assert intent.alternative == Intent("click", target="Search", scope="products")


def test_check_with_a_bare_quote_ticks_a_box_rather_than_asserting() -> None:
    assert parse("Check 'Gift wrap'") == Intent("check", target="Gift wrap")
    assert parse("Check that 'Gift wrap' is shown") == Intent(
        "assert_text", value="Gift wrap"
    )


@pytest.mark.parametrize(
    "text",
    [
        # Each claims more than "the text is on the page": before, each passed as soon as the
        # quoted words were anywhere on the page.
        "The 'Tote Bag' row should be highlighted",
        "'Tote Bag' should be the first product",
        "'Tote Bag' should be in stock",
        "The cart total should be greater than '$20'",
        "The 'Save' button should be blue",
        "The cart should have 'Tote Bag' with quantity 2",
        "'Tote Bag' should appear 2 times",
    ],
)
def test_a_step_that_says_more_than_presence_is_no_text_check(text: str) -> None:
    assert parse(text) is None


def test_where_a_link_opens_is_its_own_check_not_a_text_check() -> None:
    text = "The 'Terms' link should open in a new tab"
    assert parse(text) == Intent("assert_state", value=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I should see 'Welcome back'", Intent("assert_text", value="Welcome back")),
        ("The message 'Saved' should be shown", Intent("assert_text", value="Saved")),
        (
            "I should not see 'Scarf' on this page",
            Intent("assert_absent", value="Scarf"),
        ),
        # Said in the indicative, as a scenario's "Then" says it.
        ("I see 'Welcome back'", Intent("assert_text", value="Welcome back")),
        ("'Saved' is shown", Intent("assert_text", value="Saved")),
        ("I don't see 'Error'", Intent("assert_absent", value="Error")),
        ("'Loading' disappears", Intent("assert_absent", value="Loading")),
        # Before, read as "'Tote Bag' is shown": the opposite.
        (
            "The 'Tote Bag' item should be removed",
            Intent("assert_absent", value="Tote Bag"),
        ),
        (
            "'Error' should no longer be displayed",
            Intent("assert_absent", value="Error"),
        ),
    ],
)
def test_a_step_that_says_text_is_or_is_not_shown(text: str, expected: Intent) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I should see 'Scarf' in the cart",
        "I should not see 'Scarf' in the cart",
        "'Tote Bag' should be removed from the cart",
        "'Tote Bag' should be listed in the order summary",
        "I see 'Tote Bag' in the cart",
        "'Tote Bag' is no longer in the cart",
        "I should see '/cart' in the URL",
    ],
)
def test_a_step_that_names_where_the_text_is_is_a_claim_about_that_region(
    text: str,
) -> None:
    # Before, the region was dropped and the words looked for on the whole page.
    assert parse(text) == Intent("assert_state", value=text)


@pytest.mark.parametrize(
    "text",
    [
        "'Tote Bag' should be in the first position",
        "'Tote Bag' should be at the top of the list",
        "'Tote Bag' is in stock",
    ],
)
def test_a_place_in_an_order_is_no_region_and_no_text_check(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Account created' is shown", ("contains", ("Account created",))),
        ("the page says \u2018Welcome\u2019", ("contains", ("Welcome",))),
        ("'Your cart is empty' is not shown", ("absent", ("Your cart is empty",))),
        (
            "no 'Invalid email or password' error appears",
            ("absent", ("Invalid email or password",)),
        ),
        ("a welcome message is shown", None),
    ],
)
def test_quoted_assertions(text: str, expected: object) -> None:
    assert quoted_assertion(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mark 'Buy milk' as done", Intent("check", scope="Buy milk")),
        ("Mark Buy milk as completed", Intent("check", scope="Buy milk")),
        ("Mark 'Buy milk' as not done", Intent("uncheck", scope="Buy milk")),
        ("Mark 'Buy milk' as active", Intent("uncheck", scope="Buy milk")),
    ],
)
def test_marking_an_item_done_ticks_the_box_in_its_row(
    text: str, expected: Intent
) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "target", "value"),
    [
        ("Type 'Buy milk' into 'New todo' and press Enter", "New todo", "Buy milk"),
        (
            "Enter ${title} in the Title field, then hit the Return key",
            "Title",
            "${title}",
        ),
    ],
)
def test_a_fill_then_enter_fills_the_field_and_presses_enter_in_it(
    text: str, target: str, value: str
) -> None:
    intent = parse(text)
    assert intent is not None
    assert (intent.kind, intent.target, intent.value) == ("search", target, value)


def test_adding_an_item_types_it_into_the_field_for_it_or_the_one_text_field() -> None:
    assert parse("Add a todo 'Buy milk'") == Intent(
        "search",
        target="todo",
        value="Buy milk",
        alternative=Intent("search", value="Buy milk"),
    )
    created = parse("Create a new task called ${title}")
    assert created is not None and (created.target, created.value) == (
        "task",
        "${title}",
    )
    # Into a cart is the row's button, as before.
    cart = parse("Add 'Tote Bag' to the cart")
    assert cart == Intent("click", target="Add to cart", scope="Tote Bag")


def test_show_only_words_name_a_filter_after_the_words_as_written() -> None:
    intent = parse("Show the active todos")
    assert intent is not None and intent.kind == "click_named"
    assert named_readings(intent) == ("Show the active todos", "Show", "active")
    shown_all = parse("Show all")
    assert shown_all is not None
    assert named_readings(shown_all) == ("Show all", "All")


def test_clear_with_unquoted_words_is_the_control_called_so_first() -> None:
    intent = parse("Clear completed")
    assert intent == Intent(
        "click_named",
        target="Clear completed",
        alternative=Intent("fill", target="completed", value=""),
    )
    assert parse("Clear 'Email'") == Intent("fill", target="Email", value="")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Before: a "Remove" button in a row called "Name"; a field called "text" in a row.
        ("Delete the text in 'Name'", Intent("fill", target="Name", value="")),
        ("Clear the text in 'Name'", Intent("fill", target="Name", value="")),
        (
            "Remove the contents of the 'Notes' field",
            Intent("fill", target="Notes", value="", role="textbox"),
        ),
        ("Erase 'Name'", Intent("fill", target="Name", value="")),
        # Before: an option called "all text".
        (
            "Select all text in 'Notes'",
            Intent("press", target="Notes", value="Control+A"),
        ),
        (
            "Highlight the text in the 'Name' field",
            Intent("press", target="Name", value="Control+A", role="textbox"),
        ),
    ],
)
def test_a_fields_words_emptied_or_selected(text: str, intent: Intent) -> None:
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "nth", "ordinal"),
    [
        ("Select the second row", 2, "second"),
        ("Select the last record in the table", -1, "last"),
        ("Select the first entry", 1, "first"),
    ],
)
def test_a_row_selected_by_its_place_is_its_box_ticked(
    text: str, nth: int, ordinal: str
) -> None:
    # Before: an option called "second row".
    assert parse(text) == Intent("check", target="row", nth=nth, ordinal=ordinal)


def test_the_x_on_a_notice_is_its_close_control_else_a_rows_remove() -> None:
    # Before: a control called "X on the Sale banner".
    crossed = Intent("click", target="Close", scope="Sale")
    assert parse("Click the X on the 'Sale' banner") == dataclasses.replace(
        crossed, alternative=dataclasses.replace(crossed, target="Remove")
    )
    assert parse("Click 'Dismiss' on the 'Could not sync' message") == Intent(
        "click", target="Dismiss", scope="Could not sync"
    )
    # A quoted X is a control called so.
    assert parse("Click 'X'") == Intent("click", target="X")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Before: the model's.
        ("The tooltip 'Copied' should appear", Intent("assert_text", value="Copied")),
        (
            "The 'Copied' tooltip should be visible",
            Intent("assert_text", value="Copied"),
        ),
        ("The spinner should disappear", Intent("wait_idle")),
        ("The loading indicator should go away", Intent("wait_idle")),
        # Words, not what shows the page is busy: their absence.
        ("The 'Saving' text should disappear", Intent("assert_absent", value="Saving")),
    ],
)
def test_tooltips_and_spinners_said_as_checks(text: str, intent: Intent) -> None:
    assert parse(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "Fill in 'First name' with 'Ada' and 'Last name' with 'Lovelace'",
        "Fill 'First name' with 'Ada', 'Last name' with 'Lovelace'",
        "Set 'First name' to 'Ada' and 'Last name' to 'Lovelace'",
    ],
)
def test_several_fields_each_with_its_value(text: str) -> None:
    # Before: "Ada and Last name with Lovelace" typed into First name.
    assert parse(text) == Intent(
        "fill_many",
        fills=(
            FieldValue("Ada", target="First name"),
            FieldValue("Lovelace", target="Last name"),
        ),
    )
    # A value that holds "and" stays one; a second verb is a step of its own.
    assert parse("Fill 'Name' with 'Ada and Bob'") == Intent(
        "fill", target="Name", value="Ada and Bob"
    )
    assert parse("Fill 'Name' with 'Ada', fill 'Email' with 'a@b.c'") is None


@pytest.mark.parametrize(
    "text",
    [
        "The 'Email' field is empty",
        "The 'Save' button is disabled",
        "The 'Remember me' checkbox is checked",
        "The cart has 3 items",
        "The total is '$42.00'",
        # Before: a control called so.
        "The table shows 5 rows",
    ],
)
def test_checks_said_in_the_indicative_are_claims(text: str) -> None:
    assert parse(text) == Intent("assert_state", value=text)


def test_a_given_or_but_stated_is_the_claim() -> None:
    assert parse("Given the cart is empty") == Intent(
        "assert_state", value="the cart is empty"
    )
    assert parse("But the 'Save' button is disabled") == Intent(
        "assert_state", value="the 'Save' button is disabled"
    )


def test_a_forms_own_words_are_no_indicative_claim() -> None:
    # "This field is required" is what a form says, not a claim about a field called "This".
    assert parse("This field is required") is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # Before: "two seconds" waited for as words on the page; the rest the model's or a
        # control called so.
        ("Wait for two seconds", Intent("wait_time", value="2000")),
        ("Wait half a second", Intent("wait_time", value="500")),
        ("Wait a few seconds", Intent("wait_time", value="3000")),
        ("Wait a couple of seconds", Intent("wait_time", value="2000")),
        ("Wait a moment", Intent("wait_time", value="1000")),
        ("Wait for a minute", Intent("wait_time", value="60000")),
        ("Wait for the 'Saved' message", Intent("wait_text", value="Saved")),
        ("Wait until the page is ready", Intent("wait_load")),
        # Before: a link called "second".
        ("Go to the second tab", Intent("click", role="tab", nth=2)),
        ("Open the last tab", Intent("click", role="tab", nth=-1)),
    ],
)
def test_waits_in_words_and_tabs_by_place(text: str, intent: Intent) -> None:
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("Resize the window to 375x667", "375x667"),
        ("Set the viewport to 1280 x 720", "1280x720"),
        ("Resize the browser to tablet size", "768x1024"),
        ("Set the browser window to mobile", "375x667"),
    ],
)
def test_the_window_resized(text: str, size: str) -> None:
    # Before: a field called "viewport" filled, or a control called so.
    assert parse(text) == Intent("viewport", value=size)
    # An app's own toggle stays the control called so.
    assert parse("Switch to mobile view") == Intent(
        "click_named", target="Switch to mobile view"
    )


def test_a_control_said_unquoted_in_a_row_by_its_place() -> None:
    # Before: a control in a row mentioning "last"; the page's second box.
    assert parse("Click the edit button in the last row") == Intent(
        "click", target="edit", role="button", nth=-1, row_noun=""
    )
    assert parse("Check the checkbox in the second row") == Intent(
        "check", target="row", nth=2, ordinal="second"
    )
    assert parse("Untick the box in the last row") == Intent(
        "uncheck", target="row", nth=-1, ordinal="last"
    )


def test_a_control_clicked_until_words_appear() -> None:
    # Before: a control called "Load more until Item 20 appears".
    assert parse("Click 'Load more' until 'Item 20' appears") == Intent(
        "click", target="Load more", value="until:Item 20"
    )
    assert parse("Keep clicking 'Next' until 'Page 3' is shown") == Intent(
        "click", target="Next", value="until:Page 3"
    )


def test_select_all_is_named_as_written_first() -> None:
    intent = parse("Mark all as complete")
    assert intent == Intent(
        "check",
        target="Mark all as complete",
        alternative=Intent("check", target="Select all"),
    )


@pytest.mark.parametrize(
    ("text", "target", "nth", "noun"),
    [
        ("Remove the first item from the cart", "Remove", 1, ""),
        ("Delete the last todo", "Remove", -1, "todo"),
        ("Edit the second user", "Edit", 2, "user"),
        ("Archive the 3rd email", "Archive", 3, "email"),
        ("Add the first product to the cart", "Add to cart", 1, "product"),
        ("Click 'Remove' in the first row", "Remove", 1, ""),
        ("Click the 'Edit' button on the last item", "Edit", -1, ""),
    ],
)
def test_a_row_named_by_its_place_is_the_nth_row_holding_the_control(
    text: str, target: str, nth: int, noun: str
) -> None:
    # Before, the model's (or a control called "Delete the first user" word for word).
    assert parse(text) == Intent("click", target=target, nth=nth, row_noun=noun)


@pytest.mark.parametrize(
    "text", ["Edit the first name", "Delete the first field", "Remove the last button"]
)
def test_an_ordinal_before_a_name_or_a_role_word_is_no_row(text: str) -> None:
    intent = parse(text)
    assert intent is None or intent.row_noun is None


@pytest.mark.parametrize(
    ("text", "noun", "container", "nth"),
    [
        ("Open the first product", "product", None, 1),
        ("Click on the second search result", "search result", None, 2),
        ("View the last order in the 'Recent' list", "order", "Recent list", -1),
        ("Open the 2nd product in the 'Featured' section", "product", "Featured", 2),
        ("Tap the first result", "result", None, 1),
    ],
)
def test_an_item_named_by_its_place_is_opened_from_its_collection(
    text: str, noun: str, container: str | None, nth: int
) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind == "open_item"
    assert (intent.target, intent.value, intent.nth) == (noun, container, nth)
    # Where no collection is called so: the control called the noun, as before.
    assert intent.fallback is not None and intent.fallback.kind == "click"
    assert intent.by_place


@pytest.mark.parametrize(
    ("text", "by_place"),
    [
        ("Delete the last todo", True),
        ("Fill the second 'Quantity' field with 3", True),
        ("Click the first name field", False),
        ("Click 'Remove'", False),
    ],
)
def test_a_place_is_grounded_each_run_and_an_ordinal_that_may_be_a_name_is_not(
    text: str, by_place: bool
) -> None:
    intent = parse(text)
    assert intent is not None and intent.by_place is by_place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Focus the email field", Intent("focus", target="email", role="textbox")),
        ("Focus on 'Search'", Intent("focus", target="Search")),
        ("Tab to the Save button", Intent("focus", target="Save", role="button")),
        # Before, a fill: the words "the cursor" were typed into Notes.
        ("Put the cursor in 'Notes'", Intent("focus", target="Notes")),
        ("Put 'hello' in 'Notes'", Intent("fill", target="Notes", value="hello")),
        # Before, "into the email" and "in the Email" were the names looked for.
        ("Click into the email field", Intent("click", target="email", role="textbox")),
        ("Click in the 'Email' field", Intent("click", target="Email", role="textbox")),
    ],
)
def test_focus_and_clicks_into_a_field(text: str, expected: Intent) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Before, an option called "tomorrow's date" (then the model).
        ("Select tomorrow's date", Intent("fill", target="date", value="tomorrow")),
        (
            "Enter today's date in 'Start date'",
            Intent("fill", target="Start date", value="today"),
        ),
        (
            "Pick yesterday's date for the 'End date' field",
            Intent("fill", target="End date", value="yesterday", role="textbox"),
        ),
    ],
)
def test_a_days_date_is_the_date_fields_value(text: str, expected: Intent) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "stars"),
    [
        ("Rate it 4 stars", 4),
        ("Give the product 2 stars", 2),
        ("Leave a 5-star rating", 5),
        ("Rate the hotel one star", 1),
        ("Give it a rating of 3 stars", 3),
    ],
)
def test_a_rating_is_the_choice_called_so_else_the_nth_star(
    text: str, stars: int
) -> None:
    named = f"{stars} star" if stars == 1 else f"{stars} stars"
    assert parse(text) == Intent(
        "select", value=named, alternative=Intent("click", target="star", nth=stars)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Enter the email 'ada@example.com'",
            Intent("fill", target="email", value="ada@example.com"),
        ),
        ("Type the password 'pw'", Intent("fill", target="password", value="pw")),
        ("Enter your name 'Ada'", Intent("fill", target="name", value="Ada")),
        (
            "Enter the coupon code 'SAVE10'",
            Intent("fill", target="coupon code", value="SAVE10"),
        ),
        ("Enter email ${email}", Intent("fill", target="email", value="${email}")),
        (
            "Enter the email 'a@b.c' and the password 'pw'",
            Intent(
                "fill_many",
                fills=(FieldValue("a@b.c", "email"), FieldValue("pw", "password")),
            ),
        ),
    ],
)
def test_a_field_named_before_its_value_is_filled(text: str, expected: Intent) -> None:
    # Before: the model's (no rule read "Enter <field> '<value>'").
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Press Escape to close the modal", Intent("press", value="Escape")),
        ("Press Enter to submit", Intent("press", value="Enter")),
        ("Hit Enter to search", Intent("press", value="Enter")),
        (
            "Press Tab to move to the next field",
            Intent("press", value="Tab"),
        ),
        (
            "Press Enter in the search box to search",
            Intent("press", target="search", value="Enter"),
        ),
    ],
)
def test_what_a_key_is_pressed_for_is_no_target(text: str, expected: Intent) -> None:
    # Before: a click on a control called "Escape to close the modal".
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text", ["Search for 'boots' and press Enter", "Search for 'boots' and hit enter"]
)
def test_a_search_that_says_it_presses_enter_types_only_the_words(text: str) -> None:
    # Before: "boots and press Enter" was typed.
    assert parse(text) == Intent("search", target="Search", value="boots")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mark all as read", Intent("click_named", target="Mark all as read")),
        ("Mark all as spam", Intent("click_named", target="Mark all as spam")),
        ("Expand all", Intent("click_named", target="Expand all")),
        (
            "Collapse all sections",
            Intent("click_named", target="Collapse all sections"),
        ),
    ],
)
def test_a_control_that_acts_on_all_is_called_so(text: str, expected: Intent) -> None:
    # Before: "Mark all as read" ticked the list's select-all box where no box was called
    # so, and "Expand all" clicked a control called "all" (a filter link "All").
    assert parse(text) == expected


def test_a_to_do_lists_mark_all_box_is_still_a_box() -> None:
    intent = parse("Mark all as complete")
    assert intent is not None and intent.kind == "check"


def test_a_colon_before_the_sort_order_is_no_part_of_the_column() -> None:
    assert parse("Sort by price: high to low") == Intent(
        "sort", target="price", value="descending"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Fill 'Name' with 'Ada' and submit the form",
        "Set the quantity of 'Mug' to 2 and add it to the cart",
        "Enter 'x' into 'Name' and click Save",
        "Click 'Save' and wait for 'Saved'",
        "Go to settings and click 'Save'",
    ],
)
def test_two_steps_in_one_are_not_read_as_one(text: str) -> None:
    # Before: the second became part of a value typed ("Ada and submit the form") or of a
    # name looked for ("Save and wait").
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Fill 'Name' with 'Ada' and submit the form",
            ("Fill 'Name' with 'Ada'", "submit the form"),
        ),
        ("Click 'Save' and wait for 'Saved'", ("Click 'Save'", "wait for 'Saved'")),
        (
            "Enter 'x' into 'Name' and click Save",
            ("Enter 'x' into 'Name'", "click Save"),
        ),
        # A comma starts a step too; each part is read again for steps of its own.
        (
            "Fill 'Name' with 'Ada', fill 'Email' with 'a@b.c' and submit the form",
            ("Fill 'Name' with 'Ada'", "fill 'Email' with 'a@b.c'", "submit the form"),
        ),
        (
            "Wait for 'Tote Bag'; click 'Tote Bag' then wait for 'Quantity'",
            ("Wait for 'Tote Bag'", "click 'Tote Bag'", "wait for 'Quantity'"),
        ),
        # A quote closes a name: what follows is a step even when it is only words.
        ("Click 'Delete' and confirm", ("Click 'Delete'", "Accept the dialog")),
        ("Click 'Delete' and cancel", ("Click 'Delete'", "Dismiss the dialog")),
        ("Click 'Delete' and confirm it", ("Click 'Delete'", "Accept the dialog")),
        # Words that are only a name are the control called so ("'Close'": a step alone too).
        ("Click 'Save', then 'Close'", ("Click 'Save'", "'Close'")),
        ("Check 'Remember me' and continue", ("Check 'Remember me'", "continue")),
        (
            "Click the 'Delete' button and confirm the dialog",
            ("Click the 'Delete' button", "confirm the dialog"),
        ),
        ("Open the menu and click 'Settings'", ("Open the menu", "click 'Settings'")),
        # One click adds one: a quantity is set first.
        (
            "Add 2 'Mug' to the cart",
            ("Set the quantity of 'Mug' to 2", "Add 'Mug' to the cart"),
        ),
        (
            "Add three ${product} to my basket",
            ("Set the quantity of ${product} to 3", "Add ${product} to the basket"),
        ),
        # The first part that reads as a name only is no step: "Save and add another" is one.
        (
            "Click Save and add another and wait for 'Saved'",
            ("Click Save and add another", "wait for 'Saved'"),
        ),
    ],
)
def test_two_steps_in_one_are_read_a_step_at_a_time(
    text: str, parts: tuple[str, ...]
) -> None:
    assert steps_in(text) == parts
    assert all(parse(part) is not None for part in parts)


@pytest.mark.parametrize(
    "text",
    [
        # What "it" is, the words before say: the model's.
        "Set the quantity of 'Mug' to 2 and add it to the cart",
        "Click Save and add another",
        "Select 'Red' and 'Blue'",
        "Drag 'A' and drop it on 'B'",
        "Type 'milk' and press Enter",
        "Enter the email 'a@b.c' and the password 'pw'",
        "Add 1 'Mug' to the cart",
        "Add 2 'Mug' to the wishlist",
    ],
)
def test_words_that_are_one_step_or_none_are_not_parted(text: str) -> None:
    assert steps_in(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Type 'hello' into 'Note' and click 'Save'",
        "Enter 'x' in 'Search' and click 'Go'",
        "Fill 'Name' with 'Ada', fill 'Email' with 'a@b.c'",
    ],
)
def test_a_step_verb_after_and_is_no_field_or_value(text: str) -> None:
    # Before: "Save" typed into a field called "click"; "Ada, fill Email with a@b.c" typed.
    assert parse(text) is None
    assert steps_in(text) is not None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Click Save and add another", "click"),
        ("Set the title to Pride and Prejudice", "fill"),
        ("Search for 'boots' and press Enter", "search"),
        ("Enter the email 'a@b.c' and the password 'pw'", "fill_many"),
        ("Type 'hi', then hit return", "type"),
    ],
)
def test_one_step_with_and_in_it_stays_one(text: str, kind: str) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Close the newsletter popup", "dismiss_dialog"),
        ("Dismiss the promo modal", "dismiss_dialog"),
        ("Close the 'Welcome' dialog", "dismiss_dialog"),
        ("Close the popup", "close_tab"),
        ("Close the cookie popup", "consent"),
    ],
)
def test_a_dialog_named_by_what_it_is_about_is_the_open_one(
    text: str, kind: str
) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind == kind


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("Click outside the modal", None),
        ("Click outside of the dialog to close it", None),
        ("Click somewhere outside the popup", None),
        ("Close the modal by clicking outside", None),
        ("Click on the backdrop", None),
        ("Click outside", None),
        ("Tap outside the menu", "menu"),
        ("Click anywhere outside the dropdown to close it", "menu"),
        ("Close the dropdown by clicking outside of it", "menu"),
    ],
)
def test_a_click_outside_is_no_control_called_so(text: str, which: str | None) -> None:
    # Before: a control called "outside the modal".
    assert parse(text) == Intent("click_outside", target=which)


def test_a_control_called_outside_is_still_one() -> None:
    assert parse("Click 'Outside'") == Intent("click", target="Outside")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Open 'Docs' in a new tab", Intent("open_link", target="Docs")),
        ("Click 'Docs' to open it in a new tab", Intent("click", target="Docs")),
        (
            "Open the 'Pricing' link in a new window",
            Intent("open_link", target="Pricing"),
        ),
        ("Open /help in a new tab", Intent("goto", value="/help")),
        ("Switch to the new tab", Intent("switch_tab", value="new")),
    ],
)
def test_a_link_opened_in_a_new_tab_is_the_link(text: str, intent: Intent) -> None:
    # Before: a link called "Docs in a new".
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Delete the row for 'Ada'", Intent("click", target="Remove", scope="Ada")),
        ("Edit the user 'Ada'", Intent("click", target="Edit", scope="Ada")),
        ("Edit the order named 'A-1'", Intent("click", target="Edit", scope="A-1")),
        (
            "Open the details for 'Ada'",
            Intent("click", target="details", scope="Ada"),
        ),
        (
            "View the invoice of order 'A-1'",
            Intent("click", target="invoice", scope="A-1"),
        ),
        ("Open the page for 'X'", Intent("open_link", target="page for X")),
        (
            "Select the row with 'Ada'",
            Intent("check", role="checkbox", scope="Ada"),
        ),
        ("Click the 'Name' column header", Intent("click", target="Name")),
        (
            "Open the actions menu for 'Invoice 7'",
            Intent("click", target="actions", scope="Invoice 7"),
        ),
    ],
)
def test_a_row_named_by_a_noun_before_its_quoted_words(
    text: str, intent: Intent
) -> None:
    # Before: a row mentioning "row for Ada", the model's, or a link called "details for Ada".
    assert parse(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "Paste it into 'Invite'",
        "Type it into 'Invite'",
        "Set 'Name' to it",
        "Paste the link into 'Invite'",
        "Type the code into 'OTP'",
        "Fill 'Name' with the name",
    ],
)
def test_words_that_point_at_a_value_are_not_typed(text: str) -> None:
    # Before: "it", "the link", "the code" were typed into the field.
    assert parse(text) is None


@pytest.mark.parametrize(
    "text", ["Search for it", "Search for the order number", "Search the users for it"]
)
def test_a_search_for_words_that_point_at_a_value_is_not_typed(text: str) -> None:
    # Before: "it" was typed into the search field and sent.
    intent = parse(text)
    assert intent is None or intent.kind == "click_named", intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Go back twice", Intent("back", value="2")),
        ("Go back 2 pages", Intent("back", value="2")),
        ("Navigate back three steps", Intent("back", value="3")),
        ("Go forward twice", Intent("forward", value="2")),
        ("Press Tab twice", Intent("press", value="Tab*2")),
        (
            "Blur the email field",
            Intent("press", target="email", value="Tab", role="textbox"),
        ),
        ("Click outside the modal", Intent("click_outside")),
        ("Press the down arrow 3 times", Intent("press", value="ArrowDown*3")),
        (
            "Press Enter twice in 'Note'",
            Intent("press", target="Note", value="Enter*2"),
        ),
        ("Go back once", Intent("back")),
        ("Back", Intent("back")),
        # An app's own Back button is no history.
        ("Click the back button", Intent("click", target="back", role="button")),
    ],
)
def test_the_history_and_keys_so_many_times(text: str, intent: Intent) -> None:
    # Before: a link called "back twice", a control called "Tab twice".
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Select 'Red' from the dropdown", Intent("select", value="Red")),
        ("Select 'Red' in the dropdown list", Intent("select", value="Red")),
        # A menu, a combo box, a picker name no list either (before: "Red from the").
        ("Pick 'Red' from the menu", Intent("select", value="Red")),
        ("Choose 'Red' from the combo box", Intent("select", value="Red")),
        ("Select 'Red' from the context menu", Intent("select", value="Red")),
        ("Choose 'Red' from the picker", Intent("select", value="Red")),
        # The one in a row (before: a control called "Admin from the").
        (
            "Select 'Admin' from the dropdown for 'Grace'",
            Intent("select", value="Admin", scope="Grace"),
        ),
        (
            "Choose 'Editor' from the drop-down in the 'Grace' row",
            Intent("select", value="Editor", scope="Grace"),
        ),
        # A menu's item by the menu's quoted name (before: "Archive in the Actions"); an
        # unquoted menu may be a nav's, read as before.
        (
            "Click 'Archive' in the 'Actions' menu",
            Intent("select", target="Actions", value="Archive"),
        ),
        (
            "Tap on 'Export' from the 'More' dropdown",
            Intent("select", target="More", value="Export"),
        ),
        # A list named so stays the one named.
        (
            "Select 'Red' from the 'Colour' menu",
            Intent("select", target="Colour", value="Red"),
        ),
        (
            "Move the 'Volume' slider to 80",
            Intent("fill", target="Volume", value="80"),
        ),
        ("Slide 'Volume' to 30", Intent("fill", target="Volume", value="30")),
        (
            "Drag the price slider to 200",
            Intent("fill", target="price", value="200"),
        ),
        # The page's one slider (before: one called "slider").
        (
            "Drag the slider to 50",
            Intent("fill", target="", value="50", role="slider"),
        ),
        ("Move the handle to 20", Intent("fill", target="", value="20", role="slider")),
        ("Drag 'Card A' to 'Done'", Intent("drag", target="Card A", value="Done")),
    ],
)
def test_lists_and_sliders_said_plainly(text: str, intent: Intent) -> None:
    # Before: a list called "Red from the"; the model's.
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Go to page 2", Intent("go_to_page", value="2")),
        ("Click page 4", Intent("go_to_page", value="4")),
        (
            "Open page 12 of the invoices",
            Intent("go_to_page", target="invoices", value="12"),
        ),
        ("Go to page 3 in the pagination", Intent("go_to_page", value="3")),
    ],
)
def test_a_page_of_a_pager(text: str, intent: Intent) -> None:
    # Before: a link called "page 2".
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Type 'it' into 'Invite'", "it"),
        ("Set the title to Pride and Prejudice", "Pride and Prejudice"),
        ("Set the quantity to 3", "3"),
    ],
)
def test_a_value_said_is_still_typed(text: str, value: str) -> None:
    intent = parse(text)
    assert intent is not None and intent.kind == "fill" and intent.value == value


@pytest.mark.parametrize(
    ("said", "order"),
    [
        ("I click 'Save'", "Click 'Save'"),
        ("When I click on 'Save'", "Click on 'Save'"),
        ("And the user clicks 'Save'", "Click 'Save'"),
        ("User clicks on 'Save'", "Click on 'Save'"),
        ("I press Enter", "Press Enter"),
        ("I wait 2 seconds", "Wait 2 seconds"),
        ("I scroll down", "Scroll down"),
        ("I fill in 'Email' with 'a@b.c'", "Fill in 'Email' with 'a@b.c'"),
        ("The customer double-clicks the row 'Ada'", "Double-click the row 'Ada'"),
        ("The user searches for 'mug'", "Search for 'mug'"),
        ("The user goes back", "Go back"),
        ("She copies the link", "Copy the link"),
        (
            "The user types 'x' into 'Name' and presses Enter",
            "Type 'x' into 'Name' and press Enter",
        ),
        ("Given I am on the home page", "Go to the home page"),
        ("Given the user is on '/login'", "Go to '/login'"),
        ("Then I am on the cart page", "I should be on the cart page"),
        ("I am on '/login'", "I should be on '/login'"),
        ("When I reload", "Reload the page"),
        ("When I double click 'Row 1'", "Double-click 'Row 1'"),
        ("The user right clicks 'File'", "Right-click 'File'"),
        ("The user enters 'a@b.c' as their email", "Enter 'a@b.c' as the email"),
    ],
)
def test_a_step_said_of_someone_is_the_order_it_means(said: str, order: str) -> None:
    # Before: the model's, or (unquoted) a control called "I press Enter".
    assert parse(said) == parse(order) and parse(order) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I see 'Welcome'",
        "The user sees 'Welcome'",
        "I should see 'Welcome'",
        "The user is logged in",
        "I don't see 'Error'",
        # "Given …" is no control's name (before: a control called "Given I am logged in").
        "Given I am logged in",
        "When I see 'Welcome'",
    ],
)
def test_a_check_said_of_someone_stays_a_check(text: str) -> None:
    intent = parse(text)
    assert intent is not None
    assert intent.kind in ("assert_text", "assert_absent", "assert_state")


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "Type 'a' into 'Name' and type 'b' into 'Other'",
            ("Type 'a' into 'Name'", "type 'b' into 'Other'"),
        ),
        (
            "Type 'salt' into 'Name' and then click 'Go'",
            ("Type 'salt' into 'Name'", "click 'Go'"),
        ),
        (
            "Enter 'salt' in 'Name', then click 'Go'",
            ("Enter 'salt' in 'Name'", "click 'Go'"),
        ),
    ],
)
def test_a_fill_then_another_step_is_two_steps(
    text: str, steps: tuple[str, ...]
) -> None:
    # Before: one fill of "type b" into Other, or of "Go" into a field called "then click".
    assert parse(text) is None
    assert steps_in(text) == steps


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        (
            "The list should be sorted alphabetically",
            Intent("assert_sorted", target="name", value="ascending", scope="list"),
        ),
        (
            "The names should be in alphabetical order",
            Intent("assert_sorted", target="name", value="ascending"),
        ),
        (
            "Items should be sorted A-Z",
            Intent("assert_sorted", target="name", value="ascending", scope="Items"),
        ),
        (
            "The users should be listed in reverse alphabetical order",
            Intent("assert_sorted", target="name", value="descending", scope="users"),
        ),
        (
            "The prices should be sorted in ascending order",
            Intent("assert_sorted", target="price", value="ascending"),
        ),
        (
            "The product prices are sorted from low to high",
            Intent("assert_sorted", target="price", value="ascending", scope="product"),
        ),
        (
            "The articles should be sorted newest first",
            Intent(
                "assert_sorted", target="date", value="descending", scope="articles"
            ),
        ),
        (
            "The products should be sorted cheapest first",
            Intent(
                "assert_sorted", target="price", value="ascending", scope="products"
            ),
        ),
    ],
)
def test_an_order_said_without_by(text: str, intent: Intent) -> None:
    # Before: the model's.
    assert parse(text) == intent


@pytest.mark.parametrize(
    "text",
    ["The products should be sorted in ascending order", "The prices are ascending"],
)
def test_an_order_that_names_no_part_is_left_to_the_model(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Go back to the previous page", Intent("switch_tab", value="previous_page")),
        ("Return to the previous page", Intent("switch_tab", value="previous_page")),
        ("Go back to the previous tab", Intent("switch_tab", value="previous")),
        ("Wait for network idle", Intent("wait_load", value="network")),
        (
            "Wait until all network requests have completed",
            Intent("wait_load", value="network"),
        ),
        ("Wait for the page to load", Intent("wait_load")),
        (
            "Wait for the URL to contain '/done'",
            Intent("assert_state", value="The URL contains '/done'"),
        ),
        (
            "Wait for the page title to be 'Inbox'",
            Intent("assert_state", value="The title is 'Inbox'"),
        ),
        (
            "Wait for the 'Loading' text to disappear",
            Intent("wait_gone", value="Loading"),
        ),
    ],
)
def test_going_back_and_waiting_said_plainly(text: str, intent: Intent) -> None:
    # Before: "the previous page" was only an earlier tab (none: broken), "network idle"
    # words waited for, the others the model's.
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Click OK on the alert", Intent("accept_dialog", target="alert")),
        ("Press Cancel in the confirm box", Intent("dismiss_dialog", target="confirm")),
        (
            "Click OK in the dialog",
            Intent("click", target="OK"),
        ),  # an HTML modal's button
        ("Tab to the next field", Intent("press", value="Tab")),
        ("Move to the previous field", Intent("press", value="Shift+Tab")),
        ("Choose a file 'report.pdf'", Intent("upload", value="report.pdf")),
        (
            "Select a file 'a.png' to upload for 'Photo'",
            Intent("upload", target="Photo", value="a.png"),
        ),
        (
            "Select 2025-03-04 in 'Start date'",
            Intent("fill", target="Start date", value="2025-03-04"),
        ),
        (
            "Select the date 2025-03-04 in 'Start date'",
            Intent("fill", target="Start date", value="2025-03-04"),
        ),
        (
            "Pick tomorrow in the date picker",
            Intent("fill", target="date", value="tomorrow"),
        ),
        ("Select '2025' from 'Year'", Intent("select", target="Year", value="2025")),
    ],
)
def test_dialogs_files_dates_and_the_next_field_said_plainly(
    text: str, intent: Intent
) -> None:
    # Before: controls called "OK on the alert" and "next", options "file report.pdf" and
    # "date 2025-03-04".
    assert parse(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "Type a valid email address in 'Email'",
        "Enter an invalid email in 'Email'",
        "Enter some random text in 'Notes'",
    ],
)
def test_a_value_described_is_not_typed(text: str) -> None:
    # Before: the description was typed.
    assert parse(text) is None


def test_following_someone_is_the_control_called_so_first() -> None:
    intent = parse("Follow the user")
    assert intent is not None and intent.kind == "click_named"
    assert intent.target == "Follow the user"
    assert intent.alternative == Intent("click", target="user")


@pytest.mark.parametrize(
    ("text", "value", "noun"),
    [
        ("Choose size 'Large'", "Large", "size"),
        ("Select 'Large' size", "Large", "size"),
        ("Pick the 'Blue' color", "Blue", "color"),
        ("Choose 'Express' shipping", "Express", "shipping"),
    ],
)
def test_an_option_named_with_its_kind(text: str, value: str, noun: str) -> None:
    # Before: an option called "size Large".
    assert parse(text) == Intent(
        "select", value=value, alternative=Intent("select", target=noun, value=value)
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        (
            "Set the quantity to 3 for 'Mug'",
            Intent("fill", target="quantity", value="3", scope="Mug"),
        ),
        (
            "Set 'Qty' to 2 in the 'Tote Bag' row",
            Intent("fill", target="Qty", value="2", scope="Tote Bag"),
        ),
        (
            "Click 'Delete' on the row containing 'Ada'",
            Intent("click", target="Delete", scope="Ada"),
        ),
        (
            "Click 'Edit' in the row that contains 'Ada'",
            Intent("click", target="Edit", scope="Ada"),
        ),
    ],
)
def test_a_row_said_after_the_value_or_with_its_words(
    text: str, intent: Intent
) -> None:
    # Before: "3 for Mug" typed; a control called "Delete on the row containing Ada".
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Click 'Next' 3 times", Intent("click", target="Next", value="*3")),
        ("Click + twice", Intent("click", target="+", value="*2")),
        (
            "Tap the plus button three times",
            Intent("click", target="plus", value="*3", role="button"),
        ),
        ("Click 'Buy 2 times'", Intent("click", target="Buy 2 times")),
    ],
)
def test_a_control_clicked_so_many_times(text: str, intent: Intent) -> None:
    # Before: a control called "Next 3 times".
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        (
            "Click 'Buy now' on the 'Pro' plan",
            Intent("click", target="Buy now", scope="Pro"),
        ),
        (
            "Click 'Reply' on the 'Ada' comment",
            Intent("click", target="Reply", scope="Ada"),
        ),
        ("Toggle to yearly billing", Intent("click", target="yearly billing")),
        (
            "Search for products named 'mug'",
            Intent("search", target="Search", value="mug"),
        ),
        (
            "Search for items matching 'tote'",
            Intent("search", target="Search", value="tote"),
        ),
    ],
)
def test_a_plans_button_a_toggle_to_and_a_named_search(
    text: str, intent: Intent
) -> None:
    # Before: "Buy now on the Pro plan", "to yearly billing", "products named mug" typed.
    assert parse(text) == intent
