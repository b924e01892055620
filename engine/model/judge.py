"""Check-less assertions judged by the model, and captures it reads, both as a JSON answer.

- The page is given time to settle first (requests in flight, a burst of DOM changes).
- The model gets the visible text (secrets redacted) and, with vision on, a JPEG of the viewport
  with password fields, secret-filled fields and any element showing a secret masked.
- `response_format: json_object` is asked for where the server takes it; the answer is parsed
  defensively (code fences, prose around the object, pass/passed/true...), with one reminder
  when it is not JSON at all.
- A "fail" while the page is still changing is judged once more after the change, like code
  checks poll until they hold. A captured value must be on the page: a model cannot invent it.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Literal

from engine.artifacts import cover_secrets, uncover_secrets
from engine.context import RunContext
from engine.model.client import (
    BudgetExhausted,
    ChatClient,
    ModelUnavailable,
    RunBudget,
    UsageMeter,
    operation_deadline,
)
from engine.model.page_view import clip_text
from engine.model.prompts import EXTRACT_SYSTEM, JSON_REMINDER, JUDGE_SYSTEM
from engine.model.redact import Redactor
from engine.model_hook import ModelExtraction, ModelVerdict
from engine.normalize import collapse_spaces
from engine.quiet import quietly
from engine.snapshot import wait_for_change
from engine.variables import UnknownVariable
from engine.waiting import visible_text

log = logging.getLogger(__name__)

JUDGE_TEXT_LIMIT = 8000
SETTLE_MS = 2000
QUIET_MS = 300
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.S)
_VERDICT_WORD = re.compile(r"\b(pass(?:ed|es)?|fail(?:ed|s)?)\b", re.I)
_VERDICTS: dict[str, Literal["passed", "failed"]] = {
    "pass": "passed",
    "passed": "passed",
    "passes": "passed",
    "true": "passed",
    "yes": "passed",
    "holds": "passed",
    "fail": "failed",
    "failed": "failed",
    "fails": "failed",
    "false": "failed",
    "no": "failed",
}


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The JSON object in a model's answer: bare, fenced, or with prose around it."""
    cleaned = _FENCE.sub("", text.strip())
    candidates = [cleaned]
    start, end = cleaned.find("{"), cleaned.rfind("}")
    if 0 <= start < end:
        candidates.append(cleaned[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def verdict_of(text: str) -> tuple[Literal["passed", "failed"] | None, str]:
    """(verdict, reason) from an answer; verdict None when there is none to be found."""
    data = parse_json_object(text)
    if data is not None:
        raw = data.get("verdict", data.get("result", data.get("passed")))
        reason = str(data.get("reason") or data.get("explanation") or "").strip()
        if isinstance(raw, bool):
            return ("passed" if raw else "failed"), reason
        verdict = _VERDICTS.get(str(raw).strip().lower()) if raw is not None else None
        return verdict, reason
    # Not JSON: a small model may still have said it in words ("PASS: the banner is shown").
    match = _VERDICT_WORD.search(text)
    if match is None:
        return None, ""
    word = match.group(1).lower()
    return ("passed" if word.startswith("pass") else "failed"), text.strip()[:300]


def settle_page(ctx: RunContext) -> None:
    """Let started requests finish and a burst of DOM changes die down (bounded)."""
    page = ctx.page
    try:
        ctx.watcher.settle(
            navigations_before=ctx.watcher.navigations,
            max_ms=ctx.deadline.cap(SETTLE_MS),
        )
        end = time.monotonic() + ctx.deadline.cap(SETTLE_MS) / 1000
        while time.monotonic() < end and wait_for_change(page, QUIET_MS):
            pass
    except Exception:
        if page.is_closed():
            raise


def model_screenshot(ctx: RunContext) -> str | None:
    """A JPEG of the viewport as a data URL, with everything secret masked (as the run's
    screenshots are: in every frame, shadow root and dialog); None on failure."""
    page = ctx.page
    try:
        # A step's screenshot may still be coming, its boxes up: taking ours down first
        # would uncover it.
        ctx.before_action()
        boxes = quietly(
            lambda: cover_secrets(page, ctx.masker, ctx.secret_fields_here())
        )
        try:
            data = page.screenshot(type="jpeg", quality=60, timeout=5000)
        finally:
            if boxes:
                uncover_secrets(page)
    except Exception as exc:
        # No picture rather than one whose masks may be missing.
        log.warning("screenshot for the model failed: %s", str(exc).splitlines()[0])
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


@dataclass
class _Ask:
    """One JSON question to the model, with a single reminder when the answer is not JSON."""

    client: ChatClient
    ctx: RunContext
    redactor: Redactor
    system: str
    meter: UsageMeter
    budget: RunBudget
    deadline: float

    @classmethod
    def start(cls, client: ChatClient, ctx: RunContext, system: str) -> _Ask:
        """A question within this operation's share of the run's budget and time."""
        return cls(
            client,
            ctx,
            Redactor.of(ctx),
            system,
            UsageMeter(),
            RunBudget(client.config.max_calls_per_run, ctx.model_calls),
            operation_deadline(ctx, client.config),
        )

    def __call__(self, content: str | list[dict[str, Any]]) -> str:
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": self.system},
            {"role": "user", "content": content},
        ]
        answer = self._complete(messages)
        if parse_json_object(answer) is None:
            messages += [
                {"role": "assistant", "content": answer},
                {"role": "user", "content": JSON_REMINDER},
            ]
            answer = self._complete(messages)
        return answer

    def _complete(self, messages: list[dict[str, Any]]) -> str:
        try:
            completion = self.client.complete(
                self.redactor.data(messages),
                meter=self.meter,
                budget=self.budget,
                deadline=self.deadline,
                json_mode=True,
            )
        except BudgetExhausted as exc:
            self.ctx.halt_reason = str(exc)
            raise
        return completion.content or ""


def _page_text(ctx: RunContext, redactor: Redactor) -> str:
    page = ctx.page
    text = clip_text(redactor.text(visible_text(page)), JUDGE_TEXT_LIMIT)
    return (
        f"URL: {redactor.text(page.url)}\nTitle: {redactor.text(page.title())}\n\n"
        f"Visible text:\n{text or '(the page shows no text)'}"
    )


def judge(client: ChatClient, ctx: RunContext, assertion: str) -> ModelVerdict:
    ask = _Ask.start(client, ctx, JUDGE_SYSTEM)
    redactor, meter = ask.redactor, ask.meter
    claim = redactor.prompt(assertion)
    try:
        verdict, reason = _judge_once(
            ctx, ask, redactor, claim, vision=client.config.vision
        )
        if verdict == "failed" and wait_for_change(
            ctx.page, int(ctx.assert_timeout_ms)
        ):
            # The page was still changing: look once more, as a code check keeps polling.
            verdict, reason = _judge_once(
                ctx, ask, redactor, claim, vision=client.config.vision
            )
    except ModelUnavailable as exc:
        return ModelVerdict("broken", str(exc), usage=meter.delta())
    if verdict is None:
        return ModelVerdict(
            "broken",
            "the model's answer is not a verdict: " + (reason[:200] or "(empty)"),
            usage=meter.delta(),
        )
    reason = reason or f"the model says it {verdict}"
    return ModelVerdict(verdict, reason, observed=reason, usage=meter.delta())


def _judge_once(
    ctx: RunContext, ask: _Ask, redactor: Redactor, claim: str, *, vision: bool
) -> tuple[Literal["passed", "failed"] | None, str]:
    """(verdict, reason); with no verdict, the reason is the redacted answer."""
    settle_page(ctx)
    text = f"Assertion: {claim}\n\n{_page_text(ctx, redactor)}"
    image = model_screenshot(ctx) if vision else None
    content: str | list[dict[str, Any]] = (
        [
            {"type": "text", "text": text},
            {"type": "image_url", "image_url": {"url": image}},
        ]
        if image
        else text
    )
    answer = ask(content)
    verdict, reason = verdict_of(answer)
    if verdict is None:
        return None, redactor.text(answer.strip())
    return verdict, redactor.text(reason)


def extract(client: ChatClient, ctx: RunContext, description: str) -> ModelExtraction:
    ask = _Ask.start(client, ctx, EXTRACT_SYSTEM)
    redactor, meter = ask.redactor, ask.meter
    try:
        settle_page(ctx)
        answer = ask(
            f"Value to read: {redactor.prompt(description)}\n\n{_page_text(ctx, redactor)}"
        )
    except ModelUnavailable as exc:
        return ModelExtraction(None, str(exc), usage=meter.delta(), broken=True)
    data = parse_json_object(answer)
    if data is None:
        return ModelExtraction(
            None,
            "the model's answer is not the JSON asked for: "
            + (redactor.text(answer.strip())[:200] or "(empty)"),
            usage=meter.delta(),
            broken=True,
        )
    reason = redactor.text(str(data.get("reason") or "").strip())
    raw = data.get("value")
    if raw is None or not str(raw).strip():
        return ModelExtraction(
            None,
            f"the model found no {description}: {reason}".rstrip(": "),
            meter.delta(),
        )
    try:
        value = redactor.resolve(str(raw).strip(), where=f"the capture {description!r}")
    except UnknownVariable as exc:
        return ModelExtraction(None, str(exc), usage=meter.delta())
    page_text = collapse_spaces(visible_text(ctx.page)).casefold()
    if collapse_spaces(value).casefold() not in page_text:
        return ModelExtraction(
            None,
            f"the model's value {redactor.text(value)!r} is not on the page",
            usage=meter.delta(),
        )
    return ModelExtraction(value, reason or None, usage=meter.delta())
