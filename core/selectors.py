"""Reads of instance-wide state. `instance_settings_get()` is how every part of Tripwire sees settings.

A value stored in the `InstanceSettings` row wins; an empty one falls back to the environment default
(the Django setting with the field's upper-case name, e.g. `github_token` → `settings.GITHUB_TOKEN`),
so an instance configured only through env vars works, and an admin can override any of it at runtime.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from typing import Literal

from django.conf import settings

from core.crypto import SecretUnreadable, decrypt_text
from core.models import InstanceSettings

logger = logging.getLogger(__name__)

FieldKind = Literal["text", "url", "secret", "secret_url", "choice", "file_issues"]

# Every integration setting, with how it is validated and shown. Order = display order.
SETTINGS_FIELDS: dict[str, FieldKind] = {
    "llm_base_url": "url",
    "llm_model": "text",
    "llm_api_key": "secret",
    "file_issues": "file_issues",
    "github_token": "secret",
    "github_repo": "text",
    "github_api_url": "url",
    "gitlab_token": "secret",
    "gitlab_project": "text",
    "gitlab_url": "url",
    "jira_base": "url",
    "jira_email": "text",
    "jira_token": "secret",
    "jira_project": "text",
    "slack_webhook_url": "secret_url",
    "teams_webhook_url": "secret_url",
    "notify_on": "choice",
    "log_backend": "choice",
    "loki_url": "url",
    "loki_selector": "text",
    "log_file_path": "text",
    "log_http_url": "url",
    "datadog_api_url": "url",
    "datadog_api_key": "secret",
    "datadog_app_key": "secret",
    "datadog_query": "text",
    "elasticsearch_url": "url",
    "elasticsearch_index": "text",
    "elasticsearch_api_key": "secret",
    "elasticsearch_trace_field": "text",
    "public_base_url": "url",
}
SECRET_FIELDS = frozenset(
    name for name, kind in SETTINGS_FIELDS.items() if kind.startswith("secret")
)
NOTIFY_ON_CHOICES = ("failures", "always", "never")
# "none" lets an admin switch off a backend that the environment configures.
LOG_BACKEND_CHOICES = ("loki", "datadog", "elasticsearch", "http", "file", "none")
TRACKERS = ("github", "gitlab", "jira")
FILE_ISSUES_TARGETS = ("tripwire", "none", *TRACKERS)

Source = Literal["settings", "env", "unset"]


@dataclass(frozen=True)
class EffectiveSettings:
    """The settings in force: stored value, else env default; secrets decrypted. "" = unset."""

    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    file_issues: str = "tripwire"
    github_token: str = ""
    github_repo: str = ""
    github_api_url: str = ""
    gitlab_token: str = ""
    gitlab_project: str = ""
    gitlab_url: str = ""
    jira_base: str = ""
    jira_email: str = ""
    jira_token: str = ""
    jira_project: str = ""
    slack_webhook_url: str = ""
    teams_webhook_url: str = ""
    notify_on: str = "failures"
    log_backend: str = ""
    loki_url: str = ""
    loki_selector: str = ""
    log_file_path: str = ""
    log_http_url: str = ""
    datadog_api_url: str = ""
    datadog_api_key: str = ""
    datadog_app_key: str = ""
    datadog_query: str = ""
    elasticsearch_url: str = ""
    elasticsearch_index: str = ""
    elasticsearch_api_key: str = ""
    elasticsearch_trace_field: str = ""
    public_base_url: str = ""
    # Where each value came from, for the settings page: "settings", "env" or "unset".
    sources: dict[str, Source] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    # Secret fields whose stored token the current SECRET_KEY cannot decrypt (treated as unset).
    unreadable: tuple[str, ...] = ()

    @property
    def llm_configured(self) -> bool:
        # An OpenAI-compatible local server (Ollama, vLLM) needs a base URL but often no key.
        return bool(self.llm_api_key or self.llm_base_url)

    @property
    def github_configured(self) -> bool:
        return bool(self.github_token and self.github_repo and self.github_api_url)

    @property
    def gitlab_configured(self) -> bool:
        return bool(self.gitlab_token and self.gitlab_project and self.gitlab_url)

    @property
    def jira_configured(self) -> bool:
        return bool(
            self.jira_base and self.jira_email and self.jira_token and self.jira_project
        )

    def tracker_configured(self, name: str) -> bool:
        return bool(getattr(self, f"{name}_configured", False))

    @property
    def log_backend_name(self) -> str:
        """The active backend (loki|datadog|elasticsearch|http|file) or "" for none."""
        backend = self.log_backend.strip().lower()
        return backend if backend in LOG_BACKEND_CHOICES and backend != "none" else ""

    def secret_values(self) -> list[str]:
        """Every configured secret value, so outgoing text can be scrubbed of them."""
        return [value for name in SECRET_FIELDS if (value := getattr(self, name))]


def env_default(name: str) -> str:
    """The environment's value for a settings field ("" when unset)."""
    value = getattr(settings, name.upper(), None)
    return "" if value is None else str(value)


def instance_settings_row() -> InstanceSettings:
    """The singleton row (created by migration core/0002; recreated here if someone deleted it)."""
    row, _ = InstanceSettings.objects.get_or_create(singleton=1)
    return row


def instance_settings_get() -> EffectiveSettings:
    row = instance_settings_row()
    values: dict[str, str] = {}
    sources: dict[str, Source] = {}
    unreadable: list[str] = []
    for name in SETTINGS_FIELDS:
        stored = str(getattr(row, name) or "")
        if stored and name in SECRET_FIELDS:
            try:
                stored = decrypt_text(stored)
            except SecretUnreadable:
                logger.warning(
                    "The stored %s cannot be decrypted (was the secret key changed?); "
                    "using the environment default instead. Save it again to fix this.",
                    name,
                )
                unreadable.append(name)
                stored = ""
        if stored:
            values[name], sources[name] = stored, "settings"
        else:
            default = env_default(name)
            values[name] = default
            sources[name] = "env" if default else "unset"
    known = {f.name for f in fields(EffectiveSettings)}
    return EffectiveSettings(
        **{k: v for k, v in values.items() if k in known},
        sources=sources,
        unreadable=tuple(unreadable),
    )


def parse_file_issues(value: str) -> tuple[str, ...]:
    """`"tripwire,github"` → `("tripwire", "github")`; `"none"` → `()`. Raises ValueError.

    The built-in board is always a destination unless the value is `none`: it is the source of
    truth for dedup, so `"github,jira"` files to Tripwire too and mirrors to both.
    """
    parts = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not parts:
        raise ValueError("name at least one destination, or 'none'")
    unknown = [part for part in parts if part not in FILE_ISSUES_TARGETS]
    if unknown:
        raise ValueError(
            f"unknown destination {unknown[0]!r}: use {', '.join(FILE_ISSUES_TARGETS)}"
        )
    if "none" in parts:
        if len(parts) > 1:
            raise ValueError("'none' cannot be combined with other destinations")
        return ()
    ordered = ["tripwire", *(t for t in TRACKERS if t in parts)]
    return tuple(ordered)
