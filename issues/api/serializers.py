from __future__ import annotations

from typing import Any
from urllib.parse import quote

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.strict import StrictJson
from issues.models import (
    Issue,
    IssueActivity,
    IssueComment,
    IssueOccurrence,
    IssueStatus,
    Severity,
)
from issues.rendering import render_markdown

ARTIFACTS_URL = "/api/v1/artifacts/"


class CommentSerializer(serializers.ModelSerializer[IssueComment]):
    author = serializers.SerializerMethodField(
        help_text="The author's email; null when Tripwire wrote it."
    )
    body_html = serializers.SerializerMethodField(
        help_text="Sanitised HTML of the body."
    )

    class Meta:
        model = IssueComment
        fields = ("id", "author", "body", "body_html", "created")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, comment: IssueComment) -> str | None:
        return comment.author.shown_as if comment.author else None

    def get_body_html(self, comment: IssueComment) -> str:
        return render_markdown(comment.body)


class ActivitySerializer(serializers.ModelSerializer[IssueActivity]):
    actor = serializers.SerializerMethodField(
        help_text="Who did it (email); null when Tripwire did."
    )

    class Meta:
        model = IssueActivity
        fields = ("id", "kind", "actor", "message", "data", "created")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, activity: IssueActivity) -> str | None:
        return activity.actor.shown_as if activity.actor else None


class OccurrenceSerializer(serializers.ModelSerializer[IssueOccurrence]):
    class Meta:
        model = IssueOccurrence
        fields = ("run_id", "status", "seen_at")
        read_only_fields = fields


class ExternalLinkSerializer(serializers.Serializer[None]):
    action = serializers.CharField()
    url = serializers.CharField()
    ref = serializers.CharField()


class IssueSerializer(serializers.ModelSerializer[Issue]):
    screenshot_url = serializers.SerializerMethodField(
        help_text="The failure screenshot under /api/v1/artifacts (send the Bearer token or "
        "?token=), or null."
    )
    external = serializers.DictField(
        child=ExternalLinkSerializer(),
        help_text="Mirrors in external trackers: github/gitlab/jira → {action, url, ref}.",
    )

    class Meta:
        model = Issue
        fields: tuple[str, ...] = (
            "id",
            "key",
            "title",
            "severity",
            "status",
            "suite_id",
            "suite_file",
            "case_id",
            "case_title",
            "fingerprint",
            "first_seen",
            "last_seen",
            "occurrences",
            "last_run_id",
            "screenshot",
            "screenshot_url",
            "external",
            "created",
            "updated",
        )
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_screenshot_url(self, issue: Issue) -> str | None:
        if not issue.screenshot:
            return None
        return ARTIFACTS_URL + quote(issue.screenshot, safe="/")


class DiagnosisSerializer(serializers.Serializer[None]):
    category = serializers.CharField()
    server_error = serializers.CharField(allow_null=True)
    suspected_cause = serializers.CharField()
    suggested_fix = serializers.CharField()
    confidence = serializers.FloatField()
    evidence = serializers.ListField(child=serializers.CharField())


class IssueDetailSerializer(IssueSerializer):
    body_html = serializers.SerializerMethodField(
        help_text="The body rendered from Markdown and sanitised (no scripts, no javascript: links)."
    )
    diagnosis = DiagnosisSerializer(allow_null=True)
    comments = CommentSerializer(many=True)
    history = OccurrenceSerializer(
        many=True,
        source="occurrence_log",
        help_text="Runs the failure was seen in, newest first.",
    )
    activity = ActivitySerializer(many=True, help_text="What happened, oldest first.")

    class Meta(IssueSerializer.Meta):
        fields = (
            *IssueSerializer.Meta.fields,
            "body_md",
            "body_html",
            "diagnosis",
            "comments",
            "history",
            "activity",
        )
        read_only_fields = fields

    def get_body_html(self, issue: Issue) -> str:
        return render_markdown(issue.body_md)


class IssuePatchSerializer(StrictJson, serializers.Serializer[None]):
    status = serializers.ChoiceField(choices=IssueStatus.choices, required=False)
    title = serializers.CharField(max_length=300, required=False)
    body_md = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=200_000
    )
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(
                "Send at least one of status, title, body_md, severity."
            )
        return attrs


class CommentCreateSerializer(StrictJson, serializers.Serializer[None]):
    body = serializers.CharField(max_length=20_000, help_text="Markdown.")


class ChannelResultSerializer(serializers.Serializer[None]):
    sent = serializers.BooleanField()
    status = serializers.IntegerField(
        allow_null=True, help_text="The webhook's HTTP status, if it answered."
    )
    error = serializers.CharField(allow_null=True)


class TestNotificationSerializer(StrictJson, serializers.Serializer[None]):
    slack = ChannelResultSerializer()
    teams = ChannelResultSerializer()
