"""Rows for tests that need history without running it: one typed factory per main model.

Suites are built from valid YAML (the text is the source of truth); runs and case results are
finished history as `runs.services.run_finish` records it. Nothing here goes around a rule a
service enforces for input people send: tests of those rules call the services.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from factory.declarations import (
    LazyAttribute,
    LazyFunction,
    PostGenerationMethodCall,
    Sequence,
    SubFactory,
)
from factory.django import DjangoModelFactory

from core.models import Role, User
from engine import CachedAction, Locator, RecordedAction
from issues.models import Issue
from runs.models import CaseResult, Plan, Run
from suites.models import ActionCacheEntry, Suite

PASSWORD = "Tr1pwire-test-pass"

SUITE_YAML = """\
suite: {name}
id: {suite_id}
base_url: http://127.0.0.1:8500
cases:
  - id: browse
    title: Browse products
    steps: ["Open /products"]
    expect: ["'Products' is shown"]
"""


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = Sequence(lambda n: f"user{n}@example.com")
    role = Role.MEMBER
    password = PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(
        cls, instance: User, create: bool, results: Any = None
    ) -> None:
        if create:
            instance.save()


class SuiteFactory(DjangoModelFactory[Suite]):
    class Meta:
        model = Suite

    suite_id = Sequence(lambda n: f"suite-{n}")
    name = LazyAttribute(lambda o: f"Suite {o.suite_id}")
    file = LazyAttribute(lambda o: f"{o.suite_id}.tripwire.yaml")
    base_url = "http://127.0.0.1:8500"
    yaml = LazyAttribute(lambda o: SUITE_YAML.format(name=o.name, suite_id=o.suite_id))
    cases = LazyFunction(
        lambda: [
            {
                "id": "browse",
                "title": "Browse products",
                "tags": [],
                "depends_on": [],
                "steps": 1,
                "expect": 1,
            }
        ]
    )
    search_text = LazyAttribute(
        lambda o: f"{o.name}\n{o.suite_id}\nbrowse products".lower()
    )


class PlanFactory(DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    id = Sequence(lambda n: f"plan-{n}")
    name = LazyAttribute(lambda o: f"Plan {o.id}")
    items = LazyFunction(lambda: [{"suite": "shop.tripwire.yaml", "cases": None}])


class RunFactory(DjangoModelFactory[Run]):
    """A finished run; set `status` and the counts to match the case results you add."""

    class Meta:
        model = Run

    id = Sequence(lambda n: f"r{n:06d}")
    suite_id = "shop"
    suite_file = LazyAttribute(lambda o: f"{o.suite_id}.tripwire.yaml")
    suite_name = "Demo shop"
    suite_yaml = ""
    status = "passed"
    created = LazyFunction(timezone.now)
    started = LazyAttribute(lambda o: o.created)
    finished = LazyAttribute(lambda o: o.created + timedelta(seconds=1))
    duration_ms = 1000


class CaseResultFactory(DjangoModelFactory[CaseResult]):
    class Meta:
        model = CaseResult

    run = SubFactory(RunFactory)
    suite_id = LazyAttribute(lambda o: o.run.suite_id)
    case_id = Sequence(lambda n: f"case{n}")
    title = LazyAttribute(lambda o: f"{o.case_id.title()} case")
    status = "passed"
    duration_ms = 100
    run_created = LazyAttribute(lambda o: o.run.created)


class ActionCacheEntryFactory(DjangoModelFactory[ActionCacheEntry]):
    class Meta:
        model = ActionCacheEntry

    key = Sequence(lambda n: f"{n:064x}")
    suite_id = "shop"
    case_id = "browse"
    step_id = Sequence(lambda n: f"s{n}")
    text = "Click 'Products'"
    url_path = "/"
    tier = "grammar"
    action = LazyFunction(
        lambda: CachedAction(
            actions=(
                RecordedAction(
                    "click", locators=(Locator("role", "Products", role="link"),)
                ),
            )
        ).to_dict()
    )


class IssueFactory(DjangoModelFactory[Issue]):
    class Meta:
        model = Issue

    key = Sequence(lambda n: f"TW-{n + 1}")
    title = Sequence(lambda n: f"Checkout fails ({n})")
    fingerprint = Sequence(lambda n: f"tw:shop:checkout:{n:016x}")
    suite_id = "shop"
    suite_file = "shop.tripwire.yaml"
    case_id = "checkout"
    case_title = "Checkout"
    body_md = "**Expected** `Order placed`"
