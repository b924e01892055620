"""The run queue as deployed: a gunicorn web process, `tripwire worker` processes, the demo shop.

Everything crosses real process boundaries: runs are submitted over HTTP, picked up by django-q2
workers, executed in Chromium against the demo shop, and counted on the shop's side.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import requests

from demo.server import start_demo
from tests.system.servers import (
    Api,
    TripwireEnv,
    Worker,
    postgres_available,
    postgres_database,
    start_server,
    start_worker,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SIGNUP = """\
suite: Sign up once
id: signup-once
base_url: {base_url}
fixtures:
  full_name: {{ gen: name }}
  email: {{ gen: unique_email }}
  password: {{ gen: password }}
cases:
  - id: signup
    title: Sign up
    steps:
      - Open /signup
      - Enter ${{full_name}} into 'Full name'
      - {{ do: "Enter ${{email}} and ${{password}}", secret: true }}
      - Check 'I accept the terms'
      - Click 'Create account'
{extra}    expect:
      - {{ assert: welcome, check: {{ kind: visible_text, contains: "Welcome, ${{full_name}}" }} }}
"""


def redis_available() -> bool:
    if shutil.which("redis-cli") is None:
        return False
    probe = subprocess.run(
        ["redis-cli", "ping"], capture_output=True, text=True, check=False
    )
    return probe.stdout.strip() == "PONG"


@dataclass
class Deployment:
    env: TripwireEnv
    api: Api
    shop_url: str
    shop_stats_url: str
    workers: list[Worker]

    def add_worker(self) -> Worker:
        worker = start_worker(self.env)
        self.workers.append(worker)
        return worker

    def signups(self) -> list[str]:
        return list(requests.get(self.shop_stats_url, timeout=10).json()["signups"])


@pytest.fixture(params=["sqlite+orm", "postgresql+redis"])
def deployment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    with ExitStack() as stack:
        extra = {"TRIPWIRE_HEARTBEAT_SECONDS": "1", "TRIPWIRE_MAX_CONCURRENT_RUNS": "2"}
        if request.param == "postgresql+redis":
            if not postgres_available() or not redis_available():
                pytest.skip("PostgreSQL and Redis are not both running on 127.0.0.1")
            extra["TRIPWIRE_DATABASE_URL"] = stack.enter_context(postgres_database())
            extra["TRIPWIRE_REDIS_URL"] = "redis://127.0.0.1:6379/0"
            # A private queue name: parallel test processes share this Redis.
            extra["TRIPWIRE_QUEUE_NAME"] = f"tw-test-{uuid.uuid4().hex[:8]}"
        env = TripwireEnv(tmp_path, extra)
        shop = stack.enter_context(start_demo(port=0, stream=io.StringIO()))
        server = start_server(env)
        stack.callback(server.stop)
        deployment = Deployment(
            env=env,
            api=Api(server.url),
            shop_url=shop.url,
            shop_stats_url=f"{shop.url}/__demo/stats",
            workers=[],
        )
        stack.callback(_stop_all, deployment.workers)
        yield deployment


def _stop_all(workers: list[Worker]) -> None:
    for worker in workers:
        worker.stop()


def _suite(d: Deployment, *, extra_steps: str = "") -> str:
    text = SIGNUP.format(base_url=d.shop_url, extra=extra_steps)
    response = d.api.post("/suites", {"yaml": text})
    assert response.status_code == 201, response.text
    return str(response.json()["file"])


def _max_overlap(runs: list[dict[str, object]]) -> int:
    moments: list[tuple[datetime, int]] = []
    for run in runs:
        moments.append((datetime.fromisoformat(str(run["started"])), 1))
        moments.append((datetime.fromisoformat(str(run["finished"])), -1))
    # Ends sort before starts at the same instant: back-to-back runs do not overlap.
    current = peak = 0
    for _, change in sorted(moments, key=lambda m: (m[0], m[1])):
        current += change
        peak = max(peak, current)
    return peak


def test_fifty_runs_each_execute_exactly_once_two_at_a_time(
    deployment: Deployment,
) -> None:
    suite = _suite(deployment)
    deployment.add_worker()
    run_ids: list[str] = []
    for _ in range(50):
        response = deployment.api.post("/runs", {"suite": suite, "file_issues": "none"})
        assert response.status_code == 201, response.text
        run_ids.extend(response.json()["run_ids"])
    busiest = 0
    queue = deployment.api.get("/runs/queue").json()
    assert len(queue["pending"]) + len(queue["running"]) > 0

    runs = deployment.api.wait_for_runs(run_ids, timeout=600)

    assert [run["status"] for run in runs] == ["passed"] * 50, [
        r["reason"] for r in runs
    ]
    signups = deployment.signups()
    assert len(signups) == 50, "each run must sign up exactly once"
    assert len(set(signups)) == 50
    busiest = _max_overlap(runs)
    assert 1 <= busiest <= 2
    assert all(run["attempts"] == 1 for run in runs)


def test_a_worker_killed_mid_run_is_reconciled_and_nothing_is_lost_or_doubled(
    deployment: Deployment,
) -> None:
    slow = "      - Wait 3 seconds\n      - Wait 3 seconds\n"
    suite = _suite(deployment, extra_steps=slow)
    worker = deployment.add_worker()
    run_ids = [
        deployment.api.post("/runs", {"suite": suite, "file_issues": "none"}).json()[
            "run_id"
        ]
        for _ in range(3)
    ]
    # Wait until a run is in its slow steps, then kill -9 every worker process.
    deadline = time.monotonic() + 120
    victim = None
    while time.monotonic() < deadline and victim is None:
        for run_id in run_ids:
            run = deployment.api.get(f"/runs/{run_id}").json()
            if run["status"] == "running" and any(
                e["type"] == "step_start" and e["step_id"] == "s6"
                for e in run["events"]
            ):
                victim = run_id
                break
        time.sleep(0.2)
    assert victim is not None, worker.log.read_text()[-3000:]
    interrupted = [
        run_id
        for run_id in run_ids
        if deployment.api.get(f"/runs/{run_id}").json()["status"] == "running"
    ]
    worker.kill()
    assert victim in interrupted

    deployment.add_worker()
    runs = deployment.api.wait_for_runs(run_ids, timeout=300)

    assert [run["status"] for run in runs] == ["passed"] * 3, [
        r["reason"] for r in runs
    ]
    expected_signups = len(run_ids)
    maybe_signups = 0
    for run in runs:
        # Every attempt's events: a re-queued run shows its current attempt by default.
        events = [
            event
            for attempt in range(1, int(str(run["attempts"])) + 1)
            for event in deployment.api.get(
                f"/runs/{run['id']}?attempt={attempt}"
            ).json()["events"]
        ]
        requeued = [
            e["seq"]
            for e in events
            if e["type"] == "log"
            and e["data"].get("message") == "interrupted by a worker restart; re-queued"
        ]
        if run["id"] in interrupted:
            assert run["attempts"] == 2
            assert len(requeued) == 1
            current = deployment.api.get(f"/runs/{run['id']}").json()
            assert current["attempt"] == 2
            assert {e["attempt"] for e in current["events"]} == {2}
            # Had the first attempt already clicked 'Create account'? Then it signed up too.
            # A kill between the click reaching the shop and its step being recorded leaves
            # only the step's start behind: that attempt may or may not have signed up.
            first = [e for e in events if e["seq"] < requeued[0]]
            clicked = any(e["type"] == "action" and e["step_id"] == "s5" for e in first)
            started = any(
                e["type"] == "step_start" and e["step_id"] == "s5" for e in first
            )
            expected_signups += clicked
            maybe_signups += started and not clicked
        else:
            assert run["attempts"] == 1
            assert requeued == []
    # One sign-up per attempt that got that far, each with its own generated email: nothing
    # was lost and no attempt executed twice.
    signups = deployment.signups()
    assert len(signups) == len(set(signups))
    assert expected_signups <= len(signups) <= expected_signups + maybe_signups


BROWSER_PROGRAMS = {
    b"chromium",
    b"chrome",
    b"chromium-browser",
    b"chromium-headless-shell",
    b"headless_shell",
}


def _browsers_under(root: int) -> set[int]:
    """Chromium's main (browser) processes descended from `root` (renderers and helpers carry
    --type). Playwright starts the browser in a process group of its own, hence the walk."""
    parents: dict[int, int] = {}
    browsers: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            # Chromium rewrites its children's command lines as one space-separated string.
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields count from its closing one.
        parents[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        program = command.split(b" ", 1)[0].rsplit(b"/", 1)[-1]
        if program in BROWSER_PROGRAMS and b"--type=" not in command:
            browsers.add(int(proc.name))
    found: set[int] = set()
    for pid in browsers:
        node = pid
        for _ in range(50):
            node = parents.get(node, 0)
            if node == root:
                found.add(pid)
                break
            if node <= 1:
                break
    return found


def test_a_worker_keeps_its_browser_between_runs_with_a_fresh_context_each(
    deployment: Deployment,
) -> None:
    """Runs one after another reuse the worker processes' Chromium instead of launching
    and closing one per run (each run gets a fresh context: tests/e2e/test_browser_keeper.py)."""
    worker = deployment.add_worker()
    suite = _suite(deployment)
    seen: set[int] = set()
    for _ in range(4):
        run_id = deployment.api.post(
            "/runs", {"suite": suite, "file_issues": "none"}
        ).json()["run_id"]
        (run,) = deployment.api.wait_for_runs([run_id], timeout=300)
        assert run["status"] == "passed", run.get("reason")
        alive = _browsers_under(worker.process.pid)
        # Kept, not closed with the run: at most one per worker process (two slots).
        assert 1 <= len(alive) <= 2, alive
        seen |= alive
    assert len(seen) <= 2, seen
    assert len(deployment.signups()) == 4
