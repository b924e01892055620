"""The widget zoo in real Chromium: every pattern and markup passes without a model, cold and warm.

Each zoo case asserts the effect of what it did (a status line, a row gone, a value shown), so a
step that "passes" while nothing happened fails here. benchmarks/grounding_bench.py prints the
same runs as a table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import ZOO, serve_site, zoo_suites
from tests.e2e.conftest import assert_grammar_then_cache

pytestmark = pytest.mark.browser

PATTERNS = sorted(
    p.name.removesuffix(".tripwire.yaml") for p in ZOO.glob("*.tripwire.yaml")
)


@pytest.fixture(scope="module")
def zoo_url() -> Iterator[str]:
    with serve_site() as url:
        yield url


@pytest.mark.parametrize("pattern", PATTERNS)
def test_zoo_pattern_passes_by_grammar_then_replays_from_the_cache(
    pattern: str, zoo_url: str, tmp_path: Path
) -> None:
    suite = next(s for s in zoo_suites(zoo_url) if s.id == f"zoo-{pattern}")
    assert {c.id for c in suite.cases} >= {"plain", "aria", "soup"}
    assert_grammar_then_cache(suite, tmp_path)


def test_recorded_locators_find_their_element_in_pages_frames_and_shadow_roots(
    zoo_url: str,
) -> None:
    """What a warm run replays through: each recorded chain's first locator finds exactly the
    grounded element, be it in the page, an iframe or a shadow root (a broken probe would send
    every replay back to the grammar without failing a case)."""
    from playwright.sync_api import sync_playwright

    from engine import find_executable, launch_args
    from engine.locators import chain_for, probe
    from engine.snapshot import take_snapshot
    from engine.spec import BrowserOptions

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_executable(BrowserOptions()), args=launch_args()
        )
        page = browser.new_page()
        for markup, where in (("plain", "frame"), ("soup", "shadow")):
            page.goto(f"{zoo_url}/zoo/frames.html?m={markup}")
            pay = None
            for _ in range(50):  # the iframe loads after the page
                snapshot = take_snapshot(page)
                pay = next((e for e in snapshot.elements if e.name == "Pay now"), None)
                if pay is not None:
                    break
                page.wait_for_timeout(100)
            assert pay is not None
            assert bool(pay.frame) == (where == "frame")
            assert (" >> " in pay.css) == (where == "shadow")
            chain = chain_for(page, pay)
            assert chain[0].kind == "role", chain
            assert all(probe(page, loc) for loc in chain), chain
            missing = dataclasses.replace(chain[0], value="Pay later")
            assert not probe(page, missing)
        browser.close()


SHADOW_FORM = """<!doctype html><title>Shadow form</title><login-form></login-form><script>
customElements.define('login-form', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({mode: 'open'}).innerHTML =
      '<label>PIN <input type="password" id="pin"></label><label>Token <input id="tok"></label>';
  }
});
</script>"""


def test_the_css_path_of_a_shadow_roots_top_element_counts_its_siblings() -> None:
    """The last locator of a chain, a CSS path, finds exactly its element when the element's
    ancestors sit at the top of a shadow root next to others of their kind (two labels there
    once gave 'label > input', which matches both fields)."""
    from playwright.sync_api import sync_playwright

    from engine import find_executable, launch_args
    from engine.snapshot import take_snapshot
    from engine.spec import BrowserOptions

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_executable(BrowserOptions()), args=launch_args()
        )
        page = browser.new_page()
        page.set_content(SHADOW_FORM)
        fields = {e.name: e for e in take_snapshot(page).elements if e.tag == "input"}
        assert set(fields) == {"PIN", "Token"}
        for name, field_id in (("PIN", "pin"), ("Token", "tok")):
            found = page.locator(fields[name].css)
            assert found.count() == 1, fields[name].css
            assert found.get_attribute("id") == field_id
        browser.close()


def test_a_hidden_file_input_drawn_by_its_label_takes_the_upload(
    zoo_url: str, tmp_path: Path
) -> None:
    from engine.spec import Check, Expect
    from tests.e2e.conftest import one_case, request_for

    files = tmp_path / "files"
    files.mkdir()
    (files / "report.pdf").write_bytes(b"%PDF-1.4\n")
    steps = ["Open /upload-hidden.html", "Upload 'report.pdf' to 'Attach a document'"]
    expects = [
        Expect("a1", "attached", Check("visible_text", contains="Attached report.pdf"))
    ]
    report = engine.execute(
        request_for(one_case(zoo_url, steps, expects), tmp_path, files_dir=files)
    )
    assert report.status == "passed", report.cases[0].reason


@pytest.mark.parametrize(
    "step",
    ["Choose a file 'report.pdf'", "Select the file 'report.pdf' to upload"],
)
def test_a_file_chosen_is_a_file_uploaded(
    zoo_url: str, tmp_path: Path, step: str
) -> None:
    # Before: an option called "file report.pdf" (none: the step broke).
    from engine.spec import Check, Expect
    from tests.e2e.conftest import one_case, request_for

    files = tmp_path / "files"
    files.mkdir()
    (files / "report.pdf").write_bytes(b"%PDF-1.4\n")
    expects = [
        Expect("a1", "attached", Check("visible_text", contains="Attached report.pdf"))
    ]
    case = one_case(zoo_url, ["Open /upload-hidden.html", step], expects)
    report = engine.execute(request_for(case, tmp_path, files_dir=files))
    assert report.status == "passed", report.cases[0].reason
    assert report.cases[0].steps[1].tier == "grammar"


def test_a_header_that_does_not_sort_fails_the_step(
    zoo_url: str, tmp_path: Path
) -> None:
    """A header that says its order (aria-sort) but does not change it on a click: "Sort by
    Name" fails with what the header showed, instead of passing after a click that did
    nothing."""
    from tests.e2e.conftest import one_case, request_for

    steps = ["Open /sort-stuck.html", "Sort by Name"]
    report = engine.execute(request_for(one_case(zoo_url, steps, []), tmp_path))
    case = report.cases[0]
    assert report.status == "failed", case.reason
    assert "did not change the order it shows" in (case.reason or "")


def test_a_cookie_step_without_a_banner_fails_or_goes_on_when_asked_to(
    zoo_url: str, tmp_path: Path
) -> None:
    """No cookie banner, but an order-tracking box's OK and a news box's Got it: "Accept the
    cookies" clicks neither and fails, saying no banner showed; "... if asked" goes on without
    one, still clicking nothing."""
    from engine.spec import Check, Expect
    from tests.e2e.conftest import one_case, request_for

    untouched = [
        Expect("a1", "untouched", Check("visible_text", contains="nothing clicked"))
    ]
    strict = one_case(
        zoo_url, ["Open /no-banner.html", "Accept the cookies"], untouched
    )
    report = engine.execute(request_for(strict, tmp_path / "strict"))
    case = report.cases[0]
    assert case.status == "failed", case.reason
    assert "no cookie banner" in (case.reason or "")
    optional = one_case(
        zoo_url, ["Open /no-banner.html", "Accept the cookies if asked"], untouched
    )
    report = engine.execute(request_for(optional, tmp_path / "optional"))
    assert report.status == "passed", report.cases[0].reason


def test_a_sort_check_reads_the_column_and_can_fail(
    zoo_url: str, tmp_path: Path
) -> None:
    """ "The Email column is sorted" reads the cells: it fails on the list as it first loads
    (zed, amy, kim, bob), naming what it read, and passes once the list is sorted by email, as
    a step and as a check-less assertion alike."""
    from engine.spec import Expect
    from tests.e2e.conftest import one_case, request_for

    check = [Expect("a1", "The Email column is sorted")]
    before = one_case(zoo_url, ["Open /zoo/lists.html?m=silent"], check)
    report = engine.execute(request_for(before, tmp_path / "before"))
    reason = report.cases[0].reason or ""
    assert report.status == "failed" and "zed@example.org, amy@example.org" in reason, (
        reason
    )
    steps = [
        "Open /zoo/lists.html?m=silent",
        "Sort by email",
        "Verify the list is sorted by email ascending",
    ]
    after = one_case(zoo_url, steps, check)
    report = engine.execute(request_for(after, tmp_path / "after"))
    assert report.status == "passed", report.cases[0].reason


def test_words_that_only_resemble_a_controls_name_click_nothing(
    zoo_url: str, tmp_path: Path
) -> None:
    """ "Log in as the new user" is more than the "Log in" button on the page, and "Leave the
    workspace" is no control's name: without a model both steps are broken, saying what was
    looked for, and the plan for either on the live page clicks nothing."""
    from playwright.sync_api import sync_playwright

    from engine import find_executable, launch_args
    from engine.action_plan import plan_intent
    from engine.grammar import parse
    from engine.snapshot import take_snapshot
    from engine.spec import BrowserOptions
    from engine.variables import Variables
    from tests.e2e.conftest import one_case, request_for

    steps = ["Log in as the new user", "Leave the workspace"]
    for i, step in enumerate(steps):
        suite = one_case(zoo_url, ["Open /zoo/names.html?m=plain", step], [])
        report = engine.execute(
            request_for(suite, tmp_path / str(i), step_timeout_ms=1000)
        )
        case = report.cases[0]
        assert case.status == "broken", case.reason
        assert f"no control on the page is called {step!r}" in (case.reason or "")
        assert "needs a language model" in (case.reason or "")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_executable(BrowserOptions()), args=launch_args()
        )
        page = browser.new_page()
        page.goto(f"{zoo_url}/zoo/names.html?m=plain")
        snapshot = take_snapshot(page)
        for step in steps:
            intent = parse(step)
            assert intent is not None and intent.kind == "click_named"
            assert plan_intent(intent, snapshot, Variables()).status == "not_found"
        # The same page names "Log out" and "Log in" for what they are.
        named = parse("Log out")
        assert named is not None
        logout = plan_intent(named, snapshot, Variables())
        assert logout.status == "found" and logout.actions[0].element is not None
        assert logout.actions[0].element.name == "Log out"
        browser.close()
