"""Cookie banners: "Accept the cookies", "Reject all cookies", "Close the cookie banner".

A consent banner is no element a step names: it is whatever box of the page (or of one of its
frames: consent managers draw theirs in an iframe) mentions cookies or consent and holds a button
giving the answer. The button is found when the step runs, by its words (Accept all / Allow all /
Agree / Got it / OK; Reject all / Decline / Necessary only; Close / Dismiss / a cross), among buttons
whose own name or a near box mentions cookies: the nearest such box wins, so a "Close" elsewhere on
the page is never the banner's. "Accept all" beats "Accept selected".

A banner appears a moment after the page loads, so the step waits for one (the step timeout). No
banner by then **fails** the step, as "no dialog appeared" does: an app that stopped asking is
news. "... if asked" ("Accept the cookies if asked") makes the banner optional: a short wait,
then the step passes without it (a banner already answered earlier in the run is gone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from playwright.sync_api import Error as PlaywrightError

from engine.waiting import poll

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, Page

Answer = Literal["accept", "reject", "dismiss"]
ANSWERS: tuple[Answer, ...] = ("accept", "reject", "dismiss")

# How long "... if asked" waits for a banner before going on without one.
OPTIONAL_WAIT_MS = 2000

# The button of the answer, in the banner nearest it: (answer) → {el, depth} or null. Shared
# with the exported specs (engine.export.typescript), so both find the same button.
FIND_CONSENT_JS = r"""(answer) => {
  const WORDS = {
    accept: /^\W*(?:(?:yes,? )?i )?(?:accept|allow|agree|consent)\b|^\W*(?:got it|ok(?:ay)?|i understand|understood|yes)\b/i,
    reject: /^\W*(?:reject|decline|deny|refuse|disagree|no,? thanks|(?:use |allow )?(?:only )?(?:strictly )?(?:necessary|essential|required)(?: cookies)?(?: only)?$)/i,
    dismiss: /^\W*(?:close|dismiss|hide)\b|^\s*[×✕✖xX]\s*$/i,
  };
  // What a banner says, or its consent manager's ids and classes ("tracking" alone would be an
  // order-tracking box).
  const ABOUT = /cookie|consent|gdpr|tracking technolog|onetrust|cookiebot|didomi|usercentrics/i;
  const nameOf = (el) => (el.getAttribute('aria-label') || el.innerText || el.value
    || el.getAttribute('title') || '').trim().replace(/\s+/g, ' ');
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    && el.getBoundingClientRect().width > 0;
  // How many boxes up the nearest one that mentions cookies is (0: the button says so itself);
  // a box holding most of the page is no banner.
  const depth = (el) => {
    if (ABOUT.test(nameOf(el))) return 0;
    let level = 1;
    for (let box = el.parentElement; box && box !== document.body && level <= 12;
      box = box.parentElement, level++) {
      const text = box.innerText || '';
      if (text.length > 5000) return null;
      const said = [text, box.id, box.getAttribute('class'), box.getAttribute('aria-label')].join(' ');
      if (ABOUT.test(said)) return level;
    }
    return null;
  };
  const controls = document.querySelectorAll(
    'button, a, [role=button], input[type=button], input[type=submit]');
  let best = null;
  for (const el of controls) {
    const name = nameOf(el);
    if (!WORDS[answer].test(name) || !shown(el)) continue;
    if (answer === 'accept' && WORDS.reject.test(name)) continue;
    const level = depth(el);
    if (level === null) continue;
    const all = /\ball\b/i.test(name) ? 0 : 1;
    if (!best || level < best.depth || (level === best.depth && all < best.all)) {
      best = { el, depth: level, all };
    }
  }
  return best || { el: null };
}"""


def read_answer(value: str | None) -> tuple[Answer, bool]:
    """The answer a consent step records ("accept", "reject if asked") and whether the banner
    is optional."""
    words = (value or "accept").split()
    answer: Answer = next((a for a in ANSWERS if a == words[0]), "accept")
    return answer, words[1:] == ["if", "asked"]


class NoBanner(Exception):
    """A consent step found no cookie banner with a button for its answer."""


def answer_banner(
    page: Page, answer: Answer, *, optional: bool, timeout_ms: float
) -> bool:
    """Click the cookie banner's button for `answer` (waiting for the banner to show); False
    when an optional banner did not show."""
    wait = min(timeout_ms, OPTIONAL_WAIT_MS) if optional else timeout_ms
    button = poll(page, lambda: _button(page, answer), wait)
    if button is None:
        if optional:
            return False
        what = {"accept": "accepts", "reject": "rejects", "dismiss": "closes"}[answer]
        raise NoBanner(
            f"no cookie banner with a button that {what} showed within {wait / 1000:.1f} s"
        )
    button.click(timeout=timeout_ms)
    return True


def _button(page: Page, answer: Answer) -> ElementHandle | None:
    """The best button for the answer in the page or one of its frames (the nearest banner)."""
    best: tuple[int, int, ElementHandle] | None = None
    for frame in page.frames:
        try:
            found = frame.evaluate_handle(FIND_CONSENT_JS, answer)
        except PlaywrightError:
            continue  # a frame navigating or gone
        element = found.get_property("el").as_element()
        if element is None:
            found.dispose()
            continue
        depth = int(found.get_property("depth").json_value())
        rank = int(found.get_property("all").json_value())
        found.dispose()
        if best is None or (depth, rank) < best[:2]:
            best = (depth, rank, element)
    return best[2] if best else None
