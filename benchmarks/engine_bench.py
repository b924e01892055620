"""Engine speed: the benchmark flow as (a) a hand-written Playwright script, (b) a Tripwire run
with an empty action cache, (c) a Tripwire run with a warm cache. Prints JSON.

    .venv/bin/python benchmarks/engine_bench.py [--runs 5] [--browser /usr/bin/chromium-headless-shell]

(a), (b) and (c) launch their own Chromium (same binary, same flags) against the same demo shop,
in one process, interleaved so machine noise hits them alike; ratios are of medians from this
one run. (b) and (c) run again as a queue worker runs them by default (TRIPWIRE_REUSE_BROWSER):
in a fresh context of the Chromium the worker keeps between runs; each round launches that
browser with one untimed run and closes it after, so the other variants never share memory with
it. Every Tripwire variant runs with full evidence (the default: a trace per case, a PNG per
step) and lean (no trace, screenshots of failures only). Memory is the peak proportional set
size (PSS) of this process and its children (driver, Chromium) during each variant, the kept
browser included for the worker variants. `--browser` runs every variant on that binary instead
of the Chromium Tripwire finds by itself (Playwright's own download uses its headless shell for
headless runs; Debian packages it as chromium-headless-shell).
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import expect, sync_playwright

from benchmarks.memory import peak_memory
from demo.server import start_demo
from engine import (
    BrowserKeeper,
    MemoryActionCache,
    execute,
    find_executable,
    launch_args,
)
from engine.spec import BrowserOptions, RunRequest
from suites.schema import parse_suite

FLOW = Path(__file__).with_name("flow.tripwire.yaml")


# The binary every variant launches (--browser); None: what Tripwire finds by itself.
BROWSER = BrowserOptions()


def hand_written(base: str) -> None:
    name, email, password = (
        "Ada Lovelace",
        f"bench-{uuid.uuid4().hex[:10]}@example.com",
        "Aa1!" + "x" * 12,
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_executable(BROWSER),
            headless=True,
            args=launch_args(),
        )
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        body = page.locator("body")
        page.goto(f"{base}/signup")
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_label("I accept the terms").check()
        page.get_by_role("button", name="Create account").click()
        expect(body).to_contain_text(f"Welcome, {name}")
        page.get_by_role("button", name="Sign out").click()
        page.goto(f"{base}/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(body).to_contain_text(f"Welcome, {name}")
        page.goto(f"{base}/products")
        page.locator("li", has_text="Trail Boots").get_by_role(
            "button", name="Add to cart"
        ).click()
        expect(body).to_contain_text("Added Trail Boots to your cart")
        page.goto(f"{base}/cart")
        page.get_by_label("Shipping").select_option(label="Express ($9.99)")
        page.get_by_role("link", name="Proceed to checkout").click()
        page.get_by_label("Address").fill("1 Main Street")
        page.get_by_label("City").fill("Springfield")
        page.get_by_label("ZIP code").fill("12345")
        page.get_by_label("Country").select_option(label="Germany")
        page.get_by_role("button", name="Place order").click()
        expect(page.locator("h1")).to_have_text("Order confirmed")
        expect(page).to_have_url(re.compile("order=ORD-"))
        browser.close()


# The performance issue's targets: ratios of medians to the hand-written script.
TARGETS = {
    "full_evidence": {"b_over_a": 1.35, "c_over_a": 1.15},
    "lean_evidence": {"b_over_a": 1.25, "c_over_a": 1.10},
}


def tripwire(
    base: str,
    cache: MemoryActionCache,
    artifacts: Path,
    *,
    lean: bool = False,
    browsers: BrowserKeeper | None = None,
) -> str:
    suite = dataclasses.replace(
        parse_suite(FLOW.read_text(), file=FLOW.name).suite, base_url=base
    )
    request = RunRequest(
        run_id=uuid.uuid4().hex[:12],
        suite=suite,
        artifacts_dir=artifacts / uuid.uuid4().hex,
        # Lean evidence (TRIPWIRE_TRACE=false, TRIPWIRE_SCREENSHOTS=failures) is what a
        # hand-written script records: nothing unless something fails.
        trace=not lean,
        screenshots="failures" if lean else "steps",
        browser=BROWSER,
    )
    report = execute(request, cache=cache, browsers=browsers)
    if report.status != "passed":
        raise RuntimeError(
            f"benchmark flow did not pass: {report.status} {report.reason}"
        )
    return report.status


def measure(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser", help="the Chromium binary every variant launches")
    args = parser.parse_args()
    global BROWSER
    BROWSER = BrowserOptions(executable_path=args.browser)
    with (
        start_demo(port=0, stream=io.StringIO()) as shop,
        tempfile.TemporaryDirectory() as tmp,
    ):
        artifacts = Path(tmp)
        warm = MemoryActionCache()
        tripwire(
            shop.url, warm, artifacts
        )  # warms the cache, and the disk cache of Chromium
        hand_written(shop.url)
        variants: dict[str, Callable[[], object]] = {
            "a_playwright": lambda: hand_written(shop.url),
            "b_cold": lambda: tripwire(shop.url, MemoryActionCache(), artifacts),
            "c_warm": lambda: tripwire(shop.url, warm, artifacts),
            "b_cold_lean": lambda: tripwire(
                shop.url, MemoryActionCache(), artifacts, lean=True
            ),
            "c_warm_lean": lambda: tripwire(shop.url, warm, artifacts, lean=True),
        }
        keeper: list[BrowserKeeper] = []

        def worker(*, cold: bool, lean: bool) -> Callable[[], object]:
            return lambda: tripwire(
                shop.url,
                MemoryActionCache() if cold else warm,
                artifacts,
                lean=lean,
                browsers=keeper[0],
            )

        worker_variants: dict[str, Callable[[], object]] = {
            "b_cold_worker": worker(cold=True, lean=False),
            "c_warm_worker": worker(cold=False, lean=False),
            "b_cold_lean_worker": worker(cold=True, lean=True),
            "c_warm_lean_worker": worker(cold=False, lean=True),
        }
        everything = {**variants, **worker_variants}
        times: dict[str, list[float]] = {key: [] for key in everything}
        peaks: dict[str, float] = dict.fromkeys(everything, 0.0)

        def timed(key: str, fn: Callable[[], object]) -> None:
            with peak_memory() as peak:
                times[key].append(measure(fn))
            peaks[key] = max(peaks[key], peak[0])

        for _ in range(args.runs):
            for key, fn in variants.items():
                timed(key, fn)
            keeper.append(BrowserKeeper())
            try:
                tripwire(shop.url, warm, artifacts, browsers=keeper[0])  # launches it
                for key, fn in worker_variants.items():
                    timed(key, fn)
            finally:
                keeper.pop().close()
    medians = {key: statistics.median(values) for key, values in times.items()}
    base = medians["a_playwright"]

    def ratios_of(suffix: str) -> dict[str, dict[str, float]]:
        return {
            "full_evidence": {
                "b_over_a": round(medians[f"b_cold{suffix}"] / base, 3),
                "c_over_a": round(medians[f"c_warm{suffix}"] / base, 3),
            },
            "lean_evidence": {
                "b_over_a": round(medians[f"b_cold_lean{suffix}"] / base, 3),
                "c_over_a": round(medians[f"c_warm_lean{suffix}"] / base, 3),
            },
        }

    def meets(ratios: dict[str, dict[str, float]]) -> dict[str, bool]:
        return {
            level: all(pair[k] <= TARGETS[level][k] for k in pair)
            for level, pair in ratios.items()
        }

    ratios, worker_ratios = ratios_of(""), ratios_of("_worker")
    result = {
        "benchmark": "engine",
        "runs": args.runs,
        "browser": find_executable(BROWSER),
        "note": "full evidence = a trace per case and a PNG per step (the default); lean = "
        "TRIPWIRE_TRACE=false TRIPWIRE_SCREENSHOTS=failures, what the hand-written script "
        "records; *_worker = in a fresh context of the browser a queue worker keeps between "
        "runs (TRIPWIRE_REUSE_BROWSER, the default for queued runs)",
        "median_seconds": {k: round(v, 3) for k, v in medians.items()},
        "all_seconds": {k: [round(x, 3) for x in v] for k, v in times.items()},
        "ratios": ratios,
        "worker_ratios": worker_ratios,
        "targets": TARGETS,
        "meets_targets": meets(ratios),
        "worker_meets_targets": meets(worker_ratios),
        "peak_pss_mb": {k: round(v, 1) for k, v in peaks.items()},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
