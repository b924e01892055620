from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import body_of, errors
from suites import selectors, services
from suites.api.serializers import (
    SuiteDetailSerializer,
    SuiteListSerializer,
    SuiteSavedSerializer,
    SuiteWriteSerializer,
)
from suites.models import Suite

Q_PARAM = OpenApiParameter(
    "q", str, description="Search file name, suite name, suite id and case titles."
)


def _saved(suite: Suite, *, created: bool) -> Response:
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return Response({"ok": True, "file": suite.file}, status=code)


# `/suites`: a suite is named by its file, or by its id while that is unambiguous.
# (`suites/{name}/export` is an action of runs' SuiteExportViewSet: the export reads the
# action cache, which suites may not import.)
class SuiteViewSet(viewsets.GenericViewSet[Suite]):
    serializer_class = SuiteListSerializer
    lookup_field = "name"
    lookup_value_converter = "str"

    def get_queryset(self) -> QuerySet[Suite]:
        return selectors.suite_list(q=self.request.query_params.get("q"))

    @extend_schema(
        parameters=[Q_PARAM],
        responses={200: SuiteListSerializer(many=True), **errors(400, 401)},
        tags=["suites"],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SuiteListSerializer(page, many=True).data)

    @extend_schema(
        request=SuiteWriteSerializer,
        responses={201: SuiteSavedSerializer, **errors(400, 401)},
        tags=["suites"],
        description="Create a suite. The server picks a free file name from the suite id.",
    )
    def create(self, request: Request) -> Response:
        yaml_text = body_of(request, SuiteWriteSerializer)["yaml"]
        return _saved(services.suite_create(yaml_text=yaml_text), created=True)

    @extend_schema(
        responses={200: SuiteDetailSerializer, **errors(401, 404)}, tags=["suites"]
    )
    def retrieve(self, request: Request, name: str) -> Response:
        return Response(SuiteDetailSerializer(selectors.suite_get(name=name)).data)

    @extend_schema(
        request=SuiteWriteSerializer,
        parameters=[
            OpenApiParameter(
                "name",
                str,
                OpenApiParameter.PATH,
                pattern=services.FILE_NAME.pattern,
                description="The suite's file name, ending in .tripwire.yaml.",
            )
        ],
        responses={
            200: SuiteSavedSerializer,
            201: SuiteSavedSerializer,
            **errors(400, 401),
        },
        tags=["suites"],
        description="Replace a suite's YAML (created under this name if it does not exist). "
        "Invalid YAML answers 400 `invalid_yaml` with every problem and saves nothing.",
    )
    def update(self, request: Request, name: str) -> Response:
        yaml_text = body_of(request, SuiteWriteSerializer)["yaml"]
        saved, created = services.suite_save(file=name, yaml_text=yaml_text)
        return _saved(saved, created=created)

    @extend_schema(responses={204: None, **errors(401, 404)}, tags=["suites"])
    def destroy(self, request: Request, name: str) -> Response:
        services.suite_delete(suite=selectors.suite_get(name=name))
        return Response(status=status.HTTP_204_NO_CONTENT)
