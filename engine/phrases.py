"""The grammar's lexicon: quoting, role words, keys, targets and row scopes in step text."""

from __future__ import annotations

import re

from engine.normalize import collapse_spaces, normalize, unify_quotes

_PLACEHOLDER = "\x00{}\x00"
PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")
# An opening quote not glued to a word, a lazy body, a closing quote not glued to a word: this keeps
# apostrophes ("Don't ask again") inside the quoted text.
_QUOTED_RE = re.compile(r"(?<!\w)(['\"])(.+?)\1(?!\w)")
VAR_TOKEN_RE = re.compile(r"^\$\{[A-Za-z_][\w.-]*\}$")
# "Next" and "first" before a noun are no filler: "Next page", "First slide" name a control.
_NOT_AFTER_ORDER = r"(?!\s+(?:page|tab|slide|image|photo|picture|month|year|week|step|item|result)s?\b)"
_LEADING_FILLER = re.compile(
    rf"^(?:(?:then|and|now|next{_NOT_AFTER_ORDER}|finally|first{_NOT_AFTER_ORDER}|lastly|also|please"
    r"|after that|and then)[,:]?\s+)+",
    re.IGNORECASE,
)

# A scenario's step said of someone ("When I click 'Save'", "And the user enters 'x' in 'Email'"):
# the same step as an order. Only before a verb of what a user does, so "I see 'X'", "The user is
# signed in" and "I should …" stay the checks they are.
_ACTION_VERBS = frozenset(
    [
        "accept",
        "add",
        "apply",
        "attach",
        "blur",
        "browse",
        "buy",
        "change",
        "check",
        "choose",
        "clear",
        "click",
        "close",
        "collapse",
        "confirm",
        "continue",
        "copy",
        "decline",
        "decrease",
        "delete",
        "dismiss",
        "double-click",
        "drag",
        "drop",
        "edit",
        "empty",
        "ensure",
        "enter",
        "expand",
        "expect",
        "fill",
        "filter",
        "focus",
        "follow",
        "go",
        "hit",
        "hover",
        "increase",
        "input",
        "log",
        "login",
        "logout",
        "make",
        "move",
        "navigate",
        "open",
        "paste",
        "pick",
        "press",
        "proceed",
        "purchase",
        "refresh",
        "register",
        "reject",
        "reload",
        "remove",
        "return",
        "right-click",
        "save",
        "scroll",
        "search",
        "select",
        "set",
        "sign",
        "slide",
        "sort",
        "submit",
        "swipe",
        "switch",
        "tab",
        "tap",
        "tick",
        "toggle",
        "type",
        "uncheck",
        "untick",
        "update",
        "upload",
        "verify",
        "visit",
        "wait",
    ]
)


