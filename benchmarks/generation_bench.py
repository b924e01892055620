"""Generation without a model: which of an app's behaviours do the generated cases exercise?

    .venv/bin/python benchmarks/generation_bench.py [--markdown]

For each start URL (the demo shop's home page, and its list editor at /lists), generate a suite
offline the way `POST /generate {"kind": "url"}` does with the default settings (crawl, explore,
verify), then run the saved suite once more and check every checklist item: an item counts when
some generated case both performs the behaviour (a step) and asserts its outcome (a check).

Targets (the exploring-generation issue): >= 80 % of each checklist, 100 % of saved cases green
on the re-run, under 2 minutes per app on this machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Case = dict[str, Any]
Check = Callable[[list[Case]], bool]


def _steps(case: Case) -> list[str]:
    return [s["do"] if isinstance(s, dict) else str(s) for s in case.get("steps", [])]


def _checks(case: Case) -> list[dict[str, Any]]:
    return [e.get("check") or {} for e in case.get("expect", [])]


def _some(step: str, check: Callable[[dict[str, Any]], bool]) -> Check:
    """Some case has a step containing `step` and a check for which `check` holds."""

    def found(cases: list[Case]) -> bool:
        return any(
            any(step.lower() in s.lower() for s in _steps(c))
            and any(check(k) for k in _checks(c))
            for c in cases
        )

    return found


def _shows(words: str) -> Callable[[dict[str, Any]], bool]:
    return lambda k: (
        k.get("kind") == "visible_text"
        and words.lower() in str(k.get("contains", "")).lower()
    )


def _gone(words: str) -> Callable[[dict[str, Any]], bool]:
    return lambda k: (
        k.get("kind") == "absent_text"
        and any(words.lower() in str(w).lower() for w in k.get("any_of", []))
    )


def _at(path: str) -> Callable[[dict[str, Any]], bool]:
    return lambda k: (
        k.get("kind") == "url"
        and (k.get("path_is") == path or path in str(k.get("contains", "")))
    )


def _any(*checks: Callable[[dict[str, Any]], bool]) -> Callable[[dict[str, Any]], bool]:
    return lambda k: any(c(k) for c in checks)


SHOP: dict[str, Check] = {
    "sign up": _some(
        "Click 'Create account'", _any(_at("/account"), _shows("created"))
    ),
    "sign in": _some("Click 'Sign in'", _at("/account")),
    "wrong password": _some("Wrong-passw0rd", _shows("Invalid email or password")),
    "browse products": _some("Open /products", _shows("Products")),
    "search": _some("Search products", _any(_shows("Results for"), _at("q="))),
    "add to cart": _some("Click 'Add to cart'", _shows("Added")),
    "cart total": _some("Open /cart", _shows("Total")),
    "coupon error": _some("Apply coupon", _shows("not valid")),
    "checkout": _some("Open /checkout", _at("/checkout")),
    "order confirmation": _some("Place order", _any(_at("/orders/"), _shows("Order"))),
}
LISTS: dict[str, Check] = {
    "add": _some("into 'What needs doing?'", _shows("${item")),
    "tick": _some("Check '${item", _shows("items left")),
    "filter": _some("Click 'Active'", _any(_at("#/active"), _gone("${item"))),
    "clear": _some("Click 'Clear completed'", _gone("${")),
    "delete": _some("Click 'Delete' in the row of", _gone("${item")),
    "edit": _some("Double-click '${", _shows("${edited")),
}


def _setup_django(data_dir: Path) -> None:
    os.environ["TRIPWIRE_DATA_DIR"] = str(data_dir)
    os.environ.pop("TRIPWIRE_DATABASE_URL", None)
    os.environ.pop("TRIPWIRE_LLM_BASE_URL", None)
    os.environ.pop("TRIPWIRE_LLM_API_KEY", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _measure(url: str, checklist: dict[str, Check], artifacts: Path) -> dict[str, Any]:
    from engine import execute
    from engine.spec import RunRequest
    from generation.services import suite_generate
    from suites.schema import parse_suite

    started = time.perf_counter()
    generated = suite_generate(kind="url", url=url)
    seconds = time.perf_counter() - started
    cases: list[Case] = yaml.safe_load(generated.yaml)["cases"]
    covered = {name: check(cases) for name, check in checklist.items()}
    report = execute(
        RunRequest(
            run_id="generation-bench",
            suite=parse_suite(generated.yaml).suite,
            artifacts_dir=artifacts,
            trace=False,
            screenshots="failures",
        )
    )
    passed = sum(1 for c in report.cases if c.status == "passed")
    return {
        "url": url,
        "seconds": round(seconds, 1),
        "cases": len(cases),
        "explored_cases": sum(1 for c in cases if "explored" in c.get("tags", [])),
        "dropped": [d["id"] for d in generated.dropped],
        "rerun_passed": passed,
        "rerun_total": len(report.cases),
        "checklist": covered,
        "coverage": round(sum(covered.values()) / len(covered), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="also print a table")
    args = parser.parse_args()
    from demo.server import start_demo

    with tempfile.TemporaryDirectory(prefix="tw-genbench-") as tmp:
        _setup_django(Path(tmp) / "data")
        results = []
        for name, path, checklist in (
            ("demo shop", "/", SHOP),
            ("list editor", "/lists", LISTS),
        ):
            # A fresh shop per app: no accounts or carts left over from the other one.
            with start_demo(variant="original", port=0, stream=io.StringIO()) as shop:
                artifacts = Path(tmp) / name.replace(" ", "-")
                artifacts.mkdir()
                results.append(
                    {"app": name, **_measure(shop.url + path, checklist, artifacts)}
                )
    summary = {
        "apps": results,
        "meets_targets": all(
            r["coverage"] >= 0.8
            and r["rerun_passed"] == r["rerun_total"]
            and r["seconds"] < 120
            for r in results
        ),
    }
    print(json.dumps(summary, indent=2))
    if args.markdown:
        print()
        print("| app | checklist covered | saved cases green on re-run | time |")
        print("|---|---|---|---|")
        for r in results:
            missing = [k for k, v in r["checklist"].items() if not v]
            print(
                f"| {r['app']} | {sum(r['checklist'].values())}/{len(r['checklist'])}"
                + (f" (not: {', '.join(missing)})" if missing else "")
                + f" | {r['rerun_passed']}/{r['rerun_total']} | {r['seconds']} s |"
            )


if __name__ == "__main__":
    main()
