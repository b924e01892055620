"""Deciding a claim about the page itself (engine.grammar_checks) on the live page, by code.

The URL and the title are read as they are. A control's state and a field's value are read from
the element the claim names, grounded as a step grounds its target; each look takes a fresh
snapshot, so a control that appears or changes late is waited for like any check.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from engine import counting, rows
from engine.cache import Locator
from engine.context import RunContext
from engine.element_roles import Verb
from engine.grammar_checks import Claim
from engine.grounding import Grounding, ground
from engine.locators import to_playwright
from engine.masking import MASK
from engine.normalize import collapse_spaces, identifier_words, normalize
from engine.notices import NOTICE_GRACE_MS, Wanted, notices_shown
from engine.pages import MODAL_CSS, poll_here
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
WORDS_IF_MISSING = frozenset({"value", "item", "column", "error"})


def about_words(claim: Claim) -> bool:
    """Whether a claim that finds nothing it is about is about the words it quotes instead
    ("the cart shows 'Tote Bag'"); never a number compared ("the total is more than $10" is
    not borne out by "$10" on the page)."""
    return claim.kind in WORDS_IF_MISSING and claim.compare == "eq"


@dataclass(frozen=True)
class Decision:
    """Whether the claim held when last looked at, and what was seen."""

    holds: bool
    expected: str
    observed: str
    # The claim names an element the page does not show (state, value).
    missing: bool = False


# A minus sign may come before the currency ("-$5.00").
_NUMBER_RE = re.compile(r"(-?)\s?[$\u20ac\u00a3\u00a5]?\s?(\d[\d,]*(?:\.\d+)?)")
# An amount is "less than", where a count is "fewer than" (_COMPARE_WORDS).
_AMOUNT_WORDS = {
    "gt": "more than",
    "ge": "at least",
    "lt": "less than",
    "le": "at most",
}


def _number(text: str) -> float | None:
    found = _NUMBER_RE.search(text)
    if found is None:
        return None
    return float(found.group(1) + found.group(2).replace(",", ""))


def _compared(claim: Claim, seen: str) -> bool | None:
    """ "The total should be more than $10": the first number `seen` shows against the claim's
    (None where the claim matches words, not numbers); nothing to compare is false."""
    if claim.compare == "eq" or claim.kind == "count":
        return None
    wanted, have = _number(claim.expected), _number(seen)
    if wanted is None or have is None:
        return False
    return bool(_COMPARE[claim.compare](have, wanted))


def _same(claim: Claim, seen: str) -> bool:
    compared = _compared(claim, seen)
    if compared is not None:
        return compared != claim.negated
    wanted = collapse_spaces(claim.expected).casefold()
    have = collapse_spaces(seen).casefold()
    matched = have == wanted if claim.exact else wanted in have
    return matched != claim.negated


def url_path_claim(claim: Claim) -> bool:
    """ "The URL is '/orders'": a path (or a whole URL) the page's must be; any other URL claim
    is about words in it ("The URL contains 'tab=billing'"), case and all."""
    return claim.exact and claim.expected.startswith(("/", "http://", "https://"))


def _url(url: str, claim: Claim, what: str = "the URL") -> Decision:
    if url_path_claim(claim):
        wanted = claim.expected
        if "://" in wanted:
            wanted = urlsplit(wanted).path or "/"
        parts = urlsplit(url)
        seen = parts.path + (f"?{parts.query}" if "?" in wanted and parts.query else "")
        matched = seen.rstrip("/") == wanted.rstrip("/")
        expected = f"{what}'s path is{' not' if claim.negated else ''} {wanted!r}"
    else:
        matched = claim.expected in url
        verb = "does not contain" if claim.negated else "contains"
        expected = f"{what} {verb} {claim.expected!r}"
    return Decision(matched != claim.negated, expected, url)


def _text_expectation(claim: Claim, what: str) -> str:
    if claim.compare != "eq" and claim.kind != "count":
        not_ = " not" if claim.negated else ""
        return f"{what} is{not_} {_AMOUNT_WORDS[claim.compare]} {claim.expected!r}"
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


# Whether the element has the keyboard's focus (or holds what has it: a date picker's input in
# its wrapper), in its own frame's document.
FOCUSED_JS = """(el) => {
  const active = el.ownerDocument.activeElement;
  return !!active && (active === el || el.contains(active));
}"""


# A field the form will not send without: `required`, aria-required, or a label marked "*".
REQUIRED_JS = r"""(el) => {
  if (el.required || el.getAttribute('aria-required') === 'true') return true;
  const labels = Array.from(el.labels || []);
  for (const id of (el.getAttribute('aria-labelledby') || '').split(/\s+/)) {
    const label = id && el.getRootNode().getElementById(id);
    if (label) labels.push(label);
  }
  return labels.some((l) => /\*\s*$/.test(l.innerText || '') || l.matches('[class*=required]')
    || l.querySelector('[class*=required], abbr[title*=required i]') !== null);
}"""


# Whether the elements called `name` that carry a selection are on: a list's option, an ARIA
# tab, option or tree item (aria-selected), a toggle button (aria-pressed), an ARIA box
# (aria-checked), the current link (aria-current). None of them: [] (a native box decides).
SELECTED_JS = r"""([name]) => {
  const norm = (t) => (t || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const want = norm(name);
  const states = [];
  const CARRIERS = 'option, [role=tab], [role=option], [role=treeitem], [aria-pressed], [aria-selected], [aria-checked], [aria-current]';
  for (const el of document.querySelectorAll(CARRIERS)) {
    const option = el instanceof HTMLOptionElement;
    if (norm(el.getAttribute('aria-label') || (option ? el.label : el.innerText)) !== want) continue;
    if (!option && !el.checkVisibility({ checkVisibilityCSS: true })) continue;
    if (option && el.parentElement && !el.closest('select').checkVisibility({ checkVisibilityCSS: true })) continue;
    const attr = ['aria-selected', 'aria-pressed', 'aria-checked', 'aria-current'].find((a) => el.hasAttribute(a));
    if (option) states.push(el.selected);
    else if (attr === 'aria-current') states.push(el.getAttribute(attr) !== 'false');
    else if (attr) states.push(el.getAttribute(attr) === 'true');
    else states.push(false);
  }
  // A nav's link or a tab strip's button marked only by a class ("active", "current",
  // "selected", on it or its <li>), where its group marks one: marked or not.
  const MARK = /(?:^|[\s_-])(?:active|current|selected)(?:$|[\s_-])/i;
  const ITEM = 'a[href], button, [role=menuitem]';
  const marked = (el) => [el, el.parentElement].some((e) => e && (e === el || e.matches('li'))
    && MARK.test(e.getAttribute('class') || ''));
  for (const el of document.querySelectorAll(ITEM)) {
    if (el.matches(CARRIERS) || norm(el.getAttribute('aria-label') || el.innerText) !== want) continue;
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    const group = el.closest('nav, ul, ol, [role=tablist], [role=menubar], [role=menu], [role=navigation]');
    if (group && [...group.querySelectorAll(ITEM)].some(marked)) states.push(marked(el));
  }
  return states;
}"""
# Whether what the control opens is open: a <details>, else its aria-expanded.
EXPANDED_JS = r"""(el) => {
  const details = el.tagName === 'DETAILS' ? el : el.closest('summary') ? el.closest('details') : null;
  if (details) return details.open;
  const node = el.closest('[aria-expanded]') || el.querySelector('[aria-expanded]');
  return node ? node.getAttribute('aria-expanded') === 'true' : null;
}"""


def _selected(ctx: RunContext, claim: Claim) -> Decision | None:
    """ "The Billing tab is selected", "'Germany' is selected", "The Bold button is pressed":
    the elements called so that carry a selection; None when no such element does."""
    states = quietly(lambda: ctx.page.evaluate(SELECTED_JS, [claim.target]))
    if not states:
        return None
    on = claim.expected == "checked"
    shown = "selected" if any(states) else "not selected"
    return Decision(
        any(bool(s) == on for s in states),
        f"{claim.target!r} is {'selected' if on else 'not selected'}",
        f"{claim.target!r} is {shown}",
    )


def _evaluate_on(ctx: RunContext, element: Element, script: str) -> Any:
    css = Locator("css", element.css, frame=element.frame or None)
    target = to_playwright(ctx.page, css).first
    return quietly(lambda: target.evaluate(script))


def _required(ctx: RunContext, element: Element) -> bool:
    return bool(_evaluate_on(ctx, element, REQUIRED_JS))


def _field_value(ctx: RunContext, element: Element) -> str:
    return str(_evaluate_on(ctx, element, VALUE_JS) or "")


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
      // A radio group's legend or label: the chosen radio's words, not the first radio's
      // beside it ("The color is 'Red'" with nothing chosen held before).
      const group = el.matches('legend') ? el.parentElement : el.id
        ? document.querySelector(`[role=radiogroup][aria-labelledby~="${CSS.escape(el.id)}"]`) : null;
      if (group && group.querySelector('input[type=radio], [role=radio]')) {
        const chosen = group.querySelector('input[type=radio]:checked, [role=radio][aria-checked=true]');
        const said = chosen && ((chosen.labels && chosen.labels[0] && chosen.labels[0].innerText)
          || chosen.getAttribute('aria-label') || chosen.innerText || chosen.value);
        const list = found.get(want) || [];
        list.push(squash(said) || '(none chosen)');
        found.set(want, list);
        break;
      }
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
    # "The cart contains 'Mug'" is about a region, not a value beside the word "Cart".
    if (
        claim.kind != "value"
        or not claim.expected
        or not claim.target
        or not claim.exact
    ):
        return None
    if claim.row and not claim.noun:
        return None
    # "The price of Mug" on Mug's own page: the value beside "Price".
    label = claim.noun if claim.row and claim.noun else claim.target
    return dataclasses.replace(claim, kind="labelled", target=label)


def _labelled(ctx: RunContext, claim: Claim) -> Decision:
    expected = _text_expectation(claim, f"the value beside {claim.target!r}")
    found = quietly(lambda: ctx.page.evaluate(LABELLED_JS, [claim.target]))
    if not found:
        return Decision(False, expected, "no such label on the page", missing=True)
    values = [str(v) for v in found["values"]]
    # "is 'Paid'": those words, whole, whatever else is beside.
    holds = any(_whole(claim, v) for v in values) != claim.negated
    shown = "; ".join(repr(v[:60]) for v in values[:6])
    return Decision(holds, expected, f"beside {found['label']!r}: {shown}")


def as_row(claim: Claim) -> Claim | None:
    """ "The status of A-1002 is 'Paid'", "the row for Ada shows 'Admin'" where no field is
    called so: a record of the page's lists and tables."""
    if claim.kind != "value" or not claim.expected or not claim.row:
        return None
    return dataclasses.replace(claim, kind="row", target=claim.row)


def _whole(claim: Claim, seen: str) -> bool:
    """Whether `seen` bears the claim out: its words whole with "is" ("Unpaid" is not
    "Paid"), anywhere in it with "contains"."""
    compared = _compared(claim, seen)
    if compared is not None:
        return compared
    wanted = collapse_spaces(claim.expected).casefold()
    have = collapse_spaces(seen).casefold()
    if not claim.exact:
        return wanted in have
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", have) is not None


def _row(ctx: RunContext, claim: Claim) -> Decision:
    key = claim.target or ""
    field = f"its {claim.noun} " if claim.noun else ""
    verb = "is" if claim.exact and claim.noun else "contains"
    if claim.compare != "eq":
        verb = f"is {_AMOUNT_WORDS[claim.compare]}"
    not_ = " not" if claim.negated else ""
    expected = f"the row of {key!r}: {field}{verb}{not_} {claim.expected!r}".replace(
        "contains not", "does not contain"
    )
    seen = rows.read(ctx.page, key=key, field=claim.noun)
    if not seen.records:
        if claim.pinned and not seen.on_page:
            return Decision(False, expected, f"nothing on the page mentions {key!r}")
        return Decision(False, expected, f"no row mentions {key!r}", missing=True)
    looks = []
    holds = False
    for record in seen.records:
        if claim.noun and record.values is not None:
            holds = holds or any(_whole(claim, v) for v in record.values)
            shown = ", ".join(repr(v[:60]) for v in record.values[:4])
            looks.append(f"the row {record.text[:80]!r}: its {claim.noun} {shown}")
        elif claim.noun:
            # No part called so: its words other than the ones that name it ("the email of
            # Alpha contains 'alpha'" is not borne out by the name Alpha).
            words = re.sub(
                r"\W+".join(map(re.escape, seen.key.split())),
                " ",
                record.text,
                flags=re.I,
            )
            holds = holds or _whole(claim, words)
            looks.append(f"the row {record.text[:120]!r} (no {claim.noun} in it)")
        else:
            holds = holds or _whole(claim, record.text)
            looks.append(f"the row {record.text[:120]!r}")
    return Decision(holds != claim.negated, expected, "; ".join(looks[:4]))


# The page's top heading: its visible <h1>s, else the headings of the highest level it shows.
HEADING_JS = r"""() => {
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true });
  const level = (h) => Number(h.getAttribute('aria-level') || (/^H[1-6]$/.test(h.tagName) ? h.tagName[1] : 2));
  const all = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')).filter(shown);
  if (!all.length) return [];
  const top = Math.min(...all.map(level));
  return all.filter((h) => level(h) === top).map((h) => (h.innerText || '').replace(/\s+/g, ' ').trim()).filter(Boolean);
}"""


def _heading(ctx: RunContext, claim: Claim) -> Decision:
    expected = _text_expectation(claim, "the page's heading")
    headings = [str(h) for h in quietly(lambda: ctx.page.evaluate(HEADING_JS)) or []]
    if not headings:
        return Decision(False, expected, "the page shows no heading")

    def bears(heading: str) -> bool:
        # "is 'Orders'": the heading is those words, case and punctuation aside.
        if claim.exact:
            return _plain(heading) == _plain(claim.expected)
        return _plain(claim.expected) in _plain(heading)

    holds = any(bears(h) for h in headings) != claim.negated
    return Decision(holds, expected, "; ".join(repr(h[:80]) for h in headings[:4]))


# A site's first page is "home" in its words and "/" in its address.
_HOME_WORDS = frozenset({"home", "start", "landing", "main", "index", "front"})


def _singular(word: str) -> str:
    """ "users" and "user", "categories" and "category": one page ("/admin/auth/user/")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _on_page(ctx: RunContext, claim: Claim) -> Decision:
    """ "I should be on the account page": the page whose address, title or main heading
    says the words ("/account", "/my-account/", "Account · Shop", "Your account"; "sign in"
    is "/login"); the home page is also the site's root."""
    wanted = {_singular(w) for w in normalize(claim.expected).split()}
    path = unquote(urlsplit(ctx.page.url).path)
    title = str(quietly(ctx.page.title) or "")
    headings = [str(h) for h in quietly(lambda: ctx.page.evaluate(HEADING_JS)) or []]
    places = [identifier_words(path.replace("/", " ")), normalize(title)]
    places += [normalize(h) for h in headings]
    holds = any(wanted <= {_singular(w) for w in place.split()} for place in places)
    if wanted <= _HOME_WORDS and path.strip("/") == "":
        holds = True
    not_ = " not" if claim.negated else ""
    expected = f"the browser is{not_} on the {claim.expected} page"
    heading = f", heading {headings[0][:60]!r}" if headings else ""
    observed = f"the address {path!r}, title {title[:60]!r}{heading}"
    return Decision(holds != claim.negated, expected, observed)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


# The words shown as a field's error: what its aria-errormessage and aria-describedby point at,
# the browser's own message once the user made it invalid, and error-looking elements in the
# field's own box (the nearest ancestors holding no other field) or just after it; with none,
# "(marked invalid)" for a field that says it is.
ERROR_JS = r"""(el) => {
  const texts = [];
  const shown = (node) => node.checkVisibility({ checkVisibilityCSS: true });
  const add = (node) => {
    if (!node || !shown(node)) return;
    const text = (node.innerText || '').replace(/\s+/g, ' ').trim();
    if (text && !texts.includes(text)) texts.push(text);
  };
  const FIELD = 'input:not([type=hidden]), select, textarea, [contenteditable=true], [role=textbox], [role=combobox]';
  const ERROR = '[role=alert], [class*=error], [class*=invalid], [class*=danger], [id*=error], [data-testid*=error]';
  const root = el.getRootNode();
  // What aria-describedby points at is help as often as an error: an error only while the
  // field says it is invalid, or when it looks like one.
  const invalid = el.getAttribute('aria-invalid') === 'true';
  for (const attr of ['aria-errormessage', 'aria-describedby']) {
    for (const id of (el.getAttribute(attr) || '').split(/\s+/)) {
      const node = id && root.getElementById(id);
      if (node && (attr === 'aria-errormessage' || invalid || node.matches(ERROR))) add(node);
    }
  }
  if (el.matches(':user-invalid') && el.validationMessage) texts.push(el.validationMessage);
  const other = (box) => Array.from(box.querySelectorAll(FIELD)).some((f) => f !== el && !f.contains(el) && !el.contains(f));
  let box = el.parentElement;
  for (let up = 0; box && box !== document.body && up < 5 && !other(box); up++, box = box.parentElement) {
    for (const node of box.querySelectorAll(ERROR)) if (!node.contains(el)) add(node);
  }
  for (let sib = el.nextElementSibling, hops = 0; sib && hops < 3 && !sib.matches(FIELD); sib = sib.nextElementSibling, hops++) {
    if (sib.matches(ERROR)) add(sib);
  }
  if (texts.length) return texts;
  // None of its own: the page's list of errors (a form's summary), its items that name the
  // field by its label ("Enter a valid email address" for Email).
  const norm = (t) => ' ' + (t || '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim() + ' ';
  const names = Array.from(el.labels || []).map((l) => l.innerText)
    .concat([el.getAttribute('aria-label'), el.getAttribute('placeholder')])
    .map(norm).filter((n) => n.trim());
  for (const node of document.querySelectorAll(ERROR)) {
    if (node.querySelector(FIELD) || !shown(node)) continue;
    const items = node.querySelectorAll('li');
    for (const item of items.length ? Array.from(items) : [node]) {
      if (names.some((n) => norm(item.innerText).includes(n))) add(item);
    }
  }
  // No words, but the field says it is invalid (a red border and aria-invalid): an error all
  // the same ("The Email field should be invalid").
  if (!texts.length && (invalid || el.matches(':user-invalid'))) texts.push('(marked invalid)');
  return texts;
}"""


# The errors the page shows, not a field's own ("An error should be shown", "The error should
# say 'Invalid'"): visible alerts and error-looking boxes (a class, id or test id that says
# error, invalid or danger), outermost only, and the browser's own message of each field the
# user made invalid. A success or info alert is no error.
PAGE_ERRORS_JS = r"""() => {
  const texts = [];
  const ERROR = '[role=alert], [class*=error], [class*=invalid], [class*=danger], [id*=error], [data-testid*=error]';
  const FINE = /(^|[^a-z])(success|info|notice|ok|valid)([^a-z]|$)/;
  const shown = (node) => node.checkVisibility({ checkVisibilityCSS: true });
  const found = Array.from(document.querySelectorAll(ERROR)).filter((node) => {
    const words = ((node.getAttribute('class') || '') + ' ' + node.id).toLowerCase();
    if (FINE.test(words.replace(/invalid/g, ''))) return false;
    // A form or a field that says it may be invalid holds more than its error.
    if (node.matches('form, input, select, textarea, label, fieldset, body, main')) return false;
    return shown(node) && (node.innerText || '').trim();
  });
  for (const node of found) {
    if (found.some((other) => other !== node && other.contains(node))) continue;
    const text = node.innerText.replace(/\s+/g, ' ').trim();
    if (!texts.includes(text)) texts.push(text);
  }
  for (const field of document.querySelectorAll('input, select, textarea')) {
    if (field.matches(':user-invalid') && field.validationMessage) texts.push(field.validationMessage);
  }
  return texts;
}"""


# The messages of a tone the page shows ("A success message should be shown", "There should be
# no warning"): boxes whose class, id or test id marks the tone (`alert-success`, Bulma's
# `is-warning`, Django's `<li class="success">`, `MuiAlert-standardInfo`; not a style word such as
# `text-success` or `btn-success`, a tag or badge marked so ("Paid"), a dialog that asks, nor a
# table row), and live regions, alerts and message boxes (toast, flash, notice, snackbar…) whose
# words say so: for success that something was done ("Saved", "Added … to your cart", "Thank
# you") and nothing failed; for a warning or a note that they start so ("Warning: …", "Note:
# …"). Outermost only; nothing marked with another tone. A status line such as "Showing 1 to 5
# of 12 entries" says nothing was done: no success.
_PAGE_TONE_JS = r"""() => {
  const REGION = '[role=alert], [role=status], [aria-live]';
  const BOX = /(^|[-_])(alert|toast|flash|notice|notification|message|messages|msg|snackbar|banner|callout|admonition|feedback)([-_]|$)/;
  const MARK = TONE_MARK;
  const OTHER = TONE_OTHER;
  const says = TONE_SAYS;
  // A tag, badge or dot marked so is a status ("Paid"); a confirmation dialog asks.
  const NOT_MESSAGE = /(^|[-_])(tag|tags|badge|chip|pill|dot|icon|modal|dialog|popup|popover|tooltip)([-_]|$)/;
  const STYLE = /^(text|bg|btn|button|border|badge|label|link|outline|icon|fill|stroke|table|progress|has)[-_]/;
  const SKIP = 'a, button, input, select, textarea, label, option, form, body, main, tr, td, th, [role=button], [role=link], script, style, template';
  const found = [];
  for (const node of document.querySelectorAll('body *')) {
    if (node.matches(SKIP) || !node.checkVisibility({ checkVisibilityCSS: true })) continue;
    const tokens = [...(node.getAttribute('class') || '').split(/\s+/), node.id, node.getAttribute('data-testid') || '']
      .map((t) => t.toLowerCase()).filter(Boolean);
    if (tokens.some((t) => OTHER.test(t))) continue;
    const text = (node.innerText || '').replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const marked = tokens.some((t) => MARK.test(t) && !STYLE.test(t))
      && !tokens.some((t) => NOT_MESSAGE.test(t)) && !node.matches('[role=dialog], [role=alertdialog], dialog');
    const region = node.matches(REGION) || tokens.some((t) => BOX.test(t) && !STYLE.test(t));
    if (marked || (region && says(text))) found.push(node);
  }
  const texts = [];
  for (const node of found) {
    if (found.some((other) => other !== node && other.contains(node))) continue;
    const text = node.innerText.replace(/\s+/g, ' ').trim();
    if (!texts.includes(text)) texts.push(text);
  }
  return texts;
}"""
_DONE = (
    r"/\b(success(?:ful|fully)?|saved|added|created|updated|deleted|removed|sent|submitted|"
    r"thanks?|thank\s+you|welcome|done|completed?|confirmed|placed|published|subscribed|"
    r"registered|uploaded|copied|changed|applied|signed\s+(?:in|up|out)|logged\s+(?:in|out))\b/i"
)
_FAILED = r"/\b(error|failed|invalid|incorrect|wrong|unable|could\s*n[o']t|cannot|can't|denied)\b/i"
_MARKED = r"/(^|[-_]|standard|filled|outlined)({})([-_]|$)/"
_ERRORS = "error|errors|danger|invalid|fail|failed|failure"


def _tone_script(mark: str, other: str, says: str) -> str:
    return (
        _PAGE_TONE_JS.replace("TONE_MARK", mark)
        .replace("TONE_OTHER", _MARKED.format(other))
        .replace("TONE_SAYS", says)
    )


PAGE_SUCCESS_JS = _tone_script(
    _MARKED.format("success|successful|succeeded|confirmation|confirmed"),
    f"{_ERRORS}|warning|warn",
    f"(text) => {_DONE}.test(text) && !{_FAILED}.test(text)",
)
PAGE_WARNINGS_JS = _tone_script(
    _MARKED.format("warning|warn|caution"),
    f"{_ERRORS}|success",
    r"(text) => /^\W*(warning|caution|heads up)\b/i.test(text)",
)
# A class "note" alone marks a note (an admonition); "note-count" does not.
PAGE_INFO_JS = _tone_script(
    _MARKED.format("info|information")[:-1] + "|^note$/",
    f"{_ERRORS}|success|warning|warn",
    r"(text) => /^\W*(note|info|fyi|tip)\s*:/i.test(text)",
)


def _page_messages(ctx: RunContext, claim: Claim, script: str, noun: str) -> Decision:
    """ "An error should be shown", "The error should say 'Invalid'": any such message the
    page shows (`script`: PAGE_ERRORS_JS, PAGE_SUCCESS_JS); "No error should be shown": none."""
    texts = [str(t) for t in quietly(lambda: ctx.page.evaluate(script)) or []]
    one = f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
    if claim.expected:
        verb = "does not say" if claim.negated else "says"
        expected = f"{one} on the page {verb} {claim.expected!r}"
        wanted = collapse_spaces(claim.expected).casefold()
        shown = any(wanted in collapse_spaces(t).casefold() for t in texts)
    else:
        expected = f"no {noun} shows" if claim.negated else f"{one} shows"
        shown = bool(texts)
    observed = "; ".join(repr(t[:80]) for t in texts[:4]) or f"no {noun} is shown"
    return Decision(shown != claim.negated, expected, observed)


# Whether the visitor is signed in, as the page shows it: signed in where it offers a way to
# sign out (a "Log out" button, a "Sign out" link in a closed user menu, a link or form to
# /logout: only someone signed in is offered one, shown or not); signed out where it offers
# none and a way in (a shown "Sign in"/"Log in" control, a password field) or says "You have
# been signed out". `who`: the name is on the page too. {holds, observed}.
SIGNED_IN_JS = r"""(args) => {
  const words = (el) => (el.getAttribute('aria-label') || el.innerText || el.textContent || el.value
    || el.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
  const OUT = /^\W*(?:log\s*-?\s*out|sign\s*-?\s*out|log\s*-?\s*off|sign\s*-?\s*off)\b/i;
  const IN = /^\W*(?:log\s*-?\s*in|sign\s*-?\s*in)\W*$/i;
  const PATH_OUT = /\/(?:log-?out|sign-?out|log-?off|sign-?off)\b/i;
  const CONTROL = 'a[href], button, input[type=submit], input[type=button], [role=button], [role=link], [role=menuitem]';
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true });
  const controls = Array.from(document.querySelectorAll(CONTROL));
  const goesOut = (el) => PATH_OUT.test(el.getAttribute('href') || '')
    || PATH_OUT.test((el.closest('form') && el.closest('form').getAttribute('action')) || '');
  const out = controls.filter((el) => OUT.test(words(el)) || goesOut(el));
  const ways = controls.filter((el) => shown(el) && IN.test(words(el)));
  const password = Array.from(document.querySelectorAll('input[type=password]')).some(shown);
  const text = document.body ? document.body.innerText : '';
  const said = /\byou(?:\s+have\s+been|'ve\s+been|\s+are(?:\s+now)?|'re(?:\s+now)?)\s+(?:logged|signed)\s*-?\s*(?:out|off)\b/i.exec(text);
  const q = (t) => `'${t}'`;
  const named = (list) => list.slice(0, 2).map((el) => q(words(el) || el.getAttribute('href'))).join(', ');
  let signedIn = null;
  let observed = 'the page offers neither a way to sign out nor a way to sign in';
  if (out.length) {
    signedIn = true;
    observed = `the page offers ${named(out)}${out.some(shown) ? '' : ' (in a closed menu)'}`;
  } else if (ways.length) {
    signedIn = false;
    observed = `the page offers ${named(ways)} and no way to sign out`;
  } else if (password) {
    signedIn = false;
    observed = 'the page asks for a password and offers no way to sign out';
  } else if (said) {
    signedIn = false;
    observed = `the page says ${q(said[0])}`;
  }
  let holds = signedIn === args.signedIn;
  if (holds && args.signedIn && args.who) {
    const plain = (t) => t.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!plain(`${text} ${out.map(words).join(' ')}`).includes(plain(args.who))) {
      holds = false;
      observed = `${observed}; ${q(args.who)} is not on the page`;
    }
  }
  return { holds, observed };
}"""


# Whether a dialog is open in the page: a shown `<dialog open>`, `aria-modal` box or
# `role=dialog`/`alertdialog` (engine.pages.MODAL_CSS; one inside another counts once), and, with
# a name, one whose label, title or words hold it. A fading one (opacity 0) is closed.
DIALOG_JS = r"""(args) => {
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true, opacityProperty: true })
    && el.getBoundingClientRect().width > 0;
  const open = Array.from(document.querySelectorAll('MODAL_CSS')).filter(shown);
  const outer = open.filter((el) => !open.some((other) => other !== el && other.contains(el)));
  const plain = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const title = (el) => {
    const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/)
      .map((id) => document.getElementById(id)).filter(Boolean);
    const heading = el.querySelector('h1, h2, h3, h4, h5, h6');
    return plain(el.getAttribute('aria-label')) || plain(by.map((e) => e.innerText).join(' '))
      || plain(heading && heading.innerText) || plain(el.innerText).slice(0, 60);
  };
  const wanted = plain(args.name).toLowerCase();
  const named = outer.filter((el) => !wanted
    || `${title(el)} ${plain(el.innerText)}`.toLowerCase().includes(wanted));
  const observed = outer.length
    ? `open: ${outer.slice(0, 2).map((el) => `'${title(el)}'`).join(', ')}`
    : 'no dialog is open';
  return { open: named.length > 0, observed };
}""".replace("MODAL_CSS", MODAL_CSS)


def _dialog(ctx: RunContext, claim: Claim) -> Decision:
    wanted = not claim.negated
    what = f"the {claim.expected!r} dialog" if claim.expected else "a dialog"
    expected = f"{what} is open" if wanted else f"{what} is not open"
    seen = quietly(lambda: ctx.page.evaluate(DIALOG_JS, {"name": claim.expected})) or {}
    is_open = bool(seen.get("open"))
    observed = str(seen.get("observed") or "the page could not be read")
    # A browser dialog (alert, confirm) is answered as it comes: one the step before opened
    # counts as having appeared.
    came = [
        d
        for d in ctx.watcher.history[ctx.dialogs_before :]
        if collapse_spaces(claim.expected).casefold()
        in collapse_spaces(d.message).casefold()
    ]
    if came and not is_open:
        is_open = True
        observed = (
            f"the browser {came[-1].type} {came[-1].message!r} ({came[-1].answer})"
        )
    return Decision(is_open == wanted, expected, observed)


def _notice(ctx: RunContext, claim: Claim) -> Decision:
    """ "A toast should appear", "The toast should disappear": whether a notice of that kind,
    tone and words is shown (engine.notices). An alert may be the browser's own: one the step
    before opened counts as having been shown."""
    wanted = Wanted.decode(claim.target, claim.expected)
    fits, shown = notices_shown(ctx.page, wanted)
    if claim.negated and not fits:
        # A notice comes a moment after what shows it (a toast after the save's answer): "The
        # toast should disappear" looks for a while before it holds, or it would hold before
        # the toast came.
        def coming() -> tuple[list[str], list[str]] | None:
            seen = notices_shown(ctx.page, wanted)
            return seen if seen[0] else None

        fits, shown = poll_here(ctx, coming, NOTICE_GRACE_MS) or ([], shown)
    what = wanted.describe()
    one = f"an {what}" if what[0] in "aeiou" else f"a {what}"
    expected = f"no {what} is shown" if claim.negated else f"{one} is shown"
    listed = "; ".join(repr(t[:80]) for t in (fits or shown)[:4])
    observed = f"shown: {listed}" if listed else "no notification is shown"
    if wanted.noun == "alert" and not fits:
        came = [
            d
            for d in ctx.watcher.history[ctx.dialogs_before :]
            if d.type == "alert"
            and collapse_spaces(wanted.words).casefold()
            in collapse_spaces(d.message).casefold()
        ]
        if came:
            fits = [came[-1].message]
            observed = f"the browser alert {came[-1].message!r}"
    return Decision(bool(fits) != claim.negated, expected, observed)


# The images shown that did not load ({broken}, their addresses) and those still loading
# ({loading}); a lazy image off-screen has not been asked for and an <img> with no address is
# a placeholder: neither counts.
IMAGES_JS = r"""() => {
  const broken = [];
  const loading = [];
  for (const img of Array.from(document.images)) {
    if (!img.getAttribute('src') && !img.getAttribute('srcset')) continue;
    if (!img.checkVisibility({ checkVisibilityCSS: true })) continue;
    const where = img.currentSrc || img.src;
    if (!img.complete) {
      if (img.loading !== 'lazy') loading.push(where);
    } else if (img.naturalWidth === 0 && img.naturalHeight === 0) {
      broken.push(where);
    }
  }
  return { broken: broken.slice(0, 10), loading: loading.slice(0, 10) };
}"""


def _images(ctx: RunContext, claim: Claim) -> Decision:
    seen = quietly(lambda: ctx.page.evaluate(IMAGES_JS)) or {}
    broken = [str(s) for s in seen.get("broken", [])]
    loading = [str(s) for s in seen.get("loading", [])]
    if broken:
        observed = "broken: " + ", ".join(repr(s[-80:]) for s in broken[:4])
    elif loading:
        observed = "still loading: " + ", ".join(repr(s[-80:]) for s in loading[:4])
    else:
        observed = "every image shown has loaded"
    return Decision(not broken and not loading, "every image shown loads", observed)


def _console(ctx: RunContext, claim: Claim) -> Decision:
    """What the case's pages wrote to the console as errors or threw (engine.watch)."""
    errors = ctx.watcher.console_errors
    listed = "; ".join(repr(e[:120]) for e in errors[:3])
    more = f" and {len(errors) - 3} more" if len(errors) > 3 else ""
    observed = f"{len(errors)} console error(s): {listed}{more}" if errors else "none"
    return Decision(not errors, "no console errors", observed)


def _signed_in(ctx: RunContext, claim: Claim) -> Decision:
    wanted = not claim.negated
    expected = "the visitor is signed " + ("in" if wanted else "out")
    if claim.expected:
        expected += f" as {claim.expected!r}"
    args = {"signedIn": wanted, "who": claim.expected}
    seen = quietly(lambda: ctx.page.evaluate(SIGNED_IN_JS, args)) or {}
    observed = str(seen.get("observed") or "the page could not be read")
    return Decision(bool(seen.get("holds")), expected, observed)


def _page_success(ctx: RunContext, claim: Claim) -> Decision:
    return _page_messages(ctx, claim, PAGE_SUCCESS_JS, "success message")


def _error(ctx: RunContext, claim: Claim) -> Decision:
    if not claim.target:
        return _page_messages(ctx, claim, PAGE_ERRORS_JS, "error")
    what = f"the {claim.target!r} field's error"
    if claim.expected:
        verb = "does not say" if claim.negated else "says"
        expected = f"{what} {verb} {claim.expected!r}"
    else:
        expected = (
            f"no error shows for {claim.target!r}" if claim.negated else f"{what} shows"
        )
    found = ground(take_snapshot(ctx.page), claim.target, "any", role_hint=claim.role)
    element = found.element
    if element is None or not _is_field(element):
        # "The form shows the error 'Wrong password'": words, when no field is called so.
        reason = (
            found.reason if element is None else f"no field is called {claim.target!r}"
        )
        return Decision(False, expected, reason, missing=True)
    texts = [str(t) for t in _evaluate_on(ctx, element, ERROR_JS) or []]
    if claim.expected:
        wanted = collapse_spaces(claim.expected).casefold()
        shown = any(wanted in collapse_spaces(t).casefold() for t in texts)
    else:
        shown = bool(texts)
    observed = "; ".join(repr(t[:80]) for t in texts[:4]) or "no error is shown"
    return Decision(shown != claim.negated, expected, observed)


def _link(ctx: RunContext, claim: Claim) -> Decision:
    found = ground(take_snapshot(ctx.page), claim.target, "click", role_hint="link")
    element = found.element
    what = f"the {claim.target!r} link"
    if element is None or not element.href:
        reason = found.reason if element is None else f"{element.describe()} is no link"
        return Decision(False, f"{what} goes somewhere", reason, missing=True)
    href = urljoin(ctx.page.url, element.href)
    if claim.exact and "://" in claim.expected:
        # "points to 'https://example.com/help'": that address, host and all.
        holds = re.match(url_is(claim.expected), href) is not None
        not_ = " not" if claim.negated else ""
        expected = f"{what} goes{not_} to {claim.expected!r}"
        return Decision(holds != claim.negated, expected, href)
    return _url(href, claim, what)


# Where a link opens: its own target, else its document's <base target> ("" is this tab).
LINK_TARGET_JS = """(el) => { const a = el.closest('a, area') || el;
  return a.getAttribute('target') || (document.querySelector('base[target]') || {}).target || ''; }"""
_SAME_TAB = frozenset({"", "_self", "_top", "_parent"})


def _new_tab(ctx: RunContext, claim: Claim) -> Decision:
    """ "The 'Docs' link should open in a new tab": the link's target says another tab."""
    found = ground(take_snapshot(ctx.page), claim.target, "click", role_hint="link")
    element = found.element
    what = f"the {claim.target!r} link"
    expected = f"{what} opens in {'this' if claim.negated else 'a new'} tab"
    if element is None or not element.href:
        reason = found.reason if element is None else f"{element.describe()} is no link"
        return Decision(False, expected, reason, missing=True)
    target = str(_evaluate_on(ctx, element, LINK_TARGET_JS) or "")
    new = target.lower() not in _SAME_TAB
    observed = f"target={target!r}" if target else "no target: this tab"
    return Decision(new != claim.negated, expected, observed)


# The hint a field shows while empty: its placeholder, else the one an editor says it has
# (aria-placeholder, data-placeholder on a contenteditable).
PLACEHOLDER_JS = """(el) => el.getAttribute('placeholder') ?? el.getAttribute('aria-placeholder')
  ?? el.getAttribute('data-placeholder') ?? ''"""
# Every field shown with a hint ("The placeholder should be 'Search'" names none).
PLACEHOLDERS_JS = """() => [...document.querySelectorAll(
  'input, textarea, [contenteditable], [role=textbox], [role=searchbox], [role=combobox]')]
  .filter((el) => el.checkVisibility({ checkVisibilityCSS: true }))
  .map((el) => el.getAttribute('placeholder') ?? el.getAttribute('aria-placeholder')
    ?? el.getAttribute('data-placeholder'))
  .filter((hint) => hint)"""


def _placeholder(ctx: RunContext, claim: Claim) -> Decision:
    """ "The email field should have the placeholder 'you@example.com'": the field's hint."""
    how = "is" if claim.exact else "contains"
    if not claim.target:
        hints = [
            str(h) for h in quietly(lambda: ctx.page.evaluate(PLACEHOLDERS_JS)) or []
        ]
        expected = f"a field's placeholder {how} {claim.expected!r}"
        if claim.negated:
            expected = f"no field's placeholder {how} {claim.expected!r}"
            holds = all(_same(claim, hint) for hint in hints)
        else:
            holds = any(_same(claim, hint) for hint in hints)
        shown = ", ".join(repr(h) for h in hints[:8]) or "no field shows one"
        return Decision(holds, expected, f"placeholders: {shown}")
    found = ground(take_snapshot(ctx.page), claim.target, "fill", role_hint=claim.role)
    element = found.element
    said = {
        (True, False): "is",
        (True, True): "is not",
        (False, False): "contains",
        (False, True): "does not contain",
    }[(claim.exact, claim.negated)]
    expected = f"the placeholder of {claim.target!r} {said} {claim.expected!r}"
    if element is None:
        return Decision(False, expected, found.reason, missing=True)
    hint = str(_evaluate_on(ctx, element, PLACEHOLDER_JS) or "")
    observed = (
        f"{element.describe()} has placeholder {hint!r}"
        if hint
        else (f"{element.describe()} has no placeholder")
    )
    return Decision(_same(claim, hint), expected, observed)


def url_is(url: str) -> str:
    """A regex for this address (its query too when it has one), a trailing slash ignored."""
    tail = r"(?:#.*)?$" if "?" in url else r"(?:[?#].*)?$"
    return f"^{re.escape(url.rstrip('/'))}/?{tail}"


# The elements named so by their own names (test id, id, class, name, aria-label, title): every
# word of the description is one of their words ("the cart count": data-testid="cart-count";
# "the cart badge": that span's class "badge" too); the innermost shown, with what each says.
DESCRIBED_JS = r"""([description, outer]) => {
  const sing = (w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  const wordsOf = (s) => String(s || '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(sing);
  const GENERIC = ['the', 'a', 'an', 'my', 'your', 'text', 'value', 'label', 'element'];
  const want = wordsOf(description).filter((w) => !GENERIC.includes(w));
  if (!want.length) return null;
  const ATTRS = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy', 'id', 'class', 'name', 'aria-label', 'title'];
  // A region is also named by what it is (a page's header, sidebar, dialog) and by its heading
  // ("the order summary": a section headed "Order summary").
  const LANDMARK = [['header, [role=banner]', 'header banner'], ['footer, [role=contentinfo]', 'footer'],
    ['nav, [role=navigation]', 'nav navigation'], ['aside, [role=complementary]', 'sidebar aside'],
    ['main, [role=main]', 'main'], ['dialog, [role=dialog], [role=alertdialog]', 'dialog modal popup'],
    ['form, [role=form]', 'form'], ['[role=search]', 'search']];
  const HEADING = 'h1, h2, h3, h4, h5, h6, [role=heading], legend';
  const regionWords = (el) => {
    const parts = LANDMARK.filter(([css]) => el.matches(css)).map(([, words]) => words);
    for (const id of (el.getAttribute('aria-labelledby') || '').split(/\s+/)) {
      const label = id && document.getElementById(id);
      if (label) parts.push(label.textContent);
    }
    const first = el.firstElementChild;
    if (first && first.matches(HEADING)) parts.push(first.textContent);
    return wordsOf(parts.join(' '));
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.matches('script, style, template')) continue;
    const own = wordsOf(ATTRS.map((a) => el.getAttribute(a) || '').join(' '))
      .concat(outer ? regionWords(el) : []);
    if (want.every((w) => own.includes(w)) && el.checkVisibility({ checkVisibilityCSS: true })) found.push(el);
  }
  // A value is the innermost element named so; a region ("the cart contains …") the
  // outermost, what sits in the page's header, nav and footer aside when there is another.
  let inner = outer ? found.filter((el) => !found.some((o) => o !== el && o.contains(el)))
    : found.filter((el) => !found.some((o) => o !== el && el.contains(o)));
  const OUTSIDE = 'nav, header, footer, [role=navigation], [role=banner], [role=contentinfo]';
  const within = (el) => el.parentElement && el.parentElement.closest(OUTSIDE);
  if (outer && inner.some((el) => !within(el))) inner = inner.filter((el) => !within(el));
  if (!inner.length) return null;
  const say = (el) => (el.matches('input, textarea') ? el.value
    : el instanceof HTMLSelectElement ? Array.from(el.selectedOptions).map((o) => o.label).join(', ')
    : (el.innerText || '').replace(/\s+/g, ' ').trim());
  return inner.slice(0, 10).map(say);
}"""


def as_described(claim: Claim) -> Claim | None:
    """ "The cart count is '1'" where no field, record or label is called so: the element whose
    own names are those words (its test id, class); "The cart contains 'Mug'": the region."""
    if claim.kind != "value" or not claim.expected or not claim.target or claim.row:
        return None
    return dataclasses.replace(claim, kind="described")


def _described(ctx: RunContext, claim: Claim) -> Decision:
    expected = _text_expectation(claim, f"the {claim.target}")
    region = not claim.exact
    if region:
        # "The cart contains 'Mug'": the items of the collection called so, if it has some.
        seen = counting.evidence(
            ctx.page, container=claim.target or "", noun="", items_only=True
        )
        texts = [text for collection in seen for text in collection.texts]
        if texts:
            holds = any(_whole(claim, t) for t in texts) != claim.negated
            shown = "; ".join(repr(t[:60]) for t in texts[:6])
            return Decision(holds, expected, f"its items: {shown}")
    found = quietly(lambda: ctx.page.evaluate(DESCRIBED_JS, [claim.target, region]))
    if not found:
        return Decision(False, expected, "no element is named so", missing=True)
    values = [str(v) for v in found]
    holds = any(_whole(claim, v) for v in values) != claim.negated
    return Decision(holds, expected, "; ".join(repr(v[:60]) for v in values[:6]))


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
    others = (
        empty_as_count(claim),
        as_row(claim),
        as_labelled(claim),
        as_described(claim),
    )
    for other in others:
        if other is not None and decision.missing:
            decision = _decide(ctx, other, timeout_ms)
    return decision


def _decide(ctx: RunContext, claim: Claim, timeout_ms: float) -> Decision:
    last: list[Decision] = []

    def look() -> bool:
        decision = _look(ctx, claim)
        last[:] = [decision]
        return decision.holds

    first = _look(ctx, claim)
    if (
        first.holds
        or claim.kind == "console"
        or (
            claim.kind in WORDS_IF_MISSING | {"labelled", "row", "described"}
            and first.missing
        )
    ):
        # No field called so: the words are about text, decided elsewhere, at once. An error
        # the console got stays got: no waiting changes it.
        return first
    last[:] = [first]
    poll_here(ctx, look, timeout_ms)
    return last[0]


# The claims read by a script of their own rather than from a grounded control.
_READERS: dict[str, Callable[[RunContext, Claim], Decision]] = {
    "count": _count,
    "item": _item,
    "column": _column,
    "labelled": _labelled,
    "row": _row,
    "heading": _heading,
    "page": _on_page,
    "error": _error,
    "success": _page_success,
    "warning": lambda ctx, claim: _page_messages(
        ctx, claim, PAGE_WARNINGS_JS, "warning"
    ),
    "info": lambda ctx, claim: _page_messages(ctx, claim, PAGE_INFO_JS, "info message"),
    "link": _link,
    "described": _described,
    "signed_in": _signed_in,
    "dialog": _dialog,
    "notice": _notice,
    "images": _images,
    "console": _console,
    "new_tab": _new_tab,
    "placeholder": _placeholder,
}


def _look(ctx: RunContext, claim: Claim) -> Decision:
    reader = _READERS.get(claim.kind)
    if reader is not None:
        return reader(ctx, claim)
    if claim.kind == "url":
        return _url(ctx.page.url, claim)
    if claim.kind == "title":
        title = quietly(ctx.page.title)
        return Decision(
            _same(claim, title), _text_expectation(claim, "the title"), title
        )
    if (
        claim.kind == "state"
        and claim.expected in ("checked", "unchecked")
        and claim.target
    ):
        selected = _selected(ctx, claim)
        if selected is not None:
            return selected
    found = _ground_claim(ctx, claim)
    element = found.element
    # Not named ("The checkbox is checked"): the one the page shows.
    what = repr(claim.target) if claim.target else f"the {claim.role or 'control'}"
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
    if claim.expected in ("expanded", "collapsed"):
        opened = _evaluate_on(ctx, element, EXPANDED_JS)
        if opened is None:
            reason = f"{element.describe()} opens nothing"
            return Decision(False, expected, reason, missing=True)
        state = "expanded" if opened else "collapsed"
        return Decision(
            state == claim.expected, expected, f"{element.describe()} is {state}"
        )
    if claim.expected in ("focused", "unfocused"):
        focused = bool(_evaluate_on(ctx, element, FOCUSED_JS))
        state = "focused" if focused else "unfocused"
        return Decision(
            state == claim.expected, expected, f"{element.describe()} is {state}"
        )
    if claim.expected in ("required", "optional"):
        state = "required" if _required(ctx, element) else "optional"
        return Decision(
            state == claim.expected, expected, f"{element.describe()} is {state}"
        )
    if claim.expected in ("checked", "unchecked"):
        if element.checked is None:
            return Decision(
                False, expected, f"{element.describe()} cannot be checked", missing=True
            )
        state = "checked" if element.checked else "unchecked"
    elif element.role == "switch" and element.checked is not None:
        # A switch said to be enabled is one turned on ("Notifications should be enabled"),
        # not one merely usable: that read passed every switch left off.
        on = "on" if element.checked else "off"
        state = "enabled" if element.checked else "disabled"
        return Decision(
            state == claim.expected, expected, f"{element.describe()} is {on}"
        )
    else:
        state = "enabled" if element.enabled else "disabled"
    return Decision(
        state == claim.expected, expected, f"{element.describe()} is {state}"
    )
