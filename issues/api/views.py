"""The built-in issue board and the test notification. Thin: validate, call a service, serialize."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import IsAdmin
from core.api.views import current_user, errors
from issues import selectors, services
from issues.api.serializers import (
    CommentCreateSerializer,
    CommentSerializer,
    IssueDetailSerializer,
    IssuePatchSerializer,
    IssueSerializer,
    TestNotificationSerializer,
)
from issues.models import Issue, IssueStatus, Severity
from issues.notify import notify_test

ISSUE_REF = OpenApiParameter(
    "issue_ref",
    str,
    location=OpenApiParameter.PATH,
    description="The issue key (TW-12) or its numeric id (12).",
)


def _detail(issue: Issue) -> dict[str, Any]:
    fresh = (
        Issue.objects.prefetch_related(
            "comments__author", "activity__actor", "occurrence_log"
        )
        .filter(pk=issue.pk)
        .get()
    )
    return dict(IssueDetailSerializer(fresh).data)


class IssueListView(generics.ListAPIView[Issue]):
    serializer_class = IssueSerializer

    def get_queryset(self) -> QuerySet[Issue]:
        params = self.request.query_params
        return selectors.issue_list(
            status=params.get("status"),
            q=params.get("q"),
            severity=params.get("severity"),
            suite=params.get("suite"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=IssueStatus.values),
            OpenApiParameter(
                "q",
                str,
                description="Search key, title, body, suite, case and fingerprint.",
            ),
            OpenApiParameter("severity", str, enum=Severity.values),
            OpenApiParameter("suite", str, description="A suite id or file."),
        ],
        responses={200: IssueSerializer(many=True), **errors(400, 401)},
        tags=["issues"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class IssueDetailView(APIView):
    @extend_schema(
        parameters=[ISSUE_REF],
        responses={200: IssueDetailSerializer, **errors(401, 404)},
        tags=["issues"],
    )
    def get(self, request: Request, issue_ref: str) -> Response:
        return Response(_detail(selectors.issue_get(ref=issue_ref)))

    @extend_schema(
        parameters=[ISSUE_REF],
        request=IssuePatchSerializer,
        responses={200: IssueDetailSerializer, **errors(400, 401, 404)},
        tags=["issues"],
        description="Change any of status (open, acknowledged, closed), title, body_md, "
        "severity (critical, high, medium, low). Each change is written to the activity log.",
    )
    def patch(self, request: Request, issue_ref: str) -> Response:
        issue = selectors.issue_get(ref=issue_ref)
        data = IssuePatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.issue_update(
            issue=issue, actor=current_user(request), **data.validated_data
        )
        return Response(_detail(updated))


class IssueCommentsView(APIView):
    @extend_schema(
        parameters=[ISSUE_REF],
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **errors(400, 401, 404)},
        tags=["issues"],
    )
    def post(self, request: Request, issue_ref: str) -> Response:
        issue = selectors.issue_get(ref=issue_ref)
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.issue_comment_add(
            issue=issue, author=current_user(request), body=data.validated_data["body"]
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class TestNotificationView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        request=None,
        responses={200: TestNotificationSerializer, **errors(401, 403)},
        tags=["settings"],
        extensions={"x-no-body": True},
        description="Send a test message to each configured webhook (Slack, Teams) and say "
        "what happened per channel. Admin only.",
    )
    def post(self, request: Request) -> Response:
        results = notify_test()
        return Response({name: result.as_dict() for name, result in results.items()})
