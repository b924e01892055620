"""Explore a live app in Chromium: try what a user can do, watch what it changes, write it down.

Plain Python (no Django). After the crawl has mapped the pages, the explorer visits them again
in one browser context — the way a run does: one context, cases in order, shared cookies and
storage — and on each page tries its affordances one at a time (type into an input and press
Enter, fill and submit a form, tick a box, click a filter, a tab, a button, pick an option,
double-click a row's words to edit them, delete a row it made). Before and after each action it
reads the page (text lines, URL, message elements) and keeps the action as a journey when the
difference is something a check can state: text that appeared or vanished, a new URL.

Journeys on one page form a chain (`depends_on` the one before), because each was seen in the
state the previous one left. An action that changed the page without anything checkable is
carried into the next journey's steps, so the written suite walks through the same states.
Controls whose words mark them destructive (delete, pay, place order…) are left alone unless
the caller allows the word — except on rows the explorer itself created.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

from engine import Deadline, sample_fixture, templated_text
from generation.crawler import FormInfo, PageInfo, origin_of, page_path
from generation.deterministic import (
    GENERIC_TEXT,
    SERVER_ERRORS,
    Fill,
    form_fills,
    quoted,
    submit_step,
)
from generation.explore_js import SNAPSHOT_JS

if TYPE_CHECKING:
    from playwright.sync_api import Page

DESTRUCTIVE = (
    "delete",
    "remove",
    "destroy",
    "erase",
    "clear all",
    "reset",
    "pay",
    "purchase",
    "buy",
    "place order",
    "checkout",
    "check out",
    "confirm order",
    "cancel subscription",
    "close account",
    "deactivate",
    "unsubscribe",
    "log out",
    "logout",
    "sign out",
)
_ERROR_WORDS = re.compile(
    r"invalid|error|wrong|incorrect|must|required|unknown|not valid|not found|failed|"
    r"please enter|enter a|too short|too long|already",
    re.I,
)
_SETTLE_MS = 300
_SETTLE_ROUNDS = 8
_ACTION_MS = 5000
_NAV_MS = 15000
_WRONG_PASSWORD = "Wrong-passw0rd!"
_EDIT_WORDS = re.compile(r"^\s*(?:edit|rename|change)\b", re.I)
_SAVE_WORDS = re.compile(r"^\s*(?:save|ok|done|update|apply|rename)\b", re.I)
_FOCUSED_FIELD_JS = (
    "() => { const a = document.activeElement;"
    " return !!a && ['INPUT', 'TEXTAREA'].includes(a.tagName) }"
)
# Tried in this order on each state: adding things first gives the later actions rows to act on.
_ORDER = ("entry", "form", "checkbox", "radio", "filter", "tab", "select", "button")


@dataclass(frozen=True)
class Affordance:
    kind: str
    name: str
    row: str
    path: str
    visible: bool
    type: str = ""
    options: tuple[str, ...] = ()
    labelled: bool = True


@dataclass(frozen=True)
class Snapshot:
    url: str
    lines: tuple[str, ...]
    alerts: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    affordances: tuple[Affordance, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines).lower()

    @property
    def path(self) -> str:
        return page_path(self.url)


@dataclass
class Journey:
    """One case the exploration found: steps that reach an effect and the checks stating it."""

    key: str
    page: str
    title: str
    kind: str
    steps: list[Any]
    expect: list[dict[str, Any]]
    # The index of the journey whose state this one starts from.
    depends_on: int | None = None
    negative: bool = False
    name: str = ""  # what was acted on, for the case id
    auth: bool = False  # a sign-up or sign-in form: the `auth` area of a generated plan


@dataclass
class Exploration:
    journeys: list[Journey] = field(default_factory=list)
    fixtures: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (page path, form index) of the forms the explorer submitted itself.
    forms_tried: set[tuple[str, int]] = field(default_factory=set)
    forms_skipped: set[tuple[str, int]] = field(
        default_factory=set
    )  # destructive, not allowed
    skipped: list[str] = field(default_factory=list)
    # Server errors an action caused ("Click 'Apply' on /cart: POST /api/coupon answered 500").
    problems: list[str] = field(default_factory=list)
    actions: int = 0
    stopped_by: str | None = None


@dataclass(frozen=True)
class ExploreLimits:
    max_actions: int = 60
    max_pages: int = 15
    exclude: tuple[
        str, ...
    ] = ()  # URL path patterns (regex) and control words never touched
    allow: tuple[str, ...] = ()  # destructive words the caller allows


@dataclass
class _Visit:
    """The state of one page visit: where the chain is and what must be replayed first."""

    path: str
    opened: bool = False
    last: int | None = None  # the latest journey kept on this visit
    carry: list[Any] = field(default_factory=list)
    row_keys: set[str] = field(
        default_factory=set
    )  # actions on our rows seen on this visit
    filters_reset: bool = False
    added_again: bool = False


class Explorer:
    def __init__(
        self,
        page: Page,
        *,
        origin: str,
        limits: ExploreLimits,
        deadline: Deadline,
    ) -> None:
        self.page = page
        self.origin = origin
        self.limits = limits
        self.deadline = deadline
        self.result = Exploration()
        self.values: dict[str, str] = {}  # fixture name -> the value the explorer used
        self.ours: list[str] = []  # texts this exploration put on pages (its rows)
        self.tried: set[str] = set()
        self._errors: list[str] = []
        self._reported = 0
        page.on("response", self._on_response)
        self._excluded = [re.compile(p, re.I) for p in limits.exclude]

    def _on_response(self, response: Any) -> None:
        if response.status >= 500:
            request = response.request
            self._errors.append(
                f"{request.method} {urlsplit(response.url).path} answered {response.status}"
            )

    # -- the walk ---------------------------------------------------------------------------

    def run(self, pages: Sequence[PageInfo]) -> Exploration:
        chosen = _distinct_pages(pages)
        first_seen: dict[str, Snapshot] = {}
        for info in chosen:
            if self._stopped():
                break
            if self._path_excluded(info.path):
                continue
            snap = self._explore_page(info.path, info.forms)
            if snap is not None:
                first_seen[info.path] = snap
        # Pages that other pages' actions changed (a cart after "Add to cart"), and pages that
        # only became reachable (behind a sign-up): visit them again from the new state. Lines
        # every page shares (the header saying "Sign out" now) are chrome, not the page's change.
        known = {info.path for info in pages}
        now: dict[str, Snapshot] = {}
        for path in first_seen:
            if self._stopped():
                break
            snap = self._open(path)
            if snap is not None and snap.path == path:
                now[path] = snap
        chrome = _common(first_seen.values()) | _common(now.values())
        for path, snap in now.items():
            if self._stopped():
                break
            self._revisit(path, first_seen[path], snap, chrome, known)
        return self.result

    def _stopped(self) -> bool:
        if self.deadline.expired:
            self.result.stopped_by = f"time limit ({self.deadline.timeout_s:g} s)"
            return True
        if self.result.actions >= self.limits.max_actions:
            self.result.stopped_by = f"max actions ({self.limits.max_actions})"
            return True
        return False

    def _path_excluded(self, path: str) -> bool:
        return any(p.search(path) for p in self._excluded)

    def _open(self, path: str) -> Snapshot | None:
        try:
            self.page.goto(self.origin + path, timeout=self.deadline.cap(_NAV_MS))
        except PlaywrightError as exc:
            self.result.skipped.append(f"{path}: {exc.message.splitlines()[0]}")
            return None
        return self._settled()

    def _settled(self) -> Snapshot:
        with contextlib.suppress(
            PlaywrightError
        ):  # a page still loading is read as it is
            self.page.wait_for_load_state("load", timeout=self.deadline.cap(_NAV_MS))
        # Wait for the page to stop changing (lists that render late, transitions), bounded.
        snap = self._snapshot()
        for _ in range(_SETTLE_ROUNDS):
            self.page.wait_for_timeout(_SETTLE_MS)
            again = self._snapshot()
            if again.lines == snap.lines and again.url == snap.url:
                return again
            snap = again
        return snap

    def _snapshot(self) -> Snapshot:
        raw: dict[str, Any] = self.page.evaluate(SNAPSHOT_JS)
        return Snapshot(
            url=raw["url"],
            lines=tuple(raw["lines"]),
            alerts=tuple(raw["alerts"]),
            links=tuple((h, t) for h, t in raw["links"]),
            affordances=tuple(
                Affordance(
                    kind=a["kind"],
                    name=a["name"],
                    row=a["row"],
                    path=a["path"],
                    visible=a["visible"],
                    type=a.get("type", ""),
                    options=tuple(a.get("options", ())),
                    labelled=a.get("labelled", True),
                )
                for a in raw["affordances"]
            ),
        )

    def _explore_page(
        self, path: str, forms: Sequence[FormInfo], *, visit: _Visit | None = None
    ) -> Snapshot | None:
        visit = visit or _Visit(path=path)
        first = self._open(path)
        if first is None:
            return None
        noise = self._noise(first)
        pending_forms = [f for f in forms if f.submit is not None]
        while not self._stopped():
            snap = self._snapshot()
            if (
                snap.path != path
            ):  # an action left the page: the next journey opens it again
                visit.opened = False
                visit.carry = []
                snap = self._open(path) or snap
                if snap.path != path:
                    break
            choice = self._next(snap, visit, pending_forms)
            if choice is None:
                break
            self._try(choice, snap, visit, noise, pending_forms)
        return first

    def _noise(self, first: Snapshot) -> set[str]:
        """Lines that change by themselves (clocks, rotating banners): never evidence."""
        self.page.wait_for_timeout(_SETTLE_MS)
        again = self._snapshot()
        return set(first.lines) ^ set(again.lines)

    # -- choosing the next action -----------------------------------------------------------

    def _next(
        self, snap: Snapshot, visit: _Visit, forms: list[FormInfo]
    ) -> tuple[str, Any] | None:
        """The next untried action on this state, in the order that keeps rows to act on."""
        for aff in snap.affordances:
            if aff.row and self._own(aff.row) and aff.kind in ("button", "words"):
                visit.row_keys.add(
                    self._action_key("edit" if aff.kind == "words" else aff.kind, aff)
                )
        for form in forms:
            if self._form_key(form) not in self.tried:
                return ("form", form)
        for kind in ("entry", "checkbox", "radio", "filter"):
            found = self._untried(snap, kind)
            if found is not None:
                return (kind, found)
        filters = [a for a in snap.affordances if a.kind == "filter"]
        if filters and not visit.filters_reset:
            visit.filters_reset = (
                True  # back to the first view, where the other actions start
            )
            return ("reset", filters[0])
        for kind in ("tab", "select"):
            found = self._untried(snap, kind)
            if found is not None:
                return (kind, found)
        for aff in snap.affordances:
            if (
                aff.kind == "words"
                and self._own(aff.row)
                and self._action_key("edit", aff) not in self.tried
            ):
                return ("edit", aff)
        for own_rows in (False, True):
            for aff in snap.affordances:
                if aff.kind != "button" or bool(aff.row) != own_rows:
                    continue
                if own_rows and not self._own(aff.row):
                    continue  # one row's buttons stand for every row: only ours are tried
                if self._action_key("button", aff) in self.tried or not self._allowed(
                    aff
                ):
                    continue
                return ("button", aff)
        # Row actions seen earlier but not tried, and none of our rows left: add one more.
        if visit.row_keys - self.tried and not visit.added_again:
            entry = next((a for a in snap.affordances if a.kind == "entry"), None)
            if entry is not None and not any(
                self._own(a.row) for a in snap.affordances if a.row
            ):
                visit.added_again = True
                return ("entry", entry)
        return None

    def _untried(self, snap: Snapshot, kind: str) -> Affordance | None:
        for aff in snap.affordances:
            if aff.kind != kind or not aff.name:
                continue
            if self._action_key(kind, aff) in self.tried or not self._allowed(aff):
                continue
            return aff
        return None

    def _action_key(self, kind: str, aff: Affordance) -> str:
        """What makes two actions the same: chrome controls count once across pages."""
        if kind == "edit":
            return "edit:(own)"
        return self._key(aff)

    def _form_key(self, form: FormInfo) -> str:
        fields = ",".join(f.name or f.id or f.label for f in form.fields)
        submit = form.submit.text if form.submit else ""
        return f"form:{form.action_path}:{submit}:{fields}"

    def _key(self, aff: Affordance) -> str:
        own = "(own)" if aff.row and self._own(aff.row) else ""
        name = aff.name if aff.labelled or not aff.row else "(row)"
        if own and aff.kind in ("checkbox", "radio"):
            name = "(row)"  # any of our rows: ticking one is ticking them all
        return f"{aff.kind}:{self._template(name)}:{own}"

    def _own(self, text: str) -> bool:
        return any(value and value in text for value in self.ours)

    def _allowed(self, aff: Affordance) -> bool:
        words = f"{aff.name}".lower()
        if any(p.search(words) for p in self._excluded):
            return False
        if aff.row and self._own(aff.row):
            return True  # rows the exploration made are its own to change
        return not any(
            re.search(rf"\b{re.escape(w)}\b", words)
            for w in DESTRUCTIVE
            if w not in self.limits.allow
        )

    # -- trying one action ------------------------------------------------------------------

    def _try(
        self,
        choice: tuple[str, Any],
        before: Snapshot,
        visit: _Visit,
        noise: set[str],
        forms: list[FormInfo],
    ) -> None:
        kind, target = choice
        self.result.actions += 1
        if kind == "form":
            self.tried.add(self._form_key(target))
            self._try_form(target, before, visit, noise)
            return
        aff: Affordance = target
        if kind != "reset":
            self.tried.add(self._action_key(kind, aff))
        try:
            steps = self._act(kind, aff)
        except PlaywrightError:
            return
        if steps is None:
            return
        after = self._settled()
        if kind == "reset":
            visit.carry.extend(steps)
            return
        self._keep(
            kind=kind,
            steps=steps,
            before=before,
            after=after,
            visit=visit,
            noise=noise,
            title=self._title(kind, aff),
            name=self._template(aff.name) if aff.labelled else "row",
        )

    def _act(self, kind: str, aff: Affordance) -> list[Any] | None:
        page = self.page
        element = page.locator(aff.path).first
        name = self._template(aff.name)
        if kind == "entry":
            fixture = self._entry_fixture(aff)
            value = self._value(fixture)
            element.fill(value, timeout=_ACTION_MS)
            element.press("Enter", timeout=_ACTION_MS)
            self.ours.append(value)
            return [f"Enter ${{{fixture}}} into {quoted(aff.name)}", "Press Enter"]
        if kind in ("checkbox", "radio"):
            checked = element.is_checked(timeout=_ACTION_MS)
            self._click(element, aff)
            verb = "Uncheck" if checked and kind == "checkbox" else "Check"
            if aff.row and self._own(aff.row):
                # Our row: name it by what we typed, so the step holds with many rows.
                row = self._row_name(aff.row)
                if not aff.labelled:
                    return [f"{verb} {quoted(row)}"]
                return [f"{verb} {quoted(name)} in the row of {quoted(row)}"]
            target = name if aff.labelled else self._template(_row_words(aff.row))
            return [f"{verb} {quoted(target)}"]
        if kind in ("filter", "tab", "reset"):
            element.click(timeout=_ACTION_MS)
            return [f"Click {quoted(name)}"]
        if kind == "select":
            current = element.evaluate(
                "(el) => el.selectedOptions.length ? el.selectedOptions[0].textContent.trim() : ''"
            )
            option = next((o for o in aff.options if o != current), None)
            if option is None:
                return None
            element.select_option(label=option, timeout=_ACTION_MS)
            return [f"Select {quoted(option)} from {quoted(name)}"]
        if kind == "button":
            if not aff.visible and aff.row:
                self._hover_row(element)
            element.click(timeout=_ACTION_MS)
            step = f"Click {quoted(name)}"
            if aff.row and self._own(aff.row):
                step += f" in the row of {quoted(self._row_name(aff.row))}"
            if _EDIT_WORDS.search(aff.name):
                return self._edit_focused([step], row=aff.row)
            return [step]
        if kind == "edit":
            element.dblclick(timeout=_ACTION_MS)
            return self._edit_focused([f"Double-click {quoted(name)}"], row=aff.row)
        return None

    def _edit_focused(self, steps: list[Any], *, row: str) -> list[Any] | None:
        """After an action that may open an editor: type a new value and commit it.

        Enter commits most inline editors; where the field is still there afterwards, a Save
        (OK, Done, Update) button beside it does. Nothing focused to type into: the action was
        not an edit, and its own effect is what counts.
        """
        page = self.page
        page.wait_for_timeout(150)
        if not page.evaluate(_FOCUSED_FIELD_JS):
            return steps
        fixture = self._fresh_fixture("edited")
        value = self._value(fixture)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        self.ours.append(value)
        steps = [*steps, "Press Control+A", f"Type '${{{fixture}}}'", "Press Enter"]
        page.wait_for_timeout(150)
        if page.evaluate(_FOCUSED_FIELD_JS):
            save = page.get_by_role("button", name=_SAVE_WORDS).first
            try:
                save.click(timeout=_ACTION_MS)
                label = save.inner_text(timeout=1000) if save.is_visible() else ""
            except PlaywrightError:
                return steps
            steps.append(f"Click {quoted(label.strip() or 'Save')}")
        return steps

    def _click(self, element: Any, aff: Affordance) -> None:
        try:
            element.click(timeout=_ACTION_MS)
        except PlaywrightError:
            # A hidden native input drawn by its label: click what the user sees.
            element.evaluate(
                "(el) => (el.labels && el.labels[0] ? el.labels[0] : el).click()"
            )

    def _hover_row(self, element: Any) -> None:
        row = element.locator(
            "xpath=ancestor::*[self::li or self::tr or @role='row' or @role='listitem'"
            " or self::article][1]"
        )
        row.hover(timeout=_ACTION_MS)

    def _try_form(
        self, form: FormInfo, before: Snapshot, visit: _Visit, noise: set[str]
    ) -> None:
        assert form.submit is not None
        if not self._allowed(
            Affordance("button", form.submit.text, "", "", True)
        ) or self._path_excluded(form.action_path or ""):
            self.result.forms_skipped.add((visit.path, form.index))
            self.result.skipped.append(
                f"{visit.path}: {form.submit.text!r} not submitted (destructive; allow it to try)"
            )
            return
        fills = form_fills(form, self.result.fixtures)
        if fills is None or (not fills and form.fields):
            return
        fills = [self._distinct(fill) for fill in fills]
        sign_in = _sign_in_like(form)
        if sign_in:  # first the wrong password, while the form is still there
            self._submit_form(form, fills, before, visit, noise, wrong_password=True)
            before = self._snapshot()
            if before.path != visit.path:
                return
        self._submit_form(form, fills, before, visit, noise, wrong_password=False)
        self.result.forms_tried.add((visit.path, form.index))

    def _distinct(self, fill: Fill) -> Fill:
        """A free-text field gets a value of its own, so what it adds can be told apart."""
        if fill.action != "fill" or fill.fixture or fill.literal != GENERIC_TEXT:
            return fill
        stem = re.sub(r"[^a-z0-9]+", "_", fill.field.display_name.lower()).strip("_")
        fixture = self._fresh_fixture(stem[:40] if re.match(r"[a-z]", stem) else "item")
        return Fill(
            fill.field,
            "fill",
            f"Enter ${{{fixture}}} into {quoted(fill.field.display_name)}",
            fixture=fixture,
        )

    def _submit_form(
        self,
        form: FormInfo,
        fills: list[Fill],
        before: Snapshot,
        visit: _Visit,
        noise: set[str],
        *,
        wrong_password: bool,
    ) -> None:
        assert form.submit is not None
        # The crawl's form index may be off now (a signed-in header adds a sign-out form):
        # find the form by a field it holds, or by its button's words.
        forms = self.page.locator("form")
        scope = (
            forms.filter(has=self.page.locator(_field_selector(fills[0]))).first
            if fills
            else forms.filter(has_text=form.submit.text).first
        )
        steps: list[Any] = []
        try:
            for fill in fills:
                element = scope.locator(_field_selector(fill)).first
                if fill.action == "fill":
                    if wrong_password and fill.field.type == "password":
                        element.fill(_WRONG_PASSWORD, timeout=_ACTION_MS)
                        steps.append(
                            f"Enter '{_WRONG_PASSWORD}' into {quoted(fill.field.display_name)}"
                        )
                        continue
                    value = self._value(fill.fixture) if fill.fixture else fill.literal
                    element.fill(value, timeout=_ACTION_MS)
                    if fill.field.type != "password":
                        self.ours.append(value)
                elif fill.action == "select":
                    element.select_option(label=fill.literal, timeout=_ACTION_MS)
                elif fill.action == "check":
                    if not element.is_checked(timeout=_ACTION_MS):
                        element.check(timeout=_ACTION_MS, force=True)
                else:
                    element.check(timeout=_ACTION_MS, force=True)
                steps.append(fill.as_step)
            scope.locator(
                "button:not([type]), button[type=submit], input[type=submit], "
                "input[type=image]"
            ).first.click(timeout=_ACTION_MS)
        except PlaywrightError:
            return
        steps.append(submit_step(form))
        after = self._settled()
        button = form.submit.text or "the form"
        title = (
            f"{button!r} on {visit.path} refuses a wrong password"
            if wrong_password
            else f"{button!r} on {visit.path} with valid values"
        )
        self._keep(
            kind="negative" if wrong_password else "form",
            steps=steps,
            before=before,
            after=after,
            visit=visit,
            noise=noise,
            title=title,
            name=button + (" wrong password" if wrong_password else ""),
            auth=any(f.type == "password" for f in form.fields),
        )

    # -- turning a difference into a journey ------------------------------------------------

    def _keep(
        self,
        *,
        kind: str,
        steps: list[Any],
        before: Snapshot,
        after: Snapshot,
        visit: _Visit,
        noise: set[str],
        title: str,
        name: str,
        auth: bool = False,
    ) -> None:
        expect, changed, negative = self._checks(before, after, noise)
        errors, self._reported = self._errors[self._reported :], len(self._errors)
        if errors:
            action = steps[-1]["do"] if isinstance(steps[-1], dict) else steps[-1]
            self.result.problems.append(
                f"{action} on {visit.path}: {', '.join(dict.fromkeys(errors))}"
            )
        if not expect:
            if changed:  # the page moved on: the suite must walk through this too
                visit.carry.extend(steps)
            return
        if kind == "form" and negative:
            title = title.replace("with valid values", "shows a message")
        prefix = [] if visit.opened else [f"Open {visit.path}"]
        journey = Journey(
            key=_signature(expect),
            page=visit.path,
            title=title,
            kind=kind,
            steps=[*prefix, *visit.carry, *steps],
            expect=expect,
            depends_on=visit.last if visit.opened else None,
            negative=negative or kind == "negative",
            name=name + (" refused" if kind == "form" and negative else ""),
            auth=auth,
        )
        visit.carry = []
        if any(
            j.key == journey.key and j.page == journey.page
            for j in self.result.journeys
        ):
            visit.opened = after.path == visit.path
            return  # the same effect as a journey already written
        self.result.journeys.append(journey)
        visit.last = len(self.result.journeys) - 1
        visit.opened = after.path == visit.path

    def _checks(
        self, before: Snapshot, after: Snapshot, noise: set[str]
    ) -> tuple[list[dict[str, Any]], bool, bool]:
        """The checks that state what changed, whether anything changed, and if it was refused."""
        before_lines = set(before.lines)
        after_text = after.text
        appeared = [
            line
            for line in after.lines
            if line not in before_lines
            and not self._holds_typed_number(line)
            and line not in noise
            and 1 < len(line) <= 100
            and line.lower() not in before.text
            and not _joined(line, before.lines)
        ]
        vanished = [
            line
            for line in before.lines
            if line not in set(after.lines)
            and line not in noise
            and 1 < len(line) <= 100
            and line.lower() not in after_text
            and not _joined(line, after.lines)
        ]
        changed = bool(appeared or vanished or after.url != before.url)
        errors = [
            line
            for line in appeared
            if _ERROR_WORDS.search(line) and any(line in a for a in after.alerts)
        ]
        expect: list[dict[str, Any]] = []
        url_check = _url_check(before.url, after.url)
        if url_check is not None:
            if "contains" in url_check["check"]:
                url_check["check"]["contains"] = self._template(
                    url_check["check"]["contains"]
                )
            expect.append(url_check)
        shown = sorted(
            appeared,
            key=lambda line: (
                line not in errors,
                not self._own(line),
                not any(line in a for a in after.alerts),
                len(line),
            ),
        )
        for line in shown[:2]:
            text = self._evidence(line)
            expect.append(
                {
                    "assert": f"{quoted(text)} is shown",
                    "check": {"kind": "visible_text", "contains": text},
                }
            )
        # A sentence says more than a lone button word ("Close").
        gone = sorted(
            vanished,
            key=lambda line: (not self._own(line), len(line.split()) < 3, len(line)),
        )
        if gone and len(expect) < 3:
            text = self._evidence(gone[0])
            expect.append(
                {
                    "assert": f"{quoted(text)} is no longer shown",
                    "check": {"kind": "absent_text", "any_of": [text]},
                }
            )
        if expect:
            expect.append(
                {
                    "assert": "no error page is shown",
                    "check": {"kind": "absent_text", "any_of": list(SERVER_ERRORS)},
                }
            )
        return expect, changed, bool(errors) and after.path == before.path

    # -- pages changed by other pages -------------------------------------------------------

    def _revisit(
        self,
        path: str,
        before: Snapshot,
        seen: Snapshot,
        chrome: set[str],
        known: set[str],
    ) -> None:
        visit = _Visit(path=path)
        changed = [
            line
            for line in seen.lines
            if line not in before.lines and line not in chrome
        ]
        if changed:
            now = self._open(path)
            if now is None or now.path != path:
                return
            noise = self._noise(now) | chrome
            expect, _changed, _negative = self._checks(before, now, noise)
            expect = [e for e in expect if e["check"]["kind"] != "url"]
            if any(e["check"]["kind"] == "visible_text" for e in expect):
                self.result.journeys.append(
                    Journey(
                        key=_signature(expect) + ":revisit",
                        page=path,
                        title=f"{path} shows what the earlier actions changed",
                        kind="revisit",
                        steps=[f"Open {path}"],
                        expect=expect,
                    )
                )
                visit.opened = True
                visit.last = len(self.result.journeys) - 1
                self.ours.extend(line for line in changed if len(line) > 2)
                self._explore_rest(path, visit)
        for href, _text in seen.links:
            target = page_path(href)
            if (
                origin_of(href) == self.origin
                and target not in known
                and not self._path_excluded(target)
                and not re.search(r"log-?out|sign-?out", target, re.I)
                and len(known) < self.limits.max_pages
                and not self._stopped()
            ):
                known.add(target)
                self._new_page(target)

    def _explore_rest(self, path: str, visit: _Visit) -> None:
        noise: set[str] = set()
        while not self._stopped():
            snap = self._snapshot()
            if snap.path != path:
                break
            choice = self._next(snap, visit, [])
            if choice is None:
                break
            self._try(choice, snap, visit, noise, [])

    def _new_page(self, path: str) -> None:
        snap = self._open(path)
        if snap is None or snap.path != path:
            return
        expect: list[dict[str, Any]] = [
            {
                "assert": f"the browser is on {path}",
                "check": {"kind": "url", "path_is": path},
            },
            {
                "assert": "no error page is shown",
                "check": {"kind": "absent_text", "any_of": list(SERVER_ERRORS)},
            },
        ]
        self.result.journeys.append(
            Journey(
                key=f"page:{path}",
                page=path,
                title=f"{path} opens once the earlier steps made it reachable",
                kind="page",
                steps=[f"Open {path}"],
                expect=expect,
            )
        )

    # -- values -----------------------------------------------------------------------------

    def _entry_fixture(self, aff: Affordance) -> str:
        kind = aff.type
        if kind == "email":
            return self._fixture("email", {"gen": "unique_email"})
        if kind == "number":
            return self._fixture("number", {"gen": "number", "min": 1, "max": 9})
        if kind == "search":
            return self._fixture("search_word", {"gen": "word"})
        return self._fresh_fixture("item")

    def _fixture(self, name: str, options: dict[str, Any]) -> str:
        self.result.fixtures.setdefault(name, options)
        return name

    def _fresh_fixture(self, stem: str) -> str:
        name, n = stem, 2
        while name in self.result.fixtures:
            name, n = f"{stem}_{n}", n + 1
        self.result.fixtures[name] = {"gen": "sentence"}
        return name

    def _value(self, fixture: str) -> str:
        if fixture not in self.values:
            options = dict(self.result.fixtures[fixture])
            gen = str(options.pop("gen"))
            value = sample_fixture(gen, options)
            if gen == "sentence":
                value = value.rstrip(".")
            self.values[fixture] = value
        return self.values[fixture]

    def _evidence(self, line: str) -> str:
        """What a check quotes of a line: a value we typed alone (a table row runs its cells'
        words together: "${task} Edit Delete"), else the whole line with values templated."""
        mine = [v for v in self.ours if v and len(v) > 2 and v in line]
        if mine and any(v in self.values.values() for v in mine):
            typed = [v for v in mine if v in self.values.values()]
            return self._template(max(typed, key=len))
        return self._template(line)

    def _row_name(self, row: str) -> str:
        """Our row by the longest value we typed that it shows, else by its words."""
        mine = [v for v in self.ours if v and v in row]
        if mine:
            return self._template(max(mine, key=len))
        return self._template(_row_words(row))

    def _holds_typed_number(self, line: str) -> bool:
        """A line showing a number we typed ("Cart 27") would pin one run's random value."""
        numbers = {
            value
            for name, value in self.values.items()
            if value.isdigit()
            and self.result.fixtures.get(name, {}).get("min")
            != self.result.fixtures.get(name, {}).get("max")
        }
        return any(token in numbers for token in re.findall(r"\d+", line))

    def _template(self, text: str) -> str:
        """`text` with the values the explorer typed written as the fixtures they came from."""
        return templated_text(text, self.values)

    def _title(self, kind: str, aff: Affordance) -> str:
        name = self._template(aff.name)
        return {
            "entry": f"Typing into {name!r} and pressing Enter adds it",
            "checkbox": f"Ticking {name if aff.labelled else 'a row'!r} changes the page",
            "radio": f"Choosing {name!r} changes the page",
            "filter": f"The {name!r} filter changes what is listed",
            "tab": f"The {name!r} tab shows its content",
            "select": f"Choosing from {name!r} changes the page",
            "button": f"{name!r} does what it says",
            "edit": "Double-clicking an item edits it",
        }.get(kind, f"{name!r} changes the page")


