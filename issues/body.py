"""The Markdown written into issues: the body of a new issue and the comment on a recurrence."""

from __future__ import annotations

import re
from urllib.parse import quote

from engine import CaseReport, NetworkEntry
from issues.diagnosis import Diagnosis
from issues.rootcause import LogLookup

MARKER = "<!-- tripwire-fingerprint: {fingerprint} -->"
MAX_TITLE = 300
MAX_SNIPPET = 4000
STATUS_WORDS = {
    "passed": "passed",
    "failed": "**failed**",
    "broken": "**broken**",
    "skipped": "skipped",
}


def fingerprint_marker(fingerprint: str) -> str:
    """The hidden line that lets a tracker search find the issue carrying this fingerprint."""
    return MARKER.format(fingerprint=fingerprint)


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _code_block(text: str) -> str:
    """A fenced block that survives any backticks inside `text`."""
    text = text if len(text) <= MAX_SNIPPET else text[:MAX_SNIPPET] + "\n…"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _inline_code(text: str) -> str:
    text = _one_line(text, 300)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def artifact_url(public_base_url: str, run_id: str, path: str) -> str:
    """A run's file as the pages serve it (to a signed-in browser)."""
    clean = path.lstrip("/")
    return (
        f"{public_base_url.rstrip('/')}/artifacts/"
        f"{quote(run_id, safe='')}/{quote(clean, safe='/')}"
    )


def issue_title(case: CaseReport) -> str:
    name = case.title or case.id
    failure = case.failure
    if failure.target == "assert":
        text = case.failing_assert.text if case.failing_assert else failure.id
        what = f'"{_one_line(text, 150)}" did not hold'
    elif failure.target == "step":
        text = case.failing_step.text if case.failing_step else failure.id
        verb = "is broken" if case.status == "broken" else "failed"
        what = f'step "{_one_line(text, 150)}" {verb}'
    elif failure.target == "capture":
        what = f'capture "{failure.id}" found nothing'
    else:
        what = case.status
    title = f"{name}: {what}"
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def _what_failed(case: CaseReport) -> list[str]:
    failure = case.failure
    lines: list[str] = []
    if failure.target == "assert":
        text = case.failing_assert.text if case.failing_assert else ""
        verdict = case.failing_assert.verdict if case.failing_assert else case.status
        lines.append(
            f"The expectation {_inline_code(failure.id)} "
            + (f"({_one_line(text, 300)}) " if text else "")
            + ("could not be checked." if verdict == "broken" else "did not hold.")
        )
    elif failure.target == "step":
        text = case.failing_step.text if case.failing_step else ""
        lines.append(
            f"The step {_inline_code(failure.id)} "
            + (f"({_one_line(text, 300)}) " if text else "")
            + ("could not be carried out." if case.status == "broken" else "failed.")
        )
    elif failure.target == "capture":
        lines.append(f"The capture {_inline_code(failure.id)} found nothing.")
    else:
        lines.append(f"The case {case.status}.")
    message = failure.message or case.reason
    if message:
        lines += ["", f"Reason: {_one_line(message, 1000)}"]
    if failure.expected is not None:
        lines += ["", "**Expected**", "", _code_block(failure.expected)]
    if failure.observed is not None:
        lines += ["", "**Observed**", "", _code_block(failure.observed)]
    return lines


def _steps(case: CaseReport) -> list[str]:
    lines: list[str] = []
    for index, step in enumerate(case.steps, start=1):
        status = STATUS_WORDS.get(step.status, step.status or "not run")
        extra = " (healed)" if step.healed else ""
        marker = " ← failed here" if case.failing_step is step else ""
        lines.append(
            f"{index}. {_inline_code(step.id)} {_one_line(step.text, 300)} — "
            f"{status}{extra}{marker}"
        )
    if case.asserts:
        lines += ["", "Expectations:", ""]
        for check in case.asserts:
            verdict = STATUS_WORDS.get(check.verdict, check.verdict or "not checked")
            lines.append(
                f"- {_inline_code(check.id)} {_one_line(check.text, 300)} — {verdict}"
            )
    return lines


