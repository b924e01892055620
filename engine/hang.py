"""A page whose own script never yields (an endless loop in the app) stops the run's calls.

Such a page answers nothing: every evaluate the engine sends it waits forever (Playwright gives
evaluations no timeout), so the run would hang until a worker is killed. The guard watches from
a thread of its own while the run's thread waits on Playwright: it asks each page it watches
for `0` over a CDP session opened while the page was healthy (a session cannot be opened to a
busy page), and a page that has not answered within the limit gets `Runtime.terminateExecution`,
which stops the script it is running. The call the run was waiting on then completes, and the
step says what happened (`take`). A page that answers, however slowly its step goes, is never
touched: only an unanswered question counts, and only while the run's thread was waiting on
Playwright all along (not during a model call, when nothing reads the answers).

A cross-site frame (a process of its own in full Chromium) that stops answering is found by
the snapshot or the screenshot asking it with a limit (engine.quiet.in_frame) and is removed
from its page (`take`).

The CDP sessions' async halves and the loop they run on are not public API; where a Playwright
release changes them, the guard watches nothing and a busy page hangs the run as before.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from engine.quiet import (
    FRAME_ANSWER_S,
    overlapped_in_frames,
    quietly,
    take_busy_frames,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Frame, Page

log = logging.getLogger(__name__)

# A page that cannot answer for the step timeout is hung; never sooner than this.
MIN_HANG_S = 2.0
TICK_S = 0.25
# A question is asked once the run's thread has waited this long in one go.
ASK_AFTER_S = 1.0


class _Watched:
    def __init__(self, page: Page, session: Any) -> None:
        self.page = page
        self.session = session
        self.question: Future[Any] | None = None
        self.asked_at = 0.0


class HangGuard:
    """Stops a page's script that has kept the page from answering for the step timeout."""

    def __init__(self, context: BrowserContext, *, step_timeout_ms: float) -> None:
        self.context = context
        self.limit_s = max(MIN_HANG_S, step_timeout_ms / 1000)
        self.thread_id = threading.get_ident()
        self._watched: list[_Watched] = []
        self._stopped: list[str] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def watch(self, page: Page) -> None:
        """Watch `page` from now on (call on the run's thread, while the page answers)."""
        if self._closing.is_set() or any(w.page is page for w in self._watched):
            return
        loop = getattr(page, "_loop", None)
        try:
            session = quietly(lambda: self.context.new_cdp_session(page))._impl_obj
        except Exception as exc:  # not Chromium, or another Playwright release
            log.debug("no hang guard for this page: %s", exc)
            return
        if not isinstance(loop, asyncio.AbstractEventLoop) or not hasattr(
            session, "send"
        ):
            return
        self._loop = loop
        with self._lock:
            self._watched.append(_Watched(page, session))
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="tripwire-hang-guard", daemon=True
            )
            self._thread.start()

    def take(self) -> str | None:
        """What was stopped since the last call, as a step's reason; None if nothing was.
        Call on the run's thread: a cross-site frame found busy is removed here."""
        with self._lock:
            stopped, self._stopped = self._stopped, []
        removed = [url for url in map(_remove, take_busy_frames(self.context)) if url]
        if removed:
            return (
                f"a frame stopped responding: a script of its own kept it busy for "
                f"{FRAME_ANSWER_S:g} s ({', '.join(dict.fromkeys(removed))}); Tripwire "
                "removed the frame"
            )
        if stopped:
            return (
                f"the page stopped responding: a script of its own ran for {self.limit_s:g} s "
                f"without a pause ({', '.join(dict.fromkeys(stopped))}); Tripwire stopped it"
            )
        return None

    def ask_frames(self, page: Page) -> None:
        """Ask `page`'s frames for `0` (one round trip, with a limit), so that a busy one is
        found and `take` removes it: Playwright's trace waits on every frame of the page."""
        frames = page.frames[1:]
        if frames and not page.is_closed():
            overlapped_in_frames(frames, "0", None)

    def close(self) -> None:
        self._closing.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    # -- the guard's thread ----------------------------------------------------------------------

    def _waiting_on_playwright(self) -> bool:
        """Whether the run's thread sits in the event loop (a Playwright call under way)."""
        frame = sys._current_frames().get(self.thread_id)
        while frame is not None:
            if (
                frame.f_code.co_name == "_run_once"
                and "asyncio" in frame.f_code.co_filename
            ):
                return True
            frame = frame.f_back
        return False

    def _run(self) -> None:
        waiting_since: float | None = None
        while not self._closing.wait(TICK_S):
            now = time.monotonic()
            if not self._waiting_on_playwright():
                waiting_since = None
                with self._lock:
                    for watched in self._watched:
                        watched.asked_at = now  # what was asked was not read meanwhile
                continue
            waiting_since = waiting_since or now
            if now - waiting_since < ASK_AFTER_S:
                continue
            with self._lock:
                watched_now = list(self._watched)
            for watched in watched_now:
                self._check(watched, now)

    def _check(self, watched: _Watched, now: float) -> None:
        if watched.page.is_closed():
            with self._lock:
                self._watched.remove(watched)
            return
        question = watched.question
        if question is None or question.done():
            # Once a second at most: a long wait (a "Wait 20 seconds" step) asks 20 times.
            if question is None or now - watched.asked_at >= ASK_AFTER_S:
                watched.question = self._send(
                    watched, "Runtime.evaluate", {"expression": "0"}
                )
                watched.asked_at = now
        elif now - watched.asked_at >= self.limit_s:
            self._send(watched, "Runtime.terminateExecution", None)
            watched.asked_at = now
            with self._lock:
                self._stopped.append(watched.page.url)
            log.warning(
                "stopped a script that kept %s from answering", watched.page.url
            )

    def _send(self, watched: _Watched, method: str, params: Any) -> Future[Any] | None:
        if self._loop is None or self._loop.is_closed():
            return None
        future = asyncio.run_coroutine_threadsafe(
            watched.session.send(method, params, None), self._loop
        )
        # A page that closes leaves its question unanswered: not worth a log line.
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        return future


def _remove(frame: Frame) -> str | None:
    """Take a busy frame out of its page, whose document still answers; its URL if it was.

    A cross-site frame runs in a process of its own, which a CDP session cannot be opened to
    while it is busy, so its script cannot be stopped the way a page's is.
    """
    try:
        if frame.is_detached() or frame.parent_frame is None:
            return None
        url = frame.url
        frame.frame_element().evaluate("(e) => e.remove()")
        return url
    except Exception as exc:
        log.debug("a busy frame could not be removed: %s", exc)
        return None
