"""Whether the case's pages kept their console clean: "There should be no console errors", "No
JavaScript errors should occur", "The console should have no errors" (before: a count of things
called "console errors", the model's, or the errors of an element called "console"). An error
thrown by a handler or written with console.error, during the case, fails the claim, naming it;
warnings and log lines do not. Decided at once (an error got stays got). In the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_exported_claims, run_case

pytestmark = pytest.mark.browser

CLAIMS = [
    "There should be no console errors",
    "No JavaScript errors should occur",
    "The console should have no errors",
]


def test_a_clean_console_holds(site_url: str, tmp_path: Path) -> None:
    steps = ["Open /console.html", "Click 'Note'", "I should see 'noted'", *CLAIMS]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


@pytest.mark.parametrize(
    ("click", "said"),
    [
        ("Sync", "TypeError: Cannot read properties of undefined (reading 'items')"),
        ("Save", "Save failed: 500"),
    ],
)
def test_an_error_during_the_case_fails_naming_it(
    click: str, said: str, site_url: str, tmp_path: Path
) -> None:
    steps = [
        "Open /console.html",
        f"Click '{click}'",
        "There should be no console errors",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "failed"
    assert f"1 console error(s): {said!r}" in (case.reason or ""), case.reason
    # At once: no assert timeout spent waiting for an error to go away.
    assert case.steps[2].duration_ms < 2000, case.steps[2].duration_ms


@pytest.mark.slow
def test_the_cold_export_judges_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /console.html", CLAIMS, [], [], tmp_path / "clean"
    )
    assert_exported_claims(
        site_url, "Open /console.html?noisy", [], [], CLAIMS, tmp_path / "noisy"
    )
