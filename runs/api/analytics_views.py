"""GET /analytics: flakiness, pass rates, trend and slowest cases over the run history."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import errors
from runs.analytics import analytics_get
from runs.api.insights_serializers import AnalyticsQuerySerializer, AnalyticsSerializer


class AnalyticsView(APIView):
    @extend_schema(
        parameters=[AnalyticsQuerySerializer],
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
            suite_id=given.get("suite"),
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
