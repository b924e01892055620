"""Jira Cloud (REST v3): find the unresolved `tripwire`-labelled issue whose description carries
the fingerprint (a JQL text search, then checked), comment on it, else create a Bug. Bodies are
Atlassian Document Format."""

from __future__ import annotations

from typing import Any

from core.selectors import EffectiveSettings
from issues.trackers.adf import adf_text, markdown_to_adf
from issues.trackers.base import MirrorResult, TrackerError, call, session_with

NAME = "Jira"
LABEL = "tripwire"
ISSUE_TYPE = "Bug"
FINGERPRINT_LINE = "tripwire-fingerprint: {fingerprint}"


def _jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def search_jql(project: str, fingerprint: str) -> str:
    # The inner quotes make it a phrase search; the label and status narrow it down.
    phrase = _jql_string(f'"{fingerprint}"')
    return (
        f"project = {_jql_string(project)} AND labels = {LABEL} "
        f"AND statusCategory != Done AND text ~ {phrase} ORDER BY created DESC"
    )


def _find(session: Any, base: str, project: str, fingerprint: str) -> str | None:
    found = call(
        session,
        "POST",
        f"{base}/rest/api/3/search/jql",
        tracker=NAME,
        json={
            "jql": search_jql(project, fingerprint),
            "fields": ["summary", "description"],
            "maxResults": 20,
        },
    )
    issues = found.get("issues") if isinstance(found, dict) else None
    if not isinstance(issues, list):
        raise TrackerError(f"{NAME} answered an unexpected search result")
    for issue in issues:
        if not isinstance(issue, dict):
            continue
        description = (issue.get("fields") or {}).get("description")
        if fingerprint in adf_text(description):
            return str(issue.get("key"))
    return None


def mirror(
    *,
    config: EffectiveSettings,
    fingerprint: str,
    title: str,
    body_md: str,
    comment_md: str,
) -> MirrorResult:
    base = config.jira_base.rstrip("/")
    session = session_with({"Accept": "application/json"})
    session.auth = (config.jira_email, config.jira_token)
    with session:
        key = _find(session, base, config.jira_project, fingerprint)
        if key is not None:
            call(
                session,
                "POST",
                f"{base}/rest/api/3/issue/{key}/comment",
                tracker=NAME,
                json={"body": markdown_to_adf(comment_md)},
            )
            return MirrorResult(action="commented", url=f"{base}/browse/{key}", ref=key)
        description = markdown_to_adf(
            f"{body_md}\n\n{FINGERPRINT_LINE.format(fingerprint=fingerprint)}\n"
        )
        created = call(
            session,
            "POST",
            f"{base}/rest/api/3/issue",
            tracker=NAME,
            json={
                "fields": {
                    "project": {"key": config.jira_project},
                    "summary": title[:255],
                    "issuetype": {"name": ISSUE_TYPE},
                    "labels": [LABEL],
                    "description": description,
                }
            },
        )
        if not isinstance(created, dict) or not created.get("key"):
            raise TrackerError(f"{NAME} did not return the new issue")
        new_key = str(created["key"])
        return MirrorResult(
            action="created", url=f"{base}/browse/{new_key}", ref=new_key
        )
