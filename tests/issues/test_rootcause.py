"""Root cause: server log lines found by the failing request's trace id, and the model's diagnosis."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from issues.models import Issue
from tests.fakes.llm import FakeLlm
from tests.fakes.server import Reply
from tests.fakes.webhooks import FakeLogSearch, FakeLoki
from tests.issues.conftest import FileRun
from tests.issues.reports import failed_case, run_report

pytestmark = pytest.mark.django_db

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
OTHER = "00000000000000000000000000000001"


def _finished(at: float) -> str:
    return datetime.fromtimestamp(at, tz=UTC).isoformat()


def test_loki_lines_with_the_trace_id_go_into_the_issue(
    file_run: FileRun, settings: Any, fake_loki: FakeLoki
) -> None:
    settings.LOG_BACKEND = "loki"
    settings.LOKI_URL = fake_loki.url
    failed_at = time.time() - 60
    fake_loki.add(f"INFO trace_id={TRACE} POST /api/coupon", at=failed_at - 2)
    fake_loki.add(
        f"ERROR trace_id={TRACE} coupon service: ZeroDivisionError", at=failed_at - 1
    )
    fake_loki.add(f"ERROR trace_id={OTHER} unrelated", at=failed_at - 1)
    fake_loki.add(f"ERROR trace_id={TRACE} ten minutes earlier", at=failed_at - 600)

    outcome = file_run(run_report(failed_case(), finished_at=_finished(failed_at)))

    body = Issue.objects.get().body_md
    assert f"## Server logs (loki, trace id `{TRACE}`)" in body
    assert f"INFO trace_id={TRACE} POST /api/coupon" in body
    assert "coupon service: ZeroDivisionError" in body
    assert "unrelated" not in body
    assert "ten minutes earlier" not in body
    # Oldest first, as a reader expects a log.
    assert body.index("POST /api/coupon") < body.index("ZeroDivisionError")
    assert outcome.cases[0].log_lines == (
        f"INFO trace_id={TRACE} POST /api/coupon",
        f"ERROR trace_id={TRACE} coupon service: ZeroDivisionError",
    )

    query = fake_loki.received("GET")[0]
    assert query.path == "/loki/api/v1/query_range"
    assert query.param("query") == f'{{job=~".+"}} |= "{TRACE}"'
    assert query.param("limit") == "200"
    start, end = int(query.param("start") or 0), int(query.param("end") or 0)
    assert end - start == 210 * 10**9  # 3 minutes back, 30 s ahead
    assert abs(start - int((failed_at - 180) * 1e9)) < 10**6


def test_the_loki_selector_comes_from_the_settings(
    file_run: FileRun, settings: Any, fake_loki: FakeLoki
) -> None:
    settings.LOG_BACKEND = "loki"
    settings.LOKI_URL = fake_loki.url
    settings.LOKI_SELECTOR = '{app="shop"}'
    file_run(run_report(failed_case()))
    assert fake_loki.received("GET")[0].param("query") == f'{{app="shop"}} |= "{TRACE}"'


def test_at_most_200_lines(
    file_run: FileRun, settings: Any, fake_loki: FakeLoki
) -> None:
    settings.LOG_BACKEND = "loki"
    settings.LOKI_URL = fake_loki.url
    now = time.time()
    for n in range(250):
        fake_loki.add(f"line {n:03d} trace_id={TRACE}", at=now - 100 + n * 0.1)
    outcome = file_run(run_report(failed_case(), finished_at=_finished(now)))
    lines = outcome.cases[0].log_lines
    assert len(lines) == 200
    assert lines[-1].startswith("line 249")


def test_the_file_backend_greps_the_log_file(
    file_run: FileRun, settings: Any, tmp_path: Path
) -> None:
    log = tmp_path / "shop.log"
    log.write_text(
        "\n".join(
            [
                "2026-11-28 12:00:00 INFO started",
                f"2026-11-28 12:04:55 ERROR trace_id={TRACE} coupon CRASH: division by zero",
                f"2026-11-28 12:04:55 ERROR trace_id={OTHER} something else",
                f"2026-11-28 12:04:56 INFO trace_id={TRACE} answered 500",
            ]
        )
        + "\n"
    )
    settings.LOG_BACKEND = "file"
    settings.LOG_FILE_PATH = str(log)

    file_run(run_report(failed_case()))

    body = Issue.objects.get().body_md
    assert f"## Server logs (file, trace id `{TRACE}`)" in body
    assert "coupon CRASH: division by zero" in body
    assert "answered 500" in body
    assert "something else" not in body
    assert "INFO started" not in body


@pytest.mark.parametrize("plain", [False, True], ids=["json", "text"])
def test_the_http_backend_fetches_the_url_with_the_trace_id(
    file_run: FileRun, settings: Any, plain: bool
) -> None:
    with FakeLogSearch(plain=plain) as search:
        search.lines = [
            f"ERROR trace_id={TRACE} coupon CRASH: division by zero",
            f"ERROR trace_id={OTHER} not this one",
        ]
        settings.LOG_BACKEND = "http"
        settings.LOG_HTTP_URL = search.template
        outcome = file_run(run_report(failed_case()))
        assert search.received("GET")[0].param("trace") == TRACE

    assert outcome.cases[0].log_lines == (
        f"ERROR trace_id={TRACE} coupon CRASH: division by zero",
    )
    assert "coupon CRASH: division by zero" in Issue.objects.get().body_md


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(502, text="bad gateway"), "Loki answered HTTP 502"),
        (Reply(200, json=[1, 2]), "Loki answered something that is not a query result"),
        (Reply(200, text="<html>"), "Loki answered something that is not JSON"),
        (Reply(200, json={}, delay=3), "the log backend did not answer in time"),
    ],
    ids=["500", "not-a-result", "not-json", "timeout"],
)
def test_a_log_backend_error_never_fails_filing(
    file_run: FileRun, settings: Any, fake_loki: FakeLoki, reply: Reply, error: str
) -> None:
    settings.LOG_BACKEND = "loki"
    settings.LOKI_URL = fake_loki.url
    settings.INTEGRATION_TIMEOUT = 0.3
    fake_loki.script(reply)
    outcome = file_run(run_report(failed_case()))
    issue = Issue.objects.get()
    assert outcome.issue_keys == {"checkout": issue.key}
    assert outcome.cases[0].log_error == error
    assert f"The log backend could not be read: {error}" in issue.body_md


def test_an_unreachable_log_endpoint_never_fails_filing(
    file_run: FileRun, settings: Any
) -> None:
    with FakeLogSearch() as search:
        template = search.template
    settings.LOG_BACKEND = "http"
    settings.LOG_HTTP_URL = template
    outcome = file_run(run_report(failed_case()))
    assert outcome.cases[0].log_error == "the log backend could not be reached"
    assert Issue.objects.count() == 1


def test_a_missing_log_file_is_reported_not_raised(
    file_run: FileRun, settings: Any, tmp_path: Path
) -> None:
    settings.LOG_BACKEND = "file"
    settings.LOG_FILE_PATH = str(tmp_path / "missing.log")
    outcome = file_run(run_report(failed_case()))
    assert "cannot read" in (outcome.cases[0].log_error or "")
    assert Issue.objects.count() == 1


def test_no_trace_id_means_no_lookup(
    file_run: FileRun, settings: Any, fake_loki: FakeLoki
) -> None:
    settings.LOG_BACKEND = "loki"
    settings.LOKI_URL = fake_loki.url
    file_run(run_report(failed_case(trace_id=None)))
    assert fake_loki.requests == []
    assert "## Server logs" not in Issue.objects.get().body_md


DIAGNOSIS: dict[str, Any] = {
    "category": "backend",
    "server_error": "ZeroDivisionError: division by zero",
    "suspected_cause": "The coupon service divides by the discount, which is 0 for CRASH.",
    "suggested_fix": "Reject coupons with a zero discount before computing the total.",
    "confidence": 0.85,
    "evidence": [
        f"ERROR trace_id={TRACE} coupon service: ZeroDivisionError: division by zero",
        "a line the model made up",
    ],
}


@pytest.fixture
def with_model(settings: Any, fake_llm: FakeLlm, fake_loki: FakeLoki) -> FakeLlm:
    settings.LLM_BASE_URL = fake_llm.base_url
    settings.LLM_API_KEY = "sk-test-model-key-0000"
    settings.LLM_MODEL = "diagnosis-model"
    settings.LOG_BACKEND = "loki"
    settings.LOKI_URL = fake_loki.url
    fake_loki.add(
        f"ERROR trace_id={TRACE} coupon service: ZeroDivisionError: division by zero"
    )
    return fake_llm


def test_the_model_diagnosis_goes_into_the_issue_and_back_to_the_caller(
    file_run: FileRun, with_model: FakeLlm
) -> None:
    with_model.reply_json(DIAGNOSIS)

    outcome = file_run(run_report(failed_case()))

    expected = {**DIAGNOSIS, "evidence": [DIAGNOSIS["evidence"][0]]}
    assert outcome.diagnoses == {"checkout": expected}
    issue = Issue.objects.get()
    assert issue.diagnosis == expected
    assert "## Diagnosis (model)" in issue.body_md
    assert "- Category: backend" in issue.body_md
    assert "- Server error: `ZeroDivisionError: division by zero`" in issue.body_md
    assert "- Suggested fix: Reject coupons with a zero discount" in issue.body_md
    assert "- Confidence: 0.85" in issue.body_md
    assert "a line the model made up" not in issue.body_md

    [call] = with_model.calls
    assert call["model"] == "diagnosis-model"
    assert call["response_format"] == {"type": "json_object"}
    sent = json.loads(call["messages"][1]["content"])
    assert sent["server_log_lines"] == [
        f"ERROR trace_id={TRACE} coupon service: ZeroDivisionError: division by zero"
    ]
    assert sent["failure"]["id"] == "a2"
    assert sent["failure"]["expected"] == "Coupon CRASH applied"
    assert sent["failed_requests"][0]["trace_id"] == TRACE
    auth = with_model.received("POST")[0].header("Authorization")
    assert auth == "Bearer sk-test-model-key-0000"


def test_no_secret_reaches_the_model(
    file_run: FileRun, with_model: FakeLlm, settings: Any, fake_loki: FakeLoki
) -> None:
    settings.GITHUB_TOKEN = "ghp-very-secret-github-token"
    settings.SLACK_WEBHOOK_URL = "https://hooks.slack.test/services/T0/B0/secretpath"
    fake_loki.add(f"DEBUG trace_id={TRACE} token=ghp-very-secret-github-token")
    fake_loki.add(
        f"DEBUG trace_id={TRACE} posting to https://hooks.slack.test/services/T0/B0/secretpath"
    )
    with_model.reply_json(DIAGNOSIS)

    file_run(run_report(failed_case()))

    prompt = json.dumps(with_model.calls[0], ensure_ascii=False)
    assert "ghp-very-secret-github-token" not in prompt
    assert "secretpath" not in prompt
    assert "sk-test-model-key-0000" not in prompt
    assert "token=••••" in prompt


def test_a_model_error_never_fails_filing(
    file_run: FileRun, with_model: FakeLlm
) -> None:
    with_model.reply_error(500, "overloaded")
    with_model.reply_error(500, "overloaded")  # the client retries once
    outcome = file_run(run_report(failed_case()))
    assert outcome.diagnoses == {}
    issue = Issue.objects.get()
    assert issue.diagnosis is None
    assert "## Diagnosis" not in issue.body_md
    assert "ZeroDivisionError" in issue.body_md  # the log lines are still there


def test_an_answer_that_is_not_the_json_asked_for_is_ignored(
    file_run: FileRun, with_model: FakeLlm
) -> None:
    with_model.reply_text("I think the server crashed.")
    outcome = file_run(run_report(failed_case()))
    assert outcome.diagnoses == {}
    assert Issue.objects.get().diagnosis is None


def test_a_server_that_is_not_openai_compatible_gives_no_diagnosis(
    file_run: FileRun, with_model: FakeLlm
) -> None:
    with_model.script(
        Reply(200, text="<html>hello</html>"), path=r".*/chat/completions"
    )
    outcome = file_run(run_report(failed_case()))
    assert outcome.diagnoses == {}
    assert Issue.objects.count() == 1


def test_a_recurrence_comment_carries_the_new_diagnosis(
    file_run: FileRun, with_model: FakeLlm
) -> None:
    with_model.reply_json(DIAGNOSIS)
    with_model.reply_json({**DIAGNOSIS, "suspected_cause": "Still dividing by zero."})
    file_run(run_report(failed_case(), run_id="run0001"))
    file_run(run_report(failed_case(), run_id="run0002"))
    issue = Issue.objects.get()
    assert "Still dividing by zero." in issue.comments.get().body
    assert issue.diagnosis is not None
    assert issue.diagnosis["suspected_cause"] == "Still dividing by zero."


def test_without_a_model_no_call_is_made(
    file_run: FileRun, fake_llm: FakeLlm, settings: Any
) -> None:
    settings.LLM_BASE_URL = None
    settings.LLM_API_KEY = None
    file_run(run_report(failed_case()))
    assert fake_llm.requests == []
