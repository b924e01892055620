"""Pages of plans: the list, one plan with its next fire times and last runs, create and edit (items
with case subsets, a cron schedule checked as you type, a write-only login), run now, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import InvalidCron, NotFound, TripwireError
from core.web import page, paginate, query_without_page, user_of
from runs import plans
from runs.models import Plan, Run
from suites.selectors import suite_list

BLANK_ITEMS = 3


def _plan_or_404(plan_id: str) -> Plan:
    try:
        return plans.plan_get(plan_id=plan_id)
    except NotFound:
        raise Http404 from None


def _cron(schedule: str) -> dict[str, Any]:
    if not schedule.strip():
        return {"times": [], "error": ""}
    try:
        return {"times": plans.next_fire_times(schedule), "error": ""}
    except InvalidCron as exc:
        return {"times": [], "error": exc.detail}


@page
def plans_list(request: HttpRequest) -> HttpResponse:
    found = Plan.objects.order_by("name")
    return render(
        request,
        "runs/plans.html",
        {"page_obj": paginate(request, found), "query": query_without_page(request)},
    )


@page
def plan_detail(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = _plan_or_404(plan_id)
    return render(
        request,
        "runs/plan.html",
        {
            "plan": plan,
            "cron": _cron(plan.schedule),
            "runs": Run.objects.filter(plan=plan).defer("report", "suite_yaml")[:20],
        },
    )


@page
def cron_preview(request: HttpRequest) -> HttpResponse:
    """The next three fire times of the schedule being typed, or why it is not valid."""
    return render(
        request, "runs/_cron.html", {"cron": _cron(request.GET.get("schedule", ""))}
    )


def _items(request: HttpRequest) -> list[plans.PlanItem]:
    items: list[plans.PlanItem] = []
    for suite, cases in zip(
        request.POST.getlist("item_suite"),
        request.POST.getlist("item_cases"),
        strict=False,
    ):
        if not suite.strip():
            continue
        chosen = [c.strip() for c in cases.split(",") if c.strip()]
        items.append(plans.PlanItem(suite=suite.strip(), cases=chosen or None))
    return items


@page
def plan_edit(request: HttpRequest, plan_id: str | None = None) -> HttpResponse:
    plan = _plan_or_404(plan_id) if plan_id else None
    context: dict[str, Any] = {"plan": plan, "problems": [], "error": ""}
    if request.method == "POST":
        post = request.POST
        auth: plans.PlanAuth | plans.Keep | None = plans.KEEP
        if post.get("auth_username", "").strip():
            auth = plans.PlanAuth(
                username=post["auth_username"].strip(),
                # Write-only: left empty keeps the stored password.
                password=post.get("auth_password") or None,
                login_path=post.get("auth_login_path") or "/login",
            )
        elif plan is None or plan.auth:
            auth = None
        try:
            saved = plans.plan_save(
                plan_id=plan.pk if plan else None,
                name=post.get("name", ""),
                description=post.get("description", ""),
                items=_items(request),
                schedule=post.get("schedule", ""),
                auth=auth,
                base_url=post.get("base_url", ""),
            )
        except TripwireError as exc:
            context["error"] = exc.detail
            context["problems"] = exc.extra.get("errors", [])
            context["form"] = post
        else:
            messages.success(request, f"Plan “{saved.name}” saved.")
            return redirect(f"/plans/{saved.pk}")
    rows = list(plan.items) if plan else []
    if "form" in context:
        rows = [{"suite": item.suite, "cases": item.cases} for item in _items(request)]
    context["rows"] = [
        *(
            {"suite": r["suite"], "cases": ", ".join(r.get("cases") or [])}
            for r in rows
        ),
        *({"suite": "", "cases": ""} for _ in range(BLANK_ITEMS)),
    ]
    context["suites"] = suite_list().values_list("file", "name")[:500]
    context["cron"] = _cron(plan.schedule if plan else "")
    return render(request, "runs/plan_edit.html", context)


@page
@require_POST
def plan_run_now(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = _plan_or_404(plan_id)
    try:
        runs = plans.plan_run(plan=plan, user=user_of(request), trigger="page")
    except TripwireError as exc:
        messages.error(request, exc.detail)
        return redirect(f"/plans/{plan.pk}")
    messages.success(
        request, f"Queued {len(runs)} run(s); they run one after the other."
    )
    return redirect(f"/runs/{runs[0].id}")


@page
@require_POST
def plan_delete_page(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = _plan_or_404(plan_id)
    plans.plan_delete(plan=plan)
    messages.success(request, f"Plan “{plan.name}” deleted.")
    return redirect("/plans")
