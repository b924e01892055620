"""Mirrors of built-in issues in external trackers; each module exposes the same `mirror()`."""

from __future__ import annotations

from typing import Protocol

from core.selectors import EffectiveSettings
from issues.trackers import github, gitlab, jira
from issues.trackers.base import MirrorResult, TrackerError


class MirrorFunction(Protocol):
    def __call__(
        self,
        *,
        config: EffectiveSettings,
        fingerprint: str,
        title: str,
        body_md: str,
        comment_md: str,
    ) -> MirrorResult: ...


MIRRORS: dict[str, MirrorFunction] = {
    "github": github.mirror,
    "gitlab": gitlab.mirror,
    "jira": jira.mirror,
}
LABELS = {"github": github.NAME, "gitlab": gitlab.NAME, "jira": jira.NAME}
NEEDS = {
    "github": "github_token and github_repo",
    "gitlab": "gitlab_token and gitlab_project",
    "jira": "jira_base, jira_email, jira_token and jira_project",
}

__all__ = ["LABELS", "MIRRORS", "NEEDS", "MirrorResult", "TrackerError"]
