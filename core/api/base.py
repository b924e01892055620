"""What every app's API shares: routers, the documented error answers, reading a request body.

A viewset action is four lines: read the body with `body_of` (its serializer validates shape
only), call one service, answer with the output serializer, declare the schema with `errors()`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.routers import DynamicRoute, Route, SimpleRouter

from core.api.serializers import ErrorSerializer
from core.models import User

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="Not found"),
    429: OpenApiResponse(
        ErrorSerializer,
        description="`rate_limited`, or `busy` (long work this server is already doing "
        "at its bound): try again after the seconds in `retry_after` and Retry-After",
    ),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS.get(code, OpenApiResponse(ErrorSerializer)) for code in codes}


def body_of(
    request: Request, serializer: type[serializers.Serializer[Any]]
) -> dict[str, Any]:
    """The request body validated by `serializer`, or the one 400 shape (raised)."""
    data = serializer(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def current_user(request: Request) -> User:
    user = request.user
    # Guaranteed by IsAuthenticated on every non-open view.
    assert isinstance(user, User)
    return user


def client_ip(request: Request) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def api_router() -> SimpleRouter:
    """Each app's router: no trailing slash, path converters (`<str:run_id>`), as the seed's
    URLs are written."""
    return SimpleRouter(trailing_slash=False, use_regex_path=False)


class SingletonRouter(SimpleRouter):
    """For a resource there is one of (the instance settings): GET and PUT on `prefix` itself,
    and list-level actions under it."""

    routes = [
        Route(
            url=r"^{prefix}$",
            mapping={"get": "retrieve", "put": "update"},
            name="{basename}",
            detail=False,
            initkwargs={},
        ),
        DynamicRoute(
            url=r"^{prefix}/{url_path}$",
            name="{basename}-{url_name}",
            detail=False,
            initkwargs={},
        ),
    ]

    def __init__(self) -> None:
        super().__init__(trailing_slash=False, use_regex_path=False)
