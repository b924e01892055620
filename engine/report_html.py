"""report.html: one self-contained page (inline CSS, no scripts, no external assets).

Every text goes through `html.escape`; screenshots are linked by relative URL and shown inline.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from engine.report import CaseReport, RunReport

_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
header { padding: 20px 32px; background: #fff; border-bottom: 1px solid #d9dee4; }
h1 { margin: 0 0 6px; font-size: 22px; }
main { padding: 16px 32px 48px; }
.meta { color: #616e7c; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600;
  font-size: 12px; text-transform: uppercase; color: #fff; background: #616e7c; }
.passed { background: #1f883d; } .failed { background: #cf222e; }
.broken { background: #9a6700; } .skipped { background: #8c959f; } .cancelled { background: #57606a; }
.counts span { margin-right: 14px; }
section.case { background: #fff; border: 1px solid #d9dee4; border-radius: 8px; margin: 16px 0;
  padding: 12px 18px; }
section.case h2 { font-size: 17px; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { font-size: 12px; color: #616e7c; text-transform: uppercase; }
code { font: 12px ui-monospace, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
.reason { color: #8a1c12; }
.shots { display: flex; flex-wrap: wrap; gap: 12px; }
.shots figure { margin: 0; width: 260px; }
.shots img { width: 260px; border: 1px solid #d9dee4; border-radius: 4px; }
.shots figcaption { font-size: 12px; color: #616e7c; }
.rootcause { background: #fff8f7; border: 1px solid #f2c4bf; border-radius: 6px; padding: 8px 12px; }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _badge(status: str) -> str:
    return f'<span class="badge {_e(status)}">{_e(status)}</span>'


def _steps(case: CaseReport, link: Callable[[str | None], str | None]) -> str:
    if not case.steps:
        return ""
    rows = []
    for step in case.steps:
        shot = link(step.shot)
        shot_cell = f'<a href="{_e(shot)}">screenshot</a>' if shot else ""
        healed = " (healed)" if step.healed else ""
        reason = f'<div class="reason">{_e(step.reason)}</div>' if step.reason else ""
        rows.append(
            f"<tr><td><code>{_e(step.id)}</code></td><td>{_e(step.text)}{reason}</td>"
            f"<td>{_badge(step.status)}</td><td>{_e(step.tier or '')}{_e(healed)}</td>"
            f"<td>{_e(step.duration_ms)} ms</td><td>{shot_cell}</td></tr>"
        )
    return (
        "<table><tr><th>Step</th><th>Text</th><th>Status</th><th>Tier</th><th>Time</th>"
        f"<th></th></tr>{''.join(rows)}</table>"
    )


def _asserts(case: CaseReport) -> str:
    if not case.asserts:
        return ""
    rows = []
    for item in case.asserts:
        check = (
            item.check.get("kind")
            if item.check
            else ("(the model)" if item.judged_by == "model" else "(quoted text)")
        )
        reason = f'<div class="reason">{_e(item.reason)}</div>' if item.reason else ""
        rows.append(
            f"<tr><td><code>{_e(item.id)}</code></td><td>{_e(item.text)}{reason}</td>"
            f"<td>{_e(check)}</td><td>{_badge(item.verdict)}</td><td>{_e(item.expected)}</td>"
            f"<td>{_e(item.observed)}</td></tr>"
        )
    return (
        "<table><tr><th>Assert</th><th>Text</th><th>Check</th><th>Verdict</th><th>Expected</th>"
        f"<th>Observed</th></tr>{''.join(rows)}</table>"
    )


def _captures(case: CaseReport) -> str:
    if not case.captures:
        return ""
    rows = "".join(
        f"<tr><td><code>{_e(c.name)}</code></td><td>{_e(c.value)}</td><td>{_badge(c.status)}</td>"
        f"<td>{_e(c.reason or '')}</td></tr>"
        for c in case.captures
    )
    return f"<table><tr><th>Capture</th><th>Value</th><th>Status</th><th></th></tr>{rows}</table>"


def _network(case: CaseReport) -> str:
    if not case.network:
        return ""
    rows = "".join(
        f"<tr><td>{_e(n.method)}</td><td>{_e(n.url)}</td><td>{_e(n.status or n.failure)}</td>"
        f"<td><code>{_e(n.trace_id or '')}</code></td></tr>"
        for n in case.network
    )
    return (
        "<h3>Network errors</h3><table><tr><th>Method</th><th>URL</th><th>Status</th>"
        f"<th>Trace id</th></tr>{rows}</table>"
    )


def _root_cause(case: CaseReport) -> str:
    cause = case.root_cause
    if cause is None:
        return ""
    parts = [
        f"<strong>{_e(cause.kind)}</strong> at <code>{_e(cause.failing_id)}</code>"
    ]
    if cause.message:
        parts.append(f"<div>{_e(cause.message)}</div>")
    if cause.expected is not None or cause.observed is not None:
        parts.append(
            f"<div>expected: {_e(cause.expected)}<br>observed: {_e(cause.observed)}</div>"
        )
    return f'<div class="rootcause">{"".join(parts)}</div>'


def _shots(case: CaseReport, link: Callable[[str | None], str | None]) -> str:
    figures = []
    for shot in case.shots:
        href = link(shot.path)
        if not href:
            continue
        figures.append(
            f'<figure><a href="{_e(href)}"><img src="{_e(href)}" alt="{_e(shot.label)}" '
            f'loading="lazy"></a><figcaption>{_e(shot.label)}: {_e(shot.note)}</figcaption></figure>'
        )
    return f'<div class="shots">{"".join(figures)}</div>' if figures else ""


def _case(case: CaseReport, link: Callable[[str | None], str | None]) -> str:
    tags = " ".join(f"<code>{_e(t)}</code>" for t in case.tags)
    reason = f'<p class="reason">{_e(case.reason)}</p>' if case.reason else ""
    trace = link(case.trace)
    trace_link = f' · <a href="{_e(trace)}">trace</a>' if trace else ""
    return (
        f'<section class="case" id="case-{_e(case.id)}"><h2>{_badge(case.status)} {_e(case.title)} '
        f'<code>{_e(case.id)}</code></h2><div class="meta">{tags} {_e(case.duration_ms)} ms'
        f"{trace_link}</div>{reason}{_root_cause(case)}{_steps(case, link)}{_asserts(case)}"
        f"{_captures(case)}{_network(case)}{_shots(case, link)}</section>"
    )


def render_html(report: RunReport, link: Callable[[str | None], str | None]) -> str:
    counts = report.counts
    count_html = "".join(
        f"<span>{_e(k)}: <strong>{v}</strong></span>" for k, v in counts.items()
    )
    reason = f'<p class="reason">{_e(report.reason)}</p>' if report.reason else ""
    cases = "".join(_case(c, link) for c in report.cases)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(report.suite_name)} · Tripwire report</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_badge(report.status)} {_e(report.suite_name)}</h1>"
        f'<div class="meta">suite <code>{_e(report.suite_id)}</code> · {_e(report.suite_file)} · '
        f"run <code>{_e(report.run_id)}</code> · {_e(report.started_at)} · "
        f"{_e(report.duration_ms)} ms · heals: {report.heals} · model calls: "
        f"{report.model_usage.calls} ({report.model_usage.prompt_tokens} + "
        f"{report.model_usage.completion_tokens} tokens)</div>"
        f'<div class="counts">{count_html}</div>{reason}</header><main>{cases}</main></body></html>\n'
    )
