"""What a run returns: frozen dataclasses with `to_dict()` giving the report.json shape.

Every text in here is already masked; every path is relative to the run's artifacts directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

CaseStatus = Literal["passed", "failed", "broken", "skipped"]
RunStatus = Literal["passed", "failed", "broken", "skipped", "cancelled"]
StepStatus = Literal["passed", "failed", "broken", "skipped"]
Verdict = Literal["passed", "failed", "broken", "skipped"]
CASE_STATUSES: tuple[CaseStatus, ...] = ("passed", "failed", "broken", "skipped")
_SEVERITY: dict[str, int] = {"skipped": 0, "passed": 1, "failed": 2, "broken": 3}
FAILING = ("failed", "broken")
# Trace ids end up in log queries and URLs: anything but a plain token is left out.
TRACE_ID = re.compile(r"^[A-Za-z0-9_-]{4,128}$")


@dataclass(frozen=True)
class ModelUsage:
    """Language-model calls and tokens (estimated when the endpoint reports none)."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }

    def __add__(self, other: ModelUsage) -> ModelUsage:
        return ModelUsage(
            self.calls + other.calls,
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
        )

    def __sub__(self, other: ModelUsage) -> ModelUsage:
        return ModelUsage(
            self.calls - other.calls,
            self.prompt_tokens - other.prompt_tokens,
            self.completion_tokens - other.completion_tokens,
        )


@dataclass(frozen=True)
class StepReport:
    id: str
    text: str
    status: StepStatus
    tier: str | None = None
    healed: bool = False
    shot: str | None = None
    duration_ms: int = 0
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "tier": self.tier,
            "healed": self.healed,
            "shot": self.shot,
            "duration_ms": self.duration_ms,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AssertReport:
    id: str
    text: str
    check: dict[str, Any] | None
    verdict: Verdict
    expected: str | None = None
    observed: str | None = None
    reason: str | None = None
    # Who decided: "check" (code), "text" (the quoted string, by code) or "model".
    judged_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "check": self.check,
            "verdict": self.verdict,
            "expected": self.expected,
            "observed": self.observed,
            "reason": self.reason,
            "judged_by": self.judged_by,
        }


@dataclass(frozen=True)
class CaptureReport:
    name: str
    value: str | None
    status: Literal["captured", "failed", "broken", "skipped"] = "captured"
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "status": self.status,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Shot:
    label: str
    note: str
    path: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "note": self.note, "path": self.path}


@dataclass(frozen=True)
class NetworkEntry:
    method: str
    url: str
    status: int | None
    failure: str | None = None
    trace_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "failure": self.failure,
            "trace_id": self.trace_id,
        }

    @property
    def failed(self) -> bool:
        return bool(self.failure) or (self.status is not None and self.status >= 400)


# `setup_failed`: the run could not start its cases (a missing environment variable, an unknown
# case, no browser, no display, an unwritable artifacts folder). That is the deployment's problem,
# not the app's: reported, never filed as an issue.
RootCauseKind = Literal[
    "assertion_failed",
    "step_failed",
    "step_broken",
    "capture_failed",
    "timed_out",
    "setup_failed",
    "error",
]
ROOT_CAUSE_KINDS: tuple[str, ...] = (
    "assertion_failed",
    "step_failed",
    "step_broken",
    "capture_failed",
    "timed_out",
    "setup_failed",
    "error",
)


@dataclass(frozen=True)
class RootCause:
    """Why a case did not pass. `kind` and the failing id (never volatile text) fingerprint it."""

    kind: RootCauseKind
    step_id: str | None = None
    assert_id: str | None = None
    check: str | None = None
    expected: str | None = None
    observed: str | None = None
    message: str | None = None
    failed_requests: tuple[NetworkEntry, ...] = ()

    @property
    def failing_id(self) -> str | None:
        return self.assert_id or self.step_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "failing_id": self.failing_id,
            "step_id": self.step_id,
            "assert_id": self.assert_id,
            "check": self.check,
            "expected": self.expected,
            "observed": self.observed,
            "message": self.message,
            "failed_requests": [r.to_dict() for r in self.failed_requests],
        }


FailureTarget = Literal["assert", "step", "capture", "case"]


@dataclass(frozen=True)
class Failure:
    """What made a case fail: `target` + `id` are its stable signature; the rest is detail."""

    target: FailureTarget
    id: str
    kind: str
    expected: str | None = None
    observed: str | None = None
    message: str | None = None


def _target_of(kind: str) -> FailureTarget | None:
    # By the kind's word, as issues have been fingerprinted since the first version: changing
    # this would file every known failure again under a new fingerprint.
    if kind.startswith("assert"):
        return "assert"
    if kind.startswith("capture"):
        return "capture"
    if kind.startswith("step"):
        return "step"
    return None


