"""The runs API without a browser: submitting, sharding, the queue view, cancelling, repairing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from runs import services
from runs.models import Run, RunEvent, RunStatus
from suites.services import suite_create

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "suites"


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run ids handed to the queue (django-q2's async_task is the boundary we stop at)."""
    sent: list[str] = []

    def fake_async_task(func: str, run_id: str, **kwargs: Any) -> str:
        assert func == "runs.tasks.execute_run"
        sent.append(run_id)
        return "task-id"

    monkeypatch.setattr("django_q.tasks.async_task", fake_async_task)
    return sent


@pytest.fixture
def shop(db: None) -> str:
    return suite_create(
        yaml_text=(EXAMPLES / "shop-checkout.tripwire.yaml").read_text()
    ).file


@pytest.fixture
def widgets(db: None) -> str:
    return suite_create(
        yaml_text=(EXAMPLES / "storefront-widgets.tripwire.yaml").read_text()
    ).file


def test_post_runs_queues_one_run_and_enqueues_it_after_commit(
    api: APIClient,
    shop: str,
    enqueued: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(
            "/api/v1/runs", {"suite": shop, "file_issues": "none"}, format="json"
        )
    assert response.status_code == 201
    body = response.json()
    assert body["run_ids"] == [body["run_id"]]
    assert body["queued"] == 1
    assert len(callbacks) == 1
    assert enqueued == [body["run_id"]]
    run = Run.objects.get(pk=body["run_id"])
    assert (
        run.status,
        run.suite_file,
        run.suite_id,
        run.file_issues,
        run.case_ids,
    ) == ("queued", shop, "shop-checkout", "none", [])
    # The suite text is frozen at submission: later edits do not change a queued run.
    assert "Shop and check out" in run.suite_yaml


def test_the_queue_form_creates_one_run_per_job(
    api: APIClient,
    shop: str,
    widgets: str,
    enqueued: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/runs",
            {
                "jobs": [
                    {"suite": shop, "cases": ["cart"]},
                    {"suite": "storefront-widgets"},
                ]
            },
            format="json",
        )
    assert response.status_code == 201
    ids = response.json()["run_ids"]
    assert len(ids) == 2
    first, second = (Run.objects.get(pk=i) for i in ids)
    # A case subset brings its prerequisites along, in file order.
    assert first.case_ids == ["register", "browse", "add-to-cart", "cart"]
    assert second.suite_file == widgets
    assert enqueued == ids


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        (
            {"suite": "nope.tripwire.yaml"},
            "suite",
            "unknown suite 'nope.tripwire.yaml'",
        ),
        (
            {"suite": "shop-checkout.tripwire.yaml", "cases": ["cart", "ghost"]},
            "cases",
            "shop-checkout.tripwire.yaml has no case 'ghost'",
        ),
        (
            {"jobs": [{"suite": "shop-checkout"}, {"suite": "ghost"}]},
            "jobs[1].suite",
            "unknown suite 'ghost'",
        ),
        (
            {"suite": "shop-checkout", "file_issues": "tripwire,bugzilla"},
            "file_issues",
            "unknown destination 'bugzilla': use tripwire, none, github, gitlab, jira",
        ),
        (
            {},
            "suite",
            "Give either `suite` (one suite) or `jobs` (a list), not both or neither.",
        ),
    ],
)
def test_bad_submissions_name_the_culprit_and_queue_nothing(
    api: APIClient,
    shop: str,
    enqueued: list[str],
    body: dict[str, Any],
    path: str,
    message: str,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/runs", body, format="json")
    assert response.status_code == 400
    assert {"path": path, "message": message} in response.json()["errors"]
    assert not Run.objects.exists()
    assert enqueued == []


def test_sharded_splits_along_the_depends_on_graph(
    api: APIClient, widgets: str, shop: str, enqueued: list[str]
) -> None:
    # Every widgets case stands alone: four shards. The shop suite is one chain: one shard.
    ids = api.post(
        "/api/v1/runs", {"suite": widgets, "sharded": True}, format="json"
    ).json()["run_ids"]
    assert [Run.objects.get(pk=i).case_ids for i in ids] == [
        ["search"],
        ["category"],
        ["help-menu"],
        ["newsletter"],
    ]
    ids = api.post(
        "/api/v1/runs", {"suite": shop, "sharded": True}, format="json"
    ).json()["run_ids"]
    assert len(ids) == 1


def test_shards_of_a_graph_with_two_components() -> None:
    from suites.schema import parse_suite

    spec = parse_suite(
        "suite: S\nid: s\nbase_url: http://x.test\ncases:\n"
        "  - {id: a, title: A, steps: [x]}\n  - {id: b, title: B, steps: [x]}\n"
        "  - {id: c, title: C, depends_on: a, steps: [x]}\n"
        "  - {id: d, title: D, depends_on: [b, c], steps: [x]}\n"
        "  - {id: e, title: E, steps: [x]}\n"
    ).suite
    assert services.shards(spec, ["a", "b", "c", "d", "e"]) == [
        ["a", "b", "c", "d"],
        ["e"],
    ]
    assert services.shards(spec, ["a", "c", "e"]) == [["a", "c"], ["e"]]


def test_list_filters_by_suite_and_status(
    api: APIClient, shop: str, widgets: str, enqueued: list[str]
) -> None:
    shop_run = api.post("/api/v1/runs", {"suite": shop}, format="json").json()["run_id"]
    api.post("/api/v1/runs", {"suite": widgets}, format="json")
    Run.objects.filter(pk=shop_run).update(status=RunStatus.FAILED)
    assert api.get("/api/v1/runs").json()["total"] == 2
    by_suite = api.get("/api/v1/runs", {"suite": "shop-checkout"}).json()
    assert [r["id"] for r in by_suite["items"]] == [shop_run]
    by_status = api.get("/api/v1/runs", {"status": "queued"}).json()
    assert [r["suite"] for r in by_status["items"]] == [widgets]
    assert api.get("/api/v1/runs", {"status": "failed,queued"}).json()["total"] == 2


def test_queue_shows_running_and_pending_in_the_seed_shape(
    api: APIClient, shop: str, widgets: str, enqueued: list[str], settings: Any
) -> None:
    settings.MAX_CONCURRENT_RUNS = 1
    first = api.post("/api/v1/runs", {"suite": shop}, format="json").json()["run_id"]
    second = api.post(
        "/api/v1/runs", {"suite": widgets, "cases": ["search"]}, format="json"
    ).json()["run_id"]
    assert services.run_claim(run_id=first, worker="test:1")
    queue = api.get("/api/v1/runs/queue").json()
    assert queue == {
        "active": first,
        "active_suite": shop,
        "running": [{"id": first, "suite": shop}],
        "running_suites": [shop],
        "pending": [{"id": second, "suite": widgets, "cases": ["search"]}],
        "busy": True,
    }


def test_only_one_claim_wins(shop: str, enqueued: list[str]) -> None:
    run = services.run_submit(jobs=[services.Job(suite=shop)])[0]
    assert services.run_claim(run_id=run.id, worker="a:1") is True
    assert services.run_claim(run_id=run.id, worker="b:2") is False
    run.refresh_from_db()
    assert (run.status, run.worker, run.attempts) == ("running", "a:1", 1)


def test_cancelling_a_queued_run_means_it_never_starts(
    api: APIClient, shop: str, enqueued: list[str]
) -> None:
    run_id = api.post("/api/v1/runs", {"suite": shop}, format="json").json()["run_id"]
    response = api.post(f"/api/v1/runs/{run_id}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert services.run_claim(run_id=run_id, worker="late:1") is False
    again = api.post(f"/api/v1/runs/{run_id}/cancel")
    assert again.status_code == 409
    assert again.json()["type"] == "conflict"


def test_cancelling_a_running_run_asks_it_to_stop(
    api: APIClient, shop: str, enqueued: list[str]
) -> None:
    run_id = api.post("/api/v1/runs", {"suite": shop}, format="json").json()["run_id"]
    services.run_claim(run_id=run_id, worker="w:1")
    assert api.post(f"/api/v1/runs/{run_id}/cancel").json()["status"] == "cancelling"
    run = Run.objects.get(pk=run_id)
    assert run.cancel_requested
    from runs.engine_adapter import cancel_requested

    # What the running engine polls between steps.
    assert cancel_requested(run_id) is True
    # Asking again while it stops is no conflict; it is still holding its worker.
    again = api.post(f"/api/v1/runs/{run_id}/cancel")
    assert (again.status_code, again.json()["status"]) == (200, "cancelling")
    assert api.get("/api/v1/runs/queue").json()["running"] == [
        {"id": run_id, "suite": shop}
    ]
    services.run_heartbeat(run_id=run_id)


def test_a_cancelling_run_whose_worker_died_ends_cancelled(
    shop: str, enqueued: list[str]
) -> None:
    run = services.run_submit(jobs=[services.Job(suite=shop)], enqueue=False)[0]
    services.run_claim(run_id=run.id, worker="dead:1")
    services.run_cancel(run=run)
    Run.objects.filter(pk=run.id).update(
        heartbeat=timezone.now() - timedelta(minutes=5)
    )
    assert services.runs_reconcile() == services.Reconciled(requeued=[], broken=[])
    run.refresh_from_db()
    assert run.status == "cancelled"
    assert run.finished is not None


def test_a_headed_run_is_refused_where_there_is_no_display(
    api: APIClient, shop: str, enqueued: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    response = api.post("/api/v1/runs", {"suite": shop, "headed": True}, format="json")
    assert response.status_code == 409
    assert response.json()["type"] == "display_unavailable"
    assert "xvfb-run" in response.json()["detail"]
    assert Run.objects.count() == 0
    monkeypatch.setenv("DISPLAY", ":99")
    accepted = api.post("/api/v1/runs", {"suite": shop, "headed": True}, format="json")
    assert accepted.status_code == 201


def test_a_run_with_a_stale_heartbeat_is_requeued_once_then_broken(
    shop: str,
    enqueued: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    run = services.run_submit(jobs=[services.Job(suite=shop)], enqueue=False)[0]
    services.run_claim(run_id=run.id, worker="dead:1")
    Run.objects.filter(pk=run.id).update(
        heartbeat=timezone.now() - timedelta(minutes=5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = services.runs_reconcile()
    assert first.requeued == [run.id]
    run.refresh_from_db()
    assert run.status == "queued"
    assert enqueued == [run.id]
    log = RunEvent.objects.get(run=run, type="log")
    assert log.data == {"message": "interrupted by a worker restart; re-queued"}

    # A fresh heartbeat is left alone.
    services.run_claim(run_id=run.id, worker="alive:2")
    assert services.runs_reconcile().requeued == []

    # Interrupted a second time: given up on.
    Run.objects.filter(pk=run.id).update(
        heartbeat=timezone.now() - timedelta(minutes=5)
    )
    second = services.runs_reconcile()
    assert second.broken == [run.id]
    run.refresh_from_db()
    assert run.status == "broken"
    assert run.reason == "interrupted by a worker restart twice; not retried again"
    assert run.finished is not None
    # Every case it was to run is broken, for that reason: the counts say what happened.
    cases = run.report["cases"]
    assert cases and {c["status"] for c in cases} == {"broken"}
    assert (run.broken, run.passed) == (len(cases), 0)
    assert cases[0]["reason"] == run.reason


def test_get_run_returns_status_events_and_since(
    api: APIClient, shop: str, enqueued: list[str]
) -> None:
    run_id = api.post("/api/v1/runs", {"suite": shop}, format="json").json()["run_id"]
    run = Run.objects.get(pk=run_id)
    for n in range(3):
        services.run_log(run=run, message=f"line {n}")
    body = api.get(f"/api/v1/runs/{run_id}").json()
    assert body["status"] == "queued"
    assert [e["data"]["message"] for e in body["events"]] == [
        "line 0",
        "line 1",
        "line 2",
    ]
    assert body["artifacts"] == f"/api/v1/artifacts/{run_id}/"
    later = api.get(f"/api/v1/runs/{run_id}", {"since": 2}).json()
    assert [e["seq"] for e in later["events"]] == [3]
    assert api.get("/api/v1/runs/nope").status_code == 404
    for bad in ({"since": "abc"}, {"since": -1}, {"attempt": 0}, {"attempt": 2}):
        refused = api.get(f"/api/v1/runs/{run_id}", bad)
        assert refused.status_code == 400, bad
        assert refused.json()["errors"][0]["path"] in bad


def test_a_requeued_run_shows_its_current_attempt_and_keeps_the_earlier_one(
    api: APIClient, shop: str, enqueued: list[str]
) -> None:
    run = services.run_submit(jobs=[services.Job(suite=shop)], enqueue=False)[0]
    services.run_claim(run_id=run.id, worker="dead:1")
    run.refresh_from_db()
    services.run_log(run=run, message="first attempt's step")
    Run.objects.filter(pk=run.id).update(
        heartbeat=timezone.now() - timedelta(minutes=5)
    )
    services.runs_reconcile()
    services.run_claim(run_id=run.id, worker="alive:2")
    run.refresh_from_db()
    services.run_log(run=run, message="second attempt's step")

    current = api.get(f"/api/v1/runs/{run.id}").json()
    assert (current["attempts"], current["attempt"]) == (2, 2)
    assert [e["data"]["message"] for e in current["events"]] == [
        "second attempt's step"
    ]
    earlier = api.get(f"/api/v1/runs/{run.id}", {"attempt": 1}).json()
    assert earlier["attempt"] == 1
    assert [e["data"]["message"] for e in earlier["events"]] == [
        "first attempt's step",
        "interrupted by a worker restart; re-queued",
    ]


def test_filters_refuse_values_they_do_not_know(api: APIClient) -> None:
    for path in ("/api/v1/runs?status=nope", "/api/v1/issues?status=nope"):
        response = api.get(path)
        assert response.status_code == 400, path
        assert response.json()["errors"][0]["path"] == "status"
    assert api.get("/api/v1/runs?status=failed,broken").status_code == 200


def test_queued_runs_whose_message_was_lost_are_sent_again(
    shop: str,
    enqueued: list[str],
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.MAX_CONCURRENT_RUNS = 2
    long_ago = timezone.now() - timedelta(minutes=10)
    waiting = services.run_submit(jobs=[services.Job(suite=shop)] * 3, enqueue=False)
    Run.objects.filter(pk__in=[r.id for r in waiting]).update(enqueued=long_ago)
    fresh = services.run_submit(jobs=[services.Job(suite=shop)], enqueue=False)[0]
    Run.objects.filter(pk=fresh.id).update(enqueued=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        resent = services.runs_resend_orphans()
    # Two free slots: the two oldest waiting runs get a fresh message; the fresh one is left.
    assert resent == [waiting[0].id, waiting[1].id]
    assert enqueued == resent

    services.run_claim(run_id=waiting[0].id, worker="w:1")
    services.run_claim(run_id=waiting[1].id, worker="w:2")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.runs_resend_orphans() == []  # every slot is busy


def test_a_dead_local_worker_is_noticed_before_its_heartbeat_goes_stale(
    shop: str,
    enqueued: list[str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    import socket
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    run = services.run_submit(jobs=[services.Job(suite=shop)], enqueue=False)[0]
    host = socket.gethostname()
    services.run_claim(run_id=run.id, worker=f"{host}:{gone.stdout.strip()}")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.runs_reconcile().requeued == []
        )  # heartbeat is fresh, host unknown
        assert services.runs_reconcile(host=host).requeued == [run.id]
