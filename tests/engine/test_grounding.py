"""Grounding on synthetic snapshots: exact, normalised, fuzzy, context, rows, ambiguity."""

from __future__ import annotations

import dataclasses
from typing import Any

from engine.action_plan import ActionPlan, plan_intent
from engine.grammar import parse
from engine.grounding import (
    ground,
    ground_fields,
    ground_opener,
    ground_select_option,
)
from engine.normalize import normalize
from engine.snapshot import Element, Snapshot
from engine.variables import Variables

URL = "http://shop.test/login"


def snap(*elements: Element, url: str = URL) -> Snapshot:
    return Snapshot(url=url, title="t", elements=tuple(elements))


_counter = iter(range(10_000))


def el(tag: str, role: str, **kw: Any) -> Element:
    return Element(
        index=next(_counter), tag=tag, role=role, css=f"#e{next(_counter)}", **kw
    )


def button(name: str, **kw: Any) -> Element:
    return el("button", "button", name=name, text=name, **kw)


def link(name: str, href: str, **kw: Any) -> Element:
    return el("a", "link", name=name, text=name, href=href, **kw)


def field(label: str, type_: str = "text", **kw: Any) -> Element:
    role = {"password": "password", "search": "searchbox", "file": "file"}.get(
        type_, "textbox"
    )
    return el("input", role, name=label, label=label, type=type_, editable=True, **kw)


def test_exact_name_wins_over_fuzzy_neighbours() -> None:
    target = button("Sign in")
    s = snap(
        target, button("Sign in with Google"), link("Create an account", "/signup")
    )
    result = ground(s, "Sign in", "click")
    assert result.status == "found"
    assert result.element == target
    assert result.match is not None and result.match.tier == "exact"


def test_synonyms_map_sign_in_to_log_in() -> None:
    target = button("Log in")
    result = ground(snap(target, link("Sign up", "/signup")), "Sign in", "click")
    assert result.element == target
    assert result.match is not None and result.match.tier == "normalized"


def test_normalisation_drops_case_quotes_and_filler_words() -> None:
    target = button("Place your order")
    result = ground(snap(target, button("Back")), "place ORDER", "click")
    assert result.element == target
    assert result.match is not None and result.match.tier == "normalized"


def test_fuzzy_match_finds_a_reworded_button() -> None:
    target = button("Apply code")
    s = snap(field("Coupon code"), target, link("Proceed to checkout", "/checkout"))
    result = ground(s, "Apply coupon", "click")
    assert result.status == "found"
    assert result.element == target
    assert result.match is not None and result.match.tier == "fuzzy"


def test_fuzzy_match_tolerates_a_typo() -> None:
    target = button("Subscribe")
    assert ground(snap(target, button("Search")), "Subcribe", "click").element == target


def test_unrelated_text_is_not_found() -> None:
    result = ground(snap(button("Save"), link("Home", "/")), "Delete account", "click")
    assert result.status == "not_found"
    assert "Delete account" in result.reason


def test_two_equal_matches_are_ambiguous_with_candidates_listed() -> None:
    a = button("Add to cart", row="Canvas Backpack $49.00 Add to cart")
    b = button("Add to cart", row="Trail Runner Shoes $89.00 Add to cart")
    result = ground(snap(a, b), "Add to cart", "click")
    assert result.status == "ambiguous"
    assert {c.element for c in result.candidates} == {a, b}
    assert "Canvas Backpack" in result.reason and "Trail Runner" in result.reason


def test_row_scope_picks_the_button_in_that_row() -> None:
    a = button("Add to cart", row="Canvas Backpack $49.00 Add to cart")
    b = button("Add to cart", row="Trail Runner Shoes $89.00 Add to cart")
    result = ground(snap(a, b), "Add to cart", "click", scope="Trail Runner Shoes")
    assert result.element == b


def test_row_scope_without_a_matching_row_is_not_found() -> None:
    a = button("Add to cart", row="Canvas Backpack $49.00 Add to cart")
    result = ground(snap(a), "Add to cart", "click", scope="Wool Socks")
    assert result.status == "not_found"
    assert "Wool Socks" in result.reason


