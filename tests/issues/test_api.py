"""The built-in board over HTTP: list, filter, search, detail, edit, comment."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from issues.models import Issue
from issues.services import issue_update
from tests.issues.conftest import FileRun
from tests.issues.reports import broken_case, failed_case, run_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(file_run: FileRun, alice: Any) -> dict[str, Issue]:
    """Three issues: checkout (open, medium), signup (acknowledged, high), search (closed)."""
    file_run(
        run_report(
            failed_case("checkout"),
            broken_case("signup"),
            failed_case("search", title="Search for shoes", assert_id="a9"),
        )
    )
    issues = {issue.case_id: issue for issue in Issue.objects.all()}
    issue_update(issue=issues["signup"], actor=alice, status="acknowledged")
    issue_update(issue=issues["search"], actor=alice, status="closed")
    return {case: Issue.objects.get(pk=issue.pk) for case, issue in issues.items()}


def test_the_list_is_paginated(api: APIClient, board: dict[str, Issue]) -> None:
    body = api.get("/api/v1/issues", {"limit": 2}).json()
    assert body["total"] == 3 and body["limit"] == 2 and body["offset"] == 0
    assert len(body["items"]) == 2
    rest = api.get("/api/v1/issues", {"limit": 2, "offset": 2}).json()
    keys = {item["key"] for item in body["items"] + rest["items"]}
    assert keys == {issue.key for issue in board.values()}
    item = body["items"][0]
    for field in ("key", "title", "severity", "status", "fingerprint", "occurrences"):
        assert field in item
    assert "body_md" not in item  # the list stays light


def test_the_list_filters_by_status(api: APIClient, board: dict[str, Issue]) -> None:
    def keys(**params: str) -> set[str]:
        return {i["key"] for i in api.get("/api/v1/issues", params).json()["items"]}

    assert keys(status="open") == {board["checkout"].key}
    assert keys(status="acknowledged") == {board["signup"].key}
    assert keys(status="closed") == {board["search"].key}
    assert keys(severity="high") == {board["signup"].key}
    assert keys(suite="shop") == {issue.key for issue in board.values()}
    assert keys(suite="other") == set()


def test_a_bad_status_filter_is_a_validation_error(
    api: APIClient, board: dict[str, Issue]
) -> None:
    response = api.get("/api/v1/issues", {"status": "resolved"})
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["errors"][0]["path"] == "status"


def test_q_searches_key_title_body_and_case(
    api: APIClient, board: dict[str, Issue]
) -> None:
    def keys(q: str) -> set[str]:
        return {i["key"] for i in api.get("/api/v1/issues", {"q": q}).json()["items"]}

    assert keys("shoes") == {board["search"].key}  # title
    assert keys("Create account") == {board["signup"].key}  # body
    assert keys(str(board["checkout"].key).lower()) == {board["checkout"].key}  # key
    assert keys("signup") == {board["signup"].key}  # case id
    assert keys("nothing like this") == set()


def test_the_detail_has_the_body_comments_history_and_activity(
    api: APIClient, board: dict[str, Issue], file_run: FileRun
) -> None:
    file_run(run_report(failed_case("checkout"), run_id="run0002"))
    issue = board["checkout"]
    response = api.get(f"/api/v1/issues/{issue.key}")
    assert response.status_code == 200
    body = response.json()
    assert body["key"] == issue.key
    assert body["occurrences"] == 2
    assert body["body_md"].startswith("Case **Checkout with a coupon**")
    assert "<h2>What failed</h2>" in body["body_html"]
    assert [c["author"] for c in body["comments"]] == [None]
    assert "run0002" in body["comments"][0]["body_html"]
    assert [h["run_id"] for h in body["history"]] == ["run0002", "run0001"]
    assert [a["kind"] for a in body["activity"]] == ["created", "occurred"]
    assert body["screenshot_url"] == "/api/v1/artifacts/run0002/checkout/failure.png"
    assert body["external"] == {}
    assert body["diagnosis"] is None


def test_the_detail_accepts_the_numeric_id_and_any_case_key(
    api: APIClient, board: dict[str, Issue]
) -> None:
    issue = board["signup"]
    for ref in (str(issue.key), str(issue.key).lower(), str(issue.pk)):
        assert api.get(f"/api/v1/issues/{ref}").json()["key"] == issue.key
    for missing in ("TW-99999", "99999", "nope"):
        response = api.get(f"/api/v1/issues/{missing}")
        assert response.status_code == 404
        assert response.json()["type"] == "not_found"


def test_patch_changes_status_title_body_and_severity(
    api: APIClient, board: dict[str, Issue], bob: Any
) -> None:
    issue = board["checkout"]
    response = api.patch(
        f"/api/v1/issues/{issue.key}",
        {
            "status": "acknowledged",
            "title": "  Coupon   CRASH breaks checkout ",
            "body_md": "Seen by **support** too.",
            "severity": "critical",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["title"] == "Coupon CRASH breaks checkout"
    assert body["severity"] == "critical"
    assert body["body_html"] == "<p>Seen by <strong>support</strong> too.</p>"
    messages = [(a["kind"], a["actor"], a["message"]) for a in body["activity"]][1:]
    assert messages == [
        ("status_changed", bob.email, "Status changed from open to acknowledged."),
        ("edited", bob.email, "Severity changed from medium to critical."),
        ("edited", bob.email, "Title changed."),
        ("edited", bob.email, "Description edited."),
    ]
    issue.refresh_from_db()
    assert issue.status == "acknowledged" and issue.severity == "critical"


def test_patch_without_a_change_logs_nothing(
    api: APIClient, board: dict[str, Issue]
) -> None:
    issue = board["checkout"]
    api.patch(f"/api/v1/issues/{issue.key}", {"status": "open"}, format="json")
    assert issue.activity.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "resolved"),
        ("severity", "urgent"),
        ("title", ""),
        ("title", "x" * 301),
        ("status", None),
    ],
)
def test_patch_rejects_invalid_values(
    api: APIClient, board: dict[str, Issue], field: str, value: Any
) -> None:
    issue = board["checkout"]
    response = api.patch(f"/api/v1/issues/{issue.key}", {field: value}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert body["errors"][0]["path"] == field
    issue.refresh_from_db()
    assert issue.status == "open" and issue.severity == "medium"


def test_patch_needs_a_field(api: APIClient, board: dict[str, Issue]) -> None:
    response = api.patch(f"/api/v1/issues/{board['checkout'].key}", {}, format="json")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


def test_comments(api: APIClient, board: dict[str, Issue], bob: Any) -> None:
    issue = board["signup"]
    response = api.post(
        f"/api/v1/issues/{issue.pk}/comments",
        {"body": "Looking into it: [PR](https://git.example/pr/1)"},
        format="json",
    )
    assert response.status_code == 201
    comment = response.json()
    assert comment["author"] == bob.email
    assert comment["body"] == "Looking into it: [PR](https://git.example/pr/1)"
    assert 'href="https://git.example/pr/1"' in comment["body_html"]

    detail = api.get(f"/api/v1/issues/{issue.key}").json()
    assert [c["id"] for c in detail["comments"]] == [comment["id"]]
    assert detail["activity"][-1]["kind"] == "commented"
    assert detail["activity"][-1]["actor"] == bob.email


def test_an_empty_comment_is_refused(api: APIClient, board: dict[str, Issue]) -> None:
    for body in ({"body": "   "}, {}):
        response = api.post(
            f"/api/v1/issues/{board['signup'].key}/comments", body, format="json"
        )
        assert response.status_code == 400
        assert response.json()["type"] == "validation_error"
    assert board["signup"].comments.count() == 0


def test_comments_on_a_missing_issue_are_404(api: APIClient) -> None:
    response = api.post("/api/v1/issues/TW-404/comments", {"body": "hi"}, format="json")
    assert response.status_code == 404


def test_bodies_and_comments_are_sanitised(
    api: APIClient, board: dict[str, Issue]
) -> None:
    issue = board["checkout"]
    nasty = (
        "Hello <script>alert('x')</script>\n\n"
        "[click me](javascript:alert(document.cookie))\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        '<a href="javascript:evil()" onclick="evil()">raw link</a>\n\n'
        "[fine](https://example.com/ok)"
    )
    html = api.patch(
        f"/api/v1/issues/{issue.key}", {"body_md": nasty}, format="json"
    ).json()["body_html"]
    comment_html = api.post(
        f"/api/v1/issues/{issue.key}/comments", {"body": nasty}, format="json"
    ).json()["body_html"]
    for rendered in (html, comment_html):
        assert "<script" not in rendered
        assert "alert('x')" not in rendered
        assert "javascript:" not in rendered
        assert "onerror" not in rendered and "onclick" not in rendered
        assert (
            '<a href="https://example.com/ok" rel="noopener noreferrer nofollow">'
            in (rendered)
        )
    # The Markdown itself is kept as written.
    assert Issue.objects.get(pk=issue.pk).body_md == nasty
