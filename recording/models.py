from __future__ import annotations

import secrets
from typing import Any

from django.db import models


def new_record_id() -> str:
    return secrets.token_hex(8)


class RecordStatus(models.TextChoices):
    STARTING = "starting"
    RECORDING = "recording"
    STOPPED = "stopped"
    FAILED = "failed"


LIVE = (RecordStatus.STARTING, RecordStatus.RECORDING)


class RecordSession(models.Model):
    """One click-recording session: a headed browser process and the actions it captured."""

    id = models.CharField(
        max_length=32, primary_key=True, default=new_record_id, editable=False
    )
    status = models.CharField(
        max_length=16, choices=RecordStatus.choices, default=RecordStatus.STARTING
    )
    base_url = models.URLField(max_length=2000)
    # The raw trace as the recorder sent it: [{type, selector?, value?, url?, text?, ...}].
    actions: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    error = models.TextField(blank=True, default="")
    pid = models.IntegerField(null=True, blank=True)
    # A pid means something only on the host that started it.
    host = models.CharField(max_length=255, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"
