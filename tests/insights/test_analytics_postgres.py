"""Analytics on PostgreSQL, where the flake window is read by a LATERAL join on the known cases."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.system import servers

pytestmark = pytest.mark.slow

# Random histories (cancelled runs, skipped-only cases, two suites), then both ways of reading the
# window, with the VALUES list split into statements of three keys to cross statement boundaries.
COMPARE = """
import os, json, random, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tripwire_site.settings")
django.setup()
from datetime import UTC, datetime, timedelta
from insights import analytics
from runs.models import CaseResult, Run

rng = random.Random(7)
t0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
for n in range(50):
    created = t0 + timedelta(hours=n)
    suite = rng.choice(["a", "b"])
    run = Run.objects.create(
        id=f"r{n:04d}", suite_id=suite, suite_file=f"{suite}.tripwire.yaml",
        suite_name=suite, suite_yaml="", created=created, started=created,
        finished=created + timedelta(seconds=1), duration_ms=1000,
        status=rng.choice(["passed", "failed", "passed", "cancelled"]),
    )
    for position in range(rng.randint(2, 9)):
        CaseResult.objects.create(
            run=run, suite_id=suite, case_id=f"c{position}", title=f"C{position} case",
            position=position, run_created=created, duration_ms=rng.randint(1, 999),
            status="skipped" if position == 8 else rng.choice(["passed", "passed", "failed", "broken", "skipped"]),
            flaky=rng.random() < 0.05,
        )
analytics._KEYS_PER_STATEMENT = 3
answers = []
for filters in ({}, {"suite_id": "a"}, {"since": t0 + timedelta(hours=20)}):
    by_index = analytics.analytics_get(strategy="index", **filters)
    by_window = analytics.analytics_get(strategy="window", **filters)
    answers.append({
        "same": by_index == by_window,
        "cases": len(by_index["cases"]),
        "histories": sum(len(case["history"]) for case in by_index["cases"]),
    })
print(json.dumps(answers))
"""


@pytest.fixture
def env(tmp_path: Path) -> Iterator[servers.TripwireEnv]:
    if not servers.postgres_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with servers.postgres_database() as url:
        environment = servers.TripwireEnv(
            tmp_path / "data", {"TRIPWIRE_DATABASE_URL": url}
        )
        environment.data_dir.mkdir()
        migrated = environment.manage("migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        yield environment


def test_postgresql_reads_the_same_window_both_ways(env: servers.TripwireEnv) -> None:
    done = subprocess.run(
        [servers.PYTHON, "-c", COMPARE],
        cwd=servers.ROOT,
        env=env.environ(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert [answer["same"] for answer in answers] == [True, True, True]
    # Something was compared: cases with windows on every filter, more than one statement's worth.
    assert all(answer["cases"] > 3 and answer["histories"] > 0 for answer in answers)
