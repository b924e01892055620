"""Whether a dialog is open: "The modal should be closed", "A confirmation dialog should appear",
"The 'Delete Item A?' dialog should be open", "No dialog should be open" (the model's before).
An app's modal counts while it is shown (one fading out does not); a browser dialog, answered as
it comes, counts as having appeared during the step before. True and false claims, each false
one saying what it saw; in the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.grammar import parse
from tests.e2e.conftest import (
    assert_exported_claims,
    assert_passes_and_exports,
    judged_claims,
    one_case,
    request_for,
    run_case,
)

pytestmark = pytest.mark.browser

STEPS = [
    "No dialog should be open",
    "Click 'Delete'",
    # The app's modal is shown a moment after the click: the check waits for it.
    "A confirmation dialog should appear",
    "The 'Delete Item A?' dialog should be open",
    "Click 'Cancel'",
    "The modal should be closed",
    # A browser confirm(), dismissed by default as it came.
    "Click 'Remove B'",
    "A confirmation dialog should appear",
    "I should see 'asked; kept A; kept B'",
]


def test_every_phrasing_is_a_claim_about_dialogs() -> None:
    for text in STEPS:
        if "dialog" in text or "modal" in text:
            intent = parse(text)
            assert intent is not None and intent.kind == "assert_state", text


def test_dialog_claims_hold_as_steps(site_url: str, tmp_path: Path) -> None:
    case = run_case(site_url, ["Open /compound.html", *STEPS], tmp_path)
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}


def test_false_dialog_claims_fail_saying_what_they_saw(
    site_url: str, tmp_path: Path
) -> None:
    seen, _ = judged_claims(
        site_url,
        "Open /compound.html",
        ["A dialog should be open", "The modal should be visible"],
        tmp_path / "none",
    )
    for text in ("A dialog should be open", "The modal should be visible"):
        verdict, expected, observed = seen[text]
        assert verdict == "failed", (text, seen[text])
        assert expected == "a dialog is open" and observed == "no dialog is open"
    # With the modal open: closed, and open under another name, are false.
    steps = ["Open /compound.html", "Click 'Delete'", "The dialog should be open"]
    expects = [
        engine.spec.Expect("closed", "The modal should be closed"),
        engine.spec.Expect("other", "The 'Newsletter' dialog should be open"),
        engine.spec.Expect("named", "The 'Delete Item A?' dialog is open"),
    ]
    report = engine.execute(
        request_for(
            one_case(site_url, steps, expects), tmp_path / "open", assert_timeout_ms=800
        )
    )
    verdicts = {a.text: (a.verdict, a.observed) for a in report.cases[0].asserts}
    assert verdicts["The modal should be closed"] == (
        "failed",
        "open: 'Delete Item A?'",
    )
    assert verdicts["The 'Newsletter' dialog should be open"][0] == "failed"
    assert verdicts["The 'Delete Item A?' dialog is open"][0] == "passed"


def test_no_browser_dialog_before_means_none_appeared(
    site_url: str, tmp_path: Path
) -> None:
    # The confirm() two steps back is not "the step before": Apply opened nothing.
    steps = [
        "Open /compound.html",
        "Click 'Remove B'",
        "Click 'Apply'",
        "Click 'Close'",
        "No dialog should appear",
    ]
    case = run_case(site_url, steps, tmp_path)
    assert case.status == "passed", case.reason


def test_close_the_popup_with_one_tab_closes_the_modal(
    site_url: str, tmp_path: Path
) -> None:
    # Before: "Close the popup" was a popup window only; with one tab the step broke.
    steps = [
        "Open /compound.html",
        "Click 'Delete'",
        "Close the popup",
        "The modal should be closed",
        "I should see 'kept A'",
    ]
    assert_passes_and_exports(site_url, steps, tmp_path)


@pytest.mark.slow
def test_the_cold_export_judges_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url,
        "Open /compound.html",
        ["No dialog should be open"],
        STEPS,
        ["The modal should be visible", "A confirmation dialog should appear"],
        tmp_path,
    )
