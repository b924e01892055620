"""Carrying out one recorded action on the page (the same code for grammar, cache and model)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from playwright.sync_api import Error as PlaywrightError

from engine import claims, consent, datepicker, notices, pagers, pages, sorting
from engine.assertions import model_verdict
from engine.cache import RecordedAction
from engine.context import RunContext
from engine.dates import DATE_VALUE_JS, ISO_DATE_RE, parse_date, relative_date
from engine.dom_js import ELEMENT_JS
from engine.grammar_checks import parse_claim
from engine.intent import (
    BROWSER_KINDS,
    CLICK_UNTIL,
    CLICK_UNTIL_MAX,
    DIALOG_ANSWERS,
    DRAG_STEPS,
    repeated_key,
    viewport_size,
)
from engine.model_hook import NEEDS_MODEL
from engine.normalize import collapse_spaces
from engine.options import OPENED_LISTS_JS, OPTION_JS, by_place, option_by_place
from engine.snapshot import settle_animations, wait_for_change
from engine.variables import UnknownVariable
from engine.waiting import IDLE_S, Steady, busy, poll, visible_text
from engine.watch import DialogAnswer

if TYPE_CHECKING:
    from playwright.sync_api import ElementHandle, FloatRect, Page
    from playwright.sync_api import Locator as PWLocator


class StepBroken(Exception):
    """The step could not be carried out."""


class StepFailed(Exception):
    """The step was carried out but what it waited for did not happen (a behaviour failure)."""

    def __init__(
        self, message: str, *, expected: str | None = None, observed: str | None = None
    ):
        super().__init__(message)
        self.expected = expected
        self.observed = observed


_NEEDS_TARGET = frozenset(
    {
        "click",
        "dblclick",
        "rightclick",
        "fill",
        "pick_date",
        "select",
        "check",
        "uncheck",
        "hover",
        "focus",
        "upload",
        "drag",
        "drop",
        "sort",
    }
)
# The visible label or styled sibling of a hidden checkbox/radio (dom_js.proxyOf), or null.
_PROXY_JS = "(el) => {" + ELEMENT_JS + "\n  return proxyOf(el);\n}"


def _norm_text(text: str) -> str:
    return collapse_spaces(text).casefold()


def resolve_value(ctx: RunContext, template: str | None, where: str) -> str:
    try:
        return ctx.variables.interpolate(template or "", where=where)
    except UnknownVariable as exc:
        raise StepBroken(str(exc)) from None


# The labels already chosen in a list that takes several (a person adds one with Ctrl-click);
# None for a drop-down, which holds one.
_CHOSEN_JS = (
    "(el) => el.multiple ? Array.from(el.selectedOptions).map(o => o.label) : null"
)


def _select(
    target: PWLocator, option: str, timeout: float, *, role: str | None = None
) -> None:
    """Choose `option`; in a list that takes several, beside what is chosen. `role`, when the
    recorded locators say it, spares asking the page: a combobox holds one."""
    chosen: list[str] | None = (
        None if role == "combobox" else target.evaluate(_CHOSEN_JS, timeout=timeout)
    )
    kept = [label for label in chosen or [] if label != option]
    try:
        target.select_option(label=[*kept, option], timeout=timeout)
        return
    except Exception as by_label:
        # Not called so word for word: the option the words choose (engine.options), by its
        # value or a label with a qualifier ("Express ($9.99)" for "Express").
        label = target.evaluate(OPTION_JS, option, timeout=min(timeout, 1000))
        if not label:
            raise by_label from None
        target.select_option(label=[*kept, str(label)], timeout=timeout)


# What an opened list offers, most specific first; plain words last (div drop-downs).
_OPTION_ROLES: tuple[
    Literal["option", "menuitem", "menuitemradio", "menuitemcheckbox", "treeitem"], ...
] = ("option", "menuitem", "menuitemradio", "menuitemcheckbox", "treeitem")


def _pick_option(ctx: RunContext, option: str, timeout: float) -> None:
    """Click the option called `option` in the list or menu that has just opened; "the second
    option" by its place there."""
    page = ctx.page
    if by_place(option):
        _pick_option_by_place(ctx, option, timeout)
        return
    choices = [
        page.get_by_role(role, name=option, exact=True) for role in _OPTION_ROLES
    ]
    choices.append(page.get_by_text(option, exact=True))

    def visible_choice() -> PWLocator | None:
        for choice in choices:
            shown = choice.filter(visible=True)
            if shown.count():
                # The list that opened last is the one that holds it (later in the document).
                return shown.last
        return None

    found = poll(page, visible_choice, timeout)
    if found is None:
        raise StepBroken(f"no option {option!r} showed up in the list that opened")
    found.click(timeout=timeout)


