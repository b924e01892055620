"""A small per-process bound on long work a web request does itself (generation's crawl and model
passes, standalone checks), so it cannot take every web thread: past the bound the request
answers `429 busy` at once, with Retry-After, instead of queueing behind the others.

Chosen over a job queue because these answers are what the request is for (a preview YAML, a
check result) and take seconds to a couple of minutes; runs, which take longer and must survive a
restart, have the real queue. Per process: gunicorn's N processes allow N times the bound.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.conf import settings

from core.exceptions import RateLimited

P = ParamSpec("P")
T = TypeVar("T")

_guard = threading.Lock()
_slots: dict[str, threading.BoundedSemaphore] = {}
_sizes: dict[str, int] = {}


class Busy(RateLimited):
    type = "busy"


def _semaphore(name: str, size: int) -> threading.BoundedSemaphore:
    with _guard:
        # A changed setting (tests override it) gets a fresh semaphore of the new size.
        if _sizes.get(name) != size:
            _slots[name] = threading.BoundedSemaphore(size)
            _sizes[name] = size
        return _slots[name]


def bounded(
    name: str, *, setting: str, what: str, retry_after: int
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """At most `settings.<setting>` calls of the decorated functions sharing `name` at once."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            slot = _semaphore(name, int(getattr(settings, setting)))
            if not slot.acquire(blocking=False):
                raise Busy(
                    f"This server is already busy with {what}; try again in "
                    f"{retry_after} s.",
                    retry_after=retry_after,
                )
            try:
                return function(*args, **kwargs)
            finally:
                slot.release()

        return wrapper

    return decorate
