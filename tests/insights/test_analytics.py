"""GET /analytics on constructed histories whose answers are known."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from insights.analytics import analytics_get
from insights.api.serializers import (
    AnalyticsSerializer,
    CaseStatsSerializer,
    TrendPointSerializer,
)
from runs.models import Run, RunStatus
from tests.factories import CaseResultFactory, RunFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

# An outcome: a status, or (status, {"flaky": True, "duration_ms": ..., "title": ..., "heals": ...}).
Outcome = str | tuple[str, dict[str, Any]]


class History:
    """Builds runs one after another, one hour apart, like a real instance accumulates them."""

    def __init__(self) -> None:
        self.clock = T0
        self.count = 0

    def run(
        self,
        suite: str,
        outcomes: dict[str, Outcome],
        *,
        status: str | None = None,
        at: datetime | None = None,
        heals: int = 0,
        model_calls: int = 0,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> Run:
        self.count += 1
        created = at or self.clock
        self.clock = created + timedelta(hours=1)
        counts = {"passed": 0, "failed": 0, "broken": 0, "skipped": 0}
        rows: list[tuple[str, str, dict[str, Any]]] = []
        for case_id, outcome in outcomes.items():
            case_status, extra = (outcome, {}) if isinstance(outcome, str) else outcome
            counts[case_status] += 1
            rows.append((case_id, case_status, extra))
        worst = next(
            (s for s in ("broken", "failed", "passed") if counts[s]), "skipped"
        )
        run = RunFactory.create(
            id=f"r{self.count:04d}",
            suite_id=suite,
            status=status or worst,
            created=created,
            heals=heals,
            model_calls=model_calls,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            **counts,
        )
        for position, (case_id, case_status, extra) in enumerate(rows):
            CaseResultFactory.create(
                run=run,
                case_id=case_id,
                title=extra.get("title", f"{case_id.title()} case"),
                position=position,
                status=case_status,
                duration_ms=extra.get(
                    "duration_ms", 0 if case_status == "skipped" else 100
                ),
                heals=extra.get("heals", 0),
                flaky=extra.get("flaky", False),
            )
        return run

    def series(self, suite: str, case_id: str, statuses: Sequence[Outcome]) -> None:
        """One run per outcome, oldest first."""
        for outcome in statuses:
            self.run(suite, {case_id: outcome})


@pytest.fixture
def history() -> History:
    return History()


def _get(api: APIClient, query: str = "") -> dict[str, Any]:
    response = api.get(f"/api/v1/analytics{query}")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _case(body: dict[str, Any], case_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in body["cases"] if c["case_id"] == case_id]
    assert len(found) == 1, [c["case_id"] for c in body["cases"]]
    return found[0]


P, F, B, S = "passed", "failed", "broken", "skipped"


def test_an_empty_history(api: APIClient) -> None:
    assert _get(api) == {
        "total_runs": 0,
        "overall_pass_rate": None,
        "healed": 0,
        "model_calls": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "total_cases": 0,
        "window": 10,
        "flaky_cases": [],
        "cases": [],
        "trend": [],
        "slowest_cases": [],
    }


def test_mixed_last_ten_outcomes_make_a_case_flaky(
    api: APIClient, history: History
) -> None:
    history.series("shop", "cart", [P, P, P, F, P, P, B, P, P, P, P])
    cart = _case(_get(api), "cart")
    assert cart["flaky"] is True
    assert cart["history"] == [P, P, P, P, B, P, P, F, P, P]  # newest first, 10 only
    assert cart["flake_rate"] == 0.2
    assert cart["flaky_marks"] == 0
    assert (cart["runs"], cart["passed"], cart["failed"], cart["broken"]) == (
        11,
        9,
        1,
        1,
    )
    assert cart["pass_rate"] == round(9 / 11, 4)
    assert cart["avg_duration_ms"] == 100
    assert [c["case_id"] for c in _get(api)["flaky_cases"]] == ["cart"]


def test_old_failures_outside_the_window_do_not_make_a_case_flaky(
    api: APIClient, history: History
) -> None:
    history.series("shop", "login", [F, B, F] + [P] * 10)
    login = _case(_get(api), "login")
    assert login["flaky"] is False
    assert login["flake_rate"] == 0.0
    assert login["history"] == [P] * 10
    # The counts still cover the whole history.
    assert (login["runs"], login["passed"], login["failed"], login["broken"]) == (
        13,
        10,
        2,
        1,
    )
    assert login["pass_rate"] == round(10 / 13, 4)


def test_a_case_failing_every_time_is_not_flaky_but_broken(
    api: APIClient, history: History
) -> None:
    history.series("shop", "coupon", [F] * 12)
    coupon = _case(_get(api), "coupon")
    assert coupon["flaky"] is False
    assert coupon["flake_rate"] == 1.0
    assert coupon["pass_rate"] == 0.0


def test_a_run_marking_the_case_flaky_makes_it_flaky(
    api: APIClient, history: History
) -> None:
    marked: Outcome = (P, {"flaky": True})
    history.series("shop", "search", [P, P, marked, P, P])
    # An old mark, pushed out of the window by ten clean runs, no longer counts.
    history.series("shop", "menu", [marked] + [P] * 10)
    body = _get(api)
    search = _case(body, "search")
    assert search["flaky"] is True
    assert search["flake_rate"] == 0.0
    assert search["flaky_marks"] == 1
    assert _case(body, "menu")["flaky"] is False
    assert [c["case_id"] for c in body["flaky_cases"]] == ["search"]


def test_skipped_outcomes_are_not_runs(api: APIClient, history: History) -> None:
    history.series("shop", "pay", [P, S, F, S, P])
    history.series("shop", "never", [S, S])
    body = _get(api)
    pay = _case(body, "pay")
    assert (pay["runs"], pay["passed"], pay["failed"], pay["skipped"]) == (3, 2, 1, 2)
    assert pay["history"] == [P, F, P]
    assert pay["pass_rate"] == round(2 / 3, 4)
    assert pay["avg_duration_ms"] == 100  # skipped outcomes (0 ms) do not drag it down
    never = _case(body, "never")
    assert (never["runs"], never["skipped"], never["history"]) == (0, 2, [])
    assert never["pass_rate"] is None and never["flake_rate"] is None
    assert never["avg_duration_ms"] is None
    assert never["title"] == "Never case"
    assert never not in body["slowest_cases"]
    assert body["overall_pass_rate"] == round(2 / 3, 4)


def test_cases_and_flaky_cases_are_sorted_flakiest_first(
    api: APIClient, history: History
) -> None:
    marked: Outcome = (P, {"flaky": True})
    history.series("a", "half", [P, F, P, F, P, F])  # flaky, 0.5
    history.series("a", "tenth", [P] * 9 + [F])  # flaky, 0.1
    history.series("b", "tenth", [F] + [P] * 9)  # flaky, 0.1: same rate, same runs
    history.series("a", "rare", [P] * 18 + [B] + [P])  # flaky, 0.1, more runs
    history.series("a", "marked", [P, marked])  # flaky by mark, 0.0
    history.series("a", "down", [F, F])  # not flaky, 1.0
    history.series("a", "fine", [P] * 3)  # not flaky, 0.0, 3 runs
    history.series("a", "alsofine", [P] * 3)  # not flaky, 0.0, 3 runs
    body = _get(api)
    order = [(c["suite_id"], c["case_id"]) for c in body["cases"]]
    assert order == [
        ("a", "half"),
        ("a", "rare"),  # 0.1 like the next two, but more runs behind it
        ("a", "tenth"),  # then suite_id, case_id
        ("b", "tenth"),
        ("a", "marked"),
        ("a", "down"),
        ("a", "alsofine"),
        ("a", "fine"),
    ]
    assert [(c["suite_id"], c["case_id"]) for c in body["flaky_cases"]] == order[:5]
    assert body["total_cases"] == 8


def test_trend_is_one_point_per_run_oldest_first(
    api: APIClient, history: History
) -> None:
    first = history.run(
        "shop",
        {"a": P, "b": P},
        heals=1,
        model_calls=2,
        prompt_tokens=300,
        completion_tokens=40,
    )
    second = history.run("shop", {"a": P, "b": F, "c": S})
    third = history.run("blog", {"x": B}, model_calls=1, prompt_tokens=100)
    body = _get(api)
    assert [p["run_id"] for p in body["trend"]] == [first.id, second.id, third.id]
    one, two, three = body["trend"]
    assert one == {
        "run_id": first.id,
        "ts": "2025-03-01T09:00:00Z",
        "suite_id": "shop",
        "status": "passed",
        "cases": 2,
        "passed": 2,
        "failed": 0,
        "broken": 0,
        "skipped": 0,
        "pass_rate": 1.0,
        "duration_ms": 1000,
        "healed": 1,
        "model_calls": 2,
        "prompt_tokens": 300,
        "completion_tokens": 40,
    }
    assert (two["cases"], two["pass_rate"], two["status"]) == (3, 0.5, "failed")
    assert (three["suite_id"], three["pass_rate"]) == ("blog", 0.0)
    assert body["total_runs"] == 3
    assert (body["healed"], body["model_calls"]) == (1, 3)
    assert (body["prompt_tokens"], body["completion_tokens"]) == (400, 40)
    # Case outcomes: 3 passed of 5 counted (the skipped one is not counted).
    assert body["overall_pass_rate"] == 0.6
    # trend_limit keeps the most recent runs, still oldest first.
    limited = _get(api, "?trend_limit=2")["trend"]
    assert [p["run_id"] for p in limited] == [second.id, third.id]


def test_slowest_cases_are_the_top_ten_by_average_duration(
    api: APIClient, history: History
) -> None:
    for round_ in range(2):
        history.run(
            "perf",
            {
                f"c{n:02d}": (P, {"duration_ms": 1000 * n + 200 * round_})
                for n in range(1, 13)
            },
        )
    history.run("perf", {"c99": (S, {"duration_ms": 0})})
    body = _get(api)
    slowest = body["slowest_cases"]
    assert [c["case_id"] for c in slowest] == [f"c{n:02d}" for n in range(12, 2, -1)]
    assert slowest[0]["avg_duration_ms"] == 12100
    assert slowest[-1]["avg_duration_ms"] == 3100
    assert len(body["cases"]) == 13


def test_the_suite_filter(api: APIClient, history: History) -> None:
    history.run("shop", {"cart": F})
    history.run("blog", {"post": P, "comment": P})
    body = _get(api, "?suite=blog")
    assert body["total_runs"] == 1
    assert {c["case_id"] for c in body["cases"]} == {"post", "comment"}
    assert {p["suite_id"] for p in body["trend"]} == {"blog"}
    assert body["overall_pass_rate"] == 1.0
    assert _get(api, "?suite=nope")["total_runs"] == 0


def test_the_same_case_id_in_two_suites_is_two_cases(
    api: APIClient, history: History
) -> None:
    history.run("shop", {"login": F})
    history.run("blog", {"login": P})
    body = _get(api)
    assert sorted((c["suite_id"], c["pass_rate"]) for c in body["cases"]) == [
        ("blog", 1.0),
        ("shop", 0.0),
    ]


def test_the_since_filter_takes_a_date_or_a_date_time(
    api: APIClient, history: History
) -> None:
    day = timedelta(days=1)
    history.run("shop", {"cart": F}, at=T0)
    history.run("shop", {"cart": P}, at=T0 + day)
    history.run("shop", {"cart": P}, at=T0 + 2 * day)
    by_date = _get(api, "?since=2025-03-02")
    assert by_date["total_runs"] == 2
    assert _case(by_date, "cart")["history"] == [P, P]
    by_time = _get(api, "?since=2025-03-03T09:00:00Z")
    assert by_time["total_runs"] == 1
    just_after = _get(api, "?since=2025-03-03T09:00:01%2B00:00")
    assert just_after["total_runs"] == 0
    assert just_after["cases"] == []


@pytest.mark.parametrize(
    "query",
    [
        "?since=yesterday",
        "?since=2025-13-01",
        "?trend_limit=0",
        "?cases_limit=-1",
        "?cases_offset=x",
    ],
)
def test_bad_filters_are_validation_errors(api: APIClient, query: str) -> None:
    response = api.get(f"/api/v1/analytics{query}")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"


def test_unfinished_and_cancelled_runs_do_not_count(
    api: APIClient, history: History
) -> None:
    history.run("shop", {"cart": P})
    history.run("shop", {"cart": F}, status=RunStatus.CANCELLED)
    history.run("shop", {"cart": B}, status=RunStatus.RUNNING)
    body = _get(api)
    assert body["total_runs"] == 1
    cart = _case(body, "cart")
    assert (cart["runs"], cart["history"], cart["flaky"]) == (1, [P], False)
    assert len(body["trend"]) == 1


def test_the_newest_title_wins_and_heals_add_up(
    api: APIClient, history: History
) -> None:
    history.run("shop", {"cart": (P, {"title": "Old title", "heals": 2})})
    history.run("shop", {"cart": (P, {"title": "New title", "heals": 1})})
    cart = _case(_get(api), "cart")
    assert cart["title"] == "New title"
    assert cart["heals"] == 3
    assert cart["last_seen"] == "2025-03-01T10:00:00Z"


def test_cases_can_be_paged_without_changing_the_totals(
    api: APIClient, history: History
) -> None:
    history.series("s", "flaky", [P, F])
    for n in range(5):
        history.run("s", {f"ok{n}": P})
    full = _get(api)
    page = _get(api, "?cases_limit=2&cases_offset=1")
    assert [c["case_id"] for c in page["cases"]] == [
        c["case_id"] for c in full["cases"][1:3]
    ]
    assert page["total_cases"] == full["total_cases"] == 6
    assert page["flaky_cases"] == full["flaky_cases"]
    assert page["slowest_cases"] == full["slowest_cases"]
    assert page["overall_pass_rate"] == full["overall_pass_rate"]


def test_the_answer_is_exactly_its_documented_schema(
    api: APIClient, history: History
) -> None:
    """The view renders the selector's document directly; it must match the serializer."""
    history.series("shop", "cart", [P, F, (S, {}), (P, {"flaky": True})])
    history.run("blog", {"post": B}, model_calls=1)
    served = _get(api)
    documented = json.loads(
        JSONRenderer().render(AnalyticsSerializer(analytics_get()).data)
    )
    assert served == documented
    assert served["trend"][0]["ts"].endswith("Z")
    assert set(served) == set(AnalyticsSerializer().fields)
    assert set(served["cases"][0]) == set(CaseStatsSerializer().fields)
    assert set(served["trend"][0]) == set(TrendPointSerializer().fields)