def test_a_row_without_the_control_says_so_rather_than_that_there_is_no_row() -> None:
    # A cart that shows the quantity as words: the row is there, its field is not.
    remove = button("Remove item", row="Tote Bag 1 $24.50")
    other = field("Coupon code")
    result = ground(snap(remove, other), "quantity", "fill", scope="Tote Bag")
    assert result.status == "not_found"
    assert result.reason == (
        "the row of 'Tote Bag' holds nothing called 'quantity' to type into"
    )


def test_scope_falls_back_to_the_heading_on_a_detail_page() -> None:
    target = button("Add to cart", heading="Canvas Backpack")
    result = ground(
        snap(target, link("Back to products", "/products")),
        "Add to cart",
        "click",
        scope="Canvas Backpack",
    )
    assert result.element == target


def test_icon_button_is_found_by_its_title() -> None:
    remove = el(
        "button",
        "button",
        name="Remove item",
        title="Remove item",
        row="Canvas Backpack 1 $49.00",
    )
    other = el(
        "button",
        "button",
        name="Remove item",
        title="Remove item",
        row="Wool Socks 2 $18.00",
    )
    result = ground(snap(remove, other), "Remove", "click", scope="Canvas Backpack")
    assert result.element == remove


def test_nameless_checkbox_is_found_by_its_row_text() -> None:
    a = el("input", "checkbox", type="checkbox", row="Canvas Backpack $49.00")
    b = el("input", "checkbox", type="checkbox", row="Wool Socks $9.00")
    result = ground(snap(a, b), "Wool Socks", "check")
    assert result.element == b
    assert result.match is not None and result.match.tier == "context"


def test_a_nameless_control_is_never_named_by_a_neighbouring_number() -> None:
    rows = ["Invoice 70 due Monday", "Invoice 7 due Friday", "Invoice 8 paid"]
    boxes = [el("input", "checkbox", type="checkbox", row=row) for row in rows]
    # "Invoice 7" is word for word in the second row only; the first merely starts with it and
    # the third is one digit away.
    assert ground(snap(*boxes), "Invoice 7", "check").element is boxes[1]
    assert ground(snap(boxes[0], boxes[2]), "Invoice 7", "check").status == "not_found"


def test_role_and_row_alone_find_the_checkbox() -> None:
    a = el("input", "checkbox", type="checkbox", row="Canvas Backpack $49.00")
    b = el("input", "checkbox", type="checkbox", row="Wool Socks $9.00")
    assert (
        ground(
            snap(a, b), None, "check", role_hint="checkbox", scope="Canvas Backpack"
        ).element
        == a
    )


def test_unlabelled_field_is_found_by_the_text_before_it() -> None:
    target = el("input", "textbox", type="text", editable=True, near="Newsletter")
    other = field("Search")
    assert ground(snap(target, other), "Newsletter", "fill").element == target


def test_placeholder_names_an_unlabelled_search_box() -> None:
    target = el(
        "input",
        "searchbox",
        type="search",
        placeholder="Search products",
        name="Search products",
        editable=True,
    )
    result = ground(
        snap(target, field("Newsletter email", "email")), "Search products", "fill"
    )
    assert result.element == target


def test_fill_only_considers_fields() -> None:
    target = field("Email", "email")
    s = snap(link("Email us", "mailto:x@y.z"), button("Email"), target)
    assert ground(s, "Email", "fill").element == target


def test_check_only_considers_checkboxes() -> None:
    box = el("input", "checkbox", type="checkbox", name="Gift wrap", label="Gift wrap")
    s = snap(button("Gift wrap options"), box)
    assert ground(s, "Gift wrap", "check").element == box


def test_role_fit_prefers_buttons_for_click_over_fields_of_equal_quality() -> None:
    target = button("Search")
    s = snap(
        el("input", "searchbox", name="Search", label="Search", editable=True), target
    )
    assert ground(s, "Search", "click").element == target


