"""Writes to the instance settings: validate every value, encrypt the secrets, save what changed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath

from django.db import transaction

from core.crypto import MASK, encrypt_text
from core.exceptions import ValidationFailed
from core.http_urls import HTTP_URL_MESSAGE, is_http_url
from core.models import InstanceSettings
from core.selectors import (
    LOG_BACKEND_CHOICES,
    NOTIFY_ON_CHOICES,
    SECRET_FIELDS,
    SETTINGS_FIELDS,
    EffectiveSettings,
    env_default,
    instance_settings_get,
    instance_settings_row,
    parse_file_issues,
)

GITHUB_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
JIRA_PROJECT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")
# Elasticsearch index names and patterns (comma lists, wildcards, remote "cluster:index").
ES_INDEX = re.compile(r"^[a-z0-9_.*,:+-][a-z0-9_.*,:+-]*$")
ES_FIELD = re.compile(r"^[A-Za-z0-9_@][A-Za-z0-9_.@-]*$")


def _max_length(name: str) -> int | None:
    length = getattr(InstanceSettings._meta.get_field(name), "max_length", None)
    return int(length) if length else None


def _check_url(value: str) -> str | None:
    return None if is_http_url(value) else HTTP_URL_MESSAGE


def setting_clean(name: str, value: str) -> str:
    """The value to store, or ValueError with a message for the `errors` list."""
    kind = SETTINGS_FIELDS[name]
    if kind in ("url", "secret_url"):
        problem = _check_url(value)
        if problem:
            raise ValueError(problem)
        return value.rstrip("/") if name != "log_http_url" else value
    if name == "notify_on":
        if value.lower() not in NOTIFY_ON_CHOICES:
            raise ValueError(f"must be one of {', '.join(NOTIFY_ON_CHOICES)}")
        return value.lower()
    if name == "log_backend":
        if value.lower() not in LOG_BACKEND_CHOICES:
            raise ValueError(f"must be one of {', '.join(LOG_BACKEND_CHOICES)}")
        return value.lower()
    if kind == "file_issues":
        targets = parse_file_issues(value)
        return ",".join(targets) if targets else "none"
    if name == "github_repo" and not GITHUB_REPO.match(value):
        raise ValueError("must be owner/name")
    if name == "jira_project":
        if not JIRA_PROJECT.match(value):
            raise ValueError("must be a Jira project key such as QA")
        return value.upper()
    if name == "jira_email" and "@" not in value:
        raise ValueError("must be the email address of the Jira account")
    if name == "loki_selector" and not (value.startswith("{") and value.endswith("}")):
        raise ValueError('must be a LogQL stream selector such as {job=~".+"}')
    if name == "elasticsearch_index" and not ES_INDEX.match(value):
        raise ValueError("must be an index name or pattern such as logs-*")
    if name == "elasticsearch_trace_field" and not ES_FIELD.match(value):
        raise ValueError("must be a field name such as trace.id")
    if name == "log_file_path" and not PurePosixPath(value).is_absolute():
        raise ValueError("must be an absolute path")
    return value


def instance_settings_update(*, values: Mapping[str, str | None]) -> EffectiveSettings:
    """Write the given settings: None = leave as is, "" = back to the env default.

    Every value is checked first and all problems are reported together; nothing is written
    unless all of them are valid. A secret sent back in its masked form ("••••1234", as a
    GET-edit-PUT client does) is left unchanged. A value equal to the environment default is
    stored as "" so the environment keeps governing it (and no copy of an env secret is stored).
    """
    errors: list[dict[str, str]] = []
    changes: dict[str, str] = {}
    for name, raw in values.items():
        if name not in SETTINGS_FIELDS:
            errors.append({"path": name, "message": "is not a setting"})
            continue
        if raw is None or (name in SECRET_FIELDS and raw.startswith(MASK)):
            continue
        value = raw.strip()
        if value:
            try:
                value = setting_clean(name, value)
            except ValueError as exc:
                errors.append({"path": name, "message": str(exc)})
                continue
            limit = None if name in SECRET_FIELDS else _max_length(name)
            if limit is not None and len(value) > limit:
                errors.append(
                    {"path": name, "message": f"must be at most {limit} characters"}
                )
                continue
            if value == env_default(name):
                value = ""
            elif name in SECRET_FIELDS:
                value = encrypt_text(value)
        changes[name] = value
    if errors:
        first = errors[0]
        raise ValidationFailed(f"{first['path']}: {first['message']}", errors=errors)
    if changes:
        instance_settings_row()
        with transaction.atomic():
            row = InstanceSettings.objects.select_for_update().get(singleton=1)
            for name, value in changes.items():
                setattr(row, name, value)
            row.save(update_fields=[*changes, "updated"])
    return instance_settings_get()
