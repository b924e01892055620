"""Tier 2: the deterministic step grammar. Plain-English step text in, a typed `Intent` out.

The grammar parses the step *template* (`Enter ${email} into 'Email'`), never the interpolated text:
values stay `${name}` templates until the moment they are typed, so secrets never pass through here
and the cache key can use the same text. `parse` is pure and returns None for anything it does not
recognise; that step then needs tier 3 (the model).

Decisions worth knowing:
- "Open the X page" / "Go to the cart" (no path or URL) is `open_link`: follow the link (or button)
  named X if one is on the page. Home-page words ("the home page", "the app") open "/".
- Row scoping ("Click 'Add to cart' next to 'Canvas Backpack'", "Add 'Canvas Backpack' to the cart",
  "Remove 'Canvas Backpack' from the cart") puts the row text into `scope`.
- A row connector that is also an ordinary word ("for", "of", "in") only splits off a scope when one
  side is quoted; "next to", "beside" and "in the row of" always do.
- "Verify 'X' is shown" as a step waits for the text (`assert_text`); a timeout fails the case.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from typing import Literal

from engine import grammar_checks, grammar_lists, grammar_nav, grammar_pages
from engine.dates import parse_date
from engine.grammar_nav import NEGATION_RE, says_only_presence
from engine.intent import CLICK_UNTIL, FieldValue, Intent, IntentKind
from engine.normalize import collapse_spaces, unify_quotes
from engine.phrases import (
    ARTICLE_RE,
    GENERIC_NOUNS,
    NUMBER_WORDS,
    ORDINALS,
    PLACEHOLDER_RE,
    ROLE_WORDS,
    SCOPE_TAIL_RE,
    VAR_TOKEN_RE,
    Text,
    is_bare_name,
    is_value_token,
    loose_scope_split,
    name_readings,
    ordinal_split,
    possessive_split,
    quote,
    scope_split,
    target_of,
    value_of,
)

__all__ = [
    "FieldValue",
    "Intent",
    "IntentKind",
    "parse",
    "quoted_assertion",
    "sorted_assertion",
]

_NOT_A_CHECK_TARGET = re.compile(
    r"^(?:that|if|whether|for|out|the\s+(?:page|url|result|text)|to\s+see)\b",
    re.IGNORECASE,
)


_ADD_TO_RE = re.compile(
    r"^add\s+(?P<item>.+?)\s+to\s+(?:the\s+|my\s+|your\s+)?(?P<container>shopping\s+cart|cart|basket|"
    r"bag|wish\s*list|favou?rites|order)$",
    re.IGNORECASE,
)
_REMOVE_RE = re.compile(
    r"^(?:remove|delete)\s+(?P<item>.+?)(?:\s+from\s+(?:the\s+|my\s+|your\s+)?(?P<container>.+))?$",
    re.IGNORECASE,
)
# Row actions said as a verb and the row's words: "Edit 'Grace Hopper'", "Delete Linus Torvalds".
_ROW_ACTION_RE = re.compile(
    r"^(?P<verb>remove|delete|edit|archive|duplicate)\s+(?P<item>.+)$", re.IGNORECASE
)
# "Add it to the cart" on a product's page: the one control called so, no row named.
_THIS_ITEM = re.compile(
    r"^(?:it|this|that|(?:this|that|the)\s+(?:one|item|product|article))$",
    re.IGNORECASE,
)
_VAGUE_ITEM = re.compile(
    r"^(?:the\s+)?(?:first|second|third|last|any|a|an|one|some|all|every|each|it|them|this|that)\b",
    re.IGNORECASE,
)


# "the user 'Ada'", "the row for 'Ada'", "the order named 'A-1002'": the quoted words name the
# row; the noun before them only says what kind it is.
_NOUN_BEFORE_QUOTE_RE = re.compile(
    r"^(?:the\s+)?(?:[a-z][\w-]*\s+){1,2}?(?:(?:for|with|of|containing|named|called|saying)"
    r"\s+)?(?=\x00\d+\x00$)",
    re.IGNORECASE,
)


def _row_words(fragment: str) -> str:
    return _NOUN_BEFORE_QUOTE_RE.sub("", fragment.strip())


def _item(t: Text, fragment: str) -> str | None:
    item = _row_words(fragment)
    if not t.has_quoted(item) and _VAGUE_ITEM.match(item):
        return None
    item = SCOPE_TAIL_RE.sub("", ARTICLE_RE.sub("", item))
    item = re.sub(r"^\d+\s*x?\s+", "", item)
    return t.restore(item) or None


# "Remove the first item from the cart", "Delete the last todo", "Edit the second user",
# "Click 'Remove' in the first row", "Add the first product to the cart": the control of the
# nth row that holds one. A role word after the ordinal names a control ("the first field").
_ROW_ORDINAL = (
    rf"(?:the\s+)?(?P<ord>{'|'.join(ORDINALS)})\s+(?!(?:{'|'.join(ROLE_WORDS)}|name)s?\b)"
    r"(?P<noun>[a-z][\w-]*)"
)
_VERB_ORDINAL_RE = re.compile(
    rf"^(?P<verb>remove|delete|edit|archive|duplicate)\s+{_ROW_ORDINAL}"
    r"(?:\s+(?:from|in|of|on)\s+(?:the\s+|my\s+|your\s+)?[\w\s-]+)?$",
    re.IGNORECASE,
)
_CLICK_IN_ORDINAL_RE = re.compile(
    r"^(?:click|press|tap|hit)\s+(?:on\s+)?(?:the\s+)?(?P<target>\x00\d+\x00)"
    r"(?:\s+(?:button|link|icon))?\s+(?:in|on|for|of|next\s+to|beside)\s+"
    rf"{_ROW_ORDINAL}$",
    re.IGNORECASE,
)
_ORDINAL_ITEM_RE = re.compile(rf"^{_ROW_ORDINAL}$", re.IGNORECASE)
# "Click the edit button in the last row", "Tick the checkbox in the second row": a control said
# by its words or role (before: one in a row mentioning "last").
_UNQUOTED_IN_ORDINAL_RE = re.compile(
    r"^(?P<verb>click|press|tap|hit|check|tick|uncheck|untick)\s+(?:on\s+)?"
    r"(?P<what>the\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:in|on|of)\s+"
    rf"{_ROW_ORDINAL}$",
    re.IGNORECASE,
)


def _row_ordinal(t: Text) -> Intent | None:
    unquoted = _UNQUOTED_IN_ORDINAL_RE.match(t.text)
    if unquoted:
        target, role = target_of(t, unquoted.group("what"))
        verb = unquoted.group("verb").lower()
        kind: IntentKind = (
            "check"
            if verb in ("check", "tick")
            else "uncheck"
            if verb in ("uncheck", "untick")
            else "click"
        )
        said = unquoted.group("ord").lower()
        if not target and role == "checkbox":
            # The row's own box, as "Tick the second row" (not the page's second box: a
            # filter's or the header's select-all may come first).
            ticked: IntentKind = "uncheck" if kind == "uncheck" else "check"
            return Intent(ticked, target="row", nth=ORDINALS[said], ordinal=said)
        if target:
            return Intent(
                kind,
                target=target,
                role=role,
                nth=ORDINALS[said],
                row_noun=_row_noun(unquoted),
            )
    match = _VERB_ORDINAL_RE.match(t.text)
    if match:
        # One synonym set covers delete, remove and trash.
        target = match.group("verb").capitalize().replace("Delete", "Remove")
    else:
        match = _CLICK_IN_ORDINAL_RE.match(t.text)
        if match is None:
            return None
        target = t.restore(match.group("target"))
    nth = ORDINALS[match.group("ord").lower()]
    return Intent("click", target=target, nth=nth, row_noun=_row_noun(match))


def _row_noun(match: re.Match[str]) -> str:
    noun = match.group("noun").lower()
    singular = noun[:-1] if len(noun) > 3 and noun.endswith("s") else noun
    # A noun that names no kind of row: any row counts.
    return "" if singular in GENERIC_NOUNS else noun


# "Add 2 'Mug' to the cart": how many, before the item.
_HOW_MANY_RE = re.compile(
    rf"^(?P<n>\d+|{'|'.join(NUMBER_WORDS)})\s*(?:x|×)?\s+(?P<item>.+)$", re.IGNORECASE
)


def _how_many(item: str) -> tuple[int, str] | None:
    said = _HOW_MANY_RE.match(item.strip())
    if said is None:
        return None
    n = said.group("n").lower()
    return (int(n) if n.isdigit() else NUMBER_WORDS[n]), said.group("item")


def _quantity_parts(prepared: Text) -> tuple[str, ...] | None:
    """ "Add 2 'Mug' to the cart": its quantity set, then added (the item quoted or a
    variable; a field in its row or on its page takes the number)."""
    match = _ADD_TO_RE.match(prepared.text)
    counted = _how_many(match.group("item")) if match else None
    if match is None or counted is None or counted[0] < 2:
        return None
    n, item = counted
    if not is_value_token(prepared, item.strip()):
        return None
    said = _said(prepared, item)
    container = collapse_spaces(match.group("container").lower())
    if container not in ("cart", "shopping cart", "basket", "bag", "order"):
        return None  # a wish list holds no quantity
    return (f"Set the quantity of {said} to {n}", f"Add {said} to the {container}")


def _rule_add_remove(t: Text) -> Intent | None:
    in_row = _row_ordinal(t)
    if in_row is not None:
        return in_row
    match = _ADD_TO_RE.match(t.text)
    if match:
        counted = _how_many(match.group("item"))
        if counted is not None and counted[0] > 1:
            # One click adds one: the quantity is set first (`steps_in`), else the model's.
            return None
        container = collapse_spaces(match.group("container").lower())
        if _THIS_ITEM.match(match.group("item").strip()):
            return Intent("click", target=f"Add to {container}")
        ordinal = _ORDINAL_ITEM_RE.match(match.group("item").strip())
        if ordinal:
            nth = ORDINALS[ordinal.group("ord").lower()]
            return Intent(
                "click",
                target=f"Add to {container}",
                nth=nth,
                row_noun=_row_noun(ordinal),
            )
        item = _item(t, match.group("item"))
        if item is None:
            return None
        return Intent("click", target=f"Add to {container}", scope=item)
    removed = _REMOVE_RE.match(t.text)
    if removed and t.has_quoted(removed.group("item")):
        item = _item(t, removed.group("item"))
        if item is None:
            return None
        return Intent("click", target="Remove", scope=item)
    match = _ROW_ACTION_RE.match(t.text)
    if not match:
        return None
    # One synonym set covers delete, remove and trash.
    verb = match.group("verb").capitalize().replace("Delete", "Remove")
    words = match.group("item")
    if removed and removed.group("container"):
        words = removed.group("item")  # "Remove Trail Boots from the cart"
    bare = SCOPE_TAIL_RE.sub("", ARTICLE_RE.sub("", _row_words(words))).strip()
    item = _item(t, words)
    if item is None or (t.has_quoted(bare) and not t.is_single_quoted(bare)):
        return None
    in_row = Intent("click", target=verb, scope=item)
    if t.is_single_quoted(bare):
        return in_row
    # Unquoted, the words may also name one control ("Delete selected users"): grounding
    # weighs that reading first, as written, and the row's control beside it.
    return Intent("click", target=t.restore(t.text), alternative=in_row)


_SELECT_FROM_RE = re.compile(
    r"^(?:select|choose|pick)\s+(?:the\s+)?(?:option\s+)?(?P<opt>.+?)\s+(?P<conn>from|in|within|as|for)\s+"
    r"(?P<field>.+)$",
    re.IGNORECASE,
)


# "Add a todo 'Buy milk'", "Create a new task called ${title}": the new item's words typed into
# the field for it and Enter pressed (a to-do list's input).
_ADD_ITEM_RE = re.compile(
    r"^(?:add|create)\s+(?:(?:a|an|one|another)\s+)?(?:new\s+)?(?P<noun>[a-z][\w-]*(?:\s+(?!called|named|titled|saying|with)[a-z][\w-]*)?)"
    r"\s+(?:(?:called|named|titled|saying|with\s+the\s+(?:text|title|name))\s+)?(?P<value>\S+)$",
    re.IGNORECASE,
)


# "Log in as ${email} with ${password}", "Sign in with 'admin' and 'secret'": the account's
# field and the password field filled, then Enter pressed in the password field.
_LOG_IN_AS_RE = re.compile(
    r"^(?:log|sign)\s*(?:in|on)\s+(?:as|with|using)\s+(?:(?:the\s+)?(?:user(?:name)?|email)\s+)?"
    r"(?P<user>\S+)\s+(?:and|with|,|/)\s+(?:(?:the\s+|a\s+)?password\s+)?(?P<password>\S+)$",
    re.IGNORECASE,
)


def _rule_log_in_as(t: Text) -> Intent | None:
    match = _LOG_IN_AS_RE.match(t.text)
    if not match or not all(
        is_value_token(t, match.group(g)) for g in ("user", "password")
    ):
        return None
    user = value_of(t, match.group("user"))
    # A variable's name or an address says which field; else the one called username.
    named = VAR_TOKEN_RE.match(user) or "@" in user
    fills = (
        FieldValue(user, None if named else "username"),
        FieldValue(value_of(t, match.group("password")), "password"),
    )
    return Intent("fill_many", fills=fills, then_key="Enter")


# "Apply the coupon 'SAVE10'", "Use promo code ${code}", "Redeem the gift card 'X'": typed into
# the field for it and sent with Enter (a coupon box's form).
_APPLY_CODE_RE = re.compile(
    r"^(?:apply|use|redeem)\s+(?:the\s+|a\s+|my\s+)?(?P<noun>(?:(?:discount|promo|promotion|"
    r"coupon|voucher|gift)\s+)?(?:coupon|code|voucher|card)(?:\s+code)?)\s+(?P<value>\S+)$",
    re.IGNORECASE,
)


def _rule_add_item(t: Text) -> Intent | None:
    """The field the noun names ("todo": "New todo"), else the page's one text field."""
    code = _APPLY_CODE_RE.match(t.text)
    if code and is_value_token(t, code.group("value")):
        value = value_of(t, code.group("value"))
        return Intent("search", target=code.group("noun"), value=value)
    match = _ADD_ITEM_RE.match(t.text)
    if not match or not is_value_token(t, match.group("value")):
        return None
    value = value_of(t, match.group("value"))
    return Intent(
        "search",
        target=match.group("noun"),
        value=value,
        alternative=Intent("search", value=value),
    )


