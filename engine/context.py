"""Per-run state shared by the resolver, the checks and the runner."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from engine.cache import ActionCache, Locator
from engine.events import Emitter
from engine.masking import Masker
from engine.snapshot import url_path
from engine.spec import RunRequest
from engine.variables import Variables
from engine.watch import PageWatcher

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page
    from playwright.sync_api import Locator as PWLocator

    from engine.hang import HangGuard
    from engine.model_hook import ModelTier


class RunTimedOut(Exception):
    """The whole-run budget ran out."""


class Deadline:
    def __init__(self, timeout_s: float | None) -> None:
        self.timeout_s = timeout_s
        self._end = None if timeout_s is None else time.monotonic() + timeout_s

    @property
    def expired(self) -> bool:
        return self._end is not None and time.monotonic() >= self._end

    def remaining_ms(self) -> float | None:
        if self._end is None:
            return None
        return max(0.0, (self._end - time.monotonic()) * 1000)

    def cap(self, ms: float) -> float:
        """`ms`, or less when the run ends sooner (never below 1 ms: Playwright reads 0 as none)."""
        remaining = self.remaining_ms()
        return max(1.0, ms if remaining is None else min(ms, remaining))


@dataclass
class RunContext:
    request: RunRequest
    page: Page
    browser_context: BrowserContext
    watcher: PageWatcher
    variables: Variables
    masker: Masker
    emitter: Emitter
    deadline: Deadline
    base_url: str
    artifacts_dir: Path
    cache: ActionCache | None = None
    model: ModelTier | None = None
    # Capture names used in secret steps: their values become secrets when captured.
    secret_names: set[str] = field(default_factory=set)
    # Fields that received a secret, by page path: masked in screenshots like password fields.
    secret_fields: dict[str, set[Locator]] = field(default_factory=dict)
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    # Set when something ends the whole run early (the model call budget): the reason.
    halt_reason: str | None = None
    # Collects the screenshots Chromium is still taking; called before anything acts on the
    # page, so a shot never shows the next step's effect.
    before_action: Callable[[], object] = lambda: None
    # The pages the case switched away from, most recent last ("Switch back" returns there).
    previous_pages: list[Page] = field(default_factory=list)
    # A dialog step's answer is armed (engine.pages): the next dialog gets it.
    dialog_plan_armed: bool = False
    # How many JS dialogs the page had opened when the step before this one began: a check
    # that a dialog appeared counts those since (engine.claims).
    dialogs_before: int = 0
    dialogs_at_step: int = 0
    # What a drag step took hold of, until its drop.
    held: PWLocator | None = None
    # Stops a page's script that keeps the page from answering (engine.hang).
    guard: HangGuard | None = None

    def switch_page(self, page: Page, *, remember: bool = True) -> None:
        """Act on `page` from now on (a tab the app opened, or one switched back to)."""
        if page is self.page:
            return
        if remember and not self.page.is_closed():
            self.previous_pages.append(self.page)
        self.page = page
        self.watcher.switch_to(page)
        if self.guard is not None:
            self.guard.watch(page)

    @property
    def step_timeout_ms(self) -> float:
        return self.deadline.cap(self.request.step_timeout_ms)

    @property
    def assert_timeout_ms(self) -> float:
        return self.deadline.cap(self.request.assert_timeout_ms)

    def url_for(self, destination: str) -> str:
        """A path or URL from a step, resolved against the suite's base URL."""
        if destination.startswith(("http://", "https://")):
            return destination
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return (
            urljoin(base, destination.lstrip("/"))
            if destination.startswith("/")
            else urljoin(base, destination)
        )

    def add_secret_field(self, locator: Locator) -> None:
        self.secret_fields.setdefault(url_path(self.page.url), set()).add(locator)

    def secret_fields_here(self) -> set[Locator]:
        return self.secret_fields.get(url_path(self.page.url), set())

    def files_dir(self) -> Path:
        return self.request.files_dir or Path.cwd()
