"""Screenshots and Playwright traces under the run's artifacts directory."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.locators import to_playwright
from engine.masking import Masker, scrub_zip
from engine.quiet import in_frame, overlapped, overlapped_in_frames, quietly, within
from engine.report import Shot

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Frame, Locator, Page

    from engine.cache import Locator as RecordedLocator

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
CDP_CAPTURE_TIMEOUT_MS = 5000
# Writing a case's trace takes well under a second; a page that never answers holds it forever.
TRACE_WRITE_S = 60.0
SECRET_ATTR = "data-tripwire-secret"
FIELD_ATTR = "data-tripwire-secret-field"
MASK_LAYER_ATTR = "data-tripwire-mask"
# Run in every frame of the page before each shot, the frames together in one round trip. Marks
# the smallest elements that show a secret (text nodes that contain one: their parent element;
# form fields whose value holds one), then covers them, password fields and the fields marked
# with FIELD_ATTR with opaque boxes in one fixed layer of that frame's document (what
# Playwright's `mask` draws); a frame's layer is drawn where the frame shows. Open shadow roots
# (web components) are searched like the document. The layer is a manual popover, so that it is
# drawn in the top layer above a modal dialog or a popover the app opened before the shot.
# Returns how many boxes it drew.
_PREPARE_SHOT_JS = """(args) => {
  const [secrets, attr, fieldAttr, layerAttr] = args;
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    roots[i].querySelectorAll('*').forEach(e => { if (e.shadowRoot) roots.push(e.shadowRoot); });
  }
  const all = (selector) => roots.flatMap(root => Array.from(root.querySelectorAll(selector)));
  document.querySelectorAll('[' + layerAttr + ']').forEach(e => e.remove());
  all('[' + attr + ']').forEach(e => e.removeAttribute(attr));
  const holds = (text) => !!text && secrets.some(s => text.includes(s));
  if (secrets.length) {
    for (const root of roots) {
      const top = root === document ? (document.body || document) : root;
      const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement && holds(node.nodeValue)) node.parentElement.setAttribute(attr, '');
      }
    }
    all('input, textarea').forEach(field => {
      if (field.type !== 'password' && holds(field.value)) field.setAttribute(attr, '');
    });
    // A closed list shows its chosen option's text, but the option itself has no box.
    all('select').forEach(list => {
      const chosen = list.selectedOptions && list.selectedOptions[0];
      if (chosen && holds(chosen.text)) list.setAttribute(attr, '');
    });
  }
  const hidden = all('input[type=password], [' + attr + '], [' + fieldAttr + ']');
  let layer = null;
  hidden.forEach(element => {
    element.removeAttribute(fieldAttr);
    const r = element.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || r.bottom < 0 || r.right < 0
        || r.top > innerHeight || r.left > innerWidth) return;
    if (!layer) {
      layer = document.createElement('div');
      layer.setAttribute(layerAttr, '');
      // Important, against what the app's own CSS says of popovers and backdrops.
      layer.style.cssText = ['position:fixed', 'inset:0', 'margin:0', 'padding:0', 'border:0',
        'width:auto', 'height:auto', 'overflow:visible', 'background:transparent',
        'display:block', 'pointer-events:none', 'z-index:2147483647']
        .map(rule => rule + '!important').join(';');
      const style = document.createElement('style');
      style.textContent = '[' + layerAttr + ']::backdrop{background:transparent!important}';
      layer.appendChild(style);
      document.documentElement.appendChild(layer);
      if (layer.showPopover) {
        layer.popover = 'manual';
        layer.showPopover();
      }
    }
    const box = document.createElement('div');
    box.style.cssText = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;`
      + `height:${r.height}px;background:#FF00FF;pointer-events:none`;
    layer.appendChild(box);
  });
  return layer ? layer.childElementCount - 1 : 0;
}"""
_REMOVE_MASKS_JS = (
    "(a) => document.querySelectorAll('[' + a + ']').forEach(e => e.remove())"
)
_MARK_FIELDS_JS = "(els, a) => els.forEach(e => e.setAttribute(a, ''))"


def safe_name(text: str) -> str:
    """A file-name-safe form of an id: `checkout/eu` → `checkout_eu`."""
    cleaned = _UNSAFE.sub("_", text).strip("._")
    return cleaned[:80] or "item"


class _Capture:
    """A screenshot Chromium is still taking while the run goes on."""

    def __init__(
        self,
        page: Page,
        session: CDPSession,
        task: asyncio.Task[Any],
        path: Path,
        *,
        masked: bool,
    ) -> None:
        self.page = page
        self.session = session
        self.task = task
        self.path = path
        self.masked = masked


class Artifacts:
    def __init__(self, root: Path, masker: Masker) -> None:
        self.root = root
        self.masker = masker
        self._counter = 0
        self._cdp: CDPSession | None = None
        self._cdp_page: Page | None = None
        self._pending: list[_Capture] = []
        # Relative paths of shots whose capture failed, until the case takes them.
        self._lost: set[str] = set()
        root.mkdir(parents=True, exist_ok=True)

    def case_dir(self, case_id: str) -> Path:
        path = self.root / safe_name(case_id)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _session(self, page: Page) -> CDPSession:
        if self._cdp is None or self._cdp_page is not page:
            self._cdp = quietly(lambda: page.context.new_cdp_session(page))
            self._cdp_page = page
        return self._cdp

    def _capture(self, page: Page, path: Path, *, masked: bool) -> bool:
        """A raw CDP capture, a third the cost of page.screenshot.

        Chromium takes it while the run goes on (the next step's lookups overlap the wait for a
        frame); `flush` collects it, and takes the mask boxes down, before anything acts on the
        page again.
        """
        params = {"format": "png", "optimizeForSpeed": True}
        deferred = False
        try:
            session = self._session(page)
            started = _send_later(session, "Page.captureScreenshot", params)
            if started is not None:
                self._pending.append(
                    _Capture(page, session, started, path, masked=masked)
                )
                deferred = True
                return True
            # Without a timeout a capture can wait forever for a frame the compositor never
            # produces (seen on a loaded machine); page.screenshot copes with that.
            result = session.send(
                "Page.captureScreenshot", params, timeout=CDP_CAPTURE_TIMEOUT_MS
            )
        except Exception as exc:
            log.info("fast screenshot failed, falling back: %s", str(exc)[:200])
            self._forget_cdp()
            return False
        finally:
            if masked and not deferred:
                uncover_secrets(page)
        path.write_bytes(base64.b64decode(result["data"]))
        return True

    def flush(self) -> None:
        """Wait for the screenshots still being taken and write them; those that failed (their
        page went away) do not exist, and `take_lost` names them."""
        pending, self._pending = self._pending, []
        for capture in pending:
            try:
                result = capture.session._sync(capture.task)
                capture.path.write_bytes(base64.b64decode(result["data"]))
            except Exception as exc:
                log.warning(
                    "screenshot %s failed: %s",
                    capture.path.name,
                    self.masker.mask(
                        str(exc).splitlines()[0] if str(exc) else repr(exc)
                    ),
                )
                self._lost.add(self.relative(capture.path))
                self._forget_cdp()
            if capture.masked:
                uncover_secrets(capture.page)

    def take_lost(self) -> set[str]:
        """The shots whose capture failed since the last call (collected before an action
        as well as at the end of a case): the report must not point at them."""
        lost, self._lost = self._lost, set()
        return lost

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
            boxes = quietly(lambda: cover_secrets(page, self.masker, secret_fields))
            if not self._capture(page, path, masked=boxes > 0):
                # Playwright's own masking, should the page refuse the raw capture.
                masks: list[Locator] = [
                    to_playwright(page, loc) for loc in secret_fields
                ]
                for frame in page.frames:
                    masks.append(frame.locator("input[type=password]"))
                    masks.append(frame.locator(f"[{SECRET_ATTR}]"))
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


def cover_secrets(
    page: Page, masker: Masker, secret_fields: set[RecordedLocator]
) -> int:
    """Cover what must not show in a picture of `page`, in every frame (quietly); returns how
    many boxes were drawn. `uncover_secrets` takes them down."""
    if secret_fields:
        fields = [to_playwright(page, field) for field in secret_fields]
        for result in _each(fields, _MARK_FIELDS_JS, FIELD_ATTR):
            if isinstance(result, BaseException):
                raise result
    # The values go to the page the app already showed them in; the trace that records
    # this call is scrubbed like every other artifact.
    args = [sorted(masker.secrets), SECRET_ATTR, FIELD_ATTR, MASK_LAYER_ATTR]
    return sum(int(n or 0) for n in _in_frames(page, _PREPARE_SHOT_JS, args))


def uncover_secrets(page: Page) -> None:
    """Take down what `cover_secrets` drew."""
    # The page may have navigated or closed since: then the boxes went with it.
    with contextlib.suppress(Exception):
        _in_frames(page, _REMOVE_MASKS_JS, MASK_LAYER_ATTR)


def _in_frames(page: Page, expression: str, arg: Any) -> list[Any]:
    """`expression(arg)` in every frame of `page`, the frames together; the answers of the
    frames still attached (a frame detached meanwhile shows nothing any more)."""
    frames = list(page.frames)
    if len(frames) == 1:  # most pages: one plain call
        return [quietly(lambda: page.evaluate(expression, arg))]
    results = overlapped_in_frames(frames, expression, arg)
    if results is None:
        results = [_one(frame, expression, arg) for frame in frames]
    values: list[Any] = []
    for frame, result in zip(frames, results, strict=True):
        if (
            isinstance(result, BaseException)
            and not isinstance(result, TimeoutError)  # a busy frame stays busy
            and not frame.is_detached()
        ):
            # A frame between two documents (an ad rotating) answers on its next one.
            result = _one(frame, expression, arg)
        if isinstance(result, BaseException):
            if frame.is_detached():
                continue
            raise result
        values.append(result)
    return values


def _one(frame: Frame, expression: str, arg: Any) -> Any:
    return _caught(lambda: in_frame(frame, expression, arg))


def _each(locators: list[Locator], expression: str, arg: Any) -> list[Any]:
    """`evaluate_all(expression, arg)` on each locator, quietly and sent together; an item is
    the exception its call raised, if it raised."""
    results = overlapped(locators, expression, arg)
    if results is not None:
        return results
    # Another Playwright: one call after the other.
    return [
        _caught(lambda: loc.evaluate_all(expression, arg))  # noqa: B023
        for loc in locators
    ]


def _caught(call: Callable[[], Any]) -> Any:
    """`call()`, quietly; the exception it raised, if it raised."""
    try:
        return quietly(call)
    except Exception as exc:
        return exc


def _send_later(
    session: CDPSession, method: str, params: dict[str, Any]
) -> asyncio.Task[Any] | None:
    """Start a CDP command without waiting for its answer, on the loop the sync API drives.

    The sync API has no such call; its own objects hold the loop and the async call. Where a
    Playwright release changes them, None tells the caller to wait as before.
    """
    impl = getattr(session, "_impl_obj", None)
    loop = getattr(session, "_loop", None)
    if impl is None or loop is None or not hasattr(session, "_sync"):
        return None
    task: asyncio.Task[Any] = loop.create_task(
        impl.send(method, params, CDP_CAPTURE_TIMEOUT_MS)
    )
    return task


class Tracer:
    """One Playwright trace zip per case, scrubbed of secrets once written.

    The scrub (a zip rewrite in Python) runs on a thread while the next case goes on; the chunk
    is written under a hidden name and only the scrubbed zip takes the case's `trace.zip` name.
    `stop` waits for every scrub.
    """

    def __init__(
        self, context: BrowserContext, masker: Masker, *, enabled: bool
    ) -> None:
        self.context = context
        self.masker = masker
        self.enabled = enabled
        self._running = False
        self._chunk = False
        self._scrubber: ThreadPoolExecutor | None = None
        self._scrubs: list[Future[None]] = []

    def start(self) -> None:
        if not self.enabled:
            return
        # No screencast: frames would show typed secrets that no text scrub can reach.
        self.context.tracing.start(snapshots=True, screenshots=False, sources=False)
        self._running = True

    @property
    def recording(self) -> bool:
        return self._chunk

    def start_case(self, case_id: str) -> None:
        if self._running:
            self.context.tracing.start_chunk(title=case_id)
            self._chunk = True

    def stop_case(self, path: Path) -> Path | None:
        if not self._chunk:
            return None
        self._chunk = False
        raw = path.with_name(f".{path.stem}-unscrubbed{path.suffix}")
        try:
            within(
                self.context.tracing,
                lambda tracing: tracing.stop_chunk(path=raw),
                TRACE_WRITE_S,
            )
        except TimeoutError:
            # A frame whose script never pauses keeps Playwright's last snapshot from
            # finishing; the rest of the run goes untraced rather than waiting on it.
            log.warning("trace for %s not written: the page did not answer", path.name)
            self._running = False
            raw.unlink(missing_ok=True)
            return None
        except Exception as exc:
            log.warning(
                "trace for %s not written: %s", path.name, str(exc).splitlines()[0]
            )
            return None
        if self._scrubber is None:
            self._scrubber = ThreadPoolExecutor(1, thread_name_prefix="trace-scrub")
        self._scrubs.append(self._scrubber.submit(self._scrub, raw, path))
        return path

    def _scrub(self, raw: Path, path: Path) -> None:
        try:
            scrub_zip(raw, self.masker)
            raw.replace(path)
        except Exception as exc:
            # An unscrubbed trace must not stay behind under any name.
            log.warning("trace %s not scrubbed: %s", path.name, exc)
            raw.unlink(missing_ok=True)
            path.unlink(missing_ok=True)

    def stop(self) -> None:
        if self._running:
            self._running = False
            try:
                self.context.tracing.stop()
            except Exception as exc:
                log.debug("tracing stop: %s", exc)
        for scrub in self._scrubs:
            scrub.result()
        self._scrubs = []
        if self._scrubber is not None:
            self._scrubber.shutdown()
            self._scrubber = None
