"""Shared helpers for engine tests in real Chromium: servers on port 0, suites, process counts."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import engine
from engine import grammar
from engine.report import CaseReport
from engine.spec import Case, Expect, Step, SuiteSpec
from suites.schema import parse_suite
from tests.fakes.server import serving

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(__file__).resolve().parent / "site"
EXAMPLES = ROOT / "examples" / "suites"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


def assert_grammar_then_cache(
    suite: SuiteSpec, workdir: Path
) -> engine.MemoryActionCache:
    """`suite` passes with an empty cache, every step grounded by the grammar, then again from
    that cache, every step replayed (a step naming a place, "the second 'Quantity' field", is
    grounded afresh each run: the grammar's again); no model call either time. Returns the
    cache."""
    from benchmarks.grounding_bench import run_suite

    cache = engine.MemoryActionCache()
    cold = run_suite(suite, workdir, cache, tag="cold")
    failures = {c.id: c.reason for c in cold.cases if c.status != "passed"}
    assert not failures, failures
    assert all(s.tier in (None, "grammar") for c in cold.cases for s in c.steps)
    warm = run_suite(suite, workdir, cache, tag="warm")
    failures = {c.id: c.reason for c in warm.cases if c.status != "passed"}
    assert not failures, failures
    acted = [s for c in warm.cases for s in c.steps if s.tier is not None]
    assert acted and not any(s.healed for s in acted)
    tiers = {s.text: s.tier for s in acted}
    assert tiers == {
        s.text: "grammar" if grounded_each_run(s.text) else "cache" for s in acted
    }
    assert cold.model_usage.calls == warm.model_usage.calls == 0
    return cache


def assert_exports_pass(
    suite: SuiteSpec, base_url: str, tmp_path: Path
) -> dict[str, engine.ExportedSpec]:
    """`suite` runs from the grammar, then from its cache (`assert_grammar_then_cache`), and is
    exported from that cache and cold: each spec compiles every step and passes under
    @playwright/test. The specs by name ("cached", "cold")."""
    from benchmarks.playwright_runner import run_spec, runner_problem

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    cache = assert_grammar_then_cache(suite, tmp_path / "runs")
    lookup = engine.lookup_from(
        (key.case_id, key.step_id, key.step_text, action)
        for key, action in cache.entries()
    )
    specs = {
        "cached": engine.compile_suite(suite, cache=lookup),
        "cold": engine.compile_suite(suite),
    }
    for name, spec in specs.items():
        assert spec.todo == (), (name, spec.todo)
        run = run_spec(spec, base_url, tmp_path / name)
        for case in suite.cases:
            assert run.statuses.get(case.title) == "passed", (
                name,
                case.id,
                run.output[-3000:],
            )
    return specs


def grounded_each_run(text: str) -> bool:
    """Whether the step names a place ("the second 'Quantity' field"), never replayed."""
    intent = grammar.parse(text)
    return intent is not None and intent.by_place


VENDOR = ROOT / "e2e" / "node_modules"


class _SiteAndVendorHandler(_QuietHandler):
    """tests/e2e/site, and the npm packages of e2e/ under /vendor/ (third-party widgets)."""

    def translate_path(self, path: str) -> str:
        if path.startswith("/vendor/"):
            inner = super().translate_path(path.removeprefix("/vendor"))
            return str(VENDOR / Path(inner).relative_to(SITE))
        return super().translate_path(path)


@pytest.fixture(scope="module")
def libraries_url() -> Iterator[str]:
    """tests/e2e/site with the widget libraries of e2e/package.json under /vendor/."""
    if not (VENDOR / "flatpickr").is_dir():
        pytest.skip("the widget libraries are not installed: run `npm ci` in e2e/")
    handler = functools.partial(_SiteAndVendorHandler, directory=str(SITE))
    with serving(handler) as url:
        yield url


@pytest.fixture
def site_url() -> Iterator[str]:
    """tests/e2e/site served by http.server on a port the OS picks."""
    with serving(functools.partial(_QuietHandler, directory=str(SITE))) as url:
        yield url


def suite_file(path: Path, base_url: str) -> SuiteSpec:
    """The suite in `path`, pointed at `base_url`."""
    suite = parse_suite(path.read_text(encoding="utf-8"), file=path.name).suite
    return dataclasses.replace(suite, base_url=base_url)


def example_suite(name: str, base_url: str) -> SuiteSpec:
    return suite_file(EXAMPLES / f"{name}.tripwire.yaml", base_url)


def one_case(
    base_url: str,
    steps: Sequence[str | Step],
    expects: Sequence[Expect] | None = None,
    **case: Any,
) -> SuiteSpec:
    built = tuple(
        s if isinstance(s, Step) else Step(id=f"s{i + 1}", do=s)
        for i, s in enumerate(steps)
    )
    return SuiteSpec(
        name="e2e",
        id="e2e",
        base_url=base_url,
        cases=(
            Case(
                id=case.pop("id", "c1"),
                title=case.pop("title", "case"),
                steps=built,
                expects=tuple(expects or ()),
                **case,
            ),
        ),
    )


def request_for(
    suite: SuiteSpec, tmp_path: Path, **overrides: Any
) -> engine.spec.RunRequest:
    values: dict[str, Any] = {
        "run_id": "run-1",
        "suite": suite,
        "artifacts_dir": tmp_path / "artifacts",
        "step_timeout_ms": 4000,
        "assert_timeout_ms": 2000,
    }
    values.update(overrides)
    return engine.spec.RunRequest(**values)


def assert_passes_and_exports(
    base_url: str, steps: Sequence[str | Step], tmp_path: Path
) -> dict[str, engine.ExportedSpec]:
    """The steps pass as one case (no cache, no model), and its cached and cold exports pass
    under @playwright/test (`assert_exports_pass`); the specs by name."""
    case = run_case(base_url, steps, tmp_path)
    assert case.status == "passed", case.reason
    return assert_exports_pass(one_case(base_url, steps), base_url, tmp_path / "export")


def run_case(
    base_url: str, steps: Sequence[str | Step], tmp_path: Path, **overrides: Any
) -> CaseReport:
    """The report of one case of `steps` run against `base_url` (no cache, no model);
    `overrides` set the request's fields (`step_timeout_ms=1000`)."""
    request = request_for(one_case(base_url, steps), tmp_path, **overrides)
    return engine.execute(request).cases[0]


def descendants(root: int) -> dict[int, str]:
    """The processes below `root` (children, grandchildren...), with their command lines."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            raw = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        commands[int(proc.name)] = raw.replace(b"\0", b" ").decode(errors="replace")
        parents[int(proc.name)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    found: dict[int, str] = {}
    for pid, command in commands.items():
        node = pid
        for _ in range(50):
            node = parents.get(node, 0)
            if node == root:
                found[pid] = command
                break
            if node <= 1:
                break
    return found


def chromium_processes() -> int:
    """Chromium processes descended from this test process (other workers' browsers ignored)."""
    return sum("chrom" in command for command in descendants(os.getpid()).values())


def traced_calls(trace_zip: Path) -> list[str]:
    """The Playwright calls a trace zip recorded, in order (their `method` names)."""
    calls: list[str] = []
    with zipfile.ZipFile(trace_zip) as archive:
        for name in archive.namelist():
            if name.endswith(".trace"):
                for line in archive.read(name).decode().splitlines():
                    event = json.loads(line)
                    if event.get("type") == "before":
                        calls.append(str(event.get("method")))
    return calls


def export_false_claims(
    base_url: str, opening: Step, claims: Iterable[str], specs: Path
) -> None:
    """One exported spec per false claim, each titled "false: <claim>": in one serial describe
    a failure would skip the cases after it."""
    from engine import compile_suite

    specs.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(claims):
        case = Case(
            id="false",
            title=f"false: {text}",
            steps=(opening,),
            expects=(Expect("a1", text),),
        )
        alone = SuiteSpec(
            name=f"claim {i}", id=f"claim-{i}", base_url=base_url, cases=(case,)
        )
        exported = compile_suite(alone)
        (specs / exported.filename).write_text(exported.text)


def assert_claims_hold(
    base_url: str, opening: str, claims: Sequence[str], tmp_path: Path
) -> None:
    """Each claim passes as a check-less assertion, and again as a "Verify …" step that the
    grammar reads (no model)."""
    expects = [Expect(f"a{i}", text) for i, text in enumerate(claims)]
    report = engine.execute(
        request_for(one_case(base_url, [opening], expects), tmp_path / "a")
    )
    assert report.status == "passed", [
        (a.text, a.observed) for a in report.cases[0].asserts if a.verdict != "passed"
    ]
    steps = [
        opening,
        *(
            t if t.startswith("Verify") else f"Verify {t[0].lower()}{t[1:]}"
            for t in claims
        ),
    ]
    report = engine.execute(request_for(one_case(base_url, steps, []), tmp_path / "s"))
    assert report.status == "passed", report.cases[0].reason
    assert {s.tier for s in report.cases[0].steps} == {"grammar"}


def judged_claims(
    base_url: str, opening: str, claims: Iterable[str], tmp_path: Path
) -> tuple[dict[str, tuple[str, str | None, str | None]], engine.RunReport]:
    """Each claim as a check-less assertion after `opening`: its verdict, what it expected and
    what it saw, by its text (and the run's report)."""
    expects = [Expect(f"a{i}", text) for i, text in enumerate(claims)]
    report = engine.execute(
        request_for(
            one_case(base_url, [opening], expects), tmp_path, assert_timeout_ms=500
        )
    )
    seen: dict[str, tuple[str, str | None, str | None]] = {
        a.text: (a.verdict, a.expected, a.observed) for a in report.cases[0].asserts
    }
    return seen, report


def assert_claims_fail(
    base_url: str,
    opening: str,
    false: dict[str, tuple[str, str]],
    tmp_path: Path,
) -> None:
    """Each claim fails as a check-less assertion, saying what it expected and (among what it
    says it saw) what the page showed."""
    seen, _ = judged_claims(base_url, opening, false, tmp_path)
    for text, (expected, observed) in false.items():
        verdict, said, saw = seen[text]
        assert verdict == "failed", (text, seen[text])
        assert said == expected and observed in (saw or ""), (text, seen[text])


def assert_steps_pass_and_claims_fail(
    base_url: str,
    steps: Sequence[str],
    opening: str,
    false: dict[str, str],
    tmp_path: Path,
) -> None:
    """The steps pass, each read by the grammar; after `opening`, each false claim fails as an
    assertion, saying (among what it saw) what the page showed."""
    report = engine.execute(request_for(one_case(base_url, steps), tmp_path / "a"))
    case = report.cases[0]
    assert case.status == "passed", case.reason
    assert {s.tier for s in case.steps} == {"grammar"}
    seen, _ = judged_claims(base_url, opening, false, tmp_path / "b")
    for text, observed in false.items():
        verdict, _, saw = seen[text]
        assert verdict == "failed", (text, seen[text])
        assert observed in (saw or ""), (text, seen[text])


def assert_exported_claims(
    base_url: str,
    opening: str,
    true: Sequence[str],
    steps: Sequence[str],
    false: Iterable[str],
    tmp_path: Path,
) -> None:
    """The cold export under @playwright/test: the true claims pass as assertions, the steps
    after `opening` pass, and each false claim fails a spec of its own."""
    from benchmarks.playwright_runner import run_spec, runner_problem
    from engine import compile_suite

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    opened = Step("s0", opening)
    cases = (
        Case(
            id="true",
            title="true claims",
            steps=(opened,),
            expects=tuple(Expect(f"a{i}", text) for i, text in enumerate(true)),
        ),
        Case(
            id="steps",
            title="claims as steps",
            steps=(opened, *(Step(f"s{i + 1}", s) for i, s in enumerate(steps))),
        ),
    )
    false = list(false)
    export_false_claims(base_url, opened, false, tmp_path / "specs")
    spec = compile_suite(
        SuiteSpec(name="claims", id="claims", base_url=base_url, cases=cases)
    )
    assert spec.todo == ()
    run = run_spec(spec, base_url, tmp_path)
    assert run.statuses.get("true claims") == "passed", run.output[-3000:]
    assert run.statuses.get("claims as steps") == "passed", run.output[-3000:]
    for text in false:
        assert run.statuses.get(f"false: {text}") in ("failed", "timedOut"), (
            text,
            run.output[-3000:],
        )
