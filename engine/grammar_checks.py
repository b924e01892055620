"""Claims an assertion makes about the page itself rather than its words: the URL, the title, a
control's state, a field's value ("Verify the Save button is disabled", "The URL contains
'/orders'", "The Plan is 'Pro'"). Read here without the page; engine.claims decides them.

A claim's quoted words are not text to look for on the page: "'Send me news' is checked" is
false while the box is unticked, although the words are shown.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from engine.intent import Intent
from engine.notices import Wanted
from engine.phrases import (
    ARTICLE_RE,
    MODAL_RE,
    NUMBER_WORDS,
    ORDINALS,
    PLACEHOLDER_RE,
    ROLE_WORDS,
    SEEN_RE,
    Text,
    quote,
    target_of,
)

ClaimKind = Literal[
    "url",
    "title",
    "state",
    "value",
    "count",
    "item",
    "column",
    "labelled",
    "row",
    "heading",
    "error",
    "success",
    "warning",
    "info",
    "link",
    "described",
    "page",
    # "I should be logged in (as 'Ada')": `negated` for signed out, `expected` the name.
    "signed_in",
    # "The modal should be closed", "A confirmation dialog should appear": `negated` for
    # closed, `expected` the dialog's quoted name.
    "dialog",
    # "The toast should disappear", "A notification saying 'Saved' should appear": `target`
    # the notice's kind and tone (engine.notices.Wanted), `expected` its words.
    "notice",
    # "There should be no broken images", "All images should load": every image shown loaded.
    "images",
    # "There should be no console errors": none written or thrown since the case began.
    "console",
    # "The 'Docs' link should open in a new tab": `target` the link, `negated` for the same tab.
    "new_tab",
    # "The email field should have the placeholder 'you@example.com'": `target` the field
    # ("" for any field shown), `expected` its placeholder.
    "placeholder",
]
State = Literal[
    "checked",
    "unchecked",
    "enabled",
    "disabled",
    "visible",
    "hidden",
    "required",
    "optional",
    "expanded",
    "collapsed",
    "focused",
    "unfocused",
]
Compare = Literal["eq", "ge", "gt", "le", "lt"]


@dataclass(frozen=True)
class Claim:
    """What an assertion says of the page: `expected` is the text (url, title, value), the
    state, or the noun counted; `target` and `role` name the element a state or value claim is
    about, or the region a count is in ("the cart")."""

    kind: ClaimKind
    expected: str
    target: str | None = None
    role: str | None = None
    negated: bool = False
    # "is"/"equals" rather than "contains" (url, title, value).
    exact: bool = False
    # A count claim's number and how the page's count compares with it; an item claim's
    # position (1-based, -1 the last).
    count: int = 0
    compare: Compare = "eq"
    # What an item claim's collection holds ("row", "user"); the field of a record a value
    # claim may be about ("status" in "the status of A-1002").
    noun: str = ""
    # The words of the record a value claim may be about ("A-1002"), and whether they name
    # one for sure (quoted, a number, a proper name): a record no row mentions is then false.
    row: str = ""
    pinned: bool = False


_LEAD_RE = re.compile(
    r"^(?:(?:verify|assert|check|confirm|ensure|expect|make\s+sure|see)\s+"
    r"(?:that\s+|if\s+|whether\s+)?)?",
    re.IGNORECASE,
)
_Q = r"(?P<q>\x00\d+\x00)"
# The verb phrase between a subject and its quoted value; its words say negation and exactness.
_VERB = (
    r"(?P<verb>(?:(?:should|must|will|does|do)(?:\s+not|n't)?\s+|is\s+not\s+|isn't\s+|"
    r"is\s+still\s+)?(?:contains?|includes?|is\s+not|isn't|is|be|equals?|reads?|says?|shows?|displays?|"
    r"has|have|ends?\s+with|starts?\s+with|is\s+set\s+to|be\s+set\s+to|has\s+the\s+value|"
    r"has\s+value)(?:\s+(?:the\s+)?(?:value|text))?)"
)
_URL_RE = re.compile(
    r"^(?:the\s+)?(?:current\s+|page(?:'s)?\s+|browser(?:'s)?\s+)?(?:url|address|location|"
    rf"path)\s+{_VERB}\s+{_Q}$",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(
    r"^(?:the\s+)?(?:(?:page|tab|window|document|browser)(?:'s)?\s+)?title\s+"
    rf"{_VERB}\s+{_Q}$",
    re.IGNORECASE,
)
# "The page should have the title 'Home'": the title claim (before: the model's).
_HAS_TITLE_RE = re.compile(
    r"^(?:the\s+)?(?:page|tab|window|document|browser)\s+(?P<verb>(?:should|must|does|do|will)"
    r"(?:\s+not|n't)?\s+have|has)\s+(?:the\s+|a\s+)?title\s+(?P<how>of\s+|containing\s+)?"
    rf"{_Q}$",
    re.IGNORECASE,
)


def _alternatives(words: Iterable[str]) -> str:
    """One regex alternation of the words, longest first, any run of spaces between words."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted(words, key=len, reverse=True)
    )


_STATES: dict[str, State] = {
    "checked": "checked",
    "ticked": "checked",
    "selected": "checked",
    "on": "checked",
    "turned on": "checked",
    "switched on": "checked",
    "unchecked": "unchecked",
    "unticked": "unchecked",
    "unselected": "unchecked",
    "deselected": "unchecked",
    "off": "unchecked",
    "turned off": "unchecked",
    "switched off": "unchecked",
    "enabled": "enabled",
    "clickable": "enabled",
    "disabled": "disabled",
    "greyed out": "disabled",
    "grayed out": "disabled",
    # Only of a control named with its role ("the Delete button is not shown"): words shown or
    # not are a text check ("'Saved' is shown").
    "visible": "visible",
    "shown": "visible",
    "displayed": "visible",
    "present": "visible",
    "hidden": "hidden",
    "invisible": "hidden",
    "gone": "hidden",
    "absent": "hidden",
    "required": "required",
    "mandatory": "required",
    "optional": "optional",
    "pressed": "checked",
    "unpressed": "unchecked",
    "chosen": "checked",
    "expanded": "expanded",
    "collapsed": "collapsed",
    "focused": "focused",
    "in focus": "focused",
    "unfocused": "unfocused",
    "out of focus": "unfocused",
    # Of a tab, a link or a menu's item: the one marked as where the user is.
    "active": "checked",
    "inactive": "unchecked",
    "highlighted": "checked",
}
_VISIBILITY = frozenset({"visible", "hidden"})
_MARKED_WORDS = frozenset({"active", "inactive", "highlighted"})
# What "active" is said of as the current one; a button "active" may be pressed or usable.
_MARKED_ROLES = frozenset({None, "tab", "link", "option", "menuitem", "treeitem"})
_OPPOSITE: dict[State, State] = {
    "checked": "unchecked",
    "unchecked": "checked",
    "enabled": "disabled",
    "disabled": "enabled",
    "visible": "hidden",
    "hidden": "visible",
    "required": "optional",
    "optional": "required",
    "expanded": "collapsed",
    "collapsed": "expanded",
    "focused": "unfocused",
    "unfocused": "focused",
}
_STATE_WORDS = _alternatives(_STATES)
# "is", "should not be", "is no longer": what a subject is said to be, negation and all.
_BE = (
    r"^(?P<subject>.+?)\s+(?P<verb>(?:is|are|should\s+be|must\s+be|stays|remains|is\s+still)"
    r"(?:\s+not|n't)?|(?:should|must)(?:\s+not|n't)\s+be|is\s+no\s+longer)\s+"
)
_STATE_RE = re.compile(
    rf"{_BE}(?:(?:now|still|already)\s+)?(?P<state>{_STATE_WORDS})$", re.IGNORECASE
)
# "The search box should have focus", "Email does not have focus": a state said with "have".
_FOCUS_RE = re.compile(
    r"^(?P<subject>.+?)\s+(?P<verb>(?:should|must|does|do|will)(?:\s+not|n't)?\s+(?:still\s+)?have|"
    r"has|have|still\s+has|no\s+longer\s+has)\s+(?:the\s+)?(?:keyboard\s+)?focus$",
    re.IGNORECASE,
)
_EMPTY_RE = re.compile(rf"{_BE}(?:still\s+)?(?:empty|blank)$", re.IGNORECASE)
_VALUE_RE = re.compile(rf"^(?P<subject>.+?)\s+{_VERB}\s+{_Q}$", re.IGNORECASE)
_BARE_NUMBER_RE = re.compile(
    r"^(?P<head>.+?\s(?:is(?:\s+not)?|isn't|(?:should|must|will)(?:\s+not)?\s+be|equals?|shows?|"
    r"says?|reads?|displays?|"
    r"contains?)(?:\s+(?:still|now))?)\s+(?P<n>[$\u20ac\u00a3]?-?\d[\d,]*(?:\.\d+)?%?)$",
    re.IGNORECASE,
)
_COSTS_RE = re.compile(
    r"^(?P<subject>\x00\d+\x00|the\s+\S+(?:\s+\S+)?)\s+(?:(?P<modal>should|must|will|does)"
    r"(?P<not>\s+not)?\s+cost|costs|is\s+priced\s+at|sells\s+for)\s+",
    re.IGNORECASE,
)


