"""What an element is (which verbs it takes) and what it is called (the names it answers to)."""

from __future__ import annotations

import re
from typing import Literal

from engine.normalize import identifier_words, normalize
from engine.snapshot import Element

Verb = Literal[
    "click", "open_link", "fill", "select", "check", "upload", "hover", "any", "press"
]

FIELD_ROLES = frozenset({"textbox", "searchbox", "spinbutton", "password", "combobox"})
_CLICK_ROLES = frozenset(
    {
        "button",
        "link",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "tab",
        "option",
        "checkbox",
        "radio",
        "switch",
        "summary",
    }
)
CHECK_ROLES = frozenset(
    {"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"}
)
SELECT_ROLES = frozenset({"combobox", "listbox"})
_NUMBER_TOKEN = re.compile(r"^\$?\d+(?:[.,]\d+)?$")
_TYPE_WORDS = {
    "email": "email",
    "password": "password",
    "tel": "phone",
    "search": "search",
    "url": "website",
    "number": "number",
    "date": "date",
}
_AUTOCOMPLETE_WORDS = {
    "email": "email",
    "username": "username",
    "current-password": "password",
    "new-password": "password",
    "name": "name",
    "given-name": "first name",
    "family-name": "last name",
    "tel": "phone",
    "postal-code": "zip",
    "address-level2": "city",
    "street-address": "address",
    "address-line1": "address",
    "country": "country",
    "country-name": "country",
    "organization": "company",
}


def fits_verb(verb: Verb, element: Element) -> bool:
    """Whether an element's role is what the verb acts on (click → buttons, links...)."""
    role = element.role
    if verb in ("click", "hover"):
        return role in _CLICK_ROLES or element.tag == "summary"
    if verb == "open_link":
        return role == "link"
    if verb == "press":
        return role in FIELD_ROLES or element.editable
    return True


def allowed_for(verb: Verb, element: Element) -> bool:
    """Hard limits: only fields take text, only checkboxes get ticked..."""
    if element.text_only:
        # Words are pointed at (clicked, double-clicked, hovered), never typed into or ticked.
        return verb in ("click", "hover", "any")
    if verb == "fill":
        if element.role == "slider":
            return True  # "Set 'Volume' to 80" moves a slider, native or ARIA
        return (
            element.tag in ("input", "textarea", "select")
            and element.role not in ("checkbox", "radio", "button", "file")
        ) or (element.editable and element.tag not in ("input", "select", "textarea"))
    if verb == "select":
        return element.tag == "select" or element.role in SELECT_ROLES
    if verb == "check":
        # Toggle buttons (aria-pressed) are switched on and off like switches.
        return element.role in CHECK_ROLES or (
            element.role == "button" and element.checked is not None
        )
    if verb == "upload":
        return element.role == "file"
    if verb == "open_link":
        return element.role in ("link", "button", "tab", "menuitem")
    return True


def fits_role_hint(role_hint: str | None, element: Element) -> bool:
    if role_hint is None:
        return True
    if role_hint == "textbox":
        return element.role in FIELD_ROLES or element.tag in ("input", "textarea")
    if role_hint == "combobox":
        return element.role in SELECT_ROLES
    return element.role == role_hint


def strip_numbers(text: str) -> str:
    return " ".join(t for t in text.split(" ") if not _NUMBER_TOKEN.match(t))


def human_keys(element: Element) -> list[str]:
    keys = [
        element.name,
        element.label,
        element.placeholder,
        element.title,
        element.aria_label,
    ]
    if element.role not in FIELD_ROLES:
        keys.append(element.text)
    return [k for k in dict.fromkeys(keys) if k]


def developer_keys(element: Element) -> list[str]:
    keys = [element.test_id, element.attr_name, element.attr_id]
    words = [identifier_words(k) for k in keys if k]
    if element.icon:
        # The whole icon phrase ("close remove") and each word of it alone.
        words.append(normalize(element.icon))
        words.extend(normalize(word) for word in element.icon.split())
    if element.type in _TYPE_WORDS:
        words.append(_TYPE_WORDS[element.type])
    for token in element.autocomplete.lower().split():
        if token in _AUTOCOMPLETE_WORDS:
            words.append(_AUTOCOMPLETE_WORDS[token])
    return [w for w in dict.fromkeys(words) if w]


def has_own_name(element: Element) -> bool:
    return any(
        ch.isalnum() for ch in element.name + element.label + element.placeholder
    )