def _pick_option_by_place(ctx: RunContext, option: str, timeout: float) -> None:
    page = ctx.page
    offered: list[str] = []

    def placed_choice() -> PWLocator | None:
        opened = [
            page.locator(f"[id={json.dumps(name)}]")
            for name in page.evaluate(OPENED_LISTS_JS)
        ]
        # A library's own options, never the hidden native list's it draws over (their
        # places differ by its placeholder, and clicking one hits the drawn list instead).
        drawn = page.locator("css=:not(option)")
        for scope in [*reversed(opened), page.locator(":root")]:
            for role in _OPTION_ROLES:
                shown = scope.get_by_role(role).filter(visible=True).and_(drawn)
                offered[:] = [collapse_spaces(t) for t in shown.all_inner_texts()]
                if offered:
                    label = option_by_place(offered, option)
                    return (
                        shown.nth(offered.index(label)) if label is not None else None
                    )
        return None

    found = poll(page, placed_choice, timeout)
    if found is None:
        listed = ", ".join(repr(t) for t in offered[:8]) or "no options"
        raise StepBroken(f"no {option} in the list that opened (it offers {listed})")
    found.click(timeout=timeout)


def _bounded_wait(ctx: RunContext, action: RecordedAction, default: float) -> float:
    """The step's own bound on a wait when it gives one, never past the run's deadline."""
    if action.timeout_ms is None:
        return default
    return ctx.deadline.cap(float(action.timeout_ms))


def _click_until(
    ctx: RunContext, target: PWLocator | ElementHandle, text: str, timeout: float
) -> None:
    """ "Click 'Load more' until 'Item 20' appears": click, let what it started settle, look
    again; the words shown before a click need none. Fails once the control is gone or after
    `CLICK_UNTIL_MAX` clicks, with the words still not shown."""
    wanted = _norm_text(text)

    def shown() -> bool:
        return wanted in _norm_text(visible_text(ctx.page))

    clicks = 0
    while not shown() and clicks < CLICK_UNTIL_MAX and target.is_visible():
        before, seen = ctx.watcher.navigations, visible_text(ctx.page)
        target.click(timeout=timeout)
        clicks += 1
        ctx.watcher.settle(navigations_before=before, max_ms=ctx.deadline.cap(2000))
        if visible_text(ctx.page) == seen:
            # What the click asked for comes a moment later (a timer, a fetch not yet
            # started): its change, before the control is looked at again.
            wait_for_change(ctx.page, int(ctx.deadline.cap(2000)))
    if (
        clicks < CLICK_UNTIL_MAX and pages.poll_here(ctx, shown, ctx.assert_timeout_ms)
    ) or shown():
        return
    raise StepFailed(
        f"{text!r} did not appear after {clicks} click{'s' if clicks != 1 else ''}",
        expected=f"visible: {text}",
        observed=collapse_spaces(visible_text(ctx.page))[:300],
    )


def _wait_text(ctx: RunContext, text: str, *, present: bool, timeout: float) -> None:
    wanted = _norm_text(text)

    def look() -> bool:
        return (wanted in _norm_text(visible_text(ctx.page))) == present

    if not pages.poll_here(ctx, look, timeout):
        observed = collapse_spaces(visible_text(ctx.page))[:300]
        verb = "appear" if present else "go away"
        raise StepFailed(
            f"{text!r} did not {verb} within {timeout / 1000:.1f} s",
            expected=f"{'visible' if present else 'absent'}: {text}",
            observed=observed,
        )


