"""Steppers: "Increase the quantity of 'Tote Bag'", "Decrease the number of adults by 2".

A value is stepped by the control beside it that says so: a plus or minus button, one called
Increase/Decrease/Increment/Plus/Minus ("Increase quantity for Tote Bag"), a nameless icon whose
class, sprite or title says plus/minus, add/remove or up/down. The one meant sits in the
smallest box around the field that holds one, no higher than a box that also holds another
field (whose steppers are its own), in the row the step names; with no field to stand beside
(a count shown as words), it is the one whose row or neighbouring words name what is stepped,
else the page's only one. It is clicked once a step. With no such control, a number field or an
ARIA spinbutton takes ArrowUp or ArrowDown, as it does from a keyboard. "… to 3" is no step: it
sets the field (engine.grammar).
"""

from __future__ import annotations

import re

from engine.element_roles import fits_verb
from engine.grounding import in_scope
from engine.normalize import normalize
from engine.snapshot import Element, Snapshot

# A control's own words that step up or down: a sign alone, or a name that starts so.
_SAYS = {
    True: re.compile(
        r"^\s*[+＋▲⌃˄]\s*$|^\s*(?:plus|increase|increment|add\s+(?:one|1)|one\s+more)\b",
        re.IGNORECASE,
    ),
    False: re.compile(
        r"^\s*[-−–—▼⌄˅]\s*$|^\s*(?:minus|decrease|decrement|remove\s+(?:one|1)|one\s+less)\b",
        re.IGNORECASE,
    ),
}
# What a nameless icon control shows (class tokens, sprite ids, titles).
_ICON = {
    True: re.compile(
        r"(?:^|[\s_-])(?:plus|add|increment|increase|(?:chevron|arrow|caret|angle)-up)"
        r"(?:$|[\s_-])",
        re.IGNORECASE,
    ),
    False: re.compile(
        r"(?:^|[\s_-])(?:minus|dash|remove|decrement|decrease|(?:chevron|arrow|caret|angle)-down)"
        r"(?:$|[\s_-])",
        re.IGNORECASE,
    ),
}
# How many boxes up from the field its steppers may sit.
_NEAR_LEVELS = 3

# The same choice in the page, for an export compiled without a run (engine.export): (field, up)
# → the stepper beside the field, or null.
STEPPER_JS = r"""(field, up) => {
  const SAYS = up ? /^\s*[+＋▲⌃˄]\s*$|^\s*(?:plus|increase|increment|add\s+(?:one|1)|one\s+more)\b/i
    : /^\s*[-−–—▼⌄˅]\s*$|^\s*(?:minus|decrease|decrement|remove\s+(?:one|1)|one\s+less)\b/i;
  const ICON = up ? /(?:^|[\s_-])(?:plus|add|increment|increase|(?:chevron|arrow|caret|angle)-up)(?:$|[\s_-])/i
    : /(?:^|[\s_-])(?:minus|dash|remove|decrement|decrease|(?:chevron|arrow|caret|angle)-down)(?:$|[\s_-])/i;
  const FIELD = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]), textarea, select, [role=spinbutton]';
  const says = (el) => {
    const names = [el.getAttribute('aria-label'), el.innerText, el.getAttribute('title')]
      .map((n) => (n || '').trim()).filter(Boolean);
    if (names.length) return names.some((n) => SAYS.test(n));
    return ICON.test([el, ...el.querySelectorAll('*')].map((n) => n.getAttribute('class') || '').join(' '));
  };
  let box = field.parentElement;
  for (let level = 0; box && box !== document.body && level < NEAR_LEVELS; level++, box = box.parentElement) {
    if (Array.from(box.querySelectorAll(FIELD)).some((f) => f !== field && f.checkVisibility())) return null;
    const near = Array.from(box.querySelectorAll('button, [role=button], a, input[type=button]'))
      .filter((b) => b.checkVisibility() && says(b));
    if (near.length) return near[0];
  }
  return null;
}""".replace("NEAR_LEVELS", str(_NEAR_LEVELS))


def steps_up(element: Element, up: bool) -> bool:
    """Whether a control says it steps a value up (down)."""
    names = [n for n in (element.aria_label, element.name, element.title) if n]
    if names:
        return any(_SAYS[up].search(n) for n in names)
    return bool(element.icon and _ICON[up].search(element.icon))


def is_spinner(element: Element) -> bool:
    """A field that steps with the arrow keys: a number input or an ARIA spinbutton."""
    return element.role == "spinbutton" or element.type == "number"


def spinner_called(snapshot: Snapshot, what: str) -> Element | None:
    """The one number field or spinbutton whose name holds the words (an ARIA spinbutton is no
    field a value is typed into, so grounding a field does not find it)."""
    words = normalize(what)
    named = [
        e
        for e in snapshot.elements
        if e.usable
        and is_spinner(e)
        and words
        and words in normalize(" ".join((e.name, e.label, e.aria_label)))
    ]
    return named[0] if len(named) == 1 else None


def _beside(snapshot: Snapshot, field: Element, found: list[Element]) -> Element | None:
    """The stepper in the smallest box around the field that holds one, looking no higher than
    a box that also holds another field (that one's steppers are its own)."""
    parts = field.tree.split(".") if field.tree else []
    for level in range(1, min(_NEAR_LEVELS, len(parts) - 1) + 1):
        box = ".".join(parts[:-level]) + "."
        inside = [e for e in snapshot.elements if e.tree.startswith(box)]
        if any(
            e.index != field.index and e.visible and (e.editable or is_spinner(e))
            for e in inside
        ):
            return None
        near = [e for e in found if e.tree.startswith(box)]
        if near:
            return min(near, key=lambda e: abs(e.index - field.index))
    return None


def stepper(
    snapshot: Snapshot,
    field: Element | None,
    *,
    up: bool,
    scope: str | None,
    what: str,
) -> tuple[Element | None, str]:
    """The control that steps the value up (down), and else why none is."""
    found = [
        e
        for e in snapshot.elements
        if e.usable and not e.text_only and fits_verb("click", e) and steps_up(e, up)
    ]
    if scope:
        found = [e for e in found if in_scope(e, scope)]
    sign = "up" if up else "down"
    if field is not None:
        best = _beside(snapshot, field, found)
        if best is None:
            return None, f"nothing beside {field.describe()} steps it {sign}"
        return best, ""
    words = normalize(what)
    named = [
        e
        for e in found
        if words
        and words in normalize(" ".join((e.near, e.row, e.label, e.aria_label)))
    ]
    if len(named) == 1 or (len(found) == 1 and not named):
        return (named or found)[0], ""
    if named or found:
        return None, f"{len(named or found)} controls step a value {sign}: say which"
    return None, f"no control steps {what!r} {sign}"
