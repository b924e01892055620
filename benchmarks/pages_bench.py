"""Server time of every page at scale; prints one JSON document.

    .venv/bin/python benchmarks/pages_bench.py                    # 10k suites, 100k runs, 1M results
    .venv/bin/python benchmarks/pages_bench.py --database-url postgresql://user@127.0.0.1/empty_db
    .venv/bin/python benchmarks/pages_bench.py --runs 10000 --calls 15   # a quick look

The data is api_bench's (same fill), but its runs end now rather than in 2025, so the dashboard's
30-day trend and the analytics page have a month of real rows to aggregate. Each page is rendered
through Django's test client with a signed-in admin session (routing, session auth, queries,
template rendering), one untimed warm-up call, then `--calls` timed calls. Target: p95 < 100 ms
for every page. The dashboard and the analytics page keep their aggregates and refresh them in
the background once a minute old (core/kept.py): `after_the_minute` times visits that each find
them stale (the refresh running beside the visit, awaited untimed between calls), and
`nothing_cached` visits with that cache emptied, as before the server's warm-up has finished.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import api_bench

PAGE_TARGET_MS = 100


def main() -> None:
    args = api_bench.parse_args()
    # The newest run is a minute old: a month of history lies inside the 30-day windows.
    api_bench.START = datetime.now(UTC) - timedelta(minutes=args.runs + 1)
    data_dir = Path(tempfile.mkdtemp(prefix="tripwire-pages-bench-"))
    try:
        api_bench.setup_django(data_dir, args.database_url)
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from core.kept import refreshing
        from core.models import Role, User
        from insights import views as insights_views

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        sizes = api_bench.fill(args)
        fill_s = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        admin = User.objects.create_user(
            email="bench@example.com", password="Bench-pass-1234", role=Role.ADMIN
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(admin)

        def get(path: str) -> Callable[[], Any]:
            def call() -> Any:
                response = client.get(path)
                assert response.status_code == 200, (path, response.content[:300])
                return response

            return call

        last_run = f"r{args.runs - 1:09d}"
        deep_runs = max(1, (args.runs - 50) // 50)
        deep_suites = max(1, (args.suites - 50) // 50)
        pages = {
            "dashboard /": "/",
            "suites": "/suites",
            "suites?q=": "/suites?q=suite%2077",
            f"suites?page={deep_suites}": f"/suites?page={deep_suites}",
            "suite editor": "/suites/suite-00042.tripwire.yaml",
            "runs": "/runs",
            "runs?status=failed": "/runs?status=failed",
            "runs?suite=": "/runs?suite=suite-00042.tripwire.yaml",
            f"runs?page={deep_runs}": f"/runs?page={deep_runs}",
            "run page (finished)": f"/runs/{last_run}",
            "run page (running, 5,000 events)": "/runs/live-run",
            "issues": "/issues",
            "issues?status=open": "/issues?status=open",
            "issue page": "/issues/TW-7",
            "plans": "/plans",
            "analytics": "/analytics",
            "settings": "/settings",
            "account": "/account",
        }
        results = {
            name: api_bench.timed(get(path), args.calls) for name, path in pages.items()
        }
        worst = max(r["p95_ms"] for r in results.values())

        def wait_for_refresh() -> None:
            while refreshing():
                time.sleep(0.01)

        # Every visit finds the aggregates stale: served at once, refreshed beside the visit.
        def stale(path: str) -> Callable[[], Any]:
            fetch = get(path)

            def call() -> Any:
                insights_views.DASHBOARD_TTL_S = insights_views.ANALYTICS_TTL_S = 0
                try:
                    return fetch()
                finally:
                    insights_views.DASHBOARD_TTL_S = insights_views.ANALYTICS_TTL_S = 60

            return call

        aggregate_pages = (("dashboard /", "/"), ("analytics", "/analytics"))
        after_the_minute = {
            name: api_bench.timed(stale(path), args.calls, between=wait_for_refresh)
            for name, path in aggregate_pages
        }
        worst = max(worst, *(r["p95_ms"] for r in after_the_minute.values()))

        def cold(path: str) -> Callable[[], Any]:
            fetch = get(path)

            def call() -> Any:
                cache.clear()
                return fetch()

            return call

        nothing_cached = {
            name: api_bench.timed(cold(path), max(3, args.calls // 4))
            for name, path in aggregate_pages
        }
        sys.stdout.write(
            json.dumps(
                {
                    "database": connection.vendor,
                    "data": sizes,
                    "fill_seconds": round(fill_s, 1),
                    "calls": args.calls,
                    "pages": results,
                    "after_the_minute": after_the_minute,
                    "nothing_cached": nothing_cached,
                    "target_p95_ms": PAGE_TARGET_MS,
                    "worst_p95_ms": worst,
                    "meets_target": worst < PAGE_TARGET_MS,
                    "load_average_1m": round(os.getloadavg()[0], 2),
                    "cpus": os.cpu_count(),
                },
                indent=2,
            )
            + "\n"
        )
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