def _wait_idle(ctx: RunContext, timeout: float) -> None:
    """ "Wait for the spinner to disappear": until nothing shows the page is still loading, for
    a quarter of a second (a spinner a click starts may come a moment after it)."""
    steady = Steady(IDLE_S)

    def idle() -> bool:
        loading = busy(ctx.page)
        return steady.held(tuple(loading)) and not loading

    if not pages.poll_here(ctx, idle, timeout):
        still = "; ".join(busy(ctx.page)[:3])
        raise StepFailed(
            f"the page was still loading after {timeout / 1000:.1f} s: {still}",
            expected="nothing loading",
            observed=still,
        )


def _scroll_to_text(ctx: RunContext, text: str, timeout: float) -> None:
    page = ctx.page
    locator = page.get_by_text(text).first

    def present() -> bool:
        return locator.count() > 0

    # Footers and lazy sections often render only once scrolled near; nudge, then wait.
    if not poll(page, present, min(timeout, 500)):
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        if not poll(page, present, timeout):
            raise StepBroken(f"nothing on the page reads {text!r}")
    locator.scroll_into_view_if_needed(timeout=timeout)


def _may_be_input(action: RecordedAction) -> bool:
    """A click recorded on a checkbox or radio (the only clicks that may need a proxy)."""
    described = (action.target or "").split(" ", 1)[0]
    return described in ("checkbox", "radio", "switch", "input")


def _proxy(target: PWLocator, timeout: float) -> ElementHandle | None:
    """What to click instead of a hidden native input: its visible label or styled sibling."""
    try:
        handle = target.evaluate_handle(_PROXY_JS, timeout=timeout)
    except PlaywrightError:
        return None
    element = handle.as_element()
    if element is None:
        handle.dispose()
    return element


_KIND_JS = """(el) => {
  if (el.tagName === 'SELECT') return 'select';
  if (el.tagName === 'INPUT' && el.type === 'range') return 'range';
  if (el.getAttribute('role') === 'slider') return 'slider';
  if (el.hasAttribute('aria-pressed') && !el.hasAttribute('aria-checked')) return 'toggle';
  return 'field';
}"""
# A range input takes its value like a person dragging it: value set, input and change fired.
_SET_RANGE_JS = """(el, value) => {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setter.call(el, value);
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
  return el.value;
}"""
_SLIDER_STATE_JS = """(el) => [Number(el.getAttribute('aria-valuenow')),
  Number(el.getAttribute('aria-valuemin') || 0), Number(el.getAttribute('aria-valuemax') || 100)]"""
MAX_SLIDER_KEYS = 1000


def _fill(ctx: RunContext, target: PWLocator, value: str, timeout: float) -> None:
    """Type into a field; a <select> chooses and a slider moves ("Set 'Volume' to 80").

    Fields are filled straight away; only what fill() refuses is looked at (no extra round trip
    per step), and a value that says a date ("tomorrow", "12 March 2027") is first written as the
    field takes it (engine.dates). Read-only date fields are planned as pick_date and never
    come here.
    """
    said = parse_date(value) if not ISO_DATE_RE.fullmatch(value.strip()) else None
    if said is not None:
        # "Set 'Start date' to tomorrow": this run's tomorrow, written as the field takes it.
        relative = relative_date(value) is not None
        dated = target.evaluate(
            DATE_VALUE_JS, [said.isoformat(), relative], timeout=timeout
        )
        value = value if dated is None else str(dated)
    try:
        target.fill(value, timeout=timeout)
        return
    except PlaywrightError as exc:
        if "not an <input>" not in str(exc) and "range" not in str(exc):
            raise
        refused = exc
    widget = target.evaluate(_KIND_JS, timeout=timeout)
    if widget == "select":
        _select(target, value, timeout)
    elif widget == "range":
        target.evaluate(_SET_RANGE_JS, value, timeout=timeout)
    elif widget == "slider":
        _move_slider(target, value, timeout)
    else:
        raise refused


