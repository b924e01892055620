"""Ask the configured model why a case failed: UI failure + failed requests + server log lines in,
`{category, server_error, suspected_cause, suggested_fix, confidence, evidence}` out.

Best effort: no model configured, a model error or an answer that is not the JSON asked for gives
None, never an exception. Nothing unmasked is sent: the report's texts are already masked by the
engine, and every secret Tripwire itself holds (tracker tokens, webhook URLs, the API key) is
scrubbed from the prompt as well, in case a server log line echoes one.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from core.crypto import MASK
from core.selectors import EffectiveSettings
from engine import CaseReport

logger = logging.getLogger(__name__)

MAX_EVIDENCE = 5
MAX_PROMPT_LOG_CHARS = 20_000
CONFIDENCE_WORDS = {"high": 0.8, "medium": 0.5, "low": 0.2}
FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.S)

SYSTEM_PROMPT = """You diagnose failed end-to-end browser tests of a web application.
You get the failing test case (steps with their statuses, the failing assertion or step with
expected and observed values), the HTTP requests that failed while it ran, and server log lines
that carry the failing requests' trace ids. Reply with one JSON object and nothing else:
{"category": "backend" | "frontend" | "test" | "environment" | "data" | "unknown",
 "server_error": "<the server-side error message, verbatim from the logs, or null>",
 "suspected_cause": "<one or two sentences>",
 "suggested_fix": "<one or two sentences>",
 "confidence": <number between 0 and 1>,
 "evidence": ["<up to five log lines, copied verbatim, that support the diagnosis>"]}"""


@dataclass(frozen=True)
class Diagnosis:
    category: str
    server_error: str | None
    suspected_cause: str
    suggested_fix: str
    confidence: float
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "server_error": self.server_error,
            "suspected_cause": self.suspected_cause,
            "suggested_fix": self.suggested_fix,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }


def _scrub(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if len(secret) >= 4:
            text = text.replace(secret, MASK)
    return text


def _prompt(case: CaseReport, log_lines: Sequence[str]) -> str:
    logs: list[str] = []
    used = 0
    for line in reversed(log_lines):  # keep the newest lines when there are too many
        used += len(line) + 1
        if used > MAX_PROMPT_LOG_CHARS:
            break
        logs.append(line)
    failure = case.failure
    payload = {
        "case": {"id": case.id, "title": case.title, "status": case.status},
        "failure": {
            "what": failure.target,
            "id": failure.id,
            "kind": failure.kind,
            "text": (case.failing_assert.text if case.failing_assert else None)
            or (case.failing_step.text if case.failing_step else None),
            "expected": failure.expected,
            "observed": failure.observed,
            "message": failure.message or case.reason,
        },
        "steps": [
            {"id": s.id, "text": s.text, "status": s.status, "reason": s.reason}
            for s in case.steps
        ],
        "failed_requests": [
            {
                "method": c.method,
                "url": c.url,
                "status": c.status,
                "failure": c.failure,
                "trace_id": c.trace_id,
            }
            for c in case.failed_calls
        ],
        "server_log_lines": list(reversed(logs)),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def _confidence(value: Any) -> float:
    if isinstance(value, str):
        word = value.strip().lower()
        if word in CONFIDENCE_WORDS:
            return CONFIDENCE_WORDS[word]
        try:
            value = float(word.rstrip("%")) / (100 if word.endswith("%") else 1)
        except ValueError:
            return 0.0
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    number = float(value)
    if number > 1:
        number /= 100
    return round(min(max(number, 0.0), 1.0), 2)


def _evidence(value: Any, log_lines: Sequence[str]) -> tuple[str, ...]:
    """Only lines that really are (parts of) the log lines we sent: no invented evidence."""
    if not isinstance(value, list):
        return ()
    kept: list[str] = []
    for item in value:
        text = str(item).strip()
        if text and any(text in line or line.strip() in text for line in log_lines):
            kept.append(text)
        if len(kept) == MAX_EVIDENCE:
            break
    return tuple(kept)


def parse_diagnosis(content: str, log_lines: Sequence[str]) -> Diagnosis | None:
    """The model's answer as a Diagnosis, or None when it is not the JSON object asked for."""
    try:
        data = json.loads(FENCE.sub("", content.strip()))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    cause = str(data.get("suspected_cause") or "").strip()
    if not cause:
        return None
    server_error = data.get("server_error")
    return Diagnosis(
        category=str(data.get("category") or "unknown").strip().lower()[:40],
        server_error=(str(server_error).strip() or None) if server_error else None,
        suspected_cause=cause,
        suggested_fix=str(data.get("suggested_fix") or "").strip(),
        confidence=_confidence(data.get("confidence")),
        evidence=_evidence(data.get("evidence"), log_lines),
    )


def diagnose_case(
    *, config: EffectiveSettings, case: CaseReport, log_lines: Sequence[str]
) -> Diagnosis | None:
    if not config.llm_configured:
        return None
    # Imported here: the client is heavy, and most filings (no model configured) never need it.
    import openai

    client = openai.OpenAI(
        base_url=config.llm_base_url or None,
        # Local OpenAI-compatible servers need no key, but the client insists on one.
        api_key=config.llm_api_key or "not-needed",
        timeout=float(settings.LLM_TIMEOUT),
        max_retries=1,
    )
    messages: list[Any] = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {
            "role": "user",
            "content": _scrub(_prompt(case, log_lines), config.secret_values()),
        },
    ]
    try:
        try:
            completion = client.chat.completions.create(
                model=config.llm_model,
                messages=messages,
                temperature=0,
                response_format={"type": "json_object"},
            )
        except openai.BadRequestError:
            # Some OpenAI-compatible servers reject response_format: ask again without it.
            completion = client.chat.completions.create(
                model=config.llm_model, messages=messages, temperature=0
            )
        content = completion.choices[0].message.content if completion.choices else None
    except Exception as exc:
        # Broad on purpose: a model that errors, times out or answers nonsense only means
        # no diagnosis; the issue is filed all the same.
        logger.warning(
            "The model could not diagnose case %s: %s", case.id, type(exc).__name__
        )
        return None
    diagnosis = parse_diagnosis(content or "", log_lines)
    if diagnosis is None:
        logger.warning(
            "The model's diagnosis of case %s was not the JSON asked for", case.id
        )
    return diagnosis
