"""Error pages: JSON under /api (never HTML there), plain pages elsewhere."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found
from django.views.defaults import server_error as html_server_error

from core import services
from core.api.settings_serializers import HELP as SETTINGS_HELP
from core.crypto import mask
from core.exceptions import (
    Conflict,
    InvalidCredentials,
    NotFound,
    RateLimited,
    ValidationFailed,
)
from core.models import ApiToken, Role, User
from core.selectors import SECRET_FIELDS, SETTINGS_FIELDS, instance_settings_get
from core.settings_services import instance_settings_update
from core.web import (
    admin_page,
    page,
    paginate,
    query_without_page,
    signed_in_user,
    user_of,
)

BACKEND = "django.contrib.auth.backends.ModelBackend"


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api"):
        return JsonResponse({"type": "not_found", "detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api"):
        return JsonResponse(
            {"type": "server_error", "detail": "Internal server error."}, status=500
        )
    return html_server_error(request)


# --- pages: sign-in, first-run setup, account, settings, users -----------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def sign_in(request: HttpRequest) -> HttpResponse:
    if services.setup_needed():
        return redirect("/setup")
    if signed_in_user(request) is not None:
        return redirect(_safe_next(request))
    context: dict[str, Any] = {"next": _safe_next(request), "email": ""}
    if request.method == "POST":
        email = request.POST.get("email", "")
        context["email"] = email
        try:
            user = services.login(
                email=email,
                password=request.POST.get("password", ""),
                ip=str(request.META.get("REMOTE_ADDR") or "unknown"),
            )
        except (InvalidCredentials, RateLimited) as exc:
            context["error"] = exc.detail
            status = 429 if isinstance(exc, RateLimited) else 200
            return render(request, "core/login.html", context, status=status)
        auth_login(request, user, backend=BACKEND)
        return redirect(context["next"])
    return render(request, "core/login.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("/login")


def setup(request: HttpRequest) -> HttpResponse:
    """The first admin, while the instance has no user (the same rule as POST /auth/setup)."""
    if not services.setup_needed():
        return redirect("/login")
    context: dict[str, Any] = {"email": ""}
    if request.method == "POST":
        context["email"] = request.POST.get("email", "")
        if request.POST.get("password") != request.POST.get("password2"):
            context["error"] = "The two passwords differ."
            return render(request, "core/setup.html", context)
        try:
            user = services.setup_create_admin(
                email=context["email"], password=request.POST.get("password", "")
            )
        except (ValidationFailed, Conflict) as exc:
            context["error"] = exc.detail
            context["problems"] = exc.extra.get("errors", [])
            return render(request, "core/setup.html", context)
        auth_login(request, user, backend=BACKEND)
        messages.success(
            request, "Welcome! This is your Tripwire. Start with a suite below."
        )
        return redirect("/")
    return render(request, "core/setup.html", context)


def accept_invite(request: HttpRequest) -> HttpResponse:
    """The invitee's page: who invited them, as what; a password, then signed in."""
    raw = request.POST.get("token") or request.GET.get("token", "")
    context: dict[str, Any] = {"token": raw}
    try:
        context["invite"] = services.invite_pending(raw=raw)
    except (NotFound, Conflict) as exc:
        context["error"] = exc.detail
        return render(
            request, "core/accept_invite.html", context, status=exc.status_code
        )
    if request.method == "POST":
        if request.POST.get("password") != request.POST.get("password2"):
            context["error"] = "The two passwords differ."
            return render(request, "core/accept_invite.html", context)
        try:
            user = services.invite_accept(
                raw=raw, password=request.POST.get("password", "")
            )
        except (ValidationFailed, Conflict) as exc:
            context["error"] = exc.detail
            return render(request, "core/accept_invite.html", context)
        auth_login(request, user, backend=BACKEND)
        messages.success(request, f"Welcome to Tripwire, {user.email}.")
        return redirect("/")
    return render(request, "core/accept_invite.html", context)


