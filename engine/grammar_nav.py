"""Grammar rules for navigation, waiting, scrolling, keys, uploads and assertion-like steps."""

from __future__ import annotations

import re
from dataclasses import replace

from engine.grammar_checks import parse_claim
from engine.intent import Intent, IntentKind
from engine.phrases import (
    ARTICLE_RE,
    MODAL_RE,
    NUMBER_WORDS,
    ORDINALS,
    PLACEHOLDER_RE,
    SEEN_RE,
    VAR_TOKEN_RE,
    Text,
    key_of,
    quote,
    target_of,
    value_of,
)

_HOME_WORDS = re.compile(
    r"^(?:the\s+)?(?:home\s*page|home|start\s+page|main\s+page|landing\s+page|front\s+page|"
    r"app|application|site|website|web\s+site|root)$",
    re.IGNORECASE,
)
_DEST_RE = re.compile(r"(https?://\S+|\$\{[A-Za-z_][\w.-]*\}\S*|/\S*)")
_DEST_FILLER = {
    "the",
    "page",
    "url",
    "address",
    "path",
    "at",
    "route",
    "location",
    "screen",
}
_FILE_LIKE = re.compile(r"[\w-]\.[A-Za-z0-9]{1,5}$|/")


_ASSERT_RE = re.compile(
    r"^(?:verify|check|assert|confirm|ensure|expect|make\s+sure|see)(?:\s+that)?\s+(?P<body>.+)$",
    re.IGNORECASE,
)
NEGATION_RE = re.compile(
    r"\b(?:not|no\s+longer|never|isn't|aren't|doesn't|don't|disappears?|(?:is|be)\s+gone|"
    r"(?:is|be)\s+absent|(?:is|be)\s+hidden|(?:is|be|was|been)\s+(?:removed|deleted))\b",
    re.IGNORECASE,
)


_PREDICATE_RE = re.compile(
    r"\b(?:is|are)\s+(?:not\s+)?(?:shown|visible|displayed|present|there|on\s+the\s+page|rendered)"
    r"|\b(?:appears?|shows?|exists?|disappears?)\b",
    re.IGNORECASE,
)


# The words a check that some text is (or is not) on the page may use besides the text: who
# sees it, what it is ("the 'Saved' message"), whether it is shown. Any other word says more
# than presence ("should be the first product", "should be greater than '$20'", "should be
# blue", "the cart shows 'Tote Bag' twice"): no text check, whatever the words beside it. One
# list for steps and for check-less assertions (engine.grammar.quotes_say_everything).
_PRESENCE_TEXT = """
    a an and the text message messages banner notice label heading title words word link
    tooltip popover hint caption snackbar
    button item items product entry row option value name body app site
    success error errors warning confirmation info alert toast notification status
    is are was be being been should must will would shall can could does do did
    appears appear appeared shows show shown showing visible displayed present there on in
    page screen rendered reads read says say see sees seen user users shopper i we you it
    displays display exist exists contain contains include includes mention mentions have has
    listed up still now somewhere both all each also that this if whether
    not no never longer isn't aren't doesn't don't won't disappears disappear disappeared
    gone absent hidden removed deleted anymore any anywhere either nor or of
    verify check assert confirm ensure expect make sure
"""
PRESENCE_WORDS = frozenset(_PRESENCE_TEXT.split())
# Where on the page a step looks ("… on this page"): the text is looked for on the whole page
# (a region's words are a claim: engine.grammar_checks). A place in an order ("in the first
# position", "at the top") says more than presence.
_WHERE_RE = re.compile(
    r"\s+(?:in|on|inside|within|under|from|at)\s+(?:the|this|my|your|our)\s+(?!(?:first|second|"
    r"third|fourth|fifth|last|top|bottom|\d+(?:st|nd|rd|th)|correct|right|wrong|same|expected|"
    r"proper)\b)[\w\s-]+$",
    re.IGNORECASE,
)