def _distinct_pages(pages: Sequence[PageInfo]) -> list[PageInfo]:
    """One page per template: /products/a and /products/b behave alike, the first stands for both."""
    siblings: dict[str, int] = {}
    for info in pages:
        parent = info.path.rsplit("/", 1)[0]
        siblings[parent] = siblings.get(parent, 0) + 1
    chosen: list[PageInfo] = []
    templates: set[str] = set()
    for info in pages:
        parent = info.path.rsplit("/", 1)[0]
        template = f"{parent}/*" if parent and siblings[parent] > 1 else info.path
        if template in templates:
            continue
        templates.add(template)
        chosen.append(info)
    return chosen


def _joined(line: str, lines: Sequence[str]) -> bool:
    """Whether `line` is only other `lines` run together (a layout change, not news)."""
    known = set(lines)
    words = line.split(" ")
    # ends[i]: how many known pieces can make up words[:i] (0 = none can).
    ends = [0] * (len(words) + 1)
    ends[0] = 0
    reachable = [False] * (len(words) + 1)
    reachable[0] = True
    for stop in range(1, len(words) + 1):
        for begin in range(stop):
            if reachable[begin] and " ".join(words[begin:stop]) in known:
                reachable[stop] = True
                ends[stop] = max(ends[stop], ends[begin] + 1)
    return reachable[-1] and ends[-1] >= 2