def test_role_hint_prefers_the_link() -> None:
    target = link("Checkout", "/checkout")
    s = snap(button("Checkout"), target, url="http://shop.test/cart")
    assert ground(s, "Checkout", "click", role_hint="link").element == target


def test_a_link_to_the_current_page_loses_to_a_button() -> None:
    target = button("Sign in")
    s = snap(
        link("Sign in", "/login", in_nav=True), target, url="http://shop.test/login"
    )
    assert ground(s, "Sign in", "click").element == target


def test_badge_numbers_do_not_spoil_a_link_name() -> None:
    cart = link("Cart 2", "/cart")
    s = snap(
        cart,
        button("Add to cart", row="Canvas Backpack"),
        url="http://shop.test/products",
    )
    result = ground(s, "Cart", "click")
    assert result.element == cart
    assert result.match is not None and result.match.tier == "normalized"


def test_hidden_elements_are_reported_not_matched() -> None:
    hidden = link("Contact support", "/help/contact", visible=False)
    result = ground(snap(hidden, button("Help")), "Contact support", "click")
    assert result.status == "not_found"
    assert "not visible" in result.reason


def test_test_id_is_a_developer_name() -> None:
    target = el("span", "generic", test_id="cart-count", test_id_attr="data-testid")
    assert ground(snap(target), "cart count", "any").element == target


def test_open_link_targets_links_and_uses_synonyms() -> None:
    target = link("Sign up", "/signup")
    result = ground(
        snap(link("Sign in", "/login"), target, url="http://shop.test/"),
        "sign-up",
        "open_link",
    )
    assert result.element == target


def test_select_option_without_a_field() -> None:
    category = el(
        "select",
        "combobox",
        name="Category",
        label="Category",
        options=("All", "Footwear", "Bags"),
    )
    shipping = el(
        "select",
        "combobox",
        name="Shipping",
        label="Shipping",
        options=("Standard (free)", "Express ($9.99)"),
    )
    assert ground_select_option(snap(category, shipping), "bags").element == category
    assert ground_select_option(snap(category, shipping), "Toys").status == "not_found"


def test_variables_find_their_fields_by_name_type_and_generator() -> None:
    name = field("Your name", autocomplete="name")
    email = field("Email address", "email")
    password = field("Password", "password")
    s = snap(name, email, password, button("Create my account"))
    fields, reason = ground_fields(
        s,
        [
            ("${name}", ["name"]),
            ("${email}", ["email"]),
            ("${secret}", ["secret", "password"]),
        ],
    )
    assert reason == ""
    assert fields == [name, email, password]


def test_two_values_for_one_field_is_refused() -> None:
    s = snap(field("Email", "email"))
    fields, reason = ground_fields(s, [("${a}", ["email"]), ("${b}", ["email"])])
    assert fields == []
    assert "both match" in reason


def test_normaliser_synonym_table() -> None:
    assert normalize("Log in") == normalize("Sign In") == normalize("login")
    assert normalize("Sign up") == normalize("Register")
    assert normalize("Shopping basket") == normalize("cart")
    assert normalize("E-mail address") == normalize("Email")
    assert normalize("\u201cCreate my account\u201d") == "create account"


def test_short_words_one_letter_apart_are_not_typos() -> None:
    note = el("textarea", "textbox", name="Note", label="Note", editable=True)
    assert ground(snap(note, button("Save")), "Nope", "click").status == "not_found"
    assert ground(snap(note), "Notes", "fill").element == note


def words(text: str, **kw: Any) -> Element:
    """Plain text a person can point at (no control)."""
    return el("span", "generic", name=text, text=text, text_only=True, **kw)


def test_a_label_named_exactly_beats_the_nameless_checkbox_of_its_row() -> None:
    row = "Quarterly report"
    box = el("input", "checkbox", type="checkbox", row=row)
    label = words("Quarterly report", row=row)
    found = ground(snap(box, label), "Quarterly report", "click")
    assert found.element is label


