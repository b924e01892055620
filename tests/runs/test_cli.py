"""`manage.py tripwire run` as CI calls it: a real process, real Chromium, the demo shop."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest

from demo.server import DemoHandle, start_demo

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "suites"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def regressed() -> Iterator[DemoHandle]:
    with start_demo(variant="regressed", port=0, stream=StringIO()) as handle:
        yield handle


def tripwire(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"TRIPWIRE_DATA_DIR": str(data_dir), "PATH": "/usr/local/bin:/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "manage.py", "tripwire", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_all_passing_exits_0_with_progress_reports_and_the_output_line(
    shop: DemoHandle, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = tripwire(
        tmp_path / "data",
        "run",
        str(EXAMPLES / "signup-login.tripwire.yaml"),
        "--base-url",
        shop.url,
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::tripwire-output:: passed=4 failed=0 broken=0 skipped=0" in result.stdout
    assert "signup/s5 [grammar] Click 'Create account'" in result.stdout
    # Secrets never reach the console.
    assert "Enter ${email} and ${password}" in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "passed"
    assert [case["status"] for case in report["cases"]] == ["passed"] * 4
    suite = ET.parse(out / "junit.xml").getroot()
    cases = suite.iter("testcase")
    assert len(list(cases)) == 4
    assert (out / "report.html").read_text().count("<img") >= 4


def test_a_failed_case_exits_1(regressed: DemoHandle, tmp_path: Path) -> None:
    result = tripwire(
        tmp_path / "data",
        "run",
        str(EXAMPLES / "shop-checkout.tripwire.yaml"),
        "--base-url",
        regressed.url,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "::tripwire-output:: passed=3 failed=1 broken=0 skipped=3" in result.stdout


def test_a_broken_case_exits_2(shop: DemoHandle, tmp_path: Path) -> None:
    suite = tmp_path / "odd.tripwire.yaml"
    suite.write_text(
        f"suite: Odd\nid: odd\nbase_url: {shop.url}\ncases:\n"
        "  - {id: a, title: A, steps: ['Open /', 'Do a barrel roll until the logo spins']}\n"
    )
    result = tripwire(tmp_path / "data", "run", str(suite))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "this step needs a language model" in result.stdout
    assert "::tripwire-output:: passed=0 failed=0 broken=1 skipped=0" in result.stdout


def test_globs_run_every_match_with_per_suite_report_folders(
    shop: DemoHandle, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = tripwire(
        tmp_path / "data",
        "run",
        str(EXAMPLES / "s[it]*-*.tripwire.yaml"),
        "--base-url",
        shop.url,
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "signup-login",
        "storefront-widgets",
    ]
    assert "::tripwire-output:: passed=8 failed=0 broken=0 skipped=0" in result.stdout


def test_cases_runs_a_case_with_its_prerequisites(
    shop: DemoHandle, tmp_path: Path
) -> None:
    result = tripwire(
        tmp_path / "data",
        "run",
        str(EXAMPLES / "signup-login.tripwire.yaml"),
        "--cases",
        "login",
        "--base-url",
        shop.url,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::tripwire-output:: passed=2 failed=0 broken=0 skipped=0" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "nothing/here/*.tripwire.yaml"],
            "no suite matched 'nothing/here/*.tripwire.yaml'",
        ),
        (["run", "no-such-suite"], "no suite matched 'no-such-suite'"),
        (
            ["run", str(EXAMPLES / "signup-login.tripwire.yaml"), "--cases", "ghost"],
            "signup-login.tripwire.yaml has no case 'ghost'",
        ),
        (
            [
                "run",
                str(EXAMPLES / "signup-login.tripwire.yaml"),
                "--file-issues",
                "bugzilla",
            ],
            "file_issues: unknown destination 'bugzilla'",
        ),
    ],
)
def test_bad_input_exits_3_with_a_reason(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = tripwire(tmp_path / "data", *args)
    assert result.returncode == 3
    assert message in result.stderr


def test_invalid_yaml_exits_3_listing_the_problems(tmp_path: Path) -> None:
    suite = tmp_path / "bad.tripwire.yaml"
    suite.write_text("suite: Bad\nid: bad\nbase_url: ftp://x\ncases: []\n")
    result = tripwire(tmp_path / "data", "run", str(suite))
    assert result.returncode == 3
    assert (
        "3:11 base_url: 'base_url' must be an http:// or https:// URL" in result.stderr
    )
    assert "cases: 'cases' must contain at least one case" in result.stderr


def test_test_url_runs_ad_hoc_steps(shop: DemoHandle, tmp_path: Path) -> None:
    result = tripwire(
        tmp_path / "data",
        "test-url",
        f"{shop.url}/products",
        "Wait for 'Tote Bag'; click 'Tote Bag' then wait for 'Quantity'",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "[grammar] Click 'Tote Bag'" in result.stdout
        or "click 'Tote Bag'" in result.stdout
    )
    assert "::tripwire-output:: passed=1" in result.stdout
    # It ends with where the browser ended up and what that page says.
    final = result.stdout.split("Final URL: ", 1)[1]
    url, text = final.split("\n", 1)
    assert url.startswith(f"{shop.url}/products/") and url != f"{shop.url}/products"
    assert "Tote Bag" in text and "Quantity" in text
    assert len(text.strip()) <= 800
