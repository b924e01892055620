"""Under /api, every answer is JSON in the one error shape, whoever produced it.

DRF's handler shapes what the API's views raise; this catches what happens around them: Django's
CSRF refusal, a disallowed Host header (400), a non-API view mounted under /api (the docs page's
405), a 413 for an oversized body. Such a response is replaced by `{"type", "detail"}` with the
same status and headers that matter (Allow, Retry-After).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

TYPES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "server_error",
}
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def is_api(request: HttpRequest) -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


class ApiErrorsAsJson:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api(request)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        detail = {
            403: "The request was refused (a form without its CSRF token, or not allowed).",
            405: f"{request.method} is not allowed on {request.path}.",
        }.get(status, f"{phrase}.")
        replaced = JsonResponse(
            {"type": TYPES.get(status, "error"), "detail": detail}, status=status
        )
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced
