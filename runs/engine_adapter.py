"""The Django side of the engine: what runs, generation and recording hand to it.

The engine is plain Python and knows nothing of the database or the settings. This module is the
one place that adapts the two:
- `DbThread`: the thread that makes the engine's database calls (see below);
- `DbActionCache`: the action cache as a table every worker (and the CLI) shares;
- `DbReporter`: engine events as `RunEvent` rows, written as they happen, plus cancel checks;
- `model_config()` and `browser_options()`: the model endpoint and browser from the settings.

Database calls made on behalf of the engine go through one dedicated thread. Playwright's sync
API keeps an asyncio loop running in the calling thread, and Django (rightly) refuses ORM calls
where a loop is running. The engine's callbacks (events, the action cache, cancel checks)
therefore hand their database work to `DbThread`. Events are sent without waiting, in order;
reads wait for their answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections
from django.db.models import F

from core.selectors import instance_settings_get
from engine import BrowserKeeper, CachedAction, CacheKey, Event, Reporter
from engine.spec import BrowserOptions, ModelConfig
from runs.models import Run, RunEvent
from suites.models import ActionCacheEntry

logger = logging.getLogger(__name__)
T = TypeVar("T")


class DbThread:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tripwire-db")
        self._sent: list[Future[Any]] = []

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn` on the database thread and wait for its result."""
        return self._pool.submit(fn, *args, **kwargs).result()

    def send(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Queue `fn` on the database thread; errors are logged at `drain`, not raised here."""
        self._sent.append(self._pool.submit(fn, *args, **kwargs))

    def drain(self) -> None:
        for future in self._sent:
            error = future.exception()
            if error is not None:
                logger.error("A database write for the engine failed: %s", error)
        self._sent.clear()

    def close(self) -> None:
        self.drain()
        # The thread holds its own connection: close it before the thread goes away.
        self._pool.submit(connections.close_all).result()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> DbThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DbActionCache:
    """Reads and writes go through `db` (the engine's thread may not touch the ORM itself)."""

    def __init__(self, db: DbThread | None = None) -> None:
        self.db = db

    def get(self, key: CacheKey) -> CachedAction | None:
        digest = key.digest()
        found = self.db.call(self._find, digest) if self.db else self._find(digest)
        if found is not None and self.db:
            # Bookkeeping, written after the step goes on: a write waits for the database's
            # write lock, which another worker's run may hold.
            self.db.send(self._count_hit, digest)
        elif found is not None:
            self._count_hit(digest)
        return found

    def put(self, key: CacheKey, action: CachedAction) -> None:
        if self.db:
            self.db.call(self._put, key, action)
        else:
            self._put(key, action)

    @staticmethod
    def _find(digest: str) -> CachedAction | None:
        entry = ActionCacheEntry.objects.filter(key=digest).only("action").first()
        return None if entry is None else CachedAction.from_dict(entry.action)

    @staticmethod
    def _count_hit(digest: str) -> None:
        ActionCacheEntry.objects.filter(key=digest).update(hits=F("hits") + 1)

    @staticmethod
    def _put(key: CacheKey, action: CachedAction) -> None:
        digest = key.digest()
        data = action.to_dict()
        current = ActionCacheEntry.objects.filter(key=digest).values_list(
            "action", flat=True
        )
        existing = current.first()
        if existing is None:
            ActionCacheEntry.objects.get_or_create(
                key=digest,
                defaults={
                    "suite_id": key.suite_id,
                    "case_id": key.case_id,
                    "step_id": key.step_id,
                    "text": key.step_text,
                    "url_path": key.url_path,
                    "action": data,
                    "tier": action.tier,
                },
            )
        elif existing != data:
            # A rewrite of an existing entry is a heal: the recorded locators stopped working.
            ActionCacheEntry.objects.filter(key=digest).update(
                action=data, tier=action.tier, heals=F("heals") + 1
            )


def _parse_ts(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _write_event(run_id: str, seq: int, attempt: int, event: Event) -> None:
    RunEvent.objects.create(
        run_id=run_id,
        seq=seq,
        attempt=attempt,
        ts=_parse_ts(event.ts),
        type=event.type,
        case_id=event.case_id or "",
        step_id=event.step_id or "",
        data=event.data,
    )


def cancel_requested(run_id: str) -> bool:
    return Run.objects.filter(pk=run_id, cancel_requested=True).exists()


class DbReporter:
    # Cancellation is checked between steps; polling at most twice a second is plenty.
    CANCEL_POLL_SECONDS = 0.5

    def __init__(
        self,
        run: Run,
        *,
        db: DbThread,
        also: Reporter | None = None,
        first_seq: int = 0,
    ) -> None:
        self.run_id = run.id
        self.attempt = max(run.attempts, 1)
        self.db = db
        self.also = also
        # Events of an earlier, interrupted attempt stay; this attempt's continue after them.
        self.offset = first_seq
        self._checked_at = 0.0
        self._stop = False

    def emit(self, event: Event) -> None:
        self.db.send(
            _write_event, self.run_id, self.offset + event.seq, self.attempt, event
        )
        if self.also is not None:
            self.also.emit(event)

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self._stop and now - self._checked_at >= self.CANCEL_POLL_SECONDS:
            self._checked_at = now
            self._stop = self.db.call(cancel_requested, self.run_id)
        if self.also is not None and self.also.should_stop():
            return True
        return self._stop


def model_config() -> ModelConfig | None:
    """The model tier's endpoint from the instance settings (env values are their defaults)."""
    effective = instance_settings_get()
    base_url, model, api_key = (
        effective.llm_base_url,
        effective.llm_model,
        effective.llm_api_key,
    )
    if not api_key and not base_url:
        return None
    return ModelConfig(
        model=model or "gpt-4o-mini",
        base_url=base_url or None,
        api_key=api_key or None,
        timeout_s=settings.LLM_TIMEOUT,
        max_calls_per_step=settings.LLM_MAX_CALLS_PER_STEP,
        max_calls_per_run=settings.LLM_MAX_CALLS_PER_RUN,
        vision=settings.LLM_VISION,
        step_timeout_s=settings.LLM_STEP_TIMEOUT,
    )


def browser_options(*, headed: bool = False) -> BrowserOptions:
    """The configured browser; `headed` shows its window whatever TRIPWIRE_HEADLESS says."""
    return BrowserOptions(
        executable_path=settings.BROWSER_PATH,
        headless=settings.HEADLESS and not headed,
    )


# The Chromium a queue worker process keeps between its runs. A module global because django-q2
# calls each task as a plain function in the worker process, which lives across many runs.
_worker_browsers: BrowserKeeper | None = None


def worker_browsers() -> BrowserKeeper | None:
    """This worker process's kept browser (TRIPWIRE_REUSE_BROWSER), made on first use."""
    global _worker_browsers
    if not settings.REUSE_BROWSER:
        return None
    keeper = _worker_browsers
    if keeper is None or not keeper.owned_here():
        # A forked child must not touch its parent's driver: it gets its own.
        keeper = _worker_browsers = BrowserKeeper(max_runs=settings.BROWSER_MAX_RUNS)
    return keeper


def command_line_browsers() -> BrowserKeeper | None:
    """One Chromium for the suites of one command line (TRIPWIRE_REUSE_BROWSER), each run in a
    fresh context of it; a Ctrl-C stops the run in progress after its step. The caller closes it."""
    if not settings.REUSE_BROWSER:
        return None
    return BrowserKeeper(max_runs=settings.BROWSER_MAX_RUNS, finish_on_interrupt=True)