@dataclass(frozen=True)
class CaseReport:
    id: str
    title: str
    status: CaseStatus
    tags: tuple[str, ...] = ()
    duration_ms: int = 0
    reason: str | None = None
    steps: tuple[StepReport, ...] = ()
    asserts: tuple[AssertReport, ...] = ()
    captures: tuple[CaptureReport, ...] = ()
    shots: tuple[Shot, ...] = ()
    network: tuple[NetworkEntry, ...] = ()
    root_cause: RootCause | None = None
    trace: str | None = None
    issue_id: str | None = None
    # Filled by the server after the run: the model's root-cause diagnosis, when there is one.
    diagnosis: dict[str, Any] | None = None
    model_usage: ModelUsage = field(default_factory=ModelUsage)

    @property
    def healed_steps(self) -> int:
        return sum(1 for s in self.steps if s.healed)

    @property
    def failure(self) -> Failure:
        """What failed: the root cause's target and id, else the first step or assertion that
        did not pass."""
        root = self.root_cause
        kind = root.kind if root else ""
        assert_id = (root.assert_id or "") if root else ""
        step_id = (root.step_id or "") if root else ""
        any_id = (root.failing_id or "") if root else ""
        target = _target_of(kind)
        if target is None:
            if assert_id:
                target = "assert"
            elif step_id:
                target = "step"
            elif any_id and any(a.id == any_id for a in self.asserts):
                target = "assert"
            elif any_id and any(s.id == any_id for s in self.steps):
                target = "step"
        failing = {"assert": assert_id, "step": step_id}.get(target or "", "") or any_id
        if target is None or not failing:
            bad_assert = next((a for a in self.asserts if a.verdict in FAILING), None)
            bad_step = next((s for s in self.steps if s.status in FAILING), None)
            if bad_assert is not None:
                target, failing = "assert", bad_assert.id
            elif bad_step is not None:
                target, failing = "step", bad_step.id
            elif target is None:
                target, failing = "case", ""
        matched = next((a for a in self.asserts if a.id == failing), None)
        step = next((s for s in self.steps if s.id == failing), None)
        message = (root.message if root else None) or (
            (matched.reason if matched and target == "assert" else None)
            or (step.reason if step and target == "step" else None)
        )
        return Failure(
            target=target,
            id=failing,
            kind=kind or self.status,
            expected=(root.expected if root else None)
            or (matched.expected if matched else None),
            observed=(root.observed if root else None)
            or (matched.observed if matched else None),
            message=message,
        )

    @property
    def failing_assert(self) -> AssertReport | None:
        failure = self.failure
        if failure.target != "assert":
            return None
        return next((a for a in self.asserts if a.id == failure.id), None)

    @property
    def failing_step(self) -> StepReport | None:
        failure = self.failure
        if failure.target != "step":
            return None
        return next((s for s in self.steps if s.id == failure.id), None)

    @property
    def failed_calls(self) -> list[NetworkEntry]:
        """Failed requests of the case and of its root cause, in order, without repeats."""
        calls = list(self.network)
        if self.root_cause is not None:
            calls += [c for c in self.root_cause.failed_requests if c not in calls]
        return [call for call in calls if call.failed]

    @property
    def trace_ids(self) -> list[str]:
        """Trace ids of the failed requests, in order, without repeats."""
        found: list[str] = []
        for call in self.failed_calls:
            trace = call.trace_id
            if trace and TRACE_ID.match(trace) and trace not in found:
                found.append(trace)
        return found

    @property
    def failure_shot(self) -> str | None:
        """The picture that best shows the failure (path relative to the run's artifacts)."""
        failure = self.failure
        if failure.target == "step":
            for step in self.steps:
                if step.id == failure.id and step.shot:
                    return step.shot
        shots = [shot for shot in self.shots if shot.path]
        for shot in reversed(shots):
            if "fail" in shot.label.lower() or "fail" in shot.note.lower():
                return shot.path
        if shots:
            return shots[-1].path
        step_shots = [step.shot for step in self.steps if step.shot]
        return step_shots[-1] if step_shots else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "tags": list(self.tags),
            "status": self.status,
            "duration_ms": self.duration_ms,
            "reason": self.reason,
            "steps": [s.to_dict() for s in self.steps],
            "asserts": [a.to_dict() for a in self.asserts],
            "captures": [c.to_dict() for c in self.captures],
            "shots": [s.to_dict() for s in self.shots],
            "network": [n.to_dict() for n in self.network],
            "root_cause": self.root_cause.to_dict() if self.root_cause else None,
            "trace": self.trace,
            "issue_id": self.issue_id,
            "diagnosis": self.diagnosis,
            "model_usage": self.model_usage.to_dict(),
        }


def run_status(statuses: list[CaseStatus], *, cancelled: bool = False) -> RunStatus:
    """broken > failed > passed; nothing but skipped (or nothing at all) is skipped."""
    if cancelled:
        return "cancelled"
    return max(statuses, key=lambda s: _SEVERITY[s], default="skipped")


@dataclass(frozen=True)
class RunReport:
    run_id: str
    suite_id: str
    suite_name: str
    suite_file: str
    started_at: str
    finished_at: str
    duration_ms: int
    status: RunStatus
    cases: tuple[CaseReport, ...] = ()
    reason: str | None = None
    model_usage: ModelUsage = field(default_factory=ModelUsage)
    # Where the browser ended: {"url", "text"} (masked, FINAL_TEXT_LIMIT characters at most).
    final_page: dict[str, str] | None = None
    # Where the relative artifact paths point; not part of report.json.
    artifacts_dir: Path | None = field(default=None, compare=False)

    @property
    def failing_cases(self) -> list[CaseReport]:
        return [case for case in self.cases if case.status in FAILING]

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(CASE_STATUSES, 0)
        for case in self.cases:
            counts[case.status] += 1
        return counts

    @property
    def heals(self) -> int:
        return sum(c.healed_steps for c in self.cases)

    @property
    def exit_code(self) -> int:
        """CLI convention: 0 all passed (or skipped), 1 a failure, 2 a broken case or cancelled."""
        if self.status in ("broken", "cancelled"):
            return 2
        if self.status == "failed":
            return 1
        return 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "suite_id": self.suite_id,
            "suite_name": self.suite_name,
            "suite_file": self.suite_file,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_ms": self.duration_ms,
            "status": self.status,
            "reason": self.reason,
            "counts": self.counts,
            "model_usage": self.model_usage.to_dict(),
            "heals": self.heals,
            "final_page": self.final_page,
            "cases": [c.to_dict() for c in self.cases],
        }
