"""Reading a stored report.json (or a run's stored report) back into the engine's report types.

Tolerant on purpose: a missing or oddly typed key gives an empty value, never an exception, so rows
written by older versions still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from engine.report import (
    CASE_STATUSES,
    ROOT_CAUSE_KINDS,
    AssertReport,
    CaptureReport,
    CaseReport,
    CaseStatus,
    ModelUsage,
    NetworkEntry,
    RootCause,
    RootCauseKind,
    RunReport,
    RunStatus,
    Shot,
    StepReport,
    StepStatus,
    Verdict,
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _opt(value: Any) -> str | None:
    return _text(value) or None


def _int(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def _opt_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maps(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _choice(value: Any, allowed: tuple[str, ...], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def read_usage(data: Any) -> ModelUsage:
    raw = _map(data)
    return ModelUsage(
        _int(raw.get("calls")),
        _int(raw.get("prompt_tokens")),
        _int(raw.get("completion_tokens")),
    )


def read_step(raw: Mapping[str, Any]) -> StepReport:
    return StepReport(
        id=_text(raw.get("id")),
        text=_text(raw.get("text")),
        status=cast("StepStatus", _choice(raw.get("status"), CASE_STATUSES, "broken")),
        tier=_opt(raw.get("tier")),
        healed=bool(raw.get("healed")),
        shot=_opt(raw.get("shot")),
        duration_ms=_int(raw.get("duration_ms")),
        reason=_opt(raw.get("reason")),
    )


def read_assert(raw: Mapping[str, Any]) -> AssertReport:
    check = raw.get("check")
    return AssertReport(
        id=_text(raw.get("id")),
        text=_text(raw.get("text")),
        check=dict(check) if isinstance(check, Mapping) else None,
        verdict=cast("Verdict", _choice(raw.get("verdict"), CASE_STATUSES, "broken")),
        expected=_opt(raw.get("expected")),
        observed=_opt(raw.get("observed")),
        reason=_opt(raw.get("reason")),
        judged_by=_opt(raw.get("judged_by")),
    )


def read_capture(raw: Mapping[str, Any]) -> CaptureReport:
    status = _choice(
        raw.get("status"), ("captured", "failed", "broken", "skipped"), "captured"
    )
    return CaptureReport(
        name=_text(raw.get("name")),
        value=_opt(raw.get("value")),
        status=cast("Literal['captured', 'failed', 'broken', 'skipped']", status),
        reason=_opt(raw.get("reason")),
    )


def read_shot(raw: Mapping[str, Any]) -> Shot:
    return Shot(_text(raw.get("label")), _text(raw.get("note")), _text(raw.get("path")))


def read_network(raw: Mapping[str, Any]) -> NetworkEntry:
    return NetworkEntry(
        method=_text(raw.get("method")).upper() or "GET",
        url=_text(raw.get("url")),
        status=_opt_int(raw.get("status")),
        failure=_opt(raw.get("failure")),
        trace_id=_opt(_text(raw.get("trace_id")).strip()),
    )


def read_root_cause(raw: Mapping[str, Any]) -> RootCause:
    kind = _choice(raw.get("kind"), ROOT_CAUSE_KINDS, "error")
    return RootCause(
        kind=cast("RootCauseKind", kind),
        step_id=_opt(raw.get("step_id")),
        assert_id=_opt(raw.get("assert_id")),
        check=_opt(raw.get("check")),
        expected=_opt(raw.get("expected")),
        observed=_opt(raw.get("observed")),
        message=_opt(raw.get("message")),
        failed_requests=tuple(
            read_network(r) for r in _maps(raw.get("failed_requests"))
        ),
    )


def read_case_report(raw: Mapping[str, Any]) -> CaseReport:
    root = raw.get("root_cause")
    diagnosis = raw.get("diagnosis")
    tags = raw.get("tags")
    return CaseReport(
        id=_text(raw.get("id")),
        title=_text(raw.get("title")),
        status=cast("CaseStatus", _choice(raw.get("status"), CASE_STATUSES, "broken")),
        tags=tuple(_text(t) for t in tags) if isinstance(tags, list | tuple) else (),
        duration_ms=_int(raw.get("duration_ms")),
        reason=_opt(raw.get("reason")),
        steps=tuple(read_step(s) for s in _maps(raw.get("steps"))),
        asserts=tuple(read_assert(a) for a in _maps(raw.get("asserts"))),
        captures=tuple(read_capture(c) for c in _maps(raw.get("captures"))),
        shots=tuple(read_shot(s) for s in _maps(raw.get("shots")) if s.get("path")),
        network=tuple(read_network(n) for n in _maps(raw.get("network"))),
        root_cause=read_root_cause(root) if isinstance(root, Mapping) else None,
        trace=_opt(raw.get("trace")),
        issue_id=_opt(raw.get("issue_id")),
        diagnosis=dict(diagnosis) if isinstance(diagnosis, Mapping) else None,
        model_usage=read_usage(raw.get("model_usage")),
    )


def read_run_report(raw: Mapping[str, Any]) -> RunReport:
    """A report.json (or a run's stored report) read back into the typed report."""
    final = raw.get("final_page")
    return RunReport(
        run_id=_text(raw.get("run_id")),
        suite_id=_text(raw.get("suite_id")),
        suite_name=_text(raw.get("suite_name")),
        suite_file=_text(raw.get("suite_file")),
        started_at=_text(raw.get("started_at")),
        finished_at=_text(raw.get("finished_at")),
        duration_ms=_int(raw.get("duration_ms")),
        status=cast(
            "RunStatus",
            _choice(raw.get("status"), (*CASE_STATUSES, "cancelled"), "broken"),
        ),
        cases=tuple(read_case_report(c) for c in _maps(raw.get("cases"))),
        reason=_opt(raw.get("reason")),
        model_usage=read_usage(raw.get("model_usage")),
        final_page={str(k): _text(v) for k, v in final.items()}
        if isinstance(final, Mapping)
        else None,
    )
