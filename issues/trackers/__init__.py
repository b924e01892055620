"""Mirrors of built-in issues in external trackers, by the name `file_issues` uses."""

from __future__ import annotations

from issues.trackers.base import MirrorResult, Tracker, TrackerError
from issues.trackers.github import GitHub
from issues.trackers.gitlab import GitLab
from issues.trackers.jira import Jira

TRACKERS: dict[str, type[Tracker]] = {"github": GitHub, "gitlab": GitLab, "jira": Jira}

__all__ = ["TRACKERS", "MirrorResult", "Tracker", "TrackerError"]
