"""One chat completion against an OpenAI-compatible endpoint, bounded in every direction.

- Every HTTP call has a timeout (`ModelConfig.timeout_s`, less when the caller's deadline is
  nearer), and the `openai` client's own retries are off: this module decides.
- 429, 5xx, timeouts and dropped connections are retried with exponential backoff, honouring
  `Retry-After` / `retry-after-ms`, at most MAX_RETRIES times and MAX_RETRY_WAIT_S seconds in all,
  never past the deadline; then `ModelUnavailable` says what kept failing.
- Optional request fields a server refuses (`response_format`, `temperature`) are dropped once,
  for the rest of the run: small self-hosted servers often reject one or the other.
- Calls are counted (and their tokens; estimated from characters when the server reports no
  usage, as Ollama and some proxies do) on a `UsageMeter`, and the per-run call budget is
  enforced before a call is made.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.model_hook import ModelUsageDelta
from engine.spec import ModelConfig

# `openai` is imported where a call is made, not here: it takes ~0.5 s and ~25 MB, which every
# process importing the engine (web server, worker, command line) would pay without a model.
if TYPE_CHECKING:
    import openai
    from openai.types.chat import ChatCompletion

    from engine.context import RunContext

log = logging.getLogger(__name__)

MAX_RETRIES = 4
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 20.0
# All the waiting one completion may do between attempts.
MAX_RETRY_WAIT_S = 60.0
# Local servers (Ollama, vLLM) need no key, but the client insists on sending one.
PLACEHOLDER_API_KEY = "not-needed"
_OPTIONAL_FIELDS = ("response_format", "temperature")


class ModelUnavailable(Exception):
    """The model could not be asked: the step, assertion or capture is broken with this text."""


class BudgetExhausted(ModelUnavailable):
    """The run's model-call budget is spent: the run stops."""


@dataclass(frozen=True)
class RawToolCall:
    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class Completion:
    content: str | None
    tool_calls: tuple[RawToolCall, ...] = ()


