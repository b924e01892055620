from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import current_user, errors
from core.filters import whole_number
from runs import selectors, services
from runs.api.serializers import (
    QueueSerializer,
    RunCreatedSerializer,
    RunCreateSerializer,
    RunDetailSerializer,
    RunSerializer,
)
from runs.models import Run, RunStatus


class RunListView(generics.ListAPIView[Run]):
    serializer_class = RunSerializer

    def get_queryset(self) -> QuerySet[Run]:
        params = self.request.query_params
        return selectors.run_list(
            suite=params.get("suite"), status=params.get("status")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("suite", str, description="Suite file name or suite id."),
            OpenApiParameter(
                "status",
                str,
                description="A status, or a comma list of them: "
                + ", ".join(RunStatus.values),
            ),
        ],
        responses={200: RunSerializer(many=True), **errors(400, 401)},
        tags=["runs"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=RunCreateSerializer,
        responses={201: RunCreatedSerializer, **errors(400, 401)},
        tags=["runs"],
        description="Queue one run per job (per shard when sharded). Any number may be queued.",
    )
    def post(self, request: Request) -> Response:
        data = RunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
        if body.get("jobs"):
            jobs = [
                services.Job(suite=j["suite"], cases=j.get("cases"))
                for j in body["jobs"]
            ]
            trigger = "queue"
        else:
            jobs = [services.Job(suite=body["suite"], cases=body.get("cases"))]
            trigger = "api"
        runs = services.run_submit(
            jobs=jobs,
            file_issues=body.get("file_issues"),
            headed=body.get("headed", False),
            sharded=body.get("sharded", False),
            base_url=body.get("base_url"),
            user=current_user(request),
            trigger=trigger,
        )
        ids = [run.id for run in runs]
        return Response(
            {"run_id": ids[0], "run_ids": ids, "queued": len(ids)},
            status=status.HTTP_201_CREATED,
        )


class RunQueueView(APIView):
    @extend_schema(responses={200: QueueSerializer, **errors(401)}, tags=["runs"])
    def get(self, request: Request) -> Response:
        return Response(selectors.run_queue())


class RunDetailView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.INT,
                description="Only events after this seq (for live polling).",
            ),
            OpenApiParameter(
                "attempt",
                OpenApiTypes.INT,
                description="The events of an earlier attempt (default: the current one).",
            ),
        ],
        responses={200: RunDetailSerializer, **errors(400, 401, 404)},
        tags=["runs"],
    )
    def get(self, request: Request, run_id: str) -> Response:
        run = selectors.run_get(run_id=run_id)
        params = request.query_params
        since = whole_number("since", params.get("since"), default=0, low=0)
        current = max(run.attempts, 1)
        attempt = whole_number(
            "attempt", params.get("attempt"), default=current, low=1, high=current
        )
        context = {"since": since, "attempt": attempt}
        return Response(RunDetailSerializer(run, context=context).data)


class RunCancelView(APIView):
    @extend_schema(
        request=None,
        extensions={"x-no-body": True},
        responses={200: RunSerializer, **errors(401, 404, 409)},
        tags=["runs"],
    )
    def post(self, request: Request, run_id: str) -> Response:
        run = services.run_cancel(run=selectors.run_get(run_id=run_id))
        return Response(RunSerializer(run).data)
