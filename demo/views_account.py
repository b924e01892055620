"""Home, help and account views: sign up, sign in, sign out, account page."""

from __future__ import annotations

import re
from pathlib import PureWindowsPath
from typing import TYPE_CHECKING

from demo import pages_account
from demo.scripts import account_script
from demo.state import EmailTakenError
from demo.web import Request, Response, redirect, safe_next

if TYPE_CHECKING:
    from demo.app import DemoApp

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8


def home(app: DemoApp, request: Request) -> Response:
    return app.render(request, title="Home", body=pages_account.home(app.variant))


def help_contact(app: DemoApp, request: Request) -> Response:
    title, body = pages_account.help_page("contact")
    return app.render(request, title=title, body=body)


def help_shipping(app: DemoApp, request: Request) -> Response:
    title, body = pages_account.help_page("shipping")
    return app.render(request, title=title, body=body)


def signup(app: DemoApp, request: Request) -> Response:
    v = app.variant
    if request.method == "GET":
        return app.render(
            request, title="Sign up", body=pages_account.signup(v, errors=[])
        )
    full_name = request.field("full_name").strip()
    email = request.field("email").strip()
    password = request.field("password")
    errors: list[str] = []
    if not full_name:
        errors.append("Enter your full name")
    if not EMAIL_RE.match(email):
        errors.append("Enter a valid email address")
    elif app.store.email_taken(email):
        errors.append("An account with this email already exists")
    if len(password) < MIN_PASSWORD:
        errors.append(f"Password must be at least {MIN_PASSWORD} characters")
    if not request.field("terms"):
        errors.append("You must accept the terms")
    if not errors:
        try:
            user = app.store.register(
                email=email, full_name=full_name, password=password
            )
        except EmailTakenError:  # lost a race with a concurrent sign-up
            errors.append("An account with this email already exists")
        else:
            app.store.log_in(request.session_id, user.email)
            return redirect("/account?welcome=1")
    body = pages_account.signup(v, errors=errors, full_name=full_name, email=email)
    return app.render(request, title="Sign up", body=body)


def login(app: DemoApp, request: Request) -> Response:
    v = app.variant
    if request.method == "GET":
        next_path = safe_next(request.arg("next"), "")
        body = pages_account.login(v, error=None, next_path=next_path)
        return app.render(request, title="Sign in", body=body)
    email = request.field("email").strip()
    next_path = safe_next(request.field("next"), "")
    user = app.store.authenticate(email, request.field("password"))
    if user is None:
        body = pages_account.login(
            v, error="Invalid email or password", email=email, next_path=next_path
        )
        return app.render(request, title="Sign in", body=body)
    app.store.log_in(request.session_id, user.email)
    return redirect(next_path or "/account")


def logout(app: DemoApp, request: Request) -> Response:
    app.store.log_out(request.session_id)
    return redirect("/")


def account(app: DemoApp, request: Request) -> Response:
    user = app.store.current_user(request.session_id)
    if user is None:
        return app.login_redirect(request)
    body = pages_account.account(
        app.variant,
        user=user,
        orders=app.store.orders_for(user.email),
        welcome=request.arg("welcome") == "1",
    )
    script = _recommendations_script(app)
    return app.render(request, title="Your account", body=body, script=script)


def _recommendations_script(app: DemoApp) -> str:
    v = app.variant
    return account_script(
        {
            "boxId": v.id("recommendations"),
            "templateId": v.id("recommendations-template"),
        }
    )


def upload_avatar(app: DemoApp, request: Request) -> Response:
    user = app.store.current_user(request.session_id)
    if user is None:
        return app.login_redirect(request, "/account")
    upload = request.file("avatar")
    if upload is None:
        app.store.flash(request.session_id, "error", "Choose a file to upload")
        return redirect("/account")
    # Old browsers send the full client path; only the base name is the file's name.
    name = PureWindowsPath(upload.filename).name
    app.store.set_avatar(user.email, name)
    app.store.flash(request.session_id, "success", f"Uploaded avatar: {name}")
    return redirect("/account")


def save_preferences(app: DemoApp, request: Request) -> Response:
    user = app.store.current_user(request.session_id)
    if user is None:
        return app.login_redirect(request, "/account")
    app.store.set_newsletter(user.email, subscribed=bool(request.field("newsletter")))
    app.store.flash(request.session_id, "success", "Preferences saved")
    return redirect("/account")