def _as_price(match: re.Match[str]) -> str:
    modal = match.group("modal")
    verb = "is" if modal in (None, "does") else f"{modal} be"
    if match.group("not"):
        verb = "is not" if modal == "does" else f"{modal} not be"
    return f"the price of {match.group('subject')} {verb} "


# "I should see 'Mug' in the cart", "'Mug' should be listed in the cart", "'Mug' should be
# removed from the cart": a claim about the region's words ("the cart contains 'Mug'"), not
# the page's; a page, screen or window named so is the page's words.
_SEEN_IN_RES = (
    re.compile(
        r"^(?:i|we|you|the\s+user)\s+(?P<verb>(?:(?:should|must|can|will|do|does)(?:\s+not|n't)?\s+|"
        r"cannot\s+|can't\s+)?(?:still\s+|now\s+|no\s+longer\s+)?)see\s+"
        r"(?P<q>\x00\d+\x00)\s+(?:(?:listed|shown|displayed)\s+)?(?:in|inside|within|under|on)\s+"
        r"(?P<where>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?P<q>\x00\d+\x00)\s+(?P<verb>(?:(?:is|are)(?:\s+not|n't)?|(?:(?:should|must|will)(?:\s+not|"
        r"n't)?\s+)?be)(?:\s+(?:still|now|no\s+longer))?(?:\s+(?:shown|visible|displayed|listed|"
        r"present))?|(?:(?:should|must|will|does|do)(?:\s+not|n't)?\s+)?(?:still\s+)?(?:appears?|"
        r"shows?\s+up))\s+(?:in|inside|within|under|on)\s+(?P<where>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?P<q>\x00\d+\x00)\s+(?P<verb>(?:(?:should|must|will)\s+be|is|are|was|were|has\s+been|"
        r"have\s+been)\s+(?:removed|deleted|gone|taken\s+out|cleared))\s+from\s+(?P<where>.+)$",
        re.IGNORECASE,
    ),
)
_PAGE_ITSELF_RE = re.compile(
    r"^(?:(?:the|this|that|my|your)\s+)?(?:(?:\S+\s+){0,2}(?:page|screen|site|app|window|view|"
    r"website|browser)|it|there)$",
    re.IGNORECASE,
)
_REGION_LEAD_RE = re.compile(
    rf"^(?:\x00|(?:the|this|that|my|your|our|its|their)\s+(?!(?:{_alternatives(ORDINALS)}|"
    r"correct|right|wrong|same|expected|proper)\b))",
    re.IGNORECASE,
)
_ADDRESS_RE = re.compile(
    r"^(?:the\s+)?(?:(?:current|page(?:'s)?|browser(?:'s)?)\s+)?(?:url|address(?:\s+bar)?|"
    r"location(?:\s+bar)?|path)$",
    re.IGNORECASE,
)
_TITLE_WORDS_RE = re.compile(
    r"^(?:the\s+)?(?:(?:page|tab|window|document|browser)(?:'s)?\s+)?title$",
    re.IGNORECASE,
)


def _as_region_words(text: str) -> str:
    """ "I should see 'Mug' in the cart" as "the cart contains 'Mug'" (the URL, the title for
    "in the URL", "in the title"); the text as it was where it names the page itself."""
    for regex in _SEEN_IN_RES:
        match = regex.match(text)
        if match is None:
            continue
        where = match.group("where").strip()
        if _PAGE_ITSELF_RE.match(where) or not _REGION_LEAD_RE.match(where):
            # "in stock", "in red", "in the first position": no region's words.
            return text
        if _ADDRESS_RE.match(where):
            where = "the URL"
        elif _TITLE_WORDS_RE.match(where):
            where = "the title"
        negated = regex is _SEEN_IN_RES[2] or bool(
            re.search(
                r"\bnot\b|n't\b|\bno\s+longer\b|\bcannot\b", match.group("verb"), re.I
            )
        )
        verb = "does not contain" if negated else "contains"
        return f"{where} {verb} {match.group('q')}"
    return text


_REGION_WORD_RE = re.compile(
    r"\s+(?:section|panel|accordion|group|menu|list|details|area)$", re.IGNORECASE
)
_NEGATED_RE = re.compile(r"\bnot\b|n't\b|\bno\s+longer\b", re.IGNORECASE)
_CONTAINS_RE = re.compile(
    r"\b(?:contains?|includes?|has|have|shows?|displays?|ends?|starts?)\b",
    re.IGNORECASE,
)
# Subjects that name no element ("it", "the page"): the claim is about words, not a control.
_NO_SUBJECT_RE = re.compile(
    r"^(?:it|this|that|everything|nothing|the\s+(?:page|screen|text|message|result))$",
    re.IGNORECASE,
)


_NUMBERS = {"no": 0, "a single": 1, **NUMBER_WORDS}
_COMPARE: dict[str, Compare] = {
    "exactly": "eq",
    "only": "eq",
    "just": "eq",
    "at least": "ge",
    "no fewer than": "ge",
    "no less than": "ge",
    "more than": "gt",
    "over": "gt",
    "at most": "le",
    "up to": "le",
    "no more than": "le",
    "fewer than": "lt",
    "less than": "lt",
    "under": "lt",
}


