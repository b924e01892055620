"""Assertions and captures, evaluated by code against the live page (no model).

Every check polls until it holds or `assert_timeout_ms` runs out, waiting for DOM changes in
between, so a page that is still settling is not failed early. "Visible text" is `innerText`:
what a user can read, not hidden DOM.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import asdict, dataclass
from typing import Any, Literal
from urllib.parse import urlparse

from engine import claims, sorting
from engine.context import RunContext
from engine.grammar import quoted_assertion, quotes_say_everything, sorted_assertion
from engine.grammar_checks import parse_claim
from engine.hints import HintTarget, resolve_hint
from engine.model_hook import NEEDS_MODEL
from engine.normalize import collapse_spaces
from engine.pages import poll_here
from engine.quiet import quietly
from engine.spec import Capture, Check, Expect
from engine.variables import UnknownVariable
from engine.waiting import visible_text

OBSERVED_LIMIT = 500
NEEDS_MODEL_ASSERT = NEEDS_MODEL.replace("this step", "this assertion")
NEEDS_MODEL_CAPTURE = NEEDS_MODEL.replace("this step", "this capture")

ELEMENT_STATE_JS = r"""
(el) => {
  const r = el.getBoundingClientRect();
  const visible = r.width > 0 && r.height > 0 &&
    (!el.checkVisibility || el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}));
  return {visible, text: el.innerText || el.textContent || ''};
}
"""


@dataclass(frozen=True)
class CheckResult:
    verdict: Literal["passed", "failed", "broken"]
    expected: str | None = None
    observed: str | None = None
    reason: str | None = None
    check: dict[str, Any] | None = None
    # "check" (a check, by code), "text" (the quoted strings, by code) or "model".
    judged_by: str | None = None


def _squash(text: str) -> str:
    return collapse_spaces(text)


def _clip(text: str) -> str:
    text = _squash(text)
    return (
        text if len(text) <= OBSERVED_LIMIT else text[: OBSERVED_LIMIT - 1] + "\u2026"
    )


def check_dict(check: Check) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, tuple) else v)
        for k, v in asdict(check).items()
        if v not in (None, ())
    }


@dataclass(frozen=True)
class _ElementState:
    found: bool
    visible: bool = False
    text: str = ""
    problem: str = ""


def element_state(ctx: RunContext, hint: str) -> _ElementState:
    target: HintTarget = resolve_hint(ctx.page, hint)
    if not target.found:
        return _ElementState(False, problem=target.reason)
    if target.text is not None:
        locator = ctx.page.get_by_text(target.text)
    else:
        locator = ctx.page.locator(target.css or "")
    states: list[dict[str, Any]] = quietly(
        lambda: locator.evaluate_all(f"(els) => els.map({ELEMENT_STATE_JS.strip()})")
    )
    if not states:
        return _ElementState(False, problem=f"nothing on the page matches {hint!r}")
    shown = [s for s in states if s.get("visible")]
    chosen = shown[0] if shown else states[0]
    return _ElementState(True, visible=bool(shown), text=str(chosen.get("text", "")))


def _interpolate(ctx: RunContext, check: Check, where: str) -> Check:
    def value(text: str | None) -> str | None:
        return None if text is None else ctx.variables.interpolate(text, where=where)

    return Check(
        kind=check.kind,
        path_is=value(check.path_is),
        contains=value(check.contains),
        equals=value(check.equals),
        selector_hint=value(check.selector_hint),
        any_of=tuple(ctx.variables.interpolate(v, where=where) for v in check.any_of),
    )


def _url(ctx: RunContext, check: Check, timeout: float) -> CheckResult:
    if check.path_is is not None:
        wanted = (
            urlparse(check.path_is).path if "://" in check.path_is else check.path_is
        )
        want_query = "?" in wanted
        expected = f"path {wanted}"

        def look() -> bool:
            parsed = urlparse(ctx.page.url)
            actual = parsed.path + (
                f"?{parsed.query}" if want_query and parsed.query else ""
            )
            return actual.rstrip("/") == wanted.rstrip("/")

    elif check.contains is not None:
        fragment = check.contains
        expected = f"URL containing {fragment}"

        def look() -> bool:
            return fragment in ctx.page.url

    else:
        return CheckResult("broken", reason="a url check needs path_is or contains")
    if poll_here(ctx, look, timeout):
        return CheckResult("passed", expected=expected, observed=ctx.page.url)
    return CheckResult("failed", expected=expected, observed=ctx.page.url)


def _visible_text(ctx: RunContext, check: Check, timeout: float) -> CheckResult:
    hint = check.selector_hint
    if check.equals is not None and not hint:
        return CheckResult("broken", reason="visible_text equals needs a selector_hint")
    wanted = check.equals if check.equals is not None else check.contains
    if wanted is None:
        return CheckResult(
            "broken", reason="a visible_text check needs contains or equals"
        )
    expected = (
        f"equals {wanted!r}" if check.equals is not None else f"contains {wanted!r}"
    )
    observed: list[str] = [""]

    def look() -> bool:
        if hint:
            state = element_state(ctx, hint)
            if not state.found:
                observed[0] = state.problem
                return False
            text = state.text
        else:
            text = visible_text(ctx.page)
        observed[0] = text
        if check.equals is not None:
            return _squash(text) == _squash(wanted)
        return _squash(wanted).casefold() in _squash(text).casefold()

    ok = poll_here(ctx, look, timeout)
    if ok and check.equals is None:
        return CheckResult(
            "passed", expected=expected, observed=_around(observed[0], wanted)
        )
    return CheckResult(
        "passed" if ok else "failed", expected=expected, observed=_clip(observed[0])
    )


def _around(text: str, wanted: str, margin: int = 40) -> str:
    """The found text with a little context: a passing check need not repeat the whole page."""
    flat = _squash(text)
    at = flat.casefold().find(_squash(wanted).casefold())
    if at < 0:
        return _clip(flat)
    start, end = max(0, at - margin), min(len(flat), at + len(_squash(wanted)) + margin)
    return (
        ("\u2026" if start else "")
        + flat[start:end]
        + ("\u2026" if end < len(flat) else "")
    )


def _absent_text(ctx: RunContext, check: Check, timeout: float) -> CheckResult:
    if not check.any_of:
        return CheckResult("broken", reason="an absent_text check needs any_of")
    expected = "none of " + ", ".join(repr(v) for v in check.any_of)
    seen: list[list[str]] = [[]]

    def look() -> bool:
        text = _squash(visible_text(ctx.page)).casefold()
        seen[0] = [v for v in check.any_of if _squash(v).casefold() in text]
        return not seen[0]

    if poll_here(ctx, look, timeout):
        return CheckResult("passed", expected=expected, observed="none of them")
    return CheckResult(
        "failed",
        expected=expected,
        observed="shown: " + ", ".join(repr(v) for v in seen[0]),
    )


def _element_visible(ctx: RunContext, check: Check, timeout: float) -> CheckResult:
    hint = check.selector_hint
    if not hint:
        return CheckResult(
            "broken", reason="an element_visible check needs a selector_hint"
        )
    observed: list[str] = [""]

    def look() -> bool:
        state = element_state(ctx, hint)
        observed[0] = (
            state.problem
            if not state.found
            else ("visible" if state.visible else "hidden")
        )
        return state.visible

    ok = poll_here(ctx, look, timeout)
    return CheckResult(
        "passed" if ok else "failed", expected=f"{hint} visible", observed=observed[0]
    )


def evaluate_check(ctx: RunContext, check: Check, *, where: str) -> CheckResult:
    try:
        check = _interpolate(ctx, check, where)
    except UnknownVariable as exc:
        return CheckResult("broken", reason=str(exc), check=check_dict(check))
    timeout = ctx.assert_timeout_ms
    handlers = {
        "url": _url,
        "visible_text": _visible_text,
        "absent_text": _absent_text,
        "element_visible": _element_visible,
    }
    result = handlers[check.kind](ctx, check, timeout)
    return CheckResult(
        result.verdict,
        result.expected,
        result.observed,
        result.reason,
        check_dict(check),
        judged_by="check",
    )


def evaluate_expect(ctx: RunContext, expect: Expect, *, case_id: str) -> CheckResult:
    where = f"assertion {case_id}/{expect.id}"
    if expect.check is not None:
        return evaluate_check(ctx, expect.check, where=where)
    try:
        text = ctx.variables.interpolate(expect.assertion, where=where)
    except UnknownVariable as exc:
        return CheckResult("broken", reason=str(exc))
    claimed = _claimed(ctx, text, where)
    if claimed is not None:
        return claimed
    sort_check = sorted_assertion(text)
    sort_result = _sorted(ctx, *sort_check) if sort_check is not None else None
    if sort_result is not None:
        return sort_result
    quoted = quoted_assertion(text)
    # The cheapest correct path: code decides when the quotes are the whole claim ("'Saved' is
    # shown"); a claim with more in it ("the cart shows 'Tote Bag' twice") goes to the model,
    # and falls back to the quoted strings only when there is no model.
    if quoted is not None and (ctx.model is None or quotes_say_everything(text)):
        return dataclasses.replace(_quoted(ctx, quoted, where), judged_by="text")
    if ctx.model is not None:
        return model_verdict(ctx, expect.assertion, expected=text)
    return CheckResult("broken", reason=NEEDS_MODEL_ASSERT)


def model_verdict(ctx: RunContext, assertion: str, *, expected: str) -> CheckResult:
    """The model's verdict on words code cannot decide, its usage counted to the run."""
    assert ctx.model is not None
    verdict = ctx.model.judge(ctx, assertion)
    ctx.model_calls += verdict.usage.calls
    ctx.prompt_tokens += verdict.usage.prompt_tokens
    ctx.completion_tokens += verdict.usage.completion_tokens
    return CheckResult(
        verdict.verdict,
        expected=expected,
        observed=verdict.observed,
        reason=verdict.reason,
        judged_by="model",
    )


