"""Grounding: which element of a snapshot does a step's target mean?

Pure functions over a `Snapshot`. A target is compared with every name a user could have read
(accessible name, label, placeholder, text, title) and, a little lower, with developer names (test
id, name, id, input type, autocomplete). Matching goes exact → normalised (case, punctuation,
quotes, filler words, UI synonyms) → fuzzy (rapidfuzz); an element with no name of its own is found
through the text beside it (its row, the text just before it). Elements whose role fits the verb win
over others of the same match quality; a link to the page you are already on loses to anything
else. When the two best candidates are equally good the result is `ambiguous`: the engine never
guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urljoin, urlparse

from rapidfuzz import fuzz

from engine.element_roles import (
    FIELD_ROLES,
    Verb,
    allowed_for,
    developer_keys,
    fits_role_hint,
    fits_verb,
    has_own_name,
    human_keys,
    strip_numbers,
)
from engine.normalize import fold, normalize
from engine.options import option_for
from engine.snapshot import Element, Snapshot

Tier = Literal["exact", "normalized", "fuzzy", "context"]
_TIER_ORDER: dict[Tier, int] = {"exact": 0, "normalized": 1, "fuzzy": 2, "context": 3}

FUZZY_THRESHOLD = 70.0
# Two fuzzy candidates closer than this are "equally good".
AMBIGUITY_MARGIN = 2.0
# Strings shorter than this need SHORT_WORD_RATIO similarity unless one contains the other's words.
SHORT_WORD = 8
SHORT_WORD_RATIO = 85.0
_DEVELOPER_WEIGHT = 0.9


@dataclass(frozen=True)
class Match:
    element: Element
    tier: Tier
    score: float
    matched: str
    role_fit: bool = True
    self_link: bool = False

    def rank(self) -> tuple[float, int, int, float]:
        order: float = _TIER_ORDER[self.tier]
        if self.element.text_only:
            # Plain words lose to a control that carries them (even normalised: a "Sign in"
            # button for "Log in"), and beat one that only resembles them (fuzzy) or sits in
            # the same row (context).
            order = 1.5 + order / 10
        return (order, not self.role_fit, self.self_link, -self.score)


@dataclass(frozen=True)
class Grounding:
    status: Literal["found", "ambiguous", "not_found"]
    match: Match | None = None
    candidates: tuple[Match, ...] = ()
    reason: str = ""
    # The element is in a row but shown only while the row is hovered: hover the row first.
    reveal: bool = False

    @property
    def element(self) -> Element | None:
        return self.match.element if self.match else None


def fuzzy_score(target: str, key: str) -> float:
    """rapidfuzz: token-set similarity (word subsets) tempered by plain similarity (extra words)."""
    return 0.6 * fuzz.token_set_ratio(target, key) + 0.4 * fuzz.ratio(target, key)


# What a control does, said first in its name: a name without the verb does something else.
_ACTION_VERBS = frozenset(
    [
        "add",
        "remove",
        "edit",
        "save",
        "submit",
        "create",
        "update",
        "buy",
        "apply",
        "cancel",
        "send",
        "post",
        "publish",
        "archive",
        "duplicate",
        "copy",
        "share",
        "download",
        "upload",
        "checkout",
        "register",
        "subscribe",
        "reply",
        "approve",
        "reject",
        "confirm",
    ]
)


_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


def _fuzzy_plausible(target: str, key: str) -> bool:
    """Short words one letter apart ("Nope"/"Note") are different words, not typos.

    A short target must either be contained word for word in the key ("Search" in "Search
    products") or be nearly identical to it. A key that is the target less its verb is
    another control: "Add to cart" is not the header's "Cart".
    """
    extra = set(target.split()) - set(key.split())
    if extra & _ACTION_VERBS and set(key.split()) < set(target.split()):
        return False
    # Another number is another thing: "5 stars" is not "2 stars", "Page 5" not "Page 2".
    numbers = set(_NUMBER_RE.findall(key))
    if numbers and set(_NUMBER_RE.findall(target)) - numbers:
        return False
    if min(len(target), len(key)) >= SHORT_WORD:
        return True
    if fuzz.token_set_ratio(target, key) == 100:
        return True
    return fuzz.ratio(target, key) >= SHORT_WORD_RATIO


def _only_by_synonym(target: str, key: str, norm_target: str, norm_key: str) -> bool:
    """A name whose words are fewer than the target's and meet them only once synonyms are
    applied: "Tote Bag" is no "Cart 0" (bag ≈ cart), though "Bag" alone would be."""
    if not set(norm_key.split()) < set(norm_target.split()):
        return False
    return not set(fold(target).split()) & set(fold(key).split())


def _score(
    target: str,
    norm_target: str,
    keys: Iterable[str],
    weight: float,
    *,
    normalized_keys: bool,
) -> tuple[Tier, float, str] | None:
    best: tuple[Tier, float, str] | None = None
    has_digits = any(ch.isdigit() for ch in norm_target)
    for key in keys:
        if not normalized_keys and key.strip() == target.strip():
            candidate: tuple[Tier, float, str] = ("exact", 100.0 * weight, key)
        else:
            norm_key = key if normalized_keys else normalize(key)
            if not has_digits:
                norm_key = strip_numbers(norm_key)
            if not norm_key:
                continue
            if norm_key == norm_target:
                candidate = ("normalized", 100.0 * weight, key)
            else:
                if not _fuzzy_plausible(norm_target, norm_key):
                    continue
                if not normalized_keys and _only_by_synonym(
                    target, key, norm_target, norm_key
                ):
                    continue
                score = fuzzy_score(norm_target, norm_key) * weight
                if score < FUZZY_THRESHOLD:
                    continue
                candidate = ("fuzzy", score, key)
        if best is None or (_TIER_ORDER[candidate[0]], -candidate[1]) < (
            _TIER_ORDER[best[0]],
            -best[1],
        ):
            best = candidate
    return best


def _context_score(
    norm_target: str, element: Element
) -> tuple[Tier, float, str] | None:
    """A nameless element named by the text beside it: its row, or the text just before it."""
    if has_own_name(element):
        return None
    for source in (element.row, element.near):
        if not source:
            continue
        norm_source = normalize(source)
        if norm_target and f" {norm_target} " in f" {norm_source} ":
            # Word for word beats any near miss; a tighter fit (less other text) scores higher.
            return (
                "context",
                50.0 + 50.0 * len(norm_target) / max(len(norm_source), 1),
                source,
            )
        # A near miss never bridges different numbers: "Invoice 8" is not "Invoice 7".
        numbers = {w for w in norm_target.split() if any(c.isdigit() for c in w)}
        if numbers <= set(norm_source.split()) and (
            fuzz.partial_ratio(norm_target, norm_source) >= 90
        ):
            return ("context", 25.0, source)
    return None


def match_element(
    target: str,
    element: Element,
    verb: Verb,
    *,
    current_url: str = "",
    role_hint: str | None = None,
) -> Match | None:
    norm_target = normalize(target)
    if not norm_target:
        return None
    found = _score(target, norm_target, human_keys(element), 1.0, normalized_keys=False)
    if element.text_only:
        # Any paragraph resembles a short target a little: words must carry it exactly.
        if found is None or found[0] == "fuzzy":
            return None
        return Match(element, found[0], found[1], found[2], role_fit=False)
    developer = _score(
        target,
        norm_target,
        developer_keys(element),
        _DEVELOPER_WEIGHT,
        normalized_keys=True,
    )
    if developer and verb in ("click", "hover") and element.role in FIELD_ROLES:
        # A text field is clicked by what it shows, not by its class words: "the calendar
        # icon" is the link beside a vDateField, not the field.
        developer = ("fuzzy", developer[1], developer[2])
    if developer and (
        found is None
        or (_TIER_ORDER[developer[0]], -developer[1])
        < (_TIER_ORDER[found[0]], -found[1])
    ):
        found = developer
    if found is None:
        found = _context_score(norm_target, element)
    if found is None:
        return None
    tier, score, matched = found
    return Match(
        element=element,
        tier=tier,
        score=score,
        matched=matched,
        role_fit=fits_verb(verb, element) and fits_role_hint(role_hint, element),
        self_link=is_self_link(element, current_url),
    )


def is_self_link(element: Element, current_url: str) -> bool:
    if element.role != "link" or not element.href or not current_url:
        return False
    if element.href.startswith("#"):
        return False
    target = urlparse(urljoin(current_url, element.href))
    here = urlparse(current_url)
    return (target.netloc, target.path.rstrip("/")) == (
        here.netloc,
        here.path.rstrip("/"),
    )


def in_scope(element: Element, scope: str, *, exact: bool = False) -> bool:
    """Whether the element's row mentions `scope` (word for word, or nearly with `exact` off).

    A near match never bridges different numbers: "Invoice 8" is not the row of "Invoice 7".
    """
    norm_scope = normalize(scope)
    if not norm_scope:
        return True
    norm_row = normalize(element.row)
    if f" {norm_scope} " in f" {norm_row} ":
        return True
    if exact or not element.row:
        return False
    numbers = {w for w in norm_scope.split() if any(c.isdigit() for c in w)}
    if not numbers <= set(norm_row.split()):
        return False
    return fuzz.partial_ratio(norm_scope, norm_row) >= 90


# What a verb does to what it finds, for saying what a row lacks.
_TO: dict[Verb, str] = {
    "click": "to click",
    "open_link": "to open",
    "fill": "to type into",
    "select": "to choose from",
    "check": "to tick",
    "upload": "to upload to",
    "hover": "to point at",
    "any": "of that kind",
    "press": "to press keys in",
}


def _scoped(
    elements: Sequence[Element], scope: str | None
) -> tuple[list[Element], str]:
    if not scope:
        return list(elements), ""
    # Rows that carry the words exactly win over rows that only resemble them.
    rows = [e for e in elements if in_scope(e, scope, exact=True)] or [
        e for e in elements if in_scope(e, scope)
    ]
    if rows:
        return rows, ""
    # A detail page has no rows: the product named in its heading scopes the whole page.
    norm_scope = normalize(scope)
    headed = [e for e in elements if e.heading and norm_scope in normalize(e.heading)]
    if headed:
        return headed, ""
    return [], f"no row on the page mentions {scope!r}"


def _decide(matches: list[Match], what: str) -> Grounding:
    if not matches:
        return Grounding("not_found", reason=f"nothing on the page matches {what}")
    matches.sort(key=Match.rank)
    best = matches[0]
    ties = [
        m
        for m in matches[1:]
        if m.rank()[:3] == best.rank()[:3] and best.score - m.score < AMBIGUITY_MARGIN
    ]
    if ties:
        candidates = (best, *ties)
        listed = "; ".join(describe_match(m) for m in candidates[:6])
        return Grounding(
            "ambiguous",
            candidates=candidates,
            reason=f"{len(candidates)} elements match {what} equally well: {listed}",
        )
    return Grounding("found", match=best, candidates=tuple(matches[:5]))


def _named(target: str, element: Element, verb: Verb) -> bool:
    """Whether the element answers to `target` by its own words, not nearly nor by its row's."""
    match = match_element(target, element, verb)
    return match is not None and match.tier in ("exact", "normalized")


def document_order(element: Element) -> tuple[str, tuple[int, ...], int]:
    """Where the element comes in its page: frame, tree position, then snapshot order."""
    position = tuple(
        -1 if part == "s" else int(part, 36) for part in element.tree.split(".") if part
    )
    return (element.frame, position, element.index)


def _nth(
    matches: list[Match], nth: int, what: str, *, row_noun: str | None = None
) -> Grounding:
    """The `nth` of the best matches, in page order: "the second 'Quantity' field" means the
    second of the fields that answer to 'Quantity' equally well, not the second best one.
    With `row_noun`, the nth row's ("Remove the second note": a row with two Remove controls
    is one row; rows that say "note", when some do)."""
    if row_noun:
        said = re.compile(rf"\b{re.escape(row_noun.lower())}(?:e?s)?\b")
        saying = [m for m in matches if said.search(m.element.row.lower())]
        matches = saying or matches
    if not matches:
        return Grounding("not_found", reason=f"nothing on the page matches {what}")
    matches.sort(key=Match.rank)
    best = matches[0].rank()[:3]
    equal = sorted(
        (m for m in matches if m.rank()[:3] == best),
        key=lambda m: document_order(m.element),
    )
    if row_noun is not None:
        rows: set[tuple[str, str]] = set()
        first_of_row = []
        for m in equal:
            row = (m.element.frame, _row_tree(m.element) or m.element.tree)
            if row not in rows:
                rows.add(row)
                first_of_row.append(m)
        equal = first_of_row
    index = nth - 1 if nth > 0 else len(equal) + nth
    if not 0 <= index < len(equal):
        which = "the last" if nth < 0 else f"number {nth}"
        return Grounding(
            "not_found",
            candidates=tuple(equal[:5]),
            reason=f"{which} of {what} was asked for; {len(equal)} on the page",
        )
    return Grounding("found", match=equal[index], candidates=tuple(equal[:5]))


def describe_match(match: Match) -> str:
    element = match.element
    text = element.describe()
    if element.row and match.tier != "context":
        text += f" in row {element.row[:50]!r}"
    return text


def ground(
    snapshot: Snapshot,
    target: str | None,
    verb: Verb,
    *,
    role_hint: str | None = None,
    scope: str | None = None,
    nth: int | None = None,
    row_noun: str | None = None,
) -> Grounding:
    """Find the one element `target` means, for `verb`, among the visible ones; `nth` picks
    one of several equally good matches in page order (1 the first, -1 the last), of the rows
    holding one with `row_noun` (see `_nth`)."""
    allowed = [e for e in snapshot.elements if allowed_for(verb, e)]
    visible = [e for e in allowed if e.reachable]
    modal = [e for e in visible if e.in_modal]
    if modal and (not target or any(_named(target, e, verb) for e in modal)):
        # A modal dialog is open and says the words: what is behind it is out of reach.
        visible = modal
    scoped, scope_problem = _scoped(visible, scope)
    if scope_problem and any(
        e.reachable and in_scope(e, scope or "") for e in snapshot.elements
    ):
        # The row is there; what it lacks is the control ("Change the quantity of 'Tote Bag'"
        # where the cart shows the quantity as words).
        called = f" called {target!r}" if target else ""
        scope_problem = f"the row of {scope!r} holds nothing{called} {_TO[verb]}"
    what = repr(target) if target else "the step"
    if scope:
        what += f" in the row of {scope!r}"
    if scope_problem:
        if target and verb in _REVEALING_VERBS:
            revealed = _revealed_by_hover(snapshot, allowed, target, verb, scope, what)
            if revealed is not None:
                return revealed
        assert scope is not None
        near = _nearest(snapshot, visible, target, verb, role_hint, scope, what)
        return near or Grounding("not_found", reason=scope_problem)
    if not target:
        # "Check the box next to 'X'": the role and the row say which one.
        fitting = [
            e for e in scoped if fits_verb(verb, e) and fits_role_hint(role_hint, e)
        ]
        matches = [Match(e, "context", 100.0, e.row or e.heading) for e in fitting]
        if nth is not None:
            return _nth(matches, nth, what, row_noun=row_noun)
        if len(matches) > 1:
            return _decide(matches, what)
        if matches:
            return Grounding("found", match=matches[0], candidates=tuple(matches))
        return Grounding("not_found", reason=f"nothing on the page matches {what}")
    matches = [
        m
        for e in scoped
        if (
            m := match_element(
                target, e, verb, current_url=snapshot.url, role_hint=role_hint
            )
        )
    ]
    if row_noun is not None and nth is not None and verb in _REVEALING_VERBS:
        # Rows whose control shows only on hover count too: "Delete the last todo" with the
        # mouse over the first row means the last row's, not the one control shown.
        matches += _hover_matches(snapshot, allowed, target, verb, scope)
    result = (
        _nth(matches, nth, what, row_noun=row_noun)
        if nth is not None
        else _decide(matches, what)
    )
    if result.match is not None and not result.match.element.reachable:
        result = replace(result, reveal=True)
    if scope and nth is None and result.status in ("not_found", "ambiguous"):
        # A row mentions the words but what is meant is beside it (a sidebar's "By genre"
        # section is a row of the sidebar, its links rows of their own), or the row is a whole
        # section holding several matches ("Important dates": two fields, each with a "Today").
        result = (
            _nearest(snapshot, visible, target, verb, role_hint, scope, what) or result
        )
    if result.status == "not_found" and verb in _REVEALING_VERBS:
        revealed = _revealed_by_hover(
            snapshot, allowed, target, verb, scope, what, nth=nth, row_noun=row_noun
        )
        if revealed is not None:
            return revealed
    if result.status == "not_found":
        hidden = [
            m
            for e in allowed
            if not e.reachable
            and (m := match_element(target, e, verb, current_url=snapshot.url))
            and m.tier != "fuzzy"
        ]
        if hidden:
            return Grounding(
                "not_found",
                candidates=tuple(hidden),
                reason=f"{what} is on the page but not visible ({describe_match(hidden[0])})",
            )
    return result


_REVEALING_VERBS = frozenset({"click", "hover", "check"})
# An element this many levels or fewer below its common ancestor with the scope's words is
# near them even when nothing else on the page could be meant (one checkbox, one date icon).
NEAR_LEVELS = 5


def shared_ancestors(a: Element, b: Element) -> int:
    """How many ancestors two elements have in common (-1: different frames or no positions)."""
    if a.frame != b.frame or not a.tree or not b.tree:
        return -1
    shared = 0
    for x, y in zip(a.tree.split("."), b.tree.split("."), strict=False):
        if x != y:
            break
        shared += 1
    return shared


_ROW_ITEM_ROLES = frozenset({"row", "listitem"})


def _row_tree(element: Element) -> str | None:
    """The tree position of the element's row, when it has one: a list item or table row that
    holds its words itself (`<li>Invoice 7 <span>paid</span></li>`) is its own row."""
    if element.tree and (
        element.tag in ("li", "tr") or element.role in _ROW_ITEM_ROLES
    ):
        return element.tree
    if not element.row_css or not element.tree:
        return None
    levels = element.row_css.removeprefix(":scope > ").count(" > ") + 1
    parts = element.tree.split(".")
    return ".".join(parts[:-levels]) if len(parts) > levels else None


def _other_item(element: Element, anchor: Element) -> bool:
    """Whether the two sit in different items of one list (sibling rows): the Delete button of
    "Invoice 8" is never the one next to "Invoice 7"."""
    mine, theirs = _row_tree(element), _row_tree(anchor)
    if mine is None or theirs is None or mine == theirs:
        return False
    return mine.rsplit(".", 1)[0] == theirs.rsplit(".", 1)[0]


def _anchors(elements: Iterable[Element], scope: str) -> list[Element]:
    """The visible elements whose own words are `scope` (or, failing that, contain it)."""
    norm_scope = normalize(scope)
    if not norm_scope:
        return []
    owned = [
        (
            e,
            [
                normalize(k)
                for k in (e.name, e.label, e.text, e.aria_label, e.title)
                if k
            ],
        )
        for e in elements
        if e.visible
    ]
    exact = [e for e, keys in owned if norm_scope in keys]
    return exact or [
        e for e, keys in owned if any(f" {norm_scope} " in f" {k} " for k in keys)
    ]


def _nearest(
    snapshot: Snapshot,
    visible: Sequence[Element],
    target: str | None,
    verb: Verb,
    role_hint: str | None,
    scope: str,
    what: str,
) -> Grounding | None:
    """The match closest to the words of `scope` themselves, where rows do not tell, as a
    person reads "the calendar icon next to 'Published'" on a form or "'Science' under 'By
    genre'" in a sidebar: the one sharing the deepest ancestor with an element that shows them.

    It decides only when the closest match is closer than every other one (a toast that names
    an invoice is as far from each row's Delete button) or, alone on the page, sits within a
    few levels of that ancestor; otherwise None.
    """
    anchors = _anchors(snapshot.elements, scope)
    if not anchors:
        return None
    placed: list[tuple[int, int, Match]] = []
    for element in visible:
        if element in anchors or any(_other_item(element, a) for a in anchors):
            continue
        if target:
            match = match_element(
                target,
                element,
                verb,
                current_url=snapshot.url,
                role_hint=role_hint,
            )
        elif fits_verb(verb, element) and fits_role_hint(role_hint, element):
            match = Match(element, "context", 100.0, scope)
        else:
            match = None
        if match is None:
            continue
        shared = max(shared_ancestors(element, a) for a in anchors)
        if shared > 0:
            depth = len(element.tree.split("."))
            placed.append((shared, depth - shared, match))
    if not placed:
        return None
    closest = max(shared for shared, _, _ in placed)
    group = [(levels, m) for shared, levels, m in placed if shared == closest]
    farther = len(group) < len(placed)
    if not farther and not all(levels <= NEAR_LEVELS for levels, _ in group):
        return None
    decided = _decide([m for _, m in group], what)
    return decided if decided.status != "not_found" else None


def _hover_matches(
    snapshot: Snapshot,
    allowed: Sequence[Element],
    target: str,
    verb: Verb,
    scope: str | None,
) -> list[Match]:
    """The hidden row controls that carry the target's name themselves."""
    hidden, _ = _scoped([e for e in allowed if not e.reachable and e.row], scope)
    matches: list[Match] = []
    for element in hidden:
        match = match_element(target, element, verb, current_url=snapshot.url)
        if match is None or match.tier == "context":
            continue
        # An icon's class words are noisy ("todo-destroy"): near enough counts for them.
        if match.tier == "fuzzy" and not element.icon:
            continue
        matches.append(match)
    return matches


def _revealed_by_hover(
    snapshot: Snapshot,
    allowed: Sequence[Element],
    target: str,
    verb: Verb,
    scope: str | None,
    what: str,
    *,
    nth: int | None = None,
    row_noun: str | None = None,
) -> Grounding | None:
    """A row's control that only shows while the row is hovered (delete icons in lists).

    Only names the control carries itself count (no fuzzy or row-text matches): the row is
    hovered on the strength of the control's own name.
    """
    matches = _hover_matches(snapshot, allowed, target, verb, scope)
    if not matches:
        return None
    decided = (
        _nth(matches, nth, what, row_noun=row_noun)
        if nth is not None
        else _decide(matches, what)
    )
    if decided.status != "found":
        return decided
    return Grounding(
        "found", match=decided.match, candidates=decided.candidates, reveal=True
    )


def ground_opener(snapshot: Snapshot, target: str) -> Grounding:
    """The element that opens the drop-down or menu called `target` ("Shipping", "Actions").

    A trigger shows its current value ("Standard"), so it is named by its label or the text
    before it as much as by its own words; plain triggers without popup hints are found by
    clicking what carries the name.
    """
    norm_target = normalize(target)
    matches: list[Match] = []
    for element in snapshot.elements:
        if not (element.popup and element.reachable):
            continue
        keys = [element.label, element.aria_label, element.near, element.name]
        found = _score(
            target, norm_target, [k for k in keys if k], 1.0, normalized_keys=False
        )
        if found is not None:
            matches.append(Match(element, found[0], found[1], found[2]))
    if matches:
        decided = _decide(matches, repr(target))
        if decided.status == "found":
            return decided
    return ground(snapshot, target, "click")


def ground_named(snapshot: Snapshot, names: Sequence[str]) -> Grounding:
    """The control a step names and nothing more ("Log out"), reading by reading ("Discard the
    changes", then "Discard"): its whole name word for word or normalised (case,
    punctuation, "Sign out" for "Log out"), never one that only resembles the words, since the
    words may be no name at all. The first reading that names a shown control decides; a
    modal dialog's controls come first."""
    hidden: Match | None = None
    for name in names:
        norm_name = normalize(name)
        named: list[Match] = []
        for element in snapshot.elements:
            if element.text_only or not fits_verb("click", element):
                continue
            found = _score(
                name, norm_name, human_keys(element), 1.0, normalized_keys=False
            )
            if found is not None and found[0] != "fuzzy":
                named.append(Match(element, found[0], found[1], found[2]))
        shown = [m for m in named if m.element.reachable]
        modal = [m for m in shown if m.element.in_modal]
        if shown:
            return _decide(modal or shown, repr(name))
        hidden = hidden or (named[0] if named else None)
    if hidden is not None:
        return Grounding(
            "not_found",
            candidates=(hidden,),
            reason=f"{describe_match(hidden)} is on the page but not visible",
        )
    quoted = [repr(name) for name in names]
    listed = " or ".join(filter(None, (", ".join(quoted[:-1]), quoted[-1])))
    return Grounding("not_found", reason=f"no control on the page is called {listed}")


def ground_select_option(
    snapshot: Snapshot, option: str, *, scope: str | None = None
) -> Grounding:
    """ "Select 'Bags'" without a field: the one visible select that offers that option; with
    `scope`, the one in that row ("from the dropdown for 'Grace'")."""
    elements, missing = _scoped(snapshot.elements, scope)
    if missing:
        return Grounding("not_found", reason=missing)
    selects = [
        Match(e, "normalized", 100.0, option)
        for e in elements
        if e.tag == "select" and e.visible and option_for(e.options, option) is not None
    ]
    if len(selects) == 1:
        return Grounding("found", match=selects[0], candidates=tuple(selects))
    if selects:
        return _decide(selects, f"a list offering {option!r}")
    where = f" in the row of {scope!r}" if scope else ""
    return Grounding("not_found", reason=f"no list{where} offers {option!r}")


def ground_fields(
    snapshot: Snapshot, wanted: Sequence[tuple[str, Sequence[str]]]
) -> tuple[list[Element], str]:
    """Match several values to distinct fields: `wanted` is (label, hints) per value.

    Hints are tried in order (a variable's words, then its generator: `${pw}` from a `password`
    fixture still finds the password field). Returns the fields in the order of `wanted`, or an
    empty list and the reason.
    """
    chosen: list[Element] = []
    for label, hints in wanted:
        found: Grounding | None = None
        for hint in hints:
            attempt = ground(snapshot, hint, "fill")
            if attempt.status == "found":
                found = attempt
                break
            if attempt.status == "ambiguous" and found is None:
                found = attempt
        if found is None or found.element is None:
            reason = found.reason if found else f"no field matches {label}"
            return [], reason
        if found.element.index in {c.index for c in chosen}:
            return (
                [],
                f"{label} and another value both match {found.element.describe()}",
            )
        chosen.append(found.element)
    return chosen, ""
