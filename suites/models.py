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
