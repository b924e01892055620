from __future__ import annotations

from django.contrib import admin

from issues.models import Issue, IssueActivity, IssueComment, IssueOccurrence


class CommentInline(admin.TabularInline[IssueComment, Issue]):
    model = IssueComment
    extra = 0
    fields = ("author", "body", "created")
    readonly_fields = ("created",)
    raw_id_fields = ("author",)


class ActivityInline(admin.TabularInline[IssueActivity, Issue]):
    model = IssueActivity
    extra = 0
    fields = ("created", "kind", "actor", "message")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


class OccurrenceInline(admin.TabularInline[IssueOccurrence, Issue]):
    model = IssueOccurrence
    extra = 0
    fields = ("run_id", "status", "seen_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin[Issue]):
    list_display = (
        "key",
        "title",
        "severity",
        "status",
        "suite_id",
        "case_id",
        "occurrences",
        "last_seen",
    )
    list_filter = ("status", "severity", "suite_id")
    search_fields = ("key", "title", "fingerprint", "suite_id", "case_id")
    # What Tripwire recorded is history: people change the triage fields, not the evidence.
    readonly_fields = (
        "key",
        "fingerprint",
        "suite_id",
        "suite_file",
        "case_id",
        "case_title",
        "first_seen",
        "last_seen",
        "occurrences",
        "last_run_id",
        "screenshot",
        "external",
        "diagnosis",
        "created",
        "updated",
    )
    inlines = (CommentInline, ActivityInline, OccurrenceInline)


@admin.register(IssueComment)
class IssueCommentAdmin(admin.ModelAdmin[IssueComment]):
    list_display = ("issue", "author", "created")
    list_select_related = ("issue", "author")
    search_fields = ("issue__key", "body")
    raw_id_fields = ("issue", "author")
