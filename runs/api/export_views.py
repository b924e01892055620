"""GET /suites/{name}/export: the suite as a standalone @playwright/test spec (text/plain)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api.views import errors
from runs import suite_export
from runs.api.artifacts import AnyAccept


class ExportQuerySerializer(serializers.Serializer[dict[str, bool]]):
    cache = serializers.BooleanField(
        default=True,
        help_text="Use the action cache's recorded locators where a step has them "
        "(false: compile every step from the grammar).",
    )


class SuiteExportView(APIView):
    # `Accept: text/plain` (or anything else) must not end in 406; errors still answer JSON.
    content_negotiation_class = AnyAccept

    @extend_schema(
        parameters=[ExportQuerySerializer],
        responses={
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR,
                description="A `.spec.ts` for @playwright/test that runs as is. The header "
                "comment lists which steps used cached locators, which the grammar, and what "
                "needs review; steps that could not be compiled are `test.fixme` TODOs.",
            ),
            **errors(400, 401, 404),
        },
        tags=["suites"],
        summary="Export a suite as a Playwright spec",
    )
    def get(self, request: Request, name: str) -> HttpResponse:
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        spec = suite_export.suite_export(
            name=name, use_cache=query.validated_data["cache"]
        )
        response = HttpResponse(spec.text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{spec.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
