"""Database calls made on behalf of the engine, from one dedicated thread.

Playwright's sync API keeps an asyncio loop running in the calling thread, and Django (rightly)
refuses ORM calls where a loop is running. The engine's callbacks (events, the action cache,
cancel checks) therefore hand their database work to this thread. Events are sent without waiting,
in order; reads wait for their answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import connections

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
