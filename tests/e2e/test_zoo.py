"""The widget zoo in real Chromium: every pattern and markup passes without a model, cold and warm.

Each zoo case asserts the effect of what it did (a status line, a row gone, a value shown), so a
step that "passes" while nothing happened fails here. benchmarks/grounding_bench.py prints the
same runs as a table.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import ZOO, run_suite, serve_site, zoo_suites

pytestmark = pytest.mark.browser

PATTERNS = sorted(
    p.name.removesuffix(".tripwire.yaml") for p in ZOO.glob("*.tripwire.yaml")
)


@pytest.fixture(scope="module")
def zoo_url() -> Iterator[str]:
    with serve_site() as url:
        yield url


@pytest.mark.parametrize("pattern", PATTERNS)
def test_zoo_pattern_passes_by_grammar_then_replays_from_the_cache(
    pattern: str, zoo_url: str, tmp_path: Path
) -> None:
    suite = next(s for s in zoo_suites(zoo_url) if s.id == f"zoo-{pattern}")
    assert {c.id for c in suite.cases} >= {"plain", "aria", "soup"}
    cache = engine.MemoryActionCache()
    cold = run_suite(suite, tmp_path, cache, tag="cold")
    failures = {c.id: c.reason for c in cold.cases if c.status != "passed"}
    assert not failures, failures
    assert all(s.tier in (None, "grammar") for c in cold.cases for s in c.steps)
    warm = run_suite(suite, tmp_path, cache, tag="warm")
    failures = {c.id: c.reason for c in warm.cases if c.status != "passed"}
    assert not failures, failures
    acted = [s for c in warm.cases for s in c.steps if s.tier is not None]
    assert acted and all(s.tier == "cache" and not s.healed for s in acted)
    assert cold.model_usage.calls == warm.model_usage.calls == 0