def _drag(page: Page, held: PWLocator, target: PWLocator, timeout: float) -> None:
    """Drag with the mouse, as a person does: HTML5 drag and drop and pointer libraries alike.

    The pointer moves in steps (jQuery UI's sortable list reorders on the moves in between;
    one jump leaves it as it was). Once there, it waits for the items making room to stop
    moving (SortableJS animates them). A target still under the pointer is moved onto once more
    (a list that let the last moves pass, busy animating, reacts now); a target that moved away
    has already made room for the held item, and going after it would put the item back.
    """
    held.hover(timeout=timeout)
    page.mouse.down()
    try:
        target.scroll_into_view_if_needed(timeout=timeout)
        box = target.bounding_box(timeout=timeout)
        if box is None:
            raise StepBroken("the drop target is not on the page")
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y, steps=DRAG_STEPS)
        # Two frames for the list to react to the last move, then its items' animations.
        settle_animations(page, frames=2)
        now = target.bounding_box(timeout=timeout)
        if now is not None and _holds(now, x, y):
            page.mouse.move(
                now["x"] + now["width"] / 2, now["y"] + now["height"] / 2 + 1
            )
    finally:
        page.mouse.up()


def _holds(box: FloatRect, x: float, y: float) -> bool:
    return (
        box["x"] <= x <= box["x"] + box["width"]
        and box["y"] <= y <= box["y"] + box["height"]
    )


def _sort(
    ctx: RunContext, header: PWLocator, value: str | None, timeout: float
) -> None:
    try:
        sorting.sort_by_header(ctx.page, header, sorting.as_direction(value), timeout)
    except sorting.NotReordered as exc:
        raise StepFailed(
            str(exc), expected=exc.expected, observed=exc.observed
        ) from None


def _assert_sorted(
    ctx: RunContext, column: str, value: str | None, subject: str
) -> None:
    direction = sorting.as_direction(value)
    try:
        sorting.assert_sorted(
            ctx.page, column, direction, ctx.assert_timeout_ms, subject=subject
        )
    except sorting.NotSorted as exc:
        raise StepFailed(
            str(exc), expected=exc.expected, observed=exc.observed
        ) from None


def _assert_state(ctx: RunContext, text: str, timeout_ms: int | None = None) -> None:
    """ "Verify the Save button is disabled": the claim decided on the page (engine.claims),
    within `timeout_ms` ("Wait up to 30 s for the orders to load"; else the assert timeout).
    Words that name no field ("Verify the cart shows 'Tote Bag'") are looked for as text."""
    claim = parse_claim(text)
    if claim is None:
        raise StepBroken(f"no claim about the page in {text!r}")
    decision = claims.decide(ctx, claim, timeout_ms or ctx.assert_timeout_ms)
    if decision.missing and (
        claim.kind == "count"
        or claims.empty_as_count(claim) is not None
        or claim.compare != "eq"
    ):
        # Nothing on the page is what the words count: a model reads them, as an assertion.
        _judged(ctx, text, decision.observed)
        return
    if claims.about_words(claim) and decision.missing:
        if not claim.expected:
            # "The form has no errors" where no field is called form: no words to look for.
            _judged(ctx, text, decision.observed)
            return
        _wait_text(
            ctx,
            claim.expected,
            present=not claim.negated,
            timeout=ctx.assert_timeout_ms,
        )
        return
    if not decision.holds:
        raise StepFailed(
            f"expected {decision.expected}, saw {decision.observed}",
            expected=decision.expected,
            observed=decision.observed,
        )


def _judged(ctx: RunContext, text: str, observed: str) -> None:
    if ctx.model is None:
        raise StepBroken(
            f"{observed}; {NEEDS_MODEL.replace('this step', 'this check')}"
        )
    verdict = model_verdict(ctx, text, expected=text)
    if verdict.verdict != "passed":
        raise StepFailed(
            verdict.reason or "the model found the claim false",
            expected=text,
            observed=verdict.observed,
        )


def _pick_date(ctx: RunContext, target: PWLocator, value: str, timeout: float) -> None:
    try:
        datepicker.pick(ctx.page, target, value, timeout)
    except datepicker.DatePickerError as exc:
        raise StepBroken(f"setting the date through its calendar: {exc}") from None


