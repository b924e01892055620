"""Report shapes, JUnit validity, HTML escaping, the console lines and ad-hoc splitting."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engine.adhoc import adhoc_suite, split_instructions
from engine.console import ConsoleReporter
from engine.events import Event
from engine.hints import looks_like_css, rank_candidates
from engine.report import (
    AssertReport,
    CaptureReport,
    CaseReport,
    NetworkEntry,
    RootCause,
    RunReport,
    Shot,
    StepReport,
    run_status,
)
from engine.watch import trace_id_from
from engine.writers import junit_xml, write_reports

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def sample_report(tmp_path: Path) -> RunReport:
    passed = CaseReport(
        id="signup",
        title="Sign <up> & go",
        status="passed",
        tags=("auth",),
        duration_ms=1234,
        steps=(
            StepReport(
                "s1", "Open /signup", "passed", tier="grammar", shot="signup/001-s1.png"
            ),
        ),
        shots=(Shot("s1", "Open /signup", "signup/001-s1.png"),),
        captures=(CaptureReport("customer_no", "C-12345"),),
    )
    failed = CaseReport(
        id="cart",
        title="Cart",
        status="failed",
        duration_ms=500,
        reason="assertion a1 failed",
        steps=(StepReport("s1", "Open /cart", "passed", tier="cache", healed=True),),
        asserts=(
            AssertReport(
                "a1",
                "<script>alert(1)</script>",
                {"kind": "absent_text", "any_of": ["Your cart is empty"]},
                "failed",
                "none of 'Your cart is empty'",
                "shown: 'Your cart is empty'",
            ),
        ),
        network=(NetworkEntry("POST", "http://x/api/coupon", 500, None, TRACE),),
        root_cause=RootCause("assertion_failed", assert_id="a1", check="absent_text"),
    )
    broken = CaseReport(
        id="pay", title="Pay", status="broken", reason="step s1: nothing matches"
    )
    skipped = CaseReport(
        id="later", title="Later", status="skipped", reason="depends on pay (broken)"
    )
    return RunReport(
        run_id="r1",
        suite_id="shop",
        suite_name="Shop \u2022 checkout",
        suite_file="shop.tripwire.yaml",
        started_at="2026-11-28T10:00:00.000Z",
        finished_at="2026-11-28T10:00:02.000Z",
        duration_ms=2000,
        status=run_status(["passed", "failed", "broken", "skipped"]),
        cases=(passed, failed, broken, skipped),
        artifacts_dir=tmp_path / "artifacts",
    )


def test_run_status_is_the_worst_case_status() -> None:
    assert run_status(["passed", "failed"]) == "failed"
    assert run_status(["passed", "broken", "failed"]) == "broken"
    assert run_status(["skipped", "passed"]) == "passed"
    assert run_status(["skipped", "skipped"]) == "skipped"
    assert run_status([]) == "skipped"
    assert run_status(["passed"], cancelled=True) == "cancelled"


def test_report_dict_has_the_documented_shape(tmp_path: Path) -> None:
    data = sample_report(tmp_path).to_dict()
    assert data["status"] == "broken"
    assert data["counts"] == {"passed": 1, "failed": 1, "broken": 1, "skipped": 1}
    assert data["model_usage"] == {
        "calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
    }
    assert data["heals"] == 1
    case = data["cases"][1]
    assert set(case) >= {
        "id",
        "title",
        "tags",
        "status",
        "duration_ms",
        "reason",
        "steps",
        "asserts",
        "captures",
        "shots",
        "network",
        "root_cause",
        "trace",
        "issue_id",
    }
    assert case["network"][0]["trace_id"] == TRACE
    assert case["root_cause"]["failing_id"] == "a1"
    assert case["root_cause"]["failed_requests"] == []
    json.dumps(data)


def test_junit_is_valid_xml_with_the_right_counts(tmp_path: Path) -> None:
    root = ET.fromstring(junit_xml(sample_report(tmp_path)))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "4"
    assert suite.get("failures") == "1"
    assert suite.get("errors") == "1"
    assert suite.get("skipped") == "1"
    cases = suite.findall("testcase")
    assert [c.get("classname") for c in cases] == ["shop"] * 4
    assert cases[0].get("time") == "1.234"
    assert cases[1].find("failure") is not None
    assert cases[2].find("error") is not None
    assert cases[3].find("skipped") is not None
    assert cases[0].find("failure") is None and cases[0].find("error") is None


def test_junit_strips_characters_xml_cannot_carry(tmp_path: Path) -> None:
    report = sample_report(tmp_path)
    bad = CaseReport(
        id="x", title="bell\x07 and null\x00", status="broken", reason="esc \x1b[31m"
    )
    report = RunReport(**{**report.__dict__, "cases": (bad,)})
    root = ET.fromstring(junit_xml(report))
    assert root.find("testsuite/testcase").get("name") == "x: bell and null"  # type: ignore[union-attr]


def test_html_report_escapes_text_and_links_screenshots_relatively(
    tmp_path: Path,
) -> None:
    report = sample_report(tmp_path)
    out = tmp_path / "out"
    paths = write_reports(report, out)
    html = paths["html"].read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Sign &lt;up&gt; &amp; go" in html
    assert 'src="../artifacts/signup/001-s1.png"' in html
    assert "http://" not in html.replace("http://x/api/coupon", "")
    assert json.loads(paths["json"].read_text())["run_id"] == "r1"
    ET.parse(paths["junit"])


def test_console_prints_one_line_per_step_assert_and_case() -> None:
    stream = io.StringIO()
    console = ConsoleReporter(stream)
    events = [
        Event(1, "t", "case_start", "signup", None, {"title": "Sign up"}),
        Event(
            2,
            "t",
            "step_start",
            "signup",
            "s2",
            {"text": "Enter ${email} into 'Email'"},
        ),
        Event(
            3,
            "t",
            "action",
            "signup",
            "s2",
            {
                "status": "passed",
                "tier": "grammar",
                "text": "Enter ${email} into 'Email'",
            },
        ),
        Event(
            4,
            "t",
            "assert",
            "signup",
            "a1",
            {
                "verdict": "failed",
                "text": "greets",
                "expected": "contains 'Hi'",
                "observed": "Bye",
            },
        ),
        Event(
            5,
            "t",
            "case_end",
            "signup",
            None,
            {"status": "failed", "duration_ms": 1500},
        ),
        Event(
            6,
            "t",
            "done",
            None,
            None,
            {"status": "failed", "counts": {"failed": 1}, "duration_ms": 1600},
        ),
    ]
    for event in events:
        console.emit(event)
    lines = stream.getvalue().splitlines()
    assert lines[1] == "  \u2713 signup/s2 [grammar] Enter ${email} into 'Email'"
    assert lines[2].startswith(
        "  \u2717 signup/a1 greets \u2014 expected contains 'Hi', observed Bye"
    )
    assert lines[3] == "\u2717 signup failed (1.50 s)"
    assert lines[4].startswith("failed: passed=0 failed=1 broken=0 skipped=0")
    assert len(lines) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Click 'Sign in'\nEnter x into 'Email'",
            ["Click 'Sign in'", "Enter x into 'Email'"],
        ),
        ("Open /login; click 'Sign in'", ["Open /login", "click 'Sign in'"]),
        (
            "Open /login then click 'Sign in' and then wait 1 s",
            ["Open /login", "click 'Sign in'", "wait 1 s"],
        ),
        ("Click 'Then what'; Press Enter", ["Click 'Then what'", "Press Enter"]),
        ("  \n ; ", []),
    ],
)
def test_split_instructions(text: str, expected: list[str]) -> None:
    assert split_instructions(text) == expected


def test_adhoc_suite_opens_the_url_and_turns_checks_into_asserts() -> None:
    suite = adhoc_suite(
        "http://127.0.0.1:8500/login",
        "Enter 'a@b.c' into 'Email'; verify 'Welcome' is shown",
    )
    assert suite.base_url == "http://127.0.0.1:8500"
    case = suite.cases[0]
    assert [s.do for s in case.steps] == [
        "Open http://127.0.0.1:8500/login",
        "Enter 'a@b.c' into 'Email'",
    ]
    assert [e.assertion for e in case.expects] == ["verify 'Welcome' is shown"]
    with pytest.raises(ValueError, match="http"):
        adhoc_suite("ftp://x", "Click 'A'")


def test_traceparent_parsing() -> None:
    assert trace_id_from({"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01"}) == TRACE
    assert trace_id_from({"traceparent": "garbage"}) is None
    assert trace_id_from({"traceparent": f"00-{'0' * 32}-00f067aa0ba902b7-01"}) is None
    assert trace_id_from({}) is None


def test_css_hints_are_told_apart_from_descriptions() -> None:
    assert looks_like_css("h1")
    assert looks_like_css("[data-testid=cart-count]")
    assert looks_like_css("main h1")
    assert not looks_like_css("the cart count")


def test_description_hint_finds_a_renamed_test_id() -> None:
    candidates = [
        {
            "css": "#qty",
            "tag": "input",
            "id": "quantity",
            "name": "quantity",
            "visible": True,
        },
        {
            "css": "header > a > span",
            "tag": "span",
            "test_id": "header-basket-qty",
            "context": "Cart 0",
            "visible": True,
        },
        {"css": "h1", "tag": "h1", "text": "Trail Boots", "visible": True},
    ]
    assert rank_candidates("the cart count", candidates).css == "header > a > span"
    assert rank_candidates("the order number", candidates).css is None


def test_description_hint_prefers_the_element_over_its_surroundings() -> None:
    candidates = [
        {
            "css": "nav",
            "tag": "nav",
            "aria_label": "Main",
            "context": "Help Contact support",
            "visible": True,
        },
        {
            "css": "nav > div > a:nth-of-type(1)",
            "tag": "a",
            "text": "Contact support",
            "visible": False,
        },
    ]
    assert (
        rank_candidates("the Contact support link", candidates).css
        == "nav > div > a:nth-of-type(1)"
    )


def test_description_hint_keeps_the_innermost_of_nested_matches() -> None:
    candidates = [
        {
            "css": "main > p",
            "tag": "p",
            "text": "Customer number: C-12345",
            "visible": True,
        },
        {
            "css": "main > p > span",
            "tag": "span",
            "test_id": "profile-customer-id",
            "text": "C-12345",
            "visible": True,
        },
    ]
    assert rank_candidates("the customer number", candidates).css == "main > p > span"