# "at least 3", "no", "a single": how many, and how the page's count is to compare.
_AMOUNT = (
    rf"(?:(?P<cmp>{_alternatives(_COMPARE)})\s+)?"
    rf"(?P<n>\d+|{_alternatives(_NUMBERS)})"
)
# One to three plain words: "items", "open invoices", "search results".
_NOUN = r"(?P<noun>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)"
_SHOWN = r"(?:shown|listed|displayed|visible|present|left|remaining|on\s+(?:the\s+)?(?:page|screen))"
_WHERE = r"(?:in|on|inside|within|under)\s+(?P<container>.+?)"
_COUNT_RES = (
    # "There are 3 items in the cart", "There should be no errors"
    re.compile(
        r"^there\s+(?P<verb>(?:is|are|should\s+be|must\s+be|will\s+be)(?:\s+not|n't)?"
        rf"(?:\s+(?:now|still))?)\s+{_AMOUNT}\s+{_NOUN}(?:\s+{_SHOWN})?(?:\s+{_WHERE})?"
        rf"(?:\s+{_SHOWN})?$",
        re.IGNORECASE,
    ),
    # "3 items are shown", "No results are listed", "2 rows in the table"
    re.compile(
        rf"^{_AMOUNT}\s+{_NOUN}(?:\s+(?P<verb>is|are|should\s+be|must\s+be|remains?|appears?)"
        rf"(?:\s+(?:now|still))?)?(?:\s+{_SHOWN})?(?:\s+{_WHERE})?(?:\s+{_SHOWN})?$",
        re.IGNORECASE,
    ),
    # "The cart has 3 items", "The list should contain at least 2 todos"
    re.compile(
        r"^(?P<container>.+?)\s+(?P<verb>(?:(?:should|must|does|do|will)(?:\s+not|n't)?\s+)?"
        r"(?:have|has|contains?|shows?|lists?|displays?|holds?|includes?)|(?:is|are)\s+"
        rf"(?:showing|listing|displaying))\s+{_AMOUNT}\s+{_NOUN}(?:\s+(?:in\s+it|{_SHOWN}))?$",
        re.IGNORECASE,
    ),
)
# "the first row", "the last user in the table", "the 2nd result": an item of a collection.
_ITEM_RE = re.compile(
    rf"^(?:the\s+)?(?P<ord>{_alternatives(ORDINALS)})\s+(?P<noun>[a-z][a-z-]*)"
    r"(?:\s+(?:of|in|on)\s+(?P<container>.+))?$",
    re.IGNORECASE,
)
_COLUMN_RE = re.compile(r"^(?:the\s+)?(?P<column>.+?)\s+column$", re.IGNORECASE)
# "I should be on the account page", "I should be redirected to the login page", "The order
# confirmation page is shown": which page the browser is on, named by its words.
_ON_PAGE_RE = re.compile(
    r"^(?:i|we|you|the\s+user)\s+(?P<verb>(?:(?:should|must|will)(?:\s+not|n't)?\s+(?:still\s+|now\s+|then\s+)?"
    r"(?:be|land|end\s+up|"
    r"arrive|get|stay|remain)(?:\s+(?:redirected|taken|sent|brought|returned|navigated))?)|"
    r"(?:am|are|is|was|were|get|got)(?:\s+not|n't)?(?:\s+(?:still|now))?(?:\s+(?:redirected|taken|"
    r"sent|brought|returned|navigated))?|(?:land|end\s+up|arrive))"
    r"\s+(?:back\s+)?(?:on|at|to|onto|in)\s+(?:the\s+|my\s+|your\s+)?(?P<page>.+?)$",
    re.IGNORECASE,
)
_PAGE_SHOWN_RE = re.compile(
    r"^(?:the\s+)?(?P<page>.+?\s+(?:page|screen))\s+(?P<verb>(?:(?:should|must|will)(?:\s+not|n't)?\s+be|"
    r"is(?:\s+not|n't)?)\s+(?:shown|displayed|open|opened|visible|loaded))$",
    re.IGNORECASE,
)
_PAGE_NOUN_RE = re.compile(r"\s+(?:page|screen|view)$", re.IGNORECASE)


# "I should be logged in", "The user is signed out", "I'm logged in as 'Ada'", "I should not be
# signed in": whether the visitor is signed in (engine.claims.SIGNED_IN_JS).
SIGNED_IN_RE = re.compile(
    r"^(?:(?:i|we|you|the\s+(?:user|visitor|customer|admin|shopper))\s+(?P<verb>(?:should|must|"
    r"will)(?:\s+not|n't)?\s+(?:still\s+|now\s+)?be|(?:am|are|is)(?:\s+not|n't)?)|i'm|we're|"
    r"you're)\s+(?:still\s+|now\s+)?(?:logged|signed)\s*-?\s*(?P<state>in|out|off)"
    r"(?:\s+as\s+(?P<who>\x00\d+\x00))?$",
    re.IGNORECASE,
)


# "The modal should be closed", "A confirmation dialog should appear", "The 'Delete item' dialog
# is open", "No dialog is shown": whether a dialog is open (engine.claims.DIALOG_JS). Words
# before the noun other than a quoted name ("confirmation", "newsletter") say what kind it is;
# an error or success "popup" is a message (the tone claims), not this.
DIALOG_CLAIM_RE = re.compile(
    r"^(?P<no>no\s+)?(?:(?:the|a|an|any)\s+)?(?:(?P<name>\x00\d+\x00)\s+|"
    r"(?:(?!(?:error|success|warning|info)\b)[a-z][\w-]*\s+){0,2}?)(?:dialog|modal|pop-?up|lightbox)(?:\s+(?:box|window))?\s+"
    r"(?:(?P<verb>(?:should|must|will)(?:\s+not|n't)?(?:\s+be)?|(?:is|are)(?:\s+not|n't|"
    r"\s+no\s+longer)?)\s+(?:still\s+|now\s+)?)?(?P<state>open(?:ed)?|shown|visible|displayed|"
    r"closed?|gone|hidden|dismissed|appear(?:s|ed)?|opens|closes|disappear(?:s|ed)?|"
    r"(?:show|pop|open)s?\s+up)$",
    re.IGNORECASE,
)
_DIALOG_GONE = ("clos", "gone", "hidden", "dismissed", "disappear")


def _dialog_claim(t: Text) -> Claim | None:
    match = DIALOG_CLAIM_RE.match(t.text)
    if match is None:
        return None
    verb = match.group("verb") or ""
    if not verb and match.group("state").lower() in (
        "open",
        "shown",
        "visible",
        "closed",
    ):
        return None  # "The dialog closed" says what happened, not how the page is
    gone = match.group("state").lower().startswith(_DIALOG_GONE)
    negated = bool(_NEGATED_RE.search(verb)) != bool(match.group("no"))
    name = match.group("name")
    return Claim("dialog", t.restore(name) if name else "", negated=gone != negated)


# "A toast should appear", "The toast should disappear", "I should see a notification saying
# 'Saved'", "The 'Saved' snackbar is gone", "There should be no banner": whether a notice (a
# toast, snackbar, flash message, banner, alert box) is shown (engine.notices, `shown`); the
# target says its kind and tone as engine.notices.Wanted keeps them, `expected` its words.
_NOTICE_NOUN = (
    r"(?:toast|snack\s*bar|notification|notice|banner|alert(?:\s+box)?|flash(?:\s+message)?|"
    r"message|announcement|callout)s?"
)
_NOTICE_TONE = (
    r"(?:success(?:ful)?|confirmation|error|failure|warning|info|information(?:al)?)"
)
_NOTICE_KIND = rf"(?:(?P<q1>\x00\d+\x00)\s+)?(?:(?P<tone>{_NOTICE_TONE})\s+)?(?P<noun>{_NOTICE_NOUN})"
_NOTICE_SUBJECT = (
    rf"{_NOTICE_KIND}(?:\s+(?:(?:saying|that\s+says|reading|with\s+(?:the\s+)?(?:text|words|"
    r"message))\s+)?(?P<q2>\x00\d+\x00))?"
)
_NOTICE_STATE = (
    r"(?P<state>shown|visible|displayed|present|appear(?:s|ed)?|(?:show|pop)(?:s|ped)?\s+up|"
    r"gone|hidden|dismissed|closed|disappear(?:s|ed)?|go(?:es)?\s+away|gone\s+away|"
    r"vanish(?:es|ed)?|fade[sd]?(?:\s+(?:out|away))?)"
)
_NOTICE_GONE = (
    "gone",
    "hidden",
    "dismissed",
    "closed",
    "disappear",
    "go",
    "vanish",
    "fade",
)
# Said of how things go, not how they are, without a verb: "The toast closed" is no claim.
_NOTICE_EVENTS = ("appear", "disappear", "go", "vanish", "fade", "show", "pop")
_NOTICE_CLAIM_RES = (
    re.compile(
        rf"^(?P<det>no|an?|the|any)?\s*{_NOTICE_SUBJECT}\s+(?P<verb>(?:(?:should|must|will)"
        r"(?:\s+not|n't|\s+no\s+longer)?(?:\s+(?:be|have))?|(?:is|are|has|have)(?:\s+not|n't|"
        rf"\s+no\s+longer)?(?:\s+been)?)\s+)?(?:now\s+|still\s+)?{_NOTICE_STATE}$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:(?:i|you|we)\s+(?P<see>(?:(?:should|must|will|can)(?:\s+not|n't|\s+no\s+longer)?\s+|"
        r"(?:do|does)(?:\s+not|n't)\s+)?see)|there\s+(?P<be>(?:should|must|will)(?:\s+not|n't)?\s+be|"
        rf"is|are))\s+(?P<det>no|an?|the|any)?\s*{_NOTICE_SUBJECT}(?:\s+{_NOTICE_STATE})?$",
        re.IGNORECASE,
    ),
    # "The toast should say 'Saved'": one saying so is shown.
    re.compile(
        rf"^(?P<det>an?|the)\s+{_NOTICE_KIND}\s+(?P<verb>(?:(?:should|must|will|does|do)"
        r"(?:\s+not|n't)?\s+)?(?:says?|reads?|contains?|includes?|shows?))\s+(?P<q2>\x00\d+\x00)$",
        re.IGNORECASE,
    ),
)


