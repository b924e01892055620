"""Real fake servers for tests: each is an HTTP server on 127.0.0.1 with an OS-chosen port,
running in a background thread, recording every request it receives. Use them instead of mocks
(the `openai` package uses httpx2, which HTTP-mocking libraries do not patch).

Base (`tests.fakes.server`):
    with FakeServer() as fake:             # or fake.start() ... fake.stop()
        fake.url                           # "http://127.0.0.1:<port>"
        fake.route("GET", r"/things/(?P<id>\\d+)", handler)   # handler(recorded, match) -> Reply
        fake.script(Reply(503, json={...}), method="POST", path=r"/x", times=1)  # override
        fake.fail(500, path=r".*/issues")  # every matching request answers 500 (times=None)
        fake.hang(5.0)                     # answer only after 5 s: for timeout tests
        fake.clear_scripts()
        fake.requests / fake.received("POST", r"/x/.*")   # [Recorded]: method, path, query,
                                            # headers (lower-case), body, .json, .text, .param()
        fake.forget()                      # drop recorded requests
    Reply(status=200, json=..., text=..., headers={...}, delay=0.0)

Trackers (`tests.fakes.trackers`), stateful, checking credentials:
    FakeGitHub(token=, repo="acme/shop")   .issues, .comments_on(number), .close(number)
    FakeGitLab(token=, project="acme/shop") .issues, .comments_on(iid), .close(iid)
    FakeJira(email=, token=, project="QA")  .issues, .comments_on(key), .resolve(key), .searches

Webhooks and logs (`tests.fakes.webhooks`):
    FakeWebhook() (Slack: 200 "ok") / FakeWebhook(teams=True) (202)   .hook_url, .messages
    FakeLoki()        .add(line, at=unix_time, labels={...}); serves /loki/api/v1/query_range
    FakeLogSearch(plain=False)   .lines, .template ("<url>/search?trace={trace_id}")

Hosted log searches (`tests.fakes.logs`), checking credentials:
    FakeDatadog(api_key=, app_key=)   .add(message, at=, service=, tags=); Logs Search API v2
    FakeElasticsearch(api_key=, basic="user:pw")   .add(doc, index=, at=); POST /{index}/_search

Model (`tests.fakes.llm`): FakeLlm, a scripted OpenAI-compatible `/v1/chat/completions`
(plain content, JSON content, tool calls, errors, delays); see that module's docstring.

pytest fixtures for all of them (fake_github, fake_gitlab, fake_jira, fake_slack, fake_teams,
fake_loki, fake_log_search, fake_llm) are in `tests.fakes.fixtures`; expose them in your
conftest.py with `from tests.fakes import fixtures as fakes` and `fake_llm = fakes.fake_llm`.
"""

from tests.fakes.llm import FakeLlm, LlmReply, ToolCall
from tests.fakes.server import FakeServer, Recorded, Reply
from tests.fakes.trackers import FakeGitHub, FakeGitLab, FakeJira
from tests.fakes.webhooks import FakeLogSearch, FakeLoki, FakeWebhook

__all__ = [
    "FakeGitHub",
    "FakeGitLab",
    "FakeJira",
    "FakeLlm",
    "FakeLogSearch",
    "FakeLoki",
    "FakeServer",
    "FakeWebhook",
    "LlmReply",
    "Recorded",
    "Reply",
    "ToolCall",
]
