"""Grammar rules for the lists of admin pages and shops: sorting, checking a sort, filtering.

"Sort by Email", "Sort the users by 'Signed up' descending", "Order by price, high to low",
"Sort the Email column in reverse order" are `sort` intents: target the column, value the
direction (None: any). "Verify the list is sorted by Email" is an `assert_sorted` intent, the
same words as an assertion `sorted_assertion` (engine.grammar). "Filter by Editor", "Filter
by role: Editor", "Filter the role by Editor" are `filter` intents: value what to filter by,
target the list it is chosen in when the step names one. "Show 25 entries per page" chooses 25
in the one list that offers it; "Clear the filters" clicks the control that does it. How a page
takes them is decided on the page (engine.action_plan).
"""

from __future__ import annotations

import re

from engine.intent import Intent
from engine.phrases import Text, target_of, value_of
from engine.sorting import direction_of

_DIRECTION = (
    r"ascending|descending|asc|desc|reversed?|increasing|decreasing|"
    r"a\s*(?:-|–|to|→)\s*z|z\s*(?:-|–|to|→)\s*a|"
    r"(?:low(?:est)?|small(?:est)?|old(?:est)?|earliest|high(?:est)?|larg(?:est)?|"
    r"big(?:gest)?|new(?:est)?|latest|most\s+recent)\s+(?:to\s+\w+|first)|"
    r"(?:cheap(?:est)?|(?:most\s+)?expensive|priciest)\s+(?:to\s+(?:(?:most|least)\s+)?\w+|first)"
)
_DIRECTION_TAIL_RE = re.compile(
    rf"\s*,?\s*\(?\s*(?:in\s+|from\s+)?(?P<dir>{_DIRECTION})(?:\s+order)?\s*\)?$",
    re.IGNORECASE,
)
_SORT_RE = re.compile(
    r"^(?:re-?)?(?:sort|order)\s+(?:(?P<what>.+?)\s+)?by\s+(?P<column>.+)$",
    re.IGNORECASE,
)
_SORT_COLUMN_RE = re.compile(
    r"^(?:re-?)?sort\s+(?:on\s+)?(?P<column>.+?)\s+(?:column|header)(?P<rest>.*)$",
    re.IGNORECASE,
)
_COLUMN_WORD_RE = re.compile(r"\s+(?:column|header|field)$", re.IGNORECASE)


def rule_sort(t: Text) -> Intent | None:
    """ "Sort by Email descending": the column, and the direction when the words say one."""
    match = _SORT_RE.match(t.text) or _SORT_COLUMN_RE.match(t.text)
    if not match:
        return None
    words = t.text[match.start("column") :]
    direction = None
    tail = _DIRECTION_TAIL_RE.search(words)
    if tail:
        direction = _direction(tail.group("dir"))
        words = words[: tail.start()]
    # "Sort by price: high to low": the colon belongs to the sentence, not the column.
    words = _COLUMN_WORD_RE.sub("", words.strip().rstrip(":;,-–— "))
    column, _role = target_of(t, words)
    if not column:
        return None
    return Intent("sort", target=column, value=direction)


def _direction(words: str) -> str:
    if re.match(r"revers", words, re.IGNORECASE):
        return "descending"
    return direction_of(words) or "ascending"


# "Show 25 entries per page", "Display 100 rows", "Show 50 per page": the page-size list.
_PAGE_SIZE_RE = re.compile(
    r"^(?:show|display|view|list)\s+(?P<size>\d+)\s+(?:(?:entries|rows|items|results|records|"
    r"lines|per)\b.*)$",
    re.IGNORECASE,
)


def rule_page_size(t: Text) -> Intent | None:
    """ "Show 25 entries per page": the one list that offers 25 chooses it (else the control
    called "25" is clicked, as for "Select '25'")."""
    match = _PAGE_SIZE_RE.match(t.text)
    if not match:
        return None
    return Intent("select", value=match.group("size"))


_BE = r"(?:is|are|(?:should|must|will)\s+(?:now\s+)?be)"
_SORTED_RE = re.compile(
    r"^(?:(?:verify|check|assert|confirm|ensure|expect|make\s+sure)(?:\s+that)?\s+)?(?:the\s+)?"
    rf"(?:(?P<subject>.+?)\s+{_BE}\s+(?:now\s+)?(?:sorted|ordered)\s+by\s+(?P<column>.+)|"
    rf"(?P<named>.+?)\s+column\s+{_BE}\s+(?:now\s+)?(?:sorted|ordered)(?P<rest>.*))$",
    re.IGNORECASE,
)


# "The list should be sorted alphabetically", "The prices are in ascending order", "Dates
# should be sorted newest first": an order said without "by". Alphabetical is by name; a
# direction alone is about the part the subject names (its plural: "the prices").
_SORTED_PLAIN_RE = re.compile(
    r"^(?:(?:verify|check|assert|confirm|ensure|expect|make\s+sure)(?:\s+that)?\s+)?"
    rf"(?:the\s+)?(?P<subject>.+?)\s+{_BE}\s+(?:now\s+)?"
    r"(?:(?P<verb>sorted|ordered|listed|arranged|shown|displayed)\s+)?"
    r"(?P<how>(?:in\s+)?(?P<abc>(?:reverse(?:d)?\s+)?alphabetical(?:ly)?)(?:\s+order)?|"
    rf"(?:in\s+|from\s+)?(?P<dir>{_DIRECTION})(?:\s+order)?)$",
    re.IGNORECASE,
)
# Subjects that are the collection, not a part of its items: its order by a direction alone
# says no part ("The products are in ascending order": of what?).
_COLLECTION_NOUNS = frozenset(
    [
        "list",
        "table",
        "grid",
        "result",
        "item",
        "entry",
        "row",
        "record",
        "product",
        "user",
        "card",
        "post",
        "article",
        "order",
        "file",
        "task",
        "todo",
        "contact",
        "customer",
        "employee",
        "book",
        "option",
        "menu",
    ]
)


