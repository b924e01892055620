"""Flakiness and run analytics (SPEC §10, docs/analytics.md), computed on demand from the history.

Four queries whatever the size of the history: run totals and the trend from `Run` (its counters
are the run's own case counts, written with its CaseResults by run_finish), per-case counts from
one GROUP BY over `CaseResult`, and every case's last WINDOW outcomes from one more query. Only
bounded results reach Python: one row per run in the trend, one per case, WINDOW per case.

Rules (also in docs/analytics.md):
- Only finished runs count: passed, failed, broken or skipped. Queued and running runs are not
  over yet; a cancelled run was stopped by a person and says nothing about the app.
- A skipped case outcome is not a run of that case: it is counted in `skipped` and left out of
  `runs`, the pass rates, the average duration, `history` and the flake window.
- `history` is the flake window: the case's last WINDOW counted outcomes, newest first.
- A case is flaky when its window holds at least one pass and one non-pass, or when a run in the
  window marked it flaky. `flake_rate` is the share of non-passing outcomes in the window.
- `cases` and `flaky_cases` are sorted flakiest first: flaky before not flaky, then higher
  flake_rate, then more flaky marks, then more counted runs (more evidence), then suite_id and
  case_id, so the order is total and stable between calls.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final, Literal, TypedDict

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, F, Field, Max, Q, QuerySet, Sum, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from runs.models import CaseResult, CaseStatus, Run, RunStatus

WINDOW: Final = 10
SLOWEST: Final = 10
TREND_LIMIT_DEFAULT: Final = 1000
TREND_LIMIT_MAX: Final = 10_000
COUNTED_RUN_STATUSES: Final = (
    RunStatus.PASSED,
    RunStatus.FAILED,
    RunStatus.BROKEN,
    RunStatus.SKIPPED,
)


class CaseStats(TypedDict):
    suite_id: str
    case_id: str
    title: str
    runs: int
    passed: int
    failed: int
    broken: int
    skipped: int
    pass_rate: float | None
    flaky: bool
    flake_rate: float | None
    flaky_marks: int
    history: list[str]
    avg_duration_ms: int | None
    heals: int
    last_seen: datetime | None


class TrendPoint(TypedDict):
    run_id: str
    ts: datetime
    suite_id: str
    status: str
    cases: int
    passed: int
    failed: int
    broken: int
    skipped: int
    pass_rate: float | None
    duration_ms: int | None
    healed: int
    model_calls: int
    prompt_tokens: int
    completion_tokens: int


class Analytics(TypedDict):
    total_runs: int
    overall_pass_rate: float | None
    healed: int
    model_calls: int
    prompt_tokens: int
    completion_tokens: int
    total_cases: int
    window: int
    flaky_cases: list[CaseStats]
    cases: list[CaseStats]
    trend: list[TrendPoint]
    slowest_cases: list[CaseStats]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _runs(*, suite_id: str | None, since: datetime | None) -> QuerySet[Run]:
    runs = Run.objects.filter(status__in=COUNTED_RUN_STATUSES)
    if suite_id is not None:
        runs = runs.filter(suite_id=suite_id)
    if since is not None:
        runs = runs.filter(created__gte=since)
    return runs.order_by()


def _results(*, suite_id: str | None, since: datetime | None) -> QuerySet[CaseResult]:
    # suite_id and run_created are copied onto each result, so those filters need no join. The
    # run status does: excluding the unfinished runs (a NOT IN list the database builds once) is
    # much cheaper than joining every result to its run to keep the finished ones.
    unfinished = Run.objects.exclude(status__in=COUNTED_RUN_STATUSES).values("id")
    results = CaseResult.objects.exclude(run_id__in=unfinished)
    if suite_id is not None:
        results = results.filter(suite_id=suite_id)
    if since is not None:
        results = results.filter(run_created__gte=since)
    return results.order_by()


# (suite_id, case_id, status, flaky, title), newest first within each case.
Outcome = tuple[str, str, str, bool, str]
# How the flake window is read: "index" (fast on SQLite and PostgreSQL) or "window" (portable).
Strategy = Literal["index", "window"]


def _recent_by_window(counted: QuerySet[CaseResult]) -> list[Outcome]:
    """The last WINDOW outcomes per case with ROW_NUMBER(): portable, one sort of all rows."""
    # Filtering on a window function makes Django wrap it in a subquery: still one query.
    ranked = (
        counted.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("suite_id"), F("case_id")],
                order_by=[F("run_created").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=WINDOW)
        .order_by("suite_id", "case_id", "rank")
    )
    return list(ranked.values_list("suite_id", "case_id", "status", "flaky", "title"))


def _recent_by_index(
    counted: QuerySet[CaseResult], keys: list[tuple[str, str]] | None = None
) -> list[Outcome]:
    """The same rows as `_recent_by_window`, read as a short index walk per case.

    ROW_NUMBER() numbers every result before keeping ten per case (~130 ms for 100k on SQLite,
    ~110 ms on PostgreSQL). Asking each case for `ORDER BY run_created DESC LIMIT n` instead is a
    short backwards walk of the (suite_id, case_id, run_created) index: ~15 ms on SQLite (a
    correlated `IN (...)`, as it has no LATERAL) and ~70 ms on PostgreSQL (a LATERAL join).
    The ORM cannot join on a correlated subquery, so the statement is assembled here from
    ORM-compiled parts: every filter and parameter comes from `counted`; only the join is
    spelt out, with table and column names taken from the model.

    `keys` are the cases to read, when the caller already knows them (the tallies do): on
    PostgreSQL the DISTINCT that finds them is a scan of every result (~140 ms of ~150 ms at 1M
    results), while a VALUES list of the same keys costs nothing. SQLite finds them in ~10 ms.
    """
    connection = connections[counted.db]
    quote = connection.ops.quote_name
    meta = CaseResult._meta

    def column(name: str, alias: str = "cr") -> str:
        field = meta.get_field(name)
        assert isinstance(field, Field) and field.column
        return f"{alias}.{quote(field.column)}"

    cases_sql, cases_params = (
        counted.values("suite_id", "case_id").distinct().query.sql_with_params()
    )
    newest = counted.filter(
        suite_id=RawSQL("k.suite_id", ()), case_id=RawSQL("k.case_id", ())
    ).order_by("-run_created", "-id")
    wanted = ("suite_id", "case_id", "status", "flaky", "title")
    if connection.vendor == "postgresql":
        inner_sql, inner_params = newest.values(*wanted, "run_created", "id")[
            :WINDOW
        ].query.sql_with_params()
        if keys is not None:
            if not keys:
                return []
            return [
                row
                for start in range(0, len(keys), _KEYS_PER_STATEMENT)
                for row in _lateral_rows(
                    connection,
                    keys[start : start + _KEYS_PER_STATEMENT],
                    (inner_sql, inner_params),
                    [column(name, "w") for name in (*wanted, "run_created", "id")],
                )
            ]
        sql = (
            f"SELECT {', '.join(column(name, 'w') for name in wanted)} "
            f"FROM ({cases_sql}) k CROSS JOIN LATERAL ({inner_sql}) w "
            f"ORDER BY 1, 2, {column('run_created', 'w')} DESC, {column('id', 'w')} DESC"
        )
    else:
        inner_sql, inner_params = newest.values("id")[:WINDOW].query.sql_with_params()
        sql = (
            f"SELECT {', '.join(column(name) for name in wanted)} "
            f"FROM ({cases_sql}) k "
            f"INNER JOIN {quote(meta.db_table)} cr ON {column('id')} IN ({inner_sql}) "
            f"ORDER BY 1, 2, {column('run_created')} DESC, {column('id')} DESC"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*cases_params, *inner_params))
        return [
            (suite, case, status, bool(flaky), title)
            for suite, case, status, flaky, title in cursor.fetchall()
        ]


# Two parameters a key: well under PostgreSQL's 65,535 parameters a statement.
_KEYS_PER_STATEMENT: Final = 5_000


def _lateral_rows(
    connection: BaseDatabaseWrapper,
    keys: list[tuple[str, str]],
    inner: tuple[str, tuple[Any, ...]],
    columns: list[str],
) -> list[Outcome]:
    """PostgreSQL: the newest WINDOW outcomes of each key, through a LATERAL join on VALUES."""
    inner_sql, inner_params = inner
    values = ", ".join(["(%s, %s)"] * len(keys))
    sql = (
        f"SELECT {', '.join(columns[:5])} "
        f"FROM (VALUES {values}) k(suite_id, case_id) CROSS JOIN LATERAL ({inner_sql}) w "
        f"ORDER BY 1, 2, {columns[5]} DESC, {columns[6]} DESC"
    )
    params = [value for key in keys for value in key]
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *inner_params))
        return [
            (suite, case, status, bool(flaky), title)
            for suite, case, status, flaky, title in cursor.fetchall()
        ]


def _recent_outcomes(
    counted: QuerySet[CaseResult],
    *,
    keys: list[tuple[str, str]] | None = None,
    strategy: Strategy | None = None,
) -> dict[tuple[str, str], list[tuple[str, bool, str]]]:
    """Each case's last WINDOW counted outcomes as (status, flaky, title), newest first."""
    if strategy is None:
        vendor = connections[counted.db].vendor
        strategy = "index" if vendor in ("sqlite", "postgresql") else "window"
    rows = (
        _recent_by_index(counted, keys)
        if strategy == "index"
        else _recent_by_window(counted)
    )
    recent: dict[tuple[str, str], list[tuple[str, bool, str]]] = defaultdict(list)
    for suite, case, status, flaky, title in rows:
        recent[(suite, case)].append((status, flaky, title))
    return recent