def says_only_presence(unquoted: str) -> bool:
    """Whether the words beside a check's quoted text say only that it is (not) shown."""
    words = re.findall(r"[a-z0-9']+", unquoted.casefold())
    return all(word in PRESENCE_WORDS for word in words)


def rule_assert(t: Text) -> Intent | None:
    match = _ASSERT_RE.match(t.text)
    if match:
        body = match.group("body")
    elif MODAL_RE.search(t.text) or SEEN_RE.match(t.text):
        body = t.text
    else:
        return None
    if (
        len(t.quoted) != 1
        or not t.has_quoted(body)
        or not says_only_presence(_WHERE_RE.sub("", PLACEHOLDER_RE.sub(" ", body)))
    ):
        return None
    verb = t.text.split(" ", 1)[0].lower()
    # "Check 'Gift wrap'" ticks a box and "Confirm 'Delete'" clicks; they assert only with "that"
    # or a predicate ("is shown").
    if verb in ("check", "confirm") and not (
        re.match(r"^\S+\s+(?:that|if|whether)\b", t.text, re.IGNORECASE)
        or _PREDICATE_RE.search(PLACEHOLDER_RE.sub(" ", body))
    ):
        return None
    kind: IntentKind = "assert_absent" if NEGATION_RE.search(body) else "assert_text"
    return Intent(kind, value=t.quoted[0])


_WAIT_TIME_RE = re.compile(
    r"^wait(?:\s+for)?\s+(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>ms|milliseconds?|s|secs?|seconds?|"
    r"minutes?|mins?)$",
    re.IGNORECASE,
)
_WAIT_LOAD_RE = re.compile(
    r"^wait\s+(?:for|until)\s+(?:the\s+)?page\s+(?:to\s+)?(?:load|finish\s+loading|loads|"
    r"is\s+loaded|has\s+loaded|(?:is|be)\s+ready|(?:is\s+|be\s+|has\s+)?fully\s+loaded)$",
    re.IGNORECASE,
)
# "Wait for the 'Loading' text to disappear": the words, called so.
_WORDS_NOUN_RE = re.compile(
    r"^(?:the\s+)?(\x00\d+\x00)\s+(?:text|message|label|words|banner|notice)$",
    re.IGNORECASE,
)
# "Wait for the URL to contain '/done'", "Wait for the title to be 'Inbox'": the claim, read
# until it holds (before: the model's).
_WAIT_URL_RE = re.compile(
    r"^wait\s+(?:for\s+|until\s+)?(?:the\s+)?(?:page\s+|current\s+|browser\s+)?"
    r"(?P<what>url|address|location|title)\s+to\s+(?P<verb>contain|include|be|become|equal|"
    r"change\s+to|end\s+with|match)\s+(?P<q>\x00\d+\x00)$",
    re.IGNORECASE,
)
# "Wait for network idle", "Wait until all requests have finished": no request in flight
# (before: the words "network idle" waited for as text).
_WAIT_NETWORK_RE = re.compile(
    r"^wait\s+(?:for|until)\s+(?:the\s+)?(?:(?:network|xhr|ajax)\s+(?:to\s+(?:be|become)\s+|is\s+)?"
    r"(?:idle|quiet|settled?)|(?:all\s+)?(?:the\s+)?(?:network\s+|pending\s+|api\s+|ajax\s+|xhr\s+)?"
    r"(?:requests?|calls?|network\s+activity)\s+(?:to\s+)?(?:have\s+)?(?:finish(?:ed|es)?|"
    r"complete[sd]?|(?:are|is)\s+(?:done|finished|complete)|settle[sd]?|stop(?:s|ped)?))$",
    re.IGNORECASE,
)
# "Wait for the spinner to disappear", "Wait until loading is done", "Wait for the loading
# indicator to go away": what shows the page is busy, whatever it says.
_WAIT_IDLE_RE = re.compile(
    r"^wait\s+(?:for|until)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:page\s+|data\s+)?(?:loading|spinners?|"
    r"loaders?|loading\s+(?:indicators?|spinners?|messages?|overlays?|bars?|screens?|states?|"
    r"animations?)|progress\s+(?:bars?|indicators?)|skeletons?|busy\s+indicators?)\s+(?:to\s+)?"
    r"(?:disappears?|(?:is|are)\s+gone|goes\s+away|go\s+away|vanish(?:es)?|(?:is|are)\s+hidden|"
    r"be\s+hidden|finish(?:es)?|(?:is|are)\s+(?:done|finished|complete|over)|stops?|ends?|"
    r"completes?)$",
    re.IGNORECASE,
)
_WAIT_GONE_RE = re.compile(
    r"^wait\s+(?:for|until)\s+(?P<text>.+?)\s+(?:to\s+)?(?:disappears?|is\s+gone|goes\s+away|"
    r"vanish(?:es)?|is\s+hidden|be\s+hidden|to\s+go\s+away)$",
    re.IGNORECASE,
)
_WAIT_TEXT_RE = re.compile(
    r"^wait\s+(?:for|until)\s+(?:the\s+text\s+)?(?P<text>.+?)(?:\s+to\s+(?:appear|be\s+(?:visible|"
    r"shown|displayed)|show\s+up|load)|\s+(?:appears|is\s+(?:visible|shown|displayed)|shows\s+up|"
    r"loads))?$",
    re.IGNORECASE,
)

