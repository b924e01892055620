"""GitLab issues (REST v4): the opened `tripwire`-labelled issue whose description carries the
fingerprint marker gets a note, else a new issue is opened."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

import requests

from issues.body import fingerprint_marker
from issues.trackers.base import Found, Tracker, TrackerError, session_with


def project_path(project: str) -> str:
    """A numeric id as is; `group/project` (encoded or not) URL-encoded exactly once."""
    return quote(unquote(project.strip()), safe="")


class GitLab(Tracker):
    name = "GitLab"
    needs = "gitlab_token and gitlab_project"

    @property
    def base(self) -> str:
        return (
            f"{self.config.gitlab_url.rstrip('/')}/api/v4/projects/"
            f"{project_path(self.config.gitlab_project)}"
        )

    def session(self) -> requests.Session:
        return session_with({"PRIVATE-TOKEN": self.config.gitlab_token})

    def find(self, session: requests.Session, fingerprint: str) -> Found | None:
        found = self.call(
            session,
            "GET",
            f"{self.base}/issues",
            params={
                "labels": self.label,
                "state": "opened",
                "search": fingerprint,
                "in": "description",
                "per_page": 100,
            },
        )
        if not isinstance(found, list):
            raise TrackerError(f"{self.name} answered an unexpected issue list")
        # The search is full-text and fuzzy: the marker decides.
        marker = fingerprint_marker(fingerprint)
        for issue in found:
            if isinstance(issue, dict) and marker in str(
                issue.get("description") or ""
            ):
                return _found(issue)
        return None

    def comment(self, session: requests.Session, found: Found, comment_md: str) -> None:
        self.call(
            session,
            "POST",
            f"{self.base}/issues/{found.id}/notes",
            json={"body": comment_md},
        )

    def create(
        self, session: requests.Session, *, fingerprint: str, title: str, body_md: str
    ) -> Found:
        created = self.call(
            session,
            "POST",
            f"{self.base}/issues",
            json={
                "title": title,
                "description": f"{body_md}\n{fingerprint_marker(fingerprint)}\n",
                "labels": self.label,
            },
        )
        if not isinstance(created, dict) or "iid" not in created:
            raise TrackerError(f"{self.name} did not return the new issue")
        return _found(created)


def _found(issue: dict[str, Any]) -> Found:
    iid = str(issue.get("iid"))
    return Found(id=iid, url=str(issue.get("web_url") or ""), ref=f"#{iid}")
