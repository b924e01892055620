"""The typed result of the grammar: what a step asks for, values still `${name}` templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

IntentKind = Literal[
    "goto",
    "open_link",
    "back",
    "forward",
    "reload",
    # "Resize the window to 375x667": the page's viewport set to that size ("WxH").
    "viewport",
    "click",
    # "Open the first product": the nth item (`nth`) of the collection `target` names, in the
    # region `value` names, opened through its link (engine.counting.ITEM_JS).
    "open_item",
    # A step that is only a control's name ("Log out", "Discard the changes"): clicked when a
    # control is called so, word for word (engine.phrases.name_readings).
    "click_named",
    "dblclick",
    "rightclick",
    "fill",
    "fill_many",
    # "Increase the quantity of 'Tote Bag'": the stepper beside it (engine.steppers); `value`
    # is the sign and the number of steps ("+1", "-2").
    "step_value",
    "search",
    "sort",
    "filter",
    "type",
    "select",
    "check",
    "uncheck",
    "press",
    "hover",
    # "Focus the email field": the element gets the keyboard focus, nothing is clicked.
    "focus",
    "scroll",
    "scroll_to",
    "wait_text",
    "wait_gone",
    "wait_time",
    "wait_load",
    # "Wait for the spinner to disappear": nothing on the page shows it is still loading.
    "wait_idle",
    # "Take a screenshot": the page as it is, kept with the run's evidence.
    "screenshot",
    "upload",
    "submit",
    "assert_text",
    "assert_absent",
    "accept_dialog",
    "dismiss_dialog",
    "answer_dialog",
    "assert_dialog",
    "switch_tab",
    "close_tab",
    "drag",
    "consent",
    # "Dismiss the notification": a notice's own close control (engine.notices).
    "dismiss_notice",
    # "Click outside the modal": a spot outside what is open (engine.pages.OUTSIDE_JS);
    # `target` says what ("menu", else any).
    "click_outside",
    # "Go to page 3": the control for that page in the list's pager (engine.pagers).
    "go_to_page",
    "assert_sorted",
    # A claim about the page itself: URL, title, a control's state, a field's value
    # (engine.grammar_checks); `value` holds the claim's words.
    "assert_state",
]


# Steps that answer the browser's own dialogs, and every step about the browser rather than an
# element (engine.pages): none of them needs a snapshot.
DIALOG_ANSWERS = frozenset({"accept_dialog", "dismiss_dialog", "answer_dialog"})
# A cookie banner and a notice are answered by words, not by an element a step names
# (engine.consent, engine.notices).
BROWSER_KINDS = DIALOG_ANSWERS | {
    "assert_dialog",
    "switch_tab",
    "close_tab",
    "consent",
    "dismiss_notice",
}


@dataclass(frozen=True)
class FieldValue:
    """One value of a multi-field step: a template (`${email}`) and, if named, its field."""

    value: str
    target: str | None = None


# A drag moves the mouse in this many steps, in a run and in an exported test alike: sortable
# lists (jQuery UI, SortableJS) reorder on the moves in between.
DRAG_STEPS = 5

# "Click 'Load more' until 'Item 20' appears": a click's value holding the words it waits for.
CLICK_UNTIL = "until:"
# The most clicks such a step makes before it fails.
CLICK_UNTIL_MAX = 20


def viewport_size(value: str | None) -> tuple[int, int]:
    """A viewport action's value ("375x667") as (width, height)."""
    wide, high = (value or "").split("x")
    return int(wide), int(high)


# "Press Tab twice": the key and how many times, kept as "Tab*2" in the press's value.
_REPEATED_KEY_RE = re.compile(r"^(?P<key>.+)\*(?P<times>[2-9])$")


def repeated_key(key: str) -> tuple[str, int]:
    """The key a press's value names and how many times it is pressed."""
    match = _REPEATED_KEY_RE.match(key)
    if match is None:
        return key, 1
    return match.group("key"), int(match.group("times"))


@dataclass(frozen=True)
class Intent:
    """What a step asks for, with every value still a `${name}` template.

    `target` names the element as the author wrote it; `role` is a hint from words like "button" or
    "link"; `scope` is the text of the row the target must be in; `value` is the text to type, the
    option, the key, the path/URL, the scroll direction or a wait in milliseconds.
    """

    kind: IntentKind
    target: str | None = None
    value: str | None = None
    role: str | None = None
    scope: str | None = None
    fills: tuple[FieldValue, ...] = ()
    # A wait the step bounds itself ("wait up to 2 minutes for ..."): slow jobs outlast the default.
    timeout_ms: int | None = None
    # Which of several equal matches, in page order ("the second 'Quantity' field"); -1: the last.
    nth: int | None = None
    # Set when `nth` counts rows, not controls: "Remove the second note" is the second row's
    # Remove however many a row has, among the rows that say "note" when some do ("" for a noun
    # that names no kind of row: item, row, entry).
    row_noun: str | None = None
    # The ordinal as written when the words after it were not quoted: "the first name field"
    # may be the field called "First name" (`named`) rather than the first "name" field.
    ordinal: str | None = None
    # Another reading of the same words, grounded beside this one: "the edit button for Grace
    # Hopper" may be the Edit button in Grace Hopper's row (a scope split at a bare "for").
    alternative: Intent | None = None
    # A key pressed once the words are typed at the caret ("Type 'hi' and press Enter").
    then_key: str | None = None

    @property
    def fallback(self) -> Intent | None:
        """The other reading when it is of another kind, tried only where this one finds
        nothing ("Clear completed": no control called so, so the field called "completed")."""
        other = self.alternative
        return other if other is not None and other.kind != self.kind else None

    @property
    def by_place(self) -> bool:
        """Whether the step names a place among what the page shows now ("the second
        'Quantity' field", "the last todo"): grounded afresh each run, never replayed from a
        recorded locator. An ordinal before unquoted words may be part of a name ("the first
        name field"), so such a step is not."""
        return self.nth is not None and self.ordinal is None

    @property
    def named(self) -> str | None:
        """The target read with its ordinal as part of the name, when that reading exists."""
        if self.ordinal is None or not self.target:
            return None
        return f"{self.ordinal} {self.target}"
