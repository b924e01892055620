"""report.json, junit.xml and report.html for one run."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from engine.report import CaseReport, RunReport
from engine.report_html import render_html

# Characters XML 1.0 cannot carry at all, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def artifact_link(report: RunReport, out_dir: Path, path: str | None) -> str | None:
    """A URL from the report's folder to an artifact (both may be different directories)."""
    if not path:
        return None
    base = report.artifacts_dir or out_dir
    target = (base / path).resolve()
    try:
        relative = os.path.relpath(target, out_dir.resolve())
    except ValueError:
        relative = str(target)
    return "/".join(quote(part) for part in Path(relative).as_posix().split("/"))


def _case_details(case: CaseReport) -> str:
    lines = []
    for step in case.steps:
        tier = f" [{step.tier}]" if step.tier else ""
        healed = " (healed)" if step.healed else ""
        reason = f" - {step.reason}" if step.reason else ""
        lines.append(f"{step.status:7} {step.id}{tier}{healed} {step.text}{reason}")
    for item in case.asserts:
        detail = ""
        if item.verdict != "passed" and (item.expected or item.observed):
            detail = f" - expected {item.expected!r}, observed {item.observed!r}"
        lines.append(f"{item.verdict:7} {item.id} {item.text}{detail}")
    for entry in case.network:
        status = entry.status if entry.status is not None else entry.failure
        trace = f" trace_id={entry.trace_id}" if entry.trace_id else ""
        lines.append(f"network {entry.method} {entry.url} -> {status}{trace}")
    return "\n".join(lines)


def junit_xml(report: RunReport) -> bytes:
    counts = report.counts
    total_time = _seconds(report.duration_ms)
    suites = ET.Element(
        "testsuites",
        {
            "name": _xml_text(report.suite_name),
            "tests": str(len(report.cases)),
            "failures": str(counts["failed"]),
            "errors": str(counts["broken"]),
            "skipped": str(counts["skipped"]),
            "time": total_time,
        },
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": _xml_text(report.suite_name),
            "id": _xml_text(report.suite_id),
            "tests": str(len(report.cases)),
            "failures": str(counts["failed"]),
            "errors": str(counts["broken"]),
            "skipped": str(counts["skipped"]),
            "time": total_time,
            "timestamp": report.started_at.rstrip("Z"),
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("run_id", report.run_id),
        ("suite_file", report.suite_file),
        ("status", report.status),
        ("heals", str(report.heals)),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": _xml_text(value)})
    for case in report.cases:
        testcase = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": _xml_text(report.suite_id),
                "name": _xml_text(f"{case.id}: {case.title}"),
                "time": _seconds(case.duration_ms),
            },
        )
        message = _xml_text(case.reason or "")
        kind = case.root_cause.kind if case.root_cause else case.status
        if case.status == "failed":
            node = ET.SubElement(
                testcase, "failure", {"message": message, "type": kind}
            )
            node.text = _xml_text(_case_details(case))
        elif case.status == "broken":
            node = ET.SubElement(testcase, "error", {"message": message, "type": kind})
            node.text = _xml_text(_case_details(case))
        elif case.status == "skipped":
            ET.SubElement(testcase, "skipped", {"message": message})
        details = _case_details(case)
        if details:
            out = ET.SubElement(testcase, "system-out")
            out.text = _xml_text(details)
    ET.indent(suites)
    data: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return data


def write_reports(report: RunReport, out_dir: Path) -> dict[str, Path]:
    """Write report.json, junit.xml and report.html into `out_dir`; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out_dir / "report.json",
        "junit": out_dir / "junit.xml",
        "html": out_dir / "report.html",
    }
    paths["json"].write_text(
        json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    paths["junit"].write_bytes(junit_xml(report))
    paths["html"].write_text(
        render_html(report, lambda p: artifact_link(report, out_dir, p)),
        encoding="utf-8",
    )
    return paths
