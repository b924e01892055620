"""Jira Cloud (REST v3): the unresolved `tripwire`-labelled issue whose description carries the
fingerprint (a JQL text search, then checked) gets a comment, else a Bug is created. Bodies are
Atlassian Document Format."""

from __future__ import annotations

import requests

from issues.trackers.adf import adf_text, markdown_to_adf
from issues.trackers.base import Found, Tracker, TrackerError, session_with

ISSUE_TYPE = "Bug"
FINGERPRINT_LINE = "tripwire-fingerprint: {fingerprint}"


def _jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def search_jql(project: str, fingerprint: str) -> str:
    # The inner quotes make it a phrase search; the label and status narrow it down.
    phrase = _jql_string(f'"{fingerprint}"')
    return (
        f"project = {_jql_string(project)} AND labels = {Jira.label} "
        f"AND statusCategory != Done AND text ~ {phrase} ORDER BY created DESC"
    )


class Jira(Tracker):
    name = "Jira"
    needs = "jira_base, jira_email, jira_token and jira_project"

    @property
    def base(self) -> str:
        return self.config.jira_base.rstrip("/")

    def session(self) -> requests.Session:
        session = session_with({"Accept": "application/json"})
        session.auth = (self.config.jira_email, self.config.jira_token)
        return session

    def _found(self, key: str) -> Found:
        return Found(id=key, url=f"{self.base}/browse/{key}", ref=key)

    def find(self, session: requests.Session, fingerprint: str) -> Found | None:
        found = self.call(
            session,
            "POST",
            f"{self.base}/rest/api/3/search/jql",
            json={
                "jql": search_jql(self.config.jira_project, fingerprint),
                "fields": ["summary", "description"],
                "maxResults": 20,
            },
        )
        issues = found.get("issues") if isinstance(found, dict) else None
        if not isinstance(issues, list):
            raise TrackerError(f"{self.name} answered an unexpected search result")
        for issue in issues:
            if not isinstance(issue, dict):
                continue
            description = (issue.get("fields") or {}).get("description")
            if fingerprint in adf_text(description):
                return self._found(str(issue.get("key")))
        return None

    def comment(self, session: requests.Session, found: Found, comment_md: str) -> None:
        self.call(
            session,
            "POST",
            f"{self.base}/rest/api/3/issue/{found.id}/comment",
            json={"body": markdown_to_adf(comment_md)},
        )

    def create(
        self, session: requests.Session, *, fingerprint: str, title: str, body_md: str
    ) -> Found:
        description = markdown_to_adf(
            f"{body_md}\n\n{FINGERPRINT_LINE.format(fingerprint=fingerprint)}\n"
        )
        created = self.call(
            session,
            "POST",
            f"{self.base}/rest/api/3/issue",
            json={
                "fields": {
                    "project": {"key": self.config.jira_project},
                    "summary": title[:255],
                    "issuetype": {"name": ISSUE_TYPE},
                    "labels": [self.label],
                    "description": description,
                }
            },
        )
        if not isinstance(created, dict) or not created.get("key"):
            raise TrackerError(f"{self.name} did not return the new issue")
        return self._found(str(created["key"]))
