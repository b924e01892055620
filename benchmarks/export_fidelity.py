"""Export fidelity: does an exported spec pass wherever the Tripwire run passes? Prints JSON.

    .venv/bin/python benchmarks/export_fidelity.py [--markdown]

For every example suite (on the demo shop) and every widget-zoo suite, plus the invoices page of
the export tests (nameless controls): run it in Tripwire with no model and an empty action cache,
export it twice (cold: every step compiled from the grammar; cached: from what that run recorded)
and run both under @playwright/test against the same app. Where the app has a redesigned variant
(the demo shop, the invoices page), Tripwire runs again there with an empty cache, and the cold
export runs there too. Each case's exported verdict is compared with Tripwire's.

Targets (the export-fidelity issue): 100% agreement on the original apps for both exports; on a
redesign, the cold export agrees wherever Tripwire's grammar tier passes.

`tripwire-web` is left out: it drives a running Tripwire server, not an app served here.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.grounding_bench import SITE, run_suite, serve_site, zoo_suites
from benchmarks.playwright_runner import run_spec, runner_problem
from demo.server import start_demo
from engine import MemoryActionCache, RunReport, compile_suite, lookup_from
from engine.spec import SuiteSpec
from suites.schema import parse_suite

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("shop-checkout", "signup-login", "storefront-widgets")
INVOICES = """\
suite: Invoices
id: invoices
base_url: http://placeholder.invalid/
cases:
  - id: pick
    title: Invoice 7 is picked by its row
    steps:
      - Open invoices.html
      - Check 'Invoice 7'
      - Enter 'Pay by card' into 'Note'
    expect:
      - assert: picked
        check: { kind: visible_text, selector_hint: "#picked", equals: "Picked: Invoice 7" }
