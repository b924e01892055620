"""`{"items": [...], "total": N, "limit": L, "offset": O}` for every list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.filters import whole_number

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# What every supported database takes as an OFFSET (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


class Pagination(BasePagination):
    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | Sequence[Any],
        request: Request,
        view: APIView | None = None,
    ) -> list[Any]:
        params = request.query_params
        self.limit = whole_number(
            "limit", params.get("limit"), default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT
        )
        self.offset = whole_number(
            "offset", params.get("offset"), default=0, low=0, high=MAX_OFFSET
        )
        self.total = (
            queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        )
        return list(queryset[self.offset : self.offset + self.limit])

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "items": data,
                "total": self.total,
                "limit": self.limit,
                "offset": self.offset,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["items", "total", "limit", "offset"],
            "properties": {
                "items": schema,
                "total": {"type": "integer"},
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                "description": f"Page size (default {DEFAULT_LIMIT}).",
            },
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
                "description": "Items to skip.",
            },
        ]
