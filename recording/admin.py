from django.contrib import admin

from recording.models import RecordSession


@admin.register(RecordSession)
class RecordSessionAdmin(admin.ModelAdmin[RecordSession]):
    list_display = ("id", "status", "base_url", "created", "updated")
    list_filter = ("status",)
    readonly_fields = (
        "id",
        "status",
        "base_url",
        "actions",
        "error",
        "pid",
        "host",
        "created",
        "updated",
    )