# "Wait for the products to load", "Wait until the search results appear", "Wait for the table
# to be populated": things a page lists, plural or a list's own word.
_WAIT_ITEMS_RE = re.compile(
    r"^wait\s+(?:for|until)\s+(?:the\s+|all\s+(?:the\s+)?|some\s+)?(?P<noun>[a-z][a-z\s-]*?)\s+"
    r"(?:to\s+(?:(?:finish\s+)?load(?:ing)?|appear|show(?:\s+up)?|render|populate|be\s+(?:loaded|"
    r"shown|visible|displayed|listed|rendered|populated))|(?:has|have)\s+(?:loaded|appeared|"
    r"rendered)|(?:is|are)\s+(?:loaded|shown|visible|displayed|listed|rendered|populated)|"
    r"loads?|appears?)$",
    re.IGNORECASE,
)
_WAIT_LISTED_RE = re.compile(
    r"^wait\s+for\s+(?:the\s+|all\s+(?:the\s+)?|some\s+)(?P<noun>[a-z][a-z\s-]*?)$",
    re.IGNORECASE,
)
_LIST_WORDS = frozenset(
    {
        "list",
        "table",
        "grid",
        "feed",
        "gallery",
        "catalog",
        "catalogue",
        "inbox",
        "timeline",
    }
)


def _items_claim(noun: str) -> str | None:
    """The count claim a wait for things listed makes: at least one of them is shown."""
    words = noun.lower().split()
    last = words[-1] if words else ""
    if last in _LIST_WORDS:
        return f"The {noun} has at least 1 item"
    if last.endswith("s") and not last.endswith("ss") and last != "page":
        return f"There are at least 1 {noun}"
    return None


# A page named by what it is ("Wait for the dashboard to load", "Wait until the checkout page
# is shown"): the browser is on it, as "I should be on the checkout page" reads (its path,
# title or main heading). Other single things ("the map", "the chart") name no page.
_PAGE_NOUN_RE = re.compile(
    r"^(?:(?P<name>[a-z][a-z\s-]*?)\s+(?:page|screen)|(?P<board>(?:[a-z]+\s+)?dashboard|home\s*page))$",
    re.IGNORECASE,
)


def _page_loaded_claim(noun: str) -> str | None:
    match = _PAGE_NOUN_RE.match(noun.strip())
    if match is None:
        return None
    name = match.group("name") or match.group("board")
    return f"I should be on the {name} page"


