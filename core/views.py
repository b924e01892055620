"""Error pages: JSON under /api (never HTML there), plain pages elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from django.views.defaults import server_error as html_server_error


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api"):
        return JsonResponse({"type": "not_found", "detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api"):
        return JsonResponse(
            {"type": "server_error", "detail": "Internal server error."}, status=500
        )
    return html_server_error(request)
