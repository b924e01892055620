"""A queued run executed by the worker's task function, in real Chromium against the demo shop."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError

from demo.server import DemoHandle
from runs import services
from runs.execution import execute_run
from runs.models import CaseResult, Run, RunEvent
from suites.models import ActionCacheEntry
from suites.services import suite_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "suites"


@pytest.fixture
def no_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django_q.tasks.async_task", lambda *a, **k: "t")


def _queued(shop: DemoHandle, yaml_text: str, **kwargs: Any) -> Run:
    file = suite_create(yaml_text=yaml_text).file
    return services.run_submit(
        jobs=[services.Job(suite=file, cases=kwargs.pop("cases", None))],
        base_url=shop.url,
        file_issues="none",
        **kwargs,
    )[0]


def test_the_task_runs_the_suite_and_records_everything(
    shop: DemoHandle, no_queue: None
) -> None:
    run = _queued(shop, (EXAMPLES / "signup-login.tripwire.yaml").read_text())

    execute_run(run.id)
    execute_run(run.id)  # a second delivery of the same message does nothing

    run.refresh_from_db()
    assert run.status == "passed", run.reason
    assert (run.passed, run.failed, run.broken, run.skipped) == (4, 0, 0, 0)
    assert run.attempts == 1
    assert run.duration_ms and run.duration_ms > 0
    assert run.report is not None and run.report["run_id"] == run.id
    types = list(RunEvent.objects.filter(run=run).values_list("type", flat=True))
    assert types[0] == "case_start" and types[-1] == "done"
    assert types.count("case_start") == 4
    seqs = list(RunEvent.objects.filter(run=run).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert list(
        CaseResult.objects.filter(run=run).values_list("case_id", "status")
    ) == [
        ("signup", "passed"),
        ("logout", "passed"),
        ("wrong-password", "passed"),
        ("login", "passed"),
    ]
    folder = Path(settings.ARTIFACTS_DIR) / run.id
    for name in ("report.json", "junit.xml", "report.html"):
        assert (folder / name).is_file()
    shots = [shot["path"] for case in run.report["cases"] for shot in case["shots"]]
    assert shots and all((folder / path).is_file() for path in shots)
    # The steps went into the shared action cache.
    assert ActionCacheEntry.objects.filter(suite_id="signup-login").count() >= 10


def test_a_second_run_replays_from_the_database_cache(
    shop: DemoHandle, no_queue: None
) -> None:
    text = (EXAMPLES / "storefront-widgets.tripwire.yaml").read_text()
    first = _queued(shop, text)
    execute_run(first.id)
    second = services.run_submit(
        jobs=[services.Job(suite=first.suite_file)], base_url=shop.url
    )[0]
    execute_run(second.id)
    second.refresh_from_db()
    assert second.status == "passed"
    tiers = [
        e.data.get("tier")
        for e in RunEvent.objects.filter(run=second, type="action")
        if e.data.get("tier")
    ]
    assert tiers and set(tiers) == {"cache"}
    assert sum(ActionCacheEntry.objects.values_list("hits", flat=True)) >= len(tiers)


def test_cancelling_a_running_run_stops_it_between_steps(
    shop: DemoHandle, no_queue: None
) -> None:
    waits = ", ".join(["'Wait 2 seconds'"] * 10)
    slow = (
        f"suite: Slow\nid: slow\nbase_url: {shop.url}\ncases:\n"
        f"  - {{id: a, title: A, steps: ['Open /', {waits}]}}\n"
    )
    # Two-second steps: on a loaded machine the event rows this test watches may land several
    # seconds late, and the run must still be seen to stop well before its last step.
    run = _queued(shop, slow)
    worker = threading.Thread(target=execute_run, args=(run.id,))
    worker.start()
    deadline = time.monotonic() + 60

    def third_step_started() -> bool:
        try:
            return RunEvent.objects.filter(
                run=run, type="step_start", step_id="s3"
            ).exists()
        except OperationalError:
            # The test database is one in-memory SQLite shared with the worker's thread, which
            # may hold the table's lock right now ("database table is locked"): ask again.
            return False

    while not third_step_started():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    services.run_cancel(run=Run.objects.get(pk=run.id))
    worker.join(timeout=60)
    run.refresh_from_db()
    assert run.status == "cancelled"
    started = set(
        RunEvent.objects.filter(run=run, type="step_start").values_list(
            "step_id", flat=True
        )
    )
    assert "s11" not in started


def test_a_run_past_its_timeout_is_broken(
    shop: DemoHandle, no_queue: None, settings: Any
) -> None:
    settings.RUN_TIMEOUT = 4
    slow = (
        f"suite: Slow\nid: slow\nbase_url: {shop.url}\ncases:\n"
        "  - {id: a, title: A, steps: ['Open /', 'Wait 2 seconds', 'Wait 2 seconds', 'Wait 2 seconds', "
        "'Wait 2 seconds']}\n"
        "  - {id: b, title: B, steps: ['Open /products']}\n"
    )
    run = _queued(shop, slow)
    execute_run(run.id)
    run.refresh_from_db()
    assert run.status == "broken"
    assert "timed out after 4" in (run.reason + str(run.report))


def test_headed_without_a_display_is_broken_with_directions(
    shop: DemoHandle, no_queue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Accepted where it was submitted (a web host with a display), then picked up by a worker
    # host without one: the worker says how to give it one.
    monkeypatch.setenv("DISPLAY", ":99")
    run = _queued(
        shop, (EXAMPLES / "storefront-widgets.tripwire.yaml").read_text(), headed=True
    )
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    execute_run(run.id)
    run.refresh_from_db()
    assert run.status == "broken"
    text = run.reason + str(run.report)
    assert "DISPLAY" in text and "xvfb-run" in text