def _move_slider(target: PWLocator, value: str, timeout: float) -> None:
    """An ARIA slider moves with the arrow keys, as a keyboard user moves it."""
    try:
        wanted = float(value)
    except ValueError:
        raise StepBroken(f"a slider takes a number, not {value!r}") from None
    target.focus(timeout=timeout)
    for _ in range(MAX_SLIDER_KEYS):
        now, low, high = target.evaluate(_SLIDER_STATE_JS, timeout=timeout)
        if now == wanted or not low <= wanted <= high:
            break
        before = now
        target.press("ArrowRight" if wanted > now else "ArrowLeft", timeout=timeout)
        if target.evaluate(_SLIDER_STATE_JS, timeout=timeout)[0] == before:
            break  # the slider does not move with the keys
    final = target.evaluate(_SLIDER_STATE_JS, timeout=timeout)[0]
    if final != wanted:
        raise StepFailed(
            f"the slider stopped at {final:g}, not {wanted:g}",
            expected=f"{wanted:g}",
            observed=f"{final:g}",
        )


CHECKED_JS = """(el) => {
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
    return el.checked;
  }
  for (const name of ['aria-checked', 'aria-pressed']) {
    if (el.hasAttribute(name)) return el.getAttribute(name) === 'true';
  }
  return null;
}"""
# How long a box may take to show the state its click gave it (an app re-rendering its list).
_CHECK_SETTLE_MS = 1000


def _set_checked(target: PWLocator, wanted: bool, timeout: float) -> None:
    """Tick or untick: click the box (or the label or sibling that draws a hidden input) when
    it is not as wanted, then make sure it took. A box whose row leaves the page on the click
    (a to-do leaving the "Active" view) took it: Playwright's check() would wait for the gone
    box until the step timed out."""
    proxy = _proxy(target, timeout)
    state = target.evaluate(CHECKED_JS, timeout=timeout)
    if state is None:
        raise StepFailed(
            "the element cannot be checked (no checkbox, radio, switch or toggle button)"
        )
    if state == wanted:
        return
    if proxy is not None:
        proxy.click(timeout=timeout)
    else:
        target.click(timeout=timeout)
    end = time.monotonic() + _CHECK_SETTLE_MS / 1000
    while True:
        if target.count() == 0:
            return
        try:
            state = target.evaluate(CHECKED_JS, timeout=_CHECK_SETTLE_MS)
        except PlaywrightError:
            if target.count() == 0:
                return
            raise
        if state == wanted or time.monotonic() >= end:
            break
        time.sleep(0.05)
    if state != wanted:
        wanted_word = "checked" if wanted else "unchecked"
        how = "clicking its label" if proxy is not None else "clicking it"
        raise StepFailed(
            f"{how} did not leave the box {wanted_word}",
            expected=wanted_word,
            observed="unchecked" if wanted else "checked",
        )


