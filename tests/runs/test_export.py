"""Export to @playwright/test: the compiler, the API, and exported specs under the real runner.

The end-to-end tests write the exported spec into a temporary test folder and run
`npx playwright test` from e2e/ (its config points Playwright at Debian's Chromium) with BASE_URL
set to a demo shop on a random port.
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

import engine
from benchmarks.playwright_runner import run_spec, runner_problem
from demo.server import start_demo
from engine import ExportedSpec, compile_suite, lookup_from
from engine.cache import CachedAction, CacheKey, Locator, RecordedAction
from engine.export.typescript import python_regex_to_js, template_chunk, text_regex
from engine.spec import RunRequest, SuiteSpec
from runs.engine_adapter import DbActionCache, DbThread
from runs.suite_export import suite_export
from suites.models import ActionCacheEntry
from suites.schema import parse_suite
from suites.services import suite_create

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "suites"
KITCHEN_SINK = (
    Path(__file__).resolve().parent / "export_suites" / "kitchen-sink.tripwire.yaml"
)
NAMES = ["signup-login", "shop-checkout", "storefront-widgets"]
WHEN = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)


def example_yaml(name: str) -> str:
    return (EXAMPLES / f"{name}.tripwire.yaml").read_text(encoding="utf-8")


def example(name: str) -> SuiteSpec:
    return parse_suite(example_yaml(name), file=f"{name}.tripwire.yaml").suite


def compiled(name: str, **kwargs: Any) -> ExportedSpec:
    return compile_suite(example(name), generated_at=WHEN, **kwargs)


def suite_from(text: str) -> SuiteSpec:
    return parse_suite(text, file="inline.tripwire.yaml").suite


def case_block(text: str, title: str) -> str:
    """The source of one `test(...)`, from its title to the next test or the describe's end."""
    start = text.index(f"  test('{title}'")
    end = min(
        i
        for i in (text.find("\n  test(", start + 1), text.find("\n});", start))
        if i > 0
    )
    return text[start:end]


# --- the compiler --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_example_compiles_to_one_serial_describe_with_a_header(name: str) -> None:
    suite = example(name)
    spec = compiled(name)
    text = spec.text
    assert spec.filename == f"{suite.id}.spec.ts"
    assert text.count("test.describe.serial(") == 1
    assert f"test.describe.serial('{suite.name}', () => {{" in text
    assert "import { test, expect, type BrowserContext" in text
    # One context and page for the whole suite, closed at the end.
    assert "test.beforeAll(async ({ browser }) => {" in text
    assert "context = await browser.newContext(" in text
    assert "await context?.close();" in text
    assert "const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8500';" in text
    # The header: who made it, from which file, when, and where each step came from.
    first = text.splitlines()[0]
    assert first.startswith(
        f"// {suite.id}.spec.ts: exported by Tripwire from the suite"
    )
    assert f"({name}.tripwire.yaml)" in first
    assert "// Generated 2025-03-04 05:06 UTC." in text
    assert "// Steps compiled from the step grammar (best-guess locators):" in text
    assert "// Needs review" in text
    # Launch options belong to the config: test.use({launchOptions}) would drop executablePath.
    assert "launchOptions" not in text and "test.use(" not in text
    # Nothing is silently dropped: every case, step and expectation is in the text.
    for case in suite.cases:
        block = case_block(text, case.title)
        for step in case.steps:
            assert f"// step {step.id} (" in block, (case.id, step.id)
        for expect in case.expects:
            assert f"// expect {expect.id}:" in block, (case.id, expect.id)
    every_step = {f"{c.id}/{s.id}" for c in suite.cases for s in c.steps}
    assert (
        set(spec.grammar_steps) | set(spec.cached_steps) | set(spec.todo) >= every_step
    )
    assert spec.todo == () and "test.fixme" not in text


