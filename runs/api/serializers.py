from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.strict import StrictJson
from runs.models import Run, RunEvent


class JobSerializer(StrictJson, serializers.Serializer[None]):
    suite = serializers.CharField(help_text="Suite file name (or suite id).")
    cases = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_null=True,
        help_text="A subset of case ids; their prerequisites come along. Omit for all.",
    )


class RunCreateSerializer(StrictJson, serializers.Serializer[None]):
    """Single-suite form `{suite, cases?, ...}` or queue form `{jobs: [...], ...}`."""

    suite = serializers.CharField(required=False)
    cases = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True
    )
    jobs = JobSerializer(many=True, required=False)
    file_issues = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="tripwire (default from settings), none, or a comma list: tripwire,github,jira",
    )
    headed = serializers.BooleanField(required=False, default=False)
    sharded = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Split the suite into independent runs along its depends_on graph.",
    )
    base_url = serializers.URLField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Run against another deployment (e.g. a preview) instead of the suite's base_url.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_suite, has_jobs = bool(attrs.get("suite")), bool(attrs.get("jobs"))
        if has_suite == has_jobs:
            raise serializers.ValidationError(
                {
                    "suite": "Give either `suite` (one suite) or `jobs` (a list), not both or neither."
                }
            )
        if has_jobs and attrs.get("sharded"):
            raise serializers.ValidationError(
                {"sharded": "sharded applies to the single-suite form."}
            )
        return attrs


class RunCreatedSerializer(serializers.Serializer[None]):
    run_id = serializers.CharField(help_text="The first run created.")
    run_ids = serializers.ListField(child=serializers.CharField())
    queued = serializers.IntegerField(help_text="How many runs this request queued.")


class CountsSerializer(serializers.Serializer[None]):
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    broken = serializers.IntegerField()
    skipped = serializers.IntegerField()


class UsageSerializer(serializers.Serializer[None]):
    calls = serializers.IntegerField()
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()


class RunSerializer(serializers.ModelSerializer[Run]):
    suite = serializers.CharField(source="suite_file")
    cases = serializers.ListField(source="case_ids", child=serializers.CharField())
    plan = serializers.CharField(source="plan_id", allow_null=True)
    counts = serializers.SerializerMethodField()
    model_usage = serializers.SerializerMethodField()

    class Meta:
        model = Run
        fields: tuple[str, ...] = (
            "id",
            "suite",
            "suite_id",
            "suite_name",
            "cases",
            "status",
            "reason",
            "trigger",
            "plan",
            "file_issues",
            "headed",
            "base_url",
            "created",
            "started",
            "finished",
            "duration_ms",
            "counts",
            "heals",
            "model_usage",
            "attempts",
        )
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(CountsSerializer)
    def get_counts(self, run: Run) -> dict[str, int]:
        return {
            "passed": run.passed,
            "failed": run.failed,
            "broken": run.broken,
            "skipped": run.skipped,
        }

    @extend_schema_field(UsageSerializer)
    def get_model_usage(self, run: Run) -> dict[str, int]:
        return {
            "calls": run.model_calls,
            "prompt_tokens": run.prompt_tokens,
            "completion_tokens": run.completion_tokens,
        }


class RunEventSerializer(serializers.ModelSerializer[RunEvent]):
    class Meta:
        model = RunEvent
        fields: tuple[str, ...] = (
            "seq",
            "ts",
            "type",
            "attempt",
            "case_id",
            "step_id",
            "data",
        )
        read_only_fields: tuple[str, ...] = fields


class RunDetailSerializer(RunSerializer):
    attempt = serializers.SerializerMethodField(
        help_text="The attempt whose events are listed: the current one unless `attempt` "
        "asked for an earlier one (a run interrupted by a worker restart is re-queued and "
        "runs again as attempt 2)."
    )
    events = serializers.SerializerMethodField()
    report = serializers.JSONField(allow_null=True)
    artifacts = serializers.SerializerMethodField(
        help_text="Base URL of this run's artifacts; report paths are relative to it."
    )

    class Meta(RunSerializer.Meta):
        fields = (
            *RunSerializer.Meta.fields,
            "artifacts",
            "attempt",
            "events",
            "report",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_attempt(self, run: Run) -> int:
        return int(self.context.get("attempt") or max(run.attempts, 1))

    @extend_schema_field(RunEventSerializer(many=True))
    def get_events(self, run: Run) -> list[dict[str, Any]]:
        since = int(self.context.get("since", 0))
        rows = run.events.filter(attempt=self.get_attempt(run), seq__gt=since).order_by(
            "seq"
        )
        return list(RunEventSerializer(rows, many=True).data)

    @extend_schema_field(serializers.CharField())
    def get_artifacts(self, run: Run) -> str:
        return f"/api/v1/artifacts/{run.id}/"


class QueueEntrySerializer(serializers.Serializer[None]):
    id = serializers.CharField()
    suite = serializers.CharField()


class PendingEntrySerializer(QueueEntrySerializer):
    cases = serializers.ListField(child=serializers.CharField())


class QueueSerializer(serializers.Serializer[None]):
    active = serializers.CharField(
        allow_null=True, help_text="A running run id (back-compat)."
    )
    active_suite = serializers.CharField(allow_null=True)
    running = QueueEntrySerializer(many=True)
    running_suites = serializers.ListField(child=serializers.CharField())
    pending = PendingEntrySerializer(many=True)
    busy = serializers.BooleanField(help_text="Every worker slot is taken.")


class ExportQuerySerializer(serializers.Serializer[dict[str, bool]]):
    cache = serializers.BooleanField(
        default=True,
        help_text="Use the action cache's recorded locators where a step has them "
        "(false: compile every step from the grammar).",
    )
