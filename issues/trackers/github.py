"""GitHub issues (REST v3): find the open `tripwire`-labelled issue whose body carries the
fingerprint marker and comment on it, else open a new one."""

from __future__ import annotations

from typing import Any

from core.selectors import EffectiveSettings
from issues.body import fingerprint_marker
from issues.trackers.base import MirrorResult, TrackerError, call, session_with

NAME = "GitHub"
LABEL = "tripwire"
# 100 per page, at most 10 pages: a repository with more than 1000 open Tripwire issues gets a
# new issue instead of a comment, which is the harmless way to be wrong.
MAX_PAGES = 10


def _find(session: Any, base: str, marker: str) -> dict[str, Any] | None:
    for page in range(1, MAX_PAGES + 1):
        issues = call(
            session,
            "GET",
            f"{base}/issues",
            tracker=NAME,
            params={"labels": LABEL, "state": "open", "per_page": 100, "page": page},
        )
        if not isinstance(issues, list):
            raise TrackerError(f"{NAME} answered an unexpected issue list")
        for issue in issues:
            if (
                isinstance(issue, dict)
                and "pull_request" not in issue
                and marker in str(issue.get("body") or "")
            ):
                return issue
        if len(issues) < 100:
            return None
    return None


def mirror(
    *,
    config: EffectiveSettings,
    fingerprint: str,
    title: str,
    body_md: str,
    comment_md: str,
) -> MirrorResult:
    base = f"{config.github_api_url.rstrip('/')}/repos/{config.github_repo}"
    session = session_with(
        {
            "Authorization": f"Bearer {config.github_token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
    )
    marker = fingerprint_marker(fingerprint)
    with session:
        existing = _find(session, base, marker)
        if existing is not None:
            number = existing.get("number")
            call(
                session,
                "POST",
                f"{base}/issues/{number}/comments",
                tracker=NAME,
                json={"body": comment_md},
            )
            return MirrorResult(
                action="commented",
                url=str(existing.get("html_url") or ""),
                ref=f"#{number}",
            )
        created = call(
            session,
            "POST",
            f"{base}/issues",
            tracker=NAME,
            json={"title": title, "body": f"{body_md}\n{marker}\n", "labels": [LABEL]},
        )
        if not isinstance(created, dict) or "number" not in created:
            raise TrackerError(f"{NAME} did not return the new issue")
        return MirrorResult(
            action="created",
            url=str(created.get("html_url") or ""),
            ref=f"#{created['number']}",
        )
