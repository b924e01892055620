"""Carrying out the model's tool calls on the live page, and recording them for the cache.

Every action goes through the engine's own pieces: `chain_for` records the element's locator
chain (test id → role + name → label → placeholder → text → CSS), `templated` writes variable
values back as `${name}`, and `resolve.act` performs it exactly as a cache replay will. So what
the model did once replays next time without it.

A ref stays usable after an action only while the element it names is still the same one
(same CSS path, role, name and row); otherwise the model is told to read the page again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from playwright.sync_api import Error as PlaywrightError

from engine.actions import StepBroken, StepFailed
from engine.cache import Locator, RecordedAction
from engine.context import RunContext
from engine.locators import chain_for, probe
from engine.model.page_view import PageView, read_page
from engine.model.redact import Redactor
from engine.model.tool_specs import (
    SCROLL_DIRECTIONS,
    TOOL_NAMES,
    ToolError,
    ms_argument,
    parse_arguments,
    ref_argument,
    text_argument,
)
from engine.normalize import collapse_spaces
from engine.resolve import act, templated
from engine.snapshot import Element, take_snapshot
from engine.variables import UnknownVariable
from engine.waiting import poll, visible_text

NEW_TEXT_LIMIT = 400


@dataclass(frozen=True)
class ToolResult:
    content: str
    ok: bool = True
    action: RecordedAction | None = None
    finish: Literal["done", "fail"] | None = None
    reason: str | None = None
    # A fresh page view (read_dom): older views in the conversation can be dropped.
    fresh_view: bool = False


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _lines(text: str) -> list[str]:
    return [line for line in (collapse_spaces(x) for x in text.splitlines()) if line]


class ToolRunner:
    """The tools of one step; `view` is the latest page the model was shown."""

    def __init__(
        self,
        ctx: RunContext,
        redactor: Redactor,
        view: PageView,
        *,
        where: str,
        names: list[str],
    ) -> None:
        self.ctx = ctx
        self.redactor = redactor
        self.view = view
        self.where = where
        # The step's own variables: only their values are written back as placeholders.
        self.names = names
        self._acted = False
        self._handlers: dict[str, Callable[[dict[str, Any]], ToolResult]] = {
            "read_dom": self._read_dom,
            "goto": self._goto,
            "click_element": self._click,
            "set_field": self._set_field,
            "select_option": self._select,
            "press_key": self._press,
            "scroll": self._scroll,
            "wait_for": self._wait_for,
            "upload_file": self._upload,
            "done": self._done,
            "fail": self._fail,
        }

    def error(self, message: str) -> ToolResult:
        return ToolResult(self.redactor.text(f"error: {message}"), ok=False)

    def run(self, name: str, raw_arguments: str) -> ToolResult:
        handler = self._handlers.get(name)
        if handler is None:
            return self.error(
                f"there is no tool named {name!r}; the tools are "
                + ", ".join(TOOL_NAMES)
            )
        try:
            return handler(parse_arguments(name, raw_arguments))
        except ToolError as exc:
            return self.error(str(exc))
        except (StepBroken, StepFailed, UnknownVariable) as exc:
            return self.error(str(exc))
        except PlaywrightError as exc:
            if self.ctx.page.is_closed():
                raise
            return self.error(_first_line(exc))

    # --- reading -------------------------------------------------------------------------------

    def _read_dom(self, args: dict[str, Any]) -> ToolResult:
        self.view = read_page(self.ctx.page, self.redactor)
        self._acted = False
        return ToolResult(self.view.render(), fresh_view=True)

    def _element(self, tool: str, args: dict[str, Any]) -> tuple[int, Element]:
        ref = ref_argument(tool, args)
        assert ref is not None
        element = self.view.elements.get(ref)
        if element is None:
            top = max(self.view.elements, default=0)
            raise ToolError(
                f"there is no element #{ref} in the latest read_dom (the refs are 1 to "
                f"{top}); call read_dom to see the page"
            )
        if self._acted and not self._unchanged(element):
            raise ToolError(
                f"element #{ref} has changed since the last read_dom; call read_dom"
            )
        return ref, element

    def _unchanged(self, element: Element) -> bool:
        now = take_snapshot(self.ctx.page)
        same = next((e for e in now.elements if e.css == element.css), None)
        return same is not None and (same.role, same.name, same.row) == (
            element.role,
            element.name,
            element.row,
        )

    def _row_scopes(self, element: Element) -> list[str]:
        """Texts that pick the element's row out of its list: another control's name in the
        row (the product link) that no other row contains."""
        if not element.row:
            return []
        rows = {e.row for e in self.view.elements.values() if e.row}
        found: list[str] = []
        mates = sorted(
            (e for e in self.view.elements.values() if e.row == element.row),
            key=lambda e: e.role != "link",
        )
        for mate in mates:
            name = mate.name.strip()
            if not name or name == element.name or name in found:
                continue
            if sum(1 for row in rows if name.casefold() in row.casefold()) == 1:
                found.append(name)
        return found[:3]

    def _chain(
        self, ref: int, element: Element, *, visible: bool = True
    ) -> list[Locator]:
        page = self.ctx.page
        for scope in self._row_scopes(element):
            chain = chain_for(page, element, row_text=scope)
            if (
                chain
                and chain[0].kind != "css"
                and probe(page, chain[0], visible=visible)
            ):
                return chain
        chain = chain_for(page, element)
        if not any(probe(page, loc, visible=visible) for loc in chain):
            raise ToolError(
                f"element #{ref} is not on the page any more; call read_dom to see the page"
            )
        return chain

    # --- acting --------------------------------------------------------------------------------

    def _perform(
        self,
        kind: str,
        summary: str,
        *,
        element: tuple[int, Element] | None = None,
        value: str | None = None,
        key: str | None = None,
        visible: bool = True,
    ) -> ToolResult:
        ctx = self.ctx
        values = {
            n: ctx.variables.values[n] for n in self.names if n in ctx.variables.values
        }
        recorded_value = (
            self.redactor.recordable(value, self.names) if value is not None else None
        )
        secret = recorded_value is not None and self.redactor.is_secret(
            self.redactor.resolve(value or "", where=self.where)
        )
        chain: list[Locator] = []
        target: str | None = None
        if element is not None:
            chain = self._chain(*element, visible=visible)
            target = element[1].describe()
        action = RecordedAction(
            kind=kind,
            value=recorded_value,
            key=key,
            locators=tuple(templated(loc, values) for loc in chain),
            target=target,
        )
        before_url = ctx.page.url
        before = set(_lines(self._text()))
        act(
            ctx,
            action,
            action.locators[0] if action.locators else None,
            self.where,
            secret,
        )
        self._acted = True
        return ToolResult(self._after(summary, before_url, before), action=action)

    def _text(self) -> str:
        try:
            return visible_text(self.ctx.page)
        except PlaywrightError:
            return ""  # mid-navigation: nothing to compare against

    def _after(self, summary: str, before_url: str, before: set[str]) -> str:
        page = self.ctx.page
        parts = [summary + "."]
        if page.url != before_url:
            parts.append(f"The browser is now at {page.url}.")
        new = [line for line in _lines(self._text()) if line not in before]
        if new:
            shown = self.redactor.text(" | ".join(new))
            if len(shown) > NEW_TEXT_LIMIT:
                shown = shown[: NEW_TEXT_LIMIT - 1] + "…"
            parts.append(f"New on the page: {shown}.")
        if page.url != before_url:
            parts.append("Call read_dom before using refs again.")
        return self.redactor.text(" ".join(parts))

    def _portable(self, url: str) -> str:
        """A URL on the suite's site is recorded as a path: the entry works on any base URL."""
        base = self.ctx.base_url.rstrip("/")
        if url == base or url.startswith((base + "/", base + "?")):
            return url[len(base) :] or "/"
        return url

    def _goto(self, args: dict[str, Any]) -> ToolResult:
        url = text_argument("goto", args, "url") or ""
        if not url.strip():
            raise ToolError("goto needs a path or URL")
        return self._perform("goto", f"opened {url}", value=self._portable(url.strip()))

    def _click(self, args: dict[str, Any]) -> ToolResult:
        ref, element = self._element("click_element", args)
        return self._perform(
            "click", f"clicked #{ref} {element.describe()}", element=(ref, element)
        )

    def _set_field(self, args: dict[str, Any]) -> ToolResult:
        ref, element = self._element("set_field", args)
        value = text_argument("set_field", args, "value")
        return self._perform(
            "fill",
            f"filled #{ref} {element.describe()} with {value!r}",
            element=(ref, element),
            value=value,
        )

    def _select(self, args: dict[str, Any]) -> ToolResult:
        ref, element = self._element("select_option", args)
        value = text_argument("select_option", args, "value")
        return self._perform(
            "select",
            f"chose {value!r} in #{ref} {element.describe()}",
            element=(ref, element),
            value=value,
        )

    def _press(self, args: dict[str, Any]) -> ToolResult:
        key = (text_argument("press_key", args, "key") or "").strip()
        if not key:
            raise ToolError("press_key needs `key`, such as Enter")
        if ref_argument("press_key", args, required=False) is None:
            return self._perform("press", f"pressed {key}", key=key)
        ref, element = self._element("press_key", args)
        return self._perform(
            "press",
            f"pressed {key} in #{ref} {element.describe()}",
            element=(ref, element),
            key=key,
        )

    def _scroll(self, args: dict[str, Any]) -> ToolResult:
        if ref_argument("scroll", args, required=False) is not None:
            ref, element = self._element("scroll", args)
            return self._perform(
                "scroll_to",
                f"scrolled #{ref} {element.describe()} into view",
                element=(ref, element),
            )
        direction = text_argument("scroll", args, "direction", required=False) or "down"
        direction = direction.strip().lower()
        if direction not in SCROLL_DIRECTIONS:
            raise ToolError(
                "`direction` of scroll must be one of " + ", ".join(SCROLL_DIRECTIONS)
            )
        return self._perform("scroll", f"scrolled {direction}", value=direction)

    def _wait_for(self, args: dict[str, Any]) -> ToolResult:
        text = text_argument("wait_for", args, "text", required=False)
        ms = ms_argument(args)
        if text:
            wanted = collapse_spaces(
                self.redactor.resolve(text, where=self.where)
            ).casefold()
            timeout = min(self.ctx.step_timeout_ms, 10_000)
            page = self.ctx.page
            if not poll(
                page,
                lambda: wanted in collapse_spaces(self._text()).casefold(),
                timeout,
            ):
                raise ToolError(f"{text!r} did not show within {timeout / 1000:g} s")
            return self._perform("wait_text", f"{text!r} is on the page", value=text)
        if ms is None:
            raise ToolError("wait_for needs `text` or `ms`")
        return self._perform("wait_time", f"waited {ms} ms", value=str(ms))

    def _upload(self, args: dict[str, Any]) -> ToolResult:
        ref, element = self._element("upload_file", args)
        path = text_argument("upload_file", args, "path") or ""
        return self._perform(
            "upload",
            f"uploaded {path!r} to #{ref} {element.describe()}",
            element=(ref, element),
            value=path,
            visible=False,
        )

    def _done(self, args: dict[str, Any]) -> ToolResult:
        summary = text_argument("done", args, "summary", required=False)
        return ToolResult("ok", finish="done", reason=summary or None)

    def _fail(self, args: dict[str, Any]) -> ToolResult:
        reason = (text_argument("fail", args, "reason") or "").strip()
        if not reason:
            raise ToolError("fail needs `reason`")
        return ToolResult("ok", finish="fail", reason=reason)
