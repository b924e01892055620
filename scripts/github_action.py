"""The GitHub Action's step (action.yml): run suites, write the job summary and outputs, exit with
the CLI's code (0 passed, 1 a failure, 2 a broken case or an unfinished run, 3 bad input).

Standard library only: in server mode it runs on the runner's own Python, with nothing installed.
Inputs come as TRIPWIRE_ACTION_* environment variables (action.yml maps them); the summary goes
to $GITHUB_STEP_SUMMARY and the counts to $GITHUB_OUTPUT, as GitHub Actions expects.

- Server mode (TRIPWIRE_ACTION_SERVER_URL set): POST /api/v1/runs with one job per suite, wait for
  every run, fetch report.json / junit.xml / report.html into the report folder.
- Local mode: `manage.py tripwire run <suites> --out <report folder>` in this checkout of Tripwire
  (TRIPWIRE_ACTION_HOME), then read the report.json files it wrote.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_BROKEN, EXIT_BAD_INPUT = 0, 1, 2, 3
ACTIVE = ("queued", "running", "cancelling")
POLL_S = 2.0
FAILING = ("failed", "broken")


class ActionError(Exception):
    """Bad input or an unusable server: one line for the log, exit code 3."""


@dataclass
class Inputs:
    suites: list[str]
    server_url: str = ""
    token: str = ""
    cases: list[str] = field(default_factory=list)
    base_url: str = ""
    file_issues: str = ""
    timeout_s: float = 1800.0
    report_dir: Path = Path("tripwire-reports")
    home: Path = Path(__file__).resolve().parents[1]


def _words(value: str) -> list[str]:
    return [word for word in re.split(r"[\s,]+", value) if word]


def read_inputs(env: dict[str, str]) -> Inputs:
    suites = _words(env.get("TRIPWIRE_ACTION_SUITES", ""))
    if not suites:
        raise ActionError("the 'suites' input is empty: name at least one suite")
    server = env.get("TRIPWIRE_ACTION_SERVER_URL", "").strip().rstrip("/")
    token = env.get("TRIPWIRE_ACTION_TOKEN", "").strip()
    if server and not re.match(r"^https?://", server):
        raise ActionError(
            f"'server-url' must start with http:// or https://, not {server!r}"
        )
    if server and not token:
        raise ActionError(
            "'server-url' needs a 'token' (a Tripwire API token from a secret)"
        )
    cases = _words(env.get("TRIPWIRE_ACTION_CASES", ""))
    if cases and len(suites) > 1:
        raise ActionError("'cases' needs exactly one suite")
    minutes = env.get("TRIPWIRE_ACTION_TIMEOUT_MINUTES", "").strip() or "30"
    try:
        timeout_s = float(minutes) * 60
    except ValueError:
        raise ActionError(
            f"'timeout-minutes' must be a number, not {minutes!r}"
        ) from None
    if timeout_s <= 0:
        raise ActionError("'timeout-minutes' must be more than 0")
    home = env.get("TRIPWIRE_ACTION_HOME", "").strip()
    return Inputs(
        suites=suites,
        server_url=server,
        token=token,
        cases=cases,
        base_url=env.get("TRIPWIRE_ACTION_BASE_URL", "").strip(),
        file_issues=env.get("TRIPWIRE_ACTION_FILE_ISSUES", "").strip(),
        timeout_s=timeout_s,
        report_dir=Path(
            env.get("TRIPWIRE_ACTION_REPORT_DIR", "").strip() or "tripwire-reports"
        ),
        home=Path(home) if home else Inputs.home,
    )


# --- server mode ---------------------------------------------------------------------------------


class Server:
    def __init__(self, url: str, token: str) -> None:
        self.api = f"{url}/api/v1"
        self.url = url
        self._token = token

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            path if path.startswith("http") else f"{self.api}{path}",
            data=data,
            method=method,
            headers={
                "Authorization": f"Bearer {self._token}",
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if data else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            try:
                detail = json.loads(exc.read()).get("detail") or exc.reason
            except ValueError:
                detail = exc.reason
            if exc.code == 401:
                raise ActionError(f"the server refused the token: {detail}") from None
            raise ActionError(
                f"{method} {path} answered HTTP {exc.code}: {detail}"
            ) from None
        except (urllib.error.URLError, TimeoutError) as exc:
            raise ActionError(
                f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}"
            ) from None
        if path.endswith((".html", ".xml")):
            return raw
        return json.loads(raw) if raw else None


def run_on_server(inputs: Inputs) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every run's report (None for one that did not finish) and the run page of each suite."""
    server = Server(inputs.server_url, inputs.token)
    body: dict[str, Any] = {
        "jobs": [
            {"suite": suite, **({"cases": inputs.cases} if inputs.cases else {})}
            for suite in inputs.suites
        ]
    }
    if inputs.base_url:
        body["base_url"] = inputs.base_url
    if inputs.file_issues:
        body["file_issues"] = inputs.file_issues
    created = server.request("POST", "/runs", body)
    run_ids: list[str] = list(created["run_ids"])
    print(f"Queued {len(run_ids)} run(s) on {inputs.server_url}: {' '.join(run_ids)}")
    deadline = time.monotonic() + inputs.timeout_s
    runs: dict[str, dict[str, Any]] = {}
    while True:
        for run_id in run_ids:
            if run_id in runs:
                continue
            detail = server.request("GET", f"/runs/{run_id}?since=2147483647")
            if detail["status"] not in ACTIVE:
                runs[run_id] = detail
                counts = detail.get("counts") or {}
                print(
                    f"  {detail['suite']}: {detail['status'].upper()} "
                    + ", ".join(f"{value} {key}" for key, value in counts.items())
                )
        if len(runs) == len(run_ids) or time.monotonic() > deadline:
            break
        time.sleep(POLL_S)
    reports: list[dict[str, Any]] = []
    pages: dict[str, str] = {}
    for run_id in run_ids:
        page = f"{inputs.server_url}/runs/{run_id}"
        detail = runs.get(run_id)
        if detail is None:
            reports.append({"run_id": run_id, "status": "unfinished", "cases": []})
            pages[run_id] = page
            continue
        report = detail.get("report") or {
            "run_id": run_id,
            "suite_file": detail.get("suite"),
            "status": detail["status"],
            "reason": detail.get("reason"),
            "cases": [],
        }
        reports.append(report)
        pages[run_id] = page
        target = inputs.report_dir / str(report.get("suite_id") or run_id)
        target.mkdir(parents=True, exist_ok=True)
        (target / "report.json").write_text(json.dumps(report, indent=2))
        artifacts = f"{inputs.server_url}{detail['artifacts']}"
        for name in ("junit.xml", "report.html"):
            try:
                (target / name).write_bytes(server.request("GET", artifacts + name))
            except ActionError as exc:
                print(f"  (no {name} for run {run_id}: {exc})")
    return reports, pages