@page
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's API tokens: create (the secret is shown once), list, revoke."""
    user = user_of(request)
    context: dict[str, Any] = {}
    if request.method == "POST":
        if "new_password" in request.POST:
            try:
                services.password_change(
                    user=user,
                    old_password=request.POST.get("old_password", ""),
                    new_password=request.POST.get("new_password", ""),
                )
            except ValidationFailed as exc:
                context["password_problems"] = exc.extra.get("errors", [])
            else:
                # This session goes on; every other one ends with the old password.
                update_session_auth_hash(request, user)
                messages.success(request, "Your password was changed.")
                return redirect("/account")
        elif "revoke" in request.POST:
            try:
                services.api_token_revoke(
                    user=user, token_id=int(request.POST.get("revoke", "0"))
                )
            except (ValueError, NotFound):
                context["error"] = "No such token."
            else:
                messages.success(request, "The token was revoked.")
                return redirect("/account")
        else:
            issued = services.api_token_create(
                user=user, name=request.POST.get("name", "")
            )
            context["issued"] = issued
    context["tokens"] = ApiToken.objects.filter(user=user).order_by("-created")
    return render(request, "core/account.html", context)


@admin_page
def settings_page(request: HttpRequest) -> HttpResponse:
    problems: list[dict[str, Any]] = []
    if request.method == "POST":
        values: dict[str, str | None] = {}
        for name in SETTINGS_FIELDS:
            given = request.POST.get(name)
            if name in SECRET_FIELDS:
                # Write-only: left empty keeps the stored secret; "clear" goes back to the env.
                values[name] = (
                    "" if request.POST.get(f"clear_{name}") else (given or None)
                )
            elif given is not None:
                values[name] = given
        try:
            instance_settings_update(values=values)
        except ValidationFailed as exc:
            problems = exc.extra.get("errors", [])
        else:
            messages.success(request, "Settings saved.")
            return redirect("/settings")
    effective = instance_settings_get()
    fields = [
        {
            "name": name,
            "kind": kind,
            "secret": name in SECRET_FIELDS,
            "value": "" if name in SECRET_FIELDS else str(getattr(effective, name)),
            "masked": mask(str(getattr(effective, name)))
            if name in SECRET_FIELDS and getattr(effective, name)
            else "",
            "source": effective.sources.get(name, ""),
            "help": SETTINGS_HELP.get(name, ""),
            "error": next((p["message"] for p in problems if p["path"] == name), ""),
        }
        for name, kind in SETTINGS_FIELDS.items()
    ]
    return render(
        request,
        "core/settings.html",
        {"fields": fields, "problems": problems, "unreadable": effective.unreadable},
    )


def _user_action(request: HttpRequest) -> str:
    """Carry out one row's button on the users page; the message to show."""
    action = request.POST.get("action", "")
    if action == "revoke-invite":
        services.invite_revoke(invite_id=int(request.POST.get("invite", "0")))
        return "The invite was withdrawn."
    user = services.user_get(user_id=int(request.POST.get("user", "0")))
    email = user.email
    if action == "delete":
        services.user_delete(user=user, actor=user_of(request))
        return f"{email} was removed."
    if action == "update":
        services.user_update(
            user=user,
            actor=user_of(request),
            role=request.POST.get("role") or None,
            is_active=request.POST.get("is_active") == "on",
        )
        return f"{email} was updated."
    raise ValidationFailed(f"Unknown action {action!r}.")


@admin_page
def users_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"roles": Role.values}
    if request.method == "POST" and request.POST.get("action") == "invite":
        try:
            context["issued"] = services.invite_create(
                invited_by=user_of(request),
                email=request.POST.get("email", ""),
                role=request.POST.get("role", Role.MEMBER),
            )
        except ValidationFailed as exc:
            context["error"] = exc.detail
    elif request.method == "POST" and "action" in request.POST:
        try:
            done = _user_action(request)
        except (ValueError, NotFound, ValidationFailed, Conflict) as exc:
            context["error"] = getattr(exc, "detail", "No such user.")
        else:
            messages.success(request, done)
            return redirect("/settings/users")
    elif request.method == "POST":
        try:
            services.user_create(
                email=request.POST.get("email", ""),
                password=request.POST.get("password", ""),
                role=request.POST.get("role", Role.MEMBER),
            )
        except (ValidationFailed, Conflict) as exc:
            context["error"] = exc.detail
            context["problems"] = exc.extra.get("errors", [])
        else:
            messages.success(request, "The user was created.")
            return redirect("/settings/users")
    users = User.objects.filter(deleted__isnull=True).order_by("email")
    context["invites"] = services.invites_pending()
    context.update(page_obj=paginate(request, users), query=query_without_page(request))
    return render(request, "core/users.html", context)
