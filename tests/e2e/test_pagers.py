"""A list's pager: "Go to page 3", "Open page 2 of the invoices" click that page's control in
the pager (a container marked pagination, pager or paginator), never a bare "3" elsewhere (a cart
badge, a wizard's step link); the words after "of" pick the pager by its heading. Before: a link
called "page 3", which broke between the header's "3" and the pager's. In the engine and in the
cached and cold export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_exports_pass, one_case, run_case

pytestmark = pytest.mark.browser

STEPS = [
    "Open /pager.html",
    "Go to page 3",
    "I should see 'Showing orders 21 to 30'",
    "Click page 2",
    "I should see 'Showing orders 11 to 20'",
    # The second list's pager: buttons named by their number alone.
    "Go to page 3 of the invoices",
    "I should see 'Invoices page 3'",
    "I should see 'Showing orders 11 to 20'",
]


def test_pages_of_a_pager(site_url: str, tmp_path: Path) -> None:
    case = run_case(site_url, STEPS, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_a_page_no_pager_offers_fails_saying_what_it_offers(
    site_url: str, tmp_path: Path
) -> None:
    case = run_case(
        site_url, ["Open /pager.html", "Go to page 9"], tmp_path, step_timeout_ms=1000
    )
    assert case.status == "failed"
    assert case.reason is not None
    assert "no page 9 to go to: the pager offers 'Previous', '1', '2', '3', 'Next'" in (
        case.reason
    )


@pytest.mark.slow
def test_the_export_goes_to_the_same_pages(site_url: str, tmp_path: Path) -> None:
    specs = assert_exports_pass(one_case(site_url, STEPS), site_url, tmp_path)
    assert "await goToPage(page, 3, 'invoices');" in specs["cold"].text