def test_a_control_that_carries_the_words_beats_plain_text() -> None:
    text = words("Save")
    save = button("Save")
    assert ground(snap(text, save), "Save", "click").element is save
    # Normalised (sign in = log in) still beats words that only match exactly.
    heading = words("Log in")
    sign_in = button("Sign in")
    assert ground(snap(heading, sign_in), "Log in", "click").element is sign_in


def test_plain_text_needs_the_words_and_takes_only_pointer_verbs() -> None:
    paragraph = words("Save your changes before you leave the page")
    assert ground(snap(paragraph), "Save", "click").status == "not_found"
    label = words("Notes")
    assert ground(snap(label), "Notes", "fill").status == "not_found"
    assert ground(snap(label), "Notes", "check").status == "not_found"
    assert ground(snap(label), "Notes", "hover").element is label


def test_a_row_scope_never_bridges_different_numbers() -> None:
    buttons = [button("Pay", row=f"Invoice {n} Pay") for n in (7, 8, 70)]
    found = ground(snap(*buttons), "Pay", "click", scope="Invoice 8")
    assert found.element is buttons[1]
    # Exact rows win over rows that only contain the words as a prefix match would.
    assert (
        ground(snap(*buttons), "Pay", "click", scope="Invoice 7").element is buttons[0]
    )


def test_icon_words_name_a_nameless_button_through_synonyms() -> None:
    destroy = el("button", "button", icon="destroy", row="Invoice 7")
    edit = el("button", "button", icon="edit", row="Invoice 7")
    close = el("button", "button", icon="close remove", name="×")
    page = snap(destroy, edit, close)
    assert ground(page, "delete", "click", scope="Invoice 7").element is destroy
    assert ground(page, "pencil", "click", scope="Invoice 7").element is edit
    assert ground(page, "dismiss", "click").element is close


def test_a_control_shown_only_on_row_hover_is_found_with_a_reveal() -> None:
    rows = [
        el("button", "button", icon="destroy", row=f"Invoice {n}", visible=False)
        for n in (7, 8)
    ]
    found = ground(snap(*rows), "delete", "click", scope="Invoice 8")
    assert found.status == "found" and found.reveal
    assert found.element is rows[1]
    # Without a row to say which, two hidden candidates are a tie, not a guess.
    assert ground(snap(*rows), "delete", "click").status == "ambiguous"


def test_a_hidden_input_drawn_by_its_label_counts_as_reachable() -> None:
    def checkbox(**kw: Any) -> Element:
        return el("input", "checkbox", label="Select all", type="checkbox", **kw)

    box = checkbox(visible=False, proxy=True)
    assert ground(snap(box), "Select all", "check").element is box
    hidden = checkbox(visible=False)
    assert ground(snap(hidden), "Select all", "check").status == "not_found"


def test_a_drop_down_trigger_is_named_by_the_text_before_it_not_its_value() -> None:
    label = words("Shipping")
    trigger = el(
        "div", "generic", name="Standard", text="Standard", near="Shipping", popup=True
    )
    found = ground_opener(snap(label, trigger), "Shipping")
    assert found.element is trigger
    # Without a popup hint the words themselves are what gets clicked.
    plain = el("div", "generic", name="Standard", text="Standard", near="Shipping")
    assert ground_opener(snap(label, plain), "Shipping").element is label


def test_toggle_buttons_are_checkable_and_sliders_take_values() -> None:
    bold = button("Bold", checked=False)
    assert ground(snap(bold), "Bold", "check").element is bold
    assert ground(snap(button("Save")), "Save", "check").status == "not_found"
    volume = el("span", "slider", name="Volume")
    assert ground(snap(volume), "Volume", "fill").element is volume