_IMPLIED_PART_RE = re.compile(
    r"^(?:(?P<date>new(?:est)?|old(?:est)?|latest|earliest|most\s+recent)|cheap(?:est)?|"
    r"(?:most\s+)?expensive|priciest)\b",
    re.IGNORECASE,
)


def _singular(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith("s") and not lower.endswith("ss"):
        return word[:-1]
    return word


def _sorted_plainly(t: Text) -> Intent | None:
    match = _SORTED_PLAIN_RE.match(t.text)
    if not match or "\x00" in match.group("subject"):
        return None
    if not match.group("verb") and not re.match(
        r"in\s|alphabetically", match.group("how"), re.IGNORECASE
    ):
        return None  # "The prices are ascending" says too little to be sure
    words = match.group("subject").split()
    noun = _singular(words[-1])
    part_named = noun.lower() not in _COLLECTION_NOUNS and len(words) <= 3
    letters = re.fullmatch(
        r"([az])\s*(?:-|–|to|→)\s*[az]", match.group("dir") or "", re.I
    )
    if match.group("abc") or letters:
        reverse = (match.group("abc") or "").lower().startswith("revers") or bool(
            letters and letters.group(1).lower() == "z"
        )
        direction = "descending" if reverse else "ascending"
        if part_named:
            return Intent("assert_sorted", target=noun.lower(), value=direction)
        return Intent(
            "assert_sorted",
            target="name",
            value=direction,
            scope=t.restore(" ".join(words)),
        )
    if not part_named:
        # "The articles should be sorted newest first" is by date, "… cheapest first" by price.
        implied = _IMPLIED_PART_RE.search(match.group("dir"))
        if implied is None:
            return None
        part = "date" if implied.group("date") else "price"
        return Intent(
            "assert_sorted",
            target=part,
            value=_direction(match.group("dir")),
            scope=t.restore(" ".join(words)),
        )
    scope = " ".join(words[:-1]) or None
    return Intent(
        "assert_sorted",
        target=noun.lower(),
        value=_direction(match.group("dir")),
        scope=scope,
    )


def rule_sorted(t: Text) -> Intent | None:
    """ "Verify the list is sorted by Email descending", "Check that the Age column is sorted",
    "The products should be sorted by price, high to low": the column's cells, read in the
    page's order (engine.sorting.COLUMN_ORDER_JS), else each item's part so called in the
    collection the subject names (`scope`: "products")."""
    match = _SORTED_RE.match(t.text)
    if not match:
        return _sorted_plainly(t)
    words = match.group("column") or f"{match.group('named')} {match.group('rest')}"
    direction = None
    tail = _DIRECTION_TAIL_RE.search(words)
    if tail:
        direction = _direction(tail.group("dir"))
        words = words[: tail.start()]
    column, _role = target_of(t, _COLUMN_WORD_RE.sub("", words.strip()))
    if not column:
        return None
    subject = match.group("subject")
    return Intent(
        "assert_sorted", target=column, value=direction, scope=subject or None
    )


# "Clear the filters", "Reset all filters": the button that does it, not a field called so.
_CLEAR_FILTERS_RE = re.compile(
    r"^(?:clear|remove)\s+(?:all\s+)?(?:the\s+)?(?:search\s+)?filters?$",
    re.IGNORECASE,
)


def rule_clear_filters(t: Text) -> Intent | None:
    """ "Clear the filters": the control called "Clear all filters", or near enough ("Clear
    filters", "Clear all"); a "Reset" button is named as such ("Click 'Reset'")."""
    if not _CLEAR_FILTERS_RE.match(t.text):
        return None
    return Intent("click", target="Clear all filters")


_FILTER_RE = re.compile(
    r"^filter\s+(?:(?P<what>.+?)\s+)?(?:by|on|to\s+show(?:\s+only)?)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# "role: Editor", "role = Editor", "role 'Editor'": the list, then what is chosen in it.
_FIELD_VALUE_RE = re.compile(
    r"^(?P<field>[^:=]+?)\s*(?:[:=]\s*|\s(?=\x00))(?P<value>.+)$"
)


def rule_filter(t: Text) -> Intent | None:
    """ "Filter by Editor": choose it in the list that offers it, else turn on the control
    called so (a chip, a checkbox), else type it into the search field. A named list ("by
    role: Editor", "Filter the role by Editor") is tried first; the other ways when nothing
    answers to that name ("Filter the users by Editor": the users are no list)."""
    match = _FILTER_RE.match(t.text)
    if not match:
        return None
    rest = match.group("rest").strip()
    field: str | None = None
    split = _FIELD_VALUE_RE.match(rest)
    if split and (":" in rest or "=" in rest or t.is_single_quoted(split["value"])):
        field, rest = split.group("field"), split.group("value")
    elif match.group("what"):
        field = match.group("what")
    value = value_of(t, rest)
    if not value:
        return None
    plain = Intent("filter", value=value)
    target = target_of(t, field)[0] if field else ""
    if not target:
        return plain
    return Intent("filter", target=target, value=value, alternative=plain)
