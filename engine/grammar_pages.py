"""Grammar rules for steps about the browser itself (JS dialogs and tabs, engine.pages) and about
boxes no control is named for: cookie banners (engine.consent) and notices (engine.notices).

"Click 'OK' in the dialog" stays a click: an HTML modal is a page element, grounded like any other;
only accept/confirm/dismiss/cancel/answer speak of the browser's own alert, confirm and prompt.
"""

from __future__ import annotations

import re

from engine.intent import Intent, IntentKind
from engine.notices import Wanted
from engine.phrases import Text, value_of

_DIALOG = (
    r"(?:js\s+|javascript\s+|browser\s+)?(?:dialog|alert|confirm(?:ation)?(?:\s+(?:dialog|box))?|"
    r"prompt(?:\s+dialog)?|pop-?up(?:\s+dialog)?|message\s+box)"
)
_ACCEPT_RE = re.compile(
    r"^(?:accept|confirm|approve|ok|okay)\s+(?:the\s+)?"
    rf"(?P<next>next\s+)?{_DIALOG}$",
    re.IGNORECASE,
)
_DISMISS_RE = re.compile(
    r"^(?:dismiss|cancel|decline|reject)\s+(?:the\s+)?"
    rf"(?P<next>next\s+)?{_DIALOG}$",
    re.IGNORECASE,
)
_NAMED = r"(?:(?!cookie|notification|toast|the\s)(?:\x00\d+\x00|[a-z][\w-]*)\s+)"
# "Close the dialog": a modal in the page (answered by its Close/Cancel button) or a JS one;
# "Close the newsletter popup", "Dismiss the promo modal", "Close the 'Welcome' dialog" too (the
# open one; before, a control called "Close the newsletter popup"). A cookie or notification
# box is read before this (its own rules).
_CLOSE_DIALOG_RE = re.compile(
    r"^(?:close|exit|dismiss|hide)\s+(?:the\s+)?"
    rf"(?:{_NAMED}{{0,2}}?(?:dialog(?:\s+box)?|modal(?:\s+(?:dialog|window))?|overlay|lightbox)|"
    # "Close the popup" alone is a popup window (close_tab), else the modal.
    rf"{_NAMED}{{1,2}}?pop-?up)$",
    re.IGNORECASE,
)
_ANSWER_RES = (
    re.compile(
        r"^(?:answer|respond\s+to|reply\s+to|fill\s+in|fill)\s+(?:the\s+)?(?P<next>next\s+)?"
        r"(?:prompt|dialog)(?:\s+dialog)?\s+with\s+(?P<value>.+)$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:enter|type)\s+(?P<value>.+?)\s+(?:in|into)\s+the\s+(?P<next>next\s+)?prompt"
        r"(?:\s+dialog)?$",
        re.IGNORECASE,
    ),
)
_ASSERT_RE = re.compile(
    r"^(?:verify|check|expect|assert|ensure|confirm)\s+(?:that\s+)?the\s+"
    rf"{_DIALOG}(?:\s+message|\s+text)?\s+"
    r"(?:says|said|reads|read|shows|showed|contains|contained|is|was|asks|asked|mentions)\s+"
    r"(?P<value>.+)$",
    re.IGNORECASE,
)


_KINDS_NAMED = re.compile(r"\b(alert|confirm|prompt)", re.IGNORECASE)


def _which(text: str) -> str | None:
    """The dialog type a step names ("the alert"), or None for any question ("the dialog");
    the verb is no name ("Confirm the dialog" answers any)."""
    match = _KINDS_NAMED.search(text.split(None, 1)[-1] if " " in text else "")
    return match.group(1).lower() if match else None


