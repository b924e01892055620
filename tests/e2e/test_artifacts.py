"""Screenshots in real Chromium when the fast CDP capture does not answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from engine.artifacts import Artifacts
from engine.browser import launch
from engine.masking import Masker
from engine.spec import BrowserOptions

pytestmark = pytest.mark.browser


class _HungSession:
    """Stands in for a CDP session whose capture never returns: the one part of this failure
    that cannot be provoked on demand. Playwright raises a timeout error in that case."""

    def __init__(self) -> None:
        self.timeouts: list[Any] = []
        self.detached = False

    def send(self, method: str, params: Any = None, *, timeout: Any = None) -> Any:
        self.timeouts.append(timeout)
        raise TimeoutError(f"{method}: Timeout {timeout}ms exceeded")

    def detach(self) -> None:
        self.detached = True


def test_a_capture_that_times_out_falls_back_to_a_normal_screenshot(
    site_url: str, tmp_path: Path
) -> None:
    with sync_playwright() as pw:
        browser = launch(pw, BrowserOptions())
        try:
            page = browser.new_page()
            page.goto(site_url + "/")
            artifacts = Artifacts(tmp_path, Masker())
            hung = _HungSession()
            artifacts._cdp, artifacts._cdp_page = hung, page  # type: ignore[assignment]

            shot = artifacts.screenshot(
                page, "c1", "after", "note", secret_fields=set()
            )

            assert shot is not None
            assert (tmp_path / shot.path).read_bytes().startswith(b"\x89PNG")
            # The capture was bounded, and the broken session was let go.
            assert hung.timeouts == [5000] and hung.detached
            assert artifacts._cdp is None
            # The next shot opens a fresh session and uses the fast path again.
            again = artifacts.screenshot(
                page, "c1", "again", "note", secret_fields=set()
            )
            assert again is not None and artifacts._cdp is not None
        finally:
            browser.close()
