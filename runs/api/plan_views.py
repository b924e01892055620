from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import current_user, errors
from runs import plans
from runs.api.plan_serializers import (
    PlanRunResultSerializer,
    PlanSerializer,
    PlanWriteSerializer,
)
from runs.models import Plan


class PlanListView(generics.ListAPIView[Plan]):
    serializer_class = PlanSerializer
    queryset = Plan.objects.all()

    @extend_schema(
        responses={200: PlanSerializer(many=True), **errors(400, 401)}, tags=["plans"]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=PlanWriteSerializer,
        responses={200: PlanSerializer, 201: PlanSerializer, **errors(400, 401)},
        tags=["plans"],
        description="Create a plan, or update the plan named by `id`. A bad cron answers 400 "
        "`invalid_cron`.",
    )
    def post(self, request: Request) -> Response:
        data = PlanWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
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


class PlanDetailView(APIView):
    @extend_schema(responses={200: PlanSerializer, **errors(401, 404)}, tags=["plans"])
    def get(self, request: Request, plan_id: str) -> Response:
        return Response(PlanSerializer(plans.plan_get(plan_id=plan_id)).data)

    @extend_schema(responses={204: None, **errors(401, 404)}, tags=["plans"])
    def delete(self, request: Request, plan_id: str) -> Response:
        plans.plan_delete(plan=plans.plan_get(plan_id=plan_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanRunView(APIView):
    @extend_schema(
        request=None,
        extensions={"x-no-body": True},
        responses={201: PlanRunResultSerializer, **errors(400, 401, 404)},
        tags=["plans"],
    )
    def post(self, request: Request, plan_id: str) -> Response:
        runs = plans.plan_run(
            plan=plans.plan_get(plan_id=plan_id), user=current_user(request)
        )
        return Response(
            {"run_ids": [run.id for run in runs]}, status=status.HTTP_201_CREATED
        )
