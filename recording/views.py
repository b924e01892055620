"""The Record page: start a headed recorder at a URL, watch its action count, stop it, review the
suite it wrote and save it. Without a display the server says how to get one."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import NotFound, TripwireError
from core.web import page
from recording import services
from suites.editor import editor_lines


@page
def record_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"base_url": request.POST.get("base_url", "")}
    if request.method == "POST":
        try:
            session = services.session_start(base_url=context["base_url"])
        except TripwireError as exc:
            context.update(error=exc.detail, kind=exc.type)
        else:
            return redirect(f"/record/{session.id}")
    return render(request, "recording/record.html", context)


def _session(record_id: str) -> Any:
    try:
        return services.session_get(record_id=record_id)
    except NotFound:
        raise Http404 from None


@page
def record_session(request: HttpRequest, record_id: str) -> HttpResponse:
    session = _session(record_id)
    partial = request.headers.get("HX-Request") == "true"
    template = "recording/_status.html" if partial else "recording/session.html"
    return render(request, template, {"session": session})


@page
@require_POST
def record_stop(request: HttpRequest, record_id: str) -> HttpResponse:
    _session(record_id)
    context: dict[str, Any] = {}
    try:
        converted = services.session_stop(
            record_id=record_id, title=request.POST.get("title") or None
        )
    except TripwireError as exc:
        context["error"] = exc.detail
    else:
        context.update(preview=converted.yaml, **editor_lines(converted.yaml, []))
    context["session"] = _session(record_id)
    return render(request, "recording/session.html", context)
