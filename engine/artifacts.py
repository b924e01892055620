"""Screenshots and Playwright traces under the run's artifacts directory."""

from __future__ import annotations

import base64
import contextlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from engine.locators import to_playwright
from engine.masking import Masker, scrub_zip
from engine.report import Shot

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Locator, Page

    from engine.cache import Locator as RecordedLocator

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HAS_PASSWORD_JS = "() => !!document.querySelector('input[type=password]')"
CDP_CAPTURE_TIMEOUT_MS = 5000
SECRET_ATTR = "data-tripwire-secret"
# Marks the smallest elements that show a secret: text nodes that contain one (their parent
# element) and form fields whose value holds one. Returns how many were marked.
_MARK_SECRETS_JS = """(args) => {
  const [secrets, attr] = args;
  document.querySelectorAll('[' + attr + ']').forEach(e => e.removeAttribute(attr));
  let marked = 0;
  const holds = (text) => !!text && secrets.some(s => text.includes(s));
  const walker = document.createTreeWalker(document.body || document, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && holds(node.nodeValue)) {
      node.parentElement.setAttribute(attr, '');
      marked += 1;
    }
  }
  document.querySelectorAll('input, textarea').forEach(field => {
    if (field.type !== 'password' && holds(field.value)) {
      field.setAttribute(attr, '');
      marked += 1;
    }
  });
  return marked;
}"""


def safe_name(text: str) -> str:
    """A file-name-safe form of an id: `checkout/eu` → `checkout_eu`."""
    cleaned = _UNSAFE.sub("_", text).strip("._")
    return cleaned[:80] or "item"


class Artifacts:
    def __init__(self, root: Path, masker: Masker) -> None:
        self.root = root
        self.masker = masker
        self._counter = 0
        self._cdp: CDPSession | None = None
        self._cdp_page: Page | None = None
        root.mkdir(parents=True, exist_ok=True)

    def case_dir(self, case_id: str) -> Path:
        path = self.root / safe_name(case_id)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _fast_capture(self, page: Page, path: Path) -> bool:
        """A raw CDP capture: a third the cost of page.screenshot, for pages with nothing to mask."""
        if page.evaluate(_HAS_PASSWORD_JS):
            return False
        if self._cdp is None or self._cdp_page is not page:
            self._cdp = page.context.new_cdp_session(page)
            self._cdp_page = page
        try:
            # Without a timeout a capture can wait forever for a frame the compositor never
            # produces (seen on a loaded machine); page.screenshot below copes with that.
            result = self._cdp.send(
                "Page.captureScreenshot",
                {"format": "png", "optimizeForSpeed": True},
                timeout=CDP_CAPTURE_TIMEOUT_MS,
            )
        except Exception as exc:
            log.info("fast screenshot failed, falling back: %s", str(exc)[:200])
            self._forget_cdp()
            return False
        path.write_bytes(base64.b64decode(result["data"]))
        return True

    def _mark_echoed_secrets(self, page: Page) -> int:
        secrets = sorted(self.masker.secrets)
        if not secrets:
            return 0
        # The values go to the page the app already showed them in; the trace that records
        # this call is scrubbed like every other artifact.
        return int(page.evaluate(_MARK_SECRETS_JS, [secrets, SECRET_ATTR]) or 0)

    def _forget_cdp(self) -> None:
        session, self._cdp, self._cdp_page = self._cdp, None, None
        if session is not None:
            # The page may be gone; there is nothing to release then.
            with contextlib.suppress(Exception):
                session.detach()

    def screenshot(
        self,
        page: Page,
        case_id: str,
        label: str,
        note: str,
        *,
        secret_fields: set[RecordedLocator],
    ) -> Shot | None:
        """A PNG of the viewport with password fields, secret-filled fields and every element
        that shows a secret value (an app that echoes "Welcome, <secret>") masked."""
        self._counter += 1
        path = self.case_dir(case_id) / f"{self._counter:03d}-{safe_name(label)}.png"
        try:
            echoed = self._mark_echoed_secrets(page)
            if secret_fields or echoed or not self._fast_capture(page, path):
                masks: list[Locator] = [page.locator("input[type=password]")]
                masks += [to_playwright(page, loc) for loc in secret_fields]
                if echoed:
                    masks.append(page.locator(f"[{SECRET_ATTR}]"))
                page.screenshot(path=path, mask=masks, timeout=5000)
        except Exception as exc:
            # A page that is mid-navigation or gone cannot be photographed; the run goes on.
            log.warning(
                "screenshot %s failed: %s",
                label,
                self.masker.mask(str(exc).splitlines()[0]),
            )
            return None
        return Shot(label=label, note=self.masker.mask(note), path=self.relative(path))


class Tracer:
    """One Playwright trace zip per case, scrubbed of secrets once written."""

    def __init__(
        self, context: BrowserContext, masker: Masker, *, enabled: bool
    ) -> None:
        self.context = context
        self.masker = masker
        self.enabled = enabled
        self._running = False
        self._chunk = False

    def start(self) -> None:
        if not self.enabled:
            return
        # No screencast: frames would show typed secrets that no text scrub can reach.
        self.context.tracing.start(snapshots=True, screenshots=False, sources=False)
        self._running = True

    def start_case(self, case_id: str) -> None:
        if self._running:
            self.context.tracing.start_chunk(title=case_id)
            self._chunk = True

    def stop_case(self, path: Path) -> Path | None:
        if not self._chunk:
            return None
        self._chunk = False
        try:
            self.context.tracing.stop_chunk(path=path)
        except Exception as exc:
            log.warning(
                "trace for %s not written: %s", path.name, str(exc).splitlines()[0]
            )
            return None
        scrub_zip(path, self.masker)
        return path

    def stop(self) -> None:
        if self._running:
            self._running = False
            try:
                self.context.tracing.stop()
            except Exception as exc:
                log.debug("tracing stop: %s", exc)
