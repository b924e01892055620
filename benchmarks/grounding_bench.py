"""Grounding on the widget zoo: every pattern and markup, with no model, cold and warm. Prints JSON.

    .venv/bin/python benchmarks/grounding_bench.py [--markdown]

The zoo (tests/e2e/site/zoo/) holds one page per interaction pattern, each in three markups as
real apps write them (plain HTML, an ARIA widget, framework-style div soup), and one suite per
page whose cases assert the effect of what they did. Each suite runs twice against a local
static server: cold (empty action cache: the grammar grounds every step) and warm (the cache
replays). A case counts as done without a model when it passes and no step used the model tier.
Targets (the engine-widgets issue): ≥ 95% of cases done by cache/grammar cold, and 0 model calls
warm.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import MemoryActionCache, RunReport, execute
from engine.spec import RunRequest, SuiteSpec
from suites.schema import parse_suite
from tests.fakes.server import serving

SITE = Path(__file__).resolve().parents[1] / "tests" / "e2e" / "site"
ZOO = SITE / "zoo"
TARGET_SHARE = 0.95


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextmanager
def serve_site() -> Iterator[str]:
    """tests/e2e/site on a free port of 127.0.0.1."""
    with serving(functools.partial(_Quiet, directory=str(SITE))) as url:
        yield url


def zoo_suites(base_url: str) -> list[SuiteSpec]:
    suites = []
    for path in sorted(ZOO.glob("*.tripwire.yaml")):
        parsed = parse_suite(path.read_text(encoding="utf-8"), file=path.name)
        suites.append(dataclasses.replace(parsed.suite, base_url=base_url))
    return suites


def run_suite(
    suite: SuiteSpec, workdir: Path, cache: MemoryActionCache, *, tag: str
) -> RunReport:
    request = RunRequest(
        run_id=f"{suite.id}-{tag}",
        suite=suite,
        artifacts_dir=workdir / f"{suite.id}-{tag}",
        step_timeout_ms=5000,
        assert_timeout_ms=3000,
        screenshots="failures",
        trace=False,
    )
    return execute(request, cache=cache)


def _rows(report: RunReport) -> dict[str, dict[str, Any]]:
    rows = {}
    for case in report.cases:
        tiers = sorted({s.tier for s in case.steps if s.tier})
        rows[case.id] = {
            "status": case.status,
            "tiers": tiers,
            "reason": case.reason,
            "heals": sum(1 for s in case.steps if s.healed),
        }
    return rows


def measure(base_url: str) -> dict[str, Any]:
    table: list[dict[str, Any]] = []
    model_calls_warm = 0
    with tempfile.TemporaryDirectory() as tmp:
        for suite in zoo_suites(base_url):
            cache = MemoryActionCache()
            cold = run_suite(suite, Path(tmp), cache, tag="cold")
            warm = run_suite(suite, Path(tmp), cache, tag="warm")
            model_calls_warm += warm.model_usage.calls
            cold_rows, warm_rows = _rows(cold), _rows(warm)
            for case in suite.cases:
                c, w = cold_rows[case.id], warm_rows[case.id]
                table.append(
                    {
                        "pattern": suite.id.removeprefix("zoo-"),
                        "markup": case.id,
                        "cold": c["status"],
                        "cold_tiers": c["tiers"],
                        "warm": w["status"],
                        "warm_tiers": w["tiers"],
                        "reason": c["reason"] or w["reason"],
                    }
                )
    done = [
        r
        for r in table
        if r["cold"] == "passed"
        and r["warm"] == "passed"
        and "model" not in r["cold_tiers"] + r["warm_tiers"]
    ]
    share = len(done) / len(table) if table else 0.0
    return {
        "cases": len(table),
        "done_without_model": len(done),
        "share_without_model": round(share, 3),
        "warm_model_calls": model_calls_warm,
        "meets_targets": share >= TARGET_SHARE and model_calls_warm == 0,
        "table": table,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| pattern | plain | aria | soup |",
        "|---|---|---|---|",
    ]
    by_pattern: dict[str, dict[str, str]] = {}
    for row in result["table"]:
        mark = "pass" if row["cold"] == row["warm"] == "passed" else "FAIL"
        tiers = "/".join(row["cold_tiers"]) + " → " + "/".join(row["warm_tiers"])
        by_pattern.setdefault(row["pattern"], {})[row["markup"]] = f"{mark} ({tiers})"
    for pattern, cells in by_pattern.items():
        lines.append(
            f"| {pattern} | "
            + " | ".join(cells.get(m, "—") for m in ("plain", "aria", "soup"))
            + " |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="also print the table")
    args = parser.parse_args()
    with serve_site() as base_url:
        result = measure(base_url)
    print(json.dumps(result, indent=2))
    if args.markdown:
        print(markdown(result))
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