def test_steps_compile_to_user_facing_locators() -> None:
    signup = compiled("signup-login").text
    # The engine's candidates in the engine's order (firstOf, not .or(), which would take
    # whichever comes first on the page): exact names, then case/space-insensitive names, the
    # words themselves, developer names, looser names, then nameless controls beside the words.
    click = signup[signup.index("// step s5 (grammar): Click 'Create account'") :]
    click = click[: click.index(".click();")]
    order = [
        "r.getByRole('button', { name: 'Create account', exact: true }),",
        "r.getByRole('link', { name: 'Create account', exact: true }),",
        "r.getByRole('button', { name: /^\\W*Create\\s+account\\W*$/i }),",
        "r.getByText('Create account', { exact: true }),",
        "r.getByTestId(/^Create[-_\\s]*account$/i),",
        "r.getByRole('button', { name: 'Create account' }),",
        "rowControl(r.getByText(/(?<![\\w])Create\\s+account(?![\\w])/i), "
        "'Create account', 'button'),",
    ]
    positions = [click.index(line) for line in order]
    assert positions == sorted(positions)
    # Written on a root `r`: the page, then its frames (a form in an iframe).
    assert "(await firstIn(page, (r) => [" in signup
    assert "async function firstIn(" in signup
    tick = signup[signup.index("Check 'I accept the terms'") :]
    assert tick.index(
        "r.getByRole('checkbox', { name: 'I accept the terms', exact: true }),"
    ) < tick.index("field(r.getByLabel('I accept the terms', { exact: true })),")
    # A nameless box in the row of the words, or just after them.
    assert (
        "controlAfter(r.getByText(/(?<![\\w])I\\s+accept\\s+the\\s+terms(?![\\w])/i), "
        "'checkbox')," in tick
    )
    name = signup[signup.index("Enter ${full_name} into 'Full name'") :]
    assert name.index(
        "field(r.getByLabel('Full name', { exact: true })),"
    ) < name.index("r.getByPlaceholder('Full name', { exact: true }),")
    # "Enter ${email} and ${password}": each value finds its field from its name and generator.
    assert ".locator('input[type=email]')" in signup
    assert (
        "await page.locator('input[type=password]').first().fill(vars.password);"
        in signup
    )
    assert "await page.goto(url('/signup'));" in signup

    shop = compiled("shop-checkout").text
    add = case_block(shop, "A product can be put in the cart")
    # Row scoping: the 'Add to cart' of the Trail Boots row, not the first one on the page.
    assert (
        "rowsWith(r, 'li, tr, [role=row]', /(?<![\\w])Trail\\s+Boots(?![\\w])/i)"
        ".getByRole('button', { name: 'Add to cart', exact: true })," in add
    )
    # A <select> chooses; a drop-down that is no <select> opens and picks (chooseOption).
    assert "await chooseOption(page, 'Shipping', 'Express ($9.99)');" in shop
    assert "await chooseOption(page, 'Country', 'Germany');" in shop
    # A late element: auto-waiting with the engine's step timeout.
    assert (
        "await expect(page.locator('body')).toContainText('Trail Boots', "
        "{ ignoreCase: true, useInnerText: true, timeout: 10_000 });"
    ) in shop

    widgets = compiled("storefront-widgets").text
    assert "r.getByPlaceholder('Search products', { exact: true })," in widgets
    assert "await page.keyboard.press('Enter');" in widgets
    assert (
        ".getByRole('button', { name: 'Help' })" in widgets and ".hover();" in widgets
    )
    assert "await scrollToText(page, 'Subscribe to our newsletter');" in widgets
    assert "async function scrollToText(page: Page, text: string)" in widgets
    # The first step opens a page itself, so beforeAll does not open base_url first.
    assert "await page.goto(BASE_URL);" not in widgets


def test_every_check_kind_compiles_to_an_expect() -> None:
    signup = compiled("signup-login").text
    shop = compiled("shop-checkout").text
    widgets = compiled("storefront-widgets").text
    # url path_is: an anchored RegExp that ignores a trailing slash; url contains.
    assert "await expect(page).toHaveURL(urlPath('/account'));" in signup
    assert "await expect(page).toHaveURL(urlPath('/'));" in signup
    assert "function urlPath(path: string): RegExp {" in signup
    assert "await expect(page).toHaveURL(urlContains('order=ORD-'));" in shop
    # visible_text contains / equals + selector_hint (CSS).
    assert (
        "await expect(page.locator('body')).toContainText('Leather Backpack', "
        "{ ignoreCase: true, useInnerText: true });"
    ) in shop
    assert (
        "await expect(page.locator('h1').first()).toHaveText('Order confirmed', "
        "{ useInnerText: true });"
    ) in shop
    assert "toHaveText(`Welcome, ${vars.full_name}`, { useInnerText: true });" in signup
    # absent_text: one not.toContainText per item, case-insensitive RegExp.
    assert (
        "await expect(page.locator('body')).not.toContainText(/Loading\\s+products/i, "
        "{ useInnerText: true });"
    ) in shop
    login = case_block(signup, "The customer can sign back in")
    assert login.count(".not.toContainText(") == 2
    assert "/Invalid\\s+email\\s+or\\s+password/i" in login
    assert "not.toContainText(anyCase(`Welcome, ${vars.full_name}`)" in signup
    # element_visible with a plain-English hint: the role its words name.
    assert (
        "r.getByRole('link', { name: 'Contact support', exact: true }),\n"
    ) in widgets
    assert "]))).toBeVisible();" in widgets
    # A check-less assertion that quotes text is checked as contains.
    assert (
        "toContainText('Account created', { ignoreCase: true, useInnerText: true });"
        in signup
    )
    assert "toContainText('Thanks for subscribing!'," in widgets


def test_captures_become_variables_used_by_later_cases() -> None:
    signup = compiled("signup-login").text
    assert (
        "vars.customer_no = await capture('customer_no', page.locator('body'), "
        "/Customer number: (C-\\d{5})/);"
    ) in signup
    later = case_block(signup, "The customer can sign back in")
    assert "toContainText(vars.customer_no, " in later
    assert (
        "test.skip(!passed.has('signup'), 'depends on signup, which did not pass');"
        in later
    )
    assert "passed.add('signup');" in signup
    assert "passed.add('login');" not in signup  # nothing depends on it


def test_fixtures_are_generated_in_js_and_secret_ones_read_the_environment() -> None:
    shop = compiled("shop-checkout").text
    assert "full_name: genName()," in shop
    assert "zip: genZip()," in shop
    # `password` fixtures and values typed in `secret: true` steps come from the environment.
    assert "password: process.env.TRIPWIRE_FIXTURE_PASSWORD || genPassword()," in shop
    assert "email: process.env.TRIPWIRE_FIXTURE_EMAIL || genUniqueEmail()," in shop
    assert "//   TRIPWIRE_FIXTURE_PASSWORD  fixture password" in shop
    assert "import { randomInt } from 'node:crypto';" in shop
    sink = parse_suite(KITCHEN_SINK.read_text(encoding="utf-8")).suite
    text = compile_suite(sink, generated_at=WHEN).text
    for generator in (
        "genUniqueEmail('example.org')",
        "genNumber(2, 2)",
        "genSentence(3)",
        "genDate(2)",
        "genUuid()",
        "genPassword(24)",
        "genFirstName()",
        "genLastName()",
        "genUsername()",
        "genPhone()",
        "genWord()",
        "genCompany()",
        "genCity()",
        "genZip()",
        "genName()",
    ):
        assert generator in text, generator
    assert "import { randomInt, randomUUID } from 'node:crypto';" in text