def _claimed(ctx: RunContext, text: str, where: str) -> CheckResult | None:
    """A claim about the page itself (the URL, the title, a control's state, a field's value),
    decided by code. None when it is about words after all ("the cart shows 'Tote Bag'": no
    field is called cart), or names an element the page lacks and a model can judge."""
    claim = parse_claim(text)
    if claim is None:
        return None
    decision = claims.decide(ctx, claim, ctx.assert_timeout_ms)
    words = claims.about_words(claim)
    if decision.missing and words and ctx.model is None and claim.expected:
        # About words after all: the claim's own (a bare number too: "the count is 1").
        kind: Literal["contains", "absent"] = "absent" if claim.negated else "contains"
        checked = _quoted(ctx, (kind, (claim.expected,)), where)
        return dataclasses.replace(checked, judged_by="text")
    if decision.missing and (words or claim.kind == "count" or ctx.model is not None):
        return None
    return CheckResult(
        "passed" if decision.holds else "failed",
        expected=decision.expected,
        observed=_clip(decision.observed),
        judged_by="text",
    )


def _sorted(
    ctx: RunContext, column: str, direction: str | None, subject: str
) -> CheckResult | None:
    """ "The list is sorted by Email descending": the column's cells (or each item's part so
    called), read by code. None when the page has no such column or part and a model can
    judge the words ("the pizza is ordered by phone" is no claim about a table)."""
    try:
        sorting.assert_sorted(
            ctx.page,
            column,
            sorting.as_direction(direction),
            ctx.assert_timeout_ms,
            subject=subject,
        )
    except sorting.NotSorted as exc:
        if exc.no_column and ctx.model is not None:
            return None
        return CheckResult(
            "failed",
            expected=exc.expected,
            observed=exc.observed,
            reason=str(exc),
            judged_by="text",
        )
    return CheckResult("passed", expected=f"sorted by {column}", judged_by="text")


