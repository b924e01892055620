"""Aggregates kept in the cache: served stale while one background thread refreshes them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.kept import every, kept, refreshing
from core.models import User
from insights.views import warm
from tests.factories import CaseResultFactory, RunFactory


def _wait_for_refresh() -> None:
    deadline = time.monotonic() + 10
    while refreshing() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not refreshing()


def _counter(values: list[str]) -> tuple[Callable[[], str], list[int]]:
    calls = [0]

    def compute() -> str:
        calls[0] += 1
        return values[calls[0] - 1]

    return compute, calls


def test_a_fresh_value_is_computed_once() -> None:
    compute, calls = _counter(["a", "b"])
    first, computed = kept("k-fresh", compute, fresh_s=60)
    again, computed_again = kept("k-fresh", compute, fresh_s=60)
    assert (first, again, calls[0]) == ("a", "a", 1)
    assert computed == computed_again <= time.time()


def test_a_stale_value_is_served_while_it_is_refreshed_in_the_background() -> None:
    release = threading.Event()
    calls = [0]

    def slow() -> str:
        calls[0] += 1
        if calls[0] > 1:
            assert release.wait(10)
        return f"v{calls[0]}"

    assert kept("k-stale", slow, fresh_s=0)[0] == "v1"
    # The refresh is held back: the visitor still gets the old value at once, and a second
    # visitor does not start a second refresh.
    started = time.monotonic()
    assert kept("k-stale", slow, fresh_s=0)[0] == "v1"
    assert kept("k-stale", slow, fresh_s=0)[0] == "v1"
    assert time.monotonic() - started < 1
    assert refreshing()
    release.set()
    _wait_for_refresh()
    assert calls[0] == 2
    assert kept("k-stale", slow, fresh_s=60)[0] == "v2"


def test_a_failed_refresh_keeps_the_stale_value() -> None:
    def broken() -> str:
        raise RuntimeError("database down")

    assert kept("k-broken", lambda: "old", fresh_s=0)[0] == "old"
    assert kept("k-broken", broken, fresh_s=0)[0] == "old"
    _wait_for_refresh()
    assert kept("k-broken", broken, fresh_s=60)[0] == "old"


def test_nothing_cached_yet_is_computed_in_the_request() -> None:
    with pytest.raises(RuntimeError):
        kept("k-none", lambda: (_ for _ in ()).throw(RuntimeError("boom")), fresh_s=60)


@pytest.mark.django_db
def test_warm_computes_what_the_dashboard_shows(bob: User) -> None:
    run = RunFactory.create(status="failed", passed=1, failed=1)
    CaseResultFactory.create(run=run, case_id="cart", status="failed")
    CaseResultFactory.create(run=run, case_id="browse", status="passed")
    browser = Client()
    browser.force_login(bob)
    with CaptureQueriesContext(connection) as cold:
        assert browser.get("/").status_code == 200
    from django.core.cache import cache

    cache.clear()
    warm()
    with CaptureQueriesContext(connection) as warmed:
        assert browser.get("/").status_code == 200
    # The case-result aggregation and the per-day run counts are no longer part of the visit.
    assert any("runs_caseresult" in q["sql"] for q in cold.captured_queries)
    assert not any("runs_caseresult" in q["sql"] for q in warmed.captured_queries)
    assert len(warmed.captured_queries) < len(cold.captured_queries)


def test_every_goes_on_after_a_failed_round() -> None:
    rounds: list[int] = []

    def work() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("database not ready")

    every(0, work, rounds=3)
    assert rounds == [0, 1, 2]
