from __future__ import annotations

from rest_framework import serializers

from core.api.strict import StrictJson
from suites.models import Suite


class CaseSummarySerializer(serializers.Serializer[None]):
    id = serializers.CharField()
    title = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    depends_on = serializers.ListField(child=serializers.CharField())
    steps = serializers.IntegerField(help_text="Number of steps.")
    expect = serializers.IntegerField(help_text="Number of expectations.")


class SuiteListSerializer(serializers.ModelSerializer[Suite]):
    cases = CaseSummarySerializer(many=True)

    class Meta:
        model = Suite
        fields: tuple[str, ...] = (
            "file",
            "suite_id",
            "name",
            "base_url",
            "cases",
            "created",
            "updated",
        )
        read_only_fields: tuple[str, ...] = fields


class SuiteDetailSerializer(SuiteListSerializer):
    class Meta(SuiteListSerializer.Meta):
        fields = (*SuiteListSerializer.Meta.fields, "yaml")
        read_only_fields = fields


class SuiteWriteSerializer(StrictJson, serializers.Serializer[None]):
    yaml = serializers.CharField(
        trim_whitespace=False, help_text="The suite document (YAML)."
    )


class SuiteSavedSerializer(serializers.Serializer[None]):
    ok = serializers.BooleanField()
    file = serializers.CharField()
