"""The Generate page: a URL, an OpenAPI document, docs or a description in, a suite to preview,
edit and save out (saving is the suite editor's "Create")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.exceptions import TripwireError
from core.web import page
from generation import services
from suites.editor import STARTER, editor_lines

KINDS = (
    ("url", "A live app (crawl it)"),
    ("openapi", "An OpenAPI document"),
    ("docs", "Documentation (needs a model)"),
    ("text", "A description (needs a model)"),
)


@page
def generate_page(request: HttpRequest) -> HttpResponse:
    post = request.POST
    context: dict[str, Any] = {"kinds": KINDS, "form": post, "problems": []}
    if request.method == "POST":
        auth = None
        if post.get("auth_username"):
            auth = services.GenerateAuth(
                username=post["auth_username"],
                password=post.get("auth_password", ""),
                login_path=post.get("auth_login_path") or "/login",
            )
        try:
            generated = services.suite_generate(
                kind=post.get("kind", "url"),
                url=post.get("url") or None,
                base_url=post.get("base_url") or None,
                text=post.get("text") or None,
                auth=auth,
                exhaustive=post.get("exhaustive") == "on",
            )
        except TripwireError as exc:
            context.update(error=exc.detail, problems=exc.extra.get("errors", []))
        else:
            context.update(
                preview=generated.yaml,
                dropped=generated.dropped,
                **editor_lines(generated.yaml, []),
            )
    else:
        context.update(**editor_lines(STARTER, []))
    return render(request, "generation/generate.html", context)