# "Take a screenshot", "Capture a full-page screenshot named 'cart'", "Save a screenshot of the
# page as checkout".
_SCREENSHOT_RE = re.compile(
    r"^(?:take|capture|grab|save|make)\s+(?:a\s+|the\s+|another\s+)?(?:full[\s-]page\s+)?"
    r"screen\s*shot(?:\s+of\s+(?:the\s+)?(?:whole\s+|full\s+|entire\s+)?(?:page|screen))?"
    r"(?:\s+(?:named|called|as)\s+(?P<name>.+))?$",
    re.IGNORECASE,
)


def rule_screenshot(t: Text) -> Intent | None:
    """ "Take a screenshot": a shot of the page kept with the run's evidence (even when only
    failures keep theirs), named as the step says when it does."""
    match = _SCREENSHOT_RE.match(t.text)
    if not match:
        return None
    name = match.group("name")
    return Intent("screenshot", value=value_of(t, name) if name else None)


_WAIT_BOUND_RE = re.compile(
    r"\s+(?:for\s+)?(?:up\s+to|at\s+most|within)\s+(?P<n>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>ms|milliseconds?|s|secs?|seconds?|minutes?|mins?)\b",
    re.IGNORECASE,
)


def _milliseconds(amount: str, unit: str) -> int:
    unit = unit.lower()
    if unit.startswith("min"):
        return round(float(amount) * 60000)
    if unit.startswith("m"):
        return round(float(amount))
    return round(float(amount) * 1000)


# "Check that the page loaded", "Make sure the page has finished loading": its load awaited.
_LOADED_CHECK_RE = re.compile(
    r"^(?:check|verify|ensure|confirm|make\s+sure)\s+(?:that\s+)?the\s+page\s+(?:has\s+)?"
    r"(?:loaded|is\s+loaded|(?:has\s+)?finished\s+loading|is\s+done\s+loading)$",
    re.IGNORECASE,
)


# "The spinner should disappear", "The loading indicator should go away": said as a check, the
# wait for it (before: the model's).
_BUSY_GOES_RE = re.compile(
    r"^(?P<what>(?:the\s+)?.+?)\s+(?:should|must|will|shall)\s+(?:eventually\s+)?"
    r"(?P<verb>disappear|go\s+away|vanish|be\s+gone|be\s+hidden|finish|stop|end|complete)$",
    re.IGNORECASE,
)


def rule_wait(t: Text) -> Intent | None:
    text = t.text
    if _LOADED_CHECK_RE.match(text):
        return Intent("wait_load")
    busy = _BUSY_GOES_RE.match(text)
    if busy and _WAIT_IDLE_RE.match(f"wait for {busy.group('what')} to disappear"):
        return Intent("wait_idle")
    if not re.match(r"^wait\b", text, re.IGNORECASE):
        return None
    bound = _WAIT_BOUND_RE.search(text)
    if bound is None:
        return _wait_intent(t, text)
    rest = (text[: bound.start()] + text[bound.end() :]).strip()
    intent = _wait_intent(t, rest)
    if intent is None or intent.kind not in (
        "wait_text",
        "wait_gone",
        "wait_load",
        "wait_idle",
        "assert_state",
    ):
        return None
    return replace(
        intent, timeout_ms=_milliseconds(bound.group("n"), bound.group("unit"))
    )


# "Wait two seconds", "Wait half a second", "Wait a few seconds", "Wait a moment": the time in
# words (before: "two seconds" waited for as text, the rest a control called so).
_WAIT_WORDS_RE = re.compile(
    r"^wait(?:\s+for)?\s+(?P<n>[a-z]+|half\s+an?|an?\s+few|an?\s+couple(?:\s+of)?|couple\s+of)"
    r"\s+(?P<unit>seconds?|secs?|minutes?|mins?)$",
    re.IGNORECASE,
)
_WAIT_MOMENT_RE = re.compile(
    r"^wait(?:\s+for)?\s+a\s+(?:moment|bit|little(?:\s+bit)?|short\s+while|sec)$",
    re.IGNORECASE,
)
_SAID_AMOUNTS = {
    "a": 1.0,
    "an": 1.0,
    "few": 3.0,
    "couple": 2.0,
    "half": 0.5,
    "some": 3.0,
    "several": 3.0,
}


