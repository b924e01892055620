from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class Suite(models.Model):
    """One suite document; the YAML text is the source of truth and is kept verbatim."""

    file = models.CharField(max_length=200, unique=True)
    suite_id = models.CharField(max_length=100, db_index=True)
    name = models.CharField(max_length=300)
    base_url = models.CharField(max_length=2000)
    yaml = models.TextField()
    # Parsed case summaries (id, title, tags, ...) cached for listings and search only.
    cases: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    # Lower-cased case titles joined, so `q` can search them with one indexed-free LIKE.
    search_text = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("file",)
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["updated"])]

    def __str__(self) -> str:
        return self.file


class ActionCacheEntry(models.Model):
    """A step's resolved browser action, replayed without grammar or model; shared by workers."""

    # What a suite's steps resolve to on the live app: it goes with the suite (deleted with it),
    # keyed by the suite's id as the engine's CacheKey is.

    key = models.CharField(max_length=64, unique=True)
    suite_id = models.CharField(max_length=100, db_index=True)
    case_id = models.CharField(max_length=100)
    # A step's own id, or a part's ("s3.2": the second of the steps a step's words hold).
    step_id = models.CharField(max_length=110)
    text = models.TextField()
    url_path = models.CharField(max_length=2000, blank=True, default="")
    action: models.JSONField[dict[str, Any]] = models.JSONField()
    tier = models.CharField(max_length=16, blank=True, default="")
    hits = models.PositiveIntegerField(default=0)
    heals = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("suite_id", "case_id", "step_id")
        verbose_name_plural = "action cache entries"
        # Created by the runs app before the model moved here; the table keeps its name.
        db_table = "runs_actioncacheentry"

    def __str__(self) -> str:
        return f"{self.suite_id}/{self.case_id}/{self.step_id}"