def _third_person(verb: str) -> str:
    if verb == "go":
        return "goes"
    if re.search(r"(?:s|sh|ch|x|z)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


_BASE_OF = {_third_person(verb): verb for verb in _ACTION_VERBS}
_SOMEONE = r"(?:the\s+|a\s+)?(?:user|customer|visitor|shopper|admin|administrator|buyer)|he|she"
_SUBJECT_RE = re.compile(
    rf"^(?P<kw>(?:given|when|but)\s+)?(?:(?P<first>i|we|you|they)|(?P<third>{_SOMEONE}))\s+"
    r"(?P<verb>[a-z]+(?:-[a-z]+)?)\b",
    re.IGNORECASE,
)
_AND_THEN_RE = re.compile(
    r"(\s(?:and\s+then|and|then)\s+)([a-z]+(?:-[a-z]+)?)\b(?=(?:[^'\"]*['\"][^'\"]*['\"])*[^'\"]*$)",
    re.IGNORECASE,
)
# "I double click", "The user right clicks": one verb, as "double-click" is.
_TWO_WORD_CLICK_RE = re.compile(
    rf"^((?:(?:given|when|but)\s+)?(?:i|we|you|they|{_SOMEONE})\s+(?:double|right))\s+click(s)?\b",
    re.IGNORECASE,
)
# "Given I am on the login page" sets the scene (go there); said later it is a check.
_ON_PAGE_RE = re.compile(
    rf"^(?P<kw>(?:given|when|but)\s+)?(?:i\s+am|i'm|we\s+are|we're|(?:{_SOMEONE})\s+is)\s+"
    r"(?:now\s+|still\s+)?on\s+(?P<page>.+)$",
    re.IGNORECASE,
)


_STATED_RE = re.compile(
    r"^(?:given|but)\s+(?=(?:the|a|an|no|my|your|all|every|each)\s)", re.IGNORECASE
)


def as_order(text: str) -> str:
    """A step said of someone ("I click 'Save'", "The user enters …") as the order it means."""
    text = _TWO_WORD_CLICK_RE.sub(
        lambda m: f"{m.group(1)}-click{m.group(2) or ''}", text
    )
    on_page = _ON_PAGE_RE.match(text)
    if on_page:
        page = on_page.group("page")
        if (on_page.group("kw") or "").strip().lower() in ("given", "when"):
            return f"Go to {page}"
        return f"I should be on {page}"
    match = _SUBJECT_RE.match(text)
    if match is None:
        # "Given the cart is empty", "But the 'Save' button is disabled": what is stated.
        stated = _STATED_RE.match(text)
        return text[stated.end() :] if stated else text
    verb = match.group("verb").lower()
    if match.group("first"):
        base = verb if verb in _ACTION_VERBS else None
    else:
        base = _BASE_OF.get(verb)
    rest = text[match.end() :]
    if base is not None and match.group("kw") and not rest.strip():
        return base[0].upper() + base[1:]  # "When I reload"
    if base is None and match.group("kw"):
        # "Given I am logged in": what is said of someone, checked ("Given" is no control's).
        return text[match.end("kw") :]
    if base is None or not rest.strip():
        return text  # "I accept" alone may be the button called so
    if not match.group("first"):
        # "… and presses Enter": the verbs after the first are said of the same someone.
        rest = _AND_THEN_RE.sub(
            lambda m: m.group(1) + _BASE_OF.get(m.group(2).lower(), m.group(2)), rest
        )
    return base[0].upper() + base[1:] + rest


ROLE_WORDS: dict[str, str | None] = {
    "radio button": "radio",
    "check box": "checkbox",
    "text box": "textbox",
    "text field": "textbox",
    "input field": "textbox",
    "menu item": "menuitem",
    "drop-down": "combobox",
    "drop down": "combobox",
    "select box": "combobox",
    "button": "button",
    "btn": "button",
    "icon": None,
    "link": "link",
    "hyperlink": "link",
    "checkbox": "checkbox",
    "tickbox": "checkbox",
    "box": None,
    "radio": "radio",
    "option": "option",
    "tab": "tab",
    "field": "textbox",
    "input": "textbox",
    "textbox": "textbox",
    "dropdown": "combobox",
    "select": "combobox",
    "toggle": "switch",
    "switch": "switch",
    "menu": None,
    "area": None,
    # "the 'Name' column header": the header called so (a sortable one's button).
    "column header": None,
    "column heading": None,
}
_ROLE_SUFFIX_RE = re.compile(
    r"\s+("
    + "|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True))
    + r")$",
    re.IGNORECASE,
)
_ROLE_PREFIX_RE = re.compile(
    r"^("
    + "|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True))
    + r")\s+"
    r"(?:labell?ed\s+|called\s+|named\s+|saying\s+|with\s+(?:the\s+)?(?:text|label)\s+)?(?=\x00)",
    re.IGNORECASE,
)
ARTICLE_RE = re.compile(
    r"^(?:on\s+|onto\s+|at\s+)?(?:the|a|an|my|your|their|his|her|our)\s+", re.IGNORECASE
)
_ON_RE = re.compile(r"^(?:on|onto|at)\s+", re.IGNORECASE)

KEYS: dict[str, str] = {
    "enter": "Enter",
    "return": "Enter",
    "tab": "Tab",
    "escape": "Escape",
    "esc": "Escape",
    "space": "Space",
    "spacebar": "Space",
    "space bar": "Space",
    "backspace": "Backspace",
    "delete": "Delete",
    "del": "Delete",
    "home": "Home",
    "end": "End",
    "page up": "PageUp",
    "pageup": "PageUp",
    "page down": "PageDown",
    "pagedown": "PageDown",
    "arrow up": "ArrowUp",
    "up arrow": "ArrowUp",
    "arrowup": "ArrowUp",
    "arrow down": "ArrowDown",
    "down arrow": "ArrowDown",
    "arrowdown": "ArrowDown",
    "arrow left": "ArrowLeft",
    "left arrow": "ArrowLeft",
    "arrowleft": "ArrowLeft",
    "arrow right": "ArrowRight",
    "right arrow": "ArrowRight",
    "arrowright": "ArrowRight",
}
_MODIFIERS = {
    "ctrl": "Control",
    "control": "Control",
    "shift": "Shift",
    "alt": "Alt",
    "option": "Alt",
    "meta": "Meta",
    "cmd": "Meta",
    "command": "Meta",
}
_COMBO_RE = re.compile(
    r"^((?:(?:ctrl|control|shift|alt|option|meta|cmd|command)\s*\+\s*)+)(\w+)$",
    re.IGNORECASE,
)


_SCOPE_ALWAYS = (
    r"next\s+to|beside|besides|alongside|in\s+the\s+same\s+row\s+as|"
    r"(?:in|on)\s+the\s+(?:row|line|entry|item|card|record)\s+(?:of|for|with|containing|"
    r"that\s+(?:contains|has|says|shows|mentions)|mentioning|showing|named|called)|in\s+row"
)
_SCOPE_QUOTED_ONLY = r"for|of|in|on|near|within|from|under"
_SCOPE_RE = re.compile(rf"\s+({_SCOPE_ALWAYS}|{_SCOPE_QUOTED_ONLY})\s+", re.IGNORECASE)
SCOPE_TAIL_RE = re.compile(
    r"\s+(?:row|line|item|entry|card|product|listing|tile|plan|tier|package|post|comment|"
    r"record|order|section|panel|banner|notice|alert|message|notification|toast)$",
    re.IGNORECASE,
)


# Numbers said in words ("two products", "in three days").
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def quote(words: str) -> str:
    """Words in the quotes a step would write them in: single, double where they hold a
    single one."""
    return f'"{words}"' if "'" in words and '"' not in words else f"'{words}'"


class Text:
    """A step with its quoted segments swapped for placeholders, so regexes see one token each."""

    def __init__(self, raw: str) -> None:
        text = collapse_spaces(unify_quotes(raw))
        text = text.rstrip(" .!;")
        text = as_order(_LEADING_FILLER.sub("", text))
        self.quoted: list[str] = []
        # As written: what is typed at the caret keeps its spaces (" and eggs" appends).
        self.verbatim: list[str] = []

        def protect(match: re.Match[str]) -> str:
            self.quoted.append(match.group(2).strip())
            self.verbatim.append(match.group(2))
            return _PLACEHOLDER.format(len(self.quoted) - 1)

        self.text = _QUOTED_RE.sub(protect, text)

    def restore(self, fragment: str) -> str:
        return collapse_spaces(
            PLACEHOLDER_RE.sub(lambda m: self.quoted[int(m.group(1))], fragment)
        )

    def as_typed(self, fragment: str) -> str:
        """A lone quoted fragment as written, spaces and all; else as `restore` reads it."""
        if self.is_single_quoted(fragment):
            return self.verbatim[int(fragment.strip().strip("\x00"))]
        return self.restore(fragment)

    @staticmethod
    def is_single_quoted(fragment: str) -> bool:
        return bool(re.fullmatch(r"\x00\d+\x00", fragment.strip()))

    @staticmethod
    def has_quoted(fragment: str) -> bool:
        return "\x00" in fragment


# Where a person says the control is when a dialog is open; a modal dialog's controls win
# anyway (engine.grounding), so the words only need to go.
_IN_DIALOG_RE = re.compile(
    r"\s+(?:in|on|inside|within|from)\s+the\s+(?:open\s+)?(?:dialog(?:\s+box)?|modal"
    r"(?:\s+(?:dialog|window))?|pop-?up(?:\s+window)?|overlay|confirmation(?:\s+dialog)?)$",
    re.IGNORECASE,
)


def target_of(t: Text, fragment: str) -> tuple[str, str | None]:
    """A target phrase without articles and role words: ("the 'X' button") → ("X", "button")."""
    phrase = _IN_DIALOG_RE.sub("", fragment.strip())
    phrase = _ON_RE.sub("", phrase)
    phrase = ARTICLE_RE.sub("", phrase)
    role: str | None = None
    prefix = _ROLE_PREFIX_RE.match(phrase)
    if prefix:
        role = ROLE_WORDS[prefix.group(1).lower()]
        phrase = phrase[prefix.end() :]
    if phrase.strip().lower() in ROLE_WORDS:
        # "the check box" is only a role, as "the checkbox" is (not a box called "check").
        bare = phrase.strip().lower()
        return "", ROLE_WORDS[bare] or ("checkbox" if bare == "box" else role)
    suffix = _ROLE_SUFFIX_RE.search(phrase)
    if suffix and phrase[: suffix.start()].strip():
        role = ROLE_WORDS[suffix.group(1).lower()] or role
        phrase = phrase[: suffix.start()]
    phrase = ARTICLE_RE.sub("", phrase.strip())
    bare = phrase.lower()
    if bare in ROLE_WORDS:
        # "the box next to 'X'": only a role, the row says which one.
        return "", ROLE_WORDS[bare] or ("checkbox" if bare == "box" else None)
    return t.restore(phrase), role


ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
    "seventh": 7,
    "7th": 7,
    "eighth": 8,
    "8th": 8,
    "ninth": 9,
    "9th": 9,
    "tenth": 10,
    "10th": 10,
    "last": -1,
}
_ORDINAL_RE = re.compile(
    r"^(?:on\s+|onto\s+|at\s+)?(?:the\s+)?("
    + "|".join(ORDINALS)
    + r")\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)


def ordinal_split(t: Text, fragment: str) -> tuple[str, int | None, str | None]:
    """ "the second 'Quantity' field" → ("'Quantity' field", 2, None); "the last checkbox" → -1.

    Before unquoted words the ordinal is only one reading: "the second Delete button" is the
    second Delete, but "the first name field" is the field called "First name". The third value
    is then the ordinal as written, so grounding can try the words with it first.
    """
    match = _ORDINAL_RE.match(fragment.strip())
    if not match:
        return fragment, None, None
    rest = match.group("rest")
    core = _ROLE_PREFIX_RE.sub("", rest.strip())
    suffix = _ROLE_SUFFIX_RE.search(core)
    if suffix and core[: suffix.start()].strip():
        core = core[: suffix.start()]
    core = core.strip()
    nth = ORDINALS[match.group(1).lower()]
    if t.is_single_quoted(core) or core.lower() in ROLE_WORDS:
        return rest, nth, None
    if not core or t.has_quoted(core):
        return fragment, None, None
    return rest, nth, match.group(1)


def scope_split(t: Text, fragment: str) -> tuple[str, str | None]:
    """Split "'Add to cart' next to 'Canvas Backpack'" into target and row text."""
    for match in _SCOPE_RE.finditer(fragment):
        left, right = fragment[: match.start()], fragment[match.end() :]
        connector = match.group(1).lower()
        always = not re.fullmatch(_SCOPE_QUOTED_ONLY, connector)
        right_clean = SCOPE_TAIL_RE.sub("", ARTICLE_RE.sub("", right.strip()))
        if not left.strip() or not right_clean:
            continue
        if always or t.is_single_quoted(right_clean):
            return left, t.restore(right_clean)
    return fragment, None


def loose_scope_split(t: Text, fragment: str) -> tuple[str, str] | None:
    """ "the edit button for Grace Hopper" → ("the edit button", "Grace Hopper"): a bare
    "for/of/in/..." before unquoted words, which `scope_split` leaves alone because the words
    may be one name ("Terms of service"). The last such connector splits; None when there is
    none, or the words after it hold a quoted name (then `scope_split` decides)."""
    found = None
    for match in _SCOPE_RE.finditer(fragment):
        if not re.fullmatch(_SCOPE_QUOTED_ONLY, match.group(1).lower()):
            continue
        if _IN_DIALOG_RE.fullmatch(fragment[match.start() :]):
            continue  # "in the dialog" says where, not which row
        left, right = fragment[: match.start()], fragment[match.end() :]
        right_clean = SCOPE_TAIL_RE.sub("", ARTICLE_RE.sub("", right.strip())).strip()
        if left.strip() and right_clean and not t.has_quoted(right_clean):
            found = (left, t.restore(right_clean))
    return found


_POSSESSIVE_RE = re.compile(r"^(?:the\s+)?(?P<owner>[^\x00']+?)'s\s+(?P<what>\S.*)$")


def possessive_split(t: Text, fragment: str) -> tuple[str, str] | None:
    """ "Ada Lovelace's role" → ("role", "Ada Lovelace"): the owner's words name the row, as
    "the role for Ada Lovelace" does; None without an unquoted possessive."""
    match = _POSSESSIVE_RE.match(fragment.strip())
    if not match:
        return None
    return match.group("what"), t.restore(match.group("owner").strip())


def value_of(t: Text, fragment: str) -> str:
    return t.restore(fragment.strip())


def key_of(name: str) -> str | None:
    lowered = collapse_spaces(name.lower())
    if lowered in KEYS:
        return KEYS[lowered]
    combo = _COMBO_RE.match(lowered.replace(" ", ""))
    if combo:
        mods = [_MODIFIERS[m] for m in re.split(r"\s*\+\s*", combo.group(1)) if m]
        last = combo.group(2)
        key = KEYS.get(last, last.upper() if len(last) == 1 else last.capitalize())
        return "+".join([*mods, key])
    return None


def is_value_token(t: Text, fragment: str) -> bool:
    stripped = fragment.strip()
    return t.is_single_quoted(stripped) or bool(VAR_TOKEN_RE.match(stripped))


# Words that make a statement of a step ("Verify the list has 3 items"): no control's name.
_SENTENCE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "isn't",
        "aren't",
        "should",
        "must",
        "has",
        "have",
        "will",
        "can",
        "does",
        "doesn't",
    ]
)
# A word after a verb that makes one verb of the two: "Log out", "Sign up", "Check in".
_PARTICLES = frozenset(
    {"in", "out", "up", "off", "on", "back", "down", "over", "through"}
)
# Steps this long or longer are sentences, not a control's name.
_NAME_MAX_WORDS = 7