def _said_amount(words: str) -> float | None:
    said = words.lower().split()
    if len(said) == 1:
        one = said[0]
        return (
            float(NUMBER_WORDS[one]) if one in NUMBER_WORDS else _SAID_AMOUNTS.get(one)
        )
    key = "half" if said[0] == "half" else said[1]
    return _SAID_AMOUNTS.get(key)


def _wait_intent(t: Text, text: str) -> Intent | None:
    if _WAIT_MOMENT_RE.match(text):
        return Intent("wait_time", value="1000")
    in_words = _WAIT_WORDS_RE.match(text)
    amount_said = _said_amount(in_words.group("n")) if in_words else None
    if in_words and amount_said is not None:
        per = 60000.0 if in_words.group("unit").lower().startswith("min") else 1000.0
        return Intent("wait_time", value=str(round(amount_said * per)))
    match = _WAIT_TIME_RE.match(text)
    if match:
        amount = float(match.group("n"))
        unit = match.group("unit").lower()
        factor = 1.0 if unit.startswith("m") and not unit.startswith("min") else 1000.0
        if unit.startswith("min"):
            factor = 60000.0
        return Intent("wait_time", value=str(round(amount * factor)))
    if _WAIT_LOAD_RE.match(text):
        return Intent("wait_load")
    if _WAIT_NETWORK_RE.match(text):
        return Intent("wait_load", value="network")
    if _WAIT_IDLE_RE.match(text):
        return Intent("wait_idle")
    match = _WAIT_GONE_RE.match(text)
    if match:
        # "Wait for the 'Loading' text to disappear" is "Wait for 'Loading' to disappear".
        words = _WORDS_NOUN_RE.sub(r"\1", match.group("text").strip())
        if t.is_single_quoted(words):
            return Intent("wait_gone", value=t.restore(words))
    url = _WAIT_URL_RE.match(text)
    if url:
        verb = url.group("verb").lower()
        said = "is" if verb in ("be", "become", "change to", "equal") else "contains"
        what = "title" if url.group("what").lower() == "title" else "URL"
        return Intent(
            "assert_state",
            value=f"The {what} {said} {quote(t.restore(url.group('q')))}",
        )
    match = _WAIT_ITEMS_RE.match(text)
    claim = _items_claim(match.group("noun")) if match else None
    if match and claim is None:
        claim = _page_loaded_claim(match.group("noun"))
    listed = _WAIT_LISTED_RE.match(text) if match is None else None
    if listed and len(listed.group("noun").split()) <= 3:
        # "Wait for the results" is "Wait for the results to appear", "Wait for the dashboard"
        # "… to load".
        noun = listed.group("noun")
        claim = _items_claim(noun) or _page_loaded_claim(noun)
    if claim is not None:
        # Decided as the count claim is (engine.claims): the items, by their names.
        return Intent("assert_state", value=claim)
    match = _WAIT_TEXT_RE.match(text)
    if match:
        # "Wait for the 'Saved' message" is "Wait for 'Saved'" (before: the model's).
        body = _WORDS_NOUN_RE.sub(r"\1", match.group("text").strip())
        # Unquoted "the products" is a description, not text on the page: leave it to the model.
        if t.is_single_quoted(body) or not re.match(
            r"^(?:the|a|an|some|all)\b", body, re.I
        ):
            return Intent("wait_text", value=t.restore(body))
    claim = _awaited_claim(t, text)
    if claim is not None:
        return Intent("assert_state", value=claim)
    return None


