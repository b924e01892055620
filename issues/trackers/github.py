"""GitHub issues (REST v3): the open `tripwire`-labelled issue whose body carries the fingerprint
marker gets a comment, else a new issue is opened."""

from __future__ import annotations

from typing import Any

import requests

from issues.body import fingerprint_marker
from issues.trackers.base import Found, Tracker, TrackerError, session_with

# 100 per page, at most 10 pages: a repository with more than 1000 open Tripwire issues gets a
# new issue instead of a comment, which is the harmless way to be wrong.
MAX_PAGES = 10


class GitHub(Tracker):
    name = "GitHub"
    needs = "github_token and github_repo"

    @property
    def base(self) -> str:
        return (
            f"{self.config.github_api_url.rstrip('/')}/repos/{self.config.github_repo}"
        )

    def session(self) -> requests.Session:
        return session_with(
            {
                "Authorization": f"Bearer {self.config.github_token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            }
        )

    def find(self, session: requests.Session, fingerprint: str) -> Found | None:
        marker = fingerprint_marker(fingerprint)
        for page in range(1, MAX_PAGES + 1):
            issues = self.call(
                session,
                "GET",
                f"{self.base}/issues",
                params={
                    "labels": self.label,
                    "state": "open",
                    "per_page": 100,
                    "page": page,
                },
            )
            if not isinstance(issues, list):
                raise TrackerError(f"{self.name} answered an unexpected issue list")
            for issue in issues:
                if (
                    isinstance(issue, dict)
                    and "pull_request" not in issue
                    and marker in str(issue.get("body") or "")
                ):
                    return _found(issue)
            if len(issues) < 100:
                return None
        return None

    def comment(self, session: requests.Session, found: Found, comment_md: str) -> None:
        self.call(
            session,
            "POST",
            f"{self.base}/issues/{found.id}/comments",
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
                "body": f"{body_md}\n{fingerprint_marker(fingerprint)}\n",
                "labels": [self.label],
            },
        )
        if not isinstance(created, dict) or "number" not in created:
            raise TrackerError(f"{self.name} did not return the new issue")
        return _found(created)


def _found(issue: dict[str, Any]) -> Found:
    number = str(issue.get("number"))
    return Found(id=number, url=str(issue.get("html_url") or ""), ref=f"#{number}")