# Positions in the page: a sidebar with two filter sections that both say "Yes", and a form
# whose two date fields each have a "Today" link. `tree` is the element's child path.
def test_scope_words_outside_any_row_pick_the_match_nearest_them() -> None:
    staff = el("summary", "button", name="By staff status", tree="0.1.2.0.0")
    staff_yes = link("Yes", "?is_staff=1", tree="0.1.2.0.1.1.0", row="Yes")
    active = el("summary", "button", name="By active", tree="0.1.2.1.0")
    active_yes = link("Yes", "?is_active=1", tree="0.1.2.1.1.1.0", row="Yes")
    s = snap(staff, staff_yes, active, active_yes)
    assert ground(s, "Yes", "click").status == "ambiguous"
    found = ground(s, "Yes", "click", scope="By active")
    assert found.status == "found" and found.element == active_yes
    found = ground(s, "Yes", "click", scope="By staff status")
    assert found.status == "found" and found.element == staff_yes


def test_a_row_that_spans_several_fields_is_narrowed_to_the_nearest_one() -> None:
    row = "Important dates Last login: Today Date joined: Today"
    joined = el(
        "label",
        "generic",
        name="Date joined:",
        text="Date joined:",
        text_only=True,
        tree="0.1.5.2.0",
    )
    login = el(
        "label",
        "generic",
        name="Last login:",
        text="Last login:",
        text_only=True,
        tree="0.1.5.1.0",
    )
    today_login = link("Today", "#", tree="0.1.5.1.1.0", row=row)
    today_joined = link("Today", "#", tree="0.1.5.2.1.0", row=row)
    s = snap(login, today_login, joined, today_joined)
    found = ground(s, "Today", "click", scope="Date joined")
    assert found.status == "found" and found.element == today_joined


def test_nearest_never_crosses_into_another_item_of_the_same_list() -> None:
    """A row that says "Invoice 7" but has no Delete button: the next row's Delete is not it,
    however near (a real regression must not pass)."""
    seven = el(
        "td",
        "generic",
        name="Invoice 7",
        text="Invoice 7",
        text_only=True,
        tree="0.1.0.0.0.0",
        row="Invoice 7",
        row_css=":scope > td",
    )
    delete_8 = button(
        "Delete",
        tree="0.1.0.0.1.1.0",
        row="Invoice 8 Delete",
        row_css=":scope > td > button",
    )
    found = ground(snap(seven, delete_8), "Delete", "click", scope="Invoice 7")
    assert found.status == "not_found"


def test_a_list_item_holding_the_words_itself_is_its_own_row() -> None:
    """`<li>Invoice 7 <span>paid</span></li>`: the words belong to the item, which has no row
    above it; the next item's Delete is still another row's."""
    seven = el(
        "li",
        "listitem",
        name="Invoice 7 paid",
        text="Invoice 7 paid",
        text_only=True,
        tree="0.1.2.0",
    )
    delete_8 = button(
        "Delete",
        tree="0.1.2.1.0",
        row="Invoice 8 Delete",
        row_css=":scope > button",
        row_tag="li",
    )
    found = ground(snap(seven, delete_8), "Delete", "click", scope="Invoice 7")
    assert found.status == "not_found"
    # The same words in a paragraph of their own: the lone Delete nearby is meant.
    note = dataclasses.replace(seven, tag="p", role="paragraph", tree="0.1.1")
    found = ground(snap(note, delete_8), "Delete", "click", scope="Invoice 7")
    assert found.status == "found" and found.element == delete_8


def test_scope_words_far_from_a_lone_match_do_not_decide() -> None:
    toast = el(
        "div",
        "generic",
        name="Invoice 7 was archived",
        text="Invoice 7 was archived",
        text_only=True,
        tree="0.1.9",
    )
    delete = button("Delete", tree="0.1.0.3.2.1.4.0.0")
    assert ground(snap(toast, delete), "Delete", "click", scope="Invoice 7").status == (
        "not_found"
    )


def test_nth_picks_among_equal_matches_in_page_order() -> None:
    first = field("Heading", tree="0.1.3.1.0")
    second = field("Heading", tree="0.1.3.2.0")
    s = snap(
        second, first
    )  # snapshot order is not page order: frames and text come later
    assert ground(s, "Heading", "fill").status == "ambiguous"
    assert ground(s, "Heading", "fill", nth=1).element == first
    assert ground(s, "Heading", "fill", nth=2).element == second
    assert ground(s, "Heading", "fill", nth=-1).element == second
    missing = ground(s, "Heading", "fill", nth=3)
    assert missing.status == "not_found" and "2 on the page" in missing.reason