def is_bare_name(t: Text) -> bool:
    """Whether a step no rule reads could be a control's whole name ("Log out", "Add to cart",
    "Discard the changes"): a few words, no values, no sentence punctuation."""
    text = t.restore(t.text)
    words = text.split()
    return (
        0 < len(words) < _NAME_MAX_WORDS
        and len(t.quoted) <= 1
        and (not t.quoted or t.is_single_quoted(t.text))
        and "${" not in text
        and not _SENTENCE.intersection(w.lower() for w in words)
        and re.fullmatch(r"[^\W_][\w '’&+/.-]*", text) is not None
    )


def name_readings(text: str) -> tuple[str, ...]:
    """The names a bare step may be, best first: the words as written, without their articles
    ("Discard changes"), and their verb alone when the rest only says what it acts on
    ("Discard" for "Discard the changes", "Log out" for "Log out everything"). A verb with
    more to it ("Log in as the new user", "Delete the first user", "Add it to
    the cart") is not its button: it means more than one click."""
    readings = [collapse_spaces(text)]
    words = readings[0].split()
    bare = " ".join(w for w in words if w.lower() not in _DETERMINERS)
    if len(bare.split()) > 1:
        # "Save all changes" may be "Save changes"; "Save all" is not "Save".
        readings.append(collapse_spaces(bare))
    if len(words) > 1 and words[0].isalpha():
        verb = words[:2] if words[1].lower() in _PARTICLES else words[:1]
        rest = [w.lower() for w in words[len(verb) :]]
        if (
            rest
            and words[0].lower() not in _DETERMINERS
            and rest[0] in _OBJECT_STARTS
            and (rest[0] not in _DETERMINERS or len(rest) > 1)
            and not _NOT_AN_OBJECT.intersection(rest)
            and not any(_SUPERLATIVE_RE.match(w) for w in rest)
        ):
            readings.append(" ".join(verb))
        elif _OF_THE_APP_RE.match(" ".join(rest)):
            # "Sign out of the app", "Log out from your account": the verb's button.
            readings.append(" ".join(verb))
    # Readings that compare alike (engine.normalize drops "the") are one.
    unique: dict[str, str] = {}
    for reading in readings:
        if reading:
            unique.setdefault(normalize(reading) or reading.casefold(), reading)
    return tuple(unique.values())