def _notice_claim(t: Text) -> Claim | None:
    for regex in _NOTICE_CLAIM_RES:
        match = regex.match(t.text)
        if match is not None:
            break
    else:
        return None
    groups = match.groupdict()
    quoted = [g for g in (groups["q1"], groups["q2"]) if g]
    state = (groups.get("state") or "").lower()
    said = " ".join(
        g for g in (groups.get("verb"), groups.get("see"), groups.get("be")) if g
    )
    if len(quoted) > 1 or not (said or state.startswith(_NOTICE_EVENTS)):
        return None
    if quoted and groups["noun"].lower() == "message" and not groups["tone"]:
        return None  # "The message 'Saved' should be shown": those words, wherever they are
    negated = (
        bool(_NEGATED_RE.search(said))
        ^ ((groups["det"] or "").lower() == "no")
        ^ state.startswith(_NOTICE_GONE)
    )
    noun = re.sub(r"\s+(?:box|message)$", "", re.sub(r"\s+", " ", groups["noun"]))
    wanted = Wanted.read(noun, groups["tone"] or "", "", every=False)
    return Claim(
        "notice",
        t.restore(quoted[0]) if quoted else "",
        target=wanted.encode()[0],
        negated=negated,
    )


# "There should be no broken images", "No images should be broken", "All images should load",
# "Every image should be displayed": each image the page shows has loaded (before: a count of
# things called "broken images", which nothing is: the model's).
_IMAGES_RES = (
    re.compile(
        r"^(?:(?:the\s+)?page\s+(?:should\s+(?:have|show)|has|shows)\s+no|there\s+(?:should\s+be|"
        r"are|is)\s+no|no)\s+broken\s+images?(?:\s+(?:should\s+be\s+)?(?:on\s+the\s+page|shown|"
        r"displayed|present))?$",
        re.IGNORECASE,
    ),
    re.compile(r"^no\s+images?\s+(?:should\s+be|is|are)\s+broken$", re.IGNORECASE),
    re.compile(
        r"^(?:all|every)\s+(?:the\s+)?(?:product\s+)?images?\s+(?:should|must|have|has|did|do|does)?"
        r"\s*(?:be\s+)?(?:load(?:ed|s)?|display(?:ed|s)?|render(?:ed|s)?|shown)(?:\s+(?:correctly|"
        r"properly|successfully))?$",
        re.IGNORECASE,
    ),
)


def _images_claim(t: Text) -> Claim | None:
    if any(regex.match(t.text) for regex in _IMAGES_RES):
        return Claim("images", "")
    return None


# "There should be no console errors", "No JavaScript errors should occur", "The console should
# have no errors", "The browser console should be clean": nothing written to the console as an
# error or thrown since the case began (before: a count of things called "console errors", or
# the errors of an element called "console").
_CONSOLE_ERRORS = r"(?:(?:browser\s+)?console|javascript|js|script|runtime|uncaught)\s+(?:errors?|exceptions?)"
_CONSOLE_RES = (
    re.compile(
        rf"^(?:there\s+(?:should\s+be|are|were|is)\s+no|no)\s+{_CONSOLE_ERRORS}(?:\s+(?:should\s+"
        r"(?:be\s+(?:shown|logged|thrown|raised)|appear|occur|happen)|(?:were|are|was|is)\s+"
        r"(?:logged|thrown|raised)|in\s+the\s+console))?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:the\s+)?(?:browser(?:'s)?\s+)?console\s+(?:should\s+(?:have|show|contain)|has|shows)\s+"
        r"no\s+errors?$|^(?:the\s+)?(?:browser(?:'s)?\s+)?console\s+(?:should\s+be|is)\s+"
        r"(?:clean|clear|free\s+of\s+errors|error-?free)$",
        re.IGNORECASE,
    ),
)


def _console_claim(t: Text) -> Claim | None:
    if any(regex.match(t.text) for regex in _CONSOLE_RES):
        return Claim("console", "")
    return None


def _signed_in_claim(t: Text) -> Claim | None:
    match = SIGNED_IN_RE.match(t.text)
    if match is None:
        return None
    out = match.group("state").lower() != "in"
    negated = bool(_NEGATED_RE.search(match.group("verb") or ""))
    who = match.group("who")
    if who is not None and (out or negated):
        return None  # "signed out as Ada" says nothing checkable
    return Claim("signed_in", t.restore(who) if who else "", negated=out != negated)


def _page_claim(t: Text) -> Claim | None:
    """ "I should be on the account page": the page named so; "… on '/account'" its path."""
    match = _ON_PAGE_RE.match(t.text) or _PAGE_SHOWN_RE.match(t.text)
    if match is None:
        return None
    negated = bool(_NEGATED_RE.search(match.group("verb")))
    raw = match.group("page").strip()
    words = t.restore(raw)
    if words.startswith(("/", "http://", "https://")) and " " not in words:
        return Claim("url", words, negated=negated, exact=True)
    named = _PAGE_NOUN_RE.sub("", raw).strip()
    if named == raw or not named:
        return None
    if t.has_quoted(named) and not t.is_single_quoted(named):
        return None  # "the 'Orders' list page": words and quotes mixed, the model's
    return Claim("page", t.restore(named), negated=negated)