# "Select tomorrow's date", "Enter today's date in 'Start date'": the date field (the one the
# page shows, or the one named) set to that day, as "Set the date to tomorrow" sets it.
_DAY_DATE_RE = re.compile(
    r"^(?:select|choose|pick|enter|type|use|fill\s+in|set)\s+(?:the\s+)?"
    r"(?P<when>today|tomorrow|yesterday|the\s+day\s+after\s+tomorrow|(?:next|last)\s+"
    r"(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?:'s)?\s+date"
    r"(?:\s+(?:in|into|as|for|on)\s+(?P<field>.+))?$",
    re.IGNORECASE,
)


# "Select 2025-03-04 in 'Start date'", "Pick tomorrow in the date picker": a day chosen in a
# date field is the field set to it, as "Set 'Start date' to tomorrow" does (before: an option
# looked for in a list, and the step broke).
_DATE_FIELD_RE = re.compile(
    r"\b(?:date|day|calendar|picker|datepicker|birthday|deadline|check-?in|check-?out)\b",
    re.IGNORECASE,
)
_PICKER_RE = re.compile(r"^(?:the\s+)?(?:date\s*picker|calendar|date)$", re.IGNORECASE)


def _date_chosen(t: Text, value: str, field: str) -> Intent | None:
    day = re.sub(r"^(?:the\s+)?date\s+", "", value, flags=re.IGNORECASE)
    if parse_date(day) is None or not (
        _DATE_FIELD_RE.search(t.restore(field)) or day != value
    ):
        return None
    if _PICKER_RE.match(t.restore(field)):
        return Intent("fill", target="date", value=day)
    target, role = target_of(t, field)
    return Intent("fill", target=target, value=day, role=role) if target else None


# "Rate it 4 stars", "Give the product 5 stars", "Leave a 3-star rating": the rating widget's
# choice called so (a radio or button named "4 stars"), else the 4th star icon.
_RATE_RE = re.compile(
    r"^(?:rate|give|leave|select|choose|pick|click|set)\s+(?:(?:it|this|that|(?:the|this|that|my|"
    r"your)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?|a|an)\s+)?(?:(?:a|the)\s+)?(?:rating\s+"
    r"(?:of|to)\s+)?(?P<n>[1-9]|10|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:(?:\s*-\s*|\s+)stars?(?:\s+rating)?|\s*(?:/|\s+out\s+of\s+)\s*(?:5|five|10|ten)"
    r"(?:\s+stars?)?)$",
    re.IGNORECASE,
)


# "Select the row with 'Ada'", "Select the record for 'A-1'": the row's box ticked, as "Check the
# box next to 'Ada'" does (before: an option called "row with Ada").
_SELECT_ROW_RE = re.compile(
    r"^(?:select|tick)\s+(?:the\s+)?(?:row|entry|line|record|item)\s+"
    r"(?:for|with|of|containing|named|called|saying)\s+(?P<row>\x00\d+\x00)$",
    re.IGNORECASE,
)


# Words that say a list is meant but not which ("from the dropdown list").
_NO_LIST_NAME = frozenset(
    {
        "list",
        "dropdown list",
        "drop-down list",
        "drop down list",
        "select list",
        "options",
        "option list",
        "options list",
        "choices",
        "combobox",
        "combo box",
        "listbox",
        "list box",
        "picker",
        "selector",
        "popup",
        "context menu",
    }
)