def _quoted(
    ctx: RunContext,
    quoted: tuple[Literal["contains", "absent"], tuple[str, ...]],
    where: str,
) -> CheckResult:
    kind, values = quoted
    if kind == "absent":
        implied = Check(kind="absent_text", any_of=values)
        return evaluate_check(ctx, implied, where=where)
    results = [
        evaluate_check(ctx, Check(kind="visible_text", contains=v), where=where)
        for v in values
    ]
    failed = next((r for r in results if r.verdict != "passed"), None)
    return failed or results[0]


@dataclass(frozen=True)
class CaptureResult:
    status: Literal["captured", "failed", "broken"]
    value: str | None = None
    reason: str | None = None


def run_capture(ctx: RunContext, capture: Capture, *, case_id: str) -> CaptureResult:
    where = f"capture {case_id}/{capture.name}"
    if not capture.selector_hint and not capture.pattern:
        if ctx.model is None:
            return CaptureResult("broken", reason=NEEDS_MODEL_CAPTURE)
        extraction = ctx.model.extract(ctx, capture.source)
        ctx.model_calls += extraction.usage.calls
        ctx.prompt_tokens += extraction.usage.prompt_tokens
        ctx.completion_tokens += extraction.usage.completion_tokens
        if extraction.value is None:
            return CaptureResult(
                "broken" if extraction.broken else "failed",
                reason=extraction.reason or "the model found nothing",
            )
        return CaptureResult("captured", value=extraction.value)
    try:
        hint = (
            ctx.variables.interpolate(capture.selector_hint, where=where)
            if capture.selector_hint
            else None
        )
        pattern = re.compile(capture.pattern) if capture.pattern else None
    except UnknownVariable as exc:
        return CaptureResult("broken", reason=str(exc))
    except re.error as exc:
        return CaptureResult(
            "broken", reason=f"capture {capture.name}: bad pattern: {exc}"
        )
    problem: list[str] = [""]

    def look() -> str | None:
        if hint:
            state = element_state(ctx, hint)
            if not state.found:
                problem[0] = state.problem
                return None
            text = state.text
        else:
            text = visible_text(ctx.page)
        if pattern is None:
            value = _squash(text)
            return value or None
        match = pattern.search(text)
        if match is None:
            problem[0] = f"pattern {pattern.pattern!r} does not match"
            return None
        return match.group(1) if match.groups() else match.group(0)

    value = poll_here(ctx, look, ctx.assert_timeout_ms)
    if not value:
        return CaptureResult(
            "failed",
            reason=f"capture {capture.name} found nothing: {problem[0]}".rstrip(": "),
        )
    return CaptureResult("captured", value=value)
