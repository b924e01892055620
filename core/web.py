"""What every page shares: who may see it, the sign-in redirect, and small helpers for views.

Pages sign in with Django's session on the same users as the API; a member sees what a member
may use over the API, settings and users are for admins (hidden in the navigation, 403 if typed).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render

from core.models import User
from core.services import setup_needed

P = ParamSpec("P")
View = Callable[..., HttpResponseBase]
PAGE_SIZE = 25


def signed_in_user(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_active else None


def page(view: View) -> View:
    """A page for any signed-in user; others go to sign-in (or to setup on a new instance)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if signed_in_user(request) is None:
            if setup_needed():
                return HttpResponseRedirect("/setup")
            return HttpResponseRedirect(f"/login?next={quote(request.get_full_path())}")
        return view(request, *args, **kwargs)

    return wrapper


def admin_page(view: View) -> View:
    """A page for admins; a member gets a 403 page."""

    @page
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = signed_in_user(request)
        if user is None or not user.is_admin:
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def user_of(request: HttpRequest) -> User:
    user = signed_in_user(request)
    assert user is not None  # the page decorators guarantee it
    return user


def paginate(request: HttpRequest, items: QuerySet[Any] | list[Any]) -> Page[Any]:
    """One page of `items` (`?page=`), PAGE_SIZE long; a bad page number shows the nearest."""
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