def _sort_key(case: CaseStats) -> tuple[bool, float, int, int, str, str]:
    return (
        not case["flaky"],
        -(case["flake_rate"] or 0.0),
        -case["flaky_marks"],
        -case["runs"],
        case["suite_id"],
        case["case_id"],
    )


def _trend(runs: QuerySet[Run], *, limit: int) -> list[TrendPoint]:
    """The `limit` most recent runs, oldest first."""
    rows = list(
        runs.order_by("-created", "-id").values(
            "id",
            "created",
            "suite_id",
            "status",
            "passed",
            "failed",
            "broken",
            "skipped",
            "duration_ms",
            "heals",
            "model_calls",
            "prompt_tokens",
            "completion_tokens",
        )[:limit]
    )
    rows.reverse()
    return [
        {
            "run_id": row["id"],
            "ts": row["created"],
            "suite_id": row["suite_id"],
            "status": row["status"],
            "cases": row["passed"] + row["failed"] + row["broken"] + row["skipped"],
            "passed": row["passed"],
            "failed": row["failed"],
            "broken": row["broken"],
            "skipped": row["skipped"],
            "pass_rate": _rate(
                row["passed"], row["passed"] + row["failed"] + row["broken"]
            ),
            "duration_ms": row["duration_ms"],
            "healed": row["heals"],
            "model_calls": row["model_calls"],
            "prompt_tokens": row["prompt_tokens"],
            "completion_tokens": row["completion_tokens"],
        }
        for row in rows
    ]


