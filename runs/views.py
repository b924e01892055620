"""Pages of runs: the list, a run (live while it runs), starting, cancelling and repeating runs,
artifacts for signed-in users, the suite export download and Playwright's trace viewer."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import playwright
from csp.decorators import csp_replace, csp_update
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from core.exceptions import Conflict, DisplayUnavailable, NotFound, ValidationFailed
from core.web import page, paginate, query_without_page, user_of
from runs import selectors, services, suite_export
from runs.artifacts import artifact_response
from runs.models import RunStatus
from runs.run_view import run_view
from suites.selectors import suite_get

TRACE_VIEWER = (
    Path(playwright.__file__).parent / "driver/package/lib/vite/traceViewer"
).resolve()


@page
def runs_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = {
        "suite": params.get("suite", ""),
        "status": params.get("status", ""),
        "trigger": params.get("trigger", ""),
        "from": params.get("from", ""),
        "to": params.get("to", ""),
    }
    error = None
    try:
        runs = selectors.run_list(
            suite=filters["suite"] or None,
            status=filters["status"] or None,
            trigger=filters["trigger"] or None,
            created_from=filters["from"] or None,
            created_to=filters["to"] or None,
        )
    except ValidationFailed as exc:
        error = exc.detail
        runs = selectors.run_list()
    return render(
        request,
        "runs/list.html",
        {
            "page_obj": paginate(request, runs),
            "query": query_without_page(request),
            "filters": filters,
            "error": error,
            "statuses": RunStatus.values,
            "triggers": selectors.TRIGGERS,
        },
    )


def _run_or_404(run_id: str) -> Any:
    try:
        return selectors.run_get(run_id=run_id)
    except NotFound:
        raise Http404 from None


@page
def run_detail(request: HttpRequest, run_id: str) -> HttpResponse:
    view = run_view(_run_or_404(run_id))
    return render(request, "runs/detail.html", {"view": view, "run": view.run})


@page
def run_live(request: HttpRequest, run_id: str) -> HttpResponse:
    """The live part of a run page (htmx polls it); once the run is over, the whole page."""
    run = _run_or_404(run_id)
    view = run_view(run)
    if not view.active:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "runs/_live.html", {"view": view, "run": run})


@page
@require_POST
def run_cancel(request: HttpRequest, run_id: str) -> HttpResponse:
    try:
        run = services.run_cancel(run=_run_or_404(run_id))
    except Conflict as exc:
        messages.info(request, exc.detail)
    else:
        messages.success(request, f"Run {run.id} is {run.status}.")
    return redirect(f"/runs/{run_id}")


@page
@require_POST
def run_again(request: HttpRequest, run_id: str) -> HttpResponse:
    """The same suite (as it is stored now), the same cases and options, as a new run."""
    old = _run_or_404(run_id)
    try:
        [run, *_] = services.run_submit(
            jobs=[services.Job(suite=old.suite_file, cases=old.case_ids or None)],
            file_issues=old.file_issues or None,
            headed=old.headed,
            base_url=old.base_url or None,
            user=user_of(request),
            trigger="page",
        )
    except (ValidationFailed, DisplayUnavailable) as exc:
        messages.error(request, exc.detail)
        return redirect(f"/runs/{run_id}")
    return redirect(f"/runs/{run.id}")


@page
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    """From a suite's page: all cases or the chosen ones, headed, sharded, another base URL."""
    name = request.POST.get("suite", "")
    cases = [c for c in request.POST.getlist("cases") if c]
    try:
        runs = services.run_submit(
            jobs=[services.Job(suite=name, cases=cases or None)],
            headed=request.POST.get("headed") == "on",
            sharded=request.POST.get("sharded") == "on",
            base_url=request.POST.get("base_url") or None,
            user=user_of(request),
            trigger="page",
        )
    except (ValidationFailed, DisplayUnavailable) as exc:
        messages.error(request, exc.detail)
        return redirect(f"/suites/{name}")
    if len(runs) == 1:
        return redirect(f"/runs/{runs[0].id}")
    messages.success(request, f"{len(runs)} shards queued.")
    return redirect(f"/runs?suite={runs[0].suite_file}")


@page
def suite_export_download(request: HttpRequest, name: str) -> HttpResponse:
    try:
        spec = suite_export.suite_export(
            name=name, use_cache=request.GET.get("cache") != "false"
        )
    except NotFound:
        raise Http404 from None
    response = HttpResponse(spec.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec.filename}"'
    return response


@page
def artifact(request: HttpRequest, path: str) -> FileResponse:
    try:
        return artifact_response(path)
    except NotFound:
        raise Http404 from None


# Playwright's own trace viewer, from the installed package: it runs a service worker that
# fetches the trace (same origin, with the session cookie) and renders snapshots in frames.
@csp_update(
    {
        "script-src": ["'unsafe-inline'", "'unsafe-eval'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "img-src": ["blob:", "data:"],
        "frame-src": ["'self'", "blob:"],
        "connect-src": ["blob:", "data:"],
        "font-src": ["data:"],
    }
)
@csp_replace({"frame-ancestors": ["'self'"]})
@xframe_options_sameorigin
@page
def trace_viewer(request: HttpRequest, path: str = "index.html") -> FileResponse:
    target = (TRACE_VIEWER / (path or "index.html")).resolve()
    if not target.is_relative_to(TRACE_VIEWER) or not target.is_file():
        raise Http404
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if target.suffix == ".webmanifest":
        content_type = "application/manifest+json"
    response = FileResponse(target.open("rb"), content_type=content_type)
    if target.name == "sw.bundle.js":
        response["Service-Worker-Allowed"] = "/trace/"
    return response


@page
def suite_run_form(request: HttpRequest, name: str) -> HttpResponse:
    """The Run dialog of a suite (all cases or some, headed, sharded, base URL)."""
    try:
        suite = suite_get(name=name)
    except NotFound:
        raise Http404 from None
    return render(request, "runs/start.html", {"suite": suite})
