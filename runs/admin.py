"""Runs, plans and case results in the Django admin.

What a run recorded is history: it is shown, never edited here. Changes that have rules (starting
or cancelling runs, saving plans with their cron and items) go through the same services as the
API and the pages; the admin actions below call them too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.exceptions import Conflict
from runs import services
from runs.models import ACTIVE, CaseResult, Plan, Run, RunStatus


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CaseResultInline(admin.TabularInline[CaseResult, Run]):
    model = CaseResult
    extra = 0
    fields = (
        "position",
        "case_id",
        "title",
        "status",
        "duration_ms",
        "heals",
        "reason",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "suite_file",
        "status",
        "trigger",
        "passed",
        "failed",
        "broken",
        "skipped",
        "heals",
        "duration_ms",
        "created",
    )
    list_filter = ("status", "trigger", "headed")
    search_fields = ("id", "suite_file", "suite_id", "suite_name")
    date_hierarchy = "created"
    list_select_related = ("plan", "created_by")
    # The YAML and the report are large: shown on the change page, never in the list.
    exclude = ("suite_yaml",)
    inlines = (CaseResultInline,)
    actions = ("cancel_runs",)

    @admin.action(description="Cancel the selected queued or running runs")
    def cancel_runs(self, request: HttpRequest, queryset: QuerySet[Run]) -> None:
        cancelled = 0
        for run in queryset.filter(status__in=(RunStatus.QUEUED, *ACTIVE)):
            try:
                services.run_cancel(run=run)
            except Conflict:
                continue  # it finished meanwhile
            cancelled += 1
        self.message_user(
            request, f"Cancel requested for {cancelled} run(s).", messages.SUCCESS
        )


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("id", "name", "schedule", "next_run", "last_run", "updated")
    search_fields = ("id", "name")
    # The login password is a secret: the admin never shows `auth`.
    exclude = ("auth",)


@admin.register(CaseResult)
class CaseResultAdmin(ReadOnlyAdmin):
    list_display = ("run", "suite_id", "case_id", "status", "duration_ms", "heals")
    list_filter = ("status",)
    search_fields = ("suite_id", "case_id", "title", "run__id")
    list_select_related = ("run",)
    raw_id_fields = ("run",)
