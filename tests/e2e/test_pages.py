"""Dialogs and tabs in real Chromium: answers, defaults, what is logged, and clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.spec import Check, Expect
from tests.e2e.conftest import assert_passes_and_exports, one_case, request_for

pytestmark = pytest.mark.browser


def _logs(reporter: engine.CollectingReporter) -> list[tuple[str, str]]:
    return [(e.data["level"], e.data["message"]) for e in reporter.of_type("log")]


def test_an_unexpected_confirm_is_dismissed_and_logged_as_a_warning(
    site_url: str, tmp_path: Path
) -> None:
    steps = ["Open /zoo/dialogs.html?m=plain", "Click 'Delete all'"]
    expects = [Expect("a1", "kept", Check("visible_text", contains="Kept them all"))]
    reporter = engine.CollectingReporter()
    report = engine.execute(
        request_for(one_case(site_url, steps, expects), tmp_path), reporter=reporter
    )
    assert report.status == "passed", report.cases[0].reason
    assert (
        "warning",
        "dismissed confirm: Delete all invoices? (no step answered it: the default answer)",
    ) in _logs(reporter)


def test_a_planned_answer_skips_an_alert_it_did_not_name_and_both_are_logged(
    site_url: str, tmp_path: Path
) -> None:
    steps = [
        "Open /zoo/dialogs.html?m=soup",
        "Click 'Leave'",
        "Accept the confirm dialog",
    ]
    expects = [Expect("a1", "left", Check("visible_text", contains="Left"))]
    reporter = engine.CollectingReporter()
    report = engine.execute(
        request_for(one_case(site_url, steps, expects), tmp_path), reporter=reporter
    )
    assert report.status == "passed", report.cases[0].reason
    logs = _logs(reporter)
    assert ("info", "accepted confirm: Leave without saving?") in logs
    assert any(
        m.startswith("accepted alert: Unsaved changes (no step") for _, m in logs
    )


def test_a_dialog_step_without_a_dialog_fails_and_a_wrong_message_is_caught(
    site_url: str, tmp_path: Path
) -> None:
    quiet = one_case(site_url, ["Open /zoo/dialogs.html?m=plain", "Accept the dialog"])
    report = engine.execute(request_for(quiet, tmp_path / "a"))
    step = report.cases[0].steps[1]
    assert step.status == "failed" and "no dialog appeared" in (step.reason or "")
    wrong = one_case(
        site_url,
        [
            "Open /zoo/dialogs.html?m=plain",
            "Click 'Delete all'",
            "Accept the dialog",
            "Verify the dialog says 'Rename everything?'",
        ],
    )
    report = engine.execute(request_for(wrong, tmp_path / "b"))
    step = report.cases[0].steps[3]
    assert step.status == "failed"
    assert "did not say 'Rename everything?'" in (step.reason or "")


def test_a_prompt_answer_takes_the_variable_value(
    site_url: str, tmp_path: Path
) -> None:
    import dataclasses

    steps = [
        "Open /zoo/dialogs.html?m=aria",
        "Click 'Rename'",
        "Answer the prompt with '${title}'",
    ]
    expects = [Expect("a1", "renamed", Check("visible_text", contains="Renamed to Q1"))]
    suite = dataclasses.replace(one_case(site_url, steps, expects), env={"title": "Q1"})
    report = engine.execute(request_for(suite, tmp_path))
    assert report.status == "passed", report.cases[0].reason


def test_tabs_are_followed_logged_and_a_missing_tab_is_a_clear_break(
    site_url: str, tmp_path: Path
) -> None:
    steps = [
        "Open /zoo/tabs.html?m=plain",
        "Click 'Open the report'",
        "Click 'Approve'",
        "Switch to the tab 'Zoo: tabs'",
    ]
    expects = [
        Expect("a1", "heard", Check("visible_text", contains="Approved in plain")),
        Expect("a2", "first tab", Check("url", contains="tabs.html?m=plain")),
    ]
    reporter = engine.CollectingReporter()
    report = engine.execute(
        request_for(one_case(site_url, steps, expects), tmp_path / "a"),
        reporter=reporter,
    )
    assert report.status == "passed", report.cases[0].reason
    moves = [m for _, m in _logs(reporter) if m.startswith("now on the tab at")]
    assert moves and "tabs-child.html?from=plain" in moves[0]
    lonely = one_case(
        site_url, ["Open /zoo/tabs.html?m=plain", "Switch to the new tab"]
    )
    report = engine.execute(request_for(lonely, tmp_path / "b", step_timeout_ms=1500))
    step = report.cases[0].steps[1]
    assert step.status == "broken" and "no new tab opened" in (step.reason or "")
    closing = one_case(site_url, ["Open /zoo/tabs.html?m=plain", "Close the tab"])
    report = engine.execute(request_for(closing, tmp_path / "c"))
    assert "only tab" in (report.cases[0].steps[1].reason or "")


@pytest.mark.parametrize("mode", ["", "?auto"])
def test_a_popup_that_closes_itself_hands_the_case_back_to_its_opener(
    mode: str, site_url: str, tmp_path: Path
) -> None:
    """A lookup window that closes itself once a row is chosen (Django's admin does), even
    before Playwright has seen the click through, and (?auto) one that closes on its own while
    the click waits for its covered row: the step is done, and the case goes on in the tab
    that opened it, cold and from the cache."""
    steps = [f"Open /lookup.html{mode}", "Click 'Find a content type'", "Click 'user'"]
    expects = [Expect("a1", "chosen", Check("visible_text", contains="Chosen: user"))]
    cache = engine.MemoryActionCache()
    for tier in ("grammar", "cache"):
        report = engine.execute(
            request_for(one_case(site_url, steps, expects), tmp_path / tier),
            cache=cache,
        )
        assert report.status == "passed", report.cases[0].reason
        assert report.cases[0].steps[2].tier == tier


def test_a_button_clicked_on_the_browsers_confirm_answers_it(
    site_url: str, tmp_path: Path
) -> None:
    # Before: a control called "OK on the confirm dialog" (none: broken; the confirm dismissed).
    accepted = [
        "Open /zoo/dialogs.html?m=plain",
        "Click 'Delete all'",
        "Click OK on the confirm dialog",
        "I should see 'All deleted'",
    ]
    assert_passes_and_exports(site_url, accepted, tmp_path / "ok")
    dismissed = [
        "Open /zoo/dialogs.html?m=plain",
        "Click 'Delete all'",
        "Press Cancel in the confirm box",
        "I should see 'Kept them all'",
    ]
    assert_passes_and_exports(site_url, dismissed, tmp_path / "cancel")
