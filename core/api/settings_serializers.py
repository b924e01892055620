"""Shapes of `/settings` and `/integrations/trackers`. Secrets only ever leave masked."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.strict import StrictJson
from core.crypto import mask
from core.selectors import SECRET_FIELDS, SETTINGS_FIELDS, EffectiveSettings

HELP = {
    "llm_base_url": "OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama).",
    "llm_model": "Model name sent to the endpoint.",
    "llm_api_key": "Secret; shown masked.",
    "file_issues": "Default destinations: tripwire, none, or a comma list such as "
    "tripwire,github,jira.",
    "github_token": "Secret; shown masked.",
    "github_repo": "owner/name",
    "github_api_url": "https://api.github.com or a GitHub Enterprise API URL.",
    "gitlab_token": "Secret; shown masked.",
    "gitlab_project": "Numeric id or group/project.",
    "gitlab_url": "https://gitlab.com or a self-hosted GitLab.",
    "jira_base": "e.g. https://your-team.atlassian.net",
    "jira_email": "The Jira account the token belongs to.",
    "jira_token": "Secret; shown masked.",
    "jira_project": "Project key, e.g. QA.",
    "slack_webhook_url": "Secret; shown masked.",
    "teams_webhook_url": "Secret; shown masked.",
    "notify_on": "failures (default), always or never.",
    "log_backend": "loki, datadog, elasticsearch, http, file, or none.",
    "loki_url": "Base URL of Loki.",
    "loki_selector": 'LogQL stream selector, default {job=~".+"}.',
    "log_file_path": "Absolute path of a server log file on this host.",
    "log_http_url": "URL fetched with {trace_id} substituted.",
    "datadog_api_url": "Datadog API of your site, e.g. https://api.datadoghq.eu.",
    "datadog_api_key": "Secret; shown masked.",
    "datadog_app_key": "Secret (application key with logs_read_data); shown masked.",
    "datadog_query": "Added to the log search, e.g. service:shop env:staging.",
    "elasticsearch_url": "Base URL of Elasticsearch (or OpenSearch).",
    "elasticsearch_index": "Index or pattern searched, default *.",
    "elasticsearch_api_key": "Secret: an API key, or user:password for basic auth; shown masked.",
    "elasticsearch_trace_field": "Field holding the trace id (e.g. trace.id); empty searches "
    "every field.",
    "public_base_url": "Base of links in issues and notifications.",
}


def _read(name: str) -> serializers.CharField:
    return serializers.CharField(help_text=HELP[name])


def _write(name: str) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=f'{HELP[name]} Absent or null: unchanged; "": back to the '
        "environment default.",
    )


class SettingsSerializer(serializers.Serializer[None]):
    """The integration settings in force; secrets are masked (••••1234)."""

    llm_base_url = _read("llm_base_url")
    llm_model = _read("llm_model")
    llm_api_key = _read("llm_api_key")
    file_issues = _read("file_issues")
    github_token = _read("github_token")
    github_repo = _read("github_repo")
    github_api_url = _read("github_api_url")
    gitlab_token = _read("gitlab_token")
    gitlab_project = _read("gitlab_project")
    gitlab_url = _read("gitlab_url")
    jira_base = _read("jira_base")
    jira_email = _read("jira_email")
    jira_token = _read("jira_token")
    jira_project = _read("jira_project")
    slack_webhook_url = _read("slack_webhook_url")
    teams_webhook_url = _read("teams_webhook_url")
    notify_on = _read("notify_on")
    log_backend = _read("log_backend")
    loki_url = _read("loki_url")
    loki_selector = _read("loki_selector")
    log_file_path = _read("log_file_path")
    log_http_url = _read("log_http_url")
    datadog_api_url = _read("datadog_api_url")
    datadog_api_key = _read("datadog_api_key")
    datadog_app_key = _read("datadog_app_key")
    datadog_query = _read("datadog_query")
    elasticsearch_url = _read("elasticsearch_url")
    elasticsearch_index = _read("elasticsearch_index")
    elasticsearch_api_key = _read("elasticsearch_api_key")
    elasticsearch_trace_field = _read("elasticsearch_trace_field")
    public_base_url = _read("public_base_url")
    sources = serializers.DictField(
        child=serializers.ChoiceField(choices=["settings", "env", "unset"]),
        help_text="Where each value comes from: saved settings, the environment, or unset.",
    )
    unreadable = serializers.ListField(
        child=serializers.CharField(),
        help_text="Saved secrets the current secret key cannot decrypt (save them again).",
    )


class SettingsWriteSerializer(StrictJson, serializers.Serializer[None]):
    """Only non-null fields are written; "" clears a value back to the environment default."""

    llm_base_url = _write("llm_base_url")
    llm_model = _write("llm_model")
    llm_api_key = _write("llm_api_key")
    file_issues = _write("file_issues")
    github_token = _write("github_token")
    github_repo = _write("github_repo")
    github_api_url = _write("github_api_url")
    gitlab_token = _write("gitlab_token")
    gitlab_project = _write("gitlab_project")
    gitlab_url = _write("gitlab_url")
    jira_base = _write("jira_base")
    jira_email = _write("jira_email")
    jira_token = _write("jira_token")
    jira_project = _write("jira_project")
    slack_webhook_url = _write("slack_webhook_url")
    teams_webhook_url = _write("teams_webhook_url")
    notify_on = _write("notify_on")
    log_backend = _write("log_backend")
    loki_url = _write("loki_url")
    loki_selector = _write("loki_selector")
    log_file_path = _write("log_file_path")
    log_http_url = _write("log_http_url")
    datadog_api_url = _write("datadog_api_url")
    datadog_api_key = _write("datadog_api_key")
    datadog_app_key = _write("datadog_app_key")
    datadog_query = _write("datadog_query")
    elasticsearch_url = _write("elasticsearch_url")
    elasticsearch_index = _write("elasticsearch_index")
    elasticsearch_api_key = _write("elasticsearch_api_key")
    elasticsearch_trace_field = _write("elasticsearch_trace_field")
    public_base_url = _write("public_base_url")


class TrackersSerializer(serializers.Serializer[None]):
    github = serializers.BooleanField()
    gitlab = serializers.BooleanField()
    jira = serializers.BooleanField()


def settings_representation(effective: EffectiveSettings) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in SETTINGS_FIELDS:
        value = str(getattr(effective, name))
        body[name] = mask(value) if name in SECRET_FIELDS else value
    body["sources"] = dict(effective.sources)
    body["unreadable"] = list(effective.unreadable)
    return body
