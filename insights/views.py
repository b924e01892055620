"""The dashboard (`/`) and the analytics page: runs now and recent, open issues, pass-rate trend
and flaky cases, as tables and server-rendered SVG charts."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.exceptions import TripwireError
from core.filters import one_of
from core.kept import kept
from core.web import page
from insights import charts
from insights.analytics import CaseStats, DailyRate, analytics_get, daily_pass_rates
from issues.selectors import open_by_severity
from runs.selectors import run_list, run_queue

logger = logging.getLogger(__name__)

PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365, "all": None}
# The dashboard's flaky list and pass-rate trend read every case result of the month: kept per
# process and refreshed in the background once a minute old (core/kept.py), so no visitor waits
# for them.
DASHBOARD_TTL_S = 60


def _flakiest(days: int) -> list[CaseStats]:
    def compute() -> list[CaseStats]:
        since = timezone.now() - timedelta(days=days)
        return list(analytics_get(since=since, trend_limit=0)["flaky_cases"][:10])

    found, _ = kept(f"dashboard-flaky-{days}", compute, fresh_s=DASHBOARD_TTL_S)
    return list(found)


def _daily_rates(days: int) -> list[DailyRate]:
    found, _ = kept(
        f"dashboard-rates-{days}",
        lambda: list(daily_pass_rates(days=days)),
        fresh_s=DASHBOARD_TTL_S,
    )
    return list(found)


def warm() -> None:
    """Compute what the dashboard and the default analytics page show, before anyone asks."""
    try:
        _daily_rates(30)
        _flakiest(30)
        _analytics("", "30")
    except Exception:
        # An instance not migrated yet, a database not reachable: the first visit will say so.
        logger.exception("warming the dashboard's aggregates failed")


@page
def dashboard(request: HttpRequest) -> HttpResponse:
    rates = _daily_rates(30)
    return render(
        request,
        "insights/dashboard.html",
        {
            "queue": run_queue(),
            "recent": run_list()[:20],
            "issues": open_by_severity(),
            "flaky": _flakiest(30),
            "trend": charts.line(
                "Pass rate per day, last 30 days",
                [r["day"].strftime("%m-%d") for r in rates],
                {"pass rate": [_percent(r["pass_rate"]) for r in rates]},
                percent=True,
            )
            if rates
            else None,
        },
    )


@page
def dashboard_live(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/_queue.html", {"queue": run_queue()})


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


# The analytics page aggregates every case result of the period and draws four charts: its
# figures are kept per (suite, period) and refreshed like the dashboard's, and the page says
# when they were computed.
ANALYTICS_TTL_S = 60
# More points than a chart is wide only slow the drawing down.
TREND_POINTS = 200


@page
def analytics_page(request: HttpRequest) -> HttpResponse:
    suite = request.GET.get("suite", "")
    error = None
    try:
        period = one_of("period", request.GET.get("period") or "30", list(PERIODS))
    except TripwireError as exc:
        error, period = exc.detail, "30"
    period = period or "30"
    context = _analytics(suite, period)
    return render(
        request,
        "insights/analytics.html",
        {
            **context,
            "suite": suite,
            "period": period,
            "periods": list(PERIODS),
            "error": error,
        },
    )


def _analytics(suite: str, period: str) -> dict[str, Any]:
    key = f"analytics-page-{period}-{hashlib.sha256(suite.encode()).hexdigest()[:16]}"
    context, _ = kept(
        key, lambda: _analytics_context(suite, period), fresh_s=ANALYTICS_TTL_S
    )
    return context


def _analytics_context(suite: str, period: str) -> dict[str, Any]:
    days = PERIODS[period]
    since = timezone.now() - timedelta(days=days) if days else None
    data = analytics_get(suite_id=suite or None, since=since, trend_limit=TREND_POINTS)
    trend = data["trend"]
    labels = [point["ts"].strftime("%m-%d %H:%M") for point in trend]
    context: dict[str, Any] = {
        # Only what the page shows: the cache copies this dict on every read.
        "data": {k: v for k, v in data.items() if k not in ("cases", "trend")},
        "cases": data["cases"][:50],
        "computed": timezone.now(),
    }
    if trend:
        context["charts"] = [
            charts.line(
                "Pass rate per run",
                labels,
                {"pass rate": [_percent(p["pass_rate"]) for p in trend]},
                percent=True,
            ),
            charts.line(
                "Run duration (s)",
                labels,
                {
                    "duration": [
                        None
                        if p["duration_ms"] is None
                        else round(p["duration_ms"] / 1000, 1)
                        for p in trend
                    ]
                },
            ),
            charts.line(
                "Heals and model calls per run",
                labels,
                {
                    "heals": [p["healed"] for p in trend],
                    "model calls": [p["model_calls"] for p in trend],
                },
            ),
        ]
        if data["flaky_cases"]:
            context["charts"].append(
                charts.bars(
                    "Flakiest cases (share of non-passing outcomes, last 10 runs)",
                    [
                        (
                            f"{c['suite_id']}/{c['case_id']}",
                            _percent(c["flake_rate"]) or 0,
                        )
                        for c in data["flaky_cases"][:10]
                    ],
                    percent=True,
                )
            )
    return context