def test_an_unquoted_ordinal_is_a_place_or_part_of_a_name_whichever_names_better() -> (
    None
):
    """ "the second Delete button" counts Deletes; "the first name field" is "First name",
    even where a "Last name" field comes first on the page."""
    deletes = [button("Delete", tree=f"0.1.{i}") for i in range(3)]
    last_name = field("Last name", tree="0.2.0")
    first_name = field("First name", tree="0.2.1")
    s = snap(*deletes, last_name, first_name)

    def planned(step: str) -> ActionPlan:
        intent = parse(step)
        assert intent is not None, step
        return plan_intent(intent, s, Variables())

    def element(step: str) -> Element | None:
        plan = planned(step)
        assert plan.status == "found", (step, plan.reason)
        return plan.actions[-1].element

    assert element("Click the second Delete button") == deletes[1]
    assert element("Press the last Delete") == deletes[2]
    assert element("Enter 'Ada' into the first name field") == first_name
    assert element("Type 'King' into the last name field") == last_name
    # Three Deletes: the fourth is missing, said by count, not "second" matched loosely.
    missing = planned("Click the fourth Delete button")
    assert missing.status == "not_found" and "3 on the page" in missing.reason
    # Neither reading finds anything: both are named.
    gone = planned("Click the second Archive button")
    assert gone.status == "not_found"
    assert "'second Archive'" in gone.reason, gone.reason


def test_words_after_a_bare_for_are_a_row_only_when_the_whole_names_nothing() -> None:
    """ "the edit button for Grace Hopper" is the Edit button in Grace Hopper's row; "Terms of
    service" stays a link's name, though "Terms" and "service" could read as a row."""
    edits = [
        button("Edit", tree=f"0.1.{i}.1", row=f"{who} Edit", row_css=":scope > button")
        for i, who in enumerate(("Ada Lovelace", "Grace Hopper"))
    ]
    terms = link("Terms of service", "/terms", tree="0.2.0")
    other = link("Terms", "/t", tree="0.2.1", row="Terms service", row_css=":scope > a")
    s = snap(*edits, terms, other)

    def planned(step: str) -> ActionPlan:
        intent = parse(step)
        assert intent is not None, step
        return plan_intent(intent, s, Variables())

    found = planned("Click the edit button for Grace Hopper")
    assert found.status == "found" and found.actions[0].element == edits[1]
    # The row reading is what the locators are scoped by.
    assert found.actions[0].scope == "Grace Hopper"
    assert planned("Click Terms of service").actions[0].element == terms
    # No such row: nothing is clicked (the whole words resemble every Edit button alike).
    missing = planned("Click the edit button for Alan Turing")
    assert missing.status in ("not_found", "ambiguous")
    assert "in the row of 'Alan Turing'" in missing.reason, missing.reason


def test_nth_without_a_target_counts_controls_of_the_role() -> None:
    boxes = [
        el("input", "checkbox", type="checkbox", tree=f"0.1.{i}") for i in range(3)
    ]
    found = ground(snap(*boxes), None, "check", role_hint="checkbox", nth=-1)
    assert found.status == "found" and found.element == boxes[2]


def test_an_open_modal_dialog_wins_over_what_is_behind_it() -> None:
    behind = button("Delete account")
    inside = button("Delete", in_modal=True)
    found = ground(snap(behind, inside), "Delete", "click")
    assert found.element == inside
    # A target only behind the dialog is still found (it may be an aria-modal misuse).
    assert ground(snap(behind, inside), "Delete account", "click").element == behind


def test_a_text_field_is_not_clicked_for_its_class_words() -> None:
    date_field = el("input", "textbox", icon="date field", editable=True, tree="0.1.0")
    icon_link = link("Choose a Date", "#", tree="0.1.1")
    found = ground(snap(date_field, icon_link), "calendar", "click")
    assert found.status == "found" and found.element == icon_link


