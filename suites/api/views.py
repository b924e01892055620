from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import errors
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


def _yaml_from(request: Request) -> str:
    data = SuiteWriteSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return str(data.validated_data["yaml"])


class SuiteListView(generics.ListAPIView[Suite]):
    serializer_class = SuiteListSerializer

    def get_queryset(self) -> QuerySet[Suite]:
        return selectors.suite_list(q=self.request.query_params.get("q"))

    @extend_schema(
        parameters=[Q_PARAM],
        responses={200: SuiteListSerializer(many=True), **errors(400, 401)},
        tags=["suites"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=SuiteWriteSerializer,
        responses={201: SuiteSavedSerializer, **errors(400, 401)},
        tags=["suites"],
        description="Create a suite. The server picks a free file name from the suite id.",
    )
    def post(self, request: Request) -> Response:
        suite = services.suite_create(yaml_text=_yaml_from(request))
        return Response(
            {"ok": True, "file": suite.file}, status=status.HTTP_201_CREATED
        )


class SuiteDetailView(APIView):
    @extend_schema(
        responses={200: SuiteDetailSerializer, **errors(401, 404)}, tags=["suites"]
    )
    def get(self, request: Request, name: str) -> Response:
        return Response(SuiteDetailSerializer(selectors.suite_get(name=name)).data)

    @extend_schema(
        request=SuiteWriteSerializer,
        responses={
            200: SuiteSavedSerializer,
            201: SuiteSavedSerializer,
            **errors(400, 401),
        },
        tags=["suites"],
        description="Replace a suite's YAML (created under this name if it does not exist). "
        "Invalid YAML answers 400 `invalid_yaml` with every problem and saves nothing.",
    )
    def put(self, request: Request, name: str) -> Response:
        yaml_text = _yaml_from(request)
        existing = Suite.objects.filter(file=name).first()
        if existing is None:
            suite = services.suite_create(yaml_text=yaml_text, file=name)
            return Response(
                {"ok": True, "file": suite.file}, status=status.HTTP_201_CREATED
            )
        services.suite_update(suite=existing, yaml_text=yaml_text)
        return Response({"ok": True, "file": existing.file})

    @extend_schema(responses={204: None, **errors(401, 404)}, tags=["suites"])
    def delete(self, request: Request, name: str) -> Response:
        services.suite_delete(suite=selectors.suite_get(name=name))
        return Response(status=status.HTTP_204_NO_CONTENT)
