"""List endpoints and live run events at scale; prints one JSON document.

    .venv/bin/python benchmarks/api_bench.py                      # 10k suites, 100k runs, 1M results
    .venv/bin/python benchmarks/api_bench.py --database-url postgresql://user@127.0.0.1/empty_db
    .venv/bin/python benchmarks/api_bench.py --runs 10000 --calls 15   # a quick look

A throwaway TRIPWIRE_DATA_DIR (a fresh SQLite database) or the empty PostgreSQL database given is
migrated and filled with bulk_create: suites, runs with ten case results each, issues, plans, and
one running run with 5,000 events. Each endpoint is then called through Django's test client with
a real token (server time: routing, auth, queries, serialization), one untimed warm-up call, then
`--calls` timed calls: first page, a filtered page, a deep offset. Targets: p95 < 50 ms for the
lists, p95 < 20 ms for `GET /runs/{id}?since=N` on the 5,000-event run.
"""

from __future__ import annotations

import argparse
import json
import os
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
LIST_TARGET_MS = 50
EVENTS_TARGET_MS = 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--suites", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--results-per-run", type=int, default=10)
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--plans", type=int, default=1_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument(
        "--calls", type=int, default=40, help="timed calls per endpoint"
    )
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL instead of SQLite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    return parser.parse_args()


