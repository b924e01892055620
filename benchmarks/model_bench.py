"""Model calls and tokens per run, with the scripted fake model (real `openai` client, real
sockets, real Chromium, the demo shop). Prints JSON.

    .venv/bin/python benchmarks/model_bench.py [--runs 3]

Per round: a cold run (empty action cache), a warm run (same cache, unchanged shop) and a run
against the redesigned shop with a cache warmed on the original. The fake answers like a capable
model that needs one call per step (it acts on the page sent in the first message, then says
done in the same answer). Targets: warm runs make no step calls; on the redesign a step reaches
the model only when its cached locators broke and the grammar cannot re-resolve it, with at
most one call. Check-less assertions and `from` captures are judged on every run by design (a
verdict is about this run's page), so they are reported apart.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.server import start_demo
from engine import CollectingReporter, MemoryActionCache, RunReport, execute
from engine.spec import RunRequest
from suites.schema import parse_suite
from tests.fakes.llm import FakeLlm, LlmReply, ToolCall
from tests.model.helpers import (
    cheapest_add_button,
    latest_page,
    price_of,
    refs,
    step_of,
    text_of,
)
from tests.model.helpers import config_for as fake_config

FLOW = Path(__file__).with_name("model_flow.tripwire.yaml")


def _act(step: str, page: str) -> list[ToolCall]:
    if step.startswith("Sign up"):
        email, password = re.findall(r"\$\{[^}]+\}", step)
        return [
            ToolCall("set_field", {"ref": _field(page, "Email"), "value": email}),
            ToolCall("set_field", {"ref": _field(page, "Password"), "value": password}),
            ToolCall("click_element", {"ref": _checkbox(page)}),
            ToolCall("click_element", {"ref": _button(page, "Create")}),
        ]
    if "costs least" in step:
        return [ToolCall("click_element", {"ref": cheapest_add_button(page)})]
    if "priciest" in step:
        rows = [r for r in refs(page) if r.name == "Add to cart" and "$" in r.row]
        return [
            ToolCall(
                "click_element", {"ref": max(rows, key=lambda r: price_of(r.row)).ref}
            )
        ]
    if "basket" in step:
        cart = next(
            r for r in refs(page) if r.role == "link" and r.name.startswith("Cart")
        )
        return [ToolCall("click_element", {"ref": cart.ref})]
    raise AssertionError(f"the benchmark's fake model has no plan for {step!r}")


def _field(page: str, word: str) -> int:
    return next(
        r.ref
        for r in refs(page)
        if r.role in ("textbox", "password") and word in r.name
    )


def _checkbox(page: str) -> int:
    return next(r.ref for r in refs(page) if r.role == "checkbox")


def _button(page: str, word: str) -> int:
    return next(r.ref for r in refs(page) if r.role == "button" and word in r.name)


def capable_model(body: dict[str, Any]) -> LlmReply:
    system = text_of(body["messages"][0])
    question = text_of(body["messages"][1])
    if system.startswith("You check one assertion"):
        holds = "Tote Bag" in question and "Leather Backpack" in question
        verdict = {
            "verdict": "pass" if holds else "fail",
            "reason": "both rows are listed",
        }
        return LlmReply(content=json.dumps(verdict))
    if system.startswith("You read one value"):
        match = re.search(r"Total: (\$[\d.]+)", question)
        return LlmReply(
            content=json.dumps({"value": match.group(1) if match else None})
        )
    step = step_of(body) or ""
    calls = _act(step, latest_page(body))
    return LlmReply(tool_calls=[*calls, ToolCall("done", {"summary": "done"})])


def run_once(
    fake: FakeLlm, variant: str, cache: MemoryActionCache, artifacts: Path
) -> dict[str, Any]:
    fake.forget()
    reporter = CollectingReporter()
    with start_demo(variant=variant, port=0, stream=io.StringIO()) as shop:
        suite = dataclasses.replace(
            parse_suite(FLOW.read_text(), file=FLOW.name).suite, base_url=shop.url
        )
        started = time.perf_counter()
        report: RunReport = execute(
            RunRequest(
                run_id=uuid.uuid4().hex[:12],
                suite=suite,
                artifacts_dir=artifacts / uuid.uuid4().hex,
                model=fake_config(fake),
                trace=False,
                screenshots="failures",
            ),
            reporter=reporter,
            cache=cache,
        )
        seconds = time.perf_counter() - started
    if report.status != "passed":
        raise RuntimeError(
            f"{variant}: {report.status} {[(c.id, c.reason) for c in report.cases]}"
        )
    per_step: Counter[str] = Counter()
    tiers: dict[str, str] = {}
    for event in reporter.of_type("action"):
        key = f"{event.case_id}/{event.step_id}"
        per_step[key] = event.data["model"]["calls"]
        tiers[key] = str(event.data.get("tier"))
    judged = sum(
        int(e.data.get("model", {}).get("calls", 0))
        for e in reporter.events
        if e.type in ("assert", "capture")
    )
    requests_by_step = Counter(
        step_of(body) or "(assertion or capture)" for body in fake.calls
    )
    return {
        "seconds": round(seconds, 2),
        "calls": report.model_usage.calls,
        "step_calls": sum(per_step.values()),
        "assert_and_capture_calls": judged,
        "prompt_tokens": report.model_usage.prompt_tokens,
        "completion_tokens": report.model_usage.completion_tokens,
        "heals": report.heals,
        "steps_that_called_the_model": {
            key: {"calls": calls, "tier": tiers[key]}
            for key, calls in per_step.items()
            if calls
        },
        "requests_by_step": dict(requests_by_step),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rounds: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": [], "redesign": []}
    with FakeLlm() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.respond_with(capable_model)
        artifacts = Path(tmp)
        for _ in range(args.runs):
            cache = MemoryActionCache()
            rounds["cold"].append(run_once(fake, "original", cache, artifacts))
            rounds["warm"].append(run_once(fake, "original", cache, artifacts))
            rounds["redesign"].append(run_once(fake, "redesigned", cache, artifacts))
    warm_ok = all(r["step_calls"] == 0 for r in rounds["warm"])
    redesign_ok = all(
        all(
            s["calls"] <= 1 and s["tier"] == "model"
            for s in r["steps_that_called_the_model"].values()
        )
        for r in rounds["redesign"]
    )
    result = {
        "benchmark": "model",
        "runs": args.runs,
        "flow": FLOW.name,
        "median": {
            name: {
                key: statistics.median(r[key] for r in runs)
                for key in (
                    "seconds",
                    "calls",
                    "step_calls",
                    "assert_and_capture_calls",
                    "prompt_tokens",
                    "completion_tokens",
                    "heals",
                )
            }
            for name, runs in rounds.items()
        },
        "last_round": {name: runs[-1] for name, runs in rounds.items()},
        "targets": {
            "warm_step_calls": 0,
            "redesign_calls_per_step_the_grammar_cannot_resolve": 1,
        },
        "meets_targets": {"warm": warm_ok, "redesign": redesign_ok},
        "note": "assert_and_capture_calls are made on every run by design: a check-less "
        "assertion or a `from` capture is about this run's page, so it is never cached",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