"""


@dataclasses.dataclass(frozen=True)
class App:
    """Somewhere to run suites: its suites and how to serve its original (and redesign)."""

    name: str
    suites: Callable[[str], list[SuiteSpec]]
    original: Callable[[], Any]
    redesign: Callable[[], Any] | None = None


def _examples(base_url: str) -> list[SuiteSpec]:
    found = []
    for name in EXAMPLES:
        path = ROOT / "examples" / "suites" / f"{name}.tripwire.yaml"
        suite = parse_suite(path.read_text(encoding="utf-8"), file=path.name).suite
        found.append(dataclasses.replace(suite, base_url=base_url))
    return found


@contextmanager
def _demo(variant: str) -> Iterator[str]:
    with start_demo(variant=variant, port=0, stream=io.StringIO()) as shop:
        yield shop.url


@contextmanager
def _site(folder: str) -> Iterator[str]:
    with serve_site() as url:
        yield f"{url}/{folder}"


def invoices_suites(base_url: str) -> list[SuiteSpec]:
    suite = parse_suite(INVOICES, file="invoices.tripwire.yaml").suite
    return [dataclasses.replace(suite, base_url=base_url)]


APPS = (
    App("demo shop", _examples, lambda: _demo("original"), lambda: _demo("redesigned")),
    App(
        "invoices (nameless controls)",
        invoices_suites,
        lambda: _site("fidelity/original/"),
        lambda: _site("fidelity/redesign/"),
    ),
    App("widget zoo", zoo_suites, lambda: _site("")),
)


def _verdicts(report: RunReport) -> dict[str, str]:
    return {case.title: case.status for case in report.cases}


def _agree(tripwire: str, exported: str | None) -> bool:
    """Both pass, or both do not (a fixme, skipped, is not a pass)."""
    return (tripwire == "passed") == (exported == "passed")


def measure_app(app: App, workdir: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    exports: dict[str, tuple[Any, Any]] = {}
    with app.original() as url:
        for suite in app.suites(url):
            cache = MemoryActionCache()
            report = run_suite(suite, workdir / "runs", cache, tag="original")
            lookup = lookup_from(
                (key.case_id, key.step_id, key.step_text, action)
                for key, action in cache.entries()
            )
            cold, cached = compile_suite(suite), compile_suite(suite, cache=lookup)
            exports[suite.id] = (suite, cold)
            cold_run = run_spec(cold, url, workdir / f"{suite.id}-cold")
            cached_run = run_spec(cached, url, workdir / f"{suite.id}-cached")
            for title, verdict in _verdicts(report).items():
                rows.append(
                    {
                        "app": app.name,
                        "variant": "original",
                        "suite": suite.id,
                        "case": title,
                        "tripwire": verdict,
                        "cold": cold_run.statuses.get(title),
                        "cached": cached_run.statuses.get(title),
                    }
                )
    if app.redesign is None:
        return rows
    with app.redesign() as url:
        for suite in app.suites(url):
            report = run_suite(
                suite, workdir / "runs", MemoryActionCache(), tag="redesign"
            )
            _, cold = exports[suite.id]
            cold_run = run_spec(cold, url, workdir / f"{suite.id}-cold-redesign")
            for title, verdict in _verdicts(report).items():
                rows.append(
                    {
                        "app": app.name,
                        "variant": "redesign",
                        "suite": suite.id,
                        "case": title,
                        "tripwire": verdict,
                        "cold": cold_run.statuses.get(title),
                        "cached": None,
                    }
                )
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def share(variant: str, kind: str) -> dict[str, Any]:
        measured = [r for r in rows if r["variant"] == variant and r[kind] is not None]
        if variant == "redesign":
            # The promise on a redesign: where the grammar tier passes, so does the export.
            measured = [r for r in measured if r["tripwire"] == "passed"]
        agreeing = [r for r in measured if _agree(r["tripwire"], r[kind])]
        return {
            "cases": len(measured),
            "agree": len(agreeing),
            "share": round(len(agreeing) / len(measured), 3) if measured else None,
            "disagreeing": [
                f"{r['app']}: {r['suite']}/{r['case']} (tripwire {r['tripwire']}, "
                f"export {r[kind]})"
                for r in measured
                if not _agree(r["tripwire"], r[kind])
            ],
        }

    summary: dict[str, Any] = {
        "original_cold": share("original", "cold"),
        "original_cached": share("original", "cached"),
        "redesign_cold": share("redesign", "cold"),
    }
    summary["meets_targets"] = all(
        part["share"] == 1.0 for part in summary.values() if isinstance(part, dict)
    )
    return summary


def markdown(rows: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    lines = [
        "| App | Variant | Suite | Case | Tripwire | Cold export | Cached export |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        marks = []
        for kind in ("cold", "cached"):
            value = r[kind]
            if value is None:
                marks.append("—")
            else:
                ok = _agree(r["tripwire"], value)
                marks.append(f"{value}{'' if ok else ' ✗'}")
        lines.append(
            f"| {r['app']} | {r['variant']} | {r['suite']} | {r['case']} | "
            f"{r['tripwire']} | {marks[0]} | {marks[1]} |"
        )
    lines.append("")
    for key in ("original_cold", "original_cached", "redesign_cold"):
        part = summary[key]
        lines.append(f"- {key}: {part['agree']}/{part['cases']} agree")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--markdown", action="store_true", help="Also print a table")
    parser.add_argument(
        "--app", action="append", help="Only apps whose name starts with this"
    )
    args = parser.parse_args()
    problem = runner_problem()
    if problem:
        sys.exit(f"export_fidelity: {problem}")
    assert SITE.is_dir()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="tw-fidelity-") as tmp:
        for app in APPS:
            if args.app and not any(app.name.startswith(a) for a in args.app):
                continue
            rows += measure_app(app, Path(tmp) / app.name.split()[0])
    summary = summarise(rows)
    print(json.dumps({"summary": summary, "cases": rows}, indent=2))
    if args.markdown:
        print(markdown(rows, summary))


if __name__ == "__main__":
    main()
