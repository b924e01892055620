"""Run an exported spec under @playwright/test (e2e/node_modules) and read each test's status.

Shared by the export tests and benchmarks/export_fidelity.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import ExportedSpec

ROOT = Path(__file__).resolve().parents[1]
E2E = ROOT / "e2e"


def runner_problem() -> str | None:
    """Why exported specs cannot run here, or None when they can."""
    if shutil.which("npx") is None:
        return "npx is not on PATH: install Node.js 20+ to run exported specs"
    if not (E2E / "node_modules" / "@playwright" / "test").is_dir():
        return "e2e/node_modules is missing: run `npm ci` in e2e/ (scripts/test does)"
    return None


@dataclass
class PlaywrightRun:
    code: int
    output: str
    statuses: dict[str, str]  # test title → passed / failed / skipped / timedOut ...


def run_spec(
    spec: ExportedSpec, base_url: str, workdir: Path, **env: str
) -> PlaywrightRun:
    npx = shutil.which("npx") or "npx"
    specs = workdir / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    (specs / spec.filename).write_text(spec.text, encoding="utf-8")
    report = workdir / "report.json"
    environ = {
        **os.environ,
        "BASE_URL": base_url,
        "TRIPWIRE_SPEC_DIR": str(specs),
        "TRIPWIRE_OUTPUT_DIR": str(workdir / "test-results"),
        # The spec lives outside e2e/: Node finds @playwright/test through NODE_PATH.
        "NODE_PATH": str(E2E / "node_modules"),
        "PLAYWRIGHT_JSON_OUTPUT_NAME": str(report),
        "NO_COLOR": "1",
        **env,
    }
    done = subprocess.run(
        [npx, "playwright", "test", "--reporter=list,json"],
        cwd=E2E,
        env=environ,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    statuses: dict[str, str] = {}
    if report.exists():

        def walk(node: dict[str, Any]) -> None:
            for item in node.get("specs", []):
                for test in item["tests"]:
                    results = test.get("results") or [{"status": "skipped"}]
                    statuses[item["title"]] = results[-1]["status"]
            for child in node.get("suites", []):
                walk(child)

        for suite in json.loads(report.read_text(encoding="utf-8")).get("suites", []):
            walk(suite)
    return PlaywrightRun(done.returncode, done.stdout + done.stderr, statuses)
