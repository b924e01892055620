"""Run reports in the engine's report.json shape, for filing tests (read back with
`engine.read_run_report`, as the server reads a stored report)."""

from __future__ import annotations

from typing import Any


def passed_case(
    case_id: str = "browse", title: str = "Browse products"
) -> dict[str, Any]:
    return {
        "id": case_id,
        "title": title,
        "tags": [],
        "status": "passed",
        "duration_ms": 800,
        "reason": None,
        "steps": [
            {
                "id": "s1",
                "text": "Open /products",
                "status": "passed",
                "tier": "grammar",
                "healed": False,
                "shot": f"{case_id}/s1.png",
            }
        ],
        "asserts": [
            {
                "id": "a1",
                "text": "'Products' is shown",
                "check": None,
                "verdict": "passed",
                "expected": "Products",
                "observed": "Products",
            }
        ],
        "shots": [],
        "network": [],
        "root_cause": None,
    }


def failed_case(
    case_id: str = "checkout",
    *,
    title: str = "Checkout with a coupon",
    assert_id: str = "a2",
    observed: str = "Something went wrong. Please try again. (order 48213 at 12:04:55)",
    trace_id: str | None = "4bf92f3577b34da6a3ce929d0e0e4736",
    tags: list[str] | None = None,
) -> dict[str, Any]:
    """A case whose expectation `assert_id` failed after a 500 from /api/coupon."""
    network = []
    if trace_id is not None:
        network.append(
            {
                "method": "POST",
                "url": "http://127.0.0.1:8500/api/coupon",
                "status": 500,
                "failure": None,
                "trace_id": trace_id,
            }
        )
    return {
        "id": case_id,
        "title": title,
        "tags": tags or [],
        "status": "failed",
        "duration_ms": 4321,
        "reason": "'Coupon CRASH applied' is not shown",
        "steps": [
            {
                "id": "s1",
                "text": "Open /cart",
                "status": "passed",
                "tier": "grammar",
                "healed": False,
                "shot": f"{case_id}/s1.png",
            },
            {
                "id": "s2",
                "text": "Enter 'CRASH' into 'Coupon code'",
                "status": "passed",
                "tier": "cache",
                "healed": True,
                "shot": f"{case_id}/s2.png",
            },
            {
                "id": "s3",
                "text": "Click 'Apply coupon'",
                "status": "passed",
                "tier": "grammar",
                "healed": False,
                "shot": f"{case_id}/s3.png",
            },
        ],
        "asserts": [
            {
                "id": "a1",
                "text": "'Your cart' is shown",
                "check": {"visible_text": {"contains": "Your cart"}},
                "verdict": "passed",
                "expected": "Your cart",
                "observed": "Your cart",
            },
            {
                "id": assert_id,
                "text": "'Coupon CRASH applied' is shown",
                "check": {"visible_text": {"contains": "Coupon CRASH applied"}},
                "verdict": "failed",
                "expected": "Coupon CRASH applied",
                "observed": observed,
            },
        ],
        "shots": [
            {
                "label": "failure",
                "note": f"expectation {assert_id} failed",
                "path": f"{case_id}/failure.png",
            }
        ],
        "network": network,
        "root_cause": {
            "kind": "assertion_failed",
            "failing_id": assert_id,
            "step_id": None,
            "assert_id": assert_id,
            "check": "visible_text",
            "expected": "Coupon CRASH applied",
            "observed": observed,
            "message": "'Coupon CRASH applied' is not shown",
            "failed_requests": [],
        },
    }


def broken_case(case_id: str = "signup", *, title: str = "Sign up") -> dict[str, Any]:
    """A case whose step s2 could not be carried out (engine-style root cause)."""
    return {
        "id": case_id,
        "title": title,
        "tags": ["p0"],
        "status": "broken",
        "duration_ms": 1200,
        "reason": "no element matches 'Create account'",
        "steps": [
            {
                "id": "s1",
                "text": "Open /signup",
                "status": "passed",
                "tier": "grammar",
                "healed": False,
                "shot": f"{case_id}/s1.png",
            },
            {
                "id": "s2",
                "text": "Click 'Create account'",
                "status": "broken",
                "tier": None,
                "healed": False,
                "shot": f"{case_id}/s2.png",
                "reason": "no element matches 'Create account'",
            },
            {
                "id": "s3",
                "text": "Enter ${email} into 'Email'",
                "status": "skipped",
                "tier": None,
                "healed": False,
                "shot": None,
            },
        ],
        "asserts": [],
        "shots": [],
        "network": [],
        "root_cause": {
            "kind": "step_broken",
            "failing_id": "s2",
            "step_id": "s2",
            "assert_id": None,
            "message": "no element matches 'Create account'",
            "failed_requests": [],
        },
    }


def run_report(
    *cases: dict[str, Any],
    run_id: str = "run0001",
    suite_id: str = "shop",
    finished_at: str | None = None,
) -> dict[str, Any]:
    counts = {
        name: sum(1 for c in cases if c["status"] == name)
        for name in ("passed", "failed", "broken", "skipped")
    }
    worst = next((s for s in ("broken", "failed", "passed") if counts[s]), "skipped")
    return {
        "run_id": run_id,
        "suite_id": suite_id,
        "suite_name": "Demo shop",
        "suite_file": f"{suite_id}.tripwire.yaml",
        "finished_at": finished_at or "",
        "status": worst,
        "counts": counts,
        "cases": list(cases),
    }
