from __future__ import annotations

from django.db.models import Q, QuerySet

from core.exceptions import NotFound
from suites.models import Suite


def suite_list(*, q: str | None = None) -> QuerySet[Suite]:
    suites = Suite.objects.all()
    if q:
        term = q.strip().lower()
        suites = suites.filter(
            Q(file__icontains=term)
            | Q(suite_id__icontains=term)
            | Q(name__icontains=term)
            | Q(search_text__contains=term)
        )
    return suites


def suite_find(*, name: str) -> Suite | None:
    """By file name; a suite id also works when exactly one suite carries it (two suites with
    the same id are never guessed between)."""
    suite = Suite.objects.filter(file=name).first()
    if suite is None:
        matches = list(Suite.objects.filter(suite_id=name)[:2])
        if len(matches) == 1:
            suite = matches[0]
    return suite


def suite_get(*, name: str) -> Suite:
    suite = suite_find(name=name)
    if suite is None:
        raise NotFound(f"No suite named {name!r}.")
    return suite