# "Click outside the modal", "Tap somewhere outside the dropdown to close it", "Click on the
# backdrop", "Close the popup by clicking outside": a spot outside what is open, clicked
# (before: a control called "outside the modal").
_OUTSIDE_NOUN = (
    r"(?:(?:the|a|an|this|that|its)\s+)?(?P<noun>(?:[a-z-]+\s+){0,2}?(?:modal|dialog|pop-?up|"
    r"menu|drop-?down|popover|panel|drawer|sidebar|overlay|list|box|window|form|picker))"
)
_CLICK_OUTSIDE_RES = (
    re.compile(
        r"^(?:click|tap|press)\s+(?:on\s+)?(?:somewhere\s+|anywhere\s+)?outside(?:\s+of)?"
        rf"(?:\s+{_OUTSIDE_NOUN}|\s+it)?"
        r"(?:\s+to\s+(?:close|dismiss|hide)\s+(?:it|them|the\s+\S+(?:\s+\S+)?))?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:close|dismiss|hide)\s+"
        rf"{_OUTSIDE_NOUN}\s+by\s+(?:clicking|tapping)\s+(?:somewhere\s+|anywhere\s+)?"
        r"outside(?:\s+(?:of\s+)?it)?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:click|tap)\s+(?:on\s+)?the\s+(?:(?:modal|dialog)(?:'s)?\s+)?"
        r"(?P<noun>backdrop|overlay)$",
        re.IGNORECASE,
    ),
)
_MENU_NOUN_RE = re.compile(r"menu|drop-?down|popover|list|picker", re.IGNORECASE)


def rule_click_outside(t: Text) -> Intent | None:
    for regex in _CLICK_OUTSIDE_RES:
        match = regex.match(t.text)
        if match:
            noun = match.group("noun") or ""
            return Intent(
                "click_outside", target="menu" if _MENU_NOUN_RE.search(noun) else None
            )
    return None


# "Click OK on the alert", "Press Cancel in the confirm box": the browser's alert, confirm or
# prompt answered as "Accept the alert" does (before: a control called "OK on the alert"). An
# HTML modal said "dialog", "modal" or "popup" stays a click on its button.
_CLICK_ANSWER_RE = re.compile(
    r"^(?:click|press|tap|hit|choose|select)\s+(?:on\s+)?(?:the\s+)?(?P<button>[a-z]+|\x00\d+\x00)"
    r"(?:\s+button)?\s+(?:on|in|of)\s+the\s+(?P<dialog>(?:js\s+|javascript\s+|browser\s+)?"
    r"(?:alert|confirm(?:\s+(?:dialog|box))?|prompt(?:\s+dialog)?)|(?:js|javascript|browser)\s+dialog)$",
    re.IGNORECASE,
)
_YES_WORDS = frozenset({"ok", "okay", "yes", "accept", "confirm", "continue"})
_NO_WORDS = frozenset({"cancel", "no", "dismiss", "close"})


def rule_dialog(t: Text) -> Intent | None:
    """Accept/dismiss/answer the (next) dialog, or check what the latest one said.

    `target` is the dialog type the step names (alert, confirm, prompt), if any.
    """
    clicked = _CLICK_ANSWER_RE.match(t.text)
    if clicked:
        button = t.restore(clicked.group("button")).strip().lower()
        verb = (
            "Accept"
            if button in _YES_WORDS
            else "Dismiss"
            if button in _NO_WORDS
            else None
        )
        if verb is not None:
            return rule_dialog(Text(f"{verb} the {clicked.group('dialog')}"))
    match = _ASSERT_RE.match(t.text)
    if match and t.is_single_quoted(match.group("value")):
        return Intent("assert_dialog", value=value_of(t, match.group("value")))
    answers: tuple[tuple[re.Pattern[str], IntentKind], ...] = (
        (_ACCEPT_RE, "accept_dialog"),
        (_DISMISS_RE, "dismiss_dialog"),
    )
    for regex, kind in answers:
        match = regex.match(t.text)
        if match:
            # "the next dialog": arm the answer for a later step, do not wait here.
            return Intent(
                kind,
                target=_which(t.text),
                timeout_ms=0 if match.group("next") else None,
            )
    if _CLOSE_DIALOG_RE.match(t.text):
        return Intent("dismiss_dialog")
    for regex in _ANSWER_RES:
        match = regex.match(t.text)
        if match and t.is_single_quoted(match.group("value")):
            return Intent(
                "answer_dialog",
                target="prompt",
                value=value_of(t, match.group("value")),
                timeout_ms=0 if match.group("next") else None,
            )
    return None


