"""Steps, checks and selector hints compiled to Playwright code, for the export (engine.export.compiler).

`StepCompiler` turns one piece of a case into TypeScript lines: a recorded action from the action
cache, a grammar intent, a check, a check-less assertion or a selector hint. It raises `Todo` with
the reason when something has no faithful Playwright equivalent; the caller turns that into a
`test.fixme`. `Values` turns `${name}` templates into JS expressions and keeps secret literals
out of the text.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from engine import grammar
from engine.cache import FRAME_SEP, Locator, RecordedAction
from engine.claims import (
    as_described,
    as_labelled,
    as_row,
    empty_as_count,
    url_path_claim,
)
from engine.consent import read_answer
from engine.dates import parse_date
from engine.export import typescript as ts
from engine.export.typescript import Chain, statement, ts_str
from engine.grammar_checks import Claim, parse_claim
from engine.hints import looks_like_css
from engine.intent import (
    CLICK_UNTIL,
    CLICK_UNTIL_MAX,
    Intent,
    repeated_key,
    viewport_size,
)
from engine.masking import MASK
from engine.normalize import (
    identifier_words,
    normalize,
    phrase_spellings,
    spellings,
    unify_quotes,
)
from engine.notices import Wanted
from engine.spec import Check
from engine.variables import VAR_RE

STEP_TIMEOUT_MS = 10_000  # engine.spec.RunRequest.step_timeout_ms
IND = "    "  # inside a test body
_HEADING_HINT = re.compile(
    r"^(?:the\s+)?(?P<name>.*?)\s*\b(?:heading|title|headline)$", re.IGNORECASE
)
_TOP_HEADING = frozenset({"", "main", "page", "top", "first", "big", "h1"})
# Roles a plain-English selector hint can name ("the Contact support link").
_HINT_ROLES = frozenset(
    {
        "button",
        "link",
        "checkbox",
        "radio",
        "switch",
        "tab",
        "menuitem",
        "option",
        "combobox",
        "textbox",
    }
)
_QUOTED = re.compile(r"(?<!\w)(['\"])(.+?)\1(?!\w)")
# What icon-only controls usually do (their class names and sprite ids say so).
_ICON_WORDS = frozenset(
    [
        "remove",
        "delete",
        "trash",
        "bin",
        "destroy",
        "edit",
        "pencil",
        "close",
        "dismiss",
        "add",
        "plus",
        "menu",
        "search",
        "settings",
        "more",
        "expand",
        "collapse",
        "refresh",
        "download",
        "upload",
        "share",
        "copy",
        "favorite",
        "star",
        "like",
        "info",
        "help",
        "filter",
        "sort",
        "print",
    ]
)


# Roles the spec's rowControl / controlAfter helpers know (typescript.HELPERS).
_CONTEXT_ROLES = frozenset({"button", "link", "checkbox", "radio", "switch", "textbox"})
_NEAR_ROLES = frozenset({"checkbox", "radio", "textbox"})

_SCROLL_JS = {
    "bottom": "window.scrollTo(0, document.documentElement.scrollHeight)",
    "top": "window.scrollTo(0, 0)",
    "down": "window.scrollBy(0, window.innerHeight * 0.8)",
    "up": "window.scrollBy(0, -window.innerHeight * 0.8)",
}


def _is_list(action: RecordedAction) -> bool:
    """A recorded element that is a drop-down (a <select>, by its role or recorded description)."""
    roles = {loc.role for loc in action.locators if loc.kind == "role"}
    described = (action.target or "").split(" ", 1)[0]
    return bool(roles & {"combobox", "listbox"}) or described in ("combobox", "listbox")


def _described_role(action: RecordedAction) -> str | None:
    """The role word of a recorded element's description (`slider "Volume"` → slider)."""
    return (action.target or "").split(" ", 1)[0] or None


def _email_field() -> Chain:
    return Chain.on(
        "page",
        "locator('input[type=email]')",
        "or(page.getByLabel(/e-?mail/i))",
        "first()",
    )


def _recorded_locator(locator: Locator, values: Values) -> Chain:
    """A recorded locator as Playwright code (engine.locators.to_playwright, in TypeScript).

    Recorded texts keep `${name}` where a variable's value was (engine.resolve.templated):
    those read the spec's `vars`."""
    where: tuple[str, ...] = ("page",)
    if locator.frame:
        where += tuple(
            f"frameLocator({ts_str(part)})" for part in locator.frame.split(FRAME_SEP)
        )
    rows = (
        f"rowsWith({'.'.join(where)}, {ts_str(locator.row_tag or ts.ROW_SELECTOR)}, "
        f"{_row_words(locator.row_text or '', values)})",
    )
    if locator.kind == "row":
        return Chain(rows)
    root: tuple[str, ...] = rows if locator.row_text else where
    value = (
        values.expr(locator.value) if "${" in locator.value else ts_str(locator.value)
    )
    kind = locator.kind
    if kind == "test_id":
        attr = locator.attr or "data-testid"
        if attr == "data-testid":
            return Chain((*root, f"getByTestId({value})"))
        css = f'[{attr}="{_css_escape(locator.value)}"]'
        return Chain((*root, f"locator({ts_str(css)})"))
    if kind == "role":
        pattern = None if "${" in locator.value else ts.name_regex(locator.value)
        name = pattern if pattern is not None else value
        exact = "" if pattern is not None else ", exact: true"
        role = ts_str(locator.role or "button")
        return Chain((*root, f"getByRole({role}, {{ name: {name}{exact} }})"))
    if kind == "label":
        return Chain((*root, f"getByLabel({value}, {{ exact: true }})"))
    if kind == "placeholder":
        return Chain((*root, f"getByPlaceholder({value}, {{ exact: true }})"))
    if kind == "text":
        return Chain((*root, f"getByText({value}, {{ exact: true }})"))
    return Chain((*root, f"locator({value})"))


def _row_words(text: str, values: Values) -> str:
    """A recorded row's words as the engine replays them (engine.locators.row_words)."""
    if "${" in text:
        return values.expr(text)
    if not text.strip():
        return ts_str(text)
    return ts.word_regex(text)


def _positional(locator: Locator) -> bool:
    """A CSS path from the document root: it holds only while the page keeps its layout."""
    return locator.kind == "css" and not locator.row_text


def _said_date(value: str | None) -> bool:
    """A date said in words ("tomorrow", "12 March 2027"), not one typed as the field takes it."""
    return (
        bool(value)
        and "${" not in (value or "")
        and parse_date(value or "") is not None
        and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", (value or "").strip())
    )


def _direction(value: str | None) -> str:
    """A sort direction as the spec's helpers take it."""
    return ts_str(value) if value in ("ascending", "descending") else "null"


def _css_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


class Values:
    """Turns templates into JS expressions and keeps secret literals out of the text."""

    def __init__(self, secret_literals: Mapping[str, str]) -> None:
        # literal value → the JS expression that reads it from the environment
        self.secret_literals = dict(secret_literals)
        self._by_length = sorted(self.secret_literals, key=len, reverse=True)

    def _split_secrets(self, text: str) -> list[tuple[str, bool]]:
        parts: list[tuple[str, bool]] = [(text, False)]
        for secret in self._by_length:
            split: list[tuple[str, bool]] = []
            for chunk, is_code in parts:
                if is_code or secret not in chunk:
                    split.append((chunk, is_code))
                    continue
                pieces = chunk.split(secret)
                for index, piece in enumerate(pieces):
                    if index:
                        split.append((self.secret_literals[secret], True))
                    split.append((piece, False))
            parts = split
        return parts

    def parts(self, template: str) -> list[tuple[str, bool]]:
        """(text, is_code) pieces: literal text, `vars.x` references, `secret(...)` reads."""
        out: list[tuple[str, bool]] = []
        position = 0
        for match in VAR_RE.finditer(template):
            out.extend(self._split_secrets(template[position : match.start()]))
            out.append((ts.prop("vars", match.group(1)), True))
            position = match.end()
        out.extend(self._split_secrets(template[position:]))
        return [(text, code) for text, code in out if code or text]

    def is_literal(self, template: str) -> bool:
        return all(not code for _, code in self.parts(template))

    def expr(self, template: str) -> str:
        parts = self.parts(template)
        if not parts:
            return "''"
        if len(parts) == 1:
            text, code = parts[0]
            return text if code else ts_str(text)
        body = "".join(
            "${" + text + "}" if code else ts.template_chunk(text)
            for text, code in parts
        )
        return f"`{body}`"

    def mask(self, text: str) -> str:
        for secret in self._by_length:
            text = text.replace(secret, MASK)
        return text