# "Click 'Archive' in the 'Actions' menu", "Tap 'Export' from the 'More' dropdown": the item of
# the menu called so, opened first unless a step before opened it (before: a control called
# "Archive in the Actions"). An unquoted "in the user menu" may be a nav's: read as before.
_CLICK_IN_MENU_RE = re.compile(
    r"^(?:click|tap|press|hit)(?:\s+on)?\s+(?P<item>\x00\d+\x00)\s+(?:in|from|on|under|within)\s+"
    r"(?:the\s+)?(?P<menu>\x00\d+\x00)\s+"
    r"(?:menu|dropdown|drop-down|drop\s+down|submenu|sub-menu)$",
    re.IGNORECASE,
)


def _rule_click_in_menu(t: Text) -> Intent | None:
    match = _CLICK_IN_MENU_RE.match(t.text)
    if not match:
        return None
    return Intent(
        "select",
        target=t.restore(match.group("menu")),
        value=value_of(t, match.group("item")),
    )


# "Select the second row", "Select the last record in the table": that row's box ticked, as
# "Tick the second row" does (before: an option called "second row").
_SELECT_PLACED_ROW_RE = re.compile(
    rf"^select\s+(?:the\s+)?(?P<ord>{'|'.join(ORDINALS)})\s+(?:row|entry|line|record)"
    r"(?:\s+(?:in|of)\s+the\s+(?:table|list|grid|results))?$",
    re.IGNORECASE,
)


def _rule_select(t: Text) -> Intent | None:
    row = _SELECT_ROW_RE.match(t.text)
    if row:
        return Intent("check", role="checkbox", scope=t.restore(row.group("row")))
    placed = _SELECT_PLACED_ROW_RE.match(t.text)
    if placed:
        said = placed.group("ord").lower()
        return Intent("check", target="row", nth=ORDINALS[said], ordinal=said)
    rated = _RATE_RE.match(t.text)
    if rated:
        said = rated.group("n").lower()
        n = int(said) if said.isdigit() else NUMBER_WORDS[said]
        stars = f"{n} star" if n == 1 else f"{n} stars"
        return Intent(
            "select",
            value=stars,
            alternative=Intent("click", target="star", nth=n),
        )
    day = _DAY_DATE_RE.match(t.text)
    if day:
        target, role = target_of(t, day.group("field") or "date")
        return Intent("fill", target=target, value=day.group("when").lower(), role=role)
    match = _SELECT_FROM_RE.match(t.text)
    if not match:
        return None
    opt = match.group("opt")
    if match.group("conn").lower() == "for" and not is_value_token(t, opt):
        return None
    value = value_of(t, opt)
    dated = _date_chosen(t, value, match.group("field"))
    if dated is not None:
        return dated

    def build(left: str, scope: str | None) -> Intent | None:
        target, role = target_of(t, left)
        # "the menu" names no list either (a role word that is no control's name).
        said = ARTICLE_RE.sub("", left.strip()).lower()
        unnamed = (not target and role in ("combobox", None)) or (
            target.lower() in _NO_LIST_NAME or said in _NO_LIST_NAME
        )
        if unnamed:
            # "Select 'Red' from the dropdown": the one list that offers it, as "Select 'Red'"
            # (before: a list called "Red from the"); "… for 'Grace'": the one in her row.
            return Intent("select", value=value, scope=scope)
        if not target:
            return None
        return Intent("select", target=target, value=value, role=role, scope=scope)

    # "from the 'Role' list for 'Grace Hopper'": the list in that row.
    return _read_scope(t, match.group("field"), build)


def _pairs(t: Text, parts: list[str], word: str) -> tuple[FieldValue, ...] | None:
    """ "'A' with 'x'", "'B' with 'y'": each part a field and its value (quoted or a variable);
    None unless there are several and every part is one."""
    pairs: list[FieldValue] = []
    for part in (p for p in parts if p.strip()):
        field, sep, value = part.strip().rpartition(f" {word} ")
        target = target_of(t, field)[0] if sep else ""
        if not target or not is_value_token(t, value) or _ACTION_VERB_RE.match(field):
            # ", fill 'Email' with …" is a step of its own (`steps_in`).
            return None
        pairs.append(FieldValue(value_of(t, value), target=target))
    return tuple(pairs) if len(pairs) > 1 else None


_FILL_WITH_RE = re.compile(
    r"^(?:fill(?:\s+in|\s+out)?|complete|populate)\s+(?P<field>.+?)\s+with\s+(?P<value>.+)$",
    re.IGNORECASE,
)
_VALUE_FOR_ROW_RE = re.compile(
    r"^(?P<value>\x00\d+\x00|-?\d+(?:\.\d+)?|\$\{[^}]+\})\s+(?:for|of|on|in)\s+(?:the\s+)?"
    r"(?P<row>\x00\d+\x00)(?:\s+(?:row|line|item|entry|card|product))?$",
    re.IGNORECASE,
)
_SET_TO_RE = re.compile(
    r"^(?:set|change|update|switch)\s+(?P<field>.+?)\s+to\s+(?P<value>.+)$",
    re.IGNORECASE,
)
# "Drag the slider to 50", "Move the 'Volume' slider to 80", "Slide 'Volume' to 30": the slider
# set to that value, as "Set 'Volume' to 80" sets it (before: the model's).
_SLIDE_TO_RE = re.compile(
    r"^(?:drag|move|slide|adjust)\s+(?P<field>(?:the\s+)?(?:[^\s]+\s+){0,3}?(?:slider|range|"
    r"handle|knob)|\x00\d+\x00)\s+(?:all\s+the\s+way\s+)?to\s+(?P<value>-?\d+(?:\.\d+)?%?|"
    r"\x00\d+\x00)$",
    re.IGNORECASE,
)
_SLIDER_WORD_RE = re.compile(r"(?<=\S)\s+(?:slider|range|handle|knob)$", re.IGNORECASE)
_ENTER_RE = re.compile(
    r"^(?:enter|type(?:\s+in)?|fill\s+in|fill|input|put|write|key\s+in|provide|paste|use)\s+"
    r"(?P<body>.+)$",
    re.IGNORECASE,
)
_CLEAR_RE = re.compile(
    r"^(?:clear|empty|erase)\s+(?:out\s+)?(?P<field>.+)$", re.IGNORECASE
)
# "Delete the text in 'Name'", "Clear the text in 'Name'", "Remove the contents of 'Notes'":
# the field emptied (before: a "Remove" button in a row called "Name", a field called "text").
_EMPTY_TEXT_RE = re.compile(
    r"^(?:delete|remove|erase|clear|wipe)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:text|contents?|"
    r"value|input|words)\s+(?:in|from|of|inside)\s+(?P<field>.+)$",
    re.IGNORECASE,
)
# "Select all text in 'Notes'", "Highlight the text in 'Name'": Ctrl+A in the field (before: an
# option called "all text").
_SELECT_TEXT_RE = re.compile(
    r"^(?:select|highlight)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:whole\s+|entire\s+)?"
    r"(?:text|contents?|words)\s+(?:in|of|inside)\s+(?P<field>.+)$",
    re.IGNORECASE,
)


def _rule_field_text(t: Text) -> Intent | None:
    emptied = _EMPTY_TEXT_RE.match(t.text)
    if emptied:
        return _fill(t, emptied.group("field"), "")
    selected = _SELECT_TEXT_RE.match(t.text)
    if selected:
        target, role = target_of(t, selected.group("field"))
        if target:
            return Intent("press", target=target, value="Control+A", role=role)
    return None


# "…, then click 'Go'" parts as "… and click 'Go'" does: "then" starts no field's name.
_PART_SPLIT_RE = re.compile(
    r"\s*,\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?", re.IGNORECASE
)
_PART_RE = re.compile(
    r"^(?P<value>.+?)\s+(?:into|in\s+to|inside|in|on|as|for)\s+(?P<field>.+)$",
    re.IGNORECASE,
)


# Words that start a step, never a field's name ("... and click 'Save'").
_ACTION_VERBS = (
    "click|tap|press|hit|open|go|navigate|submit|select|choose|check|uncheck|tick|untick|"
    "close|scroll|hover|upload|wait|refresh|reload|verify|accept|dismiss|confirm|cancel|"
    "type|enter|fill|put|write|input|paste"
)
_ACTION_VERB_RE = re.compile(rf"(?:{_ACTION_VERBS})\b", re.IGNORECASE)
# "Enter the email 'ada@example.com'", "Type the password ${password}", "Enter your name 'Ada'":
# the field's words, then the value (quoted or a variable), no preposition between.
_FIELD_THEN_VALUE_RE = re.compile(
    r"^(?P<field>(?:the|your|my|a|an)\s+[^\x00$]+?|[a-z][^\x00$]*?)\s+"
    r"(?P<value>\x00\d+\x00|\$\{[^}]+\})$",
    re.IGNORECASE,
)


