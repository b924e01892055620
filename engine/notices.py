"""Notices: "Dismiss the notification", "Close the success toast", "Close the banner about the trial".

A notice (an alert box, a toast, a snackbar, a flash message, a banner) is no control a step
names: the step names the box, and what it clicks is the box's own close control (a cross, a
"Close"/"Dismiss"/"Got it" button, an icon whose class says close). A "Close" elsewhere on the page,
another notice's cross or a modal's button is never it. A box is a notice by its role (alert,
status, a live region) or by a class or id that says so (`alert`, `toast`, `Toastify__toast`,
`notification`, `flash`, `snackbar`, `banner`, Django's `<li class="success">`); it is the
largest such box around the control that holds no other notice's close control, so in a list of
messages each message is its own notice.

What the step adds narrows the choice: a tone ("the success toast", "the error": by the box's
classes, else by its words), words it shows ("about the trial", "saying 'Saved'"), and the kind it
names (a toast or snackbar, a banner, an alert; a "notification" or "message" is any notice):
boxes of that kind (a box floating over the page is a toast), else, for a banner or an alert,
those whose kind nothing says (never an alert box for a toast). Notices show late (a toast after a save), so
the step waits for one (the step timeout); none fails the step, as a missing cookie banner does.
Several that fit are the author's to tell apart ("Close the toast saying 'Saved'"): the step is
broken, not guessed. "Close all notifications" closes each that fits. After the click the notice
has to go away (within the assert timeout): a cross that does nothing is a failure of the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import JSHandle

from engine.waiting import poll

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Page

# The notices that fit what a step asks ({noun, tone, words, all}): {el, box} of the one that
# fits, else {el: null}; `texts` what each that fits says. {bare: true}: what the notices that
# have no close control say. {shown: true, noun, tone, words}: every notice shown, closable or
# not, {texts} of those that fit and {all} of them (a claim that one is shown or gone). Shared with the exported specs
# (engine.export.typescript), so both close the same notice.
FIND_NOTICE_JS = r"""(want) => {
  const NOTICE = /(^|[-_])(alerts?|toasts?|toaster|flash(?:es)?|notices?|notif(?:ication)?s?|messages?|msgs?|snack(?:bar)?s?|banners?|callouts?|announcements?|infobar|feedback)([-_]|$)|toast|snackbar|notification/;
  const TONE = /(^|[-_])(success|successful|confirmation|error|errors|danger|fail(?:ed|ure)?|warn(?:ing)?|info|information)([-_]|$)/;
  // Style words and things that only look like notices: a red text, a badge, a modal's parts.
  const STYLE = /^(text|btn|button|border|link|outline|icon|fill|stroke|table|progress|has|input|form|field)[-_]|(^|[-_])(tag|badge|chip|pill|dot|modal|dialog|popover|tooltip|dropdown|menu)([-_]|$)/;
  const KINDS = {
    toast: /toast|snack/, banner: /banner|announcement|infobar|topbar/, alert: /alert|callout/,
  };
  const TONES = {
    success: /success|confirm/, error: /error|danger|fail|invalid|critical/,
    warning: /warn|caution/, info: /(^|[-_])info/,
  };
  const DONE = /\b(success(?:ful|fully)?|saved|added|created|updated|deleted|removed|sent|submitted|thanks?|thank\s+you|done|completed?|confirmed|placed|published|copied|changed|applied)\b/i;
  const FAILED = /\b(error|failed|invalid|incorrect|wrong|unable|could\s*n[o']t|cannot|can't|denied)\b/i;
  const CLOSE_NAME = /^\W*(?:close|dismiss|hide|got it|ok(?:ay)?|no,? thanks|not now)\b|^\s*[×✕✖✗╳xX]\s*$/i;
  const CLOSE_MARK = /(^|[-_])(close|btn-close|dismiss|delete|times|x|xmark|cross|clear)([-_]|$)/;
  const MODAL = 'dialog, [role=dialog], [role=alertdialog], [aria-modal=true]';
  const tokensOf = (node) => [...(node.getAttribute('class') || '').split(/\s+/), node.id,
    node.getAttribute('data-testid') || ''].map((t) => t.toLowerCase()).filter(Boolean);
  const nameOf = (el) => (el.getAttribute('aria-label') || el.innerText || el.value
    || el.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && el.getBoundingClientRect().width > 0;
  const isNotice = (node) => {
    if (node.matches(MODAL) || node.matches('body, main, form, nav, header, footer, table, tr')) return false;
    if (node.matches('[role=alert], [role=status], [aria-live=polite], [aria-live=assertive]')) return true;
    return tokensOf(node).some((t) => !STYLE.test(t) && (NOTICE.test(t) || TONE.test(t)));
  };
  // A nameless control says it closes by its class, its icon's class or title, or what it dismisses.
  const closes = (el) => {
    const name = nameOf(el);
    if (name) return CLOSE_NAME.test(name);
    if (el.matches('[data-dismiss], [data-bs-dismiss], [data-dismiss-target], [data-close]')) return true;
    const parts = [el, ...el.querySelectorAll('*')].slice(0, 6);
    return parts.some((p) => tokensOf(p).some((t) => CLOSE_MARK.test(t))
      || /close|dismiss/i.test(p.getAttribute('data-icon') || p.querySelector?.('title')?.textContent || ''));
  };
  // The notices shown, whatever closes them: outermost, short, no list of their own.
  const boxesShown = () => {
    const boxes = Array.from(document.querySelectorAll('[role], [aria-live], [class], [id]'))
      .filter((n) => isNotice(n) && shown(n) && (n.innerText || '').trim()
        && n.innerText.length < 300 && !n.querySelector('li, tr'));
    return boxes.filter((n) => !boxes.some((o) => o !== n && o.contains(n)));
  };
  const plainText = (n) => (n.innerText || '').replace(/\s+/g, ' ').trim();
  // What a notice says (less its close control's name), its tone and its kind.
  const described = (box, closeName, deep = false) => {
    const said = plainText(box).replace(closeName, '').replace(/\s+/g, ' ').trim();
    const around = [];
    for (let n = box, i = 0; n && n !== document.body && i < 4; n = n.parentElement, i++) around.push(...tokensOf(n), n.getAttribute('role') || '');
    const own = [...tokensOf(box), ...Array.from(box.querySelectorAll('[class]')).slice(0, 20).flatMap(tokensOf)];
    let tone = Object.keys(TONES).find((t) => own.some((w) => TONES[t].test(w) && !/(^|[-_])(btn|button|link)[-_]/.test(w)));
    if (!tone) tone = FAILED.test(said) ? 'error' : (DONE.test(said) ? 'success' : '');
    let kind = Object.keys(KINDS).find((k) => around.some((w) => KINDS[k].test(w))) || '';
    // A box that floats over the page (fixed, near it) is a toast whatever its classes say.
    for (let n = box, i = 0; !kind && n && n !== document.body && i < 4; n = n.parentElement, i++) {
      if (getComputedStyle(n).position === 'fixed') kind = 'toast';
    }
    // A live region that holds the notice: its kind is its content's.
    if (!kind && deep) {
      const inner = Array.from(box.querySelectorAll('*')).slice(0, 20);
      kind = Object.keys(KINDS).find((k) => inner.some((n) => tokensOf(n).some((w) => KINDS[k].test(w))))
        || (inner.some((n) => getComputedStyle(n).position === 'fixed') ? 'toast' : '');
    }
    return { said, tone, kind };
  };
  if (want.bare) {
    // Notices shown with no close control (said when a step finds none to close).
    return boxesShown().map(plainText).slice(0, 3);
  }
  const controls = want.shown ? [] : Array.from(document.querySelectorAll(
    'button, a, [role=button], input[type=button], [onclick], [data-dismiss], [data-bs-dismiss], [class*=close], [class*=dismiss], .delete'))
    .filter((el) => shown(el) && closes(el));
  const outer = controls.filter((el) => !controls.some((o) => o !== el && o.contains(el)));
  const found = [];
  if (want.shown) {
    // Every notice shown, closable or not. A live region or status line only as a notice
    // says it: marked so, floating, or saying something was done or failed ("Showing 1 to 2
    // of 2" is none).
    for (const box of boxesShown()) {
      const seen = described(box, '', true);
      const marked = box.matches('[role=alert]')
        || tokensOf(box).some((t) => !STYLE.test(t) && (NOTICE.test(t) || TONE.test(t)));
      if (marked || seen.kind || seen.tone) found.push({ el: null, box, ...seen });
    }
  }
  for (const el of outer) {
    // The nearest notice around the control, widened while the wider box holds no other notice.
    let box = null;
    let node = el.parentElement;
    for (let up = 0; node && node !== document.body && up < 10; up++, node = node.parentElement) {
      if (node.matches(MODAL)) { box = null; break; }
      const alone = !outer.some((o) => o !== el && node.contains(o));
      if (!alone) break;
      if (isNotice(node)) box = node;
      else if (box && up > 3) break;
    }
    if (!box || (box.innerText || '').length > 1000) continue;
    // A notice still fading in ignores its cross (Bootstrap's toast does): it is not there yet.
    if (box.getAnimations({ subtree: true }).some((a) => a.playState === 'running'
      && a.effect && a.effect.getTiming().iterations !== Infinity)) continue;
    found.push({ el, box, ...described(box, nameOf(el)) });
  }
  const norm = (t) => ' ' + (t || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim() + ' ';
  const words = norm(want.words || '');
  let fits = found.filter((f) => (!want.tone || f.tone === want.tone)
    && (!words.trim() || norm(f.said).includes(words)
      || words.trim().split(' ').filter((w) => w.length > 2).every((w) => norm(f.said).includes(' ' + w + ' '))));
  // A toast is no alert box: boxes of the kind named; a banner or an alert may also be a box
  // whose kind nothing says (a toast floats, so one is always known).
  if (want.noun) {
    const kinded = fits.filter((f) => f.kind === want.noun);
    fits = kinded.length || want.noun === 'toast' ? kinded : fits.filter((f) => !f.kind);
  }
  const texts = fits.map((f) => f.said);
  // A claim's "notification" or "message" is no site-wide banner (an announcement that stays).
  if (want.shown && !want.noun) fits = fits.filter((f) => f.kind !== 'banner');
  if (want.shown) return { texts: fits.map((f) => f.said), all: found.map((f) => f.said) };
  const one = fits.length === 1 || (want.all && fits.length) ? fits[0] : null;
  return { el: one && one.el, box: one && one.box, texts };
}"""

# The kinds of notice a step may name, by the words it uses; the others name any notice.
_KIND_WORDS = {
    "toast": "toast",
    "snackbar": "toast",
    "snack bar": "toast",
    "banner": "banner",
    "announcement": "banner",
    "alert": "alert",
    "callout": "alert",
}
_TONE_WORDS = {
    "success": "success",
    "successful": "success",
    "confirmation": "success",
    "error": "error",
    "failure": "error",
    "warning": "warning",
    "info": "info",
    "information": "info",
    "informational": "info",
}


_ARTICLE_RE = re.compile(r"^(?:the|a|an|my|our|your|this|that)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Wanted:
    """What a notice step asks for: the kind it names, its tone, words it shows, all of them."""

    noun: str = ""
    tone: str = ""
    words: str = ""
    all: bool = False

    def encode(self) -> tuple[str, str | None]:
        """As a recorded action keeps it: (target, value) — kind and tone, and the words."""
        target = " ".join(
            filter(None, ("all" if self.all else "", self.tone, self.noun))
        )
        return target or "notice", self.words or None

    @classmethod
    def decode(cls, target: str | None, value: str | None) -> Wanted:
        parts = (target or "").split()
        return cls(
            noun=next((p for p in parts if p in _KIND_WORDS.values()), ""),
            tone=next((p for p in parts if p in _TONE_WORDS.values()), ""),
            words=value or "",
            all="all" in parts,
        )

    @classmethod
    def read(cls, noun: str, tone: str, words: str, *, every: bool) -> Wanted:
        """From a step's words: "toasts", "success", "about the trial"."""
        singular = re.sub(r"s$", "", noun.lower().strip())
        return cls(
            noun=_KIND_WORDS.get(singular, ""),
            tone=_TONE_WORDS.get(tone.lower().strip(), ""),
            words=_ARTICLE_RE.sub("", words.strip()),
            all=every,
        )

    def as_js(self) -> dict[str, str | bool]:
        """As FIND_NOTICE_JS takes it."""
        return {
            "noun": self.noun,
            "tone": self.tone,
            "words": self.words,
            "all": self.all,
        }

    def describe(self) -> str:
        what = " ".join(filter(None, (self.tone, self.noun or "notification")))
        return f"{what} saying {self.words!r}" if self.words else what


# A closed notice is gone, hidden, or an empty holder (a toast container stays on the page).
NOTICE_SHOWN_JS = """b => b.isConnected && b.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && b.innerText.trim() !== ''"""


# How long a claim that no notice is shown looks for one still coming (a toast comes a moment
# after the save's answer).
NOTICE_GRACE_MS = 600

# "Close all notifications" closes at most so many (a page that keeps showing new ones).
_MOST = 50


class NoNotice(Exception):
    """A notice step found no notice that fits, or one that would not go away."""


class SeveralNotices(Exception):
    """A notice step found more than one notice that fits: the step has to say which."""


def close_notice(
    page: Page, wanted: Wanted, *, timeout_ms: float, gone_ms: float
) -> int:
    """Close the notice the step means (waiting for one to show) and see it go; the number
    closed. `gone_ms` is how long a closed notice may take to go away."""
    texts: list[str] = []

    def look() -> JSHandle | bool | None:
        handle, texts[:] = _find(page, wanted)
        # Several that fit will not become one by waiting: said at once.
        return handle or len(texts) > 1

    handle = poll(page, look, timeout_ms)
    if handle is True:
        listed = ", ".join(repr(t[:60]) for t in texts[:4]) + (
            ", …" if texts[4:] else ""
        )
        raise SeveralNotices(
            f"{len(texts)} notices could be meant ({listed}): say which, e.g. "
            f"\"Close the notification saying '{texts[0][:30]}'\""
        )
    closed = 0
    while isinstance(handle, JSHandle) and closed < _MOST:
        _close(page, handle, texts[0] if texts else "", wanted, gone_ms)
        closed += 1
        if not wanted.all:
            break
        handle, texts[:] = _find(page, wanted)
    if not closed:
        bare = _bare(page)
        shown = (
            f" (shown without one: {', '.join(repr(t[:60]) for t in bare)})"
            if bare
            else ""
        )
        raise NoNotice(
            f"no {wanted.describe()} with a control to close it showed within "
            f"{timeout_ms / 1000:.1f} s{shown}"
        )
    return closed


def notices_shown(page: Page, wanted: Wanted) -> tuple[list[str], list[str]]:
    """What the notices shown that fit say, and what every notice shown says."""
    try:
        found = page.evaluate(FIND_NOTICE_JS, {**wanted.as_js(), "shown": True})
    except PlaywrightError:
        return [], []  # the page navigating
    return [str(t) for t in found["texts"]], [str(t) for t in found["all"]]


def _find(page: Page, wanted: Wanted) -> tuple[JSHandle | None, list[str]]:
    try:
        found = page.evaluate_handle(FIND_NOTICE_JS, wanted.as_js())
    except PlaywrightError:
        return None, []  # the page navigating
    texts, fits = found.evaluate("f => [f.texts, f.el !== null]")
    if not fits:
        found.dispose()
        return None, [str(t) for t in texts]
    return found, [str(t) for t in texts]


def _bare(page: Page) -> list[str]:
    """What notices the page shows that have no close control."""
    try:
        return [str(t) for t in page.evaluate(FIND_NOTICE_JS, {"bare": True})]
    except PlaywrightError:
        return []


def _close(
    page: Page, found: JSHandle, said: str, wanted: Wanted, gone_ms: float
) -> None:
    control = found.get_property("el").as_element()
    box = found.get_property("box").as_element()
    assert control is not None and box is not None
    found.dispose()
    control.click(timeout=gone_ms)
    if not _gone(page, box, gone_ms):
        raise NoNotice(
            f"the {wanted.noun or 'notification'} {said[:60]!r} was still shown "
            f"{gone_ms / 1000:.1f} s after its close control was clicked"
        )


def _gone(page: Page, box: ElementHandle, timeout_ms: float) -> bool:
    def hidden() -> bool:
        try:
            return not box.evaluate(NOTICE_SHOWN_JS)
        except PlaywrightError:
            return True  # detached with its frame

    return bool(poll(page, hidden, timeout_ms))