@dataclass
class UsageMeter:
    """What one step, assertion or capture has spent so far."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def delta(self) -> ModelUsageDelta:
        return ModelUsageDelta(self.calls, self.prompt_tokens, self.completion_tokens)


@dataclass
class RunBudget:
    """The per-run call budget; `spent` is what the run had used before this operation."""

    limit: int | None
    spent: int = 0

    def message(self) -> str:
        return f"model call budget of {self.limit} exhausted"


@dataclass
class _Attempts:
    retries: int = 0
    waited: float = 0.0
    last_error: str = ""
    dropped: set[str] = field(default_factory=set)


def _describe(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    message = str(getattr(exc, "message", "") or exc).strip().splitlines()
    text = message[0] if message else type(exc).__name__
    # The client prefixes "Error code: 503 - "; the status is said once, below.
    text = re.sub(r"^Error code: \d+ - ", "", text)
    if status:
        return f"HTTP {status}: {text}"[:300]
    return text[:300]


def _retry_after(exc: Exception) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, `retry-after` seconds or date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _retryable(exc: Exception) -> bool:
    import openai

    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.RateLimitError):
        # An account out of credit answers 429 too; waiting does not fix that.
        return getattr(exc, "code", None) != "insufficient_quota"
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and (status >= 500 or status in (408, 409))


def estimate_tokens(value: Any) -> int:
    """About four characters a token; images count as a fixed 800 (a low-detail tile is 85)."""
    if isinstance(value, str):
        if value.startswith("data:image/"):
            return 800
        return (len(value) + 3) // 4
    if isinstance(value, dict):
        return sum(estimate_tokens(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(estimate_tokens(v) for v in value)
    return 0


class ChatClient:
    """An `openai.OpenAI` client for one run, with this module's retry and budget rules."""

    def __init__(
        self,
        config: ModelConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import openai

        self.config = config
        self._sleep = sleep
        self._client = openai.OpenAI(
            base_url=config.base_url or None,
            api_key=config.api_key or PLACEHOLDER_API_KEY,
            timeout=config.timeout_s,
            max_retries=0,
        )
        # Fields this endpoint refused once; not sent again during the run.
        self.unsupported: set[str] = set()

    def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        meter: UsageMeter,
        budget: RunBudget,
        deadline: float,
        tools: list[dict[str, Any]] | None = None,
        json_mode: bool = False,
    ) -> Completion:
        """One answer; raises ModelUnavailable (BudgetExhausted) instead of returning a bad one."""
        import openai

        if budget.limit is not None and budget.spent + meter.calls >= budget.limit:
            raise BudgetExhausted(budget.message())
        attempts = _Attempts()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                why = (
                    f" (last error: {attempts.last_error})"
                    if attempts.last_error
                    else ""
                )
                raise ModelUnavailable(
                    f"the model did not answer in the time left for this step{why}"
                )
            request = self._request(messages, tools=tools, json_mode=json_mode)
            try:
                completion = self._client.chat.completions.create(
                    **request, timeout=min(self.config.timeout_s, remaining)
                )
            except openai.APIError as exc:
                self._on_error(exc, attempts, deadline, sent=request)
                continue
            return self._read(completion, request, meter)

    def _request(
        self,
        messages: list[dict[str, Any]],
        *,
        tools: list[dict[str, Any]] | None,
        json_mode: bool,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.config.model, "messages": messages}
        if tools:
            request["tools"] = tools
        if "temperature" not in self.unsupported:
            request["temperature"] = 0
        if json_mode and "response_format" not in self.unsupported:
            request["response_format"] = {"type": "json_object"}
        return request

    def _on_error(
        self,
        exc: openai.APIError,
        attempts: _Attempts,
        deadline: float,
        *,
        sent: dict[str, Any],
    ) -> None:
        """Wait before the next attempt, or raise ModelUnavailable with the reason."""
        import openai

        described = _describe(exc)
        if isinstance(exc, openai.BadRequestError):
            text = str(exc).lower()
            refused = [f for f in _OPTIONAL_FIELDS if f in sent and f in text]
            if refused and not set(refused) <= attempts.dropped:
                self.unsupported.update(refused)
                attempts.dropped.update(refused)
                log.info("the model endpoint refuses %s; not sending it again", refused)
                return
            if "tool" in text and "support" in text and "tools" in sent:
                raise ModelUnavailable(
                    f"the model {self.config.model!r} does not accept tool calls "
                    f"({described}); choose a model that supports tools"
                )
            raise ModelUnavailable(
                f"the model endpoint rejected the request ({described})"
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            raise ModelUnavailable(
                f"the model endpoint refused the API key ({described}); check "
                "TRIPWIRE_LLM_API_KEY"
            )
        if isinstance(exc, openai.NotFoundError):
            raise ModelUnavailable(
                f"the model endpoint has no model {self.config.model!r} ({described}); "
                "check TRIPWIRE_LLM_MODEL and TRIPWIRE_LLM_BASE_URL"
            )
        if not _retryable(exc):
            raise ModelUnavailable(f"the model endpoint failed ({described})")
        attempts.last_error = described
        attempts.retries += 1
        asked = _retry_after(exc)
        backoff = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** (attempts.retries - 1))
        # A little jitter so parallel workers do not come back at the same instant.
        wait = asked if asked is not None else backoff * random.uniform(0.8, 1.2)
        left = deadline - time.monotonic()
        if (
            attempts.retries > MAX_RETRIES
            or attempts.waited + wait > MAX_RETRY_WAIT_S
            or wait >= left
        ):
            raise ModelUnavailable(
                f"the model endpoint kept failing ({described}) after "
                f"{attempts.retries} attempts"
            )
        log.info("model call failed (%s); retrying in %.2f s", described, wait)
        attempts.waited += wait
        self._sleep(wait)

    def _read(
        self,
        completion: ChatCompletion,
        request: dict[str, Any],
        meter: UsageMeter,
    ) -> Completion:
        meter.calls += 1
        choices = getattr(completion, "choices", None) or []
        message = choices[0].message if choices else None
        content = getattr(message, "content", None) if message else None
        calls: list[RawToolCall] = []
        for index, raw in enumerate(getattr(message, "tool_calls", None) or []):
            function = getattr(raw, "function", None)
            if function is None:
                continue
            calls.append(
                RawToolCall(
                    id=str(getattr(raw, "id", "") or f"call_{meter.calls}_{index}"),
                    name=str(getattr(function, "name", "") or ""),
                    arguments=str(getattr(function, "arguments", "") or ""),
                )
            )
        usage = getattr(completion, "usage", None)
        if usage is not None and (usage.prompt_tokens or usage.completion_tokens):
            meter.prompt_tokens += int(usage.prompt_tokens or 0)
            meter.completion_tokens += int(usage.completion_tokens or 0)
        else:
            meter.prompt_tokens += estimate_tokens(request["messages"])
            meter.completion_tokens += estimate_tokens(
                [content or "", *[c.arguments for c in calls]]
            )
        if message is None:
            raise ModelUnavailable("the model endpoint returned no answer")
        return Completion(content=content, tool_calls=tuple(calls))


def operation_deadline(ctx: RunContext, config: ModelConfig) -> float:
    """When one step, assertion or capture must be done with the model (monotonic seconds):
    `step_timeout_s` from now, or the end of the run when that comes first."""
    seconds = config.step_timeout_s
    remaining_ms = ctx.deadline.remaining_ms()
    if remaining_ms is not None:
        seconds = min(seconds, remaining_ms / 1000)
    return time.monotonic() + seconds