# --- local mode ----------------------------------------------------------------------------------


def run_locally(inputs: Inputs) -> tuple[list[dict[str, Any]], int]:
    command = [
        sys.executable,
        str(inputs.home / "manage.py"),
        "tripwire",
        "run",
        *inputs.suites,
        "--out",
        str(inputs.report_dir.resolve()),
        "--file-issues",
        inputs.file_issues or "none",
    ]
    if inputs.cases:
        command += ["--cases", *inputs.cases]
    if inputs.base_url:
        command += ["--base-url", inputs.base_url]
    sys.stdout.flush()
    # The suites' paths are the repository's: run from the job's working directory.
    code = subprocess.call(command)
    reports = [
        json.loads(path.read_text())
        for path in sorted(inputs.report_dir.glob("**/report.json"))
    ]
    return reports, code


# --- summary -------------------------------------------------------------------------------------


def _cell(text: Any, limit: int = 200) -> str:
    value = " ".join(str(text or "").split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;") or " "


def failing_point(case: dict[str, Any]) -> str:
    """The step or expectation that failed, and what was expected vs observed."""
    for step in case.get("steps") or []:
        if step.get("status") in FAILING:
            reason = step.get("reason")
            return f"step “{step.get('text')}”" + (f": {reason}" if reason else "")
    for check in case.get("asserts") or []:
        if check.get("verdict") in FAILING:
            text = f"expect “{check.get('text')}”"
            if check.get("expected") is not None:
                text += f": expected {check['expected']!s}"
            if check.get("observed") is not None:
                text += f", observed {check['observed']!s}"
            elif check.get("reason"):
                text += f": {check['reason']}"
            return text
    return str(case.get("reason") or "")


def totals(reports: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"passed": 0, "failed": 0, "broken": 0, "skipped": 0}
    for report in reports:
        for case in report.get("cases") or []:
            status = case.get("status")
            if status in counts:
                counts[status] += 1
    return counts


def summary_markdown(reports: list[dict[str, Any]], pages: dict[str, str]) -> str:
    counts = totals(reports)
    icon = {"passed": "✅", "failed": "❌", "broken": "💥", "skipped": "⏭️"}
    lines = [
        "## Tripwire",
        "",
        " · ".join(f"{icon[key]} {value} {key}" for key, value in counts.items()),
        "",
        "| Suite | Case | Status | Failing step | Run |",
        "|---|---|---|---|---|",
    ]
    for report in reports:
        suite = (
            report.get("suite_name") or report.get("suite_file") or report.get("run_id")
        )
        run_id = str(report.get("run_id") or "")
        link = f"[{run_id}]({pages[run_id]})" if run_id in pages else _cell(run_id)
        cases = report.get("cases") or []
        if not cases:
            reason = report.get("reason") or "no case ran"
            lines.append(
                f"| {_cell(suite)} | | {_cell(report.get('status'))} | {_cell(reason)} | {link} |"
            )
        for case in cases:
            status = str(case.get("status") or "")
            lines.append(
                f"| {_cell(suite)} | {_cell(case.get('title') or case.get('id'))} "
                f"| {icon.get(status, '')} {status} "
                f"| {_cell(failing_point(case)) if status in FAILING else ' '} | {link} |"
            )
    return "\n".join(lines) + "\n"


def exit_code(reports: list[dict[str, Any]]) -> int:
    statuses = {str(report.get("status")) for report in reports}
    counts = totals(reports)
    if counts["broken"] or statuses & {"broken", "cancelled", "unfinished"}:
        return EXIT_BROKEN
    if counts["failed"] or "failed" in statuses:
        return EXIT_FAILED
    return EXIT_OK


def _append(path: str | None, text: str) -> None:
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(text)


def main(env: dict[str, str]) -> int:
    try:
        inputs = read_inputs(env)
        inputs.report_dir.mkdir(parents=True, exist_ok=True)
        if inputs.server_url:
            reports, pages = run_on_server(inputs)
            code = exit_code(reports)
        else:
            reports, code = run_locally(inputs)
            pages = {}
    except (ActionError, KeyError, ValueError, OSError) as exc:
        # A server answer without an expected field, or an unwritable folder, is reported the
        # same way: one line in the log and the summary.
        reason = (
            str(exc) if isinstance(exc, ActionError) else f"{type(exc).__name__}: {exc}"
        )
        print(f"::error title=Tripwire::{reason}")
        _append(env.get("GITHUB_STEP_SUMMARY"), f"## Tripwire\n\n{reason}\n")
        return EXIT_BAD_INPUT
    counts = totals(reports)
    _append(env.get("GITHUB_STEP_SUMMARY"), summary_markdown(reports, pages))
    _append(
        env.get("GITHUB_OUTPUT"),
        "".join(f"{key}={value}\n" for key, value in counts.items())
        + f"run-ids={' '.join(str(r.get('run_id')) for r in reports if pages)}\n",
    )
    for report in reports:
        for case in report.get("cases") or []:
            if case.get("status") in FAILING:
                print(
                    f"::error title=Tripwire: {case.get('title') or case.get('id')}::"
                    + failing_point(case).replace("\n", " ")
                )
    return code


if __name__ == "__main__":
    sys.exit(main(dict(os.environ)))