def test_a_select_without_the_option_is_chosen_through_the_widget_beside_it() -> None:
    """Select2 / Django's autocomplete: the <select> under the widget gets its options only as
    the list opens, so the widget's search box is clicked and the option picked; a <select>
    that lists the option is set directly."""
    from engine.action_plan import plan_intent
    from engine.intent import Intent
    from engine.variables import Variables

    hidden = el("select", "listbox", name="Groups", label="Groups", tree="0.1.4.0")
    search = el(
        "input",
        "searchbox",
        icon="select2 search field",
        editable=True,
        tree="0.1.4.1.0.0.0.0",
    )
    intent = Intent("select", target="Groups", value="Translators")
    plan = plan_intent(intent, snap(hidden, search), Variables())
    assert plan.status == "found"
    assert [(p.action.kind, p.element) for p in plan.actions] == [
        ("click", search),
        ("pick_option", None),
    ]
    listed = dataclasses.replace(hidden, options=("Editors", "Translators"))
    plan = plan_intent(intent, snap(listed, search), Variables())
    assert [(p.action.kind, p.element) for p in plan.actions] == [("select", listed)]


def _planned(
    step: str, *elements: Element
) -> list[tuple[str, str | None, Element | None]]:
    intent = parse(step)
    assert intent is not None, step
    plan = plan_intent(intent, snap(*elements), Variables())
    assert plan.status == "found", plan.reason
    return [(p.action.kind, p.action.value, p.element) for p in plan.actions]


def test_sort_chooses_a_sort_by_list_option_in_the_direction_else_clicks_the_header() -> (
    None
):
    """ "Sort by Name, Z to A": a drop-down called "Sort by" that offers the column in that
    direction is chosen; a list that offers it but is no sort list is not; without such a list
    the column's header is clicked until it shows the order (the `sort` action)."""
    order = el(
        "select",
        "combobox",
        name="Sort by",
        label="Sort by",
        options=("Featured", "Name: A to Z", "Name: Z to A"),
    )
    header = button("Name")
    assert _planned("Sort by Name, Z to A", order, header) == [
        ("select", "Name: Z to A", order)
    ]
    assert _planned("Sort by name", order, header) == [
        ("select", "Name: A to Z", order)
    ]
    other_list = dataclasses.replace(order, name="Columns", label="Columns")
    assert _planned("Sort by Name descending", other_list, header) == [
        ("sort", "descending", header)
    ]
    assert _planned("Sort by Name", header) == [("sort", None, header)]


def test_filter_chooses_the_list_offering_the_value_then_a_control_then_the_search_box() -> (
    None
):
    """ "Filter by Editor": the list that offers it chooses it; else a toggle chip is turned on
    and a link clicked; the words in the list's own rows (a status cell) or a nameless button in
    a row that mentions them filter nothing, so the search field takes the words."""
    roles = el(
        "select", "combobox", name="Role", label="Role", options=("All", "Editor")
    )
    chip = el("button", "button", name="Editor", text="Editor", checked=False)
    search = field("Search members", "search")
    assert _planned("Filter by Editor", roles, chip, search) == [
        ("select", "Editor", roles)
    ]
    assert _planned("Filter by Editor", chip, search) == [("check", None, chip)]
    tab = link("Editor", "#editors")
    assert _planned("Filter by Editor", tab, search) == [("click", None, tab)]
    cell = el(
        "td", "cell", name="Editor", text="Editor", text_only=True, row="Ada Editor"
    )
    kebab = el("button", "button", icon="more", row="Ada kim@example.org Editor")
    assert _planned("Filter by 'kim'", cell, kebab, search) == [
        ("fill", "kim", search),
        ("press", None, search),
    ]
    intent = parse("Filter by Editor")
    assert intent is not None
    nothing = plan_intent(intent, snap(cell), Variables())
    assert nothing.status == "not_found" and "no list offers 'Editor'" in nothing.reason


