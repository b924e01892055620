"""`/runs`, `/plans` and `suites/{name}/export`: validate, call one service, serialize."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import body_of, current_user, errors
from core.api.serializers import ErrorSerializer
from core.filters import whole_number
from runs import plans, selectors, services, suite_export
from runs.api.artifacts import AnyAccept
from runs.api.plan_serializers import (
    PlanRunResultSerializer,
    PlanSerializer,
    PlanWriteSerializer,
)
from runs.api.serializers import (
    ExportQuerySerializer,
    QueueSerializer,
    RunCreatedSerializer,
    RunCreateSerializer,
    RunDetailSerializer,
    RunSerializer,
)
from runs.models import Plan, Run, RunStatus


class RunViewSet(viewsets.GenericViewSet[Run]):
    serializer_class = RunSerializer
    lookup_url_kwarg = "run_id"

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
                {
                    "type": "array",
                    "items": {"type": "string", "enum": RunStatus.values},
                },
                style="form",
                explode=False,
                description="A status, or a comma list of them (`failed,broken`).",
            ),
        ],
        responses={200: RunSerializer(many=True), **errors(400, 401)},
        tags=["runs"],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RunSerializer(page, many=True).data)

    @extend_schema(
        request=RunCreateSerializer,
        responses={
            201: RunCreatedSerializer,
            **errors(400, 401),
            409: OpenApiResponse(
                ErrorSerializer,
                description="`display_unavailable`: `headed` on a server without a display",
            ),
        },
        tags=["runs"],
        description="Queue one run per job (per shard when sharded). Any number may be queued.",
    )
    def create(self, request: Request) -> Response:
        body = body_of(request, RunCreateSerializer)
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

    @extend_schema(responses={200: QueueSerializer, **errors(401)}, tags=["runs"])
    @action(detail=False)
    def queue(self, request: Request) -> Response:
        return Response(selectors.run_queue())

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
    def retrieve(self, request: Request, run_id: str) -> Response:
        run = selectors.run_get(run_id=run_id)
        params = request.query_params
        since = whole_number("since", params.get("since"), default=0, low=0)
        current = max(run.attempts, 1)
        attempt = whole_number(
            "attempt", params.get("attempt"), default=current, low=1, high=current
        )
        context = {"since": since, "attempt": attempt}
        return Response(RunDetailSerializer(run, context=context).data)

    @extend_schema(
        request=None,
        extensions={"x-no-body": True},
        responses={200: RunSerializer, **errors(401, 404, 409)},
        tags=["runs"],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, run_id: str) -> Response:
        run = services.run_cancel(run=selectors.run_get(run_id=run_id))
        return Response(RunSerializer(run).data)


class PlanViewSet(viewsets.GenericViewSet[Plan]):
    serializer_class = PlanSerializer
    queryset = Plan.objects.all()
    lookup_url_kwarg = "plan_id"

    @extend_schema(
        responses={200: PlanSerializer(many=True), **errors(400, 401)}, tags=["plans"]
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(
        request=PlanWriteSerializer,
        responses={200: PlanSerializer, 201: PlanSerializer, **errors(400, 401)},
        tags=["plans"],
        description="Create a plan, or update the plan named by `id` (fields left out keep "
        "their values, like PATCH). A bad cron answers 400 `invalid_cron`.",
    )
    def create(self, request: Request) -> Response:
        body = body_of(request, PlanWriteSerializer)
        plan_id = body.get("id") or None
        existed = bool(plan_id) and Plan.objects.filter(pk=plan_id).exists()
        auth = body.get("auth")
        plan = plans.plan_save(
            plan_id=plan_id,
            name=body.get("name"),
            description=body.get("description"),
            items=[
                plans.PlanItem(suite=i["suite"], cases=i.get("cases"))
                for i in body["items"]
            ]
            if "items" in body
            else None,
            schedule=body.get("schedule", plans.KEEP),
            auth=(
                plans.PlanAuth(
                    username=auth["username"],
                    password=auth.get("password"),
                    login_path=auth.get("login_path") or "/login",
                )
                if auth
                else None
            )
            if "auth" in body
            else plans.KEEP,
            base_url=body.get("base_url", plans.KEEP),
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(PlanSerializer(plan).data, status=code)

    @extend_schema(responses={200: PlanSerializer, **errors(401, 404)}, tags=["plans"])
    def retrieve(self, request: Request, plan_id: str) -> Response:
        return Response(PlanSerializer(plans.plan_get(plan_id=plan_id)).data)

    @extend_schema(responses={204: None, **errors(401, 404)}, tags=["plans"])
    def destroy(self, request: Request, plan_id: str) -> Response:
        plans.plan_delete(plan=plans.plan_get(plan_id=plan_id))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        extensions={"x-no-body": True},
        responses={201: PlanRunResultSerializer, **errors(400, 401, 404)},
        tags=["plans"],
    )
    @action(detail=True, methods=["post"])
    def run(self, request: Request, plan_id: str) -> Response:
        runs = plans.plan_run(
            plan=plans.plan_get(plan_id=plan_id), user=current_user(request)
        )
        return Response(
            {"run_ids": [run.id for run in runs]}, status=status.HTTP_201_CREATED
        )


# `suites/{name}/export`, registered under the suites' prefix: the export reads the action
# cache, which lives on this side of the import rule (suites may not import runs).
class SuiteExportViewSet(viewsets.ViewSet):
    lookup_field = "name"
    # `Accept: text/plain` (or anything else) must not end in 406; errors still answer JSON.
    content_negotiation_class = AnyAccept

    @extend_schema(
        parameters=[
            ExportQuerySerializer,
            # Empty is the same as absent (true), as for every query parameter.
            OpenApiParameter(
                "cache",
                {"anyOf": [{"type": "boolean"}, {"type": "string", "maxLength": 0}]},
                description="Use the action cache's recorded locators where a step has "
                "them (false: compile every step from the grammar). Default true.",
            ),
        ],
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
    @action(detail=True)
    def export(self, request: Request, name: str) -> HttpResponse:
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        spec = suite_export.suite_export(
            name=name, use_cache=query.validated_data["cache"]
        )
        response = HttpResponse(spec.text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{spec.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
