from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from runs.models import Plan


class PlanItemSerializer(serializers.Serializer[None]):
    suite = serializers.CharField()
    cases = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True
    )


class PlanAuthSerializer(serializers.Serializer[None]):
    username = serializers.CharField()
    password = serializers.CharField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Stored encrypted; omit on update to keep the current one.",
    )
    login_path = serializers.CharField(required=False, default="/login")


class PlanWriteSerializer(serializers.Serializer[None]):
    id = serializers.CharField(
        required=False, allow_null=True, help_text="Set to update a plan."
    )
    name = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    items = PlanItemSerializer(many=True)
    schedule = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="5-field cron, e.g. 0 2 * * *",
    )
    auth = PlanAuthSerializer(required=False, allow_null=True)


class PlanAuthPublicSerializer(serializers.Serializer[None]):
    username = serializers.CharField()
    login_path = serializers.CharField()
    password = serializers.CharField(help_text="Always masked.")


class PlanSerializer(serializers.ModelSerializer[Plan]):
    items = PlanItemSerializer(many=True)
    auth = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields: tuple[str, ...] = (
            "id",
            "name",
            "description",
            "items",
            "schedule",
            "auth",
            "last_run",
            "next_run",
            "created",
            "updated",
        )
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(PlanAuthPublicSerializer(allow_null=True))
    def get_auth(self, plan: Plan) -> dict[str, Any] | None:
        if not plan.auth:
            return None
        return {
            "username": plan.auth.get("username", ""),
            "login_path": plan.auth.get("login_path", "/login"),
            "password": "••••",
        }


class PlanRunResultSerializer(serializers.Serializer[None]):
    run_ids = serializers.ListField(child=serializers.CharField())