def _field_then_value(t: Text, part: str) -> tuple[str, str] | None:
    """The field's words and the value of "the email 'ada@example.com'"."""
    match = _FIELD_THEN_VALUE_RE.match(part.strip())
    if match is None or not is_value_token(t, match.group("value")):
        return None
    field = match.group("field")
    if re.search(
        r"\b(?:in|into|on|as|for|to|with|and)$", field, re.IGNORECASE
    ) or _ACTION_VERB_RE.match(field):
        return None  # "... and click 'Save'" is a step, not a field called "click"
    return field, match.group("value")


def _field_value(t: Text, part: str) -> FieldValue | None:
    part = part.strip()
    if is_value_token(t, part):
        return FieldValue(value_of(t, part))
    match = _PART_RE.match(part)
    if match and not _ACTION_VERB_RE.match(match.group("value")):
        # ("… and type 'b' into 'Other'" is a step of its own: "type b" is no value.)
        value = match.group("value")
        target, _role = target_of(t, match.group("field"))
        return FieldValue(value_of(t, value), target)
    named = _field_then_value(t, part)
    if named is not None:
        target, _role = target_of(t, named[0])
        return FieldValue(value_of(t, named[1]), target)
    return None


def _read_scope(
    t: Text, words: str, build: Callable[[str, str | None], Intent | None]
) -> Intent | None:
    """`build(target words, scope)` for `words`; where a bare "for/of/in..." comes before
    unquoted words ("the edit button for Grace Hopper"), the reading with those words as the
    row rides along (`Intent.alternative`) and grounding weighs the two. Only that reading
    when the words as a whole make no step ("Turn off the Active switch for Ada")."""
    primary = build(*scope_split(t, words))
    # "Ada Lovelace's role" reads like "the role for Ada Lovelace".
    loose = loose_scope_split(t, words) or possessive_split(t, words)
    if loose is None or (primary is not None and primary.scope is not None):
        return primary
    alternative = build(*loose)
    if alternative is None:
        return primary
    if primary is None:
        return alternative
    return dataclasses.replace(primary, alternative=alternative)


def _fill(t: Text, field: str, value: str) -> Intent:
    """One field, perhaps placed by other words: "the filter box under 'Available tags'"."""
    intent = _read_scope(
        t, field, lambda left, scope: _fill_scoped(t, field, left, scope, value)
    )
    assert intent is not None
    return intent


def _fill_scoped(
    t: Text, field: str, left: str, scope: str | None, value: str
) -> Intent:
    left, nth, ordinal = ordinal_split(t, left)
    target, role = target_of(t, left)
    if not target and scope is not None:
        # "Enter 'x' into 'Name' ..." was never split: the scope words were all there was.
        (target, role), scope = target_of(t, field), None
    return Intent(
        "fill",
        target=target,
        value=value,
        role=role,
        scope=scope,
        nth=nth,
        ordinal=ordinal,
    )


# "Increase the quantity of 'Tote Bag'", "Decrease the number of adults by 2": the stepper beside
# the value clicked (engine.steppers); "Increase the quantity to 3" sets it.
_STEP_RE = re.compile(
    r"^(?P<verb>increase|increment|raise|bump\s+up|bump|decrease|decrement|reduce|lower)\s+"
    r"(?P<field>.+?)(?:\s+by\s+(?P<n>\d+)(?:\s+(?:units?|items?|steps?))?|\s+to\s+(?P<value>.+))?$",
    re.IGNORECASE,
)
_STEP_DOWN = ("decrease", "decrement", "reduce", "lower")
# What is stepped: a quantity or a count; "the number of adults" is the Adults field.
_STEPPED_RE = re.compile(
    r"\b(?:quantity|qty|amount|count|number|guests?|adults?|child(?:ren)?|rooms?|tickets?|"
    r"seats?|passengers?|travell?ers?|nights?|items?|units?|copies|servings?)\b",
    re.IGNORECASE,
)
_NUMBER_OF_RE = re.compile(r"^(?:the\s+)?number\s+of\s+", re.IGNORECASE)
# How many clicks one step may make ("by 50" is a value to type, not to click).
_MAX_STEPS = 20


def _rule_step(t: Text) -> Intent | None:
    match = _STEP_RE.match(t.text)
    if not match or not _STEPPED_RE.search(t.restore(match.group("field"))):
        return None
    field = _NUMBER_OF_RE.sub("", match.group("field"))
    if match.group("value"):
        return _fill(t, field, value_of(t, match.group("value")))
    times = min(int(match.group("n") or 1), _MAX_STEPS)
    sign = "-" if match.group("verb").lower() in _STEP_DOWN else "+"
    return dataclasses.replace(
        _fill(t, field, ""), kind="step_value", value=f"{sign}{times}"
    )


# "Type 'Buy milk' into 'New todo' and press Enter": the field filled, then Enter pressed in it.
_AND_ENTER_RE = re.compile(
    r"\s*,?\s+(?:and\s+then|and|then)\s+(?:press|hit|tap)\s+(?:the\s+)?(?:enter|return)"
    r"(?:\s+key)?$",
    re.IGNORECASE,
)


# "Paste it into 'Invite'", "Type the code into 'OTP'", "Search for it": words that point at a
# value, not the value; the model reads such a step (before: "it" and "the code" were typed).
_POINTED_VALUE_RE = re.compile(
    r"(?:it|this|that|them|these|those|(?:the|this|that|my|your|our)\s+(?:[a-z-]+\s+)?"
    r"(?:link|url|code|text|value|token|otp|id|result|number|email|address|password|username|"
    r"name|phone))",
    re.IGNORECASE,
)


# "Type a valid email address in 'Email'", "Fill the form with valid data": a value described,
# not written out; the model's (before: those words were typed).
_DESCRIBED_VALUE_RE = re.compile(
    r"(?:(?:a|an|some|any)\s+)?(?:valid|invalid|random|unique|fake|dummy|sample|wrong|incorrect|"
    r"correct|proper|strong|weak|realistic|bogus|malformed|test)\s+[a-z]+(?:\s+[a-z]+){0,3}",
    re.IGNORECASE,
)


def _typed_as_written(intent: Intent | None, t: Text) -> Intent | None:
    """The intent, unless the words it would type point at a value ("it", "the code")."""
    value = intent.value if intent is not None else None
    if (
        value
        and intent is not None
        and intent.kind in ("fill", "type", "search")
        and value not in t.quoted
        and (_POINTED_VALUE_RE.fullmatch(value) or _DESCRIBED_VALUE_RE.fullmatch(value))
    ):
        return None
    return intent


def _rule_fill(t: Text) -> Intent | None:
    return _typed_as_written(_rule_fill_as_written(t), t)


def _rule_fill_as_written(t: Text) -> Intent | None:
    pressed = _AND_ENTER_RE.search(t.text)
    if pressed:
        head = copy.copy(t)
        head.text = t.text[: pressed.start()]
        intent = _rule_fill(head)
        if intent is not None and intent.kind == "type":
            # "Type ' and eggs' and press Enter": at the caret (a row edited in place).
            return dataclasses.replace(intent, then_key="Enter")
        if intent is None or intent.kind != "fill" or not intent.target:
            return None
        # As a search is: the field filled, then Enter pressed in it (a to-do's new item).
        return dataclasses.replace(intent, kind="search")
    match = _FILL_WITH_RE.match(t.text)
    if match:
        pairs = _pairs(t, _PART_SPLIT_RE.split(t.text[match.start("field") :]), "with")
        if pairs is not None:
            # "Fill in 'First name' with 'Ada' and 'Last name' with 'Lovelace'" (before:
            # "Ada and Last name with Lovelace" was typed into First name).
            return Intent("fill_many", fills=pairs)
        values = [p for p in _PART_SPLIT_RE.split(match.group("value")) if p.strip()]
        if len(values) > 1 and all(is_value_token(t, v) for v in values):
            # "Fill in the form with ${email} and ${password}": each value finds its own field.
            return Intent(
                "fill_many", fills=tuple(FieldValue(value_of(t, v)) for v in values)
            )
        return _fill(t, match.group("field"), value_of(t, match.group("value")))
    match = _SET_TO_RE.match(t.text)
    if match:
        pairs = _pairs(t, _PART_SPLIT_RE.split(t.text[match.start("field") :]), "to")
        if pairs is not None:
            # "Set 'First name' to 'Ada' and 'Last name' to 'Lovelace'", as "Fill … with …".
            return Intent("fill_many", fills=pairs)
        row = _VALUE_FOR_ROW_RE.match(match.group("value"))
        if row:
            # "Set the quantity to 3 for 'Mug'" is "Set the quantity for 'Mug' to 3" (before:
            # "3 for Mug" was typed).
            field = f"{match.group('field')} for {row.group('row')}"
            return _fill(t, field, value_of(t, row.group("value")))
        return _fill(t, match.group("field"), value_of(t, match.group("value")))
    match = _SLIDE_TO_RE.match(t.text)
    if match:
        # The slider by its name ("the 'Volume' slider" is the one called Volume).
        field = _SLIDER_WORD_RE.sub("", match.group("field"))
        value = value_of(t, match.group("value"))
        if re.fullmatch(r"(?:the|a|an)?", field.strip(), re.IGNORECASE):
            # "Drag the slider to 50": the one slider the page shows (before: one called
            # "slider", which none is).
            return Intent("fill", target="", value=value, role="slider")
        return _fill(t, field, value)
    match = _CLEAR_RE.match(t.text)
    if match:
        emptied = _fill(t, match.group("field"), "")
        if t.has_quoted(match.group("field")):
            return emptied
        # "Clear completed" may be the button called so (a to-do list's), as written first.
        whole = Intent("click_named", target=t.restore(t.text))
        return dataclasses.replace(whole, alternative=emptied)
    match = _ENTER_RE.match(t.text)
    if not match:
        return None
    body = match.group("body")
    parts = [p for p in _PART_SPLIT_RE.split(body) if p.strip()]
    if len(parts) > 1:
        fills = [_field_value(t, part) for part in parts]
        if all(f is not None for f in fills):
            return Intent("fill_many", fills=tuple(f for f in fills if f is not None))
    part_match = _PART_RE.match(body)
    if part_match:
        return _fill(
            t, part_match.group("field"), value_of(t, part_match.group("value"))
        )
    if VAR_TOKEN_RE.match(body.strip()):
        return Intent("fill_many", fills=(FieldValue(value_of(t, body)),))
    if t.is_single_quoted(body):
        return Intent("type", value=t.as_typed(body))
    named = _field_then_value(t, body)
    if named is not None:
        return _fill(t, named[0], value_of(t, named[1]))
    return None