# "Wait until the 'Save' button is enabled", "Wait for the 'Submit' button to become enabled",
# "Wait for the modal to close": the claim, read until it holds (engine.claims).
_WAIT_UNTIL_RE = re.compile(r"^wait\s+(?:until|till)\s+(?P<claim>.+)$", re.IGNORECASE)
_WAIT_TO_RE = re.compile(
    r"^wait\s+(?:for\s+)?(?P<subject>(?:the|a|an|no)\s+.+?|\x00\d+\x00)\s+to\s+"
    r"(?:(?:become|be|get|turn)\s+(?P<state>[a-z]+)|(?P<event>appear|show\s+up|disappear|"
    r"go\s+away|vanish|close|open))$",
    re.IGNORECASE,
)
_EVENT_STATE = {
    "appear": "visible",
    "show up": "visible",
    "disappear": "hidden",
    "go away": "hidden",
    "vanish": "hidden",
    "close": "closed",
    "open": "open",
}


# "Wait for the success message", "Wait for the toast", "Wait for the dialog": one shown.
_WAIT_FOR_SHOWN_RE = re.compile(
    r"^wait\s+for\s+(?P<subject>(?:the|a|an)\s+.+)$", re.IGNORECASE
)
_SHOWN_KINDS = frozenset({"notice", "dialog", "success", "error", "warning", "info"})


def _awaited_claim(t: Text, text: str) -> str | None:
    until = _WAIT_UNTIL_RE.match(text)
    to = _WAIT_TO_RE.match(text) if until is None else None
    shown = _WAIT_FOR_SHOWN_RE.match(text) if until is to is None else None
    if until is not None:
        said = until.group("claim")
    elif to is not None:
        event = to.group("event")
        state = to.group("state") or _EVENT_STATE[re.sub(r"\s+", " ", event.lower())]
        said = f"{to.group('subject')} is {state}"
    elif shown is not None:
        said = f"{shown.group('subject')} is shown"
    else:
        return None
    claim = PLACEHOLDER_RE.sub(lambda m: quote(t.quoted[int(m.group(1))]), said)
    parsed = parse_claim(claim)
    if parsed is None or (shown is not None and parsed.kind not in _SHOWN_KINDS):
        return None
    return claim


_SCROLL_EDGE_RE = re.compile(
    r"^scroll(?:\s+(?:down|up))?(?:\s+all\s+the\s+way)?\s+to\s+the\s+(?P<edge>bottom|top|end|start)"
    r"(?:\s+of\s+the\s+page)?$",
    re.IGNORECASE,
)
_SCROLL_DIR_RE = re.compile(
    r"^scroll(?:\s+the\s+page)?(?:\s+(?P<dir>down|up))?(?:\s+(?:the\s+page|a\s+bit|a\s+little|"
    r"once|some|more|further))?$",
    re.IGNORECASE,
)
_SCROLL_TO_RE = re.compile(
    r"^scroll(?:\s+(?:down|up))?(?:\s+the\s+page)?\s+(?:to|until)\s+(?:you\s+see\s+)?(?P<target>.+?)"
    r"(?:\s+(?:is\s+visible|appears|is\s+shown))?$",
    re.IGNORECASE,
)
_SCROLL_INTO_VIEW_RE = re.compile(
    r"^scroll\s+(?P<target>.+?)\s+into\s+view$", re.IGNORECASE
)


def rule_scroll(t: Text) -> Intent | None:
    text = t.text
    match = _SCROLL_EDGE_RE.match(text)
    if match:
        edge = match.group("edge").lower()
        return Intent("scroll", value="bottom" if edge in ("bottom", "end") else "top")
    match = _SCROLL_DIR_RE.match(text)
    if match:
        return Intent("scroll", value=(match.group("dir") or "down").lower())
    match = _SCROLL_INTO_VIEW_RE.match(text) or _SCROLL_TO_RE.match(text)
    if match:
        target, role = target_of(t, match.group("target"))
        return Intent("scroll_to", target=target, role=role)
    return None


