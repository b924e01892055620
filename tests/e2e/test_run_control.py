"""Cancel, timeout, exceptions, dependencies, subsets, login: and the browser always closes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import engine
from demo.server import start_demo
from engine.events import Event
from engine.spec import BrowserOptions, Case, Check, Expect, Login, Step, SuiteSpec
from tests.e2e.conftest import chromium_processes, one_case, request_for

pytestmark = pytest.mark.browser


class StopAfter(engine.CollectingReporter):
    """Asks the run to stop once a given step has been carried out."""

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id

    def emit(self, event: Event) -> None:
        super().emit(event)
        if event.type == "action" and event.step_id == self.step_id:
            self.stop()


class Explode(engine.CollectingReporter):
    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def emit(self, event: Event) -> None:
        super().emit(event)
        if event.type == "step_start" and event.step_id == "s2":
            raise self.error


def two_cases(base_url: str) -> SuiteSpec:
    first = Case(
        id="first",
        title="first",
        steps=(
            Step("s1", "Open /widgets.html"),
            Step("s2", "Click 'Twice'"),
            Step("s3", "Click 'Load more'"),
            Step("s4", "Wait for 'Loaded'"),
        ),
    )
    second = Case(id="second", title="second", steps=(Step("s1", "Open /page2.html"),))
    return SuiteSpec(name="two", id="two", base_url=base_url, cases=(first, second))


def test_cancel_between_steps_ends_the_run_cancelled(
    site_url: str, tmp_path: Path
) -> None:
    reporter = StopAfter("s2")
    report = engine.execute(
        request_for(two_cases(site_url), tmp_path), reporter=reporter
    )
    assert report.status == "cancelled"
    first, second = report.cases
    assert [s.status for s in first.steps] == ["passed", "passed", "skipped", "skipped"]
    assert first.status == "skipped" and first.reason == "cancelled"
    assert second.status == "skipped"
    assert reporter.events[-1].type == "done"
    assert reporter.events[-1].data["status"] == "cancelled"
    assert report.exit_code == 2
    assert chromium_processes() == 0


def test_run_timeout_breaks_the_current_case_and_skips_the_rest(
    site_url: str, tmp_path: Path
) -> None:
    suite = two_cases(site_url)
    slow = Case(
        id="first",
        title="first",
        steps=(Step("s1", "Open /widgets.html"), Step("s2", "Click 'Never there'")),
    )
    suite = SuiteSpec(
        name="two", id="two", base_url=site_url, cases=(slow, suite.cases[1])
    )
    started = time.monotonic()
    report = engine.execute(
        request_for(suite, tmp_path, timeout_s=1.5, step_timeout_ms=30_000)
    )
    elapsed = time.monotonic() - started
    assert elapsed < 15  # the 30 s step wait was cut short
    first, second = report.cases
    assert first.status == "broken"
    assert first.reason is not None and "run timed out after 1.5 s" in first.reason
    assert first.root_cause is not None and first.root_cause.kind == "timed_out"
    assert second.status == "skipped"
    assert second.reason == "not started: run timed out after 1.5 s"
    assert report.status == "broken"
    assert chromium_processes() == 0


def test_browser_closes_when_the_reporter_raises(site_url: str, tmp_path: Path) -> None:
    before = chromium_processes()
    with pytest.raises(RuntimeError, match="database is gone"):
        engine.execute(
            request_for(two_cases(site_url), tmp_path),
            reporter=Explode(RuntimeError("database is gone")),
        )
    assert chromium_processes() == before == 0


def test_browser_closes_on_keyboard_interrupt(site_url: str, tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        engine.execute(
            request_for(two_cases(site_url), tmp_path),
            reporter=Explode(KeyboardInterrupt()),
        )
    assert chromium_processes() == 0


def test_a_chromium_process_runs_during_the_run_and_none_after(
    site_url: str, tmp_path: Path
) -> None:
    seen: list[int] = []

    def count(event: Event) -> None:
        if event.type == "step_start":
            seen.append(chromium_processes())

    report = engine.execute(
        request_for(two_cases(site_url), tmp_path),
        reporter=engine.CollectingReporter(count),
    )
    assert report.status == "passed", [(c.id, c.reason) for c in report.cases]
    assert min(seen) > 0
    assert chromium_processes() == 0


def test_missing_os_variable_breaks_the_run_before_a_browser_starts(
    site_url: str, tmp_path: Path
) -> None:
    suite = SuiteSpec(
        **{
            **one_case(site_url, ["Open /widgets.html"]).__dict__,
            "env": {"TOKEN": "${TW_UNSET_VAR}"},
        }
    )
    reporter = engine.CollectingReporter()
    report = engine.execute(request_for(suite, tmp_path, environ={}), reporter=reporter)
    assert report.status == "broken"
    assert report.reason is not None and "TW_UNSET_VAR" in report.reason
    assert report.cases[0].status == "broken"
    assert [e.type for e in reporter.events] == ["log", "done"]


def test_unusable_browser_path_breaks_every_case(site_url: str, tmp_path: Path) -> None:
    request = request_for(
        two_cases(site_url),
        tmp_path,
        browser=BrowserOptions(executable_path="/nonexistent/chromium"),
    )
    report = engine.execute(request)
    assert report.status == "broken"
    assert all(c.status == "broken" for c in report.cases)
    assert report.reason is not None and "TRIPWIRE_BROWSER_PATH" in report.reason


def test_dependencies_skip_and_subsets_pull_in_prerequisites(
    site_url: str, tmp_path: Path
) -> None:
    cases = (
        Case(
            id="a",
            title="a",
            steps=(Step("s1", "Open /widgets.html"), Step("s2", "Click 'Nope'")),
        ),
        Case(
            id="b",
            title="b",
            depends_on=("a",),
            steps=(Step("s1", "Open /page2.html"),),
        ),
        Case(id="c", title="c", steps=(Step("s1", "Open /page2.html"),)),
        Case(
            id="d",
            title="d",
            depends_on=("c",),
            steps=(Step("s1", "Open /widgets.html"),),
        ),
    )
    suite = SuiteSpec(name="deps", id="deps", base_url=site_url, cases=cases)
    report = engine.execute(request_for(suite, tmp_path, step_timeout_ms=300))
    assert {c.id: c.status for c in report.cases} == {
        "a": "broken",
        "b": "skipped",
        "c": "passed",
        "d": "passed",
    }
    assert report.cases[1].reason == "depends on a (broken)"

    subset = engine.execute(request_for(suite, tmp_path / "subset", case_ids=("d",)))
    assert [c.id for c in subset.cases] == ["c", "d"]
    assert subset.status == "passed"

    unknown = engine.execute(
        request_for(suite, tmp_path / "unknown", case_ids=("zzz",))
    )
    assert unknown.status == "broken"
    assert unknown.reason is not None and "zzz" in unknown.reason


def test_deterministic_login_before_the_first_case(tmp_path: Path) -> None:
    email = f"login-{time.time_ns()}@example.com"
    password = "Known-Pass-123!"
    signup = one_case(
        "http://placeholder",
        [
            "Open /signup",
            "Enter 'Lee Login' into 'Full name'",
            Step("s3", f"Enter '{email}' into 'Email'"),
            Step("s4", f"Enter '{password}' into 'Password'", secret=True),
            "Check 'I accept the terms'",
            "Click 'Create account'",
        ],
    )
    account = one_case(
        "http://placeholder",
        ["Open /account"],
        [Expect("a1", "greeted", Check("visible_text", contains="Welcome, Lee Login"))],
    )
    with start_demo(variant="original", port=0) as shop:
        created = engine.execute(
            request_for(
                SuiteSpec(**{**signup.__dict__, "base_url": shop.url}),
                tmp_path / "signup",
            )
        )
        assert created.status == "passed", created.cases[0].reason
        suite = SuiteSpec(**{**account.__dict__, "base_url": shop.url})
        reporter = engine.CollectingReporter()
        good = engine.execute(
            request_for(
                suite, tmp_path / "good", login=Login(username=email, password=password)
            ),
            reporter=reporter,
        )
        bad = engine.execute(
            request_for(
                suite,
                tmp_path / "bad",
                login=Login(username=email, password="wrong-password-1"),
            )
        )
    assert good.status == "passed", good.cases[0].reason
    assert any(
        "logged in as" in str(e.data.get("message")) for e in reporter.of_type("log")
    )
    assert bad.status == "broken"
    assert bad.reason is not None and "login failed" in bad.reason
    assert "Invalid email or password" in bad.reason
    assert password not in str(good.to_dict()) and "wrong-password-1" not in str(
        bad.to_dict()
    )


def test_unwritable_artifacts_dir_breaks_the_run_before_a_browser_starts(
    site_url: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    report = engine.execute(
        request_for(two_cases(site_url), tmp_path, artifacts_dir=blocker / "artifacts")
    )
    assert report.status == "broken"
    assert report.reason is not None and "cannot write artifacts" in report.reason
    assert chromium_processes() == 0
