"""A browser kept between runs (what a queue worker does): a fresh context per run, replaced when
it dies or has served its runs, and nothing left behind once closed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from engine import BrowserKeeper
from engine.spec import Check, Expect
from tests.e2e.conftest import chromium_processes, one_case, request_for

pytestmark = pytest.mark.browser


def _visits(site_url: str, expected: str, opens: int = 1) -> engine.spec.SuiteSpec:
    return one_case(
        site_url,
        ["Open /session.html"] * opens,
        [Expect("a1", "visits", Check("visible_text", contains=expected))],
    )


@pytest.fixture
def keeper() -> Iterator[BrowserKeeper]:
    kept = BrowserKeeper(max_runs=3)
    try:
        yield kept
    finally:
        kept.close()


def _run(suite: engine.spec.SuiteSpec, tmp_path: Path, keeper: BrowserKeeper) -> str:
    report = engine.execute(request_for(suite, tmp_path), browsers=keeper)
    return f"{report.status} {report.cases[0].reason or ''}".strip()


def test_runs_share_one_browser_but_never_a_context(
    site_url: str, tmp_path: Path, keeper: BrowserKeeper
) -> None:
    # Within a run the page remembers (storage and cookie)...
    assert (
        _run(_visits(site_url, "visits: 2, cookie set before", 2), tmp_path, keeper)
        == "passed"
    )
    # ...the next runs start from nothing, in the same browser.
    for _ in range(2):
        fresh = _visits(site_url, "visits: 1, no cookie before")
        assert _run(fresh, tmp_path, keeper) == "passed"
    assert keeper.launches == 1
    assert chromium_processes() > 0  # kept between runs


def test_a_dead_browser_is_replaced_and_a_worn_one_restarted(
    site_url: str, tmp_path: Path, keeper: BrowserKeeper
) -> None:
    suite = _visits(site_url, "visits: 1")
    assert _run(suite, tmp_path, keeper) == "passed"
    # The browser goes away between runs (a crash, an OOM kill): the next run gets a new one.
    keeper.call(lambda: keeper.acquire(engine.spec.BrowserOptions()).close())
    assert _run(suite, tmp_path, keeper) == "passed"
    assert keeper.launches == 2
    # max_runs=3: the new browser serves two more runs, then the next run restarts it.
    assert _run(suite, tmp_path, keeper) == "passed"
    assert _run(suite, tmp_path, keeper) == "passed"
    assert keeper.launches == 2
    assert _run(suite, tmp_path, keeper) == "passed"
    assert keeper.launches == 3


def test_closing_the_keeper_leaves_no_chromium(
    site_url: str, tmp_path: Path, keeper: BrowserKeeper
) -> None:
    assert _run(_visits(site_url, "visits: 1"), tmp_path, keeper) == "passed"
    assert chromium_processes() > 0
    keeper.close()
    assert chromium_processes() == 0


def test_runs_from_any_thread_share_the_keepers_browser(
    site_url: str, tmp_path: Path, keeper: BrowserKeeper
) -> None:
    """Runs execute on the keeper's thread, so callers on other threads share its browser and
    their own thread never holds a sync Playwright loop."""
    import asyncio
    import threading

    statuses: list[str] = []
    thread = threading.Thread(
        target=lambda: statuses.append(
            _run(_visits(site_url, "visits: 1"), tmp_path, keeper)
        )
    )
    thread.start()
    thread.join(timeout=120)
    assert _run(_visits(site_url, "visits: 1"), tmp_path, keeper) == "passed"
    assert statuses == ["passed"]
    assert keeper.launches == 1
    # What Django checks before a database call: no event loop runs in this thread.
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