SECRET_SUITE = """
suite: Secrets stay out
id: secrets
base_url: http://127.0.0.1:8500
env:
  api_user: admin
  api_pass: "pre-${TW_TEST_OS_SECRET}"
fixtures:
  password: { gen: password }
cases:
  - id: login
    title: Sign in
    steps:
      - Open /login
      - { do: "Enter 'hunter2-literal' into 'Password'", secret: true }
      - { do: "Do something odd with 'opaque-sesame'", secret: true }
      - Enter ${api_pass} into 'Token'
    expect:
      - "'hunter2-literal' is not shown"
"""


def test_no_secret_value_is_written_into_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TW_TEST_OS_SECRET", "os-value-never-exported")
    spec = compile_suite(suite_from(SECRET_SUITE), generated_at=WHEN)
    text = spec.text
    for value in ("hunter2-literal", "opaque-sesame", "os-value-never-exported"):
        assert value not in text, value
    # Typed secrets read the environment; a missing variable is a clear error at that step.
    assert (
        ", secret('TRIPWIRE_SECRET_LOGIN_S2', 'the value typed by step login/s2'));"
        in text
    )
    assert "// step s2 (grammar): Enter '••••' into 'Password'" in text
    assert "// step s3 (not compiled): Do something odd with '••••'" in text
    assert "TRIPWIRE_SECRET_LOGIN_S3" in text
    # An env value that reads the OS reads the same variable; plain env values stay literal.
    assert "api_pass: `pre-${secret('TW_TEST_OS_SECRET', 'env.api_pass')}`," in text
    assert "api_user: 'admin'," in text
    assert (
        "//   TW_TEST_OS_SECRET" in text and "read by env.api_pass (required)" in text
    )
    assert "password: process.env.TRIPWIRE_FIXTURE_PASSWORD || genPassword()," in text
    # A secret inside an assertion is read from the environment too, never written.
    assert "not.toContainText(anyCase(secret('TRIPWIRE_SECRET_LOGIN_S2'" in text
    assert "function secret(name: string, what: string): string {" in text


FIXME_SUITE = """
suite: Half compiled
id: half
base_url: http://127.0.0.1:8500
cases:
  - id: dance
    title: A step nobody can compile
    steps:
      - Open /products
      - Do a little dance with the mouse
      - Click 'Add to cart' next to 'Tote Bag'
    expect:
      - the page looks lovely
      - { id: count, assert: the count shows, check: { kind: element_visible, selector_hint: the cart count } }
    capture:
      - { name: mood, from: how the page feels }
  - id: after
    title: Depends on the dance
    depends_on: dance
    steps:
      - Open /
  - id: free
    title: Independent and clean
    steps:
      - Open /cart
    expect:
      - "'Your cart' is shown"
"""


def test_what_cannot_be_compiled_becomes_a_visible_fixme_in_place() -> None:
    spec = compile_suite(suite_from(FIXME_SUITE), generated_at=WHEN)
    text = spec.text
    assert spec.todo == (
        "dance/s2",
        "dance/expect a1",
        "dance/expect count",
        "dance/capture mood",
    )
    assert text.count("test.fixme(true, ") == 4
    block = case_block(text, "A step nobody can compile")
    # The fixme sits where the step is: what comes before runs, what comes after stays compiled.
    assert block.index("await page.goto(url('/products'));") < block.index(
        "test.fixme("
    )
    assert "// step s2 (not compiled): Do a little dance with the mouse" in block
    assert "// TODO(tripwire): the step grammar does not understand this step" in block
    assert (
        "rowsWith(r, 'li, tr, [role=row]', /(?<![\\w])Tote\\s+Bag(?![\\w])/i)" in block
    )
    assert (
        "test.fixme(true, 'dance/s2 was not compiled: Do a little dance with the mouse');"
        in block
    )
    assert "Tripwire would ask a language model to judge it" in block
    assert (
        "the selector_hint 'the cart count' describes an element in plain English"
        in block
    )
    assert "a capture without pattern or selector_hint needs a language model" in block
    assert "// Not compiled, marked test.fixme (write them by hand): dance/s2," in text
    assert "//   - dance/s2: not compiled (" in text
    assert spec.grammar_steps == ("dance/s1", "dance/s3", "after/s1", "free/s1")


def test_a_wait_the_step_bounds_keeps_its_bound_in_playwright() -> None:
    text = compile_suite(
        suite_from(
            "suite: Slow\nid: slow\nbase_url: http://127.0.0.1:8500\ncases:\n"
            "  - id: job\n    title: A slow job\n    steps:\n"
            "      - Wait up to 90 seconds for 'Job done'\n"
            "      - Wait for 'Working' to disappear within 2 minutes\n"
            "      - Wait for 'Next'\n"
        ),
        generated_at=WHEN,
    ).text
    assert (
        "toContainText('Job done', { ignoreCase: true, useInnerText: true, timeout: 90_000 });"
        in text
    )
    assert "useInnerText: true, timeout: 120_000 });" in text
    assert (
        "toContainText('Next', { ignoreCase: true, useInnerText: true, timeout: 10_000 });"
        in text
    )


