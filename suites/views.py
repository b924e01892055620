"""Pages of suites: list and search, the YAML editor (validate without saving, save, delete),
new suites (the server picks the file name), and importing a `.tripwire.yaml` file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import InvalidYaml, NotFound, TripwireError, ValidationFailed
from core.web import page, paginate, query_without_page
from suites import selectors, services
from suites.editor import STARTER, editor_lines
from suites.models import Suite
from suites.yaml_limits import MAX_BYTES


def _problems(exc: TripwireError) -> list[dict[str, Any]]:
    return list(exc.extra.get("errors", []))


def _suite_or_404(name: str) -> Suite:
    try:
        return selectors.suite_get(name=name)
    except NotFound:
        raise Http404 from None


@page
def suites_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(
        request,
        "suites/list.html",
        {
            "page_obj": paginate(request, selectors.suite_list(q=q or None)),
            "query": query_without_page(request),
            "q": q,
        },
    )


@page
def suite_new(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("yaml", STARTER) if request.method == "POST" else STARTER
    context: dict[str, Any] = {"suite": None, "yaml": text, "problems": []}
    if request.method == "POST":
        try:
            suite = services.suite_create(yaml_text=text)
        except (InvalidYaml, ValidationFailed) as exc:
            context.update(problems=_problems(exc), detail=exc.detail)
        else:
            messages.success(request, f"Saved as {suite.file}.")
            return redirect(f"/suites/{suite.file}")
    context.update(editor_lines(text, context["problems"]))
    return render(request, "suites/editor.html", context)


@page
def suite_detail(request: HttpRequest, name: str) -> HttpResponse:
    suite = _suite_or_404(name)
    text = request.POST.get("yaml", "") if request.method == "POST" else suite.yaml
    context: dict[str, Any] = {"suite": suite, "yaml": text, "problems": []}
    if request.method == "POST":
        try:
            services.suite_update(suite=suite, yaml_text=text)
        except (InvalidYaml, ValidationFailed) as exc:
            context.update(problems=_problems(exc), detail=exc.detail)
        else:
            messages.success(request, f"Saved {suite.file}.")
            return redirect(f"/suites/{suite.file}")
    context.update(editor_lines(text, context["problems"]))
    return render(request, "suites/editor.html", context)


@page
@require_POST
def suite_validate(request: HttpRequest) -> HttpResponse:
    """Validate the editor's text without saving (the same validator as PUT /suites)."""
    text = request.POST.get("yaml", "")
    context: dict[str, Any] = {"problems": [], "yaml": text}
    try:
        parsed = services.suite_validate(yaml_text=text)
    except (InvalidYaml, ValidationFailed) as exc:
        context.update(problems=_problems(exc), detail=exc.detail)
    else:
        context["valid"] = parsed
    context.update(editor_lines(text, context["problems"]))
    return render(request, "suites/_validation.html", context)


@page
@require_POST
def suite_delete(request: HttpRequest, name: str) -> HttpResponse:
    suite = _suite_or_404(name)
    services.suite_delete(suite=suite)
    messages.success(request, f"Deleted {suite.file}.")
    return redirect("/suites")


@page
@require_POST
def suite_import(request: HttpRequest) -> HttpResponse:
    """One uploaded `.tripwire.yaml`: created under its file name, or replacing that suite."""
    upload = request.FILES.get("file")
    if upload is None or not upload.name:
        messages.error(request, "Choose a .tripwire.yaml file to import.")
        return redirect("/suites")
    if upload.size is not None and upload.size > MAX_BYTES:
        messages.error(
            request,
            f"{upload.name} is larger than the {MAX_BYTES:,}-byte limit of a suite.",
        )
        return redirect("/suites")
    try:
        text = upload.read().decode("utf-8")
        saved, created = services.suite_save(
            file=services.check_file_name(upload.name), yaml_text=text
        )
    except UnicodeDecodeError:
        messages.error(request, f"{upload.name} is not UTF-8 text.")
        return redirect("/suites")
    except (InvalidYaml, ValidationFailed) as exc:
        problems = _problems(exc)
        return render(
            request,
            "suites/editor.html",
            {
                "suite": None,
                "yaml": text,
                "problems": problems,
                "detail": f"{upload.name} was not imported. {exc.detail}",
                **editor_lines(text, problems),
            },
            status=400,
        )
    verb = "Imported" if created else "Replaced"
    messages.success(request, f"{verb} {saved.file}.")
    return redirect(f"/suites/{saved.file}")
