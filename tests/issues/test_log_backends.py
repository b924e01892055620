"""Root cause from hosted log searches: Datadog's Logs Search API and Elasticsearch `_search`."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from core.settings_services import instance_settings_update
from issues.models import Issue
from tests.fakes.logs import FakeDatadog, FakeElasticsearch
from tests.fakes.server import Reply
from tests.issues.conftest import FileRun
from tests.issues.reports import failed_case, run_report

pytestmark = pytest.mark.django_db

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
OTHER = "00000000000000000000000000000001"


def _finished(at: float) -> str:
    return datetime.fromtimestamp(at, tz=UTC).isoformat()


@pytest.fixture
def datadog(settings: Any) -> Any:
    with FakeDatadog() as fake:
        settings.LOG_BACKEND = "datadog"
        settings.DATADOG_API_URL = fake.url
        settings.DATADOG_API_KEY = fake.api_key
        settings.DATADOG_APP_KEY = fake.app_key
        yield fake


@pytest.fixture
def elastic(settings: Any) -> Any:
    with FakeElasticsearch() as fake:
        settings.LOG_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = fake.url
        settings.ELASTICSEARCH_API_KEY = fake.api_key
        yield fake


def test_datadog_lines_with_the_trace_id_go_into_the_issue(
    file_run: FileRun, datadog: FakeDatadog
) -> None:
    failed_at = time.time() - 60
    datadog.add(f"ERROR trace_id={TRACE} coupon: ZeroDivisionError", at=failed_at - 1)
    datadog.add(f"INFO trace_id={TRACE} POST /api/coupon", at=failed_at - 2)
    datadog.add(f"ERROR trace_id={OTHER} unrelated", at=failed_at - 1)
    datadog.add(f"ERROR trace_id={TRACE} ten minutes earlier", at=failed_at - 600)

    outcome = file_run(run_report(failed_case(), finished_at=_finished(failed_at)))

    assert outcome.cases[0].log_lines == (
        f"INFO trace_id={TRACE} POST /api/coupon",
        f"ERROR trace_id={TRACE} coupon: ZeroDivisionError",
    )
    assert (
        f"## Server logs (datadog, trace id `{TRACE}`)" in Issue.objects.get().body_md
    )
    (search,) = datadog.received("POST")
    assert search.path == "/api/v2/logs/events/search"
    body = search.json
    assert body["filter"]["query"] == f'"{TRACE}"'
    assert body["sort"] == "timestamp" and body["page"] == {"limit": 200}
    start = datetime.fromisoformat(body["filter"]["from"]).timestamp()
    end = datetime.fromisoformat(body["filter"]["to"]).timestamp()
    assert end - start == pytest.approx(210) and start == pytest.approx(failed_at - 180)


def test_the_datadog_query_narrows_the_search(
    file_run: FileRun, settings: Any, datadog: FakeDatadog
) -> None:
    settings.DATADOG_QUERY = "service:shop env:prod"
    datadog.add(f"ERROR trace_id={TRACE} from prod", tags=("env:prod",))
    datadog.add(f"ERROR trace_id={TRACE} from staging", tags=("env:staging",))
    outcome = file_run(run_report(failed_case()))
    assert outcome.cases[0].log_lines == (f"ERROR trace_id={TRACE} from prod",)
    assert datadog.received("POST")[0].json["filter"]["query"] == (
        f'"{TRACE}" service:shop env:prod'
    )


def test_wrong_datadog_keys_leave_the_logs_out_with_a_reason(
    file_run: FileRun, settings: Any, datadog: FakeDatadog
) -> None:
    settings.DATADOG_APP_KEY = "not-the-key"
    datadog.add(f"ERROR trace_id={TRACE} boom")
    outcome = file_run(run_report(failed_case()))
    assert outcome.cases[0].log_error == "Datadog answered HTTP 403"
    issue = Issue.objects.get()
    assert "not-the-key" not in issue.body_md
    assert "Datadog answered HTTP 403" in issue.body_md


def test_datadog_without_keys_is_reported_not_raised(
    file_run: FileRun, settings: Any
) -> None:
    settings.LOG_BACKEND = "datadog"
    outcome = file_run(run_report(failed_case()))
    assert "datadog_api_key" in (outcome.cases[0].log_error or "")
    assert Issue.objects.count() == 1


def test_elasticsearch_hits_with_the_trace_id_go_into_the_issue(
    file_run: FileRun, elastic: FakeElasticsearch
) -> None:
    failed_at = time.time() - 60
    elastic.add(
        {"message": "coupon: ZeroDivisionError", "trace": {"id": TRACE}},
        at=failed_at - 1,
    )
    elastic.add({"log": {"original": f"POST /api/coupon {TRACE}"}}, at=failed_at - 2)
    elastic.add({"message": "unrelated", "trace": {"id": OTHER}}, at=failed_at - 1)
    elastic.add({"message": "too early", "trace": {"id": TRACE}}, at=failed_at - 600)
    elastic.add({"message": "other index", "trace": {"id": TRACE}}, index="metrics")

    outcome = file_run(run_report(failed_case(), finished_at=_finished(failed_at)))

    assert outcome.cases[0].log_lines == (
        f"POST /api/coupon {TRACE}",
        "coupon: ZeroDivisionError",
    )
    assert f"## Server logs (elasticsearch, trace id `{TRACE}`)" in (
        Issue.objects.get().body_md
    )
    (search,) = elastic.received("POST")
    assert search.path == "/*/_search"
    assert search.header("authorization") == f"ApiKey {elastic.api_key}"
    must = search.json["query"]["bool"]["must"]
    assert must == [
        {"multi_match": {"query": TRACE, "type": "phrase", "lenient": True}}
    ]


def test_elasticsearch_index_and_trace_field_come_from_the_settings(
    file_run: FileRun, settings: Any, elastic: FakeElasticsearch
) -> None:
    settings.ELASTICSEARCH_INDEX = "logs-*"
    settings.ELASTICSEARCH_TRACE_FIELD = "trace.id"
    elastic.add({"message": "by field", "trace": {"id": TRACE}})
    elastic.add({"message": f"only mentions {TRACE} in the text"})
    elastic.add({"message": "wrong index", "trace": {"id": TRACE}}, index="audit")
    outcome = file_run(run_report(failed_case()))
    assert outcome.cases[0].log_lines == ("by field",)
    assert elastic.received("POST")[0].path == "/logs-*/_search"


def test_elasticsearch_basic_auth_from_a_user_password_key(
    file_run: FileRun, settings: Any
) -> None:
    with FakeElasticsearch(basic="elastic:s3cret") as fake:
        settings.LOG_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = fake.url
        settings.ELASTICSEARCH_API_KEY = "elastic:s3cret"
        fake.add({"message": f"hit {TRACE}"})
        outcome = file_run(run_report(failed_case()))
    assert outcome.cases[0].log_lines == (f"hit {TRACE}",)


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(401, json={"error": {}}), "Elasticsearch answered HTTP 401"),
        (Reply(200, json={"hits": 3}), "not a search result"),
        (
            Reply(200, text="<html>"),
            "Elasticsearch answered something that is not JSON",
        ),
        (Reply(200, json={}, delay=3), "the log backend did not answer in time"),
    ],
    ids=["401", "not-a-result", "not-json", "timeout"],
)
def test_an_elasticsearch_error_never_fails_filing(
    file_run: FileRun,
    settings: Any,
    elastic: FakeElasticsearch,
    reply: Reply,
    error: str,
) -> None:
    settings.INTEGRATION_TIMEOUT = 0.3
    elastic.script(reply)
    outcome = file_run(run_report(failed_case()))
    assert error in (outcome.cases[0].log_error or "")
    assert Issue.objects.count() == 1


def test_log_backend_settings_are_validated_and_secrets_stored_encrypted() -> None:
    from core.exceptions import ValidationFailed
    from core.models import InstanceSettings

    with pytest.raises(ValidationFailed) as failed:
        instance_settings_update(
            values={
                "log_backend": "splunk",
                "elasticsearch_index": "Logs Index",
                "elasticsearch_trace_field": "trace id",
                "datadog_api_url": "ftp://x",
            }
        )
    paths = [error["path"] for error in failed.value.extra["errors"]]
    assert paths == [
        "log_backend",
        "elasticsearch_index",
        "elasticsearch_trace_field",
        "datadog_api_url",
    ]
    effective = instance_settings_update(
        values={
            "log_backend": "Elasticsearch",
            "elasticsearch_index": "logs-*,app-*",
            "elasticsearch_api_key": "ZXMtaWQ6ZXMta2V5",
            "datadog_app_key": "dd-app-secret",
        }
    )
    assert effective.log_backend_name == "elasticsearch"
    assert effective.elasticsearch_api_key == "ZXMtaWQ6ZXMta2V5"
    row = InstanceSettings.objects.get()
    assert "ZXMtaWQ6ZXMta2V5" not in row.elasticsearch_api_key
    assert "dd-app-secret" not in row.datadog_app_key