def test_the_output_is_deterministic_except_for_the_date_line() -> None:
    suite = example("shop-checkout")
    one = compile_suite(suite, generated_at=WHEN).text
    again = compile_suite(suite, generated_at=WHEN).text
    later = compile_suite(suite, generated_at=datetime(2030, 1, 1, tzinfo=UTC)).text
    assert one == again
    differing = [
        (a, b)
        for a, b in zip(one.splitlines(), later.splitlines(), strict=True)
        if a != b
    ]
    assert differing == [
        ("// Generated 2025-03-04 05:06 UTC.", "// Generated 2030-01-01 00:00 UTC.")
    ]


def _entry(
    case_id: str, step_id: str, text: str, *actions: RecordedAction
) -> tuple[str, str, str, CachedAction]:
    return case_id, step_id, text, CachedAction(actions=actions)


def test_cached_locators_win_over_the_grammar_guess() -> None:
    suite = example("signup-login")
    lookup = lookup_from(
        [
            _entry(
                "signup",
                "s5",
                "Click \u2018Create account\u2019",  # curly quotes: the key's text is normalised
                RecordedAction(
                    "click",
                    locators=(
                        Locator("test_id", "signup-submit"),
                        Locator("css", "#signup-submit"),
                    ),
                ),
            ),
            _entry(
                "signup",
                "s3",
                "Enter ${email} and ${password}",
                RecordedAction(
                    "fill",
                    value="${email}",
                    locators=(Locator("role", "Email", role="textbox"),),
                ),
                RecordedAction(
                    "fill",
                    value="${password}",
                    locators=(Locator("label", "Password"),),
                ),
            ),
            _entry(
                "logout",
                "s1",
                "Click 'Sign out'",
                RecordedAction(
                    "click", locators=(Locator("test_id", "logout", attr="data-qa"),)
                ),
            ),
            _entry(
                "login",
                "s3",
                "Click 'Sign in'",
                RecordedAction(
                    "click",
                    locators=(
                        Locator(
                            "role",
                            "Sign in 2",
                            role="button",
                            row_text="Box",
                            row_tag="li",
                        ),
                    ),
                ),
            ),
        ]
    )
    spec = compile_suite(suite, cache=lookup, generated_at=WHEN)
    text = spec.text
    assert spec.cached_steps == ("signup/s3", "signup/s5", "logout/s1", "login/s3")
    assert "await page.getByTestId('signup-submit').click();" in text
    assert "// step s5 (action cache): Click 'Create account'" in text
    assert (
        "await page.getByRole('textbox', { name: 'Email', exact: true }).fill(vars.email);"
    ) in text
    assert (
        "await page.getByLabel('Password', { exact: true }).fill(vars.password);"
        in text
    )
    assert "await page.locator('[data-qa=\"logout\"]').click();" in text
    # A recorded name with a count in it replays with any count, scoped to its row.
    assert (
        "rowsWith(page, 'li', /(?<![\\w])Box(?![\\w])/i)\n"
        "      .getByRole('button', { name: /^\\s*Sign in \\d+(?:[.,]\\d+)?\\s*$/i })"
    ) in text
    header = text.split("import {", 1)[0].replace("\n//   ", " ")
    assert (
        "// Steps with locators from the action cache (what worked when the step last passed): "
        "signup/s3, signup/s5, logout/s1, login/s3\n"
    ) in header
    # Steps without an entry still come from the grammar.
    assert "signup/s1" in spec.grammar_steps and "signup/s4" in spec.grammar_steps


def test_recorded_locators_with_variables_read_them_from_vars() -> None:
    suite = suite_from(
        """\
suite: Vars
id: vars
base_url: http://127.0.0.1:8500
env:
  product: Trail Boots
cases:
  - id: c
    title: Add the product
    steps:
      - Click 'Add to cart' next to '${product}'
"""
    )
    lookup = lookup_from(
        [
            _entry(
                "c",
                "s1",
                "Click 'Add to cart' next to '${product}'",
                RecordedAction(
                    "click",
                    locators=(
                        Locator(
                            "role", "Add to cart", role="button", row_text="${product}"
                        ),
                        Locator("text", "Add ${product}"),
                    ),
                ),
            )
        ]
    )
    text = compile_suite(suite, cache=lookup, generated_at=WHEN).text
    # The variable's value at run time, never the template as a literal.
    assert "rowsWith(page, 'li, tr, [role=row]', vars.product)" in text
    assert "getByText(`Add ${vars.product}`, { exact: true })" in text
    code = [line for line in text.splitlines() if not line.strip().startswith("//")]
    assert not [line for line in code if "'${product}'" in line]


def test_a_model_resolved_step_exports_from_its_cache_entry() -> None:
    suite = suite_from(
        """
suite: Model
id: model
base_url: http://127.0.0.1:8500
cases:
  - id: c
    title: The model did it
    steps:
      - Buy the cheapest boots
"""
    )
    lookup = lookup_from(
        [
            (
                "c",
                "s1",
                "Buy the cheapest boots",
                CachedAction(
                    tier="model",
                    actions=(
                        RecordedAction("goto", value="/products"),
                        RecordedAction(
                            "click",
                            locators=(
                                Locator(
                                    "role",
                                    "Add to cart",
                                    role="button",
                                    row_text="Canvas Sneakers",
                                ),
                            ),
                        ),
                    ),
                ),
            )
        ]
    )
    spec = compile_suite(suite, cache=lookup, generated_at=WHEN)
    assert spec.cached_steps == ("c/s1",) and spec.todo == ()
    assert "await page.goto(url('/products'));" in spec.text
    assert "/(?<![\\w])Canvas\\s+Sneakers(?![\\w])/i)" in spec.text
    assert "c/s1: resolved by the model tier" in spec.text
    # Without the entry the words can only be a control's name, a guess flagged for review.
    cold = compile_suite(suite, generated_at=WHEN)
    assert cold.todo == () and cold.grammar_steps == ("c/s1",)
    assert "controlNamed(r, /^\\W*(?:Buy\\s+the\\s+cheapest\\s+boots" in cold.text
    assert "controlNamed(r, /^\\W*Buy\\W*$/i)" not in cold.text  # picking, no button
    assert (
        "c/s1: 'Buy the cheapest boots' was read as the name of a control" in cold.text
    )


