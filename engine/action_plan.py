"""Turning a grammar Intent into concrete actions on the elements of one snapshot."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from engine import steppers
from engine.cache import Locator, RecordedAction
from engine.counting import NthItem
from engine.dates import parse_date
from engine.element_roles import Verb, allowed_for
from engine.grammar import named_readings
from engine.grounding import (
    Grounding,
    Match,
    describe_match,
    document_order,
    ground,
    ground_fields,
    ground_named,
    ground_opener,
    ground_select_option,
    shared_ancestors,
)
from engine.intent import BROWSER_KINDS, DIALOG_ANSWERS, Intent
from engine.normalize import identifier_words, normalize
from engine.options import option_for
from engine.snapshot import Element, Snapshot
from engine.sorting import SORT_LIST_RE, as_direction, sort_option
from engine.variables import VAR_RE, Variables

_NO_SNAPSHOT = frozenset(
    {
        "goto",
        "click_outside",
        "go_to_page",
        "back",
        "forward",
        "reload",
        "viewport",
        "type",
        "scroll",
        "wait_text",
        "wait_gone",
        "wait_time",
        "wait_load",
        "wait_idle",
        "screenshot",
        "assert_text",
        "assert_absent",
        "assert_sorted",
        "assert_state",
        *BROWSER_KINDS,
    }
)
_GENERATOR_HINTS = {
    "unique_email": "email",
    "password": "password",
    "first_name": "first name",
    "last_name": "last name",
    "name": "name",
    "username": "username",
    "phone": "phone",
    "zip": "zip",
    "city": "city",
    "company": "company",
}


@dataclass(frozen=True)
class Planned:
    """An action and the element it acts on; locators are added when it is carried out."""

    action: RecordedAction
    element: Element | None = None
    scope: str | None = None


@dataclass(frozen=True)
class ActionPlan:
    status: Literal["found", "ambiguous", "not_found"]
    actions: tuple[Planned, ...] = ()
    reason: str = ""
    # The actions open what the step acts on ("Log in as …" from a page with a "Sign in" link):
    # once they are done, the step is planned again on the page they lead to.
    again: bool = False


def needs_snapshot(intent: Intent) -> bool:
    return intent.kind not in _NO_SNAPSHOT and not (
        intent.kind == "press" and not intent.target
    )


def _direct(intent: Intent) -> ActionPlan:
    if intent.kind == "press":
        return ActionPlan(
            "found", (Planned(RecordedAction("press", key=intent.value)),)
        )
    if intent.kind == "type" and intent.then_key:
        typed = RecordedAction("type", value=intent.value)
        pressed = RecordedAction("press", key=intent.then_key)
        return ActionPlan("found", (Planned(typed), Planned(pressed)))
    return ActionPlan(
        "found",
        (
            Planned(
                RecordedAction(
                    intent.kind,
                    value=intent.value,
                    timeout_ms=intent.timeout_ms,
                    # The dialog type a dialog step names ("the alert"), the column a
                    # sort check reads, the notice a notice step closes; no element.
                    target=intent.target
                    if intent.kind
                    in (
                        *DIALOG_ANSWERS,
                        "assert_sorted",
                        "dismiss_notice",
                        "click_outside",
                        "go_to_page",
                    )
                    else None,
                    scope=intent.scope if intent.kind == "assert_sorted" else None,
                )
            ),
        ),
    )


def _from_grounding(
    result: Grounding,
    kind: str,
    *,
    value: str | None = None,
    key: str | None = None,
    scope: str | None = None,
    target: str | None = None,
) -> ActionPlan:
    if result.status != "found" or result.element is None:
        return ActionPlan(result.status, reason=result.reason)
    element = result.element
    match = result.match
    if (
        scope is None
        and target
        and match is not None
        and match.tier == "context"
        and element.row
        and match.matched == element.row
    ):
        # A nameless control found through the words of its row: its locators name the row
        # by those words (and an export can too), not by the control's position on the page.
        scope = target
    action = RecordedAction(kind, value=value, key=key, target=element.describe())
    planned = Planned(action, element, scope)
    if result.reveal:
        hover = _hover_row(element, scope)
        if not hover.action.locators:
            # Nothing around it to hover (an item of a closed menu): hidden, not revealable.
            return ActionPlan(
                "not_found",
                reason=f"{element.describe()} is on the page but not visible",
            )
        return ActionPlan("found", (hover, planned))
    return ActionPlan("found", (planned,))


_ROW_TAGS = frozenset({"li", "tr", "[role=row]", "[role=listitem]"})


def _hover_row(element: Element, scope: str | None) -> Planned:
    """Hover the row that holds `element`, so a control shown only on hover appears."""
    row_text = scope or element.row[:80]
    locators: list[Locator] = []
    frame = element.frame or None
    if element.row_tag in _ROW_TAGS:
        locators.append(
            Locator("row", "", row_text=row_text, row_tag=element.row_tag, frame=frame)
        )
    suffix = element.row_css.removeprefix(":scope > ")
    if suffix and element.css.endswith(suffix):
        # The full path minus the part inside the row: the row, by position (the fallback).
        row_css = element.css[: -len(suffix)].rstrip(" >")
        if row_css:
            locators.append(Locator("css", row_css, frame=frame))
    action = RecordedAction(
        "hover", locators=tuple(locators), target=f"the row of {row_text[:40]!r}"
    )
    return Planned(action)


def _value_hints(value: str, variables: Variables) -> list[str]:
    match = VAR_RE.fullmatch(value.strip())
    if match:
        name = match.group(1)
        hints = [identifier_words(name)]
        generator = variables.generators.get(name)
        if generator in _GENERATOR_HINTS:
            hints.append(_GENERATOR_HINTS[generator])
        return [h for h in dict.fromkeys(hints) if h]
    if "@" in value:
        return ["email"]
    return []


def _sign_in_first(intent: Intent, snapshot: Snapshot) -> ActionPlan | None:
    """ "Log in as … with …" on a page with no password field but a "Sign in" or "Log in"
    control: that control, then the step again on the page it opens."""
    if not intent.then_key or not any(f.target == "password" for f in intent.fills):
        return None
    if any(e.visible and e.type == "password" for e in snapshot.elements):
        return None
    opener = ground_named(snapshot, _SIGN_IN_NAMES)
    if opener.status != "found" or opener.element is None:
        return None
    click = RecordedAction("click", target=opener.element.describe())
    return ActionPlan("found", (Planned(click, opener.element),), again=True)


_SIGN_IN_NAMES = ("Log in", "Sign in")


def _fill_many(intent: Intent, snapshot: Snapshot, variables: Variables) -> ActionPlan:
    opening = _sign_in_first(intent, snapshot)
    if opening is not None:
        return opening
    planned: list[Planned] = []
    wanted: list[tuple[str, list[str]]] = []
    positions: list[int] = []
    for position, fill in enumerate(intent.fills):
        if fill.target:
            result = ground(snapshot, fill.target, "fill")
            if result.status != "found" or result.element is None:
                return ActionPlan(result.status, reason=result.reason)
            planned.append(
                Planned(
                    RecordedAction(
                        "fill", value=fill.value, target=result.element.describe()
                    ),
                    result.element,
                )
            )
            continue
        hints = _value_hints(fill.value, variables)
        if not hints:
            return ActionPlan(
                "not_found", reason=f"cannot tell which field {fill.value!r} goes into"
            )
        wanted.append((fill.value, hints))
        positions.append(position)
        planned.append(Planned(RecordedAction("fill", value=fill.value)))
    if wanted:
        fields, reason = ground_fields(snapshot, wanted)
        if not fields:
            status: Literal["ambiguous", "not_found"] = (
                "ambiguous"
                if "equally well" in reason or "both match" in reason
                else "not_found"
            )
            return ActionPlan(status, reason=reason)
        for position, element in zip(positions, fields, strict=True):
            value = planned[position].action.value
            planned[position] = Planned(
                RecordedAction("fill", value=value, target=element.describe()), element
            )
    taken = [p.element.index for p in planned if p.element is not None]
    if len(taken) != len(set(taken)):
        return ActionPlan(
            "ambiguous", reason="two values of the step match the same field"
        )
    if intent.then_key and planned:
        # "Log in as … with …": the form is sent from its last field, as a person does.
        last = planned[-1]
        key = RecordedAction("press", key=intent.then_key, target=last.action.target)
        planned.append(Planned(key, last.element))
    return ActionPlan("found", tuple(planned))


def _submit(snapshot: Snapshot) -> ActionPlan:
    focused = snapshot.focused
    if focused is not None and focused.tag in ("input", "textarea", "select"):
        action = RecordedAction("press", key="Enter", target=focused.describe())
        return ActionPlan("found", (Planned(action, focused),))
    buttons = [
        e
        for e in snapshot.elements
        if e.visible
        and e.role == "button"
        and (e.type == "submit" or (e.tag == "button" and e.type in ("", "submit")))
        and not e.in_nav
    ]
    if len(buttons) == 1:
        element = buttons[0]
        return ActionPlan(
            "found",
            (Planned(RecordedAction("click", target=element.describe()), element),),
        )
    if buttons:
        listed = "; ".join(b.describe() for b in buttons[:6])
        return ActionPlan(
            "ambiguous", reason=f"{len(buttons)} submit buttons on the page: {listed}"
        )
    return ActionPlan("not_found", reason="no submit button on the page")


def _scroll_to(intent: Intent, snapshot: Snapshot) -> ActionPlan:
    result = ground(snapshot, intent.target, "any", role_hint=intent.role)
    if result.status == "found" and result.element is not None:
        action = RecordedAction("scroll_to", target=result.element.describe())
        return ActionPlan("found", (Planned(action, result.element),))
    # Headings and paragraphs are not in the snapshot: scroll to the text itself.
    return ActionPlan(
        "found", (Planned(RecordedAction("scroll_to", value=intent.target)),)
    )


def _upload(intent: Intent, snapshot: Snapshot) -> ActionPlan:
    if intent.target:
        return _from_grounding(
            ground(snapshot, intent.target, "upload"), "upload", value=intent.value
        )
    inputs = [e for e in snapshot.elements if e.role == "file"]
    if len(inputs) == 1:
        element = inputs[0]
        action = RecordedAction("upload", value=intent.value, target=element.describe())
        return ActionPlan("found", (Planned(action, element),))
    if inputs:
        return ActionPlan(
            "ambiguous", reason=f"{len(inputs)} file inputs on the page; name the field"
        )
    return ActionPlan("not_found", reason="no file input on the page")


def _select(intent: Intent, snapshot: Snapshot, variables: Variables) -> ActionPlan:
    """Choose the option in the list named; when nothing answers to the words as written,
    their other reading ("the actions menu for Ada Lovelace": the one in Ada's row)."""
    plan = _select_as_written(intent, snapshot, variables)
    if plan.status == "found" or intent.alternative is None:
        return plan
    if intent.fallback is not None:
        # "Rate it 4 stars": no choice called "4 stars", so the 4th star icon.
        if plan.status == "not_found":
            return plan_intent(intent.fallback, snapshot, variables)
        return plan
    other = _select_as_written(intent.alternative, snapshot, variables)
    if other.status == "found" or plan.status == "not_found" != other.status:
        return other
    return plan


def _select_as_written(
    intent: Intent, snapshot: Snapshot, variables: Variables
) -> ActionPlan:
    if intent.target and intent.scope:
        return _select_in_row(intent, snapshot)
    if intent.target:
        result = ground(snapshot, intent.target, "select", role_hint=None)
        element = result.element
        if result.status == "found" and element is not None and element.tag == "select":
            chosen = _chosen(element, intent.value, variables)
            if chosen is not None:
                return _from_grounding(result, "select", value=chosen)
            # A <select> that lacks the option and is drawn by a widget beside it (Select2,
            # Django's autocomplete, which fetch the options as the list opens): open that.
            widget = _widget_of(snapshot, element)
            if widget is not None:
                result = Grounding(
                    "found", Match(widget, "context", 100.0, intent.target)
                )
        if result.status == "ambiguous":
            return ActionPlan("ambiguous", reason=result.reason)
        # No <select>: a combobox, a div drop-down or a menu. Open it, then pick the option
        # (found when it shows: it may not exist before the list opens).
        opener = (
            result
            if result.status == "found"
            else ground_opener(snapshot, intent.target)
        )
        return _open_then_pick(_from_grounding(opener, "click"), intent.value)
    option = variables.interpolate(intent.value or "", where="the option")
    result = ground_select_option(snapshot, option, scope=intent.scope)
    if result.status == "found" and result.element is not None:
        chosen = _chosen(result.element, intent.value, variables)
        return _from_grounding(result, "select", value=chosen, scope=intent.scope)
    if intent.scope:
        # "Select 'Admin' from the dropdown for 'Grace'": only a list in that row will do.
        return _from_grounding(result, "select")
    if result.status == "not_found" and not VAR_RE.search(intent.value or ""):
        named = _list_and_option(snapshot, option)
        if named is not None:
            return named
    # "Select 'Bags'" with no list offering it: a tab, radio or option named so is clicked.
    clicked = ground(snapshot, option, "click")
    if clicked.element is not None and clicked.element.tag == "select":
        # Clicking a list chooses nothing: the step would pass having done nothing.
        offered = ", ".join(repr(o) for o in clicked.element.options[:8])
        return ActionPlan(
            "not_found",
            reason=f"no list offers {option!r} ({clicked.element.describe()} offers "
            f"{offered})",
        )
    return _from_grounding(clicked, "click")


def _list_and_option(snapshot: Snapshot, words: str) -> ActionPlan | None:
    """ "Choose express shipping": the words end (or start) with the one list's name, and the
    rest chooses one of its options ("Express ($9.99)" in the list called "Shipping")."""
    said = normalize(words).split()
    found: list[tuple[Element, str]] = []
    for element in snapshot.elements:
        name = normalize(element.name or element.label).split()
        if element.tag != "select" or not element.visible or not name:
            continue
        if len(name) >= len(said):
            continue
        if said[-len(name) :] == name:
            rest = said[: -len(name)]
        elif said[: len(name)] == name:
            rest = said[len(name) :]
        else:
            continue
        label = option_for(element.options, " ".join(rest))
        if label is not None:
            found.append((element, label))
    if len(found) != 1:
        return None
    element, label = found[0]
    match = Match(element, "normalized", 100.0, words)
    return _from_grounding(Grounding("found", match), "select", value=label)


def _select_in_row(intent: Intent, snapshot: Snapshot) -> ActionPlan:
    """ "Choose 'Delete' from the actions menu for 'Grace Hopper'": the list in that row
    chooses; a menu button or combobox there is opened, then the option picked."""
    listed = ground(snapshot, intent.target, "select", scope=intent.scope)
    element = listed.element
    if listed.status == "found" and element is not None and element.tag == "select":
        return _from_grounding(listed, "select", value=intent.value, scope=intent.scope)
    opener = ground(snapshot, intent.target, "click", scope=intent.scope)
    return _open_then_pick(
        _from_grounding(opener, "click", scope=intent.scope), intent.value
    )


def _open_then_pick(opened: ActionPlan, option: str | None) -> ActionPlan:
    """Click the opener, then pick the option once it shows; an opener already open (a step
    before opened the menu) is not clicked, which would close it."""
    if opened.status != "found":
        return opened
    pick = Planned(RecordedAction("pick_option", value=option))
    opener = opened.actions[-1].element
    if opener is not None and opener.expanded:
        return ActionPlan("found", (pick,))
    return ActionPlan("found", (*opened.actions, pick))


_WIDGET_ROLES = frozenset({"combobox", "searchbox", "textbox"})


def _widget_of(snapshot: Snapshot, select: Element) -> Element | None:
    """The one drop-down trigger or search box drawn beside `select` (under its parent or its
    grandparent), if any: what a person clicks to open the list."""
    depth = len(select.tree.split("."))
    beside = [
        e
        for e in snapshot.elements
        if e.reachable
        and e.tag != "select"
        and (e.popup or e.role in _WIDGET_ROLES)
        and 0 < depth - shared_ancestors(e, select) <= 2
    ]
    return beside[0] if len(beside) == 1 else None


def _chosen(element: Element, template: str | None, variables: Variables) -> str | None:
    """What a <select> is told to choose: the label of the option the words choose ("Express
    ($9.99)" for "Express"), so the cache and an export hold what the list says; a value with
    a variable as it is (chosen in the browser). None when the list lacks it; the words as
    they are when it lists too many to tell (the snapshot keeps the first 100)."""
    template = template or ""
    if len(element.options) >= 100:
        return template
    label = option_for(
        element.options, variables.interpolate(template, where="the option")
    )
    if label is None or VAR_RE.search(template):
        return None if label is None else template
    return label


def _drag(intent: Intent, snapshot: Snapshot, variables: Variables) -> ActionPlan:
    """Two actions: take hold of what is dragged, drop it on the place named."""
    held = ground(snapshot, intent.target, "hover")
    if held.status != "found" or held.element is None:
        return ActionPlan(held.status, reason=held.reason)
    zone_name = variables.interpolate(intent.value or "", where="the drop target")
    zone = ground(snapshot, zone_name, "hover")
    if zone.status != "found" or zone.element is None:
        return ActionPlan(zone.status, reason=zone.reason)
    if zone.element.index == held.element.index:
        return ActionPlan(
            "ambiguous", reason="what is dragged and where it goes are one element"
        )
    return ActionPlan(
        "found",
        (
            Planned(
                RecordedAction("drag", target=held.element.describe()), held.element
            ),
            Planned(
                RecordedAction("drop", target=zone.element.describe()), zone.element
            ),
        ),
    )


def _closeness(result: Grounding) -> float:
    """How well the best element a grounding considered answers to its words (lower: better);
    one it could not pick counts too ("the fourth Delete" of three still names Delete)."""
    best = result.match or (result.candidates[0] if result.candidates else None)
    return best.rank()[0] if best is not None else float("inf")


def _as_written_wins(as_written: Grounding, other: Grounding) -> bool:
    """Whether the words as written name their element at least as well as the other reading
    names its own: the better match wins; at equal quality the words as written, unless they
    cannot tell several apart while the other reading finds exactly one."""
    if as_written.status == "not_found":
        return False
    mine, theirs = _closeness(as_written), _closeness(other)
    if mine != theirs:
        return mine < theirs
    return as_written.status == "found" or other.status != "found"


def _search(intent: Intent, snapshot: Snapshot) -> ActionPlan:
    """The search field filled, then Enter pressed in it."""
    result, _read, target = _ground_read(snapshot, intent, "fill", use_role=False)
    plan = _from_grounding(result, "fill", value=intent.value, target=target)
    if plan.status != "found":
        return plan
    (filled,) = plan.actions
    field = filled.element
    button = None
    if field is not None and field.tag == "textarea" and intent.alternative is not None:
        button = _sends(snapshot, field, intent.target)
    if button is not None:
        # Enter starts a new line in a text area: its words are sent by its button.
        click = RecordedAction("click", target=button.describe())
        return ActionPlan("found", (filled, Planned(click, button)))
    enter = RecordedAction("press", key="Enter", target=filled.action.target)
    return ActionPlan("found", (filled, Planned(enter, filled.element, filled.scope)))


# What the button that sends a text area's words is called ("Post", "Add comment", "Send").
SEND_WORDS = frozenset(
    {"add", "post", "submit", "send", "save", "comment", "reply", "create", "publish"}
)


def _sends(snapshot: Snapshot, field: Element, noun: str | None) -> Element | None:
    """The button nearest the text area (by their closest common ancestor) called by a word
    that sends, or by the noun ("Add a comment 'X'": "Comment"); after the field on a tie."""
    words = SEND_WORDS | set(normalize(noun or "").split())
    buttons = [
        e
        for e in snapshot.elements
        if e.usable
        and e.role == "button"
        and e.frame == field.frame
        and not e.in_nav
        and words & set(normalize(e.name).split())
    ]
    if not buttons or not field.tree:
        return None
    path = field.tree.split(".")

    def nearness(e: Element) -> tuple[int, bool]:
        theirs = e.tree.split(".")
        shared = next(
            (i for i, (a, b) in enumerate(zip(path, theirs, strict=False)) if a != b),
            min(len(path), len(theirs)),
        )
        return shared, e.index > field.index

    return max(buttons, key=nearness)


def _step_value(intent: Intent, snapshot: Snapshot) -> ActionPlan:
    """ "Increase the quantity of 'Tote Bag'": the stepper beside the field clicked once a step,
    else the arrow key pressed in a number field (engine.steppers)."""
    sign, times = (intent.value or "+1")[0], int((intent.value or "+1")[1:])
    up = sign == "+"
    what = intent.target or "quantity"
    as_field = replace(intent, kind="fill", value="")
    result, _read, _target = _ground_read(snapshot, as_field, "fill", use_role=False)
    field = result.element if result.status == "found" else None
    if field is None and not intent.scope:
        field = steppers.spinner_called(snapshot, what)
    button, why = steppers.stepper(
        snapshot, field, up=up, scope=intent.scope, what=what
    )
    if button is not None:
        click = Planned(
            RecordedAction("click", target=button.describe()), button, intent.scope
        )
        return ActionPlan("found", (click,) * times)
    if field is not None and steppers.is_spinner(field):
        key = "ArrowUp" if up else "ArrowDown"
        press = Planned(
            RecordedAction("press", key=key, target=field.describe()),
            field,
            intent.scope,
        )
        return ActionPlan("found", (press,) * times)
    return ActionPlan(
        "not_found", reason=f"{why}, and no number field is called {what!r}"
    )


def _sort(intent: Intent, snapshot: Snapshot) -> ActionPlan:
    """A "Sort by" drop-down offering the column (in the direction asked), else the column's
    header, clicked until it shows that order (engine.sorting)."""
    column = intent.target or ""
    direction = as_direction(intent.value)
    for element in snapshot.elements:
        if element.tag != "select" or not element.visible:
            continue
        called = " ".join(
            (element.name, element.label, element.attr_name, element.attr_id)
        )
        option = sort_option(element.options, column, direction)
        if option is not None and SORT_LIST_RE.search(called):
            action = RecordedAction("select", value=option, target=element.describe())
            return ActionPlan("found", (Planned(action, element),))
    header = ground(snapshot, column, "click")
    return _from_grounding(header, "sort", value=intent.value)


def _filter(intent: Intent, snapshot: Snapshot, variables: Variables) -> ActionPlan:
    """What to filter by, chosen in the list named (else the one list offering it), else the
    control called so turned on (a chip, a checkbox, a toggle button) or clicked (a link, a
    tab), else typed into the search field: the first of these the page has."""
    if intent.target:
        named = _filter_in(intent, snapshot, variables)
        if named is not None or intent.alternative is None:
            return named or ActionPlan(
                "not_found", reason=f"no list or field is called {intent.target!r}"
            )
        return _filter(intent.alternative, snapshot, variables)
    value = variables.interpolate(intent.value or "", where="what to filter by")
    listed = ground_select_option(snapshot, value)
    if listed.status == "found" and listed.element is not None:
        chosen = _chosen(listed.element, intent.value, variables)
        return _from_grounding(listed, "select", value=chosen)
    if listed.status != "not_found":
        return _from_grounding(listed, "select", value=intent.value)
    # Controls only: the words in the list's own rows ("Invited" in a status column) are what
    # is filtered, not what filters.
    controls = replace(
        snapshot, elements=tuple(e for e in snapshot.elements if not e.text_only)
    )
    control = ground(controls, value, "click")
    element = control.element
    own_name = control.match is not None and control.match.tier != "context"
    if control.status == "found" and element is not None and own_name:
        # Called so itself: a nameless button in a row that mentions the words is not.
        return _from_grounding(control, "click" if element.checked is None else "check")
    if control.status == "ambiguous" and all(
        c.tier != "context" for c in control.candidates
    ):
        return ActionPlan("ambiguous", reason=control.reason)
    search_box = Intent(
        "search",
        target="Filter",
        value=intent.value,
        alternative=Intent("search", target="Search", value=intent.value),
    )
    typed = _search(search_box, snapshot)
    if typed.status != "not_found":
        return typed
    return ActionPlan(
        "not_found",
        reason=f"no list offers {value!r}, no control is called so, and no search or "
        "filter field is on the page",
    )


def _filter_in(
    intent: Intent, snapshot: Snapshot, variables: Variables
) -> ActionPlan | None:
    """Filtering in the list or field the step names: a list (a <select>, a combobox, a
    drop-down button) chooses the value, a text field takes it as a search; None when no such
    thing answers to the name."""
    target = intent.target or ""
    choose = replace(intent, kind="select", alternative=None)
    listed = ground(snapshot, target, "select")
    if listed.status != "not_found":
        return _select(choose, snapshot, variables)
    field = ground(snapshot, target, "fill")
    element = field.element
    if field.status == "found" and element and element.role in ("searchbox", "textbox"):
        return _search(replace(intent, kind="search", alternative=None), snapshot)
    opener = ground_opener(snapshot, target)
    if opener.status == "found" and opener.element is not None and opener.element.popup:
        return _select(choose, snapshot, variables)
    return None


def _ground_read(
    snapshot: Snapshot, intent: Intent, verb: Verb, *, use_role: bool
) -> tuple[Grounding, Intent, str | None]:
    """Ground the intent, weighing its other reading (`Intent.alternative`: "the edit button
    for Grace Hopper" as the Edit button in Grace Hopper's row) against the words as written:
    the other reading wins only when its element answers to its words better. Returns the
    grounding, the reading it came from and the words that found the element."""
    result, target = _ground_words(snapshot, intent, verb, use_role=use_role)
    other = intent.alternative
    if other is None:
        return result, intent, target
    found, other_target = _ground_words(snapshot, other, verb, use_role=use_role)
    if found.status != "not_found" and not _as_written_wins(result, found):
        return found, other, other_target
    if result.status != "found" and found.status == "not_found":
        row = f" in the row of {other.scope!r}" if other.scope else ""
        reason = f"{result.reason}; read as {other.target!r}{row}: {found.reason}"
        return replace(result, reason=reason), intent, target
    return result, intent, target


def _ground_words(
    snapshot: Snapshot, intent: Intent, verb: Verb, *, use_role: bool
) -> tuple[Grounding, str | None]:
    """Ground the intent's target, and which words found it.

    An ordinal before unquoted words has two readings: "the second Delete button" (the second
    of the Delete buttons) and "the first name field" (the field called "First name"). The one
    that names an element better wins (`_as_written_wins`).
    """
    role_hint = intent.role if use_role else None
    by_place = ground(
        snapshot,
        intent.target,
        verb,
        role_hint=role_hint,
        scope=intent.scope,
        nth=intent.nth,
        row_noun=intent.row_noun,
    )
    named = intent.named
    if named is None:
        return by_place, intent.target
    by_name = ground(snapshot, named, verb, role_hint=role_hint, scope=intent.scope)
    if _as_written_wins(by_name, by_place):
        return by_name, named
    if by_place.status == "not_found" and by_name.status == "not_found":
        reason = f"{by_place.reason}; nothing is called {named!r} either"
        return replace(by_place, reason=reason), intent.target
    return by_place, intent.target


def _open_item(intent: Intent, snapshot: Snapshot, item: NthItem | None) -> ActionPlan:
    """ "Open the first product": the control the page's script chose in the item (ITEM_JS),
    as the snapshot knows it; an item that takes clicks itself but is no control in the
    snapshot (a table row with a listener) is clicked on its first words."""
    if item is None:
        # No collection is called so: a control called the noun word for word, the nth of
        # them ("Click the third Remove"); never one that only resembles it (the header's
        # "Products" link is no product).
        other = intent.alternative
        assert other is not None
        result, read, target = _ground_read(snapshot, other, "click", use_role=True)
        match = result.match
        missing = (
            f"nothing on the page is a list of {intent.target}s, and no control is called "
            f"{intent.target!r}"
        )
        if result.status == "not_found":
            return ActionPlan("not_found", reason=missing)
        if (
            match is not None
            and (target or "").casefold() != match.matched.strip().casefold()
        ):
            resembles = f"{describe_match(match)} only resembles it"
            return ActionPlan("not_found", reason=f"{missing} ({resembles})")
        return _from_grounding(result, "click", scope=read.scope, target=target)
    if not item.tree:
        return ActionPlan("not_found", reason=f"{item.what}: {item.reason}")
    inside = [
        e
        for e in snapshot.elements
        if not e.frame
        and (e.tree == item.tree or e.tree.startswith(item.tree + "."))
        and allowed_for("click", e)
    ]
    inside.sort(key=document_order)
    own = [e for e in inside if e.tree == item.tree] or inside[:1]
    if not own:
        return ActionPlan(
            "not_found", reason=f"{item.what}: {item.words!r} is not shown yet"
        )
    element = own[0]
    found = Grounding("found", match=Match(element, "context", 100.0, item.words))
    if not element.reachable:
        found = replace(found, reveal=True)
    return _from_grounding(found, "click")


def plan_intent(
    intent: Intent,
    snapshot: Snapshot | None,
    variables: Variables,
    *,
    item: NthItem | None = None,
) -> ActionPlan:
    """Concrete actions for `intent` on `snapshot` (None for intents that need no element);
    `item`: what the page showed of the item an "open_item" step names (None: no collection
    is called so).

    Targets and scopes must already be interpolated; values stay `${name}` templates.
    """
    if not needs_snapshot(intent):
        return _direct(intent)
    assert snapshot is not None
    kind = intent.kind
    if kind == "open_item":
        return _open_item(intent, snapshot, item)
    if kind in ("click", "dblclick", "rightclick", "hover", "focus"):
        # What can be clicked can take the focus: a field, a button, a link.
        verb: Verb = "hover" if kind == "hover" else "click"
        result, read, target = _ground_read(snapshot, intent, verb, use_role=True)
        # A click's value says how many times ("*3": "Click 'Next' 3 times").
        value = intent.value if kind == "click" else None
        return _from_grounding(
            result, kind, value=value, scope=read.scope, target=target
        )
    if kind == "click_named":
        named = _from_grounding(ground_named(snapshot, named_readings(intent)), "click")
        if named.status == "not_found" and intent.fallback is not None:
            return plan_intent(intent.fallback, snapshot, variables)
        return named
    if kind == "open_link":
        opened = ground(snapshot, intent.target, "open_link")
        if opened.status == "not_found":
            # "Open the 'Security' section": no link, but a header that opens on click.
            opened = ground(snapshot, intent.target, "click")
        return _from_grounding(opened, "click")
    if kind == "fill":
        # A field said by its role alone ("Drag the slider to 50") is found by the role.
        result, _read, target = _ground_read(
            snapshot, intent, "fill", use_role=not intent.target
        )
        element = result.element
        if (
            element is not None
            and element.tag == "input"
            and not element.editable
            and parse_date(variables.interpolate(intent.value or "", where="the date"))
        ):
            # A read-only date field is set through its calendar (engine.datepicker).
            return _from_grounding(result, "pick_date", value=intent.value)
        return _from_grounding(result, "fill", value=intent.value, target=target)
    if kind == "fill_many":
        return _fill_many(intent, snapshot, variables)
    if kind == "step_value":
        return _step_value(intent, snapshot)
    if kind == "search":
        return _search(intent, snapshot)
    if kind == "select":
        return _select(intent, snapshot, variables)
    if kind == "sort":
        return _sort(intent, snapshot)
    if kind == "filter":
        return _filter(intent, snapshot, variables)
    if kind in ("check", "uncheck"):
        result, read, target = _ground_read(snapshot, intent, "check", use_role=True)
        return _from_grounding(result, kind, scope=read.scope, target=target)
    if kind == "press":
        return _from_grounding(
            ground(snapshot, intent.target, "press"), "press", key=intent.value
        )
    if kind == "drag":
        return _drag(intent, snapshot, variables)
    if kind == "upload":
        return _upload(intent, snapshot)
    if kind == "submit":
        return _submit(snapshot)
    if kind == "scroll_to":
        return _scroll_to(intent, snapshot)
    return ActionPlan("not_found", reason=f"the grammar has no plan for {kind}")