_WHICH = {
    "new": "new",
    "newest": "new",
    "latest": "new",
    "other": "new",
    "next": "new",
    "popup": "new",
    "opened": "new",
    "previous": "previous",
    "old": "previous",
    "last": "previous",
    "original": "first",
    "first": "first",
    "main": "first",
}
_PAGE = r"(?:browser\s+)?(?:tab|window|page|popup)"
_SWITCH_RE = re.compile(
    r"^(?:switch|change|move|go|return)\s+(?:back\s+)?to\s+(?:the\s+)?"
    rf"(?P<which>{'|'.join(_WHICH)})\s+{_PAGE}$",
    re.IGNORECASE,
)
_SWITCH_BACK_RE = re.compile(r"^switch\s+back$", re.IGNORECASE)
_SWITCH_NAMED_RE = re.compile(
    rf"^switch\s+to\s+(?:the\s+)?(?:{_PAGE}\s+(?:called\s+|named\s+|titled\s+)?(?P<a>\x00\d+\x00)|"
    rf"(?P<b>\x00\d+\x00)\s+{_PAGE})$",
    re.IGNORECASE,
)
_CLOSE_RE = re.compile(
    rf"^close\s+(?:the\s+|this\s+)?(?:current\s+|new\s+|other\s+)?{_PAGE}$",
    re.IGNORECASE,
)


_PAGINATION_RE = re.compile(
    r"^(?:(?:go|move|navigate|skip|jump|turn|flip)\s+to\s+(?:the\s+)?)?"
    r"(?P<which>next|previous|prev|first|last)\s+page(?:\s+of\s+(?:the\s+)?results)?$",
    re.IGNORECASE,
)


# "Go to page 3", "Open page 2 of the invoices", "Click page 4": that page of a list's pager
# (before: a link called "page 3", which a bare "3" elsewhere could answer).
_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:go|move|navigate|skip|jump|turn|flip)\s+to|open|click(?:\s+on)?|show|view)\s+"
    r"(?:the\s+)?page\s+(?:(?:number|no\.?)\s+)?(?P<n>\d{1,4})(?:\s+of\s+(?:the\s+)?"
    r"(?P<what>[a-z][a-z -]*?))?(?:\s+in\s+the\s+(?:pager|pagination))?$",
    re.IGNORECASE,
)


def rule_pagination(t: Text) -> Intent | None:
    """ "Go to the next page" pages through a list (a tab is "the new tab/window"): the control
    called "Next page" as written, else the one called "Next". "Go to page 3": the pager's."""
    number = _PAGE_NUMBER_RE.match(t.text)
    if number:
        return Intent(
            "go_to_page", value=number.group("n"), target=number.group("what")
        )
    match = _PAGINATION_RE.match(t.text)
    if not match:
        return None
    which = match.group("which").lower()
    word = "Previous" if which == "prev" else which.capitalize()
    return Intent(
        "click",
        target=f"{word} page",
        alternative=Intent("click", target=word),
    )


_COOKIES = (
    r"(?:all\s+)?(?:the\s+)?(?:non-?essential\s+|optional\s+|tracking\s+)?(?:cookies?|"
    r"cookie\s+(?:banner|notice|consent|policy|popup|pop-up|prompt|message|bar|dialog))"
)
_IF_ASKED = (
    r"(?P<optional>\s*,?\s+if\s+(?:asked|shown|prompted|present|any|there\s+is\s+one))?"
)
_CONSENT_RES = (
    (
        "accept",
        re.compile(
            rf"^(?:accept|allow|agree\s+to|consent\s+to|ok|okay)\s+{_COOKIES}{_IF_ASKED}$",
            re.IGNORECASE,
        ),
    ),
    (
        "reject",
        re.compile(
            rf"^(?:reject|decline|deny|refuse|opt\s+out\s+of)\s+{_COOKIES}{_IF_ASKED}$",
            re.IGNORECASE,
        ),
    ),
    (
        "dismiss",
        re.compile(
            rf"^(?:dismiss|close|hide)\s+(?:the\s+)?cookie\s+(?:banner|notice|consent|popup|"
            rf"pop-up|prompt|message|bar|dialog){_IF_ASKED}$",
            re.IGNORECASE,
        ),
    ),
)


def rule_consent(t: Text) -> Intent | None:
    """ "Accept the cookies", "Reject all cookies", "Close the cookie banner", each optionally
    "... if asked": the cookie banner's button for that answer (engine.consent)."""
    for answer, pattern in _CONSENT_RES:
        match = pattern.match(t.text)
        if match:
            optional = " if asked" if match.group("optional") else ""
            return Intent("consent", value=answer + optional)
    return None