# "Go back twice", "Go back 2 pages", "Navigate forward three steps": the browser's history, so
# many times (before: a link called "back twice").
_HISTORY_RE = re.compile(
    r"(?:go|navigate)\s+(?P<way>back|forward)(?:\s+(?:(?P<twice>once|twice|thrice)|"
    r"(?P<n>[1-9]|one|two|three|four|five)\s+(?:times|pages|steps))|\s+to\s+the\s+previous\s+"
    r"page)?|back",
    re.IGNORECASE,
)
_TIMES = {"once": 1, "twice": 2, "thrice": 3, **NUMBER_WORDS}


def rule_history(t: Text) -> Intent | None:
    text = t.text.lower()
    match = _HISTORY_RE.fullmatch(text)
    if match:
        said = match.group("twice") or match.group("n") or "1"
        times = _TIMES[said] if said in _TIMES else int(said)
        value = str(times) if times > 1 else None
        if match.group("way") == "forward":
            return Intent("forward", value=value)
        return Intent("back", value=value)
    if re.fullmatch(r"(?:reload|refresh)(?:\s+the)?(?:\s+(?:page|browser))?", text):
        return Intent("reload")
    return None


_GOTO_RE = re.compile(
    r"^(?:open(?:\s+up)?|go\s+to|goto|visit|navigate\s+to|browse\s+to|load|head\s+(?:over\s+)?to|"
    r"go)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_PAGE_SUFFIX_RE = re.compile(
    r"\s+(?:page|screen|view|section|tab|area|menu|link)$", re.IGNORECASE
)


# "Resize the window to 375x667", "Set the viewport to 1280 x 720", "Resize the browser to
# tablet size": the page's viewport (before: a field called "viewport" filled, or a control
# called so). The named sizes are the common portrait phone and tablet and the run's default.
_VIEWPORT_RE = re.compile(
    r"^(?:resize|set|change|switch)\s+(?:the\s+)?(?:browser(?:\s+window)?|window|viewport|screen"
    r"(?:\s+size)?|browser\s+size|window\s+size|viewport\s+size)\s+(?:size\s+)?to\s+(?:an?\s+)?"
    r"(?:(?P<w>\d{3,4})\s*[x\u00d7*]\s*(?P<h>\d{3,4})(?:\s*(?:px|pixels))?|(?P<named>mobile|phone|"
    r"tablet|desktop)(?:\s+(?:size|view|width|viewport|screen))?)$",
    re.IGNORECASE,
)
_NAMED_VIEWPORTS = {
    "mobile": "375x667",
    "phone": "375x667",
    "tablet": "768x1024",
    "desktop": "1280x800",
}


def rule_viewport(t: Text) -> Intent | None:
    match = _VIEWPORT_RE.match(t.text)
    if not match:
        return None
    if match.group("named"):
        return Intent("viewport", value=_NAMED_VIEWPORTS[match.group("named").lower()])
    return Intent("viewport", value=f"{int(match.group('w'))}x{int(match.group('h'))}")


def rule_goto(t: Text) -> Intent | None:
    match = _GOTO_RE.match(t.text)
    if not match:
        return None
    rest = match.group("rest").strip()
    restored = t.restore(rest)
    dest = _DEST_RE.search(restored)
    if dest:
        leftover = (
            (restored[: dest.start()] + " " + restored[dest.end() :]).lower().split()
        )
        if all(word in _DEST_FILLER for word in leftover):
            return Intent("goto", value=dest.group(1))
    if _HOME_WORDS.match(restored):
        return Intent("goto", value="/")
    if re.match(r"^(?:back|forward)$", rest, re.IGNORECASE):
        return None
    phrase = ARTICLE_RE.sub("", rest)
    placed_tab = re.fullmatch(r"(\S+)\s+tab", phrase.strip(), re.IGNORECASE)
    if placed_tab and placed_tab.group(1).lower() in ORDINALS:
        # "Go to the second tab": the page's second tab (before: a link called "second").
        return Intent("click", role="tab", nth=ORDINALS[placed_tab.group(1).lower()])
    phrase = _PAGE_SUFFIX_RE.sub("", phrase).strip()
    if not phrase:
        return None
    return Intent("open_link", target=t.restore(phrase))


