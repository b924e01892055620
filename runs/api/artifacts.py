"""Run artifacts (screenshots, traces, reports), read-only and confined to the artifacts folder."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
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
from core.exceptions import NotFound

# Reports link screenshots relatively; these types are served inline, anything else as a download.
# What a run writes, for the schema (what a file really is decides the answer's type).
ARTIFACT_TYPES = (
    "image/png",
    "application/zip",
    "application/json",
    "application/xml",
    "text/html",
    "application/octet-stream",
)
INLINE = {
    "image/png",
    "image/jpeg",
    "text/html",
    "application/json",
    "text/plain",
    "application/xml",
    "text/xml",
}


def resolve_artifact(relative: str) -> Path:
    """The file `relative` names inside the artifacts folder, or NotFound.

    Resolving follows symlinks, so a link pointing outside is refused like `..` would be.
    """
    root = Path(settings.ARTIFACTS_DIR).resolve()
    if (
        not relative
        or "\x00" in relative
        or "\\" in relative
        or relative.startswith("/")
    ):
        raise NotFound("No such artifact.")
    try:
        target = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise NotFound("No such artifact.") from None
    if not target.is_relative_to(root) or not target.is_file():
        raise NotFound("No such artifact.")
    return target


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
        target = resolve_artifact(path)
        content_type = (
            mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        response = FileResponse(
            target.open("rb"),
            content_type=content_type,
            as_attachment=content_type not in INLINE,
            filename=target.name,
        )
        # A report.html from a tested site must not run scripts against this origin.
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
