"""What the base layout needs on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.web import signed_in_user

SECTIONS = (
    ("/", "Dashboard"),
    ("/suites", "Suites"),
    ("/runs", "Runs"),
    ("/issues", "Issues"),
    ("/plans", "Plans"),
    ("/analytics", "Analytics"),
    ("/generate", "Generate"),
    ("/record", "Record"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    if user is None:
        return {"nav": []}
    path = request.path
    sections = [*SECTIONS, ("/settings", "Settings")] if user.is_admin else SECTIONS
    return {
        "nav": [
            {
                "href": href,
                "label": label,
                "current": path == href if href == "/" else path.startswith(href),
            }
            for href, label in sections
        ],
        "me": user,
    }
