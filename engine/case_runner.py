"""Running one case: its steps, then its assertions, then its captures."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

from engine import grammar
from engine.actions import dialog_answer
from engine.artifacts import Artifacts, Tracer, safe_name
from engine.assertions import CheckResult, evaluate_expect, run_capture
from engine.context import RunContext
from engine.intent import DIALOG_ANSWERS
from engine.pages import arm_dialog, follow_new_pages
from engine.report import (
    AssertReport,
    CaptureReport,
    CaseReport,
    CaseStatus,
    ModelUsage,
    NetworkEntry,
    RootCause,
    RootCauseKind,
    Shot,
    StepReport,
)
from engine.resolve import (
    StepOutcome,
    StepResolver,
    describe_outcome,
    joined,
)
from engine.spec import Case, Expect, Step, part_step
from engine.variables import UnknownVariable


@dataclass
class CaseState:
    status: CaseStatus = "passed"
    reason: str | None = None
    root_cause: RootCause | None = None
    steps: list[StepReport] = field(default_factory=list)
    asserts: list[AssertReport] = field(default_factory=list)
    captures: list[CaptureReport] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)
    timed_out: bool = False
    cancelled: bool = False

    def worsen(
        self, status: CaseStatus, reason: str | None, cause: RootCause | None
    ) -> None:
        order = {"passed": 0, "skipped": 0, "failed": 1, "broken": 2}
        if order[status] > order[self.status]:
            self.status = status
            self.reason = reason
            self.root_cause = cause


def _ms(since: float) -> int:
    return int((time.monotonic() - since) * 1000)


class CaseRunner:
    def __init__(self, ctx: RunContext, artifacts: Artifacts, tracer: Tracer) -> None:
        self.ctx = ctx
        self.artifacts = artifacts
        self.tracer = tracer
        # Set when a case ends the run early: "cancelled" or "timed_out".
        self.stopped: str | None = None

    def _mask(self, text: str | None) -> str | None:
        return None if text is None else self.ctx.masker.mask(text)

    def _shot(
        self,
        case: Case,
        label: str,
        note: str,
        state: CaseState,
        *,
        about: str | None = None,
    ) -> Shot | None:
        """A screenshot, recorded on the case and announced; `about` is the step/assert id."""
        shot = self.artifacts.screenshot(
            self.ctx.page,
            case.id,
            label,
            note,
            secret_fields=self.ctx.secret_fields_here(),
        )
        if shot is not None:
            state.shots.append(shot)
            self.ctx.emitter.emit(
                "shot",
                case_id=case.id,
                step_id=about or label,
                label=shot.label,
                note=shot.note,
                path=shot.path,
            )
        return shot

    def _usage(self) -> ModelUsage:
        ctx = self.ctx
        return ModelUsage(ctx.model_calls, ctx.prompt_tokens, ctx.completion_tokens)

    def _timed_out_reason(self) -> str:
        return f"run timed out after {self.ctx.deadline.timeout_s:g} s"

    def run(self, case: Case) -> CaseReport:
        ctx = self.ctx
        started = time.monotonic()
        usage_before = self._usage()
        state = CaseState()
        ctx.emitter.emit(
            "case_start", case_id=case.id, title=case.title, tags=list(case.tags)
        )
        self.tracer.start_case(case.id)
        ctx.watcher.reset_errors()
        try:
            self._steps(case, state)
            if state.status == "passed" and not state.cancelled:
                self._asserts(case, state)
            else:
                state.asserts.extend(
                    AssertReport(e.id, self._mask(e.assertion) or "", None, "skipped")
                    for e in case.expects
                )
            if state.status == "passed" and not state.cancelled:
                self._captures(case, state)
            else:
                state.captures.extend(
                    CaptureReport(c.name, None, "skipped") for c in case.captures
                )
        finally:
            self._before_trace(state)
            network = tuple(
                NetworkEntry(
                    n.method, self._mask(n.url) or "", n.status, n.failure, n.trace_id
                )
                for n in ctx.watcher.reset_errors()
            )
            trace_path = self.tracer.stop_case(
                self.artifacts.case_dir(case.id) / "trace.zip"
            )
            # The page's script may have been stopped while the trace was written.
            self._late_hang(state)
            self.artifacts.flush()
            _drop_lost_shots(state, self.artifacts.take_lost())
        if state.root_cause is not None:
            # Server errors first: they are the likeliest cause of what the case saw.
            failed = tuple(sorted(network, key=lambda n: -(n.status or 0)))
            state.root_cause = dataclasses.replace(
                state.root_cause, failed_requests=failed
            )
        status: CaseStatus = "skipped" if state.cancelled else state.status
        reason = "cancelled" if state.cancelled else state.reason
        report = CaseReport(
            id=case.id,
            title=case.title,
            tags=case.tags,
            status=status,
            duration_ms=_ms(started),
            reason=reason,
            steps=tuple(state.steps),
            asserts=tuple(state.asserts),
            captures=tuple(state.captures),
            shots=tuple(state.shots),
            network=network,
            root_cause=state.root_cause if status in ("failed", "broken") else None,
            trace=self.artifacts.relative(trace_path) if trace_path else None,
            model_usage=self._usage() - usage_before,
        )
        ctx.emitter.emit(
            "case_end",
            case_id=case.id,
            status=report.status,
            duration_ms=report.duration_ms,
            reason=report.reason,
            healed=report.healed_steps,
        )
        if state.cancelled:
            self.stopped = "cancelled"
        elif state.timed_out:
            self.stopped = "timed_out"
        elif ctx.halt_reason is not None:
            self.stopped = "halted"
        return report

    def _steps(self, case: Case, state: CaseState) -> None:
        ctx = self.ctx
        for index, step in enumerate(case.steps):
            if ctx.emitter.should_stop():
                state.cancelled = True
            elif ctx.deadline.expired:
                state.timed_out = True
                reason = self._timed_out_reason()
                state.worsen(
                    "broken",
                    reason,
                    RootCause("timed_out", step_id=step.id, message=reason),
                )
            if state.cancelled or state.timed_out:
                self._skip_steps(case.steps[index:], state)
                return
            following = case.steps[index + 1] if index + 1 < len(case.steps) else None
            outcome = self._step(case, step, state, following)
            if outcome.status != "passed":
                self._skip_steps(case.steps[index + 1 :], state)
                return

    def _skip_steps(self, steps: tuple[Step, ...], state: CaseState) -> None:
        for step in steps:
            state.steps.append(
                StepReport(step.id, self._mask(step.do) or "", "skipped")
            )

    def _arm_dialog_answer(self, following: Step | None) -> None:
        """A dialog step answers the dialog the step before it opens: arm its answer now."""
        intent = grammar.first_intent(following.do) if following is not None else None
        if intent is not None and intent.kind in DIALOG_ANSWERS:
            value = intent.value
            if value is not None:
                try:
                    value = self.ctx.variables.interpolate(
                        value, where="the dialog answer"
                    )
                except UnknownVariable:
                    return  # the dialog step itself reports the unknown variable
            arm_dialog(self.ctx, dialog_answer(intent.kind, value, intent.target))

    def _resolve(self, case: Case, step: Step, following: Step | None) -> StepOutcome:
        """One step; one whose words hold several ("Fill 'Name' with 'Ada' and submit the
        form") is done a step at a time, each resolved and cached as a step of its own, and
        reported as the one step written."""
        parts = grammar.steps_in(step.do)
        if parts is None:
            self._arm_dialog_answer(following)
            return StepResolver(self.ctx, case.id, step).run()
        outcomes: list[StepOutcome] = []
        for number in range(1, len(parts) + 1):
            later = (
                part_step(step, parts, number + 1) if number < len(parts) else following
            )
            self._arm_dialog_answer(later)
            part = part_step(step, parts, number)
            outcomes.append(StepResolver(self.ctx, case.id, part).run())
            if outcomes[-1].status != "passed":
                break
        return joined(parts, outcomes)

    def _step(
        self, case: Case, step: Step, state: CaseState, following: Step | None = None
    ) -> StepOutcome:
        ctx = self.ctx
        text = self._mask(step.do) or ""
        ctx.emitter.emit("step_start", case_id=case.id, step_id=step.id, text=step.do)
        started = time.monotonic()
        usage_before = self._usage()
        page_before = ctx.page
        follow_new_pages(ctx)
        ctx.dialogs_before, ctx.dialogs_at_step = (
            ctx.dialogs_at_step,
            len(ctx.watcher.history),
        )
        outcome = self._unanswered(self._resolve(case, step, following))
        if ctx.page is not page_before:
            ctx.emitter.emit(
                "log",
                case_id=case.id,
                step_id=step.id,
                level="info",
                message=f"now on the tab at {self._mask(ctx.page.url)}",
            )
        used = self._usage() - usage_before
        if outcome.status != "passed" and ctx.deadline.expired:
            reason = self._timed_out_reason()
            outcome = StepOutcome("broken", tier=outcome.tier, reason=reason)
            state.timed_out = True
        duration = _ms(started)
        shot = None
        asked = next((a for a in outcome.actions if a.kind == "screenshot"), None)
        if ctx.request.screenshots == "steps" or outcome.status != "passed" or asked:
            # A shot the step names ("... named 'cart'") carries its name.
            named = asked.value if asked is not None and asked.value else None
            label = f"{step.id}-{named}" if named else step.id
            note = outcome.reason or step.do
            shot = self._shot(case, label, note, state, about=step.id)
            outcome = self._unanswered(outcome)  # a frame found busy by the screenshot
        for dialog in ctx.watcher.take_dialogs():
            note = (
                "" if dialog.planned else " (no step answered it: the default answer)"
            )
            ctx.emitter.emit(
                "log",
                case_id=case.id,
                step_id=step.id,
                level="info" if dialog.planned else "warning",
                message=self._mask(dialog.describe() + note),
            )
        if outcome.heal is not None:
            ctx.emitter.emit("heal", case_id=case.id, step_id=step.id, **outcome.heal)
        ctx.emitter.emit(
            "action",
            case_id=case.id,
            step_id=step.id,
            text=step.do,
            status=outcome.status,
            tier=outcome.tier,
            healed=outcome.healed,
            tool=outcome.actions[0].kind if outcome.actions else None,
            target=outcome.actions[0].target if outcome.actions else None,
            locator=outcome.locator,
            actions=describe_outcome(outcome),
            duration_ms=duration,
            reason=outcome.reason,
            note=outcome.note,
            model=used.to_dict(),
        )
        state.steps.append(
            StepReport(
                id=step.id,
                text=text,
                status=outcome.status,
                tier=outcome.tier,
                healed=outcome.healed,
                shot=shot.path if shot else None,
                duration_ms=duration,
                reason=self._mask(outcome.reason),
            )
        )
        if outcome.status != "passed":
            kind: RootCauseKind = (
                "step_failed" if outcome.status == "failed" else "step_broken"
            )
            if state.timed_out:
                kind = "timed_out"
            state.worsen(
                outcome.status,
                self._mask(f"step {step.id}: {outcome.reason}"),
                RootCause(
                    kind,
                    step_id=step.id,
                    expected=self._mask(outcome.expected),
                    observed=self._mask(outcome.observed),
                    message=self._mask(outcome.reason),
                ),
            )
        return outcome

    def _before_trace(self, state: CaseState) -> None:
        """A frame that stopped answering is taken out before the case's trace is written:
        Playwright's trace would wait on it forever."""
        if self.ctx.guard is not None and self.tracer.recording:
            self.ctx.guard.ask_frames(self.ctx.page)
        self._late_hang(state)

    def _hung(self) -> str | None:
        """Why a page or frame stopped answering since the last call (engine.hang), if one did."""
        return self.ctx.guard.take() if self.ctx.guard is not None else None

    def _late_hang(self, state: CaseState) -> None:
        """The case fails for a page or frame that stopped answering after its last step."""
        late = self._hung()
        if late is not None:
            state.worsen("failed", late, RootCause("step_failed", message=late))

    def _unanswered(self, outcome: StepOutcome) -> StepOutcome:
        """`outcome`, failed if a page or frame stopped answering meanwhile (engine.hang):
        whatever else went wrong followed from that."""
        hung = self._hung()
        if hung is None:
            return outcome
        return StepOutcome("failed", tier=outcome.tier, reason=hung)

    def _asserts(self, case: Case, state: CaseState) -> None:
        for expect in case.expects:
            if self.ctx.halt_reason is not None:
                # The run is stopping (the model budget ran out in an earlier assertion).
                state.asserts.append(
                    AssertReport(
                        expect.id, self._mask(expect.assertion) or "", None, "skipped"
                    )
                )
                continue
            if self.ctx.deadline.expired:
                reason = self._timed_out_reason()
                state.timed_out = True
                state.worsen(
                    "broken",
                    reason,
                    RootCause("timed_out", assert_id=expect.id, message=reason),
                )
                state.asserts.append(
                    AssertReport(
                        expect.id, self._mask(expect.assertion) or "", None, "skipped"
                    )
                )
                continue
            usage_before = self._usage()
            result = evaluate_expect(self.ctx, expect, case_id=case.id)
            hung = self._hung()
            if hung is not None:
                result = dataclasses.replace(result, verdict="failed", reason=hung)
            used = self._usage() - usage_before
            self._record_assert(case, expect, result, state, used)

    def _record_assert(
        self,
        case: Case,
        expect: Expect,
        result: CheckResult,
        state: CaseState,
        used: ModelUsage,
    ) -> None:
        ctx = self.ctx
        report = AssertReport(
            id=expect.id,
            text=self._mask(expect.assertion) or "",
            check=ctx.masker.mask_data(result.check) if result.check else None,
            verdict=result.verdict,
            expected=self._mask(result.expected),
            observed=self._mask(result.observed),
            reason=self._mask(result.reason),
            judged_by=result.judged_by,
        )
        state.asserts.append(report)
        ctx.emitter.emit(
            "assert",
            case_id=case.id,
            step_id=expect.id,
            text=expect.assertion,
            check=result.check,
            verdict=result.verdict,
            expected=result.expected,
            observed=result.observed,
            reason=result.reason,
            judged_by=result.judged_by,
            model=used.to_dict() if used.calls else None,
        )
        if result.verdict == "passed":
            return
        self._shot(
            case,
            f"{expect.id}-{result.verdict}",
            result.reason or expect.assertion,
            state,
            about=expect.id,
        )
        kind = result.check.get("kind") if result.check else None
        message = (
            result.reason or f"expected {result.expected}, observed {result.observed}"
        )
        state.worsen(
            "failed" if result.verdict == "failed" else "broken",
            self._mask(
                f"assertion {expect.id} {result.verdict}: {expect.assertion} ({message})"
            ),
            RootCause(
                "assertion_failed" if result.verdict == "failed" else "step_broken",
                assert_id=expect.id,
                check=str(kind) if kind else None,
                expected=self._mask(result.expected),
                observed=self._mask(result.observed),
                message=self._mask(message),
            ),
        )

    def _captures(self, case: Case, state: CaseState) -> None:
        ctx = self.ctx
        for capture in case.captures:
            usage_before = self._usage()
            result = run_capture(ctx, capture, case_id=case.id)
            used = self._usage() - usage_before
            if result.status == "captured" and result.value is not None:
                if capture.name in ctx.secret_names:
                    ctx.masker.add(result.value)
                ctx.variables.set(capture.name, result.value)
            report = CaptureReport(
                capture.name,
                self._mask(result.value),
                result.status,
                self._mask(result.reason),
            )
            state.captures.append(report)
            ctx.emitter.emit(
                "capture",
                case_id=case.id,
                step_id=capture.name,
                name=capture.name,
                value=result.value,
                status=result.status,
                reason=result.reason,
                model=used.to_dict() if used.calls else None,
            )
            if result.status != "captured":
                self._shot(
                    case,
                    f"capture-{safe_name(capture.name)}",
                    result.reason or "",
                    state,
                    about=capture.name,
                )
                state.worsen(
                    "failed" if result.status == "failed" else "broken",
                    self._mask(f"capture {capture.name}: {result.reason}"),
                    RootCause(
                        "capture_failed",
                        step_id=capture.name,
                        message=self._mask(result.reason),
                    ),
                )


def _drop_lost_shots(state: CaseState, lost: set[str]) -> None:
    """Forget screenshots whose capture failed after the step (the page went away)."""
    if not lost:
        return
    state.shots = [s for s in state.shots if s.path not in lost]
    state.steps = [
        dataclasses.replace(s, shot=None) if s.shot in lost else s for s in state.steps
    ]