class Todo(Exception):
    """This piece cannot be compiled; the message says why (it becomes the TODO)."""


class NoGuess(Todo):
    """A recorded action the grammar's guess would get wrong too: a fixme, no fallback."""


def secret_step_literals(text: str) -> list[str]:
    """What a `secret: true` step types literally (engine.variables.secret_step_values)."""
    intent = grammar.parse(text)
    literals: list[str] = []
    if intent is None or intent.kind == "click_named":
        # Read as a name only because no rule reads it: any quoted words may be a value.
        literals = [m.group(2) for m in _QUOTED.finditer(unify_quotes(text))]
    else:
        if intent.kind in ("fill", "type", "select", "upload") and intent.value:
            literals.append(intent.value)
        literals.extend(f.value for f in intent.fills)
    # A value that is (or contains) a `${name}` is a variable: generated or read at run time.
    return [lit for lit in literals if lit.strip() and not VAR_RE.search(lit)]


class StepCompiler:
    """Compiles pieces of a case; records which runtime helpers the code calls."""

    def __init__(self, values: Values, generators: Mapping[str, str]) -> None:
        self.values = values
        self.generators = generators
        self.helpers: set[str] = set()
        # The suite moves between tabs: every action may open one, and the case follows it.
        self.follow_tabs = False
        self._held: Chain | None = None

    def cached_target(self, action: RecordedAction) -> Chain | None:
        """The recorded chain, best first as the engine tries it; a positional CSS path only
        when the chain has nothing more meaningful (a row-scoped path counts as meaningful)."""
        if not action.locators:
            return None
        chosen = [loc for loc in action.locators if not _positional(loc)]
        chosen = chosen or [action.locators[0]]
        if any(loc.row_text or loc.kind == "row" for loc in chosen):
            self.helpers.add("rowsWith")
        if len(chosen) == 1:
            return _recorded_locator(chosen[0], self.values)
        return self._first_of(
            [_recorded_locator(loc, self.values).text() for loc in chosen]
        )

    def recorded_action(self, action: RecordedAction) -> list[str]:
        """One action from the cache, through its recorded chain."""
        target = self.cached_target(action)
        kind = action.kind
        if kind == "press":
            return self.act("press", target, value=None, key=action.key or action.value)
        if kind == "scroll_to" and target is None:
            return self.act(kind, None, value=action.value or action.target or "")
        if kind == "fill" and _is_list(action):
            # The engine fills a <select> by choosing the option; Playwright's fill() would throw.
            kind = "select"
        return self.act(
            kind,
            target,
            value=action.value,
            key=action.key,
            timeout_ms=action.timeout_ms,
            which=action.target if not action.locators else _described_role(action),
            scope=action.scope,
        )

    def act(
        self,
        kind: str,
        target: Chain | None,
        *,
        value: str | None = None,
        key: str | None = None,
        timeout_ms: int | None = None,
        which: str | None = None,
        scope: str | None = None,
    ) -> list[str]:
        """The code for one action kind; `target` is the element for kinds that need one
        (`which`: the dialog type a dialog step names, the column a sort check reads;
        `scope`: the words naming the items it reads)."""
        v = self.values.expr(value or "")
        body = "page.locator('body')"
        needs_target = {
            "click": "click()",
            "dblclick": "dblclick()",
            "rightclick": "click({ button: 'right' })",
            "hover": "hover()",
            "focus": "focus()",
            "check": "check()",
            "uncheck": "uncheck()",
            "fill": f"fill({v})",
            "select": f"selectOption({v})",
            "upload": f"setInputFiles({v})",
        }
        if kind == "fill" and target is not None and which == "slider":
            self.helpers.add("setSlider")
            return [f"{IND}await setSlider({target.text()}, {v});"]
        if kind in ("fill", "set") and target is not None and _said_date(value):
            self.helpers.add("fillDate")
            return [f"{IND}await fillDate({target.text()}, {v});"]
        if kind == "set" and target is not None:
            self.helpers.add("setField")
            return [f"{IND}await setField({target.text()}, {v});"]
        if kind == "sort" and target is not None:
            self.helpers.add("sortColumn")
            return [f"{IND}await sortColumn({target.text()}, {_direction(value)});"]
        if kind == "pick_date" and target is not None:
            self.helpers.add("pickDate")
            return [f"{IND}await pickDate({target.text()}, {v});"]
        if kind == "drag" and target is not None:
            self._held = target  # dropped by the next action
            return []
        if kind == "drop" and target is not None:
            held, self._held = self._held, None
            if held is None:
                raise Todo("a drop without a drag before it")
            self.helpers.add("dragOnto")
            return [f"{IND}await dragOnto({held.text()}, {target.text()});"]
        if kind in needs_target:
            if target is None:
                raise Todo(f"a {kind} needs an element and none was recorded")
            if kind in ("check", "uncheck"):
                self.helpers.add("setChecked")
                wanted = "true" if kind == "check" else "false"
                return [f"{IND}await setChecked({target.text()}, {wanted});"]
            lines = statement(target.then(needs_target[kind]), IND)
            if self.follow_tabs and kind in ("click", "dblclick", "rightclick"):
                lines.append(f"{IND}page = await followTabs(page);")
            if kind == "click" and value and value.startswith(CLICK_UNTIL):
                # "Click 'Load more' until 'Item 20' appears": click, look again, as the run
                # does (at most CLICK_UNTIL_MAX clicks), then the words are expected.
                words = ts_str(value[len(CLICK_UNTIL) :])
                shown = f"page.getByText({words}).first()"
                return [
                    f"{IND}for (let i = 0; i < {CLICK_UNTIL_MAX}; i++) {{",
                    f"{IND}  if (await {shown}.isVisible()) break;",
                    *(f"  {line}" for line in lines),
                    f"{IND}  await page.waitForLoadState('load');",
                    f"{IND}  await page.waitForTimeout(250);",
                    f"{IND}}}",
                    f"{IND}await expect({shown}).toBeVisible();",
                ]
            _, times = (
                repeated_key(f"click{value or ''}") if kind == "click" else ("", 1)
            )
            if times > 1:
                # "Click 'Next' 3 times": the one control, clicked that many times.
                return [
                    f"{IND}for (let i = 0; i < {times}; i++) {{",
                    *(f"  {line}" for line in lines),
                    f"{IND}}}",
                ]
            return lines
        if kind in ("accept_dialog", "dismiss_dialog", "answer_dialog"):
            self.helpers.add("dialogs")
            if timeout_ms == 0:  # "the next dialog": planned here, answered later
                return [self.plan_dialog(kind, value, which)]
            accept = "false" if kind == "dismiss_dialog" else "true"
            in_page = "true" if kind != "answer_dialog" and not which else "false"
            if kind == "dismiss_dialog" and which == "alert":
                return [f"{IND}await dialogAnswered(page, false, false, true);"]
            return [f"{IND}await dialogAnswered(page, {accept}, {in_page});"]
        if kind == "go_to_page":
            self.helpers.add("goToPage")
            words = self.values.expr(which or "")
            return [f"{IND}await goToPage(page, {int(value or 1)}, {words});"]
        if kind == "click_outside":
            self.helpers.add("clickOutside")
            menu_only = str(which == "menu").lower()
            return [f"{IND}await clickOutside(page, {menu_only});"]
        if kind == "dismiss_notice":
            self.helpers.add("closeNotice")
            notice = Wanted.decode(which, value)
            fields = f"{self._notice(notice)}, all: {str(notice.all).lower()}"
            return [f"{IND}await closeNotice(page, {{ {fields} }});"]
        if kind == "assert_dialog":
            self.helpers.add("dialogs")
            return [
                f"{IND}await expect.poll(() => dialogMessages.at(-1) ?? '', "
                "{ message: 'the latest dialog' })"
                f".toMatch({self.text_pattern(value or '')});"
            ]
        if kind == "pick_date":
            raise NoGuess(
                "the date is set through a calendar picker and no field was recorded: open it, "
                "move to the month and click the day by hand"
            )
        if kind == "assert_sorted":
            self.helpers.add("expectSorted")
            column = self.values.expr(which or "")
            items = self.values.expr(scope or "")
            direction = _direction(value)
            return [f"{IND}await expectSorted(page, {column}, {direction}, {items});"]
        if kind == "consent":
            answer, optional = read_answer(value)
            self.helpers.add("answerCookies")
            flag = ", true" if optional else ""
            return [f"{IND}await answerCookies(page, {ts_str(answer)}{flag});"]
        if kind == "pick_option":
            self.helpers.add("pickOption")
            return [f"{IND}await pickOption(page, {v});"]
        if kind == "goto":
            self.helpers.add("url")
            return [f"{IND}await page.goto(url({v}));"]
        if kind == "type":
            return [f"{IND}await page.keyboard.type({v});"]
        if kind == "press":
            pressed, times = repeated_key(key or "Enter")
            key_code = ts_str(pressed)
            if target is not None:
                return statement(target.then(f"press({key_code})"), IND) * times
            return [f"{IND}await page.keyboard.press({key_code});"] * times
        if kind == "scroll":
            return [
                f"{IND}await page.evaluate(() => {_SCROLL_JS.get(value or 'down', _SCROLL_JS['down'])});"
            ]
        if kind == "scroll_to":
            if target is not None:
                return statement(target.then("scrollIntoViewIfNeeded()"), IND)
            self.helpers.add("scrollToText")
            return [f"{IND}await scrollToText(page, {v});"]
        wait_ms = STEP_TIMEOUT_MS if timeout_ms is None else timeout_ms
        if kind in ("wait_text", "assert_text"):
            timeout = f", timeout: {wait_ms:_}" if kind == "wait_text" else ""
            return [
                f"{IND}await expect({body}).toContainText({v}, "
                f"{{ ignoreCase: true, useInnerText: true{timeout} }});"
            ]
        if kind in ("wait_gone", "assert_absent"):
            timeout = f", timeout: {wait_ms:_}" if kind == "wait_gone" else ""
            return [
                f"{IND}await expect({body}).not.toContainText({self.text_pattern(value or '')}, "
                f"{{ useInnerText: true{timeout} }});"
            ]
        if kind == "wait_time":
            return [f"{IND}await page.waitForTimeout({int(float(value or 0))});"]
        if kind == "wait_idle":
            self.helpers.add("waitIdle")
            return [f"{IND}await waitIdle(page, {wait_ms:_});"]
        if kind == "screenshot":
            name = self.values.expr(value or "screenshot")
            return [
                f"{IND}await test.info().attach({name}, "
                "{ body: await page.screenshot(), contentType: 'image/png' });"
            ]
        if kind == "wait_load":
            bound = "" if timeout_ms is None else f", {{ timeout: {timeout_ms:_} }}"
            state = "networkidle" if value == "network" else "load"
            return [f"{IND}await page.waitForLoadState('{state}'{bound});"]
        if kind == "viewport":
            width, height = viewport_size(value)
            return [
                f"{IND}await page.setViewportSize({{ width: {width}, height: {height} }});"
            ]
        if kind in ("back", "forward", "reload"):
            method = {"back": "goBack", "forward": "goForward", "reload": "reload"}[
                kind
            ]
            times = int(value) if kind != "reload" and value else 1
            return [f"{IND}await page.{method}();"] * times
        if kind == "close_tab" and value == "popup":
            self.helpers.update({"tabs", "dialogs"})
            return [
                f"{IND}if (page.context().pages().length > 1) {{",
                f"{IND}  await page.close();",
                f"{IND}  page = switchBack(page);",
                f"{IND}}} else {{",
                f"  {self.plan_dialog('dismiss_dialog', None, None)}",
                f"{IND}  await dialogAnswered(page, false, true);",
                f"{IND}}}",
            ]
        if kind == "close_tab":
            self.helpers.add("tabs")
            return [f"{IND}await page.close();", f"{IND}page = switchBack(page);"]
        if kind == "switch_tab":
            self.helpers.add("tabs")
            which = value or "new"
            if which == "new":
                return [f"{IND}page = await followTabs(page, {STEP_TIMEOUT_MS:_});"]
            if which == "previous":
                return [f"{IND}page = switchBack(page);"]
            if which == "previous_page":
                return [f"{IND}page = await previousPage(page);"]
            if which == "first":
                return [
                    f"{IND}previousPages.push(page);",
                    f"{IND}page = context!.pages()[0];",
                ]
            return [f"{IND}page = await tabCalled(context!, page, {v});"]
        raise Todo(f"no Playwright equivalent for the action {kind!r}")

    def plan_dialog(self, kind: str, value: str | None, which: str | None) -> str:
        """The line that plans the answer to the next dialog (before the step that opens it)."""
        self.helpers.add("dialogs")
        accept = "false" if kind == "dismiss_dialog" else "true"
        text = self.values.expr(value or "") if kind == "answer_dialog" else "undefined"
        types = [which] if which else ["confirm", "prompt", "beforeunload"]
        listed = ", ".join(ts_str(t) for t in types)
        return f"{IND}planDialog(page, {accept}, {text}, [{listed}]);"

    def text_pattern(self, template: str) -> str:
        """A case-insensitive regex for text: a literal at compile time, else built at run time."""
        if self.values.is_literal(template):
            return ts.text_regex(template)
        self.helpers.add("anyCase")
        return f"anyCase({self.values.expr(template)})"

    def intent(self, intent: Intent) -> tuple[list[str], str | None]:
        """The grammar's best guess for an intent; (lines, review note or None)."""
        kind = intent.kind
        if kind == "click" and intent.row_noun is not None and intent.nth is not None:
            # "Remove the second note": the nth row holding the control, hovered first.
            self.helpers.add("nthRowControl")
            whole = dataclasses.replace(intent, nth=None, row_noun=None)
            listed = "".join(
                f"\n{IND}  {c}," for c in self._click_candidates("r", whole)
            )
            found = (
                f"(await nthRowControl(page, (r) => [{listed}\n{IND}], {intent.nth}, "
                f"{ts_str(intent.row_noun)}))"
            )
            return self.act(kind, Chain((found,))), None
        if kind == "open_item":
            # "Open the first product": the item's link, chosen in the page as the engine does.
            self.helpers.add("nthItem")
            container = self.values.expr(intent.value or "")
            # Where no collection is called so: a control called the noun word for word.
            other = intent.alternative
            assert other is not None and other.target is not None
            called = (
                ts.whole_regex(other.target)
                if self.values.is_literal(other.target)
                else self.values.expr(other.target)
            )
            listed = "".join(
                f"\n{IND}  {c},"
                for c in (
                    f"r.getByRole('button', {{ name: {called} }})",
                    f"r.getByRole('link', {{ name: {called} }})",
                    f"r.getByText({called})",
                )
            )
            found = (
                f"(await nthItem(page, {ts_str(intent.target or '')}, {container}, "
                f"{intent.nth or 1}, (r) => [{listed}\n{IND}]))"
            )
            return self.act("click", Chain((found,))), None
        if kind in ("click", "dblclick", "rightclick", "hover", "focus"):
            times = intent.value if kind == "click" else None  # "*3": clicked 3 times
            lines = self.act(kind, self._clickable(intent), value=times)
            if intent.scope:
                # Rows often show their controls only while hovered: hover the row first.
                self.helpers.add("hoverRow")
                scope = self.values.expr(intent.scope)
                lines = [f"{IND}await hoverRow(page, {scope});", *lines]
            return lines, None
        if kind == "assert_state":
            claim = parse_claim(intent.value or "")
            if claim is None:
                raise Todo("the claim could not be read")
            return self.claim(claim), None
        if kind == "click_named" and intent.fallback is not None:
            named = dataclasses.replace(intent, alternative=None)
            return self._named_or(named, intent.fallback)
        if kind == "click_named":
            return self.act("click", self._named_control(intent)), (
                f"'{intent.target}' was read as the name of a control to click "
                "(where the page has none, Tripwire asks a language model)"
            )
        if kind == "open_link":
            target = self._clickable(intent)
            return self.act("click", target), (
                f"'{intent.target}' was read as a link or button to follow"
            )
        if kind in ("check", "uncheck"):
            return self.act(kind, self._checkable(intent)), None
        if kind == "fill" and intent.role == "combobox":
            # "Set the 'Country' dropdown to 'Germany'": a list, so the option is chosen.
            return self._select(intent)
        if kind == "fill":
            # Set by what the field turns out to be, as the engine does: "Change the country
            # to Germany" chooses in a <select> the words did not call a list.
            value = intent.value or ""
            return self.act("set", self._field(intent), value=value), None
        if kind == "fill_many":
            return self._fill_many(intent)
        if kind == "step_value":
            self.helpers.add("stepValue")
            stepped = self._field(dataclasses.replace(intent, kind="fill"))
            step = intent.value or "+1"
            up = "true" if step.startswith("+") else "false"
            return [
                f"{IND}await stepValue({stepped.text()}, {up}, {int(step[1:])});"
            ], None
        if kind == "search":
            box = self._field(intent)
            filled = self.act("fill", box, value=intent.value or "")
            if intent.alternative is None:
                return [*filled, *self.act("press", box, key="Enter")], None
            # "Add a comment 'Nice'": a text area's words are sent by its button.
            self.helpers.add("enterOrSend")
            noun = json.dumps(normalize(intent.target or "").split())
            return [*filled, f"{IND}await enterOrSend({box.text()}, {noun});"], None
        if kind == "select":
            return self._select(intent)
        if kind == "sort":
            header = self._clickable(Intent("click", target=intent.target))
            column = self.values.expr(intent.target or "")
            self.helpers.add("sortBy")
            return [
                f"{IND}await sortBy(page, async () => {header.text()}, {column}, "
                f"{_direction(intent.value)});"
            ], None
        if kind == "filter":
            args = [self.values.expr(intent.value or "")]
            if intent.target:
                args.append(self.values.expr(intent.target))
            self.helpers.add("filterBy")
            return [f"{IND}await filterBy(page, {', '.join(args)});"], None
        if kind == "press":
            field = self._field(intent) if intent.target else None
            return self.act("press", field, key=intent.value), None
        if kind == "drag":
            # The words of both: a card's title, a column's heading (Playwright drags by mouse).
            held = self.values.expr(intent.target or "")
            zone = self.values.expr(intent.value or "")
            self.helpers.add("dragOnto")
            return [
                f"{IND}await dragOnto(page.getByText({held}, {{ exact: true }}).first(), "
                f"page.getByText({zone}, {{ exact: true }}).first());"
            ], None
        if kind == "upload":
            if intent.target:
                chain = Chain.on(
                    "page", f"getByLabel({self.values.expr(intent.target)})", "first()"
                )
            else:
                chain = Chain.on("page", "locator('input[type=file]')", "first()")
            return self.act("upload", chain, value=intent.value), None
        if kind == "submit":
            return [f"{IND}await page.keyboard.press('Enter');"], (
                "'submit' presses Enter in the focused field; check that it submits the form"
            )
        if kind == "scroll_to":
            return self.act("scroll_to", None, value=intent.target or ""), None
        if kind == "type" and intent.then_key:
            typed = self.act("type", None, value=intent.value)
            return [*typed, *self.act("press", None, key=intent.then_key)], None
        return self.act(
            kind,
            None,
            value=intent.value,
            timeout_ms=intent.timeout_ms,
            which=intent.target,
            scope=intent.scope,
        ), None

    def _root(self, scope: str | None) -> tuple[str, ...]:
        if not scope:
            return ("r",)
        # The row that carries the words (a literal scope: as whole words, so "Invoice 7" is
        # not the row of "Invoice 70"), as the engine's exact rows win.
        words = (
            ts.word_regex(scope)
            if self.values.is_literal(scope)
            else self.values.expr(scope)
        )
        self.helpers.add("rowsWith")
        return (f"rowsWith(r, {ts_str(ts.ROW_SELECTOR)}, {words})",)

    def _roots(
        self, scope: str | None, role: str, target: str | None = None
    ) -> list[str]:
        """Where to look: the page, or the rows that carry the scope's words, then (for rows
        that are no list item or table row: repeated div cards) the nearest box around the
        words that also holds the target's words, else a control of `role`."""
        roots = [".".join(self._root(scope))]
        if not scope or not self.values.is_literal(scope):
            return roots
        self.helpers.add("boxAround")
        words = f"r.getByText({ts.word_regex(scope)})"
        said = ts_str(scope)
        if target and self.values.is_literal(target) and not self._icon_css(target):
            roots.append(
                f"boxAround({words}, {said}, {ts_str(role)}, {ts_str(target)})"
            )
        if role in _CONTEXT_ROLES or role == "clickable":
            roots.append(f"boxAround({words}, {said}, {ts_str(role)})")
        return roots

    def _first_of(self, candidates: list[str]) -> Chain:
        """The first candidate that finds something, in the engine's order of preference."""
        if len(candidates) == 1:
            return Chain((candidates[0], "first()"))
        self.helpers.add("firstOf")
        listed = "".join(f"\n{IND}  {candidate}," for candidate in candidates)
        return Chain((f"(await firstOf([{listed}\n{IND}]))",))

    def _grounded(
        self,
        candidates: list[str],
        like: tuple[str, str] | None = None,
        nth: int | None = None,
    ) -> Chain:
        """The first candidate (written on the root `r`) that finds something, on the page or,
        failing that, in one of its frames: a step grounded from the grammar, as the engine
        grounds it, before anything is known of where the element lives. `like` (role, name):
        as a last resort, the control of that role whose name resembles the name."""
        self.helpers.add("firstIn")
        listed = "".join(f"\n{IND}  {candidate}," for candidate in candidates)
        extra = f", [{ts_str(like[0])}, {ts_str(like[1])}]" if like else ""
        if nth not in (None, 1):
            extra = f"{extra or ', null'}, {nth}"
        return Chain((f"(await firstIn(page, (r) => [{listed}\n{IND}]{extra}))",))

    def _names(self, target: str) -> tuple[str, str | None]:
        """The target as an exact string, and (for a literal) as a case- and
        whitespace-insensitive whole-name pattern: the engine's exact and normalised tiers."""
        name = self.values.expr(target)
        if not self.values.is_literal(target):
            return name, None
        return name, ts.whole_regex(*phrase_spellings(target))

    def _context(self, root: str, target: str, role: str) -> list[str]:
        """Nameless controls named by the text beside them: the nearest box around the words
        that holds such a control (a list row, a table row, a card among repeated ones), then
        the first such control after the words."""
        if not self.values.is_literal(target) or role not in _CONTEXT_ROLES:
            return []
        words = f"{root}.getByText({ts.word_regex(target)})"
        self.helpers.add("rowControl")
        out = [f"rowControl({words}, {ts_str(target)}, {ts_str(role)})"]
        if role in _NEAR_ROLES:
            self.helpers.add("controlAfter")
            after = f"controlAfter({words}, {ts_str(role)})"
            # A caption comes before its field: the field right after the words is the one
            # meant, where the box around them may hold several fields (a whole form). A box's
            # checkbox often comes before the row's words, so boxes keep the lead there.
            out = [after, *out] if role == "textbox" else [*out, after]
        if role == "textbox":
            # Before all: the fields of the column whose header says the words (a formset).
            self.helpers.add("inColumn")
            column = f"inColumn({root}, {ts_str(target)}, 'textbox')"
            out = [column, *out]
        return out

    @staticmethod
    def _readings(intent: Intent) -> tuple[Intent, Intent] | None:
        """The words as written and their other reading, when they have two: a bare "for"
        before unquoted words (`Intent.alternative`), an ordinal before them (`Intent.named`)."""
        if intent.alternative is not None:
            return dataclasses.replace(intent, alternative=None), intent.alternative
        if intent.named is not None:
            return (
                dataclasses.replace(
                    intent, target=intent.named, nth=None, ordinal=None
                ),
                dataclasses.replace(intent, ordinal=None),
            )
        return None

    def _two_readings(
        self,
        readings: tuple[Intent, Intent],
        build: Callable[[Intent], Chain],
        probes: Callable[[str, str], list[str]],
    ) -> Chain:
        """The element called by the words as written where the page shows one by its whole
        name (`probes`, given getByRole's options and getByLabel's arguments for that name,
        written on the root `r`), else the other reading's, as the engine weighs the two."""
        as_written, other = readings
        assert as_written.target is not None
        name, whole = self._names(as_written.target)
        if whole:
            options, label = f"{{ name: {whole} }}", whole
        else:
            options, label = (
                f"{{ name: {name}, exact: true }}",
                f"{name}, {{ exact: true }}",
            )
        listed = "".join(f"\n{IND}  {probe}," for probe in probes(options, label))
        by_words, by_other = (
            build(reading).text().replace("\n", "\n  ")
            for reading in (as_written, other)
        )
        self.helpers.add("asWrittenOr")
        return Chain(
            (
                f"(await asWrittenOr(\n{IND}  page,\n{IND}  (r) => [{listed}\n{IND}  ],"
                f"\n{IND}  async () => {by_words},"
                f"\n{IND}  async () => {by_other},\n{IND}))",
            )
        )

    def _clickable(self, intent: Intent) -> Chain:
        readings = self._readings(intent)
        if readings is not None:
            roles = [intent.role] if intent.role else ["button", "link"]
            return self._two_readings(
                readings,
                self._clickable,
                lambda options, _label: [
                    f"r.getByRole({ts_str(r)}, {options})" for r in roles
                ],
            )
        roots = self._roots(intent.scope, intent.role or "clickable", intent.target)
        if not intent.target:
            if intent.role is None and not intent.scope:
                raise Todo("the step names no element to act on")
            # "the menu next to 'Delta'": the row says which; its button, else its link.
            roles = [intent.role] if intent.role else ["button", "link"]
            return self._grounded(
                [f"{root}.getByRole({ts_str(r)})" for r in roles for root in roots],
                nth=intent.nth,
            )
        # The engine's fuzzy tier, for a name asked for in so many words outside any row.
        like = (
            (intent.role or "clickable", intent.target)
            if self.values.is_literal(intent.target)
            and not intent.scope
            and (intent.role or "clickable") in ("clickable", "button", "link")
            else None
        )
        return self._grounded(
            [c for root in roots for c in self._click_candidates(root, intent)],
            like,
            nth=intent.nth,
        )

    def _named_or(self, named: Intent, other: Intent) -> tuple[list[str], str | None]:
        """ "Clear completed": the control called so when the page shows one, else the other
        reading (the field called "completed" emptied), as the engine decides at first look."""
        self.helpers.add("controlNamed")
        names = [
            ts.whole_regex(*phrase_spellings(n)) for n in grammar.named_readings(named)
        ]
        shown = " || ".join(
            f"(await controlNamed(page, {n}).filter({{ visible: true }}).count()) > 0"
            for n in names
        )
        clicked = self.act("click", self._named_control(named))
        otherwise, note = self.intent(other)
        await_load = f"{IND}await page.waitForLoadState().catch(() => undefined);"
        return [
            await_load,
            f"{IND}if ({shown}) {{",
            *("  " + line.replace("\n", "\n  ") for line in clicked),
            f"{IND}}} else {{",
            *("  " + line.replace("\n", "\n  ") for line in otherwise),
            f"{IND}}}",
        ], note

    def _named_control(self, intent: Intent) -> Chain:
        """A step that is only a control's name (engine.grounding.ground_named): each reading's
        whole name, reading by reading, never a control that only resembles the words."""
        self.helpers.add("controlNamed")
        return self._grounded(
            [
                f"controlNamed(r, {ts.whole_regex(*phrase_spellings(reading))})"
                for reading in grammar.named_readings(intent)
            ]
        )

    def _click_candidates(self, root: str, intent: Intent) -> list[str]:
        assert intent.target is not None
        name, whole = self._names(intent.target)
        roles = [intent.role] if intent.role else ["button", "link"]
        exact = [
            f"{root}.getByRole({ts_str(r)}, {{ name: {name}, exact: true }})"
            for r in roles
        ]
        loose = [f"{root}.getByRole({ts_str(r)}, {{ name: {name} }})" for r in roles]
        normal = (
            [f"{root}.getByRole({ts_str(r)}, {{ name: {whole} }})" for r in roles]
            if whole
            else []
        )
        if intent.role is None:
            # A <summary> opens its <details>; Playwright gives it no button role.
            exact.append(
                f"{root}.locator('summary').filter({{ hasText: {whole or name} }})"
            )
        # Plain words with a handler (a div "tab" has no role either): after every control
        # that carries the name, as the engine ranks them.
        words = [f"{root}.getByText({name}, {{ exact: true }})"]
        if whole:
            words.append(f"{root}.getByText({whole})")
        developer = (
            [
                f"{root}.getByTestId({ts.id_regex(intent.target)})",
                f"{root}.locator({ts_str(ts.developer_css(intent.target))})",
            ]
            if whole
            else []
        )
        near_miss = (
            [
                f"{root}.getByRole({ts_str(r)}, {{ name: {ts.words_regex(intent.target)} }})"
                for r in roles
            ]
            if whole and len(intent.target.split()) > 1
            else []
        )
        icons: list[str] = []
        icon = self._icon_css(intent.target)
        if icon:
            names = "|".join(re.escape(w) for w in spellings(intent.target))
            role = ts_str(intent.role or "button")
            icons = [
                f"{root}.getByRole({role}, {{ name: /^\\s*(?:{names})\\s*$/i }})",
                f"{root}.locator({ts_str(icon)})",
            ]
        context = self._context(root, intent.target, roles[0])
        return [
            *exact,
            *normal,
            *words,
            *developer,
            *loose,
            *near_miss,
            *icons,
            *context,
        ]

    def _icon_css(self, target: str) -> str | None:
        """CSS for icon controls named like a one-word target, through the synonyms."""
        if not self.values.is_literal(target) or not re.fullmatch(r"[A-Za-z]+", target):
            return None
        words = spellings(target)
        # Only words icons stand for: "Leave" in a class name is no icon of leaving.
        if not set(words) & _ICON_WORDS:
            return None
        parts = [
            f'{attr}*="{word}" i]'
            for word in words
            for attr in ("[class", "[title", "[aria-label", "use[href")
        ]
        return ", ".join(parts)

    def _checkable(self, intent: Intent) -> Chain:
        role = intent.role or "checkbox"
        readings = self._readings(intent)
        if readings is not None:
            return self._two_readings(
                readings,
                self._checkable,
                lambda options, label: [
                    f"r.getByRole({ts_str(role)}, {options})",
                    self._labelled("r", label),
                ],
            )
        roots = self._roots(intent.scope, role, intent.target)
        if not intent.target:
            candidates = [f"{root}.getByRole({ts_str(role)})" for root in roots]
            if intent.role is None:
                # A toggle button (aria-pressed) in the row is its box too, as the engine has it.
                candidates += [
                    f"{root}.locator('[aria-pressed]')"
                    for root in self._roots(intent.scope, "button")
                ]
            return self._grounded(candidates, nth=intent.nth)
        return self._grounded(
            [c for root in roots for c in self._check_candidates(root, intent, role)],
            nth=intent.nth,
        )

    def _check_candidates(self, root: str, intent: Intent, role: str) -> list[str]:
        assert intent.target is not None
        name, whole = self._names(intent.target)
        candidates = [
            f"{root}.getByRole({ts_str(role)}, {{ name: {name}, exact: true }})",
            self._labelled(root, f"{name}, {{ exact: true }}"),
        ]
        if whole:
            candidates += [
                f"{root}.getByRole({ts_str(role)}, {{ name: {whole} }})",
                self._labelled(root, whole),
                f"{root}.getByTestId({ts.id_regex(intent.target)})",
                f"{root}.locator({ts_str(ts.developer_css(intent.target))})",
            ]
        candidates += [
            f"{root}.getByRole({ts_str(role)}, {{ name: {name} }})",
            self._labelled(root, name),
        ]
        if whole and len(intent.target.split()) > 1:
            candidates.append(self._labelled(root, ts.words_regex(intent.target)))
        candidates += self._context(root, intent.target, role)
        # A toggle button (aria-pressed) is a switch too, as the engine has it.
        candidates.append(
            f"{root}.getByRole('button', {{ name: {name}, exact: true }})"
            ".and(r.locator('[aria-pressed]'))"
        )
        return candidates

    def _field(self, intent: Intent) -> Chain:
        if not intent.target and intent.kind == "search" and not intent.scope:
            # "Add a todo 'Buy milk'" where no field is called todo: the page's text field.
            return self._grounded(
                ["r.getByRole('textbox')", "r.getByRole('searchbox')"]
            )
        if not intent.target and intent.role == "slider" and not intent.scope:
            # "Drag the slider to 50": the page's one slider, native or ARIA.
            return self._grounded(["r.getByRole('slider')"])
        if not intent.target:
            raise Todo("the step names no field")
        readings = self._readings(intent)
        if readings is not None:
            return self._two_readings(
                readings,
                self._field,
                lambda options, label: [
                    f"r.getByRole('textbox', {options})",
                    self._labelled("r", label),
                    f"r.getByPlaceholder({label})",
                ],
            )
        roots = self._roots(intent.scope, "textbox", intent.target)
        return self._grounded(
            [c for root in roots for c in self._field_candidates(root, intent.target)],
            nth=intent.nth,
        )

    def _labelled(self, root: str, label: str) -> str:
        """What `label` labels on `root`, as a field or box (`field()`: not a region or form
        labelled the same)."""
        self.helpers.add("field")
        return f"field({root}.getByLabel({label}))"

    def _field_candidates(self, root: str, target: str) -> list[str]:
        name, whole = self._names(target)
        candidates = [
            self._labelled(root, f"{name}, {{ exact: true }}"),
            f"{root}.getByPlaceholder({name}, {{ exact: true }})",
            f"{root}.getByRole('textbox', {{ name: {name}, exact: true }})",
        ]
        if whole:
            candidates += [
                self._labelled(root, whole),
                f"{root}.getByPlaceholder({whole})",
                f"{root}.getByRole('textbox', {{ name: {whole} }})",
                f"{root}.getByTestId({ts.id_regex(target)})",
                f"{root}.locator({ts_str(ts.developer_css(target))})",
            ]
        candidates += [
            self._labelled(root, name),
            f"{root}.getByPlaceholder({name})",
        ]
        if whole and len(target.split()) > 1:
            near = ts.words_regex(target)
            candidates += [
                self._labelled(root, near),
                f"{root}.getByPlaceholder({near})",
            ]
        candidates += self._context(root, target, "textbox")
        return candidates

    def _select(self, intent: Intent) -> tuple[list[str], str | None]:
        option = intent.value or ""
        chosen = self.values.expr(option)
        if intent.fallback is not None and self.values.is_literal(option):
            # "Rate it 4 stars": the choice called so, else the other reading (the 4th star).
            self.helpers.add("chooseNamed")
            other, note = self.intent(intent.fallback)
            named = ts.whole_regex(option)
            return [
                f"{IND}if (!(await chooseNamed(page, {named}))) {{",
                *(f"  {line}" for line in other),
                f"{IND}}}",
            ], note
        kind_named = intent.alternative
        if intent.target is None and kind_named is not None and kind_named.target:
            # "Choose size 'Large'": the list called "size" when the page shows one, else the
            # one list or group that offers it, as the engine weighs the two readings.
            listed = ts.whole_regex(*phrase_spellings(kind_named.target))
            alone, note = self._select(dataclasses.replace(intent, alternative=None))
            called = self.values.expr(kind_named.target)
            self.helpers.add("chooseOption")
            return [
                f"{IND}if ((await page.getByRole('combobox', {{ name: {listed} }})"
                ".filter({ visible: true }).count()) === 1) {",
                f"{IND}  await chooseWith(page, await openerCalled(page, {called}), {chosen});",
                # A group of radio buttons offers it as one called so ("the 'Blue' color").
                f"{IND}}} else if ((await page.getByRole('radio', {{ name: {chosen}, exact: true }})"
                ".filter({ visible: true }).count()) === 1) {",
                f"{IND}  await page.getByRole('radio', {{ name: {chosen}, exact: true }})"
                ".filter({ visible: true }).check();",
                f"{IND}}} else {{",
                *(f"  {line}" for line in alone),
                f"{IND}}}",
            ], note
        if intent.alternative is not None or (intent.target and intent.scope):
            # "from the actions menu for Ada": the words as written when the page shows a
            # drop-down called so, else the one in Ada's row, as the engine reads them.
            opener = (
                self._opener(intent)
                if intent.alternative is None
                else self._two_readings(
                    (dataclasses.replace(intent, alternative=None), intent.alternative),
                    self._opener,
                    lambda options, label: [
                        f"r.getByLabel({label})",
                        f"r.getByRole('combobox', {options})",
                        f"r.getByRole('button', {options})",
                    ],
                )
            )
            self.helpers.add("chooseOption")
            lines = [f"{IND}await chooseWith(page, {opener.text()}, {chosen});"]
            scope = (intent.alternative or intent).scope
            if scope:
                # Rows often show their controls only while hovered: hover the row first.
                self.helpers.add("hoverRow")
                lines.insert(
                    0, f"{IND}await hoverRow(page, {self.values.expr(scope)});"
                )
            return lines, None
        if intent.target:
            name = self.values.expr(intent.target)
            # A <select> chooses; anything else (a combobox, a menu button) opens, then picks.
            self.helpers.add("chooseOption")
            return [
                f"{IND}await chooseOption(page, {name}, {self.values.expr(option)});"
            ], None
        if intent.scope:
            # "Select 'Admin' from the dropdown for 'Grace'": the list in her row offering it.
            offers = (
                f".filter({{ has: r.locator('option', {{ hasText: {ts.word_regex(option)} }}) }})"
                if self.values.is_literal(option)
                else ""
            )
            lists = self._grounded(
                [
                    f"{root}.locator('select'){offers}"
                    for root in self._roots(intent.scope, "select")
                ]
            )
            self.helpers.update(("chooseOption", "hoverRow"))
            return [
                f"{IND}await hoverRow(page, {self.values.expr(intent.scope)});",
                f"{IND}await chooseWith(page, {lists.text()}, {chosen});",
            ], None
        # "Select 'Bags'", "Choose express shipping": the list that offers the option.
        self.helpers.add("chooseOffered")
        return [f"{IND}await chooseOffered(page, {chosen});"], (
            f"no list was named; the one list offering '{option}' is used"
        )

    def _opener(self, intent: Intent) -> Chain:
        """What a select step opens: the drop-down called so (`openerCalled`), or in a row, a
        list labelled so, else a control called so."""
        assert intent.target is not None
        if not intent.scope:
            self.helpers.add("chooseOption")
            called = self.values.expr(intent.target)
            return Chain((f"(await openerCalled(page, {called}))",))
        name, _whole = self._names(intent.target)
        click = Intent("click", target=intent.target, scope=intent.scope)
        candidates: list[str] = []
        for root in self._roots(intent.scope, "clickable", intent.target):
            candidates += [
                f"{root}.getByRole('combobox', {{ name: {name} }})",
                f"{root}.getByLabel({name})",
                *self._click_candidates(root, click),
            ]
        return self._grounded(candidates)

    def _fill_many(self, intent: Intent) -> tuple[list[str], str | None]:
        lines: list[str] = []
        if intent.then_key and any(f.target == "password" for f in intent.fills):
            # "Log in as …" from a page that only links to its sign-in form, as the engine does.
            self.helpers.add("openSignIn")
            lines.append(f"{IND}await openSignIn(page);")
        guessed: list[str] = []
        chain: Chain | None = None
        for fill in intent.fills:
            if fill.target:
                chain = self._field(Intent("fill", target=fill.target))
            else:
                chain, field_words = self._guess_field(fill.value)
                guessed.append(f"{fill.value} → {field_words}")
            lines += self.act("fill", chain, value=fill.value)
        if intent.then_key and chain is not None:
            lines += self.act("press", chain, key=intent.then_key)
        review = None
        if guessed:
            review = "fields chosen from the values' names: " + ", ".join(guessed)
        return lines, review

    def _guess_field(self, value: str) -> tuple[Chain, str]:
        """The field a bare `${name}` goes into, from its name and generator (engine.action_plan)."""
        match = VAR_RE.fullmatch(value.strip())
        if match is None:
            if "@" in value:
                return _email_field(), "an email field"
            raise Todo(f"cannot tell which field {value!r} goes into")
        name = match.group(1)
        generator = self.generators.get(name, "")
        words = identifier_words(name)
        if generator == "unique_email" or "email" in words.split():
            return _email_field(), "an email field"
        if generator == "password" or {"password", "pass", "pwd"} & set(words.split()):
            return Chain.on("page", "locator('input[type=password]')", "first()"), (
                "a password field"
            )
        if not words:
            raise Todo(f"cannot tell which field {value!r} goes into")
        pattern = ts.text_regex(words)
        chain = Chain.on(
            "page",
            f"getByLabel({pattern})",
            f"or(page.getByPlaceholder({pattern}))",
            "first()",
        )
        return chain, f"the field labelled like '{words}'"

    def _notice(self, notice: Wanted) -> str:
        """A notice's kind, tone and words as the exported helpers take them."""
        return (
            f"noun: {ts_str(notice.noun)}, tone: {ts_str(notice.tone)}, "
            f"words: {self.values.expr(notice.words)}"
        )

    def claim(self, claim: Claim) -> list[str]:
        """A claim about the page itself (engine.claims), checked as the engine checks it."""
        not_ = ".not" if claim.negated else ""
        expected = self.values.expr(claim.expected)
        if claim.kind == "url":
            if url_path_claim(claim):
                self.helpers.add("urlPath")
                path = claim.expected
                if "://" in path:
                    path = urlsplit(path).path or "/"
                return [
                    f"{IND}await expect(page){not_}.toHaveURL(urlPath({self.values.expr(path)}));"
                ]
            self.helpers.add("urlContains")
            return [
                f"{IND}await expect(page){not_}.toHaveURL(urlContains({expected}));"
            ]
        if claim.kind == "title":
            title = expected if claim.exact else self.text_pattern(claim.expected)
            return [f"{IND}await expect(page){not_}.toHaveTitle({title});"]
        if claim.kind == "count":
            return [f"{IND}await {self._count(claim)};"]
        if claim.kind == "page":
            self.helpers.add("expectOnPage")
            spellings = json.dumps(phrase_spellings(claim.expected))
            negated = str(claim.negated).lower()
            return [f"{IND}await expectOnPage(page, {spellings}, {negated});"]
        if claim.kind in ("error", "success", "warning", "info") and not claim.target:
            self.helpers.add("expectPageMessage")
            negated = str(claim.negated).lower()
            return [
                f"{IND}await expectPageMessage(page, '{claim.kind}', {expected}, "
                f"{negated});"
            ]
        if claim.kind == "dialog":
            self.helpers.add("expectDialog")
            is_open = str(not claim.negated).lower()
            return [f"{IND}await expectDialog(page, {is_open}, {expected});"]
        if claim.kind == "console":
            self.helpers.add("expectNoConsoleErrors")
            return [f"{IND}expectNoConsoleErrors();"]
        if claim.kind == "images":
            self.helpers.add("expectImagesLoaded")
            return [f"{IND}await expectImagesLoaded(page);"]
        if claim.kind == "notice":
            self.helpers.add("expectNotice")
            notice = self._notice(Wanted.decode(claim.target, claim.expected))
            shown = str(not claim.negated).lower()
            return [f"{IND}await expectNotice(page, {{ {notice} }}, {shown});"]
        if claim.kind == "signed_in":
            self.helpers.add("expectSignedIn")
            signed_in = str(not claim.negated).lower()
            return [f"{IND}await expectSignedIn(page, {signed_in}, {expected});"]
        if claim.kind == "heading":
            self.helpers.add("expectHeading")
            flags = f"{str(claim.exact).lower()}, {str(claim.negated).lower()}"
            return [f"{IND}await expectHeading(page, {expected}, {flags});"]
        if claim.kind == "column":
            self.helpers.add("expectColumn")
            column = self.values.expr(claim.target or "")
            flags = f"{str(claim.exact).lower()}, {str(claim.negated).lower()}"
            return [f"{IND}await expectColumn(page, {column}, {expected}, {flags});"]
        if claim.kind == "item":
            self.helpers.add("expectItem")
            args = ", ".join(
                [
                    json.dumps((claim.target or "").split()),
                    json.dumps(claim.noun.split()),
                    str(claim.count),
                    expected,
                    str(claim.negated).lower(),
                ]
            )
            return [f"{IND}await expectItem(page, {args});"]
        if claim.kind == "placeholder":
            self.helpers.add("expectPlaceholder")
            hinted = (
                self._field(Intent("fill", target=claim.target, role=claim.role)).text()
                if claim.target
                else "null"
            )
            flags = f"{str(claim.exact).lower()}, {str(claim.negated).lower()}"
            return [
                f"{IND}await expectPlaceholder(page, {hinted}, {expected}, {flags});"
            ]
        assert claim.target is not None
        if claim.kind == "new_tab":
            self.helpers.add("linkTarget")
            link = self._clickable(Intent("click", target=claim.target, role="link"))
            where = f"{link.text()}.evaluate(linkTarget)"
            same = "toMatch(/^(_self|_top|_parent)?$/i)"
            not_new = "" if claim.negated else ".not"
            return [f"{IND}await expect.poll(async () => {where}){not_new}.{same};"]
        if claim.kind == "link":
            link = self._clickable(Intent("click", target=claim.target, role="link"))
            if claim.exact and "://" in claim.expected:
                self.helpers.add("urlIs")
                wanted = f"urlIs({expected})"
            elif url_path_claim(claim):
                self.helpers.add("urlPath")
                wanted = f"urlPath({expected})"
            else:
                self.helpers.add("urlContains")
                wanted = f"urlContains({expected})"
            href = f"{link.text()}.evaluate((a) => (a as HTMLAnchorElement).href)"
            return [
                f"{IND}await expect.poll(async () => {href}){not_}.toMatch({wanted});"
            ]
        if claim.kind == "error":
            self.helpers.add("expectFieldError")
            return [
                f"{IND}await expectFieldError(page, {self._fields(claim.target)}, "
                f"{expected}, {str(claim.negated).lower()});"
            ]
        if claim.kind == "state" and claim.expected in ("required", "optional"):
            self.helpers.add("isRequired")
            field = self._field(Intent("fill", target=claim.target))
            required = str(claim.expected == "required").lower()
            return [
                f"{IND}await expect.poll(async () => {field.text()}.evaluate(isRequired))"
                f".toBe({required});"
            ]
        if claim.kind == "state" and claim.expected in ("visible", "hidden"):
            # The control called so by whole name; hidden: none of them shows.
            name = ts.whole_regex(*phrase_spellings(claim.target))
            shown = (
                f"page.getByRole({ts_str(claim.role or 'button')}, {{ name: {name} }})"
                ".filter({ visible: true })"
            )
            if claim.expected == "visible":
                return [f"{IND}await expect({shown}.first()).toBeVisible();"]
            return [f"{IND}await expect({shown}).toHaveCount(0);"]
        if claim.kind == "state" and claim.expected in ("expanded", "collapsed"):
            self.helpers.add("isExpanded")
            chain = self._clickable(
                Intent("click", target=claim.target, role=claim.role)
            )
            opened = str(claim.expected == "expanded").lower()
            return [
                f"{IND}await expect.poll(async () => {chain.text()}.evaluate(isExpanded))"
                f".toBe({opened});"
            ]
        if claim.kind == "state" and claim.expected in ("checked", "unchecked"):
            # A tab, an option or a toggle button called so is selected or not; else a box.
            self.helpers.add("expectSelected")
            chain = self._checkable(
                Intent("check", target=claim.target, role=claim.role)
            )
            matcher = (
                "toBeChecked()" if claim.expected == "checked" else "not.toBeChecked()"
            )
            if not claim.target:
                # The one box or switch the page shows, as the engine reads it.
                return [f"{IND}await expect({chain.text()}).{matcher};"]
            on = str(claim.expected == "checked").lower()
            name = self.values.expr(claim.target)
            return [
                f"{IND}await expectSelected(page, {name}, {on}, async () => {{",
                f"{IND}  await expect({chain.text()}).{matcher};",
                f"{IND}}});",
            ]
        if claim.kind == "state" and claim.expected in ("focused", "unfocused"):
            typed_in = claim.role in (None, "textbox", "searchbox", "combobox")
            chain = (
                self._field(Intent("fill", target=claim.target))
                if typed_in
                else self._clickable(
                    Intent("click", target=claim.target, role=claim.role)
                )
            )
            not_ = "" if claim.expected == "focused" else "not."
            return [f"{IND}await expect({chain.text()}).{not_}toBeFocused();"]
        if claim.kind == "state":
            chain = self._clickable(
                Intent("click", target=claim.target, role=claim.role)
            )
            if claim.expected in ("enabled", "disabled"):
                self.helpers.add("expectEnabled")
                on = str(claim.expected == "enabled").lower()
                return [f"{IND}await expectEnabled({chain.text()}, {on});"]
            matcher = f"toBe{claim.expected.capitalize()}()"
            return [f"{IND}await expect({chain.text()}).{matcher};"]
        self.helpers.add("expectValue")
        # A number compared ("more than $10") is matched as such, never as words.
        exact = (
            ts_str(claim.compare) if claim.compare != "eq" else str(claim.exact).lower()
        )
        flags = f"{exact}, {str(claim.negated).lower()}"
        counted = empty_as_count(claim)
        labelled = as_labelled(claim)
        described = as_described(claim)
        # No field called so: the value beside the label ("The cart total is '$52'"), then the
        # element or region named so ("the cart count", "the cart contains …"), then the words.
        beside = None
        if labelled is not None:
            self.helpers.add("expectLabelled")
            label = self.values.expr(labelled.target or "")
            named = self.values.expr(described.target or "") if described else "''"
            beside = (
                f"() => expectLabelled(page, {label}, {expected}, {flags}, {named})"
            )
        elif described is not None:
            self.helpers.add("expectDescribed")
            named = self.values.expr(described.target or "")
            beside = f"() => expectDescribed(page, {named}, {expected}, {flags})"
        if counted is not None:
            # No field called so: an empty region ("The cart is empty").
            flags += f", () => {self._count(counted)}"
        elif as_row(claim) is not None:
            # No field called so: a record of a list or table ("the status of A-1002").
            self.helpers.add("expectRow")
            record = ", ".join(
                [
                    self.values.expr(claim.row),
                    self.values.expr(claim.noun),
                    expected,
                    flags,
                    str(claim.pinned).lower(),
                    beside
                    or f"() => wordsOrNoAmount(page, {expected}, {exact}, "
                    f"{str(claim.negated).lower()})",
                ]
            )
            flags += f", () => expectRow(page, {record})"
        elif beside is not None:
            flags += f", {beside}"
        return [
            f"{IND}await expectValue(page, {self._fields(claim.target)}, {expected}, {flags});"
        ]

    def _fields(self, target: str) -> str:
        """The fields called `target` by whole name, as claims about a field find it."""
        name = ts.whole_regex(*phrase_spellings(target))
        roles = ("textbox", "combobox", "spinbutton", "searchbox")
        fields = "".join(
            f"\n{IND}  r.getByRole({ts_str(role)}, {{ name: {name} }}),"
            for role in roles
        )
        return f"(r) => [\n{IND}  r.getByLabel({name}),{fields}\n{IND}]"

    def _count(self, claim: Claim) -> str:
        self.helpers.add("expectCount")
        args = ", ".join(
            [
                json.dumps((claim.target or "").split()),
                json.dumps(claim.expected.split()),
                str(claim.count),
                ts_str(claim.compare),
                str(claim.negated).lower(),
            ]
        )
        return f"expectCount(page, {args})"

    def quoted_assertion(self, text: str) -> list[str]:
        claim = parse_claim(text)
        if claim is not None:
            return self.claim(claim)
        sort_check = grammar.sorted_assertion(text)
        if sort_check is not None:
            column, direction, subject = sort_check
            return self.act(
                "assert_sorted", None, value=direction, which=column, scope=subject
            )
        quoted = grammar.quoted_assertion(text)
        if quoted is None:
            raise Todo(
                "this assertion has no check and quotes no text; Tripwire would ask a "
                "language model to judge it"
            )
        kind, values = quoted
        body = "page.locator('body')"
        if kind == "absent":
            return [
                f"{IND}await expect({body}).not.toContainText({self.text_pattern(v)}, "
                "{ useInnerText: true });"
                for v in values
            ]
        return [
            f"{IND}await expect({body}).toContainText({self.values.expr(v)}, "
            "{ ignoreCase: true, useInnerText: true });"
            for v in values
        ]

    def check(self, check: Check) -> tuple[list[str], str | None]:
        body = Chain.on("page", "locator('body')")
        if check.kind == "url":
            if check.path_is is not None:
                self.helpers.add("urlPath")
                path = check.path_is
                if "://" in path and self.values.is_literal(path):
                    parts = urlsplit(path)
                    path = parts.path + (f"?{parts.query}" if parts.query else "")
                return [
                    f"{IND}await expect(page).toHaveURL(urlPath({self.values.expr(path)}));"
                ], None
            if check.contains is not None:
                self.helpers.add("urlContains")
                return [
                    f"{IND}await expect(page).toHaveURL(urlContains({self.values.expr(check.contains)}));"
                ], None
            raise Todo("a url check needs path_is or contains")
        if check.kind == "absent_text":
            if not check.any_of:
                raise Todo("an absent_text check needs any_of")
            return [
                f"{IND}await expect(page.locator('body')).not.toContainText("
                f"{self.text_pattern(item)}, {{ useInnerText: true }});"
                for item in check.any_of
            ], None
        target, review = (
            self.hint(check.selector_hint) if check.selector_hint else (body, None)
        )
        if check.kind == "element_visible":
            if not check.selector_hint:
                raise Todo("an element_visible check needs a selector_hint")
            return statement(
                Chain(("expect(" + target.text() + ")", "toBeVisible()")), IND
            ), review
        if check.equals is not None:
            if not check.selector_hint:
                raise Todo("visible_text equals needs a selector_hint")
            call = f"toHaveText({self.values.expr(check.equals)}, {{ useInnerText: true }})"
        elif check.contains is not None:
            call = (
                f"toContainText({self.values.expr(check.contains)}, "
                "{ ignoreCase: true, useInnerText: true })"
            )
        else:
            raise Todo("a visible_text check needs contains or equals")
        return statement(Chain((f"expect({target.text()})", call)), IND), review

    def hint(self, hint: str) -> tuple[Chain, str | None]:
        """A selector_hint as a locator: CSS as is, quoted text, or a role the words name."""
        text = unify_quotes(hint).strip()
        quoted = _QUOTED.search(text)
        if quoted and not looks_like_css(_QUOTED.sub("", text)):
            return Chain.on(
                "page", f"getByText({self.values.expr(quoted.group(2))})", "first()"
            ), (f"selector_hint {hint!r} compiled to the text it quotes")
        if looks_like_css(text):
            return Chain.on(
                "page", f"locator({self.values.expr(text)})", "first()"
            ), None
        heading = _HEADING_HINT.match(text)
        if heading:
            words = heading.group("name").strip()
            if words.lower() in _TOP_HEADING:
                chain = Chain.on(
                    "page", "getByRole('heading', { level: 1 })", "first()"
                )
            else:
                chain = Chain.on(
                    "page",
                    f"getByRole('heading', {{ name: {self.values.expr(words)} }})",
                    "first()",
                )
            return chain, f"plain-English selector_hint {hint!r} compiled to a heading"
        intent = grammar.parse(f"Click {text}")
        if (
            intent is not None
            and intent.kind == "click"
            and intent.role in _HINT_ROLES
            and intent.target
        ):
            chain = self._clickable(intent)
            return chain, (
                f"plain-English selector_hint {hint!r} compiled to a {intent.role} named "
                f"'{intent.target}'"
            )
        raise Todo(
            f"the selector_hint {hint!r} describes an element in plain English that Tripwire "
            "finds on the live page; no static locator fits it (use a CSS selector)"
        )