_SEARCH_RE = re.compile(
    r"^search\s+(?:for\s+)?(?P<value>.+?)(?:\s+(?:in|on|using|with)\s+(?P<field>.+))?$",
    re.IGNORECASE,
)
# "Search the users for 'Grace'": what is searched names the field.
_SEARCH_WHERE_RE = re.compile(
    r"^search\s+(?P<field>(?!for\s).+?)\s+for\s+(?P<value>.+)$", re.IGNORECASE
)


_DESCRIBED_SEARCH_RE = re.compile(
    r"^(?:an?\s+|the\s+|all\s+|any\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:named|called|titled|matching|"
    r"containing|with\s+(?:the\s+)?(?:name|title|word|words|text))\s+(?P<q>\x00\d+\x00)$",
    re.IGNORECASE,
)


def _rule_search(t: Text) -> Intent | None:
    """ "Search for 'Grace'": type it into the search field and press Enter (a live filter
    has filtered by then; a search form is sent). "... in 'Products'" names the field; "Search
    for it" is the model's."""
    return _typed_as_written(_rule_search_as_written(t), t)


def _rule_search_as_written(t: Text) -> Intent | None:
    pressed = _AND_ENTER_RE.search(t.text)
    if pressed:
        # "Search for 'boots' and press Enter": a search presses it anyway.
        head = copy.copy(t)
        head.text = t.text[: pressed.start()]
        t = head
    where = _SEARCH_WHERE_RE.match(t.text)
    if where:
        target = target_of(t, where.group("field"))[0]
        value = value_of(t, where.group("value"))
        plain = Intent("search", target="Search", value=value)
        if not target:
            return plain
        # Else the one search field, where nothing answers to those words.
        return Intent("search", target=target, value=value, alternative=plain)
    match = _SEARCH_RE.match(t.text)
    if not match:
        return None
    value = match.group("value").strip()
    described = _DESCRIBED_SEARCH_RE.match(value)
    if described:
        # "Search for products named 'mug'": the name searched for (before: "products named
        # mug" was typed).
        value = described.group("q")
    field = match.group("field")
    if field is not None and not t.has_quoted(field) and not t.has_quoted(value):
        # "Search for Terms of service": unquoted words are all the value.
        value, field = f"{value} {t.text[match.end('value') :].strip()}", None
    target = target_of(t, field)[0] if field else "Search"
    return Intent("search", target=target or "Search", value=value_of(t, value))