_OF_THE_APP_RE = re.compile(
    r"^(?:of|from)\s+(?:the\s+|this\s+|my\s+|your\s+|our\s+)?(?:app|application|site|"
    r"website|web\s+app|account|system|portal|dashboard|platform)$"
)
_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "your", "our", "this", "these", "those", "all"}
)
# What may follow a verb that is its button's whole name: the thing it acts on, and nothing
# that makes the step a sentence, picks one of several or says where to ("to the cart").
_OBJECT_STARTS = _DETERMINERS | {"it", "them", "everything", "changes"}
# "the cheapest boots", "the best offer": picking one of several, which no button does.
_SUPERLATIVE_RE = re.compile(r"^(?:best|worst|most|least|\w{3,}est)$")
_NOT_AN_OBJECT = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "should",
        "must",
        "has",
        "have",
        "shows",
        "appears",
        "first",
        "second",
        "third",
        "last",
        "next",
        "previous",
        "to",
        "into",
        "from",
        "as",
        "for",
        "with",
        "in",
        "on",
        "at",
        "of",
        "by",
    ]
)


# Nouns that name no kind of thing: any collection counts them, given its place ("3 items",
# "Remove the first row"); one list for counts, sort checks and rows named by their place.
GENERIC_NOUNS = ("item", "row", "entry", "record", "line", "element", "thing", "one")


# "The Email field should contain 'ada'", "The page should not show 'Error'": a step that says
# what should be is a check.
MODAL_RE = re.compile(r"\b(?:should|must)\b", re.IGNORECASE)
# "I see 'Saved'", "'Saved' is shown", "I don't see 'Mug' in the cart": a step that says what is
# seen, in the indicative, is a check too (a scenario's "Then").
SEEN_RE = re.compile(
    r"^(?:(?:i|we|you|the\s+user)\s+(?:(?:can|do|does)(?:\s+not|n't)?\s+|cannot\s+|can't\s+)?"
    r"(?:still\s+|now\s+|no\s+longer\s+)?sees?\s|\x00\d+\x00\s+(?:(?:is|are)(?:\s+not|n't)?\s+"
    r"(?:still\s+|now\s+|no\s+longer\s+)?(?:shown|visible|displayed|present|listed|gone|hidden|"
    r"removed|deleted|in|on|inside|within)\b|(?:appears?|disappears?|shows?\s+up)\b))",
    re.IGNORECASE,
)
