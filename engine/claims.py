"""Deciding a claim about the page itself (engine.grammar_checks) on the live page, by code.

The URL and the title are read as they are. A control's state and a field's value are read from
the element the claim names, grounded as a step grounds its target; each look takes a fresh
snapshot, so a control that appears or changes late is waited for like any check.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from engine import counting
from engine.cache import Locator
from engine.context import RunContext
from engine.element_roles import Verb
from engine.grammar_checks import Claim
from engine.grounding import Grounding, ground
from engine.locators import to_playwright
from engine.masking import MASK
from engine.normalize import collapse_spaces
from engine.pages import poll_here
from engine.quiet import quietly
from engine.snapshot import Element, take_snapshot
from engine.sorting import COLUMN_ORDER_JS

# What a field shows as its value: the chosen options' labels of a list, the value of an input,
# the words of a contenteditable box or an ARIA combobox.
VALUE_JS = """(el) => {
  if (el instanceof HTMLSelectElement) return Array.from(el.selectedOptions).map((o) => o.label).join(', ');
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
  return el.innerText || el.textContent || '';
}"""
_FIELD_TAGS = frozenset({"input", "textarea", "select"})
# Claims whose subject the page does not show (no field, collection or column called so) are
# about words after all: the quoted words are looked for, or the model judges them.
WORDS_IF_MISSING = frozenset({"value", "item", "column"})


@dataclass(frozen=True)
class Decision:
    """Whether the claim held when last looked at, and what was seen."""

    holds: bool
    expected: str
    observed: str
    # The claim names an element the page does not show (state, value).
    missing: bool = False


def _same(claim: Claim, seen: str) -> bool:
    wanted = collapse_spaces(claim.expected).casefold()
    have = collapse_spaces(seen).casefold()
    matched = have == wanted if claim.exact else wanted in have
    return matched != claim.negated


def url_path_claim(claim: Claim) -> bool:
    """ "The URL is '/orders'": a path (or a whole URL) the page's must be; any other URL claim
    is about words in it ("The URL contains 'tab=billing'"), case and all."""
    return claim.exact and claim.expected.startswith(("/", "http://", "https://"))


def _url(url: str, claim: Claim) -> Decision:
    if url_path_claim(claim):
        wanted = claim.expected
        if "://" in wanted:
            wanted = urlsplit(wanted).path or "/"
        parts = urlsplit(url)
        seen = parts.path + (f"?{parts.query}" if "?" in wanted and parts.query else "")
        matched = seen.rstrip("/") == wanted.rstrip("/")
        expected = f"the URL's path is{' not' if claim.negated else ''} {wanted!r}"
    else:
        matched = claim.expected in url
        what = "does not contain" if claim.negated else "contains"
        expected = f"the URL {what} {claim.expected!r}"
    return Decision(matched != claim.negated, expected, url)


def _text_expectation(claim: Claim, what: str) -> str:
    if claim.exact:
        verb = "is not" if claim.negated else "is"
    else:
        verb = "does not contain" if claim.negated else "contains"
    return f"{what} {verb} {claim.expected!r}"


def _is_field(element: Element) -> bool:
    return element.tag in _FIELD_TAGS or element.editable or element.role == "combobox"


def _ground_claim(ctx: RunContext, claim: Claim) -> Grounding:
    snapshot = take_snapshot(ctx.page)
    if claim.kind == "value":
        found = ground(snapshot, claim.target, "any", role_hint=claim.role)
        match = found.match
        # A value claim is about a field called so, word for word; else it is about words
        # ("the cart shows 'Tote Bag'") and not this module's to decide.
        if (
            found.status == "found"
            and match is not None
            and (
                match.tier not in ("exact", "normalized")
                or not _is_field(match.element)
            )
        ):
            return Grounding("not_found", reason=f"no field is called {claim.target!r}")
        return found
    verb: Verb = "check" if claim.expected in ("checked", "unchecked") else "any"
    found = ground(snapshot, claim.target, verb, role_hint=claim.role)
    match = found.match
    # Shown or not is a claim about the control called so, not one that resembles it.
    if (
        claim.expected in ("visible", "hidden")
        and match is not None
        and (match.tier not in ("exact", "normalized") or not match.role_fit)
    ):
        return Grounding(
            "not_found", reason=f"no {claim.role} is called {claim.target!r}"
        )
    return found


def _field_value(ctx: RunContext, element: Element) -> str:
    css = Locator("css", element.css, frame=element.frame or None)
    field = to_playwright(ctx.page, css).first
    return str(quietly(lambda: field.evaluate(VALUE_JS)) or "")


_COMPARE = {
    "eq": operator.eq,
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
}
_COMPARE_WORDS = {
    "eq": "",
    "ge": "at least ",
    "gt": "more than ",
    "le": "at most ",
    "lt": "fewer than ",
}


def empty_as_count(claim: Claim) -> Claim | None:
    """ "The cart is empty" where no field is called cart: a count of nothing in it."""
    if claim.kind != "value" or claim.expected or not claim.exact or not claim.target:
        return None
    return Claim("count", "", target=claim.target, negated=claim.negated, count=0)


# The values the page shows beside a label ("Total: $52.00", <dt>Status</dt><dd>Paid</dd>, a
# table's header cell and its neighbour), for the label's words or their shortest ending that
# the page shows ("cart total": "Total").
LABELLED_JS = r"""([label]) => {
  const norm = (t) => (t || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const squash = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const words = norm(label).replace(/\b(?:s|the|my|your|our|its)\b/g, ' ').trim().split(/\s+/);
  const labels = [];
  for (let i = 0; i < words.length; i++) labels.push(words.slice(i).join(' '));
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true });
  const found = new Map();
  for (const el of document.body.querySelectorAll('*')) {
    if (el.matches('script, style, template, input, select, textarea, option, button')) continue;
    const own = norm(Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join(' '));
    if (!own) continue;
    const text = squash(el.innerText);
    for (const want of labels) {
      if (own !== want && !own.startsWith(want + ' ')) continue;
      if (!shown(el)) break;
      // The label's words and what follows them in the element ("Total: $52.00"), else the
      // next element beside it (<dd>, the next cell, a value span).
      const after = text.replace(new RegExp('^\\W*' + want.split(' ').join('\\W+') + '[\\s:=\\-\u2013\u2014]*', 'i'), '');
      let value = after !== text ? after : '';
      if (!value && el.nextElementSibling) value = squash(el.nextElementSibling.innerText);
      if (value) {
        const list = found.get(want) || [];
        list.push(value);
        found.set(want, list);
      }
      break;
    }
  }
  // The longest label the page shows: "cart total" before "total".
  for (const want of labels) if (found.has(want)) return { label: want, values: found.get(want).slice(0, 20) };
  return null;
}"""


def as_labelled(claim: Claim) -> Claim | None:
    """ "The cart total is '$52.00'" where no field is called so: the value beside the label."""
    if claim.kind != "value" or not claim.expected or not claim.target:
        return None
    return dataclasses.replace(claim, kind="labelled")


def _labelled(ctx: RunContext, claim: Claim) -> Decision:
    expected = _text_expectation(claim, f"the value beside {claim.target!r}")
    found = quietly(lambda: ctx.page.evaluate(LABELLED_JS, [claim.target]))
    if not found:
        return Decision(False, expected, "no such label on the page", missing=True)
    values = [str(v) for v in found["values"]]
    wanted = collapse_spaces(claim.expected).casefold()

    def matches(value: str) -> bool:
        have = collapse_spaces(value).casefold()
        if not claim.exact:
            return wanted in have
        # "is 'Paid'": those words, whole ("Unpaid" is not "Paid"), whatever else is beside.
        return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", have) is not None

    holds = any(matches(v) for v in values) != claim.negated
    shown = "; ".join(repr(v[:60]) for v in values[:6])
    return Decision(holds, expected, f"beside {found['label']!r}: {shown}")


def count_expectation(claim: Claim) -> str:
    """What a count claim expects, in words."""
    noun = claim.expected or "items"
    where = f" in {claim.target!r}" if claim.target else ""
    not_ = "not " if claim.negated else ""
    return f"{not_}{_COMPARE_WORDS[claim.compare]}{claim.count} {noun}{where}"


def _count(ctx: RunContext, claim: Claim) -> Decision:
    expected = count_expectation(claim)
    seen = counting.evidence(
        ctx.page, container=claim.target or "", noun=claim.expected
    )
    if not seen:
        return Decision(
            False, expected, "nothing on the page shows such a count", missing=True
        )
    compare = _COMPARE[claim.compare]
    holds = any(compare(e.n, claim.count) for e in seen) != claim.negated
    return Decision(holds, expected, "; ".join(e.what for e in seen))


def _item(ctx: RunContext, claim: Claim) -> Decision:
    """ "The first row contains 'Ada'": that item of the collection the words name."""
    place = "last" if claim.count == -1 else f"#{claim.count}"
    where = f" of {claim.target!r}" if claim.target else ""
    verb = "does not contain" if claim.negated else "contains"
    expected = f"{claim.noun} {place}{where} {verb} {claim.expected!r}"
    seen = counting.evidence(
        ctx.page, container=claim.target or "", noun=claim.noun, items_only=True
    )
    if not seen:
        return Decision(False, expected, "no collection of such items", missing=True)
    index = claim.count - 1 if claim.count > 0 else claim.count
    looks = []
    holds = False
    for collection in seen:
        texts = collection.texts
        if -len(texts) <= index < len(texts):
            holds = holds or _same(claim, texts[index])
            looks.append(f"{collection.what}; that one says {texts[index][:120]!r}")
        else:
            looks.append(collection.what)
    return Decision(holds, expected, "; ".join(looks))


def _column(ctx: RunContext, claim: Claim) -> Decision:
    """ "The Email column contains 'ada@…'": one of that column's cells does (a table's or an
    ARIA grid's, read as sort checks read it); "is": one cell is those words."""
    positive = dataclasses.replace(claim, negated=False)
    cell = "no cell" if claim.negated else "a cell"
    expected = _text_expectation(positive, f"{cell} of the {claim.target} column")
    found = quietly(lambda: ctx.page.evaluate(COLUMN_ORDER_JS, [claim.target]))
    if "error" in found:
        return Decision(False, expected, str(found["error"]), missing=True)
    cells = [str(c) for c in found.get("all", [])]
    holds = any(_same(positive, cell) for cell in cells) != claim.negated
    shown = ", ".join(repr(c[:40]) for c in cells[:12])
    more = f" and {len(cells) - 12} more" if len(cells) > 12 else ""
    return Decision(holds, expected, f"the column's cells: {shown or 'none'}{more}")