def _call_line(call: NetworkEntry) -> str:
    outcome = (
        str(call.status) if call.status is not None else (call.failure or "failed")
    )
    if call.status is not None and call.failure:
        outcome += f" ({_one_line(call.failure, 200)})"
    trace = f" — trace id {_inline_code(call.trace_id)}" if call.trace_id else ""
    return f"- {_inline_code(f'{call.method} {call.url}')} → {outcome}{trace}"


def _logs(logs: LogLookup) -> list[str]:
    if not logs.backend or not logs.trace_ids:
        return []
    ids = ", ".join(_inline_code(t) for t in logs.trace_ids)
    lines = ["", f"## Server logs ({logs.backend}, trace id {ids})", ""]
    if logs.error:
        lines.append(f"The log backend could not be read: {_one_line(logs.error, 300)}")
    elif not logs.lines:
        lines.append(
            "No log lines carry this trace id in the 3 minutes before the failure."
        )
    else:
        lines.append(_code_block("\n".join(logs.lines)))
    return lines


def diagnosis_lines(diagnosis: Diagnosis | None) -> list[str]:
    if diagnosis is None:
        return []
    lines = [
        "",
        "## Diagnosis (model)",
        "",
        f"- Category: {diagnosis.category}",
    ]
    if diagnosis.server_error:
        lines.append(f"- Server error: {_inline_code(diagnosis.server_error)}")
    lines += [
        f"- Suspected cause: {_one_line(diagnosis.suspected_cause, 1000)}",
        f"- Suggested fix: {_one_line(diagnosis.suggested_fix, 1000) or '—'}",
        f"- Confidence: {diagnosis.confidence:.2f}",
    ]
    if diagnosis.evidence:
        lines += ["", "Evidence:", "", _code_block("\n".join(diagnosis.evidence))]
    return lines


def issue_body(
    *,
    case: CaseReport,
    run_id: str,
    suite_name: str,
    suite_file: str,
    run_url: str,
    public_base_url: str,
    fingerprint: str,
    logs: LogLookup,
    diagnosis: Diagnosis | None,
) -> str:
    where = f"*{suite_name}*" if suite_name else "the suite"
    if suite_file:
        where += f" ({_inline_code(suite_file)})"
    lines = [
        f"Case **{_one_line(case.title or case.id, 300)}** ({_inline_code(case.id)}) "
        f"{case.status} in {where}, run [{run_id}]({run_url}).",
        "",
        "## What failed",
        "",
        *_what_failed(case),
    ]
    if case.steps or case.asserts:
        lines += ["", "## Steps", "", *_steps(case)]
    if case.failure_shot:
        url = artifact_url(public_base_url, run_id, case.failure_shot)
        lines += ["", "## Screenshot", "", f"[Screenshot of the failure]({url})"]
    if case.failed_calls:
        lines += ["", "## Failed network calls", ""]
        lines += [_call_line(call) for call in case.failed_calls]
    lines += _logs(logs)
    lines += diagnosis_lines(diagnosis)
    lines += ["", "---", "", f"Fingerprint: {_inline_code(fingerprint)}"]
    return "\n".join(lines) + "\n"


def occurrence_comment(
    *,
    case: CaseReport,
    run_id: str,
    run_url: str,
    public_base_url: str,
    occurrences: int,
    reopened: bool,
    logs: LogLookup,
    diagnosis: Diagnosis | None,
) -> str:
    lines = [
        f"Seen again in run [{run_id}]({run_url}) ({case.status}; occurrence "
        f"{occurrences})."
        + (" The issue was closed and is reopened." if reopened else "")
    ]
    if case.failure.observed is not None:
        lines += ["", "Observed:", "", _code_block(case.failure.observed)]
    if case.failure_shot:
        url = artifact_url(public_base_url, run_id, case.failure_shot)
        lines += ["", f"[Screenshot]({url})"]
    lines += _logs(logs)
    lines += diagnosis_lines(diagnosis)
    return "\n".join(lines) + "\n"
