from __future__ import annotations

from django.contrib import admin

from suites.models import Suite


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
