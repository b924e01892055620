"""Stopping a worker, whether the signal reaches the worker alone or its whole process group (what
Ctrl-C, `kill -TERM -<pgid>` and service managers send): it exits within its grace period, and
the run it was executing either finishes or is re-queued for another worker, never left
`running`, and no process of it is left behind."""

from __future__ import annotations

import io
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.server import DemoHandle, start_demo
from tests.system.servers import (
    Api,
    Server,
    TripwireEnv,
    Worker,
    start_server,
    start_worker,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SLOW = """\
suite: Slow
id: slow
base_url: {base_url}
cases:
  - id: a
    title: A
    steps: ['Open /', {waits}]
"""


@pytest.fixture(scope="module")
def shop() -> Iterator[DemoHandle]:
    with start_demo(port=0, stream=io.StringIO()) as handle:
        yield handle


def _deploy(tmp_path: Path, *, grace: int) -> tuple[TripwireEnv, Server, Api]:
    env = TripwireEnv(
        data_dir=tmp_path, extra={"TRIPWIRE_WORKER_GRACE_SECONDS": str(grace)}
    )
    server = start_server(env, workers=1, threads=4)
    return env, server, Api(server.url)


def _start_slow_run(api: Api, shop: DemoHandle, *, seconds: int, steps: int) -> str:
    waits = ", ".join([f"'Wait {seconds} seconds'"] * steps)
    text = SLOW.format(base_url=shop.url, waits=waits)
    assert api.put("/suites/slow.tripwire.yaml", {"yaml": text}).status_code in (
        200,
        201,
    )
    run_id = str(api.post("/runs", {"suite": "slow.tripwire.yaml"}).json()["run_id"])
    deadline = time.monotonic() + 90
    while api.get(f"/runs/{run_id}?since=999999").json()["status"] != "running":
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(0.3)
    # Into its first wait: the browser is up and a step is in progress.
    while not any(
        event["type"] == "step_start" and event["step_id"] == "s2"
        for event in api.get(f"/runs/{run_id}").json()["events"]
    ):
        assert time.monotonic() < deadline, "the run never reached its second step"
        time.sleep(0.3)
    return run_id


def _signal(worker: Worker, target: str, signum: int = signal.SIGTERM) -> None:
    if target == "group":
        os.killpg(worker.process.pid, signum)
    else:
        worker.process.send_signal(signum)


def _exits(worker: Worker) -> int:
    """The worker's exit code; a worker that hangs fails the test instead of the CI run."""
    try:
        return worker.process.wait(timeout=60)
    except Exception:
        worker.kill()
        pytest.fail(
            f"the worker did not exit on SIGTERM:\n{worker.log.read_text()[-3000:]}"
        )


def _no_process_left(worker: Worker) -> bool:
    """Nothing of the worker's process group is left within a few seconds of its exit (each
    process got the signal at once; the worker may exit before the last of them has)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(worker.process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(
    ("target", "signum"),
    [("worker", signal.SIGTERM), ("group", signal.SIGINT)],
    ids=["sigterm-to-the-worker", "ctrl-c-to-the-group"],
)
def test_a_run_that_ends_within_the_grace_period_finishes(
    shop: DemoHandle, tmp_path: Path, target: str, signum: int
) -> None:
    env, server, api = _deploy(tmp_path, grace=60)
    worker = start_worker(env)
    try:
        run_id = _start_slow_run(api, shop, seconds=2, steps=3)
        _signal(worker, target, signum)
        assert _exits(worker) == 0
        run = api.get(f"/runs/{run_id}?since=999999").json()
        assert run["status"] == "passed", run["reason"]
        assert _no_process_left(worker)
    finally:
        worker.kill()
        server.stop()


@pytest.mark.parametrize(
    ("target", "grace"),
    [("worker", 2), ("group", 60)],
    ids=["sigterm-to-the-worker-past-its-grace", "sigterm-to-the-group"],
)
def test_an_interrupted_run_is_requeued_and_finishes_elsewhere(
    shop: DemoHandle, tmp_path: Path, target: str, grace: int
) -> None:
    """Past the grace period the worker stops its run; a SIGTERM to the whole group ends the
    cluster's processes (browsers too) at once. Either way the run goes back to the queue."""
    env, server, api = _deploy(tmp_path, grace=grace)
    worker = start_worker(env)
    replacement: Worker | None = None
    try:
        run_id = _start_slow_run(api, shop, seconds=5, steps=4)
        _signal(worker, target)
        assert _exits(worker) == 0
        assert _no_process_left(worker), "browsers or workers outlived the worker"
        run = api.get(f"/runs/{run_id}").json()
        assert run["status"] == "queued"
        logs = [e["data"].get("message") for e in run["events"] if e["type"] == "log"]
        assert "the worker was stopped before the run finished; re-queued" in logs

        replacement = start_worker(env, name="replacement")
        [finished] = api.wait_for_runs([run_id], timeout=180)
        assert finished["status"] == "passed"
    finally:
        worker.kill()
        if replacement is not None:
            replacement.stop()
        server.stop()
