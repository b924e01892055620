"""Filing from several worker processes at once, on a real database file (or PostgreSQL):
keys stay unique, and one failure filed concurrently stays one issue with every occurrence."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.issues.reports import failed_case, run_report
from tests.system.servers import (
    PYTHON,
    ROOT,
    TripwireEnv,
    postgres_available,
    postgres_database,
)

pytestmark = pytest.mark.slow

# Each process sets Django up, waits for the start signal, then files its run: they race.
FILE_ONE = """
import json, sys, time
from pathlib import Path
from engine import read_run_report
from issues.services import issues_file_for_run
report = json.loads(Path(sys.argv[1]).read_text())
go = Path(sys.argv[2])
Path(sys.argv[1] + ".ready").write_text("ready")
while not go.exists():
    time.sleep(0.01)
keys = issues_file_for_run(
    run_id=report["run_id"], suite_id="shop", suite_name="Demo shop",
    suite_file="shop.tripwire.yaml", report=read_run_report(report), file_issues="tripwire",
    run_url="http://tripwire.test/runs/" + report["run_id"],
)
sys.stdout.write(json.dumps(keys))
"""

SUMMARY = """
import json, sys
from issues.models import Issue
sys.stdout.write(json.dumps([[i.key, i.case_id, i.occurrences, i.occurrence_log.count()]
                             for i in Issue.objects.order_by("id")]))
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TripwireEnv]:
    with ExitStack() as stack:
        extra: dict[str, str] = {}
        if request.param == "postgresql":
            if not postgres_available():
                pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
            extra["TRIPWIRE_DATABASE_URL"] = stack.enter_context(postgres_database())
        environment = TripwireEnv(tmp_path / "data", extra)
        environment.data_dir.mkdir()
        migrated = environment.manage("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        yield environment


def _race(env: TripwireEnv, reports: list[dict[str, object]]) -> list[dict[str, str]]:
    go = env.data_dir / "go"
    processes = []
    for index, report in enumerate(reports):
        path = env.data_dir / f"report-{index}.json"
        path.write_text(json.dumps(report))
        processes.append(
            subprocess.Popen(
                [PYTHON, "-c", _script(FILE_ONE), str(path), str(go)],
                cwd=ROOT,
                env=env.environ(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(
        (env.data_dir / f"report-{index}.json.ready").exists()
        for index in range(len(reports))
    ):
        time.sleep(0.05)
    go.write_text("go")
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    return results


def _script(body: str) -> str:
    return (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tripwire_site.settings')\n"
        "django.setup()\n" + body
    )


def _summary(env: TripwireEnv) -> list[list[object]]:
    done = subprocess.run(
        [PYTHON, "-c", _script(SUMMARY)],
        cwd=ROOT,
        env=env.environ(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_concurrent_filings_get_distinct_keys_and_share_one_issue_per_failure(
    env: TripwireEnv,
) -> None:
    # Two different failures and, racing with them, the same failure from three runs.
    reports: list[dict[str, object]] = [
        run_report(failed_case(f"case{n}"), run_id=f"distinct{n}") for n in range(2)
    ]
    reports += [
        run_report(failed_case("shared"), run_id=f"shared{n}") for n in range(3)
    ]

    results = _race(env, reports)

    keys = [result[next(iter(result))] for result in results]
    assert len(set(keys[:2])) == 2
    assert len(set(keys[2:])) == 1
    issues = _summary(env)
    assert len(issues) == 3
    assert len({key for key, *_ in issues}) == 3
    shared = next(row for row in issues if row[1] == "shared")
    assert shared[2:] == [3, 3]