def decide(ctx: RunContext, claim: Claim, timeout_ms: float) -> Decision:
    """Look until the claim holds or the time is up; the last look says what was seen.

    A claim that a field is empty where no field is called so is a count of what the region
    called so holds ("The cart is empty")."""
    decision = _decide(ctx, claim, timeout_ms)
    if not decision.missing:
        return decision
    other = empty_as_count(claim) or as_labelled(claim)
    return _decide(ctx, other, timeout_ms) if other is not None else decision


def _decide(ctx: RunContext, claim: Claim, timeout_ms: float) -> Decision:
    last: list[Decision] = []

    def look() -> bool:
        decision = _look(ctx, claim)
        last[:] = [decision]
        return decision.holds

    first = _look(ctx, claim)
    if first.holds or (claim.kind in WORDS_IF_MISSING | {"labelled"} and first.missing):
        # No field called so: the words are about text, decided elsewhere, at once.
        return first
    last[:] = [first]
    poll_here(ctx, look, timeout_ms)
    return last[0]


def _look(ctx: RunContext, claim: Claim) -> Decision:
    if claim.kind == "count":
        return _count(ctx, claim)
    if claim.kind == "item":
        return _item(ctx, claim)
    if claim.kind == "column":
        return _column(ctx, claim)
    if claim.kind == "labelled":
        return _labelled(ctx, claim)
    if claim.kind == "url":
        return _url(ctx.page.url, claim)
    if claim.kind == "title":
        title = quietly(ctx.page.title)
        return Decision(
            _same(claim, title), _text_expectation(claim, "the title"), title
        )
    found = _ground_claim(ctx, claim)
    element = found.element
    what = repr(claim.target)
    if claim.kind == "value":
        expected = _text_expectation(claim, what)
        if element is None:
            return Decision(False, expected, found.reason, missing=True)
        value = _field_value(ctx, element)
        shown = MASK if element.type == "password" else value
        return Decision(_same(claim, value), expected, shown)
    expected = f"{what} is {claim.expected}"
    if claim.expected in ("visible", "hidden"):
        state = "visible" if element is not None else "hidden"
        seen = element.describe() if element is not None else found.reason
        holds = state == claim.expected
        return Decision(
            holds,
            expected,
            f"{seen} ({state})",
            missing=not holds and state == "hidden",
        )
    if element is None:
        return Decision(False, expected, found.reason, missing=True)
    if claim.expected in ("checked", "unchecked"):
        if element.checked is None:
            return Decision(
                False, expected, f"{element.describe()} cannot be checked", missing=True
            )
        state = "checked" if element.checked else "unchecked"
    else:
        state = "enabled" if element.enabled else "disabled"
    return Decision(
        state == claim.expected, expected, f"{element.describe()} is {state}"
    )
