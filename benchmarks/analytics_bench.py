"""Benchmark GET /api/v1/analytics on a large history; prints one JSON document.

    .venv/bin/python benchmarks/analytics_bench.py                 # 1k cases x 100 runs = 100k results
    .venv/bin/python benchmarks/analytics_bench.py --cases 200 --runs 50 --calls 9

Everything happens in a throwaway TRIPWIRE_DATA_DIR (a fresh SQLite database, migrated, filled with
bulk_create), so ./data is never touched. With --database-url the same runs against PostgreSQL
(the database must exist and be empty; it is migrated and filled).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2025, 1, 1, tzinfo=UTC)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=1000, help="distinct cases")
    parser.add_argument("--runs", type=int, default=100, help="runs of each case")
    parser.add_argument(
        "--suites", type=int, default=10, help="suites the cases are split into"
    )
    parser.add_argument(
        "--calls", type=int, default=7, help="timed calls (median reported)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL instead of SQLite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    return parser.parse_args()


def setup_django(data_dir: Path, database_url: str) -> None:
    os.environ["TRIPWIRE_DATA_DIR"] = str(data_dir)
    os.environ["TRIPWIRE_DEBUG"] = (
        "false"  # DEBUG records every query: not what production does
    )
    os.environ.pop("TRIPWIRE_DATABASE_URL", None)
    if database_url:
        os.environ["TRIPWIRE_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(*, cases: int, runs: int, suites: int, seed: int) -> dict[str, int]:
    """`suites` suites of cases/suites cases each; every suite runs `runs` times.

    Most cases always pass; a tenth are flaky (fail 20 % at random), a few broke at some point and
    keep failing, a few are skipped now and then (a dependency failed). Durations vary per case.
    """
    from runs.models import CaseResult, CaseStatus, Run, RunStatus

    rng = random.Random(seed)
    per_suite = max(1, cases // suites)
    profiles: dict[tuple[int, int], tuple[str, int]] = {}
    for s in range(suites):
        for c in range(per_suite):
            roll = rng.random()
            kind = (
                "flaky"
                if roll < 0.10
                else "broke"
                if roll < 0.13
                else "skips"
                if roll < 0.16
                else "stable"
            )
            profiles[(s, c)] = (kind, rng.randint(200, 20_000))

    run_rows: list[Run] = []
    result_rows: list[CaseResult] = []
    for r in range(runs):
        for s in range(suites):
            created = START + timedelta(minutes=30 * (r * suites + s))
            run = Run(
                id=f"bench{s:03d}{r:06d}",
                suite_file=f"suite-{s}.tripwire.yaml",
                suite_id=f"suite-{s}",
                suite_name=f"Suite {s}",
                suite_yaml="",
                created=created,
                started=created,
                finished=created + timedelta(minutes=5),
            )
            counts = {status: 0 for status in CaseStatus.values}
            heals = 0
            duration = 0
            for c in range(per_suite):
                kind, base = profiles[(s, c)]
                status = CaseStatus.PASSED
                if kind == "flaky" and rng.random() < 0.2:
                    status = rng.choice([CaseStatus.FAILED, CaseStatus.BROKEN])
                elif kind == "broke" and r > runs * 0.8:
                    status = CaseStatus.FAILED
                elif kind == "skips" and rng.random() < 0.3:
                    status = CaseStatus.SKIPPED
                counts[status] += 1
                healed = 1 if rng.random() < 0.01 else 0
                heals += healed
                took = (
                    0
                    if status == CaseStatus.SKIPPED
                    else int(base * rng.uniform(0.8, 1.2))
                )
                duration += took
                result_rows.append(
                    CaseResult(
                        run=run,
                        suite_id=run.suite_id,
                        case_id=f"case-{c:04d}",
                        title=f"Case {c} of suite {s}",
                        position=c,
                        status=status,
                        duration_ms=took,
                        heals=healed,
                        flaky=kind == "flaky" and rng.random() < 0.02,
                        run_created=created,
                    )
                )
            run.passed = counts[CaseStatus.PASSED]
            run.failed = counts[CaseStatus.FAILED]
            run.broken = counts[CaseStatus.BROKEN]
            run.skipped = counts[CaseStatus.SKIPPED]
            run.status = (
                RunStatus.BROKEN
                if run.broken
                else RunStatus.FAILED
                if run.failed
                else RunStatus.PASSED
            )
            run.heals = heals
            run.duration_ms = duration
            run.model_calls = rng.randint(0, 5)
            run.prompt_tokens = run.model_calls * 900
            run.completion_tokens = run.model_calls * 60
            run_rows.append(run)
    Run.objects.bulk_create(run_rows, batch_size=2000)
    CaseResult.objects.bulk_create(result_rows, batch_size=5000)
    return {
        "runs": len(run_rows),
        "case_results": len(result_rows),
        "cases": per_suite * suites,
    }


def timed(call: Callable[[], Any], calls: int) -> dict[str, Any]:
    """Median, min and max over `calls` calls, after one untimed call that warms the caches
    (SQLite pages, lazy imports) the way a long-running server has them warm."""
    answer = call()
    samples: list[float] = []
    for _ in range(calls):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    timing: dict[str, Any] = {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
    }
    if hasattr(answer, "json"):  # an HTTP answer: say what it covered
        body = answer.json()
        timing.update(
            total_runs=body["total_runs"],
            cases=len(body["cases"]),
            bytes=len(answer.content),
        )
    return timing


def query_profile() -> dict[str, Any]:
    """The statements one analytics_get call sends (their number must not grow with the data)."""
    from django.db import connection

    from insights.analytics import analytics_get

    seen: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(" ".join(sql.split())[:100])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        analytics_get()
    return {"count": len(seen), "statements": seen}


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="tripwire-bench-"))
    try:
        setup_django(data_dir, args.database_url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from core.models import Role, User
        from core.services import session_token_for
        from insights.analytics import analytics_get

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        sizes = generate(
            cases=args.cases, runs=args.runs, suites=args.suites, seed=args.seed
        )
        fill_s = time.perf_counter() - began
        # Fresh statistics, as a database that has been in use has them (both vendors accept it).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        user = User.objects.create_user(
            email="bench@example.com", password="Bench-pass-1234", role=Role.MEMBER
        )
        client = Client(
            HTTP_AUTHORIZATION=f"Bearer {session_token_for(user)}",
            HTTP_HOST="127.0.0.1",
        )

        def over_http(query: str = "") -> Callable[[], Any]:
            def call() -> Any:
                response = client.get(f"/api/v1/analytics{query}")
                assert response.status_code == 200, response.content[:300]
                return response

            return call

        body = over_http()().json()
        some_suite = "suite-0"
        # Half of the history: the generated runs are 30 minutes apart from 2025-01-01.
        half = timedelta(minutes=30 * sizes["runs"] // 2)
        since = (START + half).isoformat().replace("+00:00", "Z")
        result = {
            "database": connection.vendor,
            "data": sizes,
            "fill_seconds": round(fill_s, 1),
            "calls": args.calls,
            "selector": timed(lambda: analytics_get(), args.calls),
            "http": timed(over_http(), args.calls),
            "http_suite_filter": timed(over_http(f"?suite={some_suite}"), args.calls),
            "http_since_filter": timed(over_http(f"?since={since}"), args.calls),
            "http_cases_limit_50": timed(over_http("?cases_limit=50"), args.calls),
            "response": {
                "total_runs": body["total_runs"],
                "overall_pass_rate": body["overall_pass_rate"],
                "cases": len(body["cases"]),
                "flaky_cases": len(body["flaky_cases"]),
                "trend_points": len(body["trend"]),
            },
            "queries": query_profile(),
            "target_ms": 300,
        }
        result["meets_target"] = result["http"]["median_ms"] < 300
        # Other work on the machine skews every number: say how busy it was.
        result["load_average_1m"] = round(os.getloadavg()[0], 2)
        result["cpus"] = os.cpu_count()
        print(json.dumps(result, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"kept {data_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
