"""POST /generate and /generate/plan: validate the shape, call the service, serialize."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import body_of, errors
from generation import services
from generation.api.serializers import (
    GeneratePlanResponseSerializer,
    GenerateRequestSerializer,
    GenerateResponseSerializer,
)


def _arguments(request: Request) -> dict[str, Any]:
    given = body_of(request, GenerateRequestSerializer)
    auth = given.get("auth")
    return {
        "kind": given["kind"],
        "url": given.get("url") or None,
        "base_url": given.get("base_url") or None,
        "text": given.get("text") or None,
        "auth": services.GenerateAuth(
            username=auth["username"],
            password=auth["password"],
            login_path=auth["login_path"],
        )
        if auth
        else None,
        "exhaustive": given["exhaustive"],
        "save_as": given.get("save_as") or None,
        "exclude": tuple(given.get("exclude") or ()),
        "allow": tuple(given.get("allow") or ()),
    }


class GenerateView(APIView):
    @extend_schema(
        request=GenerateRequestSerializer,
        responses={200: GenerateResponseSerializer, **errors(400, 401, 429, 502)},
        tags=["generate"],
        summary="Generate a suite from a live app, docs, a description or an OpenAPI document",
        description="`url` crawls the app in Chromium (same origin, bounded pages and time); "
        "without a model it writes page-load and form cases by code. `docs` and `text` need "
        "a model (502 `generation_error` otherwise). A clash with `save_as` answers 400 and "
        "overwrites nothing.",
        examples=[
            OpenApiExample(
                "Crawl and save",
                request_only=True,
                value={"url": "https://app.example.com", "save_as": "app-flows"},
            )
        ],
    )
    def post(self, request: Request) -> Response:
        result = services.suite_generate(**_arguments(request))
        body: dict[str, Any] = {"yaml": result.yaml, "dropped": list(result.dropped)}
        if result.saved_as:
            body["saved_as"] = result.saved_as
        return Response(GenerateResponseSerializer(body).data)


class GeneratePlanView(APIView):
    @extend_schema(
        request=GenerateRequestSerializer,
        responses={201: GeneratePlanResponseSerializer, **errors(400, 401, 429, 502)},
        tags=["generate"],
        summary="Generate one suite per area and a plan that runs them",
        description="Saves every suite and the plan, or nothing. With `auth`, the plan logs in "
        "before each item.",
    )
    def post(self, request: Request) -> Response:
        result = services.plan_generate(**_arguments(request))
        body = {
            "plan_id": result.plan_id,
            "plan_name": result.plan_name,
            "suites": result.suites,
        }
        return Response(GeneratePlanResponseSerializer(body).data, status=201)
