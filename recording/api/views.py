"""/record/*: validate the body, call a recording service, serialize the answer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import body_of, errors
from core.api.serializers import ErrorSerializer
from recording import services
from recording.api.serializers import (
    ConversionSerializer,
    ConvertInputSerializer,
    ConvertRequestSerializer,
    RecordSessionSerializer,
    RecordStartedSerializer,
    RecordStartSerializer,
    RecordStopSerializer,
)

CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="`display_unavailable` (no display on the server) or `conflict`",
)


def _conversion(result: services.Conversion) -> Response:
    body: dict[str, Any] = {"yaml": result.yaml, "actions": result.actions}
    if result.saved_as:
        body["saved_as"] = result.saved_as
    return Response(ConversionSerializer(body).data)


class ConvertView(APIView):
    @extend_schema(
        request=ConvertRequestSerializer,
        responses={200: ConversionSerializer, **errors(400, 401)},
        tags=["record"],
        summary="Convert an action trace into a suite",
        description="Keystrokes into one field are merged, each intent becomes one step in "
        "the grammar, passwords become a secret `env` variable (`RECORDED_PASSWORD`), a final "
        "`url` check is added, and the recorded locators are seeded into the action cache.",
        examples=[
            OpenApiExample(
                "Sign in",
                request_only=True,
                value={
                    "base_url": "http://127.0.0.1:8500",
                    "title": "Sign in",
                    "actions": [
                        {"type": "navigate", "url": "http://127.0.0.1:8500/login"},
                        {"type": "fill", "text": "Email", "value": "ann@example.com"},
                        {"type": "fill", "text": "Password", "value": "secret-pass"},
                        {"type": "click", "text": "Sign in"},
                    ],
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, ConvertInputSerializer)
        result = services.record_convert(
            actions=given["actions"],
            base_url=given["base_url"],
            title=given.get("title") or None,
            save_as=given.get("save_as") or None,
            humanize=given["humanize"],
        )
        return _conversion(result)


class RecordStartView(APIView):
    @extend_schema(
        request=RecordStartSerializer,
        responses={201: RecordStartedSerializer, **errors(400, 401), 409: CONFLICT},
        tags=["record"],
        summary="Open a headed browser at base_url and record what the user does",
    )
    def post(self, request: Request) -> Response:
        base_url = body_of(request, RecordStartSerializer)["base_url"]
        session = services.session_start(base_url=base_url)
        return Response(
            RecordStartedSerializer({"record_id": session.id}).data,
            status=status.HTTP_201_CREATED,
        )


# `record/sessions/{record_id}`: a recording session is a resource; starting, stopping and
# converting are verbs, plain views above and below.
class RecordSessionViewSet(viewsets.ViewSet):
    lookup_url_kwarg = "record_id"

    @extend_schema(
        request=None,
        responses={200: RecordSessionSerializer, **errors(401, 404)},
        tags=["record"],
        summary="Live status of a recording session",
    )
    def retrieve(self, request: Request, record_id: str) -> Response:
        session = services.session_get(record_id=record_id)
        body = {
            "status": session.status,
            "action_count": len(session.actions),
            "base_url": session.base_url,
            "error": session.error,
        }
        return Response(RecordSessionSerializer(body).data)


class RecordStopView(APIView):
    @extend_schema(
        request=RecordStopSerializer,
        responses={
            200: ConversionSerializer,
            **errors(400, 401, 404),
            409: CONFLICT,
        },
        tags=["record"],
        summary="Stop a recording (its browser is closed) and convert it into a suite",
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, RecordStopSerializer)
        result = services.session_stop(
            record_id=given["record_id"],
            title=given.get("title") or None,
            save_as=given.get("save_as") or None,
            humanize=given["humanize"],
        )
        return _conversion(result)
