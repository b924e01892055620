"""The GitHub Action's script, run as the Action runs it (its env, GITHUB_STEP_SUMMARY and
GITHUB_OUTPUT files): against a live server with a worker, and in local mode with the CLI."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from demo.server import start_demo
from tests.system.servers import ROOT, Served, served_with_worker

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCRIPT = ROOT / "scripts" / "github_action.py"
SUITE = """\
suite: {name}
id: {id}
base_url: {base_url}
cases:
  - id: products
    title: The product list shows the boots
    steps:
      - Open /products
    expect:
      - "'Trail Boots' is shown"
{extra}"""
UNICORNS = """\
  - id: unicorns
    title: The shop sells unicorns
    steps:
      - Open /products
    expect:
      - "'Rainbow Unicorn' is shown"
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_with_worker(tmp_path_factory.mktemp("action"), token_name="ci") as it:
        for name, suite_id, extra in (
            ("Gate passes", "gate-green", ""),
            ("Gate fails", "gate-red", UNICORNS),
        ):
            text = SUITE.format(
                name=name, id=suite_id, base_url=it.shop_url, extra=extra
            )
            saved = it.api.post("/suites", {"yaml": text})
            assert saved.status_code == 201, saved.text
        yield it


@dataclass
class Outcome:
    code: int
    stdout: str
    summary: str
    outputs: dict[str, str]
    reports: Path


def run_action(tmp: Path, python: str = sys.executable, **inputs: str) -> Outcome:
    """Run the script as action.yml's step does: inputs as TRIPWIRE_ACTION_*, GitHub's files."""
    summary, output = tmp / "summary.md", tmp / "output.txt"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "TRIPWIRE_ACTION_HOME": str(ROOT),
        "TRIPWIRE_DATA_DIR": str(tmp / "data"),
        "TRIPWIRE_ACTION_REPORT_DIR": "reports",
        **{f"TRIPWIRE_ACTION_{key.upper()}": value for key, value in inputs.items()},
    }
    done = subprocess.run(
        [python, str(SCRIPT)],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outputs = dict(
        line.split("=", 1)
        for line in (output.read_text() if output.exists() else "").splitlines()
    )
    return Outcome(
        code=done.returncode,
        stdout=done.stdout + done.stderr,
        summary=summary.read_text() if summary.exists() else "",
        outputs=outputs,
        reports=tmp / "reports",
    )


def test_the_action_is_a_composite_running_the_script_with_its_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    inputs = set(action["inputs"])
    assert {"suites", "server-url", "token", "cases", "base-url"} <= inputs
    text = (ROOT / "action.yml").read_text()
    # Every input the steps use is declared, and the script it names exists.
    assert set(re.findall(r"inputs\.([a-z-]+)", text)) <= inputs
    assert "scripts/github_action.py" in text and SCRIPT.exists()
    upload = next(s for s in action["runs"]["steps"] if "upload-artifact" in str(s))
    assert upload["if"].startswith("always()")


def test_server_mode_gates_on_a_failing_suite(live: Served, tmp_path: Path) -> None:
    outcome = run_action(
        tmp_path,
        suites="gate-green, gate-red",
        server_url=live.url,
        token=live.token,
    )
    assert outcome.code == 1, outcome.stdout
    assert outcome.outputs["passed"] == "2" and outcome.outputs["failed"] == "1"
    run_ids = outcome.outputs["run-ids"].split()
    assert len(run_ids) == 2
    summary = outcome.summary
    assert "| Suite | Case | Status | Failing step | Run |" in summary
    red = next(line for line in summary.splitlines() if "unicorns" in line)
    assert "❌ failed" in red and "Rainbow Unicorn" in red
    assert re.search(rf"\]\({re.escape(live.url)}/runs/[0-9a-f]+\)", red)
    assert summary.count("✅ passed") == 2
    for suite_id in ("gate-green", "gate-red"):
        folder = outcome.reports / suite_id
        assert (folder / "report.json").exists()
        assert "<testsuite" in (folder / "junit.xml").read_text()
        assert "<html" in (folder / "report.html").read_text().lower()
    assert "::error title=Tripwire: The shop sells unicorns::" in outcome.stdout
    assert live.token not in outcome.stdout + outcome.summary


def test_server_mode_passes_a_green_subset(live: Served, tmp_path: Path) -> None:
    outcome = run_action(
        tmp_path,
        suites="gate-red",
        cases="products",
        server_url=live.url,
        token=live.token,
    )
    assert outcome.code == 0, outcome.stdout
    assert outcome.outputs["passed"] == "1" and outcome.outputs["failed"] == "0"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"suites": "gate-green", "token": "tw_wrong"}, "the server refused the token"),
        ({"suites": "no-such-suite"}, "Unknown suite 'no-such-suite'"),
        ({"suites": ""}, "the 'suites' input is empty"),
        ({"suites": "a b", "cases": "x"}, "'cases' needs exactly one suite"),
    ],
    ids=["bad-token", "unknown-suite", "no-suites", "cases-with-two"],
)
def test_server_mode_bad_input_exits_3_with_one_line(
    live: Served, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    merged = {"server_url": live.url, "token": live.token, **inputs}
    outcome = run_action(tmp_path, **merged)
    assert outcome.code == 3, outcome.stdout
    (line,) = [
        line for line in outcome.stdout.splitlines() if line.startswith("::error")
    ]
    assert message in line
    assert message in outcome.summary


def test_local_mode_runs_the_cli_against_the_base_url(tmp_path: Path) -> None:
    with start_demo(port=0, stream=io.StringIO()) as shop:
        suites = tmp_path / "e2e"
        suites.mkdir()
        for suite_id, extra in (("local-green", ""), ("local-red", UNICORNS)):
            (suites / f"{suite_id}.tripwire.yaml").write_text(
                SUITE.format(
                    name=suite_id,
                    id=suite_id,
                    base_url="http://example.invalid",
                    extra=extra,
                )
            )
        green = run_action(
            tmp_path, suites="e2e/local-green.tripwire.yaml", base_url=shop.url
        )
        both = tmp_path / "both"
        both.mkdir()
        (both / "e2e").symlink_to(suites)
        red = run_action(both, suites="e2e/*.tripwire.yaml", base_url=shop.url)
    assert green.code == 0, green.stdout
    assert green.outputs["passed"] == "1"
    assert "✅ passed" in green.summary
    assert (green.reports / "report.html").exists()
    assert red.code == 1, red.stdout
    assert red.outputs["failed"] == "1" and red.outputs["passed"] == "2"
    assert (red.reports / "local-red" / "junit.xml").exists()
    row = next(line for line in red.summary.splitlines() if "unicorns" in line)
    assert "Rainbow Unicorn" in row