def setup_django(data_dir: Path, database_url: str) -> None:
    os.environ["TRIPWIRE_DATA_DIR"] = str(data_dir)
    os.environ["TRIPWIRE_DEBUG"] = "false"
    os.environ.pop("TRIPWIRE_DATABASE_URL", None)
    if database_url:
        os.environ["TRIPWIRE_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(args: argparse.Namespace) -> dict[str, int]:
    from issues.models import Issue
    from runs.models import CaseResult, Plan, Run, RunEvent, RunStatus
    from suites.models import Suite

    statuses = [RunStatus.PASSED] * 7 + [RunStatus.FAILED] * 2 + [RunStatus.BROKEN]
    Suite.objects.bulk_create(
        (
            Suite(
                file=f"suite-{n:05d}.tripwire.yaml",
                suite_id=f"suite-{n:05d}",
                name=f"Suite {n}",
                base_url="http://127.0.0.1:8500",
                yaml=f"suite: Suite {n}\nid: suite-{n:05d}\nbase_url: http://x\n"
                "cases: [{id: a, title: A, steps: [Open /]}]\n",
                cases=[
                    {
                        "id": "a",
                        "title": "A",
                        "tags": [],
                        "depends_on": [],
                        "steps": 1,
                        "expect": 0,
                    }
                ],
                search_text=f"suite {n}\nsuite-{n:05d}\na",
            )
            for n in range(args.suites)
        ),
        batch_size=2000,
    )
    batch_runs: list[Run] = []
    batch_results: list[CaseResult] = []
    for n in range(args.runs):
        created = START + timedelta(minutes=n)
        suite = n % max(1, min(args.suites, 500))
        status = statuses[n % len(statuses)]
        run = Run(
            id=f"r{n:09d}",
            suite_file=f"suite-{suite:05d}.tripwire.yaml",
            suite_id=f"suite-{suite:05d}",
            suite_name=f"Suite {suite}",
            suite_yaml="",
            status=status,
            trigger="api" if n % 3 else "schedule",
            created=created,
            started=created,
            finished=created + timedelta(seconds=40),
            passed=args.results_per_run - (status != RunStatus.PASSED),
            failed=int(status == RunStatus.FAILED),
            broken=int(status == RunStatus.BROKEN),
            duration_ms=40_000,
        )
        batch_runs.append(run)
        batch_results.extend(
            CaseResult(
                run=run,
                suite_id=run.suite_id,
                case_id=f"case-{c}",
                title=f"Case {c}",
                position=c,
                status="passed",
                duration_ms=4000,
                run_created=created,
            )
            for c in range(args.results_per_run)
        )
        if len(batch_runs) >= 5000:
            Run.objects.bulk_create(batch_runs, batch_size=5000)
            CaseResult.objects.bulk_create(batch_results, batch_size=5000)
            batch_runs, batch_results = [], []
    Run.objects.bulk_create(batch_runs, batch_size=5000)
    CaseResult.objects.bulk_create(batch_results, batch_size=5000)

    Issue.objects.bulk_create(
        (
            Issue(
                key=f"TW-{n + 1}",
                title=f"Case {n % 10} fails in suite {n % 500}",
                status=("open", "acknowledged", "closed")[n % 3],
                severity=("critical", "high", "medium", "low")[n % 4],
                body_md="**Expected** the order to be placed.",
                fingerprint=f"tw:suite-{n % 500:05d}:case-{n % 10}:{n:016x}",
                suite_id=f"suite-{n % 500:05d}",
                case_id=f"case-{n % 10}",
            )
            for n in range(args.issues)
        ),
        batch_size=2000,
    )
    Plan.objects.bulk_create(
        (
            Plan(
                id=f"plan-{n:05d}",
                name=f"Plan {n}",
                items=[{"suite": f"suite-{n % 500:05d}.tripwire.yaml", "cases": None}],
            )
            for n in range(args.plans)
        ),
        batch_size=2000,
    )
    live = Run.objects.create(
        id="live-run",
        suite_file="suite-00000.tripwire.yaml",
        suite_id="suite-00000",
        suite_yaml="",
        status=RunStatus.RUNNING,
        created=START,
        attempts=1,
    )
    RunEvent.objects.bulk_create(
        (
            RunEvent(
                run=live,
                seq=seq,
                ts=START + timedelta(milliseconds=seq),
                type="action" if seq % 3 else "step_start",
                case_id=f"case-{seq // 100}",
                step_id=f"s{seq % 100}",
                data={"tier": "cache", "tool": "click", "target": "the 'Buy' button"},
            )
            for seq in range(1, args.events + 1)
        ),
        batch_size=5000,
    )
    return {
        "suites": args.suites,
        "runs": args.runs + 1,
        "case_results": args.runs * args.results_per_run,
        "issues": args.issues,
        "plans": args.plans,
        "events_in_live_run": args.events,
    }


def timed(
    call: Callable[[], Any],
    calls: int,
    between: Callable[[], None] | None = None,
) -> dict[str, float]:
    """p50/p95/max of `calls` timed calls after one untimed one; `between` runs untimed before each."""
    call()
    samples: list[float] = []
    for _ in range(calls):
        if between is not None:
            between()
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(samples[-1], 1),
    }


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="tripwire-api-bench-"))
    try:
        setup_django(data_dir, args.database_url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from core.models import Role, User
        from core.services import session_token_for

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        sizes = fill(args)
        fill_s = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        user = User.objects.create_user(
            email="bench@example.com", password="Bench-pass-1234", role=Role.MEMBER
        )
        client = Client(
            HTTP_AUTHORIZATION=f"Bearer {session_token_for(user)}",
            HTTP_HOST="127.0.0.1",
        )

        def get(path: str) -> Callable[[], Any]:
            def call() -> Any:
                response = client.get(path)
                assert response.status_code == 200, (path, response.content[:300])
                return response

            return call

        deep_runs = max(0, args.runs - 50)
        lists = {
            "runs": "/api/v1/runs",
            "runs?status=failed": "/api/v1/runs?status=failed",
            "runs?suite=": "/api/v1/runs?suite=suite-00042",
            f"runs?offset={deep_runs}": f"/api/v1/runs?offset={deep_runs}",
            "suites": "/api/v1/suites",
            "suites?q=": "/api/v1/suites?q=suite%2077",
            f"suites?offset={max(0, args.suites - 50)}": (
                f"/api/v1/suites?offset={max(0, args.suites - 50)}"
            ),
            "issues": "/api/v1/issues",
            "issues?status=open": "/api/v1/issues?status=open",
            f"issues?offset={max(0, args.issues - 50)}": (
                f"/api/v1/issues?offset={max(0, args.issues - 50)}"
            ),
            "plans": "/api/v1/plans",
            f"plans?offset={max(0, args.plans - 50)}": (
                f"/api/v1/plans?offset={max(0, args.plans - 50)}"
            ),
        }
        results = {name: timed(get(path), args.calls) for name, path in lists.items()}
        since = max(0, args.events - 20)
        events = {
            "run?since=N (last 20 of the events)": timed(
                get(f"/api/v1/runs/live-run?since={since}"), args.calls
            ),
        }
        worst_list = max(r["p95_ms"] for r in results.values())
        worst_events = max(r["p95_ms"] for r in events.values())
        print(
            json.dumps(
                {
                    "database": connection.vendor,
                    "data": sizes,
                    "fill_seconds": round(fill_s, 1),
                    "calls": args.calls,
                    "lists": results,
                    "events": events,
                    "targets_ms": {
                        "lists_p95": LIST_TARGET_MS,
                        "events_p95": EVENTS_TARGET_MS,
                    },
                    "meets_targets": worst_list < LIST_TARGET_MS
                    and worst_events < EVENTS_TARGET_MS,
                    "load_average_1m": round(os.getloadavg()[0], 2),
                    "cpus": os.cpu_count(),
                },
                indent=2,
            )
        )
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"kept {data_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
