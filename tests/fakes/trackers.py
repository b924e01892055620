"""Stateful fakes of the GitHub, GitLab and Jira issue APIs (the parts Tripwire uses).

Each keeps its issues in memory, checks the credentials it was given, and exposes them to the
test: `fake.issues` (list of dicts) and `fake.comments_on(ref)`.
"""

from __future__ import annotations

import base64
import re
import threading
from typing import Any
from urllib.parse import unquote

from tests.fakes.server import FakeServer, Recorded, Reply


def _unauthorized() -> Reply:
    return Reply(401, json={"message": "Bad credentials"})


class FakeGitHub(FakeServer):
    """`/repos/{owner}/{repo}/issues` (GET list with labels/state/per_page/page, POST create) and
    `/repos/{owner}/{repo}/issues/{number}/comments` (POST). Bearer token `token`."""

    def __init__(
        self, *, token: str = "ghp-test-token", repo: str = "acme/shop"
    ) -> None:
        super().__init__()
        self.token = token
        self.repo = repo
        self.issues: list[dict[str, Any]] = []
        self.comments: dict[int, list[str]] = {}
        self._state_lock = threading.Lock()
        repo_path = re.escape(f"/repos/{repo}")
        self.route("GET", rf"{repo_path}/issues", self._list)
        self.route("POST", rf"{repo_path}/issues", self._create)
        self.route(
            "POST", rf"{repo_path}/issues/(?P<number>\d+)/comments", self._comment
        )
        self.route("PATCH", rf"{repo_path}/issues/(?P<number>\d+)", self._patch)

    def _authorized(self, request: Recorded) -> bool:
        return request.header("Authorization") == f"Bearer {self.token}"

    def _list(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return _unauthorized()
        labels = [x for x in (request.param("labels") or "").split(",") if x]
        state = request.param("state") or "open"
        per_page = int(request.param("per_page") or 30)
        page = int(request.param("page") or 1)
        with self._state_lock:
            found = [
                issue
                for issue in self.issues
                if all(
                    label in [x["name"] for x in issue["labels"]] for label in labels
                )
                and (state == "all" or issue["state"] == state)
            ]
        return Reply(200, json=found[(page - 1) * per_page : page * per_page])

    def _create(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return _unauthorized()
        data = request.json or {}
        with self._state_lock:
            number = len(self.issues) + 1
            issue = {
                "number": number,
                "title": data.get("title"),
                "body": data.get("body"),
                "labels": [{"name": name} for name in data.get("labels", [])],
                "state": "open",
                "html_url": f"https://github.example/{self.repo}/issues/{number}",
            }
            self.issues.append(issue)
            self.comments[number] = []
        return Reply(201, json=issue)

    def _comment(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return _unauthorized()
        number = int(match["number"])
        with self._state_lock:
            if number not in self.comments:
                return Reply(404, json={"message": "Not Found"})
            self.comments[number].append((request.json or {}).get("body", ""))
        return Reply(201, json={"id": number * 1000 + len(self.comments[number])})

    def _patch(self, request: Recorded, match: re.Match[str]) -> Reply:
        number = int(match["number"])
        with self._state_lock:
            issue = next(i for i in self.issues if i["number"] == number)
            issue.update(request.json or {})
        return Reply(200, json=issue)

    def comments_on(self, number: int) -> list[str]:
        return list(self.comments.get(number, []))

    def close(self, number: int) -> None:
        with self._state_lock:
            next(i for i in self.issues if i["number"] == number)["state"] = "closed"


class FakeGitLab(FakeServer):
    """`/api/v4/projects/{id}/issues` (GET with labels/state/search, POST) and
    `.../issues/{iid}/notes` (POST). `PRIVATE-TOKEN` header; the project id may be URL-encoded."""

    def __init__(
        self, *, token: str = "glpat-test-token", project: str = "acme/shop"
    ) -> None:
        super().__init__()
        self.token = token
        self.project = project
        self.issues: list[dict[str, Any]] = []
        self.notes: dict[int, list[str]] = {}
        self._state_lock = threading.Lock()
        base = r"/api/v4/projects/(?P<project>[^/]+)/issues"
        self.route("GET", base, self._list)
        self.route("POST", base, self._create)
        self.route("POST", rf"{base}/(?P<iid>\d+)/notes", self._note)

    def _check(self, request: Recorded, match: re.Match[str]) -> Reply | None:
        if request.header("PRIVATE-TOKEN") != self.token:
            return Reply(401, json={"message": "401 Unauthorized"})
        if unquote(match["project"]) != self.project:
            return Reply(404, json={"message": "404 Project Not Found"})
        return None

    def _list(self, request: Recorded, match: re.Match[str]) -> Reply:
        if problem := self._check(request, match):
            return problem
        labels = [x for x in (request.param("labels") or "").split(",") if x]
        state = request.param("state") or "all"
        search = request.param("search") or ""
        with self._state_lock:
            found = [
                issue
                for issue in self.issues
                if all(label in issue["labels"] for label in labels)
                and (state == "all" or issue["state"] == state)
                and search in (issue["description"] or "")
            ]
        return Reply(200, json=found)

    def _create(self, request: Recorded, match: re.Match[str]) -> Reply:
        if problem := self._check(request, match):
            return problem
        data = request.json or {}
        with self._state_lock:
            iid = len(self.issues) + 1
            labels = data.get("labels") or ""
            issue = {
                "iid": iid,
                "title": data.get("title"),
                "description": data.get("description"),
                "labels": labels.split(",") if isinstance(labels, str) else labels,
                "state": "opened",
                "web_url": f"https://gitlab.example/{self.project}/-/issues/{iid}",
            }
            self.issues.append(issue)
            self.notes[iid] = []
        return Reply(201, json=issue)

    def _note(self, request: Recorded, match: re.Match[str]) -> Reply:
        if problem := self._check(request, match):
            return problem
        iid = int(match["iid"])
        with self._state_lock:
            if iid not in self.notes:
                return Reply(404, json={"message": "404 Not found"})
            self.notes[iid].append((request.json or {}).get("body", ""))
        return Reply(201, json={"id": iid * 1000 + len(self.notes[iid])})

    def comments_on(self, iid: int) -> list[str]:
        return list(self.notes.get(iid, []))

    def close(self, iid: int) -> None:
        with self._state_lock:
            next(i for i in self.issues if i["iid"] == iid)["state"] = "closed"


def adf_plain_text(node: Any) -> str:
    """All text of an Atlassian Document Format node (the fake's own reading of ADF)."""
    if isinstance(node, dict):
        return str(node.get("text", "")) + " ".join(
            adf_plain_text(child) for child in node.get("content", []) or []
        )
    if isinstance(node, list):
        return " ".join(adf_plain_text(child) for child in node)
    return node if isinstance(node, str) else ""


class FakeJira(FakeServer):
    """Jira Cloud REST v3: `POST /rest/api/3/search/jql` (understands `project = "X"`,
    `labels = x`, `statusCategory != Done` and `text ~ "\\"phrase\\""`), `POST /rest/api/3/issue`,
    `POST /rest/api/3/issue/{key}/comment`. Basic auth `email:token`."""

    def __init__(
        self,
        *,
        email: str = "bot@example.com",
        token: str = "jira-test-token",
        project: str = "QA",
    ) -> None:
        super().__init__()
        self.email = email
        self.token = token
        self.project = project
        self.issues: list[dict[str, Any]] = []
        self.comments: dict[str, list[dict[str, Any]]] = {}
        self.searches: list[str] = []
        self._state_lock = threading.Lock()
        self.route("POST", r"/rest/api/3/search/jql", self._search)
        self.route("POST", r"/rest/api/3/issue", self._create)
        self.route(
            "POST", r"/rest/api/3/issue/(?P<key>[A-Z0-9]+-\d+)/comment", self._comment
        )

    def _authorized(self, request: Recorded) -> bool:
        expected = base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
        return request.header("Authorization") == f"Basic {expected}"

    def _search(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return _unauthorized()
        jql = str((request.json or {}).get("jql", ""))
        self.searches.append(jql)
        project = re.search(r'project\s*=\s*"?([^"\s]+)"?', jql)
        label = re.search(r'labels\s*=\s*"?([^"\s]+)"?', jql)
        phrase = re.search(r'text\s*~\s*"\\"(.*?)\\""', jql)
        open_only = re.search(r"statusCategory\s*!=\s*Done", jql) is not None
        with self._state_lock:
            found = [
                issue
                for issue in self.issues
                if (project is None or issue["fields"]["project"]["key"] == project[1])
                and (label is None or label[1] in issue["fields"]["labels"])
                and (not open_only or not issue["done"])
                and (
                    phrase is None
                    or phrase[1] in adf_plain_text(issue["fields"]["description"])
                )
            ]
        return Reply(
            200,
            json={
                "issues": [
                    {"id": i["id"], "key": i["key"], "fields": i["fields"]}
                    for i in found
                ]
            },
        )

    def _create(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return _unauthorized()
        fields = dict((request.json or {}).get("fields", {}))
        project = fields.get("project", {}).get("key")
        if project != self.project:
            return Reply(400, json={"errors": {"project": "valid project is required"}})
        if fields.get("issuetype", {}).get("name") != "Bug":
            return Reply(400, json={"errors": {"issuetype": "Bug expected"}})
        description = fields.get("description")
        if not (isinstance(description, dict) and description.get("type") == "doc"):
            return Reply(
                400,
                json={"errors": {"description": "Operation value must be an ADF doc"}},
            )
        with self._state_lock:
            number = len(self.issues) + 1
            key = f"{project}-{number}"
            issue = {
                "id": str(10000 + number),
                "key": key,
                "fields": fields,
                "done": False,
            }
            self.issues.append(issue)
            self.comments[key] = []
        return Reply(
            201,
            json={
                "id": issue["id"],
                "key": key,
                "self": f"{self.url}/rest/api/3/issue/{key}",
            },
        )

    def _comment(self, request: Recorded, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return _unauthorized()
        key = match["key"]
        body = (request.json or {}).get("body")
        if not (isinstance(body, dict) and body.get("type") == "doc"):
            return Reply(
                400, json={"errors": {"body": "Comment body must be an ADF doc"}}
            )
        with self._state_lock:
            if key not in self.comments:
                return Reply(404, json={"errorMessages": ["Issue does not exist"]})
            self.comments[key].append(body)
        return Reply(201, json={"id": str(len(self.comments[key]))})

    def comments_on(self, key: str) -> list[dict[str, Any]]:
        return list(self.comments.get(key, []))

    def resolve(self, key: str) -> None:
        with self._state_lock:
            next(i for i in self.issues if i["key"] == key)["done"] = True