_PRESS_RE = re.compile(
    r"^(?:press|hit|tap|push|send|type)\s+(?:the\s+)?(?P<key>.+?)(?:\s+key)?"
    # "Press Tab twice", "Press the Down key 3 times": so many times.
    r"(?:\s+(?:(?P<twice>once|twice|thrice)|(?P<n>[2-9]|two|three|four|five)\s+times))?"
    r"(?:\s+(?:in|on|into|inside|within)\s+(?P<target>.+?))?"
    # "Press Escape to close the modal": what the key is for names nothing to press it in.
    r"(?:\s+(?:to|so\s+as\s+to|in\s+order\s+to)\s+(?P<purpose>[^\x00]+))?$",
    re.IGNORECASE,
)


# "Blur the email field", "Tab out of 'Email'", "Click away from the 'Email' field": the focus
# taken out of the field as a person takes it, with Tab, so its blur and change handlers run
# (before: the model's, or a textbox called "away from the Email").
_BLUR_RE = re.compile(
    r"^(?:blur|unfocus|defocus|tab\s+(?:out\s+of|away\s+from)|move\s+(?:out\s+of|away\s+"
    r"from)|click\s+(?:away\s+from|outside(?:\s+of)?))\s+(?P<field>.+)$",
    re.IGNORECASE,
)


def rule_blur(t: Text) -> Intent | None:
    match = _BLUR_RE.match(t.text)
    if match is None:
        return None
    field = match.group("field")
    target, role = target_of(t, field)
    if not target or not (role == "textbox" or t.has_quoted(field)):
        return None  # "Click outside the modal", "Leave the page": not a field
    return Intent("press", target=target, value="Tab", role=role)


def rule_press(t: Text) -> Intent | None:
    match = _PRESS_RE.match(t.text)
    if not match:
        return None
    key = key_of(t.restore(match.group("key")))
    if key is None:
        return None
    said = match.group("twice") or match.group("n") or "1"
    times = _TIMES[said.lower()] if said.lower() in _TIMES else int(said)
    if times > 1:
        key = f"{key}*{times}"
    target_fragment = match.group("target")
    if target_fragment is None:
        return Intent("press", value=key)
    target, role = target_of(t, target_fragment)
    return Intent("press", target=target, value=key, role=role)


_UPLOAD_RE = re.compile(
    r"^(?:upload|attach)\s+(?:the\s+file\s+|file\s+)?(?P<path>.+?)(?:\s+(?:to|into|in|as|for|using|"
    r"via|with)\s+(?P<field>.+))?$",
    re.IGNORECASE,
)
# "Choose a file 'report.pdf'", "Select the file 'a.png' to upload": a file picked is a file
# uploaded (before: an option called "file report.pdf").
_PICK_FILE_RE = re.compile(
    r"^(?:(?:choose|pick)\s+(?:a\s+|the\s+)?file\s+(?P<path>\x00\d+\x00|\$\{[^}]+\})"
    r"(?:\s+to\s+upload)?|select\s+(?:a\s+|the\s+)?file\s+(?P<chosen>\x00\d+\x00|\$\{[^}]+\})"
    r"\s+to\s+upload)(?:\s+(?:for|into|as|with)\s+(?P<field>.+))?$",
    re.IGNORECASE,
)


def rule_upload(t: Text) -> Intent | None:
    match = _PICK_FILE_RE.match(t.text) or _UPLOAD_RE.match(t.text)
    if not match:
        return None
    path = t.restore(match.group("path") or match.groupdict().get("chosen") or "")
    if not (_FILE_LIKE.search(path) or VAR_TOKEN_RE.match(path)):
        return None
    field = match.group("field")
    if field is None:
        return Intent("upload", value=path)
    target, role = target_of(t, field)
    return Intent("upload", target=target, value=path, role=role)
