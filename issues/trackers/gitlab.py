"""GitLab issues (REST v4): find the opened `tripwire`-labelled issue whose description carries
the fingerprint marker and add a note to it, else open a new one."""

from __future__ import annotations

from urllib.parse import quote, unquote

from core.selectors import EffectiveSettings
from issues.body import fingerprint_marker
from issues.trackers.base import MirrorResult, TrackerError, call, session_with

NAME = "GitLab"
LABEL = "tripwire"


def project_path(project: str) -> str:
    """A numeric id as is; `group/project` (encoded or not) URL-encoded exactly once."""
    return quote(unquote(project.strip()), safe="")


def mirror(
    *,
    config: EffectiveSettings,
    fingerprint: str,
    title: str,
    body_md: str,
    comment_md: str,
) -> MirrorResult:
    base = (
        f"{config.gitlab_url.rstrip('/')}/api/v4/projects/"
        f"{project_path(config.gitlab_project)}"
    )
    session = session_with({"PRIVATE-TOKEN": config.gitlab_token})
    marker = fingerprint_marker(fingerprint)
    with session:
        found = call(
            session,
            "GET",
            f"{base}/issues",
            tracker=NAME,
            params={
                "labels": LABEL,
                "state": "opened",
                "search": fingerprint,
                "in": "description",
                "per_page": 100,
            },
        )
        if not isinstance(found, list):
            raise TrackerError(f"{NAME} answered an unexpected issue list")
        # The search is full-text and fuzzy: the marker decides.
        existing = next(
            (
                issue
                for issue in found
                if isinstance(issue, dict)
                and marker in str(issue.get("description") or "")
            ),
            None,
        )
        if existing is not None:
            iid = existing.get("iid")
            call(
                session,
                "POST",
                f"{base}/issues/{iid}/notes",
                tracker=NAME,
                json={"body": comment_md},
            )
            return MirrorResult(
                action="commented",
                url=str(existing.get("web_url") or ""),
                ref=f"#{iid}",
            )
        created = call(
            session,
            "POST",
            f"{base}/issues",
            tracker=NAME,
            json={
                "title": title,
                "description": f"{body_md}\n{marker}\n",
                "labels": LABEL,
            },
        )
        if not isinstance(created, dict) or "iid" not in created:
            raise TrackerError(f"{NAME} did not return the new issue")
        return MirrorResult(
            action="created",
            url=str(created.get("web_url") or ""),
            ref=f"#{created['iid']}",
        )
