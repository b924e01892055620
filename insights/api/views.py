"""GET /analytics and POST /checks/api, /checks/screenshot: validate, call the service, serialize.

A standalone check that does not hold answers 200 with `status: "failed"`: the request worked, the
check did not. Only input that cannot be checked at all answers 400.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import body_of, errors
from insights import standalone_checks
from insights.analytics import analytics_get
from insights.api.serializers import (
    AnalyticsQuerySerializer,
    AnalyticsSerializer,
    ApiCheckRequestSerializer,
    ApiCheckResultSerializer,
    ScreenshotCheckRequestSerializer,
    ScreenshotCheckResultSerializer,
)


class AnalyticsView(APIView):
    @extend_schema(
        parameters=[
            AnalyticsQuerySerializer,
            # A date or a date-time (DRF's field takes both); empty is the same as absent.
            OpenApiParameter(
                "since",
                {
                    "anyOf": [
                        {"type": "string", "format": "date-time"},
                        {"type": "string", "format": "date"},
                        {"type": "string", "maxLength": 0},
                    ]
                },
                description="Only runs created at or after this ISO date or date-time (a "
                "date means its midnight, UTC; a time without offset is UTC).",
            ),
        ],
        responses={200: AnalyticsSerializer, **errors(400, 401)},
        tags=["analytics"],
        summary="Flake and run analytics over the run history",
        description="Computed on demand from finished runs (cancelled ones excluded). Skipped "
        "outcomes are counted in `skipped` only. `cases` and `flaky_cases` are sorted "
        "flakiest first: flaky, then flake_rate, flaky marks and runs (all descending), then "
        "suite_id and case_id. See docs/analytics.md.",
    )
    def get(self, request: Request) -> Response:
        query = AnalyticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        document = analytics_get(
            suite_id=given.get("suite") or None,
            since=given.get("since"),
            cases_limit=given.get("cases_limit"),
            cases_offset=given["cases_offset"],
            trend_limit=given["trend_limit"],
        )
        # The selector's TypedDicts already have the documented shape (AnalyticsSerializer; a test
        # checks the two agree), and JSONRenderer formats their datetimes the way the serializer
        # would. Running ~30k DRF field conversions over a 1,000-case history would add more
        # time than all four queries take, so the document is rendered as it is.
        return Response(document)


class ApiCheckView(APIView):
    @extend_schema(
        request=ApiCheckRequestSerializer,
        responses={200: ApiCheckResultSerializer, **errors(400, 401, 429)},
        tags=["checks"],
        summary="Run one HTTP request and check its status and/or a JSON path",
        description="Connection errors, timeouts, a body that is not JSON and a path that "
        "matches nothing are a failed check (200, `status: failed`, `observed.error`), not "
        "an error response. Redirects are followed unless `follow_redirects` is false.",
        examples=[
            OpenApiExample(
                "Status and a value",
                request_only=True,
                value={
                    "url": "http://127.0.0.1:8500/api/health",
                    "status": 200,
                    "json_path": "$.status",
                    "equals": "ok",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, ApiCheckRequestSerializer)
        result = standalone_checks.api_check_run(
            url=given["url"],
            method=given["method"],
            expected_status=given.get("status"),
            json_path=given.get("json_path"),
            has_equals="equals" in given,
            equals=given.get("equals"),
            headers=given.get("headers"),
            body=given.get("body"),
            timeout=given["timeout"],
            follow_redirects=given["follow_redirects"],
        )
        return Response(ApiCheckResultSerializer(result).data)


class ScreenshotCheckView(APIView):
    @extend_schema(
        request=ScreenshotCheckRequestSerializer,
        responses={200: ScreenshotCheckResultSerializer, **errors(400, 401, 429)},
        tags=["checks"],
        summary="Compare a PNG with the stored baseline for a name",
        description="The first image for a name seeds its baseline and passes. Later images "
        "pass when the share of differing pixels is at most `tol`; a size mismatch fails. "
        "When pixels differ, a diff image is saved and `observed.diff_path` gives it "
        "relative to the artifacts directory. Bad base64 or not a PNG answers 400.",
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, ScreenshotCheckRequestSerializer)
        result = standalone_checks.screenshot_check_run(
            name=given["name"],
            png=given["image_b64"],
            tol=given["tol"],
            update_baseline=given["update_baseline"],
        )
        return Response(ScreenshotCheckResultSerializer(result).data)
