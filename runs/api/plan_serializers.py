from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.strict import StrictJson
from runs.models import Plan


class PlanItemSerializer(StrictJson, serializers.Serializer[None]):
    suite = serializers.CharField()
    cases = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True
    )


class PlanAuthSerializer(StrictJson, serializers.Serializer[None]):
    username = serializers.CharField()
    password = serializers.CharField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Stored encrypted; omit on update to keep the current one.",
    )
    login_path = serializers.CharField(required=False, default="/login")


class PlanWriteSerializer(StrictJson, serializers.Serializer[None]):
    """Create (no `id`, or an unknown one) or update (`id` of an existing plan). On an update,
    fields left out keep their current values, like PATCH; `null` clears `schedule`, `auth` and
    `base_url`."""

    id = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Set to update a plan; fields left out keep their values.",
    )
    name = serializers.CharField(required=False, help_text="Required for a new plan.")
    description = serializers.CharField(required=False, allow_blank=True)
    items = PlanItemSerializer(many=True, required=False)
    schedule = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="5-field cron, e.g. 0 2 * * *; null or empty: no schedule.",
    )
    auth = PlanAuthSerializer(required=False, allow_null=True)
    base_url = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Run every item against this http(s) URL instead of each suite's own "
        "base_url (as `POST /runs` does).",
    )


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
            "base_url",
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
