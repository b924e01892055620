"""Aggregates kept in the cache and refreshed behind the visitor's back.

The dashboard's trend and flaky list and the analytics page read every case result of a period
(~0.5 s at a million results). A visitor never waits for that once a value exists: a value older
than `fresh_s` is still served, and one background thread per key and process recomputes it.
Only the very first computation of a key (nothing cached yet) runs in the request. Each gunicorn
worker computes the dashboard's figures at start and again every minute (`every`), so neither
the first visitor nor one after a quiet hour waits for them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connections

T = TypeVar("T")

logger = logging.getLogger(__name__)

# How long a stale value may still be served when no refresh succeeds (the database is down,
# say): after that the next visitor computes it again and sees the error, if there is one.
KEEP_S = 3600

_refreshing: set[str] = set()
_refreshing_lock = threading.Lock()


def kept(
    key: str, compute: Callable[[], T], *, fresh_s: float, keep_s: float = KEEP_S
) -> tuple[T, float]:
    """The value under `key` and when it was computed (epoch seconds)."""
    entry: tuple[float, T] | None = cache.get(key)
    if entry is None:
        return _store(key, compute, keep_s)
    computed, value = entry
    if time.time() - computed >= fresh_s:
        _refresh_soon(key, compute, keep_s)
    return value, computed


def _store(key: str, compute: Callable[[], T], keep_s: float) -> tuple[T, float]:
    computed = time.time()
    value = compute()
    cache.set(key, (computed, value), keep_s)
    return value, computed


def _refresh_soon(key: str, compute: Callable[[], T], keep_s: float) -> None:
    with _refreshing_lock:
        if key in _refreshing:
            return
        _refreshing.add(key)

    def refresh() -> None:
        try:
            _store(key, compute, keep_s)
        except Exception:
            # The stale value stays; the next visit after fresh_s tries again.
            logger.exception("refreshing %s failed", key)
        finally:
            with _refreshing_lock:
                _refreshing.discard(key)

    in_background(refresh, name=f"refresh {key}")


def in_background(work: Callable[[], None], *, name: str) -> None:
    """Run `work` in a daemon thread that closes its own database connections when done."""

    def run() -> None:
        try:
            work()
        finally:
            # Connections are per thread: these are the thread's own, not a request's.
            connections.close_all()

    threading.Thread(target=run, name=name, daemon=True).start()


def every(
    seconds: float, work: Callable[[], None], *, rounds: int | None = None
) -> None:
    """`work()` now and then every `seconds` (`rounds` times; None: for as long as the process
    lives), for a background thread: a failure is logged and the next round comes anyway, and
    the thread's database connections are closed after each round rather than held open."""
    done = 0
    while rounds is None or done < rounds:
        try:
            work()
        except Exception:
            logger.exception("background round of %s failed", work)
        finally:
            connections.close_all()
        done += 1
        if rounds is None or done < rounds:
            time.sleep(seconds)


def refreshing() -> bool:
    """Whether a refresh is under way in this process (tests and benchmarks wait on it)."""
    with _refreshing_lock:
        return bool(_refreshing)
