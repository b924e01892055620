from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from suites import services
from suites.models import ActionCacheEntry, Suite


@admin.register(Suite)
class SuiteAdmin(admin.ModelAdmin[Suite]):
    list_display = ("file", "suite_id", "name", "updated")
    search_fields = ("file", "suite_id", "name")
    # Edits go through the API or pages so they are validated; the admin only shows them.
    readonly_fields = (
        "file",
        "suite_id",
        "name",
        "base_url",
        "yaml",
        "cases",
        "search_text",
        "created",
        "updated",
    )


@admin.register(ActionCacheEntry)
class ActionCacheEntryAdmin(admin.ModelAdmin[ActionCacheEntry]):
    list_display = (
        "suite_id",
        "case_id",
        "step_id",
        "text",
        "url_path",
        "tier",
        "hits",
        "heals",
        "updated",
    )
    list_filter = ("tier",)
    search_fields = ("suite_id", "case_id", "step_id", "text")
    actions = ("forget",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(
        description="Forget the selected entries (re-resolve on the next run)"
    )
    def forget(
        self, request: HttpRequest, queryset: QuerySet[ActionCacheEntry]
    ) -> None:
        dropped = services.action_cache_forget(entries=queryset)
        self.message_user(request, f"Forgot {dropped} entries.", messages.SUCCESS)