def perform(
    ctx: RunContext,
    action: RecordedAction,
    target: PWLocator | None,
    *,
    where: str,
) -> None:
    """Execute `action`; `target` is the element for kinds that need one."""
    ctx.before_action()
    page = ctx.page
    timeout = ctx.step_timeout_ms
    kind = action.kind
    if kind in _NEEDS_TARGET and target is None:
        raise StepBroken(f"{kind} needs an element and none was found")
    value = (
        resolve_value(ctx, action.value, where) if action.value is not None else None
    )
    if kind == "goto":
        page.goto(
            ctx.url_for(value or "/"),
            timeout=ctx.deadline.cap(ctx.request.navigation_timeout_ms),
        )
    elif kind == "click":
        assert target is not None
        proxy = _proxy(target, timeout) if _may_be_input(action) else None
        if value and value.startswith(CLICK_UNTIL):
            _click_until(ctx, proxy or target, value[len(CLICK_UNTIL) :], timeout)
            return
        _, times = repeated_key(f"click{value or ''}")
        before = ctx.watcher.navigations
        for done in range(times):
            if done:
                # What the click before started (a request, a page drawn again) ends first.
                ctx.watcher.settle(
                    navigations_before=before, max_ms=ctx.deadline.cap(2000)
                )
                before = ctx.watcher.navigations
            (proxy or target).click(timeout=timeout)
    elif kind == "dblclick":
        assert target is not None
        target.dblclick(timeout=timeout)
    elif kind == "rightclick":
        assert target is not None
        target.click(button="right", timeout=timeout)
    elif kind == "fill":
        assert target is not None
        _fill(ctx, target, value or "", timeout)
    elif kind == "pick_date":
        assert target is not None
        _pick_date(ctx, target, value or "", timeout)
    elif kind == "type":
        page.keyboard.type(value or "")
    elif kind == "select":
        assert target is not None
        role = next((loc.role for loc in action.locators if loc.role), None)
        _select(target, value or "", timeout, role=role)
    elif kind == "pick_option":
        _pick_option(ctx, value or "", timeout)
    elif kind == "sort":
        assert target is not None
        _sort(ctx, target, value, timeout)
    elif kind in ("check", "uncheck"):
        assert target is not None
        _set_checked(target, kind == "check", timeout)
    elif kind == "press":
        key, times = repeated_key(action.key or value or "Enter")
        for _ in range(times):
            if target is not None:
                target.press(key, timeout=timeout)
            else:
                page.keyboard.press(key)
    elif kind == "hover":
        assert target is not None
        target.hover(timeout=timeout)
    elif kind == "focus":
        assert target is not None
        target.focus(timeout=timeout)
    elif kind == "drag":
        assert target is not None
        ctx.held = target  # the drop that follows moves it
    elif kind == "drop":
        assert target is not None
        if ctx.held is None:
            raise StepBroken("nothing was taken hold of to drop")
        held, ctx.held = ctx.held, None
        _drag(page, held, target, timeout)
    elif kind == "scroll":
        direction = value or "down"
        if direction in ("bottom", "top"):
            height = (
                "document.documentElement.scrollHeight"
                if direction == "bottom"
                else "0"
            )
            page.evaluate(f"window.scrollTo(0, {height})")
        else:
            delta = "window.innerHeight * 0.8"
            sign = "" if direction == "down" else "-"
            page.evaluate(f"window.scrollBy(0, {sign}{delta})")
    elif kind == "scroll_to":
        if target is not None:
            target.scroll_into_view_if_needed(timeout=timeout)
        else:
            _scroll_to_text(ctx, value or action.target or "", timeout)
    elif kind == "upload":
        assert target is not None
        path = Path(value or "")
        if not path.is_absolute():
            path = ctx.files_dir() / path
        if not path.is_file():
            raise StepBroken(f"no file to upload at {path}")
        target.set_input_files(path, timeout=timeout)
    elif kind == "wait_time":
        page.wait_for_timeout(ctx.deadline.cap(float(value or 0)))
    elif kind == "wait_idle":
        _wait_idle(ctx, _bounded_wait(ctx, action, timeout))
    elif kind == "screenshot":
        pass  # taken by the case runner once the step is done, as every step's shot is
    elif kind == "wait_load":
        # "Wait for network idle": no request for half a second (Playwright's networkidle).
        bound = _bounded_wait(ctx, action, timeout)
        if value == "network":
            page.wait_for_load_state("networkidle", timeout=bound)
        else:
            page.wait_for_load_state("load", timeout=bound)
    elif kind in ("wait_text", "wait_gone"):
        _wait_text(
            ctx,
            value or "",
            present=kind == "wait_text",
            timeout=_bounded_wait(ctx, action, timeout),
        )
    elif kind in ("assert_text", "assert_absent"):
        _wait_text(
            ctx,
            value or "",
            present=kind == "assert_text",
            timeout=ctx.assert_timeout_ms,
        )
    elif kind == "assert_sorted":
        _assert_sorted(ctx, action.target or "", value, action.scope or "")
    elif kind == "assert_state":
        _assert_state(ctx, value or "", action.timeout_ms)
    elif kind in BROWSER_KINDS:
        _browser_step(ctx, action, value, timeout)
    elif kind == "click_outside":
        _click_outside(ctx, action.target == "menu", timeout)
    elif kind == "go_to_page":
        _go_to_page(ctx, int(value or 1), action.target or "", timeout)
    elif kind in ("back", "forward"):
        # "Go back twice": one entry of the history at a time, each page loaded in turn.
        for _ in range(int(value or 1)):
            if kind == "back":
                page.go_back(timeout=timeout)
            else:
                page.go_forward(timeout=timeout)
    elif kind == "reload":
        page.reload(timeout=timeout)
    elif kind == "viewport":
        wide, high = viewport_size(value)
        page.set_viewport_size({"width": wide, "height": high})
    else:
        raise StepBroken(f"unknown action {kind!r}")


