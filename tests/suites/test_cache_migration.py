"""The migration that drops cache entries which may hold a literal secret."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

SUITE = """\
suite: Login
id: login
base_url: http://127.0.0.1:8500
cases:
  - id: in
    title: Sign in
    steps:
      - Open /login
      - {do: "Enter 'hunter2-literal' into 'Password'", secret: true}
      - Click 'Sign in'
"""


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_secret_step_entries_and_orphans_are_dropped_the_rest_kept() -> None:
    old = _migrate([("suites", "0002_actioncacheentry")])
    Suite = old.get_model("suites", "Suite")
    Entry = old.get_model("suites", "ActionCacheEntry")
    Suite.objects.create(
        file="login.tripwire.yaml", suite_id="login", name="Login", yaml=SUITE
    )

    def entry(suite_id: str, step_id: str, text: str) -> None:
        Entry.objects.create(
            key=f"{suite_id}-{step_id}",
            suite_id=suite_id,
            case_id="in",
            step_id=step_id,
            text=text,
            action={"actions": [], "tier": "grammar"},
        )

    entry("login", "s1", "open /login")
    entry("login", "s2", "enter 'hunter2-literal' into 'password'")
    entry("login", "s3", "click 'sign in'")
    entry("deleted-suite", "s1", "open /")

    new = _migrate([("suites", "0003_forget_secret_step_cache")])
    kept = new.get_model("suites", "ActionCacheEntry").objects.order_by("step_id")
    assert [(e.suite_id, e.step_id) for e in kept] == [("login", "s1"), ("login", "s3")]
    _migrate(_latest())


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())
