"""The only module that reads the engine's run report (a plain dict, as in report.json).

Everything else in `issues` works on the typed, read-only view built here, so a change in the
report's shape is absorbed in one place. Parsing is defensive: a missing or oddly typed key gives
an empty value, never an exception. Both spellings seen so far are accepted: run level
`suite: {id, name, file}` or `suite_id`/`suite_name`/`suite_file`; root cause
`{kind: "assert"|"step", id}` or the engine's `{kind: "assertion_failed"|..., assert_id, step_id,
failing_id, failed_requests}`; `asserts`/`expect`, `text`/`assert`/`do`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Target = Literal["assert", "step", "capture", "case"]
FAILING = ("failed", "broken")
# Trace ids go into LogQL strings and URLs: anything but a plain token is ignored.
TRACE_ID = re.compile(r"^[A-Za-z0-9_-]{4,128}$")


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _opt_str(value: Any) -> str | None:
    text = _str(value)
    return text or None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class StepInfo:
    id: str
    text: str
    status: str
    tier: str | None = None
    healed: bool = False
    shot: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class AssertInfo:
    id: str
    text: str
    verdict: str
    check: Mapping[str, Any] | None = None
    expected: str | None = None
    observed: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ShotInfo:
    label: str
    note: str
    path: str


@dataclass(frozen=True)
class NetworkCall:
    method: str
    url: str
    status: int | None
    failure: str | None = None
    trace_id: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.failure) or (self.status is not None and self.status >= 400)


@dataclass(frozen=True)
class Failure:
    """What made the case fail: `target` + `id` are its stable signature; the rest is detail."""

    target: Target
    id: str
    kind: str
    expected: str | None = None
    observed: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: str
    status: str
    tags: tuple[str, ...]
    duration_ms: int | None
    reason: str | None
    steps: tuple[StepInfo, ...]
    asserts: tuple[AssertInfo, ...]
    shots: tuple[ShotInfo, ...]
    network: tuple[NetworkCall, ...]
    failure: Failure
    finished_at: datetime | None = None

    @property
    def failed_calls(self) -> list[NetworkCall]:
        return [call for call in self.network if call.failed]

    @property
    def trace_ids(self) -> list[str]:
        """Trace ids of the failed requests, in order, without repeats."""
        found: list[str] = []
        for call in self.failed_calls:
            if call.trace_id and call.trace_id not in found:
                found.append(call.trace_id)
        return found

    @property
    def screenshot(self) -> str | None:
        """The picture that best shows the failure (path relative to the run's artifacts)."""
        if self.failure.target == "step":
            for step in self.steps:
                if step.id == self.failure.id and step.shot:
                    return step.shot
        for shot in reversed(self.shots):
            if "fail" in shot.label.lower() or "fail" in shot.note.lower():
                return shot.path
        if self.shots:
            return self.shots[-1].path
        shots = [step.shot for step in self.steps if step.shot]
        return shots[-1] if shots else None

    @property
    def failing_assert(self) -> AssertInfo | None:
        if self.failure.target != "assert":
            return None
        return next((a for a in self.asserts if a.id == self.failure.id), None)

    @property
    def failing_step(self) -> StepInfo | None:
        if self.failure.target != "step":
            return None
        return next((s for s in self.steps if s.id == self.failure.id), None)


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    suite_id: str
    suite_name: str
    suite_file: str
    status: str
    counts: dict[str, int]
    finished_at: datetime | None
    cases: tuple[CaseInfo, ...]

    @property
    def failing_cases(self) -> list[CaseInfo]:
        return [case for case in self.cases if case.status in FAILING]


def _step(raw: Mapping[str, Any]) -> StepInfo:
    return StepInfo(
        id=_str(raw.get("id")),
        text=_str(raw.get("text") or raw.get("do")),
        status=_str(raw.get("status")),
        tier=_opt_str(raw.get("tier")),
        healed=bool(raw.get("healed")),
        shot=_opt_str(raw.get("shot")),
        reason=_opt_str(raw.get("reason")),
    )


def _assert(raw: Mapping[str, Any]) -> AssertInfo:
    check = raw.get("check")
    return AssertInfo(
        id=_str(raw.get("id")),
        text=_str(raw.get("text") or raw.get("assert")),
        verdict=_str(raw.get("verdict") or raw.get("status")),
        check=check if isinstance(check, Mapping) else None,
        expected=_opt_str(raw.get("expected")),
        observed=_opt_str(raw.get("observed")),
        reason=_opt_str(raw.get("reason")),
    )


def _call(raw: Mapping[str, Any]) -> NetworkCall:
    trace_id = _str(raw.get("trace_id")).strip()
    return NetworkCall(
        method=_str(raw.get("method")).upper() or "GET",
        url=_str(raw.get("url")),
        status=_int(raw.get("status")),
        failure=_opt_str(raw.get("failure")),
        trace_id=trace_id if TRACE_ID.match(trace_id) else None,
    )


def _target_of(kind: str) -> Target | None:
    kind = kind.lower()
    if kind.startswith("assert"):
        return "assert"
    if kind.startswith("capture"):
        return "capture"
    if kind.startswith("step"):
        return "step"
    return None


def _failure(
    raw: Mapping[str, Any],
    status: str,
    steps: tuple[StepInfo, ...],
    asserts: tuple[AssertInfo, ...],
) -> Failure:
    kind = _str(raw.get("kind"))
    assert_id = _str(raw.get("assert_id"))
    step_id = _str(raw.get("step_id"))
    any_id = _str(raw.get("id") or raw.get("failing_id"))
    target = _target_of(kind)
    if target is None:
        if assert_id:
            target = "assert"
        elif step_id:
            target = "step"
        elif any_id and any(a.id == any_id for a in asserts):
            target = "assert"
        elif any_id and any(s.id == any_id for s in steps):
            target = "step"
    failing_id = {"assert": assert_id, "step": step_id}.get(target or "", "") or any_id
    if target is None or not failing_id:
        # No usable root cause: the first assertion, else the first step, that did not pass.
        bad_assert = next((a for a in asserts if a.verdict in FAILING), None)
        bad_step = next((s for s in steps if s.status in FAILING), None)
        if bad_assert is not None:
            target, failing_id = "assert", bad_assert.id
        elif bad_step is not None:
            target, failing_id = "step", bad_step.id
        elif target is None:
            target, failing_id = "case", ""
    matched = next((a for a in asserts if a.id == failing_id), None)
    step = next((s for s in steps if s.id == failing_id), None)
    expected = _opt_str(raw.get("expected")) or (matched.expected if matched else None)
    observed = _opt_str(raw.get("observed")) or (matched.observed if matched else None)
    message = _opt_str(raw.get("message")) or (
        (matched.reason if matched and target == "assert" else None)
        or (step.reason if step and target == "step" else None)
    )
    return Failure(
        target=target,
        id=failing_id,
        kind=kind or status,
        expected=expected,
        observed=observed,
        message=message,
    )


def parse_case(raw: Mapping[str, Any]) -> CaseInfo:
    steps = tuple(_step(s) for s in _dicts(raw.get("steps")))
    asserts = tuple(_assert(a) for a in _dicts(raw.get("asserts") or raw.get("expect")))
    root = _dict(raw.get("root_cause"))
    network = [_call(n) for n in _dicts(raw.get("network"))]
    for extra in _dicts(root.get("failed_requests")):
        call = _call(extra)
        if call not in network:
            network.append(call)
    status = _str(raw.get("status"))
    tags = raw.get("tags")
    return CaseInfo(
        id=_str(raw.get("id") or raw.get("case_id")),
        title=_str(raw.get("title")),
        status=status,
        tags=tuple(_str(t) for t in tags) if isinstance(tags, list | tuple) else (),
        duration_ms=_int(raw.get("duration_ms")),
        reason=_opt_str(raw.get("reason")),
        steps=steps,
        asserts=asserts,
        shots=tuple(
            ShotInfo(
                label=_str(s.get("label")),
                note=_str(s.get("note")),
                path=_str(s.get("path")),
            )
            for s in _dicts(raw.get("shots"))
            if s.get("path")
        ),
        network=tuple(network),
        failure=_failure(root, status, steps, asserts),
        finished_at=_when(raw.get("finished_at")),
    )


def parse_run_report(report: Mapping[str, Any]) -> RunInfo:
    suite = _dict(report.get("suite"))
    counts_raw = _dict(report.get("counts"))
    cases = tuple(parse_case(c) for c in _dicts(report.get("cases")))
    counts: dict[str, int] = {}
    for name in ("passed", "failed", "broken", "skipped"):
        given = _int(counts_raw.get(name))
        counts[name] = (
            given if given is not None else sum(1 for c in cases if c.status == name)
        )
    return RunInfo(
        run_id=_str(report.get("run_id") or report.get("id")),
        suite_id=_str(suite.get("id") or report.get("suite_id")),
        suite_name=_str(suite.get("name") or report.get("suite_name")),
        suite_file=_str(suite.get("file") or report.get("suite_file")),
        status=_str(report.get("status")),
        counts=counts,
        finished_at=_when(report.get("finished_at")),
        cases=cases,
    )
