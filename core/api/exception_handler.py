"""The one REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error becomes {"type", "detail", ...}."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions as drf
from rest_framework.response import Response

from core.exceptions import RateLimited, TripwireError

logger = logging.getLogger(__name__)

_DRF_TYPES: tuple[tuple[type[drf.APIException], str], ...] = (
    (drf.NotAuthenticated, "not_authenticated"),
    (drf.AuthenticationFailed, "not_authenticated"),
    (drf.PermissionDenied, "permission_denied"),
    (drf.NotFound, "not_found"),
    (drf.MethodNotAllowed, "method_not_allowed"),
    (drf.NotAcceptable, "not_acceptable"),
    (drf.UnsupportedMediaType, "unsupported_media_type"),
    (drf.ParseError, "parse_error"),
    (drf.Throttled, "rate_limited"),
    (drf.ValidationError, "validation_error"),
)


def flatten_errors(detail: Any, path: str = "") -> list[dict[str, str]]:
    """DRF's nested {field: [messages]} → [{"path": "items[0].suite", "message": "..."}]."""
    found: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors":
                child = path
            elif path:
                child = f"{path}.{key}"
            else:
                child = str(key)
            found.extend(flatten_errors(value, child))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            found.extend({"path": path, "message": str(item)} for item in detail)
        else:
            for index, item in enumerate(detail):
                found.extend(flatten_errors(item, f"{path}[{index}]"))
    else:
        found.append({"path": path, "message": str(detail)})
    return found


def error_body(exc: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Status, body and extra headers for any exception raised while serving the API."""
    headers: dict[str, str] = {}
    if isinstance(exc, TripwireError):
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(exc.retry_after)
        return exc.status_code, exc.as_dict(), headers
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return (
            413,
            {"type": "payload_too_large", "detail": f"The body is over {limit} MB."},
            {},
        )
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    if isinstance(exc, drf.APIException):
        kind = next((name for cls, name in _DRF_TYPES if isinstance(exc, cls)), "error")
        if isinstance(exc, drf.ValidationError):
            errors = flatten_errors(exc.detail)
            first = errors[0] if errors else {"path": "", "message": "Invalid input."}
            where = f"{first['path']}: " if first["path"] else ""
            body: dict[str, Any] = {
                "type": kind,
                "detail": f"{where}{first['message']}",
                "errors": errors,
            }
        else:
            body = {"type": kind, "detail": str(exc.detail)}
        wait = getattr(exc, "wait", None)
        if isinstance(exc, drf.Throttled) and wait is not None:
            headers["Retry-After"] = str(int(wait))
        status = exc.status_code
        if isinstance(exc, drf.AuthenticationFailed | drf.NotAuthenticated):
            status = 401
            headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return status, body, headers
    logger.exception("Unhandled error while serving the API")
    return 500, {"type": "server_error", "detail": "Internal server error."}, {}


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response:
    status, body, headers = error_body(exc)
    return Response(body, status=status, headers=headers)


@csrf_exempt  # an unknown path is a 404 whatever the method, not a CSRF refusal
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse(
        {"type": "not_found", "detail": f"No API endpoint at {request.path}."},
        status=404,
    )