def test_filter_in_a_named_list_or_field_else_the_value_alone() -> None:
    """ "Filter by role: Viewer" chooses in the list called Role; "Filter the members by 'kim'"
    types into the field called so; "Filter the people by Viewer" names nothing on the page, so
    the value alone decides."""
    roles = el(
        "select", "combobox", name="Role", label="Role", options=("All", "Viewer")
    )
    statuses = el(
        "select", "combobox", name="Status", label="Status", options=("Viewer",)
    )
    search = field("Search members", "search")
    assert _planned("Filter by role: Viewer", statuses, roles, search) == [
        ("select", "Viewer", roles)
    ]
    assert _planned("Filter the members by 'kim'", roles, search) == [
        ("fill", "kim", search),
        ("press", None, search),
    ]
    assert _planned("Filter the people by Viewer", roles, search) == [
        ("select", "Viewer", roles)
    ]


def test_an_option_is_chosen_from_the_menu_in_the_row_named() -> None:
    """ "Choose 'Delete' from the actions menu for 'Beta'": the Actions button of Beta's row
    opens, then the option is picked; unquoted, the words as written name nothing here, so the
    row reading decides (not "equally well" between the rows' buttons)."""
    alpha = button("Actions", row="Alpha zed@example.org", popup=True)
    beta = button("Actions", row="Beta amy@example.org", popup=True)
    for step in (
        "Choose 'Delete' from the 'Actions' menu for 'Beta'",
        "Choose Delete from the actions menu for Beta",
    ):
        assert _planned(step, alpha, beta) == [
            ("click", None, beta),
            ("pick_option", "Delete", None),
        ], step
    row_list = el(
        "select",
        "combobox",
        name="Role",
        label="Role",
        options=("Admin", "Viewer"),
        row="Beta amy@example.org",
    )
    assert _planned("Choose 'Viewer' from the 'Role' list for 'Beta'", row_list) == [
        ("select", "Viewer", row_list)
    ]


def test_a_name_that_is_the_target_less_its_verb_is_another_control() -> None:
    """ "Add to cart" while the products are still loading: the header's "Cart 0" is not it
    (before, a fuzzy match the step clicked); a name with more words than the target is."""
    s = snap(link("Cart 0", "/cart"), link("Products", "/products"))
    assert ground(s, "Add to cart", "click").status == "not_found"
    assert ground(s, "Remove from cart", "click").status == "not_found"
    save = button("Save changes")
    found = ground(snap(save, button("Cancel")), "Save", "click")
    assert found.status == "found" and found.element == save
    add = button("Add")
    found = ground(snap(add, link("Cart 0", "/cart")), "Add to cart", "click")
    assert found.status == "found" and found.element == add


def test_a_shorter_name_met_only_through_a_synonym_is_another_control() -> None:
    """ "Open 'Tote Bag'" before the products show: the header's "Cart 0" is not it (bag ≈
    cart made it a fuzzy match the step clicked); "Bag" alone still finds the cart."""
    cart = link("Cart 0", "/cart")
    s = snap(cart, link("Products", "/products"))
    assert ground(s, "Tote Bag", "click").status == "not_found"
    found = ground(s, "Bag", "click")
    assert found.status == "found" and found.element == cart
    tote = link("Tote Bag", "/products/tote-bag")
    found = ground(snap(cart, tote), "Tote Bag", "click")
    assert found.status == "found" and found.element == tote


def test_another_number_is_another_thing() -> None:
    # Before, "5 stars" was ambiguous between "2 stars" and "3 stars" (fuzzy neighbours).
    s = snap(button("1 star"), button("2 stars"), button("3 stars"))
    assert ground(s, "5 stars", "click").status == "not_found"
    two = button("Page 2")
    assert ground(snap(two, button("Next")), "Page 5", "click").status == "not_found"
    # A number the name holds besides others still reads as a reworded name.
    step = button("Step 2 of 3")
    found = ground(snap(step, button("Back")), "Step 2", "click")
    assert found.status == "found" and found.element == step
