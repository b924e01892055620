"""Selector hints: a CSS selector, or a plain-English description resolved on the live page.

"the cart count" finds `[data-testid=cart-count]` and, after a redesign, `[data-testid=
header-basket-qty]`: a description is matched word by word against what identifies an element
(test id, id, aria-label, title, role, heading level, its own short text and the text around it).
The element that covers every word of the description best wins; a tie is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from engine.dom_js import ELEMENT_JS
from engine.normalize import identifier_words, normalize, unify_quotes
from engine.quiet import quietly

if TYPE_CHECKING:
    from playwright.sync_api import Page

HINT_JS = (
    r"""
() => {
"""
    + ELEMENT_JS
    + r"""
  const selector = TEST_ID_ATTRS.map(a => '[' + a + ']').join(',') +
    ',[id],[aria-label],[role],[title],[name],h1,h2,h3,h4,h5,h6,output,strong,time,' +
    'a[href],button,input,select,textarea,img[alt],p,li,span,dd,td';
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (out.length >= 800) break;
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'HTML', 'BODY'].includes(el.tagName)) continue;
    let testId = '';
    for (const a of TEST_ID_ATTRS) { if (el.getAttribute(a)) { testId = el.getAttribute(a); break; } }
    const r = el.getBoundingClientRect();
    const visible = r.width > 0 && r.height > 0 &&
      (!el.checkVisibility || el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}));
    const text = clean(el.innerText || el.textContent);
    const parent = el.parentElement;
    out.push({
      css: pathFrom(el, null),
      tag: el.tagName.toLowerCase(),
      test_id: testId,
      id: el.id || '',
      aria_label: clean(el.getAttribute('aria-label')),
      title: clean(el.getAttribute('title')),
      role: el.getAttribute('role') || '',
      name: el.getAttribute('name') || '',
      text: text.length <= 80 ? text : '',
      alt: clean(el.getAttribute('alt')),
      context: parent ? clean(parent.innerText || '').slice(0, 80) : '',
      visible,
    });
  }
  return out;
}
"""
)

_HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "article",
        "aside",
        "b",
        "body",
        "button",
        "canvas",
        "caption",
        "code",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "em",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "input",
        "label",
        "legend",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "option",
        "output",
        "p",
        "pre",
        "section",
        "select",
        "small",
        "span",
        "strong",
        "summary",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "ul",
    ]
)
_CSS_SYNTAX = re.compile(r"[.#\[\]>:=*~+()]")
_QUOTED = re.compile(r"(?<!\w)(['\"])(.+?)\1(?!\w)")
_TAG_WORDS = {
    "h1": "main heading title page heading",
    "h2": "heading subheading section heading",
    "h3": "heading subheading",
    "output": "result output",
}
_IMPLICIT_ROLES = {
    "a": "link",
    "button": "button",
    "input": "field",
    "textarea": "field",
    "select": "list",
    "img": "image",
}
_ROLE_WORDS = {
    "link": "link",
    "button": "button",
    "field": "field input",
    "list": "list dropdown",
    "image": "image picture icon",
    "alert": "alert error message banner",
    "status": "status message notice banner notification",
    "heading": "heading",
    "navigation": "navigation menu nav",
    "dialog": "dialog modal popup",
}
# Words that say what kind of thing is meant but not which one.
_GENERIC = frozenset(
    {"element", "text", "value", "label", "area", "section", "box", "field", "shown"}
)
TOKEN_MATCH = 85.0


@dataclass(frozen=True)
class HintTarget:
    """Where a hint points: a CSS selector (from the author or found) or a text to look for."""

    css: str | None = None
    text: str | None = None
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.css is not None or self.text is not None


def looks_like_css(hint: str) -> bool:
    """`.badge`, `[data-testid=x]`, `h1`, `main h1`; not "the cart count"."""
    stripped = hint.strip()
    if _CSS_SYNTAX.search(stripped):
        return True
    words = stripped.lower().split()
    return bool(words) and all(w in _HTML_TAGS for w in words)


def _own_keys(candidate: dict[str, Any]) -> list[str]:
    """What names the element itself: developer names, labels, its text, what kind it is."""
    keys: list[str] = []
    for name in ("test_id", "id", "name"):
        if candidate.get(name):
            keys.append(identifier_words(str(candidate[name])))
    for name in ("aria_label", "title", "text", "alt"):
        if candidate.get(name):
            keys.append(normalize(str(candidate[name])))
    tag = str(candidate.get("tag", ""))
    if tag in _TAG_WORDS:
        keys.append(_TAG_WORDS[tag])
    role = str(candidate.get("role", "")) or _IMPLICIT_ROLES.get(tag, "")
    if role in _ROLE_WORDS:
        keys.append(_ROLE_WORDS[role])
    return keys


def _covered(word: str, tokens: set[str]) -> bool:
    return word in tokens or any(fuzz.ratio(word, t) >= TOKEN_MATCH for t in tokens)


def _coverage(words: list[str], own: set[str], context: set[str]) -> float:
    """Share of the hint's words the element answers to; words only its surroundings have count
    half, so "the Contact support link" means the link, not the menu around it."""
    if not words:
        return 0.0
    score = 0.0
    for word in words:
        if _covered(word, own):
            score += 1.0
        elif _covered(word, context):
            score += 0.5
    return score / len(words)


def rank_candidates(hint: str, candidates: list[dict[str, Any]]) -> HintTarget:
    """Pick the element a plain-English hint describes (pure; unit-tested without a browser)."""
    words = [w for w in normalize(hint).split() if w not in _GENERIC]
    if not words:
        return HintTarget(reason=f"the hint {hint!r} names nothing specific")
    scored: list[tuple[float, float, bool, dict[str, Any]]] = []
    phrase = " ".join(words)
    for candidate in candidates:
        keys = _own_keys(candidate)
        own = {t for k in keys for t in k.split() if t}
        context = set(normalize(str(candidate.get("context", ""))).split())
        coverage = _coverage(words, own, context)
        if coverage < 0.5:
            continue
        closeness = max(
            (
                fuzz.token_set_ratio(phrase, k) * 0.6 + fuzz.ratio(phrase, k) * 0.4
                for k in keys
            ),
            default=0.0,
        )
        scored.append((coverage, closeness, bool(candidate.get("visible")), candidate))
    if not scored:
        return HintTarget(reason=f"nothing on the page fits {hint!r}")
    scored.sort(key=lambda s: (-s[0], not s[2], -s[1]))
    best = scored[0]
    tied = [best] + [
        s
        for s in scored[1:]
        if s[0] == best[0] and s[2] == best[2] and best[1] - s[1] < 2.0
    ]
    # Nested elements (a badge and the text around it) describe one thing: keep the innermost.
    paths = [str(s[3]["css"]) for s in tied]
    innermost = [p for p in paths if not any(q.startswith(p + " > ") for q in paths)]
    if len(innermost) > 1:
        listed = ", ".join(innermost[:5])
        return HintTarget(reason=f"several elements fit {hint!r}: {listed}")
    return HintTarget(css=innermost[0])


def resolve_hint(page: Page, hint: str) -> HintTarget:
    """Resolve a selector hint on the live page once (callers poll)."""
    text = unify_quotes(hint).strip()
    quoted = _QUOTED.search(text)
    if quoted and not looks_like_css(_QUOTED.sub("", text)):
        return HintTarget(text=quoted.group(2))
    if looks_like_css(text):
        try:
            valid = quietly(
                lambda: page.evaluate(
                    "(s) => { try { document.querySelector(s); return true; } catch (e) { return false; } }",
                    text,
                )
            )
        except Exception:
            valid = False
        if valid:
            return HintTarget(css=text)
    candidates: list[dict[str, Any]] = quietly(lambda: page.evaluate(HINT_JS))
    return rank_candidates(text, candidates)
