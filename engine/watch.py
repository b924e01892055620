"""Page listeners: network errors per case, navigations and requests in flight, dialogs,
console errors.

Everything here is fed by Playwright events, which the sync API delivers whenever the engine
calls into Playwright; nothing polls on a timer.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from engine.quiet import quietly
from engine.report import NetworkEntry
from engine.snapshot import wait_for_change

if TYPE_CHECKING:
    from playwright.sync_api import (
        ConsoleMessage,
        Dialog,
        Error,
        Frame,
        Page,
        Request,
        Response,
    )

_TRACEPARENT = re.compile(
    r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$", re.IGNORECASE
)
# Requests a page makes on its own behalf: worth waiting for after an action.
_AWAITED_TYPES = frozenset({"document", "fetch", "xhr"})
_IGNORED_FAILURES = ("net::ERR_ABORTED",)
log = logging.getLogger(__name__)


# Counts the tabs a page asks for (window.open, a target=_blank click) in a page global, read
# right after an action: Chromium reports the new page a moment after the click has returned.
POPUP_JS = """
(() => {
  const tell = () => { window.__tripwireTabsOpened = (window.__tripwireTabsOpened || 0) + 1; };
  const open = window.open;
  window.open = function (...args) { tell(); return open.apply(this, args); };
  document.addEventListener('click', (event) => {
    const link = event.target && event.target.closest && event.target.closest('a[target]');
    const where = link ? (link.getAttribute('target') || '').toLowerCase() : '';
    if (where && !['_self', '_top', '_parent'].includes(where)) tell();
  }, true);
})();
"""
# Reads and resets the counter.
TABS_OPENED_JS = (
    "() => { const n = window.__tripwireTabsOpened || 0; "
    "window.__tripwireTabsOpened = 0; return n; }"
)


def trace_id_from(headers: dict[str, str]) -> str | None:
    """The trace id of a W3C `traceparent` header (version-traceid-spanid-flags)."""
    value = headers.get("traceparent") or headers.get("Traceparent")
    if not value:
        return None
    match = _TRACEPARENT.match(value.strip())
    if not match or set(match.group(1)) == {"0"}:
        return None
    return match.group(1).lower()


def _is_favicon(url: str) -> bool:
    # The browser asks for it on its own; a missing icon says nothing about the app.
    return url.split("?", 1)[0].endswith("/favicon.ico")


@dataclass(frozen=True)
class DialogAnswer:
    """How to answer the next JS dialog: accept (with a prompt's text) or dismiss."""

    accept: bool
    text: str | None = None
    # The dialog types this answer is for: an alert the step did not name passes it by.
    types: tuple[str, ...] = ("confirm", "prompt", "beforeunload")


@dataclass(frozen=True)
class SeenDialog:
    """A JS dialog the page opened and how it was answered."""

    type: str
    message: str
    answer: str  # "accepted", "dismissed", 'answered "x" to'
    # A step asked for this answer (else: the default for unexpected ones).
    planned: bool

    def describe(self) -> str:
        return f"{self.answer} {self.type}: {self.message}"


class PageWatcher:
    """Listens to every page of the run's context; `page` is the one the case acts on.

    Pages the app opens (a link with target=_blank, window.open) are queued in `opened` until
    the case runner switches to them. JS dialogs are answered by the plan a dialog step armed,
    or else by the default: alerts and leave-page prompts accepted, confirms and prompts
    dismissed (Playwright's own default), all of them recorded in `dialogs`.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[NetworkEntry] = []
        self.in_flight: set[Request] = set()
        self.navigations = 0
        self.dialogs: list[SeenDialog] = []
        # Every dialog of the run, for checks on the latest one (`dialogs` is drained per step).
        self.history: list[SeenDialog] = []
        self.dialog_plan: DialogAnswer | None = None
        # What the pages wrote to the console as errors, and the errors they threw, in turn.
        self.console_errors: list[str] = []
        self.opened: list[Page] = []
        self._attached: set[int] = set()
        self.attach(page)
        page.context.on("page", self._on_page)
        page.context.add_init_script(POPUP_JS)

    def attach(self, page: Page) -> None:
        if id(page) in self._attached:
            return
        self._attached.add(id(page))
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("framenavigated", self._on_navigated)
        page.on("dialog", self._on_dialog)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def switch_to(self, page: Page) -> None:
        """Act on `page` from now on (its navigations are the ones settle waits for)."""
        self.attach(page)
        self.page = page
        self.in_flight = {r for r in self.in_flight if _page_of(r) is page}

    def _on_page(self, page: Page) -> None:
        self.attach(page)
        self.opened.append(page)

    def tabs_asked_for(self) -> int:
        """How many tabs the page asked to open since the last look (0 if it cannot say)."""
        try:
            return int(quietly(lambda: self.page.evaluate(TABS_OPENED_JS)))
        except Exception:
            return 0  # it navigated or closed meanwhile: nothing to wait for

    def take_dialogs(self) -> list[SeenDialog]:
        dialogs, self.dialogs = self.dialogs, []
        return dialogs

    def reset_errors(self) -> list[NetworkEntry]:
        errors, self.errors = self.errors, []
        return errors

    def _on_request(self, request: Request) -> None:
        # Only the page the case acts on is waited for; a background tab may poll forever.
        if request.resource_type in _AWAITED_TYPES and _page_of(request) is self.page:
            self.in_flight.add(request)

    def _on_done(self, request: Request) -> None:
        self.in_flight.discard(request)

    def _on_failed(self, request: Request) -> None:
        self.in_flight.discard(request)
        failure = request.failure or "failed"
        if any(failure.startswith(f) for f in _IGNORED_FAILURES) or _is_favicon(
            request.url
        ):
            return
        self.errors.append(
            NetworkEntry(
                method=request.method,
                url=request.url,
                status=None,
                failure=failure,
                trace_id=trace_id_from(request.headers),
            )
        )

    def _on_response(self, response: Response) -> None:
        if response.status < 400 or _is_favicon(response.url):
            return
        request = response.request
        self.errors.append(
            NetworkEntry(
                method=request.method,
                url=response.url,
                status=response.status,
                failure=None,
                trace_id=trace_id_from(request.headers)
                or trace_id_from(response.headers),
            )
        )

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.navigations += 1

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error" or _is_favicon(message.location.get("url", "")):
            return
        self.console_errors.append(message.text)

    def _on_page_error(self, error: Error) -> None:
        self.console_errors.append(
            f"{error.name}: {error.message}" if error.name else error.message
        )

    def _on_dialog(self, dialog: Dialog) -> None:
        plan = self.dialog_plan
        if plan is not None and dialog.type in plan.types:
            self.dialog_plan = None
        else:
            plan = None
        if plan is None:
            # Unexpected: OK an alert or a leave-page prompt (nothing else closes them), and
            # say no to a question nobody asked the case to answer.
            accept = dialog.type in ("alert", "beforeunload")
            plan = DialogAnswer(accept=accept)
            planned = False
        else:
            planned = True
        try:
            if plan.accept:
                if plan.text is not None and dialog.type == "prompt":
                    dialog.accept(plan.text)
                else:
                    dialog.accept()
            else:
                dialog.dismiss()
        except Exception:
            # The page closed under the dialog; it is still worth reporting.
            pass
        answer = "accepted" if plan.accept else "dismissed"
        if plan.accept and plan.text is not None and dialog.type == "prompt":
            answer = f"answered {plan.text!r} to"
        seen = SeenDialog(dialog.type, dialog.message, answer, planned)
        self.dialogs.append(seen)
        self.history.append(seen)

    def settle(
        self, *, navigations_before: int, max_ms: float, grace_ms: float = 0
    ) -> None:
        """After an action: let a started navigation load and started requests finish.

        `grace_ms`: how long to look for a navigation or request that the action starts
        asynchronously (a key press submits its form after the press has returned).
        """
        started = time.monotonic()
        budget = max(0.0, max_ms)

        def left() -> float:
            return budget - (time.monotonic() - started) * 1000

        if grace_ms and self.navigations == navigations_before and not self.in_flight:
            self._pump(min(grace_ms, budget))
        loading = self._document_in_flight()
        loaded = navigations_before
        if self.navigations != loaded and left() > 0:
            # The action returned once the new page committed (Playwright's click waits for
            # that), its document still arriving: its load is the wait. A DOM change would
            # not come from a page already parsed, and every such click would idle a round.
            loaded = self._load(left())
            self._drop_finished()
        # Rounds grow from 10 ms: a request that finished while the action returned is only
        # reported during the first round, and the page may have drawn its answer already,
        # so no DOM change would end a long first round early.
        round_ms = 10.0
        while self.in_flight and left() > 0:
            if self._pump(min(left(), round_ms)):
                return
            round_ms = min(100.0, round_ms * 2)
            self._drop_finished()
        # The document answered but the page has not switched to it yet: wait for the commit,
        # or the next step would be grounded (and cached) on the page being left.
        while loading and self.navigations == navigations_before and left() > 0:
            if self._pump(min(left(), 100)):
                return
        if self.navigations != loaded and left() > 0:
            self._load(left())

    def _load(self, ms: float) -> int:
        """Wait for the current page's load event; returns the navigation count it is for."""
        navigations = self.navigations
        try:
            # The engine's wait, not the case's: it stays out of the trace, as probes do.
            quietly(lambda: self.page.wait_for_load_state("load", timeout=max(1.0, ms)))
        except PlaywrightTimeout:
            # Settling is bounded: a page still loading (a hung image, a tracker) is left to
            # the next step's own waits; the action itself went through.
            log.info("the page had not loaded within %.0f ms; going on", ms)
        except Exception:
            # A page the action closed has nothing left to load.
            if not self.page.is_closed():
                raise
        return navigations

    def _drop_finished(self) -> None:
        self.in_flight = {r for r in self.in_flight if not _finished(r)}

    def _document_in_flight(self) -> bool:
        main = self.page.main_frame
        return any(
            r.resource_type == "document" and _frame_of(r) is main
            for r in self.in_flight
        )

    def _pump(self, ms: float) -> bool:
        """Wait for a DOM change (handling Playwright's events meanwhile); True when the page
        closed."""
        try:
            wait_for_change(self.page, int(max(1, ms)))
        except Exception:
            # The page navigated while we waited: that is settling too.
            return self.page.is_closed()
        return False


def _page_of(request: Request) -> Page | None:
    try:
        return request.frame.page
    except Exception:
        return None


def _frame_of(request: Request) -> Frame | None:
    try:
        return request.frame
    except Exception:
        return None


def _finished(request: Request) -> bool:
    # Requests whose page went away never report back; do not wait on them forever.
    try:
        return request.frame.page.is_closed()
    except Exception:
        return True