def _titles(
    results: QuerySet[CaseResult], cases: list[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The newest title of each of `cases` (one query, bounded by their number)."""
    if not cases:
        return {}
    wanted = Q()
    for suite_id, case_id in cases:
        wanted |= Q(suite_id=suite_id, case_id=case_id)
    titles: dict[tuple[str, str], str] = {}
    for suite_id, case_id, title in (
        results.filter(wanted)
        .order_by("-run_created", "-id")
        .values_list("suite_id", "case_id", "title")
    ):
        titles.setdefault((suite_id, case_id), title)
    return titles


@dataclass
class _Tally:
    """One case's outcomes, summed from its per-status rows."""

    by_status: dict[str, int] = field(default_factory=dict)
    heals: int = 0
    duration_sum: int = 0
    last_seen: datetime | None = None

    def add(
        self, status: str, count: int, heals: int, duration: int, last: datetime
    ) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + count
        self.heals += heals
        if status != CaseStatus.SKIPPED:
            self.duration_sum += duration
        self.last_seen = last if self.last_seen is None else max(self.last_seen, last)


def _tallies(results: QuerySet[CaseResult]) -> dict[tuple[str, str], _Tally]:
    # Plain aggregates per (case, status), walked in the covering index's order, then summed
    # here: FILTERed aggregates over every row cost twice as much (1M results: 350 → 190 ms).
    grouped = results.values_list("suite_id", "case_id", "status").annotate(
        count=Count("*"),  # not COUNT(id): no NULL check per row (another 20 ms)
        heal_sum=Sum("heals"),
        duration=Sum("duration_ms"),
        last=Max("run_created"),
    )
    tallies: dict[tuple[str, str], _Tally] = {}
    for suite_id, case_id, status, count, heals, duration, last in grouped:
        tally = tallies.setdefault((suite_id, case_id), _Tally())
        tally.add(status, count, heals or 0, duration or 0, last)
    return tallies


def _case_stats(
    results: QuerySet[CaseResult], *, strategy: Strategy | None
) -> list[CaseStats]:
    """One entry per (suite_id, case_id), flakiest first."""
    tallies = _tallies(results)
    counted = [
        key
        for key, tally in tallies.items()
        if any(status != CaseStatus.SKIPPED for status in tally.by_status)
    ]
    windows = _recent_outcomes(
        results.filter(~Q(status=CaseStatus.SKIPPED)), keys=counted, strategy=strategy
    )
    # No title in the GROUP BY: with it, the covering index on CaseResult (see its Meta) could
    # not answer the query alone. Titles come from the flake window; the few cases that were
    # only ever skipped have none there and are asked for theirs.
    titles = _titles(results, [key for key in tallies if key not in windows])

    cases: list[CaseStats] = []
    for (suite_id, case_id), tally in tallies.items():
        window = windows.get((suite_id, case_id), [])
        history = [status for status, _, _ in window]
        non_passing = sum(status != CaseStatus.PASSED for status in history)
        marks = sum(flaky for _, flaky, _ in window)
        counts = {
            status: tally.by_status.get(status, 0) for status in CaseStatus.values
        }
        runs = sum(counts.values()) - counts[CaseStatus.SKIPPED]
        cases.append(
            {
                "suite_id": suite_id,
                "case_id": case_id,
                # The newest title wins: a case renamed in the YAML shows its current title.
                "title": window[0][2]
                if window
                else titles.get((suite_id, case_id), ""),
                "runs": runs,
                "passed": counts[CaseStatus.PASSED],
                "failed": counts[CaseStatus.FAILED],
                "broken": counts[CaseStatus.BROKEN],
                "skipped": counts[CaseStatus.SKIPPED],
                "pass_rate": _rate(counts[CaseStatus.PASSED], runs),
                "flaky": 0 < non_passing < len(history) or marks > 0,
                "flake_rate": _rate(non_passing, len(history)),
                "flaky_marks": marks,
                "history": history,
                "avg_duration_ms": round(tally.duration_sum / runs) if runs else None,
                "heals": tally.heals,
                "last_seen": tally.last_seen,
            }
        )
    cases.sort(key=_sort_key)
    return cases


def analytics_get(
    *,
    suite_id: str | None = None,
    since: datetime | None = None,
    cases_limit: int | None = None,
    cases_offset: int = 0,
    trend_limit: int = TREND_LIMIT_DEFAULT,
    strategy: Strategy | None = None,
) -> Analytics:
    """The analytics document for the finished runs matching the filters.

    `cases_limit`/`cases_offset` page the `cases` list only (after sorting); `flaky_cases`,
    `slowest_cases` and every total are always computed over all cases. `trend` holds the
    `trend_limit` most recent runs, oldest first. `strategy` picks how the flake window is
    read; by default the fastest one for the database (the tests check that both agree).
    """
    runs = _runs(suite_id=suite_id, since=since)
    totals = runs.aggregate(
        total_runs=Count("id"),
        healed=Sum("heals"),
        model_calls=Sum("model_calls"),
        prompt_tokens=Sum("prompt_tokens"),
        completion_tokens=Sum("completion_tokens"),
    )
    trend = _trend(runs, limit=trend_limit)
    cases = _case_stats(_results(suite_id=suite_id, since=since), strategy=strategy)

    slowest = sorted(
        (case for case in cases if case["avg_duration_ms"] is not None),
        key=lambda case: (
            -(case["avg_duration_ms"] or 0),
            case["suite_id"],
            case["case_id"],
        ),
    )[:SLOWEST]
    page = cases[cases_offset:]
    if cases_limit is not None:
        page = page[:cases_limit]
    return {
        "total_runs": totals["total_runs"],
        "overall_pass_rate": _rate(
            sum(case["passed"] for case in cases), sum(case["runs"] for case in cases)
        ),
        "healed": totals["healed"] or 0,
        "model_calls": totals["model_calls"] or 0,
        "prompt_tokens": totals["prompt_tokens"] or 0,
        "completion_tokens": totals["completion_tokens"] or 0,
        "total_cases": len(cases),
        "window": WINDOW,
        "flaky_cases": [case for case in cases if case["flaky"]],
        "cases": page,
        "trend": trend,
        "slowest_cases": slowest,
    }


class DailyRate(TypedDict):
    day: date
    runs: int
    passed: int
    failed: int
    broken: int
    pass_rate: float | None


def daily_pass_rates(*, days: int, suite_id: str | None = None) -> list[DailyRate]:
    """Case pass rate per day over the last `days` days (days without runs left out), from the
    runs' own counters: one GROUP BY over at most `days` days of runs."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        _runs(suite_id=suite_id, since=since)
        .annotate(day=TruncDate("created"))
        .values("day")
        .annotate(
            count=Count("id"),
            passed_sum=Sum("passed"),
            failed_sum=Sum("failed"),
            broken_sum=Sum("broken"),
        )
        .order_by("day")
    )
    return [
        {
            "day": row["day"],
            "runs": row["count"],
            "passed": row["passed_sum"] or 0,
            "failed": row["failed_sum"] or 0,
            "broken": row["broken_sum"] or 0,
            "pass_rate": _rate(
                row["passed_sum"] or 0,
                (row["passed_sum"] or 0)
                + (row["failed_sum"] or 0)
                + (row["broken_sum"] or 0),
            ),
        }
        for row in rows
    ]