def test_a_fill_on_a_drop_down_chooses_the_option_as_the_engine_does() -> None:
    suite = suite_from(
        """
suite: Lists
id: lists
base_url: http://127.0.0.1:8500
cases:
  - id: c
    title: Choose
    steps:
      - Set the 'Country' dropdown to 'Germany'
      - Set 'Shipping' to 'Express ($9.99)'
"""
    )
    grammar_only = compile_suite(suite, generated_at=WHEN).text
    assert "await chooseOption(page, 'Country', 'Germany');" in grammar_only
    assert "async function chooseOption(" in grammar_only
    # No role word: a field, set by what it turns out to be (a <select> chooses the option).
    assert "await setField(" in grammar_only and ", 'Express ($9.99)');" in grammar_only
    assert "if (el instanceof HTMLSelectElement) return 'select';" in grammar_only
    recorded = RecordedAction(
        "fill",
        value="Express ($9.99)",
        locators=(Locator("label", "Shipping"),),
        target='combobox "Shipping"',
    )
    lookup = lookup_from(
        [_entry("c", "s2", "Set 'Shipping' to 'Express ($9.99)'", recorded)]
    )
    cached = compile_suite(suite, cache=lookup, generated_at=WHEN).text
    assert (
        "await page.getByLabel('Shipping', { exact: true }).selectOption('Express ($9.99)');"
    ) in cached


def test_sorts_and_filters_compile_to_the_helpers_that_decide_as_the_engine_does() -> (
    None
):
    """A sort, a filter and an option from a row's menu, cold and from the cache: the helpers
    that make the engine's choices at run time, with the engine's own readings of a header
    (aria-sort or class words) and of a "Sort by" option's direction."""
    suite = suite_from(
        """
suite: Lists
id: lists
base_url: http://127.0.0.1:8500
cases:
  - id: c
    title: Sort and filter
    steps:
      - Sort by Email descending
      - "Filter by role: Editor"
      - Filter by Invited
      - Choose 'Delete' from the 'Actions' menu for 'Beta'
      - Verify the list is sorted by Email descending
    expect:
      - The Age column is sorted
"""
    )
    cold = compile_suite(suite, generated_at=WHEN).text
    assert "await expectSorted(page, 'Email', 'descending', 'list');" in cold
    assert "await expectSorted(page, 'Age', null, '');" in cold
    assert "await sortBy(page, async () => (await firstIn(page, (r) => [" in cold
    assert "], ['clickable', 'Email'])), 'Email', 'descending');" in cold
    assert "await filterBy(page, 'Editor', 'role');" in cold
    assert "await filterBy(page, 'Invited');" in cold
    assert "await hoverRow(page, 'Beta');" in cold
    assert "await chooseWith(page, (await firstIn(page, (r) => [" in cold
    for helper in ("sortBy", "sortColumn", "filterBy", "chooseWith", "openerCalled"):
        assert f"async function {helper}(" in cold
    assert (
        "closest('th, [role=columnheader]')" in cold
    )  # the engine's reading of a header
    assert "high(?:est)?\\s+(?:to\\s+low" in cold  # and of a "Sort by" option
    header = RecordedAction(
        "sort",
        value="descending",
        locators=(Locator("role", "Email", role="button"),),
        target='button "Email"',
    )
    lookup = lookup_from([_entry("c", "s1", "Sort by Email descending", header)])
    cached = compile_suite(suite, cache=lookup, generated_at=WHEN).text
    assert (
        "await sortColumn(page.getByRole('button', { name: 'Email', exact: true }), "
        "'descending');"
    ) in cached


def test_cookie_steps_compile_to_the_engines_banner_finder() -> None:
    suite = suite_from(
        """
suite: Cookies
id: cookies
base_url: http://127.0.0.1:8500
cases:
  - id: c
    title: Consent
    steps:
      - Reject all cookies
      - Accept the cookies if asked
"""
    )
    text = compile_suite(suite, generated_at=WHEN).text
    assert "    await answerCookies(page, 'reject');\n" in text
    assert "    await answerCookies(page, 'accept', true);\n" in text
    assert "type ElementHandle" in text
    # The engine's finder, word for word: the box nearest the button that mentions cookies.
    assert "const ABOUT = /cookie|consent|gdpr|tracking technolog|" in text
    assert "const wait = optional ? 2_000 : 10_000;" in text


def test_a_step_that_is_a_controls_name_compiles_to_its_readings_by_whole_name() -> (
    None
):
    suite = suite_from(
        """
suite: Names
id: names
base_url: http://127.0.0.1:8500
cases:
  - id: c
    title: Names
    steps:
      - Log out
      - Discard the changes
"""
    )
    text = compile_suite(suite, generated_at=WHEN).text
    # "Sign out" and the other spellings of the same name, never a resemblance (no `like`).
    assert (
        "controlNamed(r, /^\\W*(?:Log\\s+out|log\\s+off|logout|sign\\s+out|signout)\\W*$/i),"
        in text
    )
    # The words as written first, then the verb alone.
    written = text.index(
        "controlNamed(r, /^\\W*(?:Discard\\s+the\\s+changes|discard\\s+changes)\\W*$/i),"
    )
    verb = text.index("controlNamed(r, /^\\W*Discard\\W*$/i)")
    assert written < verb
    assert "function controlNamed(root: Page | Frame, name: RegExp): Locator {" in text
    assert "'Log out']" not in text and "'Discard the changes']" not in text


