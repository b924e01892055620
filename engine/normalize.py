"""Text normalisation shared by the grammar, grounding and checks.

People name UI elements the way they read them ("Log in", "Sign in", "Login"), so two names are
compared after folding case, quotes, punctuation, filler words and a small table of common UI
synonyms onto one canonical spelling.
"""

from __future__ import annotations

import re
import unicodedata

QUOTE_CHARS = "'\"`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb"

_QUOTE_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)

# Words that never decide which element is meant.
STOP_WORDS = frozenset(
    {"the", "a", "an", "your", "my", "our", "this", "that", "please"}
)

# Multi-word phrases first: the table is applied longest phrase first. Every entry maps a common
# wording onto one canonical spelling; keep it to words a UI really uses interchangeably.
_SYNONYMS: dict[str, str] = {
    "sign in": "log in",
    "signin": "log in",
    "login": "log in",
    "log on": "log in",
    "logon": "log in",
    "sign on": "log in",
    "sign out": "log out",
    "signout": "log out",
    "logout": "log out",
    "log off": "log out",
    "sign up": "register",
    "signup": "register",
    "registration": "register",
    "shopping cart": "cart",
    "shopping basket": "cart",
    "shopping bag": "cart",
    "basket": "cart",
    "bag": "cart",
    "email address": "email",
    "e mail address": "email",
    "e mail": "email",
    "mail address": "email",
    "full name": "name",
    "user name": "username",
    "pass word": "password",
    "passcode": "password",
    "zip code": "zip",
    "postal code": "zip",
    "postcode": "zip",
    "post code": "zip",
    "phone number": "phone",
    "telephone": "phone",
    "mobile number": "phone",
    "surname": "last name",
    "family name": "last name",
    "given name": "first name",
    "forename": "first name",
    "check out": "checkout",
    # One box, many names: "Promo code" and "Discount code" are the shop's "Coupon code".
    "coupon code": "coupon",
    "promo code": "coupon",
    "promotion code": "coupon",
    "promotional code": "coupon",
    "discount code": "coupon",
    "voucher code": "coupon",
    "voucher": "coupon",
    "delete": "remove",
    "trash": "remove",
    # Icon controls: class names and sprite ids say destroy/bin/pencil where people say delete/edit.
    "destroy": "remove",
    "bin": "remove",
    "dismiss": "close",
    "pencil": "edit",
    "calendar": "date",
    "date picker": "date",
    "datepicker": "date",
    "dropdown": "select",
    "drop down": "select",
    # Developer names abbreviate: header-basket-qty, profile-customer-id, order-ref.
    "qty": "quantity",
    "count": "quantity",
    "num": "number",
    "id": "number",
    "ref": "number",
    "reference": "number",
}
_SYNONYM_RE = re.compile(
    r"\b("
    + "|".join(re.escape(k) for k in sorted(_SYNONYMS, key=len, reverse=True))
    + r")\b"
)
_NON_WORD = re.compile(r"[^\w@$]+")
_SPACES = re.compile(r"\s+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def unify_quotes(text: str) -> str:
    """Curly and typographic quotes become plain ' and "."""
    return text.translate(_QUOTE_TRANSLATION)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case, accents, punctuation and whitespace folded; word order and all words kept."""
    decomposed = unicodedata.normalize("NFKD", unify_quotes(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return collapse_spaces(_NON_WORD.sub(" ", plain.lower().replace("_", " ")))


def normalize(text: str) -> str:
    """The comparison form of a UI name: folded, synonyms canonical, filler words dropped."""
    folded = _SYNONYM_RE.sub(lambda m: _SYNONYMS[m.group(1)], fold(text))
    words = [w for w in folded.split(" ") if w and w not in STOP_WORDS]
    return " ".join(words)


def identifier_words(identifier: str) -> str:
    """`cart-count`, `cartCount` and `cart_count` all read as "cart count"."""
    return normalize(_CAMEL.sub(" ", identifier).replace("-", " ").replace("_", " "))


def strip_quotes(text: str) -> str:
    stripped = text.strip()
    if (
        len(stripped) >= 2
        and stripped[0] in QUOTE_CHARS
        and stripped[-1] in QUOTE_CHARS
    ):
        return stripped[1:-1].strip()
    return stripped


def spellings(word: str) -> list[str]:
    """Every one-word spelling that normalises like `word` ("delete" → delete, remove, trash...)."""
    canonical = normalize(word)
    if not canonical or " " in canonical:
        return []
    found = {canonical, fold(word)}
    found.update(k for k, v in _SYNONYMS.items() if v == canonical and " " not in k)
    return sorted(found)


def phrase_spellings(text: str) -> list[str]:
    """The text and every synonym phrase that normalises like it as a whole ("Sign in" → Sign
    in, log in, login...), for matchers that cannot normalise (an exported regex)."""
    canonical = normalize(text)
    if not canonical:
        return [text]
    found = [text.strip()]
    found += sorted(
        k for k, v in _SYNONYMS.items() if v == canonical and k != fold(text)
    )
    if canonical not in (fold(text), *found):
        found.append(canonical)
    return found
