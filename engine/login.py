"""The deterministic login a plan can ask for before its suite runs (no grammar, no model)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from engine.cache import Locator
from engine.context import Deadline, RunContext
from engine.events import Emitter, NullReporter
from engine.grounding import ground
from engine.locators import to_playwright
from engine.masking import Masker
from engine.snapshot import Snapshot, take_snapshot, url_path
from engine.spec import Login, RunRequest, SuiteSpec
from engine.variables import Variables
from engine.waiting import poll
from engine.watch import PageWatcher

_USER_HINTS = ("email", "username", "user", "login", "account")


class LoginFailed(Exception):
    pass


def _fields(snapshot: Snapshot) -> tuple[Locator, Locator] | None:
    passwords = [e for e in snapshot.elements if e.visible and e.type == "password"]
    if not passwords:
        return None
    password = passwords[0]
    user = None
    emails = [e for e in snapshot.elements if e.visible and e.type == "email"]
    if len(emails) == 1:
        user = emails[0]
    else:
        for hint in _USER_HINTS:
            result = ground(snapshot, hint, "fill")
            if (
                result.status == "found"
                and result.element is not None
                and result.element.type != "password"
            ):
                user = result.element
                break
    if user is None:
        return None
    return Locator("css", user.css), Locator("css", password.css)


def perform_login(ctx: RunContext, login: Login) -> None:
    page = ctx.page
    ctx.emitter.emit(
        "log",
        level="info",
        message=f"logging in as {login.username} at {login.login_path}",
    )
    page.goto(
        ctx.url_for(login.login_path),
        timeout=ctx.deadline.cap(ctx.request.navigation_timeout_ms),
    )
    found = poll(page, lambda: _fields(take_snapshot(page)), ctx.step_timeout_ms)
    if not found:
        raise LoginFailed(
            f"login failed: no username and password fields at {login.login_path}"
        )
    user_loc, password_loc = found
    ctx.add_secret_field(password_loc)
    to_playwright(page, user_loc).fill(login.username, timeout=ctx.step_timeout_ms)
    password = to_playwright(page, password_loc)
    password.fill(login.password, timeout=ctx.step_timeout_ms)
    navigations = ctx.watcher.navigations
    submit = password.locator("xpath=ancestor::form[1]").locator(
        "button[type=submit], input[type=submit], button:not([type])"
    )
    if submit.count() >= 1:
        submit.first.click(timeout=ctx.step_timeout_ms)
    else:
        password.press("Enter", timeout=ctx.step_timeout_ms)
    ctx.watcher.settle(navigations_before=navigations, max_ms=ctx.deadline.cap(5000))
    login_path = url_path(ctx.url_for(login.login_path)).rstrip("/")

    def left_login_page() -> bool:
        still_there = url_path(page.url).rstrip("/") == login_path
        return (
            not still_there or page.locator("input[type=password]:visible").count() == 0
        )

    if not poll(page, left_login_page, min(ctx.step_timeout_ms, 3000)):
        alert = page.locator("[role=alert]")
        detail = alert.first.inner_text(timeout=500).strip() if alert.count() else ""
        suffix = f" ({detail})" if detail else " (check the username and password)"
        raise LoginFailed(
            f"login failed: still on {login.login_path} after submitting{suffix}"
        )
    ctx.emitter.emit("log", level="info", message=f"logged in as {login.username}")


def log_in(
    page: Any, browser_context: Any, *, base_url: str, login: Login, deadline: Deadline
) -> None:
    """The same login outside a run (the crawler behind `auth`); LoginFailed says why, with the
    password masked."""
    masker = Masker()
    masker.add(login.password)
    request = RunRequest(
        run_id="login",
        suite=SuiteSpec(name="login", id="login", base_url=base_url, cases=()),
        artifacts_dir=Path(tempfile.gettempdir()),
        login=login,
    )
    ctx = RunContext(
        request=request,
        page=page,
        browser_context=browser_context,
        watcher=PageWatcher(page),
        variables=Variables(),
        masker=masker,
        emitter=Emitter(NullReporter(), masker),
        deadline=deadline,
        base_url=base_url,
        artifacts_dir=request.artifacts_dir,
    )
    try:
        perform_login(ctx, login)
    except LoginFailed as exc:
        raise LoginFailed(masker.mask(str(exc))) from None
    except PlaywrightError as exc:
        raise LoginFailed(
            masker.mask(
                f"could not log in at {base_url}{login.login_path}: {exc.message}"
            )
        ) from None
