"""POST /checks/api and /checks/screenshot: validate the input, run the check, serialize it.

A check that does not hold answers 200 with `status: "failed"`: the request worked, the check
did not. Only input that cannot be checked at all answers 400.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import errors
from runs import checks
from runs.api.insights_serializers import (
    ApiCheckRequestSerializer,
    ApiCheckResultSerializer,
    ScreenshotCheckRequestSerializer,
    ScreenshotCheckResultSerializer,
)


class ApiCheckView(APIView):
    @extend_schema(
        request=ApiCheckRequestSerializer,
        responses={200: ApiCheckResultSerializer, **errors(400, 401)},
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
        data = ApiCheckRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        result = checks.api_check_run(
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
        responses={200: ScreenshotCheckResultSerializer, **errors(400, 401)},
        tags=["checks"],
        summary="Compare a PNG with the stored baseline for a name",
        description="The first image for a name seeds its baseline and passes. Later images "
        "pass when the share of differing pixels is at most `tol`; a size mismatch fails. "
        "When pixels differ, a diff image is saved and `observed.diff_path` gives it "
        "relative to the artifacts directory. Bad base64 or not a PNG answers 400.",
    )
    def post(self, request: Request) -> Response:
        data = ScreenshotCheckRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        result = checks.screenshot_check_run(
            name=given["name"],
            png=given["image_b64"],
            tol=given["tol"],
            update_baseline=given["update_baseline"],
        )
        return Response(ScreenshotCheckResultSerializer(result).data)
