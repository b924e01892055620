"""Untrusted YAML stays within bounds: alias bombs, deep nesting, huge and binary documents."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from rest_framework.test import APIClient

from core.exceptions import InvalidYaml
from generation.openapi import SpecInvalid, load_spec
from suites.models import Suite
from suites.schema import SuiteInvalid, parse_suite
from suites.services import suite_import_dir
from suites.yaml_limits import MAX_NODES, load_bounded
from tests.suites.test_schema import VALID

ROOT = Path(__file__).resolve().parents[2]


def alias_bomb(levels: int, width: int = 10) -> str:
    """Each anchor lists the previous one `width` times: width**levels paths in < 1 kB."""
    lines = ["suite: Bomb", "id: bomb", "base_url: http://127.0.0.1", "x0: &x0 [lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*x{level - 1}"] * width)
        lines.append(f"x{level}: &x{level} [{refs}]")
    lines.append(f"cases: [{{id: a, title: A, steps: ['Open /'], tags: *x{levels}}}]")
    return "\n".join(lines) + "\n"


def _problems(text: str) -> list[str]:
    with pytest.raises(SuiteInvalid) as caught:
        parse_suite(text)
    return [problem.message for problem in caught.value.problems]


def test_an_alias_bomb_is_refused_in_bounded_memory() -> None:
    text = alias_bomb(9)  # 10^9 paths: unbounded, this exhausts any machine
    assert len(text) < 1000
    tracemalloc.start()
    try:
        messages = _problems(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert messages == [
        f"YAML refused: its aliases expand the document to more than {MAX_NODES:,} "
        "nodes, the limit"
    ]
    assert peak < 20_000_000


def test_aliases_within_the_budget_still_work() -> None:
    text = VALID.replace("cases:", "x: &tags [smoke, fast]\ncases:", 1)
    with pytest.raises(SuiteInvalid) as caught:
        parse_suite(text)
    # Only the unknown key is a problem: the anchor itself is fine.
    assert [p.path for p in caught.value.problems] == ["x"]


def test_a_recursive_alias_is_refused() -> None:
    messages = _problems("suite: R\nid: r\nbase_url: http://a\ncases: &c [*c]\n")
    assert messages == [
        "YAML refused: an alias refers to a node that contains it (a recursive alias)"
    ]


def test_deep_nesting_is_refused_before_python_recursion_fails() -> None:
    with pytest.raises(SuiteInvalid) as caught:
        parse_suite("a: " + "[" * 20_000 + "]" * 20_000)
    problem = caught.value.problems[0]
    assert problem.message == (
        "YAML refused: the document nests deeper than 64 levels, the limit"
    )
    assert (problem.line, problem.column) == (1, 67)


def test_an_alias_chain_that_nests_too_deep_is_refused() -> None:
    lines = ["a0: &a0 [x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}]" for n in range(1, 200)]
    with pytest.raises(yaml.YAMLError, match="deeper than 64 levels"):
        load_bounded("\n".join(lines))


def test_control_characters_are_a_problem_with_a_place() -> None:
    with pytest.raises(SuiteInvalid) as caught:
        parse_suite("suite: A\nid: a\x07b\n")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (2, 6)
    assert "character #x0007 is not allowed" in problem.message


def test_a_document_over_a_megabyte_is_refused_naming_the_limit() -> None:
    messages = _problems(VALID + "#" * 1_000_001)
    assert messages[0].startswith("YAML refused: the document is 1,00")
    assert messages[0].endswith("the limit is 1,000,000 bytes")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (alias_bomb(8), "more than 100,000 nodes"),
        ("a: " + "[" * 20_000, "deeper than 64 levels"),
        ("suite: A\x07\n", "character #x0007"),
        ("#" * 1_000_001, "the limit is 1,000,000 bytes"),
    ],
)
def test_the_api_answers_invalid_yaml_and_saves_nothing(
    api: APIClient, text: str, fragment: str
) -> None:
    for response in (
        api.post("/api/v1/suites", {"yaml": text}, format="json"),
        api.put("/api/v1/suites/bomb.tripwire.yaml", {"yaml": text}, format="json"),
    ):
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["type"] == "invalid_yaml"
        assert fragment in body["detail"]
    assert Suite.objects.count() == 0


@pytest.mark.django_db
def test_import_refuses_a_folder_with_a_bomb(tmp_path: Path) -> None:
    (tmp_path / "good.tripwire.yaml").write_text(VALID)
    (tmp_path / "bomb.tripwire.yaml").write_text(alias_bomb(9))
    with pytest.raises(InvalidYaml, match="nothing was imported") as caught:
        suite_import_dir(directory=tmp_path)
    assert "100,000 nodes" in str(caught.value.extra["errors"])
    assert Suite.objects.count() == 0


def test_the_cli_exits_3_on_a_bomb(tmp_path: Path) -> None:
    suite = tmp_path / "bomb.tripwire.yaml"
    suite.write_text(alias_bomb(9))
    result = subprocess.run(
        [sys.executable, "manage.py", "tripwire", "run", str(suite)],
        cwd=ROOT,
        env={
            "TRIPWIRE_DATA_DIR": str(tmp_path / "data"),
            "PATH": "/usr/local/bin:/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert "more than 100,000 nodes" in result.stderr


def test_an_openapi_bomb_is_refused() -> None:
    text = alias_bomb(9) + "openapi: 3.0.0\npaths: {a: *x9}\n"
    with pytest.raises(SpecInvalid, match="100,000 nodes"):
        load_spec(text)