def _common(snaps: Any) -> set[str]:
    sets = [set(s.lines) for s in snaps]
    return set.intersection(*sets) if len(sets) > 1 else set()


def _sign_in_like(form: FormInfo) -> bool:
    """A form that takes an existing password: few fields, one password, nothing to register."""
    passwords = [f for f in form.fields if f.type == "password"]
    if len(passwords) != 1 or len(form.fields) > 3:
        return False
    words = " ".join(
        f"{f.label} {f.name} {f.autocomplete}" for f in form.fields
    ).lower()
    return "new-password" not in words and "name" not in words.replace("username", "")


def _field_selector(fill: Fill) -> str:
    f = fill.field
    if f.id:
        return f"[id={_css_string(f.id)}]"
    if f.name:
        return f"[name={_css_string(f.name)}]"
    return f"{f.tag}[placeholder={_css_string(f.placeholder)}]"


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _row_words(row: str) -> str:
    """A row's identifying words: its text without the glyphs and button words around them."""
    words = re.sub(r"[\u00d7\u2715\u2716]", " ", row)
    return " ".join(words.split())[:80]


def _url_check(before: str, after: str) -> dict[str, Any] | None:
    if before == after:
        return None
    old, new = urlsplit(before), urlsplit(after)
    if old.path.rstrip("/") != new.path.rstrip("/"):
        path = new.path.rstrip("/") or "/"
        if re.search(r"/\d+$|/[0-9a-f-]{16,}$", path):  # an id: keep the part before it
            prefix = path.rsplit("/", 1)[0] + "/"
            return {
                "assert": f"the browser is on a page under {prefix}",
                "check": {"kind": "url", "contains": prefix},
            }
        return {
            "assert": f"the browser is on {path}",
            "check": {"kind": "url", "path_is": path},
        }
    for part in (f"#{new.fragment}" if new.fragment else "", new.query):
        if part and part not in before:
            return {
                "assert": f"the address shows {part}",
                "check": {"kind": "url", "contains": part},
            }
    return None