# "The page heading is 'Orders'", "the main heading", "the h1": the page's top heading.
_HEADING_RE = re.compile(
    r"^(?:the\s+)?(?:(?:page(?:'s)?|main|top|first|primary)\s+)?(?:heading|headline|h1)$",
    re.IGNORECASE,
)
_DO = r"(?:(?:should|must|does|do|will)(?:\s+not|n't)?\s+)?"
_ERROR_NOUN = r"(?:validation\s+)?(?:error|warning)s?(?:\s+(?:message|text)s?)?"
_FOR_FIELD = r"(?:for|on|under|below|beside|by|next\s+to|in)\s+(?P<subject>.+?)"
_ERROR_RES = (
    # "The Email field shows the error 'Enter a valid email'", "Email has no errors"
    re.compile(
        rf"^(?P<subject>.+?)\s+(?P<verb>{_DO}(?:shows?|has|have|displays?)|is\s+(?:not\s+)?"
        rf"(?:showing|displaying))\s+(?:(?P<det>an?|the|no|any)\s+)?{_ERROR_NOUN}"
        rf"(?:\s+(?:saying|that\s+says|reading|of))?(?:\s+{_Q})?$",
        re.IGNORECASE,
    ),
    # "The error for Email is 'Required'", "The error message under the Email field says …"
    re.compile(
        rf"^(?:the\s+|an?\s+)?{_ERROR_NOUN}\s+(?:for|of|on|under|below|beside|by|next\s+to)\s+"
        rf"(?P<subject>.+?)\s+{_VERB}\s+{_Q}$",
        re.IGNORECASE,
    ),
    # "The Email error says 'Required'", "The Email field's error message is …"
    re.compile(
        rf"^(?P<subject>.+?)(?:'s)?\s+{_ERROR_NOUN}\s+{_VERB}\s+{_Q}$", re.IGNORECASE
    ),
    # "The form should show an error for 'Email'", "An error should be shown for the Email field",
    # "There should be an error on 'Email'": the field's error, named after the error.
    re.compile(
        rf"^(?:the\s+)?(?:form|page|screen)\s+(?P<verb>{_DO}(?:shows?|has|have|displays?))\s+"
        rf"(?:(?P<det>an?|the|no|any)\s+)?{_ERROR_NOUN}\s+{_FOR_FIELD}$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:(?P<det>an?|the|no|any)\s+)?{_ERROR_NOUN}\s+(?P<verb>{_DO}be\s+|(?:is|are)\s+"
        rf"(?:not\s+)?)(?:shown|displayed|visible)\s+{_FOR_FIELD}$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^there\s+(?P<verb>{_DO}be|is(?:\s+not)?|are(?:\s+not)?|isn't|aren't)\s+"
        rf"(?:(?P<det>an?|no|any)\s+)?{_ERROR_NOUN}\s+{_FOR_FIELD}$",
        re.IGNORECASE,
    ),
)
# "The Email field should be invalid", "Email is not valid": an error shows, or the field says
# it is invalid; "… should be valid": neither.
_INVALID_RE = re.compile(
    rf"^(?P<subject>.+?)\s+(?P<verb>{_DO}be|is(?:\s+not)?|isn't)\s+(?:marked\s+(?:as\s+)?)?"
    r"(?P<state>invalid|valid)$",
    re.IGNORECASE,
)
_LINK_RES = (
    # "The Docs link points to '/docs'", "Pricing should lead to '/pricing'"
    re.compile(
        rf"^(?P<subject>.+?)\s+(?P<verb>{_DO}(?:points?|goes|go|links?|leads?|navigates?|"
        r"directs?|(?:takes|sends?)\s+(?:you|me|users?|the\s+user))\s+to|"
        rf"{_DO}(?:has|have)\s+(?:the\s+|an?\s+)?(?:href|url|link\s+target)(?:\s+of)?)"
        rf"\s+{_Q}$",
        re.IGNORECASE,
    ),
    # "The Docs link's href is '/docs'", "The logo's URL contains 'home'"
    re.compile(
        rf"^(?P<subject>.+?)(?:'s)?\s+(?:href|url|link\s+target|destination)\s+{_VERB}\s+{_Q}$",
        re.IGNORECASE,
    ),
)
# A record of a list or table named by its words: "the row for Grace Hopper", "the 'Mug' card",
# "the status of order A-1002", "Grace Hopper's role".
_RECORD_NOUNS = r"(?:row|entry|record|line|card|listing|item|tile)"
_ROW_FOR_RE = re.compile(
    rf"^(?:the\s+)?{_RECORD_NOUNS}\s+(?:for|with|of|containing|mentioning|about|named|called|"
    r"that\s+(?:contains|has|mentions|shows|says))\s+(?P<key>.+)$",
    re.IGNORECASE,
)
_ROW_NAMED_RE = re.compile(
    rf"^(?:the\s+)?(?P<key>.+?)\s+{_RECORD_NOUNS}$", re.IGNORECASE
)
_FIELD_OF_RE = re.compile(
    r"^(?:the\s+)?(?P<field>[^\x00]+?|\x00\d+\x00)\s+(?:of|for)\s+(?:the\s+)?(?P<key>.+)$",
    re.IGNORECASE,
)
_POSSESSIVE_RE = re.compile(
    r"^(?:the\s+)?(?P<key>.+?)'s\s+(?P<field>.+)$", re.IGNORECASE
)
# "The value of the Email field": the field's, not a record's.
_NO_FIELD = frozenset({"value", "text", "content", "contents", "words"})
# "The first name is 'Ada'" is a field's value; "the last button" a control.
_NOT_ITEMS = frozenset({"name", "names", *ROLE_WORDS})
_I_SEE_RE = re.compile(
    r"^(?:i\s+)?(?:(?:can|should|must|will)\s+)?see\s+(?=\d|[a-z]+\s)", re.IGNORECASE
)
_NOT_A_REGION_RE = re.compile(
    r"^(?:it|this|that|the\s+(?:page|screen|app|site|view|window))$", re.IGNORECASE
)


def _count_claim(t: Text) -> Claim | None:
    """ "The cart has 3 items", "There are no todos", "At least 2 results are shown"."""
    text = _I_SEE_RE.sub("", t.text, count=1)
    for regex in _COUNT_RES:
        match = regex.match(text)
        if match is None or (
            regex is _COUNT_RES[1] and match.end("noun") == len(text) and text == t.text
        ):
            # "3 items" alone says nothing of where or that they show ("I see 3 items" does).
            continue
        noun = match.group("noun").lower()
        if noun in _NUMBERS or "\x00" in noun:
            return None
        words = match.group("n").lower()
        number = int(words) if words.isdigit() else _NUMBERS[re.sub(r"\s+", " ", words)]
        compare = _COMPARE[
            re.sub(r"\s+", " ", (match.group("cmp") or "exactly").lower())
        ]
        container = (match.group("container") or "").strip()
        if _NOT_A_REGION_RE.match(container):
            container = ""
        if container:
            container = ARTICLE_RE.sub("", t.restore(container))
        verb = match.group("verb") or ""
        return Claim(
            "count",
            noun,
            target=container or None,
            negated=bool(_NEGATED_RE.search(verb)),
            count=number,
            compare=compare,
        )
    return None


def _parts(match: re.Match[str]) -> tuple[bool, bool]:
    verb = match.group("verb")
    return bool(_NEGATED_RE.search(verb)), not _CONTAINS_RE.search(verb)


def _subject(t: Text, words: str) -> tuple[str, str | None] | None:
    words = words.strip()
    if _NO_SUBJECT_RE.match(words) or words.count("\x00") > 2:
        return None
    target, role = target_of(t, words)
    return (target, role) if target else None


# "The checkbox should be checked", "The switch is off": a box or switch not named is the one
# the page shows (several: the claim says so and names them).
_LONE_ROLES = frozenset({"checkbox", "switch", "radio"})


def _lone_box(t: Text, words: str) -> tuple[str, str | None] | None:
    target, role = target_of(t, words.strip())
    return ("", role) if not target and role in _LONE_ROLES else None


def _pinned(t: Text, key: str) -> bool:
    """Whether the words name one record for sure: quoted, a number, a proper name."""
    return (
        "\x00" in key
        or any(c.isdigit() for c in key)
        or any(w[:1].isupper() for w in t.restore(key).split())
    )


def _record(t: Text, subject: str) -> tuple[str, str, bool] | None:
    """The record a value claim's subject may be about, its field ("" for all of it), and
    whether its words name one for sure: "the row for Grace Hopper", "the 'Mug' card", "the
    status of order A-1002", "Grace Hopper's role"."""
    subject = subject.strip()
    match = _ROW_FOR_RE.match(subject)
    if match:
        key = match.group("key")
        return ARTICLE_RE.sub("", t.restore(key)).strip(), "", _pinned(t, key)
    match = _ROW_NAMED_RE.match(subject)
    if match and _pinned(t, match.group("key")):
        return ARTICLE_RE.sub("", t.restore(match.group("key"))).strip(), "", True
    match = _POSSESSIVE_RE.match(subject) or _FIELD_OF_RE.match(subject)
    if match is None or not _pinned(t, match.group("key")):
        return None
    field = ARTICLE_RE.sub("", t.restore(match.group("field"))).strip()
    if not field or field.lower() in _NO_FIELD or len(field.split()) > 4:
        return None
    key = ARTICLE_RE.sub("", t.restore(match.group("key"))).strip()
    return key, field, True


