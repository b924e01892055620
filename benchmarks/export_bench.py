"""Benchmark the Playwright export: compile a generated 50-case suite to a `.spec.ts`. Prints JSON.

    .venv/bin/python benchmarks/export_bench.py                # 50 cases, median of 7 compiles
    .venv/bin/python benchmarks/export_bench.py --cases 200 --runs 9

Two variants, interleaved so machine noise hits both alike: every step compiled from the grammar
(an empty action cache), and every step compiled from a warm action cache (entries built with
engine.cache classes, looked up through engine.lookup_from). The suite mixes the phrasings
of the example suites, every check kind, captures, secrets and one step no rule understands.
Nothing touches the database: compiling is pure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

STEPS = (
    "Open /signup",
    "Enter ${full_name} into 'Full name'",
    "Enter ${email} and ${password}",
    "Tick 'I accept the terms'",
    "Click 'Create account'",
    "Go to /products",
    "Wait for 'Trail Boots'",
    "Click 'Add to cart' next to 'Trail Boots'",
    "Select 'Express ($9.99)' from 'Shipping'",
    "Type 'backpack' into 'Search products'",
    "Press Enter",
    "Hover over 'Help'",
    "Scroll to 'Subscribe to our newsletter'",
    "Remove 'Wool Scarf' from the cart",
    "Verify 'Thanks for subscribing!' is shown",
    "Do the little dance nobody can parse",
)
EXPECTS = (
    '{ assert: greeted, check: { kind: visible_text, contains: "Welcome, ${full_name}" } }',
    "{ assert: on account, check: { kind: url, path_is: /account } }",
    '{ assert: order id, check: { kind: url, contains: "order=ORD-" } }',
    "{ assert: heading, check: { kind: visible_text, selector_hint: h1, equals: Order confirmed } }",
    '{ assert: gone, check: { kind: absent_text, any_of: ["Loading products", "Error"] } }',
    "{ assert: help, check: { kind: element_visible, selector_hint: the Contact support link } }",
    "\"'Account created' is shown\"",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--steps", type=int, default=8, help="steps per case")
    parser.add_argument(
        "--runs", type=int, default=7, help="timed compiles (median reported)"
    )
    return parser.parse_args()


def setup_django() -> None:
    # suites.schema (which parses the YAML) needs Django configured; a throwaway data dir
    # keeps ./data untouched (no database is opened).
    os.environ["TRIPWIRE_DATA_DIR"] = tempfile.mkdtemp(prefix="tripwire-export-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def suite_yaml(cases: int, steps: int) -> str:
    lines = [
        "suite: Export benchmark",
        "id: export-bench",
        "base_url: http://127.0.0.1:8500",
        "fixtures:",
        "  full_name: { gen: name }",
        "  email: { gen: unique_email }",
        "  password: { gen: password }",
        "cases:",
    ]
    for index in range(cases):
        lines += [f"  - id: case-{index}", f"    title: Generated case {index}"]
        if index:
            lines.append(f"    depends_on: case-{index - 1}")
        lines.append("    steps:")
        for offset in range(steps):
            text = STEPS[(index * steps + offset) % len(STEPS)]
            secret = offset == 2
            quoted = json.dumps(text)
            lines.append(
                f"      - {{ do: {quoted}, secret: true }}"
                if secret
                else f"      - {quoted}"
            )
        lines.append("    expect:")
        for offset in range(4):
            lines.append(f"      - {EXPECTS[(index + offset) % len(EXPECTS)]}")
        lines += [
            "    capture:",
            f'      - {{ name: order_{index}, from: the order, pattern: "Order number: (ORD-\\\\d{{6}})" }}',
        ]
    return "\n".join(lines) + "\n"


def warm_entries(suite: Any) -> list[tuple[str, str, str, Any]]:
    from engine import CachedAction, Locator, RecordedAction

    entries = []
    for case in suite.cases:
        for step in case.steps:
            action = RecordedAction(
                "click",
                locators=(
                    Locator("role", f"Button {step.id}", role="button"),
                    Locator("css", f"#{case.id}-{step.id}"),
                ),
            )
            entries.append((case.id, step.id, step.do, CachedAction(actions=(action,))))
    return entries


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(samples), 2),
        "min": round(min(samples), 2),
        "max": round(max(samples), 2),
    }


def main() -> None:
    args = parse_args()
    setup_django()
    from engine import compile_suite, lookup_from
    from suites.schema import parse_suite

    text = suite_yaml(args.cases, args.steps)
    parse_ms = timed(lambda: parse_suite(text, file="export-bench.tripwire.yaml"))
    suite = parse_suite(text, file="export-bench.tripwire.yaml").suite
    entries = warm_entries(suite)
    compile_suite(suite)  # warm imports and regex caches once, untimed

    grammar_ms: list[float] = []
    cached_ms: list[float] = []
    spec = compile_suite(suite)
    cached_spec = compile_suite(suite, cache=lookup_from(entries))
    for _ in range(args.runs):
        grammar_ms.append(timed(lambda: compile_suite(suite)))
        cached_ms.append(
            timed(lambda: compile_suite(suite, cache=lookup_from(entries)))
        )
    steps = sum(len(c.steps) for c in suite.cases)
    result = {
        "benchmark": "export",
        "cases": len(suite.cases),
        "steps": steps,
        "expects": sum(len(c.expects) for c in suite.cases),
        "runs": args.runs,
        "parse_suite_ms": round(parse_ms, 2),
        "compile_grammar_ms": summary(grammar_ms),
        "compile_cached_ms": summary(cached_ms),
        "per_case_ms": round(statistics.median(grammar_ms) / len(suite.cases), 3),
        "spec_lines": spec.text.count("\n"),
        "spec_bytes": len(spec.text.encode("utf-8")),
        "todo_steps": len(spec.todo),
        "cached_steps": len(cached_spec.cached_steps),
        "python": platform.python_version(),
    }
    sys.stdout.write(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
