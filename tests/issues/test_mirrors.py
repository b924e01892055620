"""Mirrors in GitHub, GitLab and Jira, against real fake servers of their REST APIs."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from rest_framework.test import APIClient

from engine import read_run_report
from issues.models import Issue, IssueComment
from issues.services import issues_file_for_run
from tests.fakes.trackers import FakeGitHub, FakeGitLab, FakeJira, adf_plain_text
from tests.issues.conftest import FileRun
from tests.issues.reports import failed_case, run_report

pytestmark = pytest.mark.django_db

ALL = "tripwire,github,gitlab,jira"
Trackers = tuple[FakeGitHub, FakeGitLab, FakeJira]


def test_a_failure_creates_one_issue_in_each_tracker(
    file_run: FileRun, trackers: Trackers, api: APIClient
) -> None:
    github, gitlab, jira = trackers
    outcome = file_run(run_report(failed_case()), file_issues=ALL)

    issue = Issue.objects.get()
    marker = f"<!-- tripwire-fingerprint: {issue.fingerprint} -->"

    assert len(github.issues) == 1
    gh = github.issues[0]
    assert gh["title"] == issue.title
    assert marker in gh["body"]
    assert "Coupon CRASH applied" in gh["body"]
    assert [label["name"] for label in gh["labels"]] == ["tripwire"]
    created = github.received("POST", r"/repos/acme/shop/issues")[0]
    assert created.header("Authorization") == f"Bearer {github.token}"
    assert created.header("X-GitHub-Api-Version")

    assert len(gitlab.issues) == 1
    gl = gitlab.issues[0]
    assert marker in gl["description"]
    assert gl["labels"] == ["tripwire"]
    # The project path is URL-encoded once: acme%2Fshop.
    assert gitlab.received("POST")[0].path == "/api/v4/projects/acme%2Fshop/issues"

    assert len(jira.issues) == 1
    fields = jira.issues[0]["fields"]
    assert fields["issuetype"] == {"name": "Bug"}
    assert fields["project"] == {"key": "QA"}
    assert fields["labels"] == ["tripwire"]
    assert fields["description"]["type"] == "doc"
    assert fields["description"]["version"] == 1
    text = adf_plain_text(fields["description"])
    assert issue.fingerprint in text
    assert "Coupon CRASH applied" in text
    node_types = {node["type"] for node in fields["description"]["content"]}
    assert {"heading", "paragraph", "codeBlock", "orderedList"} <= node_types
    auth = jira.received("POST", r"/rest/api/3/issue")[0].header("Authorization")
    assert (
        auth == "Basic " + base64.b64encode(b"bot@example.com:jira-test-token").decode()
    )

    assert issue.external == {
        "github": {
            "action": "created",
            "url": "https://github.example/acme/shop/issues/1",
            "ref": "#1",
        },
        "gitlab": {
            "action": "created",
            "url": "https://gitlab.example/acme/shop/-/issues/1",
            "ref": "#1",
        },
        "jira": {"action": "created", "url": f"{jira.url}/browse/QA-1", "ref": "QA-1"},
    }
    assert outcome.cases[0].mirrors == issue.external
    assert api.get(f"/api/v1/issues/{issue.key}").json()["external"] == issue.external
    mirrored = issue.activity.filter(kind="mirrored").values_list("message", flat=True)
    assert sorted(mirrored) == [
        "Opened GitHub issue #1.",
        "Opened GitLab issue #1.",
        "Opened Jira issue QA-1.",
    ]


def test_the_same_failure_again_comments_everywhere_instead_of_creating(
    file_run: FileRun, trackers: Trackers
) -> None:
    github, gitlab, jira = trackers
    file_run(run_report(failed_case(), run_id="run0001"), file_issues=ALL)
    file_run(
        run_report(failed_case(observed="Something else 123"), run_id="run0002"),
        file_issues=ALL,
    )

    assert len(github.issues) == len(gitlab.issues) == len(jira.issues) == 1
    assert len(github.comments_on(1)) == 1
    assert "run0002" in github.comments_on(1)[0]
    assert len(gitlab.comments_on(1)) == 1
    assert "run0002" in gitlab.comments_on(1)[0]
    assert len(jira.comments_on("QA-1")) == 1
    jira_comment = jira.comments_on("QA-1")[0]
    assert jira_comment["type"] == "doc"
    assert "run0002" in adf_plain_text(jira_comment)
    # Jira was searched by the fingerprint (a JQL text search).
    issue = Issue.objects.get()
    assert all(f'\\"{issue.fingerprint}\\"' in jql for jql in jira.searches)
    assert "labels = tripwire" in jira.searches[0]

    # And on the built-in board: one issue, two occurrences, a comment.
    assert issue.occurrences == 2
    assert IssueComment.objects.filter(issue=issue).count() == 1
    assert issue.external["github"]["action"] == "commented"
    assert issue.external["jira"] == {
        "action": "commented",
        "url": f"{jira.url}/browse/QA-1",
        "ref": "QA-1",
    }


def test_a_closed_external_issue_gets_a_new_one(
    file_run: FileRun, trackers: Trackers
) -> None:
    github, gitlab, jira = trackers
    file_run(run_report(failed_case(), run_id="run0001"), file_issues=ALL)
    github.close(1)
    gitlab.close(1)
    jira.resolve("QA-1")
    file_run(run_report(failed_case(), run_id="run0002"), file_issues=ALL)
    assert len(github.issues) == len(gitlab.issues) == len(jira.issues) == 2
    assert github.comments_on(1) == github.comments_on(2) == []


def test_a_tracker_answering_500_leaves_the_built_in_issue_intact(
    file_run: FileRun, trackers: Trackers
) -> None:
    github, gitlab, jira = trackers
    github.fail(500)

    outcome = file_run(run_report(failed_case()), file_issues=ALL)

    issue = Issue.objects.get()
    assert outcome.issue_keys == {"checkout": issue.key}
    assert github.issues == [] and len(github.requests) == 1
    assert len(gitlab.issues) == len(jira.issues) == 1
    assert set(issue.external) == {"gitlab", "jira"}
    failed = issue.activity.get(kind="mirror_failed")
    assert failed.message.startswith(
        "Mirroring to GitHub failed: GitHub answered HTTP 500"
    )
    assert (
        outcome.cases[0]
        .mirrors["github"]["error"]
        .startswith("GitHub answered HTTP 500")
    )


def test_a_tracker_that_times_out_does_not_hold_up_or_break_filing(
    file_run: FileRun, trackers: Trackers, settings: Any
) -> None:
    github, gitlab, jira = trackers
    settings.INTEGRATION_TIMEOUT = 0.5
    jira.hang(10)

    started = time.monotonic()
    keys = issues_file_for_run(
        run_id="run0001",
        suite_id="shop",
        suite_name="Demo shop",
        suite_file="shop.tripwire.yaml",
        report=read_run_report(run_report(failed_case())),
        file_issues=ALL,
        run_url="http://tripwire.test/runs/run0001",
    )
    elapsed = time.monotonic() - started

    issue = Issue.objects.get()
    assert keys == {"checkout": issue.key}
    assert elapsed < 5
    assert len(github.issues) == len(gitlab.issues) == 1
    assert "jira" not in issue.external
    assert issue.activity.get(kind="mirror_failed").message == (
        "Mirroring to Jira failed: Jira did not answer within 0.5 s"
    )


def test_an_unreachable_tracker_is_recorded_too(
    file_run: FileRun, settings: Any, fake_github: FakeGitHub
) -> None:
    fake_github.stop()
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = "ghp-whatever-token"
    settings.GITHUB_REPO = "acme/shop"
    outcome = file_run(run_report(failed_case()), file_issues="github")
    assert outcome.cases[0].mirrors == {
        "github": {"error": "GitHub could not be reached"}
    }
    assert Issue.objects.count() == 1


def test_bad_credentials_are_a_recorded_failure(
    file_run: FileRun, trackers: Trackers, settings: Any
) -> None:
    settings.GITHUB_TOKEN = "ghp-wrong-token-1234"
    outcome = file_run(run_report(failed_case()), file_issues="tripwire,github")
    error = outcome.cases[0].mirrors["github"]["error"]
    assert error == 'GitHub answered HTTP 401: {"message": "Bad credentials"}'
    # The token never lands in the activity log.
    messages = " ".join(Issue.objects.get().activity.values_list("message", flat=True))
    assert "ghp-wrong-token-1234" not in messages


def test_a_tracker_added_later_gets_the_issue_created_there(
    file_run: FileRun, trackers: Trackers
) -> None:
    github, _, _ = trackers
    file_run(run_report(failed_case(), run_id="run0001"), file_issues="tripwire")
    file_run(run_report(failed_case(), run_id="run0002"), file_issues="tripwire,github")
    assert len(github.issues) == 1
    assert "Seen again in run [run0002]" not in github.issues[0]["body"]
    assert "## What failed" in github.issues[0]["body"]
