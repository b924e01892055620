"""`tripwire test-url`: ad-hoc instructions turned into a one-case suite, run like any other."""

from __future__ import annotations

from typing import Any

import yaml

from core.exceptions import ValidationFailed
from engine import adhoc_suite as engine_adhoc_suite
from runs.models import Run


def adhoc_suite(*, url: str, instructions: str) -> tuple[str, str]:
    """(file name, YAML text) of the engine's one-case ad-hoc suite, so a Run can keep it."""
    try:
        suite = engine_adhoc_suite(url, instructions, name=f"Ad-hoc test of {url}")
    except ValueError as exc:
        raise ValidationFailed(
            str(exc), errors=[{"path": "url", "message": str(exc)}]
        ) from None
    case = suite.cases[0]
    document: dict[str, Any] = {
        "suite": suite.name,
        "id": suite.id,
        "base_url": suite.base_url,
        "cases": [
            {
                "id": case.id,
                "title": case.title,
                "steps": [step.do for step in case.steps],
                **(
                    {"expect": [e.assertion for e in case.expects]}
                    if case.expects
                    else {}
                ),
            }
        ],
    }
    return "adhoc.tripwire.yaml", yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True
    )


def final_page(run: Run) -> tuple[str, str] | None:
    """The page the run ended on: its URL and (masked) visible text, when the report has them."""
    final = (run.report or {}).get("final_page") or {}
    if not final.get("url"):
        return None
    return str(final["url"]), str(final.get("text") or "")
