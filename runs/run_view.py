"""What the run page shows: the typed report of a finished run (read back from its row) or the
progress of a live one (from its events), with the heal details only the events carry.

Reads only; the page view renders it. Paths to artifacts are made absolute (`/artifacts/<run>/…`)
here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine import CaseReport, RunReport, read_run_report
from runs.models import ACTIVE, Run, RunEvent, RunStatus
from suites.schema import SuiteInvalid, parse_suite

LIVE_EVENTS = 40


@dataclass(frozen=True)
class Heal:
    old: str
    new: str
    tier: str


@dataclass
class LiveCase:
    id: str
    title: str
    status: str = "pending"
    step: str = ""


@dataclass
class RunView:
    run: Run
    report: RunReport | None
    heals: dict[tuple[str, str], Heal] = field(default_factory=dict)
    live_cases: list[LiveCase] = field(default_factory=list)
    events: list[RunEvent] = field(default_factory=list)
    last_seq: int = 0

    @property
    def active(self) -> bool:
        return self.run.status in (RunStatus.QUEUED, *ACTIVE)

    @property
    def progress(self) -> int:
        """Finished cases of the live run, in percent."""
        if not self.live_cases:
            return 0
        done = sum(c.status not in ("pending", "running") for c in self.live_cases)
        return round(100 * done / len(self.live_cases))

    def artifact(self, relative: str | None) -> str | None:
        return f"/artifacts/{self.run.id}/{relative}" if relative else None

    def trace_viewer(self, case: CaseReport) -> str | None:
        if not case.trace:
            return None
        return f"/trace/index.html?trace=/artifacts/{self.run.id}/{case.trace}"

    def cases(self) -> list[dict[str, Any]]:
        if self.report is None:
            return []
        return [self._case(case) for case in self.report.cases]

    def _case(self, case: CaseReport) -> dict[str, Any]:
        failure = case.failure if case.status in ("failed", "broken") else None
        return {
            "report": case,
            "failure": failure,
            "failure_shot": self.artifact(case.failure_shot) if failure else None,
            "steps": [
                {
                    "report": step,
                    "shot": self.artifact(step.shot),
                    "heal": self.heals.get((case.id, step.id)),
                }
                for step in case.steps
            ],
            "shots": [
                {
                    "label": shot.label,
                    "note": shot.note,
                    "url": self.artifact(shot.path),
                }
                for shot in case.shots
            ],
            "failed_calls": case.failed_calls,
            "trace": self.trace_viewer(case),
            "trace_zip": self.artifact(case.trace),
        }


def _planned_cases(run: Run) -> list[LiveCase]:
    try:
        suite = parse_suite(run.suite_yaml, file=run.suite_file).suite
    except SuiteInvalid:
        return []
    wanted = set(run.case_ids or [])
    return [
        LiveCase(case.id, case.title)
        for case in suite.cases
        if not wanted or case.id in wanted
    ]


def run_view(run: Run, *, since: int = 0) -> RunView:
    attempt = max(run.attempts, 1)
    events = run.events.filter(attempt=attempt)
    heals = {
        (e.case_id, e.step_id): Heal(
            old=str(e.data.get("old_locator", "")),
            new=str(e.data.get("new_locator", "")),
            tier=str(e.data.get("tier", "")),
        )
        for e in events.filter(type="heal")
    }
    view = RunView(
        run=run,
        report=read_run_report(run.report) if run.report else None,
        heals=heals,
    )
    if view.active:
        cases = {c.id: c for c in _planned_cases(run)}
        # Two events per case say where each stands; of the (many) step starts only the newest
        # matters, since a run works on one case at a time.
        for event in events.filter(type__in=("case_start", "case_end")).only(
            "type", "case_id", "data"
        ):
            case = cases.get(event.case_id)
            if case is None:
                continue
            if event.type == "case_start":
                case.status = "running"
            else:
                case.status = str(event.data.get("status") or "passed")
        step = (
            events.filter(type="step_start")
            .order_by("-seq")
            .only("case_id", "step_id", "data")
            .first()
        )
        if step is not None and step.case_id in cases:
            cases[step.case_id].step = str(step.data.get("text") or step.step_id)
        view.live_cases = list(cases.values())
        recent = list(events.filter(seq__gt=since).order_by("-seq")[:LIVE_EVENTS])
        view.events = list(reversed(recent))
    newest = events.order_by("-seq").values_list("seq", flat=True).first()
    view.last_seq = int(newest or since)
    return view