def _go_to_page(ctx: RunContext, number: int, words: str, timeout: float) -> None:
    """The pager's control for that page, clicked once the pager offers it (lists load late)."""
    reason = ""

    def control() -> ElementHandle | None:
        nonlocal reason
        try:
            return pagers.page_control(ctx.page, number, words)
        except pagers.NoSuchPage as exc:
            reason = str(exc)
            return None

    found = poll(ctx.page, control, timeout)
    if found is None:
        raise StepFailed(
            f"no page {number} to go to: {reason}",
            expected=f"a pager offering page {number}",
            observed=reason,
        )
    found.click(timeout=timeout)


def _click_outside(ctx: RunContext, menu_only: bool, timeout: float) -> None:
    """A spot outside the open modal or menu, clicked once something is open (it may still be
    opening)."""
    reason = ""

    def clicked() -> bool:
        nonlocal reason
        try:
            pages.click_outside(ctx.page, menu_only=menu_only)
        except pages.NothingOpen as exc:
            reason = str(exc)
            return False
        return True

    if not poll(ctx.page, clicked, timeout):
        what = "an open menu" if menu_only else "an open dialog or menu"
        raise StepFailed(
            f"nothing to click outside of: {reason}", expected=what, observed=reason
        )


def _browser_step(
    ctx: RunContext, action: RecordedAction, value: str | None, timeout: float
) -> None:
    """Dialogs and tabs (engine.pages); their failures are the step's failures."""
    kind = action.kind
    try:
        if kind in DIALOG_ANSWERS:
            answer = dialog_answer(kind, value, action.target)
            wait = action.timeout_ms != 0
            pages.answer_dialog(
                ctx, answer, _bounded_wait(ctx, action, timeout), wait=wait
            )
        elif kind == "assert_dialog":
            message = pages.dialog_message(ctx, ctx.assert_timeout_ms)
            wanted = value or ""
            if message is None or _norm_text(wanted) not in _norm_text(message):
                raise StepFailed(
                    f"the dialog did not say {wanted!r}",
                    expected=f"a dialog saying: {wanted}",
                    observed=message if message is not None else "no dialog",
                )
        elif kind == "switch_tab":
            pages.switch_tab(ctx, value or "new", timeout)
        elif kind == "consent":
            said, optional = consent.read_answer(value)
            consent.answer_banner(ctx.page, said, optional=optional, timeout_ms=timeout)
        elif kind == "dismiss_notice":
            notices.close_notice(
                ctx.page,
                notices.Wanted.decode(action.target, value),
                timeout_ms=_bounded_wait(ctx, action, timeout),
                gone_ms=ctx.assert_timeout_ms,
            )
        elif value == "popup" and pages.only_tab(ctx):
            # "Close the popup" with no popup window: the popup in the page.
            answer = dialog_answer("dismiss_dialog", None, None)
            pages.answer_dialog(ctx, answer, timeout)
        else:
            pages.close_tab(ctx)
    except pages.NoDialog as exc:
        raise StepFailed(str(exc), expected="a dialog", observed="no dialog") from None
    except consent.NoBanner as exc:
        raise StepFailed(
            str(exc), expected="a cookie banner", observed="no cookie banner"
        ) from None
    except notices.NoNotice as exc:
        raise StepFailed(
            str(exc), expected="a notice closed", observed=str(exc)
        ) from None
    except notices.SeveralNotices as exc:
        raise StepBroken(str(exc)) from None
    except pages.NoSuchPage as exc:
        raise StepBroken(str(exc)) from None


def dialog_answer(kind: str, value: str | None, which: str | None) -> DialogAnswer:
    """The answer a dialog step gives; `which` is the dialog type it names, if any."""
    types = (which,) if which else DialogAnswer.types
    if kind == "dismiss_dialog":
        return DialogAnswer(accept=False, types=types)
    text = value if kind == "answer_dialog" else None
    return DialogAnswer(accept=True, text=text, types=types)


def describe_action(action: RecordedAction) -> str:
    what = action.target or (action.locators[0].describe() if action.locators else "")
    parts = [action.kind]
    if what:
        parts.append(what)
    if action.key:
        parts.append(action.key)
    return re.sub(r"\s+", " ", " ".join(parts))
