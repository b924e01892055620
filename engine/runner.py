"""`execute`: one run of one suite in one browser context."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from engine import grammar
from engine.artifacts import Artifacts, Tracer
from engine.browser import (
    BrowserKeeper,
    BrowserUnavailable,
    launch,
    start_playwright,
)
from engine.cache import ActionCache
from engine.case_runner import CaseRunner
from engine.context import Deadline, RunContext
from engine.events import Emitter, NullReporter, Reporter, utc_now
from engine.fixtures import FixtureError, generate_all, secret_fixture_names
from engine.hang import HangGuard
from engine.login import LoginFailed, perform_login
from engine.masking import Masker
from engine.model_hook import load_model_tier
from engine.report import CaseReport, ModelUsage, RootCause, RunReport, run_status
from engine.spec import Case, RunRequest
from engine.variables import (
    EnvError,
    UnknownVariable,
    Variables,
    collect_secrets,
    resolve_env,
)
from engine.waiting import visible_text
from engine.watch import PageWatcher

log = logging.getLogger(__name__)
# What test-url prints of the page a run ended on.
FINAL_TEXT_LIMIT = 800


@dataclass
class _Setup:
    variables: Variables
    masker: Masker
    secret_names: set[str]
    base_url: str


def select_cases(
    cases: Sequence[Case], wanted: Sequence[str]
) -> tuple[list[Case], list[str]]:
    """The requested cases plus everything they depend on, in file order; unknown ids listed."""
    by_id = {c.id: c for c in cases}
    unknown = [w for w in wanted if w not in by_id]
    if not wanted:
        return list(cases), unknown
    needed: set[str] = set()
    stack = [w for w in wanted if w in by_id]
    while stack:
        case_id = stack.pop()
        if case_id in needed:
            continue
        needed.add(case_id)
        stack.extend(d for d in by_id[case_id].depends_on if d in by_id)
    return [c for c in cases if c.id in needed], unknown


def _prepare(request: RunRequest) -> _Setup:
    """Env, fixtures, secrets and the base URL; raises on anything that stops the run at start."""
    suite = request.suite
    environ = request.environ if request.environ is not None else os.environ
    env_values, env_secrets = resolve_env(suite.env, environ)
    fixtures = generate_all(suite.fixtures)
    variables = Variables(
        values={**env_values, **fixtures},
        generators={f.name: f.gen for f in suite.fixtures},
    )
    extra = [request.login.password] if request.login else []
    masker, watch = collect_secrets(
        suite,
        variables,
        secret_fixture_names=secret_fixture_names(suite.fixtures),
        env_secrets=env_secrets,
        extra=extra,
    )
    base_url = variables.interpolate(suite.base_url, where="base_url")
    return _Setup(variables, masker, watch, base_url)


def _skipped(case: Case, reason: str) -> CaseReport:
    return CaseReport(
        id=case.id, title=case.title, tags=case.tags, status="skipped", reason=reason
    )


def _timed_out(case: Case, reason: str) -> CaseReport:
    return CaseReport(
        id=case.id,
        title=case.title,
        tags=case.tags,
        status="broken",
        reason=reason,
        root_cause=RootCause("timed_out", message=reason),
    )


def _final_page(ctx: RunContext) -> dict[str, str] | None:
    """The URL and the start of the visible text of the page the run ended on (test-url shows
    them); None when the page is gone or will not answer."""
    try:
        if ctx.page.is_closed():
            return None
        text = visible_text(ctx.page).strip()[:FINAL_TEXT_LIMIT]
        return {"url": ctx.masker.mask(ctx.page.url), "text": ctx.masker.mask(text)}
    except PlaywrightError as exc:
        log.info("could not read the final page: %s", str(exc)[:200])
        return None


def _broken(case: Case, reason: str) -> CaseReport:
    """A case the run could not start (see RootCause `setup_failed`)."""
    return CaseReport(
        id=case.id,
        title=case.title,
        tags=case.tags,
        status="broken",
        reason=reason,
        root_cause=RootCause("setup_failed", message=reason),
    )


class _Run:
    def __init__(
        self,
        request: RunRequest,
        reporter: Reporter,
        cache: ActionCache | None,
        keeper: BrowserKeeper | None = None,
    ) -> None:
        self.request = request
        self.reporter = reporter
        self.cache = cache
        self.keeper = keeper
        self.started_at = utc_now()
        self.started = time.monotonic()
        self.deadline = Deadline(request.timeout_s)
        self.masker = Masker()
        self.emitter = Emitter(
            reporter,
            self.masker,
            stop=keeper.interrupted.is_set if keeper is not None else None,
        )
        self.reports: list[CaseReport] = []
        self.reason: str | None = None
        self.cancelled = False
        self.usage = ModelUsage()
        self.final_page: dict[str, str] | None = None

    def finish(self) -> RunReport:
        status = run_status([r.status for r in self.reports], cancelled=self.cancelled)
        if not self.reports and self.reason:
            # Nothing could run at all (an unknown case id, say): that is not "skipped".
            status = "broken"
        report = RunReport(
            run_id=self.request.run_id,
            suite_id=self.request.suite.id,
            suite_name=self.request.suite.name,
            suite_file=self.request.suite.file,
            started_at=self.started_at,
            finished_at=utc_now(),
            duration_ms=int((time.monotonic() - self.started) * 1000),
            status=status,
            cases=tuple(self.reports),
            reason=self.masker.mask(self.reason) if self.reason else None,
            model_usage=self.usage,
            final_page=self.final_page,
            artifacts_dir=self.request.artifacts_dir,
        )
        self.emitter.emit(
            "done",
            status=report.status,
            counts=report.counts,
            duration_ms=report.duration_ms,
            heals=report.heals,
            reason=report.reason,
            model_usage=report.model_usage.to_dict(),
        )
        return report

    def _break_all(self, cases: list[Case], reason: str) -> RunReport:
        """Something stops the run before any case can start: every case is broken."""
        self.reason = reason
        self.emitter.emit("log", level="error", message=reason)
        self.reports = [_broken(c, reason) for c in cases]
        return self.finish()

    def run(self) -> RunReport:
        cases, unknown = select_cases(self.request.suite.cases, self.request.case_ids)
        if unknown:
            return self._break_all(
                cases, "no such case in the suite: " + ", ".join(unknown)
            )
        try:
            setup = _prepare(self.request)
        except (EnvError, FixtureError, UnknownVariable) as exc:
            return self._break_all(cases, str(exc))
        self.masker = setup.masker
        self.emitter.masker = setup.masker
        try:
            artifacts = Artifacts(self.request.artifacts_dir, setup.masker)
        except OSError as exc:
            return self._break_all(
                cases, f"cannot write artifacts to {self.request.artifacts_dir}: {exc}"
            )
        try:
            self._with_browser(cases, setup, artifacts)
        except BrowserUnavailable as exc:
            self.reason = str(exc)
            self.emitter.emit("log", level="error", message=self.reason)
            done = {r.id for r in self.reports}
            self.reports += [_broken(c, self.reason) for c in cases if c.id not in done]
        return self.finish()

    def _with_browser(
        self, cases: list[Case], setup: _Setup, artifacts: Artifacts
    ) -> None:
        request = self.request
        keeper = self.keeper
        if keeper is not None and keeper.owned_here():
            # execute() brought this run onto the keeper's thread.
            browser = keeper.acquire(request.browser)
            try:
                self._in_browser(browser, cases, setup, artifacts)
            except BaseException:
                # Whatever broke the run may have left the browser in a bad state.
                keeper.discard()
                raise
            return
        with start_playwright() as playwright:
            browser = launch(playwright, request.browser)
            try:
                self._in_browser(browser, cases, setup, artifacts)
            finally:
                # The browser never outlives its run, whatever ended it.
                try:
                    browser.close()
                except Exception as exc:
                    log.warning("closing the browser failed: %s", exc)

    def _in_browser(
        self, browser: Browser, cases: list[Case], setup: _Setup, artifacts: Artifacts
    ) -> None:
        """The run in a fresh context of `browser`; the context is closed when it ends."""
        request = self.request
        context = browser.new_context(
            viewport={
                "width": request.browser.viewport_width,
                "height": request.browser.viewport_height,
            },
            accept_downloads=False,
        )
        try:
            context.set_default_timeout(request.step_timeout_ms)
            page = context.new_page()
            ctx = RunContext(
                request=request,
                page=page,
                browser_context=context,
                watcher=PageWatcher(page),
                variables=setup.variables,
                masker=setup.masker,
                emitter=self.emitter,
                deadline=self.deadline,
                base_url=setup.base_url,
                artifacts_dir=request.artifacts_dir,
                cache=self.cache,
                model=load_model_tier(request.model),
                secret_names=setup.secret_names,
            )
            if request.model is not None and ctx.model is None:
                self.emitter.emit(
                    "log",
                    level="warning",
                    message="a model is configured but this build has no model tier",
                )
            ctx.before_action = artifacts.flush
            ctx.guard = HangGuard(context, step_timeout_ms=request.step_timeout_ms)
            ctx.guard.watch(page)
            tracer = Tracer(context, setup.masker, enabled=request.trace)
            tracer.start()
            try:
                self._cases(ctx, cases, artifacts, tracer)
                self.final_page = _final_page(ctx)
            finally:
                ctx.guard.close()
                artifacts.flush()
                tracer.stop()
                self.usage = ModelUsage(
                    ctx.model_calls, ctx.prompt_tokens, ctx.completion_tokens
                )
        finally:
            try:
                context.close()
            except Exception as exc:
                log.warning("closing the browser context failed: %s", exc)

    def _first_navigation(self, ctx: RunContext, cases: list[Case]) -> None:
        """Start at base_url unless the first step opens a page itself."""
        first = next((c.steps[0] for c in cases if c.steps), None)
        intent = grammar.first_intent(first.do) if first is not None else None
        if intent is not None and intent.kind == "goto":
            return
        ctx.page.goto(
            ctx.base_url, timeout=ctx.deadline.cap(self.request.navigation_timeout_ms)
        )

    def _cases(
        self, ctx: RunContext, cases: list[Case], artifacts: Artifacts, tracer: Tracer
    ) -> None:
        try:
            if self.request.login is not None:
                perform_login(ctx, self.request.login)
            else:
                self._first_navigation(ctx, cases)
        except LoginFailed as exc:
            self.reason = str(exc)
            self.emitter.emit("log", level="error", message=self.reason)
            self.reports = [_broken(c, self.reason) for c in cases]
            return
        except Exception as exc:
            self.reason = f"could not open {ctx.base_url}: {str(exc).splitlines()[0]}"
            self.emitter.emit("log", level="error", message=self.reason)
            self.reports = [_broken(c, self.reason) for c in cases]
            return
        runner = CaseRunner(ctx, artifacts, tracer)
        statuses: dict[str, str] = {}
        stopped: str | None = None
        timed_out_case = False
        for case in cases:
            if stopped is None and self.emitter.should_stop():
                stopped = "cancelled"
            if stopped is None and self.deadline.expired:
                stopped = "timed_out"
                self.reason = f"run timed out after {self.deadline.timeout_s:g} s"
            if stopped is not None:
                if stopped == "timed_out" and not timed_out_case:
                    # The run ran out before this case began: the timeout broke this one.
                    timed_out_case = True
                    self.reports.append(
                        _timed_out(case, self.reason or "run timed out")
                    )
                    continue
                why = (
                    "cancelled"
                    if stopped == "cancelled"
                    else f"not started: {self.reason}"
                )
                self.reports.append(_skipped(case, why))
                continue
            unmet = [d for d in case.depends_on if statuses.get(d) != "passed"]
            if unmet:
                listed = ", ".join(f"{d} ({statuses.get(d, 'not run')})" for d in unmet)
                report = _skipped(case, f"depends on {listed}")
                self.emitter.emit(
                    "case_start",
                    case_id=case.id,
                    title=case.title,
                    tags=list(case.tags),
                )
                self.emitter.emit(
                    "case_end",
                    case_id=case.id,
                    status="skipped",
                    duration_ms=0,
                    reason=report.reason,
                )
            else:
                report = runner.run(case)
                if runner.stopped is not None:
                    stopped = runner.stopped
                    timed_out_case = stopped == "timed_out"
                    if stopped == "timed_out":
                        self.reason = (
                            f"run timed out after {self.deadline.timeout_s:g} s"
                        )
                    elif stopped == "halted":
                        self.reason = ctx.halt_reason
                        self.emitter.emit(
                            "log",
                            case_id=case.id,
                            level="error",
                            message=f"the run stops: {ctx.halt_reason}",
                        )
            statuses[case.id] = report.status
            self.reports.append(report)
        self.cancelled = stopped == "cancelled"


def execute(
    request: RunRequest,
    *,
    reporter: Reporter | None = None,
    cache: ActionCache | None = None,
    browsers: BrowserKeeper | None = None,
) -> RunReport:
    """Run `request.suite` (or `request.case_ids`) in one Chromium context and report.

    Never raises for anything the suite or the app under test does (those become broken or
    failed cases); exceptions from the reporter and KeyboardInterrupt propagate after the browser
    has been closed. With `browsers`, the run executes on the keeper's thread in a fresh context
    of the browser it keeps (launched on first use) instead of launching and closing its own.
    """
    run = _Run(request, reporter or NullReporter(), cache, browsers)
    if browsers is not None and browsers.owned_here():
        return browsers.call(run.run)
    return run.run()