# "Dismiss the notification", "Close the success toast", "Close all the toasts", "Hide the banner
# about the trial", "Close the 'Saved' message": the notice's own close control (engine.notices).
# A bare "message" is a notice only when dismissed ("Close the message" may be a mail's view).
_NOTICE_RE = re.compile(
    r"^(?P<verb>close|dismiss|hide|clear)\s+(?P<all>all\s+(?:of\s+)?(?:the\s+)?|every\s+|each\s+)?"
    r"(?:the\s+|this\s+|that\s+)?(?P<q>\x00\d+\x00\s+)?"
    r"(?:(?P<tone>success(?:ful)?|confirmation|error|failure|warning|info(?:rmation(?:al)?)?)\s+)?"
    r"(?P<noun>notifications?|toasts?|alerts?|notices?|banners?|snack\s?bars?|callouts?|"
    r"announcements?|flash(?:\s+messages?)?|messages?|errors?|warnings?)"
    r"(?:\s+(?:about|saying|that\s+says|which\s+says|reading|containing|mentioning|"
    r"with\s+(?:the\s+)?(?:text|words|message))\s+(?P<words>.+))?$",
    re.IGNORECASE,
)


def rule_notice(t: Text) -> Intent | None:
    """ "Dismiss the notification", "Close the success toast": a notice's close control."""
    match = _NOTICE_RE.match(t.text)
    if not match:
        return None
    noun = match.group("noun").lower()
    tone = match.group("tone") or ""
    if noun.rstrip("s") in ("error", "warning"):
        tone, noun = noun.rstrip("s"), "notification"
    elif noun.startswith("message") and not (
        tone
        or match.group("q")
        or match.group("words")
        or match.group("verb").lower() == "dismiss"
    ):
        return None
    words = match.group("words") or match.group("q") or ""
    wanted = Wanted.read(
        noun, tone, t.restore(words).strip(), every=bool(match.group("all"))
    )
    target, value = wanted.encode()
    return Intent("dismiss_notice", target=target, value=value)


def rule_tabs(t: Text) -> Intent | None:
    """Switch to the new/previous/first tab or one named by its title; close the tab."""
    if _SWITCH_BACK_RE.match(t.text):
        return Intent("switch_tab", value="previous")
    match = _SWITCH_RE.match(t.text)
    if match:
        which = _WHICH[match.group("which").lower()]
        if which == "previous" and re.search(r"\bpage$", t.text, re.IGNORECASE):
            which = "previous_page"  # a tab if one opened this, else the history's page
        return Intent("switch_tab", value=which)
    match = _SWITCH_NAMED_RE.match(t.text)
    if match:
        return Intent(
            "switch_tab", value=value_of(t, match.group("a") or match.group("b"))
        )
    match = _CLOSE_RE.match(t.text)
    if match:
        # "Close the popup": a popup window, else (this the only tab) the popup in the page.
        popup = re.search(r"pop-?up$", t.text, re.IGNORECASE) is not None
        return Intent("close_tab", value="popup" if popup else None)
    return None


_DRAG_RE = re.compile(
    r"^(?:drag(?:\s+and\s+drop)?|move|drop)\s+(?P<src>.+?)\s+"
    r"(?:and\s+drop\s+(?:it|them)\s+)?(?:onto|on\s+to|on|into|in\s+to|to|over|in)\s+"
    r"(?P<dst>.+)$",
    re.IGNORECASE,
)
# What people call the place they drop on: "the 'Done' column".
_DROP_ZONE_RE = re.compile(
    r"^(?:the\s+)?(?P<name>\x00\d+\x00)(?:\s+(?:list|column|lane|zone|area|box|bucket|folder|"
    r"section|panel|group|stage))?$",
    re.IGNORECASE,
)


def rule_drag(t: Text) -> Intent | None:
    """ "Drag 'Card A' onto 'Done'": `target` is what is dragged, `value` where it is dropped."""
    match = _DRAG_RE.match(t.text)
    if not match:
        return None
    src = re.sub(r"^the\s+", "", match.group("src").strip(), flags=re.IGNORECASE)
    zone = _DROP_ZONE_RE.match(match.group("dst").strip())
    if not t.is_single_quoted(src) or zone is None:
        return None
    return Intent(
        "drag", target=value_of(t, src), value=value_of(t, zone.group("name"))
    )