def _page_message_res(noun: str) -> tuple[re.Pattern[str], ...]:
    """ "An error should be shown", "I should see an error message", "There should be no error",
    "The page shows an error saying 'Invalid'": the page's messages of the kind `noun` names."""
    return (
        re.compile(
            rf"^(?:(?:the\s+)?(?:page|form|screen)\s+|i\s+|you\s+|there\s+)?(?P<verb>{_DO}(?:shows?|"
            rf"displays?|see|be|is|are))\s+(?:(?P<det>an?|the|no|any)\s+)?{noun}"
            rf"(?:\s+(?:shown|displayed))?(?:\s+(?:saying|that\s+says|reading))?(?:\s+{_Q})?$",
            re.IGNORECASE,
        ),
        re.compile(
            rf"^(?:(?P<det>an?|the|no|any)\s+)?{noun}(?:\s+(?:saying|that\s+says|reading)\s+{_Q})?"
            r"\s+(?P<verb>(?:(?:should|must|will|does|do)(?:\s+not|n't)?\s+(?:be\s+)?|is\s+(?:not\s+)?|"
            r"isn't\s+|are\s+(?:not\s+)?)(?:shown|displayed|visible|appears?|present|pops?\s+up))$",
            re.IGNORECASE,
        ),
    )


# The page's errors, no field named.
_PAGE_ERROR_RES = _page_message_res(_ERROR_NOUN)
# "A success message should be shown", "I should see a confirmation message saying 'Saved'",
# "The success message should say 'Order placed'": the page's messages of success; so too its
# warnings ("There should be no warning") and notes ("An info message should be shown").
_NOTICE_NOUNS = r"(?:message|notification|toast|banner|alert|notice|box|text)"
_TONE_NOUNS = {
    "success": rf"(?:success(?:ful)?|confirmation)(?:\s+{_NOTICE_NOUNS})?s?",
    "warning": rf"(?:warning|caution)(?:\s+{_NOTICE_NOUNS})?s?",
    "info": rf"(?:info|information(?:al)?)\s+{_NOTICE_NOUNS}s?",
}


def _tone_res(noun: str) -> tuple[re.Pattern[str], ...]:
    return (
        *_page_message_res(noun),
        re.compile(
            rf"^(?:the\s+)?{noun}\s+(?P<verb>{_DO}(?:says?|reads?|contains?|includes?|"
            rf"shows?)|is\s+(?:not\s+)?|isn't\s+)\s*{_Q}$",
            re.IGNORECASE,
        ),
    )


_PAGE_TONE_RES = {tone: _tone_res(noun) for tone, noun in _TONE_NOUNS.items()}
# Subjects that name no field: the page's errors ("The error should say 'Invalid'").
_NO_FIELD_SUBJECT = re.compile(
    r"^(?:the|an?|any|this|that|page|form|screen)?$", re.IGNORECASE
)


def _tone_claim(t: Text) -> Claim | None:
    """ "A success message should be shown", "The confirmation should say 'Saved'", "There
    should be no warning": the page's messages of that tone (engine.claims.PAGE_SUCCESS_JS,
    PAGE_WARNINGS_JS, PAGE_INFO_JS)."""
    for tone, regexes in _PAGE_TONE_RES.items():
        for regex in regexes:
            match = regex.match(t.text)
            if match is not None:
                det = (match.groupdict().get("det") or "").lower()
                negated = bool(_NEGATED_RE.search(match.group("verb"))) != (det == "no")
                quoted = match.group("q")
                return Claim(
                    tone,  # type: ignore[arg-type]
                    t.restore(quoted) if quoted else "",
                    negated=negated,
                )
    return None


def _error_claim(t: Text) -> Claim | None:
    """ "The Email field shows the error 'Enter a valid email'": the words shown as that
    field's error; "… has no error": none is shown. No field named: the page's errors."""
    invalid = _INVALID_RE.match(t.text)
    if invalid is not None:
        negated = bool(_NEGATED_RE.search(invalid.group("verb"))) != (
            invalid.group("state").lower() == "valid"
        )
        words = ARTICLE_RE.sub("", invalid.group("subject").strip()).strip()
        if _NO_FIELD_SUBJECT.match(words):
            return Claim("error", "", negated=negated)
        subject = _subject(t, invalid.group("subject"))
        if subject is None:
            return None
        return Claim("error", "", target=subject[0], role=subject[1], negated=negated)
    for regex in _PAGE_ERROR_RES:
        match = regex.match(t.text)
        if match is not None:
            det = (match.group("det") or "").lower()
            negated = bool(_NEGATED_RE.search(match.group("verb"))) != (det == "no")
            quoted = match.group("q")
            return Claim("error", t.restore(quoted) if quoted else "", negated=negated)
    for regex in _ERROR_RES:
        match = regex.match(t.text)
        if match is None:
            continue
        words = ARTICLE_RE.sub("", match.group("subject").strip()).strip()
        if _NO_FIELD_SUBJECT.match(words) or _NO_FIELD_SUBJECT.match(
            match.group("subject").strip()
        ):
            quoted = match.groupdict().get("q")
            det = (match.groupdict().get("det") or "").lower()
            negated = bool(_NEGATED_RE.search(match.group("verb"))) != (det == "no")
            return Claim("error", t.restore(quoted) if quoted else "", negated=negated)
        subject = _subject(t, match.group("subject"))
        if subject is None:
            return None
        quoted = match.groupdict().get("q")
        det = (match.groupdict().get("det") or "").lower()
        negated = bool(_NEGATED_RE.search(match.group("verb"))) != (det == "no")
        expected = t.restore(quoted) if quoted else ""
        return Claim(
            "error", expected, target=subject[0], role=subject[1], negated=negated
        )
    return None


# "The 'Docs' link should open in a new tab", "The Help link opens in a new window", "'Terms'
# should not open in a new tab": where the link opens (before: the model's).
_NEW_TAB_RE = re.compile(
    rf"^(?P<subject>.+?)\s+(?P<verb>{_DO}open(?:s|ed)?|is\s+(?:not\s+)?opened|isn't\s+opened)\s+in\s+"
    r"(?:a\s+)?(?:new|separate|another)\s+(?:browser\s+)?(?:tab|window)$",
    re.IGNORECASE,
)


# "The 'Email' field should have the placeholder 'you@…'", "The placeholder of the search box
# is 'Search'", "The email field's placeholder should contain 'example'", "The placeholder
# text should be 'Search'": the hint a field shows while empty, not words on the page (before:
# a field called "placeholder of Email", or the model's).
_PLACEHOLDER = r"placeholder(?:\s+text)?"
_PLACEHOLDER_RES = (
    re.compile(
        rf"^(?P<subject>.+?)\s+(?P<verb>{_DO}(?:has|have|shows?|displays?))\s+"
        rf"(?:the\s+|a\s+)?{_PLACEHOLDER}(?:\s+(?:of|that\s+says|saying|reading))?\s+{_Q}$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:the\s+)?{_PLACEHOLDER}\s+(?:of|in|for|on)\s+(?P<subject>.+?)\s+{_VERB}\s+{_Q}$",
        re.IGNORECASE,
    ),
    re.compile(rf"^(?:the\s+)?{_PLACEHOLDER}\s+{_VERB}\s+{_Q}$", re.IGNORECASE),
    re.compile(
        rf"^(?P<subject>.+?)(?:'s)?\s+{_PLACEHOLDER}\s+{_VERB}\s+{_Q}$", re.IGNORECASE
    ),
)


