from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_run_id() -> str:
    return secrets.token_hex(8)


class RunStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    # Running, with a cancel asked for: it stops after the step in progress.
    CANCELLING = "cancelling"
    PASSED = "passed"
    FAILED = "failed"
    BROKEN = "broken"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


# Holding a worker (and a browser).
ACTIVE = (RunStatus.RUNNING, RunStatus.CANCELLING)
FINISHED = (
    RunStatus.PASSED,
    RunStatus.FAILED,
    RunStatus.BROKEN,
    RunStatus.SKIPPED,
    RunStatus.CANCELLED,
)


class CaseStatus(models.TextChoices):
    PASSED = "passed"
    FAILED = "failed"
    BROKEN = "broken"
    SKIPPED = "skipped"


class Plan(models.Model):
    """A named, ordered bundle of suites run as one regression pass, on demand or on a cron."""

    id = models.SlugField(max_length=100, primary_key=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    # [{"suite": "<file>", "cases": ["id", ...] | null}, ...]
    items: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    schedule = models.CharField(max_length=100, blank=True, default="")
    # Where the plan's runs point instead of each suite's own base_url (another deployment).
    base_url = models.CharField(max_length=2000, blank=True, default="")
    # {"username", "login_path", "password_encrypted"}: the password never leaves encrypted.
    auth: models.JSONField[dict[str, Any] | None] = models.JSONField(
        null=True, blank=True
    )
    last_run = models.DateTimeField(null=True, blank=True)
    next_run = models.DateTimeField(null=True, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Run(models.Model):
    """One execution of one suite (or some of its cases); the row is the job's source of truth."""

    id = models.CharField(
        max_length=32, primary_key=True, default=new_run_id, editable=False
    )
    suite_file = models.CharField(max_length=200, db_index=True)
    suite_id = models.CharField(max_length=100, db_index=True)
    suite_name = models.CharField(max_length=300, blank=True, default="")
    # The suite text as it was when the run was submitted: later edits do not change a queued run.
    suite_yaml = models.TextField()
    case_ids: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    base_url = models.CharField(max_length=2000, blank=True, default="")
    status = models.CharField(
        max_length=16,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
    )
    reason = models.TextField(blank=True, default="")
    file_issues = models.CharField(max_length=100, blank=True, default="")
    headed = models.BooleanField(default=False)
    trigger = models.CharField(max_length=16, default="api")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    # Runs of one plan pass share a batch and run strictly in `batch_index` order.
    batch = models.CharField(max_length=32, blank=True, default="", db_index=True)
    batch_index = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    # When its id was last handed to the queue; maintenance re-sends ids that a dead worker took.
    enqueued = models.DateTimeField(null=True, blank=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    # How many times a worker started it; a second interruption makes it broken.
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, default="")
    cancel_requested = models.BooleanField(default=False)
    passed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    broken = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    heals = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    model_calls = models.PositiveIntegerField(default=0)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    report: models.JSONField[dict[str, Any] | None] = models.JSONField(
        null=True, blank=True
    )
    artifacts_path = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ("-created", "-id")
        # Each ends in the listing order (created, id), so a page is an index walk, not a sort
        # of every matching run.
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["created", "id"], name="run_newest_idx"),
            models.Index(
                fields=["status", "created", "id"], name="run_status_newest_idx"
            ),
            models.Index(
                fields=["suite_id", "created", "id"], name="run_suite_newest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.suite_file} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED


class RunEvent(models.Model):
    """One progress event of a run, persisted as it happens so a live run can be watched."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    # Which execution of the run wrote it: a re-queued run starts attempt 2 after attempt 1's.
    attempt = models.PositiveSmallIntegerField(default=1)
    ts = models.DateTimeField()
    type = models.CharField(max_length=16)
    case_id = models.CharField(max_length=100, blank=True, default="")
    step_id = models.CharField(max_length=100, blank=True, default="")
    data: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)

    class Meta:
        ordering = ("run", "seq")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["run", "seq"], name="run_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.seq} {self.type}"

    @property
    def summary(self) -> str:
        """What a person reads on the live page: the step, the message, or what was acted on."""
        for key in ("text", "message", "target", "status"):
            value = self.data.get(key)
            if value:
                return str(value)
        return ""


class CaseResult(models.Model):
    """How one case ended in one run; the analytics history is built from these rows."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="case_results")
    suite_id = models.CharField(max_length=100)
    case_id = models.CharField(max_length=100)
    title = models.CharField(max_length=500, blank=True, default="")
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=CaseStatus.choices)
    duration_ms = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True, default="")
    heals = models.PositiveIntegerField(default=0)
    model_calls = models.PositiveIntegerField(default=0)
    # A run may explicitly mark a case flaky (e.g. it passed only after a heal or a retry).
    flaky = models.BooleanField(default=False)
    # Copied from the run so history queries need no join.
    run_created = models.DateTimeField(db_index=True)
    issue_key = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ("run", "position")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["suite_id", "case_id", "run_created"]),
            # Covers analytics' per-case GROUP BY: answered from the index alone, without
            # reading the table (1M results: 1.3 s without it on SQLite).
            models.Index(
                fields=[
                    "suite_id",
                    "case_id",
                    "status",
                    "duration_ms",
                    "heals",
                    "run_created",
                    "run",
                ],
                name="caseresult_analytics_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suite_id}/{self.case_id} {self.status} in {self.run_id}"