_CHECK_RE = re.compile(
    r"^(?P<verb>check|tick|mark|uncheck|untick|unmark|un-check|un-tick|deselect|unselect|"
    r"select|enable|disable|turn\s+on|turn\s+off|switch\s+on|switch\s+off)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_CHECK_ROLES = {"checkbox", "radio", "switch"}


# "Select all rows", "Check all", "Deselect all users": the list's select-all box.
_ALL_RE = re.compile(
    r"^(?P<verb>select|check|tick|mark|deselect|unselect|uncheck|untick|unmark)\s+all"
    r"(?:\s+(?:the\s+)?(?P<what>[a-z][\w\s-]*?))?(?:\s+on\s+(?:this|the)\s+page)?$",
    re.IGNORECASE,
)


def _rule_select_all(t: Text) -> Intent | None:
    match = _ALL_RE.match(t.text)
    if not match:
        return None
    on = match.group("verb").lower() in ("select", "check", "tick", "mark")
    kind: IntentKind = "check" if on else "uncheck"
    plain = Intent(kind, target="Select all")
    what = match.group("what")
    if not what:
        return plain
    # Named for what it selects ("Select all rows"; TodoMVC's "Mark all as complete" as
    # written), else plainly.
    verb = match.group("verb").lower()
    state = re.match(r"as\s+(?P<state>.+)$", what, re.IGNORECASE)
    done = _DONE_RE.match(state.group("state")) if state else None
    if state and done is None:
        # "Mark all as read", "Mark all as spam": a control called so, never the select-all
        # box (ticking it selects every row and reads none).
        return Intent("click_named", target=t.restore(t.text))
    if done is not None and not done.group("done"):
        # "Mark all as not done", "Mark all as active": the toggle-all box cleared (before:
        # ticked, which marks them all done).
        kind = "uncheck" if on else "check"
        plain = dataclasses.replace(plain, kind=kind)
    named = t.restore(t.text) if verb in ("mark", "unmark") else f"Select all {what}"
    return Intent(kind, target=named, alternative=plain)


# The states a to-do item is marked as ("done" ticks, "not done" and "active" untick): one
# list for "Mark 'Buy milk' as done" and a to-do list's "Mark all as ..." box.
_TODO_STATE = (
    r"(?P<done>done|complete|completed|finished|resolved)|not\s+(?:done|complete|completed|"
    r"finished|resolved)|incomplete|uncompleted|unfinished|undone|active|open|pending|to\s*-?do"
)
_DONE_RE = re.compile(rf"^(?:{_TODO_STATE})$", re.IGNORECASE)
_MARK_AS_RE = re.compile(
    rf"^(?:mark|flag|set)\s+(?P<item>.+?)\s+as\s+(?:{_TODO_STATE})$",
    re.IGNORECASE,
)


def _rule_mark_as(t: Text) -> Intent | None:
    """ "Mark 'Buy milk' as done" ticks the box in that item's row (a to-do list);
    "... as not done", "... as active" unticks it."""
    match = _MARK_AS_RE.match(t.text)
    if not match:
        return None
    item = _item(t, match.group("item"))
    if item is None:
        return None
    return Intent("check" if match.group("done") else "uncheck", scope=item)


def _rule_check(t: Text) -> Intent | None:
    match = _CHECK_RE.match(t.text)
    if not match:
        return None
    verb = match.group("verb").lower().replace("-", "").replace("switch", "turn")
    rest = match.group("rest")
    if _NOT_A_CHECK_TARGET.match(rest):
        return None
    return _read_scope(
        t,
        rest,
        lambda left, scope: _check_scoped(t, verb, rest, left, scope),
    )


def _check_scoped(
    t: Text, verb: str, rest: str, left: str, scope: str | None
) -> Intent | None:
    # "Tick the terms box": a box, whatever row words follow it.
    boxed = any(w.lower().rstrip().endswith(" box") for w in (rest, left))
    left, nth, ordinal = ordinal_split(t, left)
    target, role = target_of(t, left)
    if role == "textbox":
        return None
    off = verb in (
        "uncheck",
        "untick",
        "unmark",
        "deselect",
        "unselect",
        "disable",
        "turn off",
    )
    # "Select" is only a checkbox verb when the phrase says so ("the X checkbox"); "enable" and
    # "disable" also take a quoted name alone ("Enable 'Wi-Fi'"), and "turn on/off", which say
    # nothing but a toggle, unquoted words too ("Turn on email alerts").
    named_only = (verb in ("enable", "disable") and t.is_single_quoted(left)) or (
        verb in ("turn on", "turn off") and bool(target)
    )
    if (
        verb
        in (
            "select",
            "deselect",
            "unselect",
            "enable",
            "disable",
            "turn on",
            "turn off",
        )
        and role not in _CHECK_ROLES
        and not boxed
        and not named_only
    ):
        if verb in ("enable", "disable") and target and scope is None and nth is None:
            # "Enable notifications": a button called so, as written first, else the switch
            # or box called "notifications" set (before: only the button, then the model).
            switched = Intent("uncheck" if off else "check", target=target)
            return Intent("click_named", target=t.restore(t.text), alternative=switched)
        return None
    if role is None and boxed:
        role = "checkbox"
    return Intent(
        "uncheck" if off else "check",
        target=target or None,
        role=role,
        scope=scope,
        nth=nth,
        ordinal=ordinal,
    )


_HOVER_RE = re.compile(
    r"^(?:hover(?:\s+(?:over|on|the\s+mouse\s+over))?|mouse\s*over|move\s+(?:the\s+)?"
    r"(?:mouse|cursor|pointer)\s+(?:over|to|onto)|point\s+(?:at|to))\s+(?P<target>.+)$",
    re.IGNORECASE,
)


# "Focus the email field", "Put the cursor in 'Notes'", "Tab to the Save button": the keyboard
# focus moved there (focus and blur handlers run), without the click that would press a button.
_FOCUS_RE = re.compile(
    r"^(?:focus(?:\s+(?:on|in|into))?|(?:put|place|set)\s+(?:the\s+)?(?:cursor|caret|focus)\s+"
    r"(?:in|into|on)|move\s+(?:the\s+)?focus\s+(?:to|on)|tab\s+(?:in)?to)\s+(?P<target>.+)$",
    re.IGNORECASE,
)


# "Tab to the next field", "Move to the next input": the Tab key (before: a field called "next").
_NEXT_FIELD_RE = re.compile(
    r"^(?:tab|move|go|jump|press\s+tab)\s+(?:on\s+)?to\s+the\s+(?P<which>next|previous)\s+"
    r"(?:field|input|box|control|element|text\s*box|form\s+field)$",
    re.IGNORECASE,
)


def _rule_hover(t: Text) -> Intent | None:
    nxt = _NEXT_FIELD_RE.match(t.text)
    if nxt:
        back = nxt.group("which").lower() == "previous"
        return Intent("press", value="Shift+Tab" if back else "Tab")
    match = _HOVER_RE.match(t.text)
    kind: IntentKind = "hover"
    if not match:
        match = _FOCUS_RE.match(t.text)
        kind = "focus"
    if not match:
        return None
    return _read_scope(
        t,
        match.group("target"),
        lambda left, scope: _hover_scoped(t, left, scope, kind),
    )


def _hover_scoped(
    t: Text, left: str, scope: str | None, kind: IntentKind
) -> Intent | None:
    left, nth, ordinal = ordinal_split(t, left)
    target, role = target_of(t, left)
    if not target and scope is None and nth is None:
        return None
    return Intent(
        kind,
        target=target or None,
        role=role,
        scope=scope,
        nth=nth,
        ordinal=ordinal,
    )


def _rule_submit(t: Text) -> Intent | None:
    if re.fullmatch(
        r"submit(?:\s+the)?(?:\s+[\w-]+)?(?:\s+form)?", t.text, re.IGNORECASE
    ):
        return Intent("submit")
    return None


# "Open the actions menu for Grace Hopper": a menu in a row is opened by clicking it.
_OPEN_MENU_RE = re.compile(
    r"^open(?:\s+up)?\s+(?P<rest>.+?\s+(?:menu|drop-?down|options|actions)\s+"
    r"(?:for|of|in|on|next\s+to|beside)\s+.+)$",
    re.IGNORECASE,
)


# "Open the first product", "Click the second search result", "View the last order in the
# 'Recent' list": the nth item of the collection the noun names, opened (engine.counting's
# ITEM_JS). Before, "the first product" was the first control called "product": the header's
# "Products" link. Read the old way only where no collection is called so and a control is
# called the noun word for word ("Click the third Remove"). A role word makes it a control
# ("the first link"); "name" may begin a field's name ("the first name field").
_OPEN_ITEM_RE = re.compile(
    r"^(?:click(?:\s+on)?|tap(?:\s+on)?|open(?:\s+up)?|view|visit|go\s+to)\s+(?:the\s+)?"
    rf"(?P<ord>{'|'.join(ORDINALS)})\s+"
    r"(?P<noun>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
    r"(?:\s+(?:in|on|from|under|of)\s+(?:the\s+|my\s+|your\s+)?(?P<container>[^\s].*?))?$",
    re.IGNORECASE,
)
_NOT_ITEM_WORDS = frozenset(
    {*(w for r in ROLE_WORDS for w in r.split()), "name", "of", "one", "page"}
)
# Words that say only that the container is a part of the page ("the 'Featured' section").
_REGION_WORDS_RE = re.compile(
    r"\s+(?:section|area|panel|box|block|widget|part)$", re.IGNORECASE
)


def _rule_open_item(t: Text) -> Intent | None:
    match = _OPEN_ITEM_RE.match(t.text)
    if match is None:
        return None
    noun = match.group("noun")
    words = {w.rstrip("s") for w in noun.lower().split()} | set(noun.lower().split())
    if words & _NOT_ITEM_WORDS:
        return None
    container = match.group("container") or ""
    if re.search(r"\b(?:tab|window)s?$", container, re.IGNORECASE):
        return None  # "Open the first product in a new tab"
    container = _REGION_WORDS_RE.sub("", ARTICLE_RE.sub("", t.restore(container)))
    ordinal = match.group("ord")
    nth = ORDINALS[ordinal.lower()]
    return Intent(
        "open_item",
        target=noun.lower(),
        value=container or None,
        nth=nth,
        alternative=Intent("click", target=noun, nth=nth, ordinal=ordinal.lower()),
    )


# "Open the user menu": the control called so ("Open user menu", an avatar's label) or, as a
# click's words are, the nearest ("User"); before, "menu" was dropped and the nav's "Users"
# link clicked.
_NAMED_MENU_RE = re.compile(
    r"^(?:on\s+)?(?:the|my|your)\s+(?P<name>[a-z][^\x00]*?)\s+(?P<menu>menu|drop-?down)$",
    re.IGNORECASE,
)
_SCOPE_WORDS_RE = re.compile(
    r"\b(?:for|of|in|on|next\s+to|beside|near)\b", re.IGNORECASE
)


def _named_menu(rest: str) -> Intent | None:
    """ "the user menu": the control called so ("Open user menu"), or the one called "user"
    where that names its element better (a menu button "Actions" for "the Actions menu").
    None for a quoted name ("the 'File' menu": the control called File) or a menu in a row
    ("the actions menu for X")."""
    named = _NAMED_MENU_RE.match(rest.strip())
    if named is None or _SCOPE_WORDS_RE.search(named.group("name")):
        return None
    name = named.group("name")
    return Intent(
        "click",
        target=f"{name} {named.group('menu')}",
        alternative=Intent("click", target=name),
    )


# "Open the details for 'Ada'", "View the invoice of order 'A-1002'": that control in the row of
# the quoted words (before: a link called "details for Ada").
_OPEN_FOR_RE = re.compile(
    r"^(?:open|view|show|see)\s+(?:the\s+)?(?P<what>(?!(?:the|a|an|page|tab|window|link)\b)"
    r"[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:for|of)\s+(?P<row>.+)$",
    re.IGNORECASE,
)


def _rule_open_for(t: Text) -> Intent | None:
    match = _OPEN_FOR_RE.match(t.text)
    if match is None or not t.is_single_quoted(_row_words(match.group("row"))):
        return None
    return Intent(
        "click",
        target=t.restore(match.group("what")),
        scope=t.restore(_row_words(match.group("row"))),
    )


def _rule_open_menu(t: Text) -> Intent | None:
    opened = re.match(r"^open(?:\s+up)?\s+(?P<rest>.+)$", t.text, re.IGNORECASE)
    named = _named_menu(opened.group("rest")) if opened else None
    if named is not None:
        return named
    match = _OPEN_MENU_RE.match(t.text)
    if not match:
        return None
    return _read_scope(
        t,
        match.group("rest"),
        lambda left, scope: _click_scoped(t, "click", left, scope),
    )


_CLICK_RE = re.compile(
    r"^(?P<verb>double[\s-]?click(?:\s+on)?|(?:right|context)[\s-]?click(?:\s+on)?|"
    # "Click into the email field": the field, not one called "into the email".
    r"click(?:\s+(?:on|into|inside|in)(?=\s+(?:the|a|an|this|that|my|your|\x00)))?|press|"
    r"tap(?:\s+(?:on|into|in))?|hit|push|activate|"
    r"follow|select|choose|pick|expand|collapse|toggle|unfold|fold)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


_ALL_OF_RE = re.compile(r"^(?:all|everything)(?:\s+(?:the\s+)?[a-z]+)?$", re.IGNORECASE)


# "Click 'Next' 3 times", "Click + twice", "Tap the plus button three times": one control
# clicked so many times (before: a control called "Next 3 times").
_CLICK_TIMES_RE = re.compile(
    r"^(?P<head>(?:click|tap)(?:\s+on)?\s+.+?)\s+(?:(?P<twice>twice|thrice)|(?P<n>[2-9]|two|"
    r"three|four|five|six|seven|eight|nine)\s+times)(?:\s+in\s+a\s+row)?$",
    re.IGNORECASE,
)
_CLICK_TIMES = {"twice": 2, "thrice": 3, **NUMBER_WORDS}
# "Click 'Load more' until 'Item 20' appears", "Keep clicking 'Next' until 'Page 3' is shown":
# the one control, clicked until the words show (before: a control called "Load more until
# Item 20 appears", or the model's).
_CLICK_UNTIL_RE = re.compile(
    r"^(?:keep\s+)?(?:click(?:ing)?|tap(?:ping)?|press(?:ing)?)(?P<rest>\s+.+?)\s+until\s+"
    r"(?:you\s+see\s+|i\s+see\s+)?(?P<text>\x00\d+\x00)(?:\s+(?:appears|shows(?:\s+up)?|"
    r"is\s+(?:shown|visible|displayed|loaded|there)|comes\s+up))?$",
    re.IGNORECASE,
)


def _rule_click(t: Text) -> Intent | None:
    until = _CLICK_UNTIL_RE.match(t.text)
    if until:
        head = copy.copy(t)
        head.text = f"Click{until.group('rest')}"
        once = _rule_click(head)
        if once is not None and once.kind == "click" and once.nth is None:
            said = t.restore(until.group("text"))
            return dataclasses.replace(once, value=f"{CLICK_UNTIL}{said}")
        return None
    times = _CLICK_TIMES_RE.match(t.text)
    if times:
        said = (times.group("twice") or times.group("n")).lower()
        count = _CLICK_TIMES[said] if said in _CLICK_TIMES else int(said)
        head = copy.copy(t)
        head.text = times.group("head")
        once = _rule_click(head)
        if once is not None and once.kind == "click" and once.nth is None:
            return dataclasses.replace(once, value=f"*{count}")
        return None
    match = _CLICK_RE.match(t.text)
    if not match:
        return None
    verb = match.group("verb").lower()
    rest = match.group("rest")
    if verb == "toggle" and re.match(r"to\s+\S", rest, re.IGNORECASE):
        # "Toggle to yearly billing": the control called "yearly billing" (before: "to …").
        head = copy.copy(t)
        head.text = f"Click {rest[3:].strip()}"
        return _rule_click(head)
    if (
        verb == "follow"
        and not t.has_quoted(rest)
        and not re.search(r"\blinks?\b", rest, re.IGNORECASE)
        and re.match(r"(?:the|this|that|a|an|my)\s", rest, re.IGNORECASE)
    ):
        # "Follow the user" is the control called so (a Follow button), else "user" clicked;
        # before: only a control called "user" (a user menu would do).
        whole = Intent("click_named", target=t.restore(t.text))
        return dataclasses.replace(
            whole, alternative=_click_scoped(t, "click", rest, None)
        )
    if verb in ("expand", "collapse", "unfold", "fold") and _ALL_OF_RE.match(
        match.group("rest")
    ):
        # "Expand all": the control called so, never a filter link called "All".
        return Intent("click_named", target=t.restore(t.text))
    named = _named_menu(match.group("rest"))
    if named is not None and verb in (
        "click",
        "click on",
        "tap",
        "tap on",
        "press",
        "hit",
    ):
        return named
    return _read_scope(
        t, match.group("rest"), lambda left, scope: _click_scoped(t, verb, left, scope)
    )


_OPTION_OF_RE = re.compile(
    r"^(?:the\s+|a\s+|an\s+)?(?:(?P<n1>[a-z]+)\s+(?P<q1>\x00\d+\x00)|(?P<q2>\x00\d+\x00)\s+"
    r"(?P<n2>(?!option\b|button\b|link\b|item\b|tab\b|box\b|entry\b|row\b|card\b)[a-z]+))$",
    re.IGNORECASE,
)


# "Click the X on the banner": a cross people read on a control named Close or Dismiss (drawn
# as a multiplication sign or an svg), or Remove in a row; not a control called "X".
_CROSS_WORDS = frozenset({"x", "\u00d7", "\u2715", "\u2716", "\u2573", "cross"})


def _click_scoped(t: Text, verb: str, left: str, scope: str | None) -> Intent | None:
    left, nth, ordinal = ordinal_split(t, left)
    target, role = target_of(t, left)
    if target.lower() in _CROSS_WORDS and not t.has_quoted(left) and nth is None:
        # Else a row's cross that deletes it ("the X on the 'Buy milk' todo": a destroy icon).
        crossed = Intent("click", target="Close", role=role, scope=scope)
        return dataclasses.replace(
            crossed, alternative=dataclasses.replace(crossed, target="Remove")
        )
    if not target and scope is None and nth is None:
        return None
    if nth is not None and not target and role is None:
        return None
    if verb in ("select", "choose", "pick"):
        if role in _CHECK_ROLES:
            return Intent(
                "check",
                target=target or None,
                role=role,
                scope=scope,
                nth=nth,
                ordinal=ordinal,
            )
        if role is None and scope is None:
            named = _OPTION_OF_RE.match(left.strip()) if nth is None else None
            if named:
                # "Select size 'Large'", "Choose 'Express' shipping": the option, in the list
                # or group the other word names (before: an option called "size Large").
                quoted = named.group("q1") or named.group("q2")
                noun = named.group("n1") or named.group("n2")
                value = t.restore(quoted)
                return Intent(
                    "select",
                    value=value,
                    alternative=Intent("select", target=noun, value=value),
                )
            # "Choose the first class fare": an option's words, ordinal and all.
            return Intent("select", value=f"{ordinal} {target}" if ordinal else target)
    kind: IntentKind = (
        "dblclick"
        if verb.startswith("double")
        else "rightclick"
        if verb.startswith(("right", "context"))
        else "click"
    )
    return Intent(
        kind,
        target=target or None,
        role=role,
        scope=scope,
        nth=nth,
        ordinal=ordinal,
    )


# "Show the active todos", "View completed tasks only", "Show all": a list's filter named by
# its one word (a link, a tab, a chip called "Active").
_SHOW_ONLY_RE = re.compile(
    r"^(?:show|view|display|list|see)\s+(?:me\s+)?(?:only\s+)?(?:the\s+)?(?P<what>[\w-]+)"
    r"(?:\s+(?:ones|items|todos|to-dos|tasks|entries|rows|records|results|orders|users|issues|"
    r"messages|emails|posts|products|projects|tickets|invoices|files|notes|jobs|runs))?"
    r"(?:\s+only)?$",
    re.IGNORECASE,
)


# "Accept the terms", "I agree to the privacy policy": a control called so, else the box whose
# label names what is agreed to ("I accept the terms").
_AGREE_RE = re.compile(
    r"^(?:i\s+)?(?:accept|agree\s+(?:to|with)|consent\s+to|acknowledge)\s+(?:the\s+|our\s+|your\s+)?"
    r"(?P<what>.+)$",
    re.IGNORECASE,
)


def _rule_agree(t: Text) -> Intent | None:
    match = _AGREE_RE.match(t.text)
    if not match or not (is_bare_name(t) or t.is_single_quoted(match.group("what"))):
        return None
    box = Intent("check", target=t.restore(match.group("what")), role="checkbox")
    return Intent("click_named", target=t.restore(t.text), alternative=box)


def _rule_bare_name(t: Text) -> Intent | None:
    """A step no other rule reads that may be a control's name: "Log out", "Next"; "Show the
    active todos" may also be the filter called "Active"."""
    if not is_bare_name(t):
        return None
    named = Intent("click_named", target=t.restore(t.text))
    shown = _SHOW_ONLY_RE.match(t.text)
    if shown and shown.group("what").lower() not in ("me", "more", "less", "details"):
        what = shown.group("what")
        filter_name = "All" if what.lower() in ("all", "everything") else what
        return dataclasses.replace(
            named, alternative=Intent("click_named", target=filter_name)
        )
    return named


def named_readings(intent: Intent) -> tuple[str, ...]:
    """Every name a click_named step may be, best first: its words' readings, then its other
    reading's ("Show the active todos", then "Active")."""
    readings: list[str] = []
    reading: Intent | None = intent
    while reading is not None and reading.kind == "click_named":
        readings.extend(name_readings(reading.target or ""))
        reading = reading.alternative
    return tuple(dict.fromkeys(readings))


# "Open 'Docs' in a new tab", "Click the 'Help' link to open it in a new window": the link,
# opened; a tab the app opens is followed as ever, else the case goes on in this one (before:
# a link called "Docs in a new").
_NEW_TAB_RE = re.compile(
    r"^(?P<head>(?:open|click|tap|follow|visit)\b.+?)\s+(?:(?:so\s+as\s+)?to\s+open\s+it\s+)?"
    r"in\s+(?:a\s+)?new\s+(?:browser\s+)?(?:tab|window)$",
    re.IGNORECASE,
)


def _rule_new_tab(t: Text) -> Intent | None:
    match = _NEW_TAB_RE.match(t.text)
    if match is None:
        return None
    opened = parse(_said(t, match.group("head")))
    if opened is None or opened.kind not in ("open_link", "click", "open_item", "goto"):
        return None
    return opened


_RULES = (
    _rule_new_tab,
    grammar_nav.rule_blur,
    grammar_pages.rule_click_outside,
    grammar_pages.rule_consent,
    grammar_pages.rule_dialog,
    grammar_pages.rule_notice,
    grammar_pages.rule_pagination,
    grammar_lists.rule_sorted,
    grammar_lists.rule_sort,
    grammar_lists.rule_filter,
    grammar_lists.rule_page_size,
    grammar_lists.rule_clear_filters,
    grammar_pages.rule_tabs,
    grammar_pages.rule_drag,
    grammar_checks.rule_claim,
    grammar_nav.rule_assert,
    grammar_nav.rule_wait,
    grammar_nav.rule_screenshot,
    grammar_nav.rule_viewport,
    grammar_nav.rule_scroll,
    grammar_nav.rule_history,
    _rule_open_item,
    _rule_open_menu,
    _rule_open_for,
    grammar_nav.rule_goto,
    grammar_nav.rule_press,
    grammar_nav.rule_upload,
    _rule_field_text,
    _rule_add_remove,
    _rule_add_item,
    _rule_log_in_as,
    _rule_click_in_menu,
    _rule_select,
    _rule_search,
    # Before fill: "Put the cursor in 'Notes'" types nothing.
    _rule_hover,
    _rule_step,
    _rule_fill,
    _rule_select_all,
    _rule_mark_as,
    _rule_check,
    _rule_submit,
    _rule_click,
    _rule_agree,
    _rule_bare_name,
)


# "Fill 'Name' with 'Ada' and submit the form", "Click 'Save' and wait for 'Saved'": two steps in
# one. Read as one, the second became part of a value typed or a name looked for ("Ada and
# submit the form"); such a step is read a step at a time (`steps_in`), else by the model.
# Besides those, words that start a step or name a field ("Search", "Filter").
_AND_STEP_RE = re.compile(
    r"(?:\s*[,;]\s*(?:(?:and\s+)?then\s+|and\s+)?|\s+(?:and\s+then|and|then)\s+)"
    rf"(?=(?:{_ACTION_VERBS}|save|add|remove|delete|enter|type|fill|search|sort|filter|"
    r"clear)\b)",
    re.IGNORECASE,
)
# A quoted name is over where its quote closes: "Click 'Delete' and confirm" is two steps
# whatever follows (before: a control called "Delete and confirm"). "'Red' and 'Blue'" is a
# list of names, "'Save', then 'Close'" two clicks.
_AFTER_QUOTE_RE = re.compile(
    r"(?<=\x00)(?:\s*;\s*(?:(?:and\s+)?then\s+)?|"
    r"(?:\s*,\s*|\s+)(?:(?:and\s+)?then\s+|and\s+(?!\x00)))",
    re.IGNORECASE,
)
# "... and add it to the cart": what "it" is, the words before say; the model reads such a step.
_PRONOUN_RE = re.compile(r"\b(?:it|them|its|their|this one|that one)\b", re.IGNORECASE)
# "Click 'Delete' and confirm": the dialog the click opened, answered (an HTML modal by its
# button, a browser dialog by accepting it).
_DIALOG_TAIL_RE = re.compile(
    r"(?:(?P<yes>confirm|accept|ok|okay)|(?P<no>cancel))(?:\s+(?:it|the\s+dialog))?",
    re.IGNORECASE,
)


def _points_back(tail: str) -> bool:
    return bool(_PRONOUN_RE.search(tail)) and not _DIALOG_TAIL_RE.fullmatch(tail)


def _said(prepared: Text, fragment: str) -> str:
    """A fragment of the prepared words as a step of its own, its quotes put back."""
    return PLACEHOLDER_RE.sub(
        lambda m: quote(prepared.verbatim[int(m.group(1))]), fragment
    ).strip(" ,")


def _tail_step(said: str, *, after_quote: bool) -> str | None:
    """The words after "and" as a step of their own, or None when they are not one: a bare
    name continues a name ("Click Save and add another") unless a quote closed the name."""
    answered = _DIALOG_TAIL_RE.fullmatch(said)
    if answered and after_quote:
        return "Accept the dialog" if answered.group("yes") else "Dismiss the dialog"
    then = parse(said)
    if then is None or (then.kind == "click_named" and not after_quote):
        return None
    return said


def _splits(prepared: Text) -> list[tuple[str, str, bool]]:
    """Where the words may part into two steps: (head, tail, whether a quote ended the head)."""
    found = {m.start(): m for m in _AND_STEP_RE.finditer(prepared.text)}
    quoted = {m.start(): m for m in _AFTER_QUOTE_RE.finditer(prepared.text)}
    return [
        (
            prepared.text[:start],
            prepared.text[(quoted.get(start) or found[start]).end() :],
            start in quoted,
        )
        for start in sorted(found.keys() | quoted.keys())
    ]


def _two_steps(prepared: Text, intent: Intent) -> bool:
    """Whether the words go on, after "and", with a step of their own (not a control's name:
    "Click Save and add another" is one button)."""
    if intent.then_key or intent.kind in ("fill_many", "assert_state"):
        return False
    for _, tail, after_quote in _splits(prepared):
        if _AND_ENTER_RE.fullmatch(" and " + tail):
            continue  # "... and press Enter" is read by the rules themselves
        if after_quote and _points_back(tail):
            continue  # "Drag 'A' and drop it on 'B'": one step told in two verbs
        if _tail_step(_said(prepared, tail), after_quote=after_quote) is not None:
            return True
    return False


def steps_in(text: str) -> tuple[str, ...] | None:
    """The steps a step's words hold when they are two or more the grammar reads a step at a
    time ("Fill 'Name' with 'Ada' and submit the form"); None for one step or words it cannot
    part (a pronoun pointing back: "... and add it to the cart")."""
    prepared = Text(text)
    if not prepared.text or parse(text) is not None:
        return None
    return _quantity_parts(prepared) or _parts(prepared)


def _parts(prepared: Text) -> tuple[str, ...] | None:
    for head, tail, after_quote in _splits(prepared):
        first = parse(_said(prepared, head))
        if first is None or first.kind == "click_named" or _points_back(tail):
            continue
        said = _said(prepared, tail)
        second = _tail_step(said, after_quote=after_quote)
        if second is not None:
            return (_said(prepared, head), second)
        rest = _parts(Text(said))
        if rest is not None:
            return (_said(prepared, head), *rest)
    return None


def first_intent(text: str) -> Intent | None:
    """The intent of a step, or of the first of the steps it holds."""
    intent = parse(text)
    if intent is None and (parts := steps_in(text)) is not None:
        intent = parse(parts[0])
    return intent


def parse(text: str) -> Intent | None:
    """The intent of a step template, or None when the step needs a language model."""
    prepared = Text(text)
    if not prepared.text:
        return None
    for rule in _RULES:
        intent = rule(prepared)
        if intent is not None:
            return None if _two_steps(prepared, intent) else intent
    return None


_QUOTED_ASSERT_RE = re.compile(r"(?<!\w)(['\"])(.+?)\1(?!\w)")


def quoted_assertion(
    text: str,
) -> tuple[Literal["contains", "absent"], tuple[str, ...]] | None:
    """A check-less assertion that quotes text: "'Account created' is shown" → contains.

    Negated wording ("'Your cart is empty' is not shown", "no 'Error' appears") means absent.
    """
    unified = unify_quotes(text)
    quoted = tuple(m.group(2).strip() for m in _QUOTED_ASSERT_RE.finditer(unified))
    if not quoted or not all(quoted):
        return None
    unquoted = _QUOTED_ASSERT_RE.sub(" ", unified)
    if NEGATION_RE.search(unquoted) or re.search(
        r"(?:^|\s)no\s*$|^\s*no\b", unquoted, re.I
    ):
        return "absent", quoted
    return "contains", quoted


def sorted_assertion(text: str) -> tuple[str, str | None, str] | None:
    """ "The list is sorted by Email descending" as an assertion: (column, direction, the
    words naming what is sorted: "list")."""
    intent = grammar_lists.rule_sorted(Text(text))
    if intent is None or intent.target is None:
        return None
    return intent.target, intent.value, intent.scope or ""


def quotes_say_everything(text: str) -> bool:
    """True when a quoted assertion claims nothing beyond "these strings are (not) shown"."""
    unified = unify_quotes(text)
    if not _QUOTED_ASSERT_RE.search(unified):
        return False
    return says_only_presence(_QUOTED_ASSERT_RE.sub(" ", unified))