def test_typescript_literals_and_regexes() -> None:
    assert (
        python_regex_to_js(r"(?i)Order (?P<id>\d+)/x\Z") == r"/Order (?<id>\d+)\/x$/i"
    )
    assert python_regex_to_js(r"a(?P=x)b") == r"/a\k<x>b/"
    assert text_regex("Total: $1.00 (x)") == r"/Total:\s+\$1\.00\s+\(x\)/i"
    assert template_chunk("a`b${c}\\") == "a\\`b\\${c}\\\\"
    spec = compile_suite(
        suite_from(
            """
suite: "It's a \\\\ `test` ${x}"
id: quoting
base_url: http://127.0.0.1:8500
env: { x: "1" }
cases:
  - id: c
    title: "Case 'one'"
    steps: ["Enter 'a ${x} \\\\ c' into 'Field'"]
"""
        ),
        generated_at=WHEN,
    )
    assert "test.describe.serial('It\\'s a \\\\ `test` ${x}', () => {" in spec.text
    assert "test('Case \\'one\\'', async () => {" in spec.text
    assert ", `a ${vars.x} \\\\ c`);" in spec.text


# --- the API -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_answers_the_spec_as_plain_text(api: APIClient) -> None:
    suite_create(
        yaml_text=example_yaml("shop-checkout"), file="shop-checkout.tripwire.yaml"
    )
    response = api.get("/api/v1/suites/shop-checkout.tripwire.yaml/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="shop-checkout.spec.ts"'
    body = response.content.decode()
    assert "test.describe.serial('Shop and check out', () => {" in body
    assert "(shop-checkout.tripwire.yaml)" in body.splitlines()[0]
    # The suite id works too, and so does a client that asks for text/plain.
    by_id = api.get("/api/v1/suites/shop-checkout/export", HTTP_ACCEPT="text/plain")
    assert by_id.status_code == 200
    assert by_id.content.decode().splitlines()[2:] == body.splitlines()[2:]


@pytest.mark.django_db
def test_the_api_answers_404_for_an_unknown_suite_and_401_without_a_token(
    api: APIClient, anon: APIClient
) -> None:
    missing = api.get(
        "/api/v1/suites/nope.tripwire.yaml/export", HTTP_ACCEPT="text/plain"
    )
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["type"] == "not_found"
    suite_create(
        yaml_text=example_yaml("signup-login"), file="signup-login.tripwire.yaml"
    )
    denied = anon.get("/api/v1/suites/signup-login.tripwire.yaml/export")
    assert denied.status_code == 401
    assert denied.json()["type"] == "not_authenticated"
    bad = api.get("/api/v1/suites/signup-login.tripwire.yaml/export?cache=perhaps")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_the_api_uses_the_newest_cache_entry_of_each_step(api: APIClient) -> None:
    suite_create(
        yaml_text=example_yaml("signup-login"), file="signup-login.tripwire.yaml"
    )
    cache = DbActionCache()
    click = "Click 'Create account'"

    def put(url_path: str, test_id: str) -> None:
        key = CacheKey.for_step(
            suite_id="signup-login",
            case_id="signup",
            step_id="s5",
            step_text=click,
            url_path=url_path,
        )
        cache.put(
            key,
            CachedAction(
                (RecordedAction("click", locators=(Locator("test_id", test_id),)),)
            ),
        )

    put("/signup", "old-submit")
    put("/register", "new-submit")
    ActionCacheEntry.objects.filter(url_path="/signup").update(
        updated=datetime(2020, 1, 1, tzinfo=UTC)
    )
    body = api.get("/api/v1/suites/signup-login.tripwire.yaml/export").content.decode()
    assert "await page.getByTestId('new-submit').click();" in body
    assert "old-submit" not in body
    plain = api.get("/api/v1/suites/signup-login.tripwire.yaml/export?cache=false")
    assert "new-submit" not in plain.content.decode()
    assert "// step s5 (grammar): Click 'Create account'" in plain.content.decode()


# --- end to end: the real @playwright/test runner against the demo shop --------------------------


def _runner() -> None:
    problem = runner_problem()
    if problem:
        pytest.skip(problem)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_exported_examples_pass_on_the_original_shop(
    name: str, api: APIClient, tmp_path: Path
) -> None:
    _runner()
    suite_create(yaml_text=example_yaml(name), file=f"{name}.tripwire.yaml")
    response = api.get(f"/api/v1/suites/{name}.tripwire.yaml/export")
    spec = ExportedSpec(response.content.decode(), f"{name}.spec.ts", (), (), (), ())
    with start_demo(variant="original", port=0, stream=io.StringIO()) as shop:
        run = run_spec(spec, shop.url, tmp_path)
        stats = shop.store.stats()
    assert run.code == 0, run.output[-3000:]
    cases = example(name).cases
    assert run.statuses == {case.title: "passed" for case in cases}, run.output[-3000:]
    # It really drove this shop (BASE_URL), not the suite's base_url.
    assert sum(stats["hits"].values()) > len(cases)


@pytest.mark.browser
@pytest.mark.slow
def test_exported_checkout_fails_on_the_regressed_shop(tmp_path: Path) -> None:
    _runner()
    spec = compiled("shop-checkout")
    with start_demo(variant="regressed", port=0, stream=io.StringIO()) as shop:
        run = run_spec(spec, shop.url, tmp_path)
    assert run.code != 0
    assert run.statuses["The cart holds the product at the right price"] == "failed"
    assert run.statuses["A product can be put in the cart"] == "passed"
    assert "not /Your\\s+cart\\s+is\\s+empty/i" in run.output


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_export_from_a_warm_cache_replays_what_worked(tmp_path: Path) -> None:
    """GIVEN a run of shop-checkout on the redesigned shop that filled the action cache
    WHEN the suite is exported with and without the cache
    THEN the cache-based spec passes on the redesign, and so does the grammar's first case."""
    _runner()
    suite_create(
        yaml_text=example_yaml("shop-checkout"), file="shop-checkout.tripwire.yaml"
    )
    suite = example("shop-checkout")
    with start_demo(variant="redesigned", port=0, stream=io.StringIO()) as shop:
        with DbThread() as db:
            report = engine.execute(
                RunRequest(
                    run_id="warm",
                    suite=dataclasses.replace(suite, base_url=shop.url),
                    artifacts_dir=tmp_path / "artifacts",
                    trace=False,
                    screenshots="failures",
                ),
                cache=DbActionCache(db),
            )
        assert report.status == "passed", [(c.id, c.reason) for c in report.cases]
        warm = suite_export(name="shop-checkout.tripwire.yaml")
        cold = suite_export(name="shop-checkout.tripwire.yaml", use_cache=False)
        every_step = tuple(f"{c.id}/{s.id}" for c in suite.cases for s in c.steps)
        assert warm.cached_steps == every_step and warm.grammar_steps == ()
        # The redesign renamed "Full name" to "Your name": the recorded locator knows.
        assert "getByRole('textbox', { name: 'Your name', exact: true })" in warm.text
        replayed = run_spec(warm, shop.url, tmp_path / "warm")
        guessed = run_spec(cold, shop.url, tmp_path / "cold")
    assert replayed.code == 0, replayed.output[-3000:]
    assert set(replayed.statuses.values()) == {"passed"}
    # The grammar's export finds the renamed field too, as the engine does: by its developer
    # name (name="full_name") and "Create account" by its words in "Create my account".
    assert guessed.statuses["A shopper opens an account"] == "passed", guessed.output[
        -3000:
    ]


@pytest.mark.browser
@pytest.mark.slow
def test_the_kitchen_sink_export_passes_and_needs_its_secrets(tmp_path: Path) -> None:
    _runner()
    text = KITCHEN_SINK.read_text(encoding="utf-8")
    spec = compile_suite(parse_suite(text, file=KITCHEN_SINK.name).suite)
    password = "Kitchen-Sink-Pass-1"
    assert password not in spec.text and "Sinkmann" not in spec.text
    with start_demo(variant="original", port=0, stream=io.StringIO()) as shop:
        run = run_spec(
            spec,
            shop.url,
            tmp_path / "with",
            KS_SURNAME="Sinkmann",
            TRIPWIRE_SECRET_JOIN_S5=password,
        )
        missing = run_spec(spec, shop.url, tmp_path / "without", KS_SURNAME="Sinkmann")
        signups = shop.store.stats()["signups"]
    assert run.code == 0, run.output[-3000:]
    assert set(run.statuses.values()) == {"passed"} and len(run.statuses) == 4
    assert len(signups) == 1 and re.fullmatch(r"tw-[a-z0-9]+@example\.org", signups[0])
    assert missing.code != 0
    assert (
        "Set the environment variable TRIPWIRE_SECRET_JOIN_S5: the value typed by step "
        "join/s5 is a secret" in missing.output
    )


@pytest.mark.browser
@pytest.mark.slow
def test_a_fixme_stops_its_case_skips_dependents_and_lets_the_rest_run(
    tmp_path: Path,
) -> None:
    _runner()
    spec = compile_suite(suite_from(FIXME_SUITE))
    with start_demo(variant="original", port=0, stream=io.StringIO()) as shop:
        run = run_spec(spec, shop.url, tmp_path)
        hits = shop.store.stats()["hits"]
    assert run.code == 0, run.output[-3000:]
    assert run.statuses == {
        "A step nobody can compile": "skipped",
        "Depends on the dance": "skipped",
        "Independent and clean": "passed",
    }
    # The case ran up to its fixme (it opened /products) and no further (nothing was added).
    assert hits.get("/products", 0) >= 1 and "/cart/add" not in hits


@pytest.mark.browser
@pytest.mark.slow
def test_zoo_suites_export_to_specs_that_pass_cold_and_from_the_cache(
    tmp_path: Path,
) -> None:
    """Every widget-zoo pattern: the cache-compiled spec and the grammar-compiled one both pass
    under @playwright/test wherever the Tripwire run passed (right-click, hover-revealed rows,
    words with handlers, hidden inputs, sliders, calendar pickers, toggle buttons, editors,
    iframes, shadow roots), plain HTML, ARIA widgets and div soup alike."""
    from benchmarks.grounding_bench import run_suite, serve_site, zoo_suites

    _runner()
    with serve_site() as url:
        for suite in zoo_suites(url):
            cache = engine.MemoryActionCache()
            report = run_suite(suite, tmp_path / "runs", cache, tag="cold")
            assert report.status == "passed", [(c.id, c.reason) for c in report.cases]
            lookup = lookup_from(
                (key.case_id, key.step_id, key.step_text, action)
                for key, action in cache.entries()
            )
            cached = run_spec(
                compile_suite(suite, cache=lookup), url, tmp_path / f"{suite.id}-cached"
            )
            cold = run_spec(compile_suite(suite), url, tmp_path / f"{suite.id}-cold")
            # Both pass every case, the cold one included: it decides at run time what a field
            # is (a slider, a calendar picker) and looks in the page's frames, as the engine does.
            for case in suite.cases:
                for name, run in (("cached", cached), ("cold", cold)):
                    assert run.statuses.get(case.title) == "passed", (
                        suite.id,
                        case.id,
                        name,
                        run.output[-3000:],
                    )


@pytest.mark.browser
@pytest.mark.slow
def test_nameless_controls_export_by_their_row_and_words_cold_and_cached(
    tmp_path: Path,
) -> None:
    """A checkbox named only by its row's words and a field named by the text before it: the
    engine finds them, records the row by its words (not the box's position), and both exports
    pass where the run passed; on a redesign (div cards instead of a list) the cold export
    still finds them, as the engine does."""
    from benchmarks.export_fidelity import invoices_suites
    from benchmarks.grounding_bench import run_suite, serve_site

    _runner()
    with serve_site() as site:
        url = f"{site}/fidelity"
        (original,) = invoices_suites(f"{url}/original/")
        redesign_url = f"{url}/redesign/"
        cache = engine.MemoryActionCache()
        report = run_suite(original, tmp_path / "run", cache, tag="cold")
        assert report.status == "passed", [c.reason for c in report.cases]
        redesigned = run_suite(
            dataclasses.replace(original, base_url=redesign_url),
            tmp_path / "run2",
            engine.MemoryActionCache(),
            tag="cold",
        )
        assert redesigned.status == "passed", [c.reason for c in redesigned.cases]
        tick = next(a for k, a in cache.entries() if k.step_id == "s2").actions[0]
        # The row by its words comes before any positional path.
        assert tick.locators[0].row_text == "Invoice 7", tick.locators
        lookup = lookup_from(
            (key.case_id, key.step_id, key.step_text, action)
            for key, action in cache.entries()
        )
        cached = compile_suite(original, cache=lookup)
        assert "#list > li" not in cached.text
        cold = compile_suite(original)
        title = "Invoice 7 is picked by its row"
        for name, spec, where in (
            ("cached", cached, f"{url}/original/"),
            ("cold", cold, f"{url}/original/"),
            ("cold-redesign", cold, redesign_url),
        ):
            run = run_spec(spec, where, tmp_path / name)
            assert run.statuses.get(title) == "passed", (name, run.output[-3000:])


ROWLESS = """
suite: Rowless
id: rowless
base_url: {url}
cases:
  - id: rowless
    title: {title}
    steps:
      - Open /fidelity/rowless.html
      - {step}
"""


@pytest.mark.browser
@pytest.mark.slow
def test_words_that_name_no_control_fail_in_the_cold_export_as_in_the_engine(
    tmp_path: Path,
) -> None:
    """A sentence with no box of its own (a named checkbox further on in the form), and a row
    that has no Delete (the next row has one): the engine finds nothing, and the
    grammar-compiled export fails there too instead of ticking or deleting something else."""
    from benchmarks.grounding_bench import run_suite, serve_site

    _runner()
    with serve_site() as url:
        for title, step, helper in (
            (
                "Words with no box of their own",
                "Tick 'Send me the newsletter'",
                "rowControl(",
            ),
            (
                "A row without the button",
                "Click 'Delete' next to 'Invoice 7'",
                "boxAround(",
            ),
        ):
            text = ROWLESS.format(url=url, title=title, step=step)
            suite = parse_suite(text, file="rowless.tripwire.yaml").suite
            report = run_suite(
                suite, tmp_path / "runs", engine.MemoryActionCache(), tag="x"
            )
            assert report.status == "broken", (title, report.cases[0].reason)
            spec = compile_suite(suite)
            assert helper in spec.text
            run = run_spec(spec, url, tmp_path / title.replace(" ", "-"))
            assert run.statuses == {title: "failed"}, run.output[-3000:]


RENAMED = """
suite: Renamed
id: renamed
base_url: {url}
cases:
  - id: renamed
    title: A button renamed by a word
    steps:
      - Open /fidelity/renamed.html
      - Click 'Apply coupon'
    expect:
      - {{ assert: applied, check: {{ kind: visible_text, contains: Code applied }} }}
  - id: gone
    title: A button that is gone
    steps:
      - Open /fidelity/renamed.html
      - Click 'Ship now'
"""


@pytest.mark.browser
@pytest.mark.slow
def test_the_cold_export_takes_a_renamed_button_as_the_engine_does(
    tmp_path: Path,
) -> None:
    """ "Apply coupon" became "Apply code": the engine's fuzzy tier takes it, and so does the
    grammar-compiled export (the same similarity, computed in the spec); a name nothing
    resembles ("Ship now" beside "Cancel order") fails in both instead of clicking another."""
    from benchmarks.grounding_bench import run_suite, serve_site

    _runner()
    with serve_site() as url:
        suite = parse_suite(RENAMED.format(url=url), file="renamed.tripwire.yaml").suite
        report = run_suite(
            suite, tmp_path / "runs", engine.MemoryActionCache(), tag="x"
        )
        verdicts = {case.id: case.status for case in report.cases}
        assert verdicts == {"renamed": "passed", "gone": "broken"}
        spec = compile_suite(suite)
        assert "['clickable', 'Apply coupon']" in spec.text
        run = run_spec(spec, url, tmp_path / "spec")
        assert run.statuses == {
            "A button renamed by a word": "passed",
            "A button that is gone": "failed",
        }, run.output[-3000:]