def _placeholder_claim(t: Text) -> Claim | None:
    for regex in _PLACEHOLDER_RES:
        match = regex.match(t.text)
        if match is None:
            continue
        target, role = "", None
        verb = match.group("verb") or ""
        negated = bool(_NEGATED_RE.search(verb))
        said = match.group("subject") if "subject" in regex.groupindex else None
        if said and re.fullmatch(
            r"no\s+(?:(?:text\s+|input\s+)?fields?|inputs?|boxe?s?)",
            said,
            re.IGNORECASE,
        ):
            negated = not negated  # "No field should have the placeholder 'x'"
        elif said:
            subject = _subject(t, said)
            if subject is None:
                return None
            target, role = subject
        exact = not re.search(r"\b(?:contains?|includes?)\b", verb, re.IGNORECASE)
        expected = t.restore(match.group("q"))
        return Claim(
            "placeholder", expected, target, role, negated=negated, exact=exact
        )
    return None


def _new_tab_claim(t: Text) -> Claim | None:
    match = _NEW_TAB_RE.match(t.text)
    if match is None:
        return None
    subject = _subject(t, match.group("subject"))
    if subject is None or subject[1] not in (None, "link"):
        return None
    negated = bool(_NEGATED_RE.search(match.group("verb")))
    return Claim("new_tab", "", subject[0], "link", negated=negated)


def _link_claim(t: Text) -> Claim | None:
    """ "The Docs link points to '/docs/start'": where the link goes, not its words."""
    for regex in _LINK_RES:
        match = regex.match(t.text)
        if match is None:
            continue
        if re.search(
            r"\b(?:have|has|had|contains?|with|include|includes)\s+(?:a|an|one|the)$",
            match.group("subject"),
            re.IGNORECASE,
        ):
            return (
                None  # "The footer should have a link to 'Privacy'": no link named so
            )
        subject = _subject(t, match.group("subject"))
        if subject is None or subject[1] not in (None, "link"):
            return None
        negated = bool(_NEGATED_RE.search(match.group("verb")))
        # "points to '/docs'" is where it goes; "its URL contains 'docs'" words in it.
        exact = not _CONTAINS_RE.search(match.group("verb"))
        expected = t.restore(match.group("q"))
        return Claim("link", expected, subject[0], "link", negated=negated, exact=exact)
    return None


# "The total should be greater than $10", "The rating is at least 4": a number compared.
_COMPARE_RE = re.compile(
    r"^(?P<head>.+?\s(?:is(?:\s+not)?|isn't|(?:should|must|will)(?:\s+not|n't)?\s+be))\s+"
    r"(?P<op>(?:greater|more|higher|larger|bigger)\s+than|over|above|at\s+least|"
    r"no\s+(?:less|fewer)\s+than|(?:less|lower|smaller|fewer)\s+than|under|below|at\s+most|"
    r"no\s+more\s+than)\s+(?P<n>[$\u20ac\u00a3]?-?\d[\d,]*(?:\.\d+)?%?)$",
    re.IGNORECASE,
)


def _compare_of(op: str) -> Compare:
    op = re.sub(r"\s+", " ", op.lower())
    if op in ("at least", "no less than", "no fewer than"):
        return "ge"
    if op in ("at most", "no more than"):
        return "le"
    if op.startswith(("less", "lower", "smaller", "fewer")) or op in ("under", "below"):
        return "lt"
    return "gt"


def parse_claim(text: str) -> Claim | None:
    """The claim an assertion makes about the page itself, or None for a claim about its words."""
    t = Text(text)
    t.text = _LEAD_RE.sub("", t.text, count=1)
    compared = _COMPARE_RE.match(t.text)
    if compared is None:
        return _parse_claim(t)
    # The number as the value said, then compared rather than matched.
    t.text = f"{compared.group('head')} {compared.group('n')}"
    claim = _parse_claim(t)
    if claim is None or claim.kind not in ("value", "count") or claim.compare != "eq":
        return None
    return dataclasses.replace(claim, compare=_compare_of(compared.group("op")))


_EXIST_RE = re.compile(
    r"\s+(?:(?P<modal>should|must|will)(?P<not>\s+not|n't)?\s+exist|(?P<does>does|do)(?:\s+not|n't)\s+"
    r"exist|(?P<plain>exists?|no\s+longer\s+exists?))$",
    re.IGNORECASE,
)


def _as_present(match: re.Match[str]) -> str:
    if match.group("modal"):
        return (
            f" {match.group('modal')}{' not' if match.group('not') else ''} be present"
        )
    if match.group("does"):
        return " is not present"
    if match.group("plain").lower().startswith("no"):
        return " is not present"
    return " is present"


# "There should be a table with 3 rows": "The table should have 3 rows".
_THERE_WITH_RE = re.compile(
    r"^there\s+(?:should\s+be|must\s+be|is)\s+(?:a|an|one)\s+(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
    r"\s+with\s+(?P<rest>(?:\d+|no|(?:at\s+(?:least|most)|more\s+than|fewer\s+than|less\s+than|"
    r"exactly)\s+\d+)\s+[a-z][\w-]*)$",
    re.IGNORECASE,
)


# "The selected option in 'Size' should be 'Large'", "The selected country should be 'Canada'":
# the list's value (before: the words "Large" anywhere, an option's among them: a false pass).
_SELECTED_OF_RE = re.compile(
    r"^(?:the\s+)?(?:currently\s+)?selected\s+(?:(?:option|value|item|choice|entry)\s+"
    r"(?:in|of|for|from)\s+(?P<field>.+?)|(?P<noun>[a-z]+(?:\s+[a-z]+)?))\s+"
    r"(?P<verb>(?:should|must|will)(?:\s+not|n't)?\s+be|is(?:\s+not|n't)?|equals?)\s+"
    r"(?P<q>\x00\d+\x00)$",
    re.IGNORECASE,
)
# "'Canada' should be selected in 'Country'", "'Canada' should be the selected country", "The
# 'Country' select should have 'Canada' selected": that option chosen (before: the model's).
_OPTION_SELECTED_RES = (
    re.compile(
        r"^(?P<q>\x00\d+\x00)\s+(?P<verb>(?:should|must|will)(?:\s+not|n't)?\s+be|is(?:\s+not|"
        r"n't)?)\s+(?:selected|chosen)\s+(?:in|from|for|as)\s+.+$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?P<q>\x00\d+\x00)\s+(?P<verb>(?:should|must|will)(?:\s+not|n't)?\s+be|is(?:\s+not|"
        r"n't)?)\s+the\s+(?:selected|chosen|current)\s+[a-z]+(?:\s+[a-z]+)?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^.+?\s+(?P<verb>(?:should|must|does|will)(?:\s+not|n't)?\s+have|has)\s+"
        r"(?P<q>\x00\d+\x00)\s+(?:selected|chosen|checked)$",
        re.IGNORECASE,
    ),
)


def _selected_claim(t: Text) -> Claim | None:
    match = _SELECTED_OF_RE.match(t.text)
    if match:
        field = match.group("field") or match.group("noun")
        subject = _subject(t, field)
        negated = bool(_NEGATED_RE.search(match.group("verb")))
        if subject is None:
            # "The selected tab should be 'Billing'": that tab (option, radio) selected.
            _, role = target_of(t, field)
            if role not in ("tab", "option", "radio", "menuitem", "treeitem", "link"):
                return None
            state: State = "unchecked" if negated else "checked"
            return Claim("state", state, target=t.restore(match.group("q")), role=role)
        role = subject[1] or "combobox"
        value = t.restore(match.group("q"))
        return Claim("value", value, subject[0], role, negated=negated, exact=True)
    for regex in _OPTION_SELECTED_RES:
        chosen = regex.match(t.text)
        if chosen:
            negated = bool(_NEGATED_RE.search(chosen.group("verb")))
            return Claim(
                "state",
                "unchecked" if negated else "checked",
                target=t.restore(chosen.group("q")),
            )
    return None


