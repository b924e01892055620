"""The recorder process: a headed Chromium whose user actions are appended to a session row.

`manage.py record <id>` runs `record(record_id=...)`. An init script in every page reports
clicks, typing, selects, checkboxes and key presses through an exposed binding; main-frame
navigations come from Playwright. The process ends on SIGTERM (`POST /record/stop`), or when the
user closes the browser window; either way the browser is closed and the status is `stopped`.
Anything that goes wrong marks the session `failed` with the reason.
"""

from __future__ import annotations

import logging
import shutil
import signal
import tempfile
import time
from types import FrameType
from typing import TYPE_CHECKING, Any

from django.conf import settings

from core.exceptions import NotFound
from engine import (
    candidates_for,
    element_from_dict,
    find_executable,
    is_root,
    launch_args,
    start_playwright,
)
from recording import services
from recording.models import RecordSession, RecordStatus
from recording.processes import marker_arg
from recording.recorder_js import BINDING, RECORDER_JS
from runs.engine_adapter import DbThread, browser_options

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Frame, Page

logger = logging.getLogger(__name__)

# A navigation this soon after a click, key press or choice is its consequence, not a step.
CONSEQUENCE_S = 3.0
_MAY_NAVIGATE = frozenset({"click", "dblclick", "press", "select", "check", "uncheck"})


def trace_item(payload: dict[str, Any]) -> dict[str, Any]:
    """A page event as a trace item, with only the locators that name exactly one element."""
    item: dict[str, Any] = {"type": str(payload.get("type", ""))}
    for key in ("url", "text", "value"):
        if isinstance(payload.get(key), str):
            item[key] = payload[key]
    if payload.get("secret") is True:
        item["secret"] = True
    described = payload.get("element")
    if isinstance(described, dict):
        unique = described.get("unique") or {}
        element = element_from_dict(described)
        chain = [
            loc
            for loc in candidates_for(element)
            if loc.kind == "css" or unique.get(loc.kind) is True
        ]
        if chain:
            item["selector"] = chain[0].describe()
            item["locators"] = [loc.to_dict() for loc in chain]
    return item


class Recorder:
    def __init__(self, session: RecordSession) -> None:
        self.session = session
        self.actions: list[dict[str, Any]] = []
        self.stopping = False
        self.last_interaction = float("-inf")
        # Playwright's sync API runs an event loop in this thread, where Django refuses ORM
        # calls: every database write goes through one dedicated thread instead.
        self.db = DbThread()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _save(self) -> None:
        self.db.call(
            services.session_save_actions,
            record_id=self.session.id,
            actions=list(self.actions),
        )

    def _status(self, status: RecordStatus) -> None:
        self.db.call(
            services.session_set_status, record_id=self.session.id, status=status
        )

    def _fail(self, error: str) -> None:
        self.db.call(services.session_fail, record_id=self.session.id, error=error)

    def on_event(self, source: dict[str, Any], payload: Any) -> None:
        if not isinstance(payload, dict):
            return
        item = trace_item(payload)
        if item["type"] in _MAY_NAVIGATE:
            self.last_interaction = time.monotonic()
        self.actions.append(item)
        self._save()

    def _on_navigated(self, frame: Frame) -> None:
        if frame.parent_frame is not None or not frame.url.startswith("http"):
            return
        last = self.actions[-1] if self.actions else {}
        if last.get("type") == "navigate" and last.get("url") == frame.url:
            return
        auto = time.monotonic() - self.last_interaction < CONSEQUENCE_S
        self.actions.append({"type": "navigate", "url": frame.url, "auto": auto})
        self._save()

    def _watch(self, page: Page) -> None:
        page.on("framenavigated", self._on_navigated)

    def _open(self, playwright: Any, user_data: str) -> BrowserContext:
        options = browser_options(headed=True)
        args = [*launch_args(), marker_arg(self.session.id)]
        if settings.RECORD_DEBUG_PORT:
            args.append(f"--remote-debugging-port={settings.RECORD_DEBUG_PORT}")
        context: BrowserContext = playwright.chromium.launch_persistent_context(
            user_data,
            executable_path=find_executable(options),
            headless=False,
            args=args,
            chromium_sandbox=not is_root(),
            no_viewport=True,
        )
        return context

    def run(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        try:
            self._run()
        finally:
            self.db.close()

    def _run(self) -> None:
        if not services.display_available():
            self._fail(services.NO_DISPLAY)
            return
        user_data = tempfile.mkdtemp(prefix="tripwire-record-")
        try:
            with start_playwright() as playwright:
                context = self._open(playwright, user_data)
                try:
                    self._record(context)
                finally:
                    try:
                        context.close()
                    except Exception as exc:  # already gone when the driver was stopped
                        logger.debug("closing the recorder's browser: %s", exc)
        except Exception as exc:
            if not self.stopping:
                logger.exception("recorder %s failed", self.session.id)
                self._save()
                self._fail(f"{type(exc).__name__}: {exc}")
                return
        finally:
            shutil.rmtree(user_data, ignore_errors=True)
        self._save()
        self._status(RecordStatus.STOPPED)

    def _record(self, context: BrowserContext) -> None:
        context.expose_binding(BINDING, self.on_event)
        context.add_init_script(RECORDER_JS)
        context.on("page", self._watch)
        page = context.pages[0] if context.pages else context.new_page()
        self._watch(page)
        page.goto(self.session.base_url)
        self._status(RecordStatus.RECORDING)
        while not self.stopping:
            pages = [p for p in context.pages if not p.is_closed()]
            if not pages:
                return  # the user closed the window: that ends the recording
            try:
                pages[0].wait_for_timeout(200)
            except Exception:
                if self.stopping:
                    return
                if not pages[0].is_closed():
                    raise


def record(*, record_id: str) -> None:
    session = RecordSession.objects.filter(pk=record_id).first()
    if session is None:
        raise NotFound(f"No recording session {record_id!r}.")
    Recorder(session).run()
