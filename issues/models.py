from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "TW-"


class Severity(models.TextChoices):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class IssueStatus(models.TextChoices):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class ActivityKind(models.TextChoices):
    CREATED = "created"
    OCCURRED = "occurred"
    REOPENED = "reopened"
    STATUS_CHANGED = "status_changed"
    EDITED = "edited"
    COMMENTED = "commented"
    MIRRORED = "mirrored"
    MIRROR_SKIPPED = "mirror_skipped"
    MIRROR_FAILED = "mirror_failed"


class Issue(models.Model):
    """One distinct failure (suite, case, failure signature) on the built-in board."""

    # `TW-<pk>`: the database allocates the number, so concurrent filings never collide and a
    # number is never reused, even after a delete. Null only inside the creating transaction.
    key = models.CharField(max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(max_length=300)
    severity = models.CharField(
        max_length=16, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        max_length=16,
        choices=IssueStatus.choices,
        default=IssueStatus.OPEN,
        db_index=True,
    )
    body_md = models.TextField(blank=True, default="")
    fingerprint = models.CharField(max_length=250, unique=True)
    suite_id = models.CharField(max_length=100, db_index=True)
    suite_file = models.CharField(max_length=200, blank=True, default="")
    case_id = models.CharField(max_length=100)
    case_title = models.CharField(max_length=300, blank=True, default="")
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    occurrences = models.PositiveIntegerField(default=1)
    # A plain id, not a foreign key: issues must not depend on the runs app.
    last_run_id = models.CharField(max_length=64, blank=True, default="")
    # Relative to the artifacts directory: `<run_id>/<path>` (served at /api/v1/artifacts/...).
    screenshot = models.CharField(max_length=500, blank=True, default="")
    # {"github": {"url", "id", "action"}, "gitlab": {...}, "jira": {...}}
    external: models.JSONField[dict[str, Any]] = models.JSONField(
        default=dict, blank=True
    )
    # The latest model diagnosis, when a model is configured.
    diagnosis: models.JSONField[dict[str, Any] | None] = models.JSONField(
        null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-last_seen", "-id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "-last_seen"])
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"


class IssueComment(models.Model):
    """A comment on an issue; without an author it was written by Tripwire itself."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return f"comment on {self.issue.key} by {self.author or 'Tripwire'}"


class IssueActivity(models.Model):
    """One entry of an issue's activity log: what happened, by whom (null = Tripwire), when."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=32, choices=ActivityKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField()
    data: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")
        verbose_name_plural = "issue activity"

    def __str__(self) -> str:
        return f"{self.issue.key} {self.kind}"


class IssueOccurrence(models.Model):
    """One run in which the issue's failure was seen."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="occurrence_log"
    )
    run_id = models.CharField(max_length=64)
    status = models.CharField(max_length=16, blank=True, default="")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-seen_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # A run re-delivered by the queue files again: count it once.
            models.UniqueConstraint(
                fields=["issue", "run_id"], name="issue_occurrence_once_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue.key} in run {self.run_id}"