def _parse_claim(t: Text) -> Claim | None:
    selected = _selected_claim(t)
    if selected is not None:
        return selected
    # "The 'Save' button should not exist": "… should not be present" (a control's presence).
    t.text = _EXIST_RE.sub(_as_present, t.text, count=1)
    there = _THERE_WITH_RE.match(t.text)
    if there:
        t.text = f"The {there.group('what')} should have {there.group('rest')}"
    # "'Tote Bag' costs $24.50", "The scarf should cost $18": the price of the thing named.
    t.text = _COSTS_RE.sub(_as_price, t.text, count=1)
    t.text = _as_region_words(t.text)
    bare = _BARE_NUMBER_RE.match(t.text)
    if bare:
        # "The cart count is 1", "The quantity of 'Tote Bag' should be 2": a number said without
        # quotes is the value all the same (else the claim would only look for 'Tote Bag').
        t.quoted.append(bare.group("n"))
        t.verbatim.append(bare.group("n"))
        t.text = f"{bare.group('head')} \x00{len(t.quoted) - 1}\x00"
    titled = _HAS_TITLE_RE.match(t.text)
    if titled:
        return Claim(
            "title",
            t.restore(titled.group("q")),
            negated=bool(_NEGATED_RE.search(titled.group("verb"))),
            exact=not (titled.group("how") or "").lower().startswith("containing"),
        )
    for kind, regex in (("url", _URL_RE), ("title", _TITLE_RE)):
        match = regex.match(t.text)
        if match:
            negated, exact = _parts(match)
            expected = t.restore(match.group("q"))
            return Claim(kind, expected, negated=negated, exact=exact)  # type: ignore[arg-type]
    counted = (
        _signed_in_claim(t)
        or _images_claim(t)
        or _console_claim(t)
        or _page_claim(t)
        or _tone_claim(t)
        or _error_claim(t)
        or _dialog_claim(t)
        or _notice_claim(t)
        or _count_claim(t)
        or _link_claim(t)
        or _new_tab_claim(t)
        or _placeholder_claim(t)
    )
    if counted is not None:
        return counted
    match = _STATE_RE.match(t.text)
    focus = _FOCUS_RE.match(t.text) if match is None else None
    if focus is not None:
        subject = _subject(t, focus.group("subject"))
        if subject is None:
            return None
        negated = bool(_NEGATED_RE.search(focus.group("verb")))
        state: State = "unfocused" if negated else "focused"
        return Claim("state", state, target=subject[0], role=subject[1])
    if match:
        subject = _subject(t, match.group("subject")) or _lone_box(
            t, match.group("subject")
        )
        if subject is None:
            return None
        word = re.sub(r"\s+", " ", match.group("state").lower())
        state = _STATES[word]
        if state in _VISIBILITY and subject[1] in (None, "option"):
            return None
        if word in _MARKED_WORDS and (
            subject[1] not in _MARKED_ROLES
            or not subject[0]
            or (subject[1] is None and word == "highlighted")
            or re.search(rf"\s{_RECORD_NOUNS}$", subject[0], re.IGNORECASE)
        ):
            return (
                None  # "The 'Tote Bag' row should be highlighted": a look, not a state
            )
        if _NEGATED_RE.search(match.group("verb")):
            state = _OPPOSITE[state]
        target = subject[0]
        if state in ("expanded", "collapsed"):
            # "The Shipping section is expanded": the control that opens it.
            target = _REGION_WORD_RE.sub("", target) or target
        return Claim("state", state, target=target, role=subject[1])
    match = _EMPTY_RE.match(t.text)
    if match:
        # "The Email field is empty": a field whose value is nothing.
        subject = _subject(t, match.group("subject"))
        if subject is None:
            return None
        negated = bool(_NEGATED_RE.search(match.group("verb")))
        return Claim("value", "", subject[0], subject[1], negated=negated, exact=True)
    match = _VALUE_RE.match(t.text)
    if match and len(t.quoted) == 1 + match.group("subject").count("\x00") // 2:
        negated, exact = _parts(match)
        value = t.restore(match.group("q"))
        if _HEADING_RE.match(match.group("subject").strip()):
            # "The page heading is 'Orders'": the page's top heading, not words anywhere.
            return Claim("heading", value, negated=negated, exact=exact)
        item = _ITEM_RE.match(match.group("subject").strip())
        if item and item.group("noun").lower() not in _NOT_ITEMS:
            # "The first row contains 'Ada'": that item's words, not the page's.
            container = item.group("container")
            return Claim(
                "item",
                value,
                target=ARTICLE_RE.sub("", t.restore(container)) if container else None,
                negated=negated,
                # An item has more words than its name: "is" is "contains" here.
                count=ORDINALS[item.group("ord").lower()],
                noun=item.group("noun").lower(),
            )
        column = _COLUMN_RE.match(match.group("subject").strip())
        if column:
            # "The Email column contains 'x'": a cell of that column, not the page's words.
            name = t.restore(column.group("column"))
            return Claim("column", value, target=name, negated=negated, exact=exact)
        subject = _subject(t, match.group("subject"))
        if subject is None:
            return None
        row, field, pinned = _record(t, match.group("subject")) or ("", "", False)
        return Claim(
            "value",
            value,
            target=subject[0],
            role=subject[1],
            negated=negated,
            exact=exact,
            noun=field,
            row=row,
            pinned=pinned,
        )
    return None


_STEP_LEAD_RE = re.compile(
    r"^(?:verify|assert|check|confirm|ensure|expect|make\s+sure)\s", re.IGNORECASE
)


# "An error message is shown", "A success toast appears", "No error is displayed", "The toast
# disappears": a scenario's "Then" about the page's messages, said in the indicative (before: a
# control called so).
_MESSAGE_SEEN_RE = re.compile(
    r"^(?P<subject>(?:an?|the|no)\s+(?:[\w-]+\s+){0,2}?(?:error|success|successful|"
    r"confirmation|warning|info|information|toast|snackbar|notification|banner|alert)\b.*?)\s+"
    r"(?:(?P<verb>appears|shows\s+up|pops\s+up|(?:is|are)\s+(?:shown|displayed|visible))|"
    r"(?P<gone>disappears|goes\s+away|vanishes|(?:is|are)\s+(?:gone|hidden)))$",
    re.IGNORECASE,
)
_MESSAGE_KINDS = frozenset({"error", "success", "warning", "info", "notice"})


def _message_seen(t: Text) -> Intent | None:
    match = _MESSAGE_SEEN_RE.match(t.text)
    if match is None:
        return None
    said = PLACEHOLDER_RE.sub(
        lambda m: quote(t.quoted[int(m.group(1))]), match.group("subject")
    )
    text = f"{said} is {'gone' if match.group('gone') else 'shown'}"
    claim = parse_claim(text)
    if claim is None or claim.kind not in _MESSAGE_KINDS:
        return None
    return Intent("assert_state", value=text)


# "The 'Email' field is empty", "The 'Save' button is disabled", "The cart has 3 items": a
# scenario's "Then" said in the indicative is the claim it states (before: the model's). Not
# "This field is required": a form's own words, which no "this" in a step points at.
_INDICATIVE_RE = re.compile(
    r"^(?:the|a|an|no|all|every|each|my|your)\s+\S.*?\s+(?:is|are|has|have|contains?|"
    r"shows?|displays?|reads?|says?|equals?|includes?|lists?)\b",
    re.IGNORECASE,
)


def rule_claim(t: Text) -> Intent | None:
    """ "Verify the Save button is disabled" as a step: the claim, decided when it runs."""
    seen = _message_seen(t)
    if seen is not None:
        return seen
    if not (
        _STEP_LEAD_RE.match(t.text)
        or _INDICATIVE_RE.match(t.text)
        or MODAL_RE.search(t.text)
        or SEEN_RE.match(t.text)
        or SIGNED_IN_RE.match(t.text)
        or DIALOG_CLAIM_RE.match(t.text)
    ):
        return None
    text = PLACEHOLDER_RE.sub(lambda m: quote(t.quoted[int(m.group(1))]), t.text)
    if parse_claim(text) is None:
        return None
    return Intent("assert_state", value=text)