def test_the_query_count_does_not_grow_with_the_cases(
    api: APIClient,
    history: History,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for _ in range(12):
        history.run("big", {f"case{n}": P if n % 3 else F for n in range(40)})
    with django_assert_max_num_queries(4):
        document = analytics_get()
    assert document["total_cases"] == 40
    # Through the API: the same four, plus the token's user lookup.
    with django_assert_max_num_queries(5):
        body = _get(api)
    assert len(body["cases"]) == 40


def test_both_ways_of_reading_the_window_agree(history: History) -> None:
    """The SQLite index walk and the portable ROW_NUMBER() window give the same answer."""
    rng = random.Random(11)
    statuses = [P, P, P, F, B, S]
    for _ in range(40):
        suite = rng.choice(["a", "b"])
        history.run(
            suite,
            {
                f"c{n}": (
                    rng.choice(statuses),
                    {"flaky": rng.random() < 0.05, "duration_ms": rng.randint(1, 999)},
                )
                for n in range(rng.randint(3, 12))
            },
            status=rng.choice([None, None, None, RunStatus.CANCELLED]),
        )
    for filters in ({}, {"suite_id": "a"}, {"since": T0 + timedelta(hours=15)}):
        by_index = analytics_get(strategy="index", **filters)
        by_window = analytics_get(strategy="window", **filters)
        assert by_index == by_window
        assert any(case["flaky"] for case in by_index["cases"])
        assert all(len(case["history"]) <= 10 for case in by_index["cases"])


def test_analytics_needs_a_token(anon: APIClient) -> None:
    response = anon.get("/api/v1/analytics")
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"