def _signature(expect: list[dict[str, Any]]) -> str:
    return "|".join(
        sorted(
            f"{e['check']['kind']}:{e['check'].get('contains') or e['check'].get('path_is') or e['check'].get('any_of')}"
            for e in expect
        )
    )


def describe_exploration(explored: Exploration, *, limit: int = 12000) -> str:
    """What the explorer saw an action do, in words, for a model writing scenarios from it."""
    lines = [f"Explored {explored.actions} action(s); effects seen:"]
    for journey in explored.journeys:
        steps = "; ".join(
            s["do"] if isinstance(s, dict) else str(s) for s in journey.steps
        )
        checks = "; ".join(e["assert"] for e in journey.expect[:-1])
        lines.append(f"- on {journey.page}: {steps} -> {checks}")
    for note in explored.skipped:
        lines.append(f"- not tried: {note}")
    for problem in explored.problems:
        lines.append(f"- server error: {problem}")
    text = "\n".join(lines)
    return text if len(text) <= limit else text[:limit] + "\n[truncated]"


def explore(
    page: Page,
    pages: Sequence[PageInfo],
    *,
    origin: str,
    limits: ExploreLimits,
    deadline: Deadline,
) -> Exploration:
    """Explore `pages` (a crawl's, in its order) on `page`, within `limits` and `deadline`."""
    return Explorer(page, origin=origin, limits=limits, deadline=deadline).run(pages)
