"""GET /artifacts/{path}: a run's file, for a Bearer or `?token=` (runs/artifacts.py serves it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api.authentication import BearerAuthentication, QueryTokenAuthentication
from core.api.base import errors
from runs.artifacts import ARTIFACT_TYPES, artifact_response


class AnyAccept(BaseContentNegotiation):
    """Browsers ask for images with `Accept: image/*`; errors still answer JSON."""

    def select_parser(
        self, request: Request, parsers: Iterable[BaseParser]
    ) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ArtifactView(APIView):
    authentication_classes = [BearerAuthentication, QueryTokenAuthentication]
    content_negotiation_class = AnyAccept

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "token", str, description="A JWT or tw_ token, for <img> and <a> tags."
            )
        ],
        responses={
            **{
                (200, content_type): OpenApiResponse(
                    OpenApiTypes.BINARY,
                    description="The file, with its own content type: screenshots "
                    "(PNG), traces (zip), report.json, junit.xml, report.html.",
                )
                for content_type in ARTIFACT_TYPES
            },
            **errors(401, 404),
        },
        tags=["runs"],
    )
    def get(self, request: Request, path: str) -> FileResponse:
        return artifact_response(path)
