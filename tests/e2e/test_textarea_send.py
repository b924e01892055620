"""A text area's words are sent by its button: "Add a comment 'Nice work'" clicks the form's
"Post" (Enter in a text area starts a new line and submits nothing), "Add a message 'Hello'"
the chat box's "Send" — the button nearest the field, not "Add to favourites" elsewhere on
the page. In a run, and in the exports cold and from the cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import run_suite, serve_site
from engine.spec import Check, Expect
from tests.e2e.conftest import one_case

pytestmark = pytest.mark.browser

STEPS = [
    "Open /comments.html",
    "Add a comment 'Nice work'",
    "Add a message 'Hello there'",
]
EXPECTS = [
    Expect("posted", "The comments list has 1 comment"),
    Expect("sent", "There is 1 message"),
    Expect(
        "words",
        "the comment's words",
        check=Check(kind="visible_text", contains="Nice work"),
    ),
    Expect(
        "not favourites",
        "nothing else was pressed",
        check=Check(kind="absent_text", any_of=("Added to favourites",)),
    ),
]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_site() as url:
        yield url


def test_a_text_areas_words_are_sent_by_its_button(site: str, tmp_path: Path) -> None:
    cache = engine.MemoryActionCache()
    report = run_suite(one_case(site, STEPS, EXPECTS), tmp_path, cache, tag="cold")
    case = report.cases[0]
    assert case.status == "passed", [
        (a.id, a.observed) for a in case.asserts if a.verdict != "passed"
    ]
    sent = [
        action.kind
        for key, entry in cache.entries()
        if key.step_id in ("s2", "s3")
        for action in entry.actions
    ]
    assert sent == ["fill", "click", "fill", "click"]


def test_a_one_line_field_still_takes_enter(site: str, tmp_path: Path) -> None:
    """A to-do list's input has no button: Enter, as before."""
    steps = ["Open /zoo/todo.html?m=plain", "Add a todo 'Buy milk'"]
    cache = engine.MemoryActionCache()
    report = run_suite(
        one_case(site, steps, [Expect("one", "There is 1 todo")]),
        tmp_path,
        cache,
        tag="cold",
    )
    assert report.status == "passed", report.cases[0].reason
    [(_, entry)] = [(k, e) for k, e in cache.entries() if k.step_id == "s2"]
    assert [(a.kind, a.key) for a in entry.actions] == [
        ("fill", None),
        ("press", "Enter"),
    ]


@pytest.mark.slow
def test_exported_sends_pass_cold_and_from_the_cache(site: str, tmp_path: Path) -> None:
    from benchmarks.playwright_runner import run_spec, runner_problem
    from engine import compile_suite
    from engine.export.compiler import lookup_from

    problem = runner_problem()
    if problem:
        pytest.skip(problem)
    suite = one_case(site, STEPS, EXPECTS, title="sends")
    cache = engine.MemoryActionCache()
    assert run_suite(suite, tmp_path / "run", cache, tag="cold").status == "passed"
    lookup = lookup_from(
        (key.case_id, key.step_id, key.step_text, action)
        for key, action in cache.entries()
    )
    for name, spec in (
        ("cold", compile_suite(suite)),
        ("cached", compile_suite(suite, cache=lookup)),
    ):
        run = run_spec(spec, site, tmp_path / name)
        assert run.statuses.get("sends") == "passed", (name, run.output[-3000:])
