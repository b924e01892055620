from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from engine import read_run_report
from issues.services import FilingOutcome, issues_file_for_run_detailed
from tests.fakes import fixtures as fakes
from tests.fakes.trackers import FakeGitHub, FakeGitLab, FakeJira

# The fakes' fixtures, made available to every test in this package.
fake_github = fakes.fake_github
fake_gitlab = fakes.fake_gitlab
fake_jira = fakes.fake_jira
fake_llm = fakes.fake_llm
fake_log_search = fakes.fake_log_search
fake_loki = fakes.fake_loki
fake_slack = fakes.fake_slack
fake_teams = fakes.fake_teams

RUN_URL = "http://tripwire.test/runs/{run_id}"

FileRun = Callable[..., FilingOutcome]


@pytest.fixture(autouse=True)
def _quick_integrations(settings: Any) -> None:
    # Fakes answer at once; a timeout test should not wait 10 s.
    settings.INTEGRATION_TIMEOUT = 1.0
    settings.PUBLIC_BASE_URL = "http://tripwire.test"


@pytest.fixture
def file_run(db: None) -> FileRun:
    """Call the filing service the way the run queue does, with sensible defaults."""

    def run(
        report: dict[str, Any],
        *,
        file_issues: str | None = "tripwire",
        **overrides: Any,
    ) -> FilingOutcome:
        run_id = str(overrides.pop("run_id", report["run_id"]))
        return issues_file_for_run_detailed(
            run_id=run_id,
            suite_id=overrides.pop("suite_id", report["suite_id"]),
            suite_name=overrides.pop("suite_name", report["suite_name"]),
            suite_file=overrides.pop("suite_file", report["suite_file"]),
            report=read_run_report(report),
            file_issues=file_issues,
            run_url=RUN_URL.format(run_id=run_id),
        )

    return run


@pytest.fixture
def trackers(
    settings: Any, fake_github: FakeGitHub, fake_gitlab: FakeGitLab, fake_jira: FakeJira
) -> tuple[FakeGitHub, FakeGitLab, FakeJira]:
    """GitHub, GitLab and Jira configured (through the env defaults) to point at the fakes."""
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = fake_github.token
    settings.GITHUB_REPO = fake_github.repo
    settings.GITLAB_URL = fake_gitlab.url
    settings.GITLAB_TOKEN = fake_gitlab.token
    settings.GITLAB_PROJECT = fake_gitlab.project
    settings.JIRA_BASE = fake_jira.url
    settings.JIRA_EMAIL = fake_jira.email
    settings.JIRA_TOKEN = fake_jira.token
    settings.JIRA_PROJECT = fake_jira.project
    return fake_github, fake_gitlab, fake_jira
