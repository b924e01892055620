"""Django's admin, a real app we did not write, driven in plain English without a model: the
sidebar's filter sections (the same words under several headings), a two-list group picker
(an option double-clicked, another chosen and moved), date and time shortcuts beside one of
several fields, the calendar popup, fields whose names start with an ordinal's word ("the
first name field") and the first of two Save buttons. The database says what
the steps did; cold from the grammar, then warm from the cache."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from benchmarks.grounding_bench import run_suite
from tests.e2e.conftest import ROOT, grounded_each_run, suite_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITE = Path(__file__).resolve().parent / "admin_site"
SETUP = """
from django.contrib.auth.models import Group, User
User.objects.create_superuser("admin", "admin@example.com", "Adm1n-pass")
grace = User.objects.create_user("grace", "grace@example.com", "x", is_staff=True)
User.objects.create_user("ada", "ada@example.com", "x", is_staff=True, is_active=False)
User.objects.create_user("linus", "linus@example.com", "x", is_active=False)
for name in ("Editors", "Reviewers", "Translators"):
    Group.objects.create(name=name)
assert grace.pk == 2
"""
RESET = """
from django.contrib.auth.models import Permission, User
grace = User.objects.get(username="grace")
grace.groups.clear()
User.objects.filter(pk=grace.pk).update(
    last_login=None,
    date_joined="2020-01-01T00:00Z",
    is_active=True,
    first_name="",
    last_name="",
)
User.objects.get_or_create(username="linus", defaults={"is_active": False})
Permission.objects.filter(codename="archive_user").delete()
"""
WORKSHOP_STATE = """
from django.contrib.auth.models import Permission, User
grace = User.objects.get(username="grace")
print(sorted(g.name for g in grace.groups.all()), grace.is_active)
print([p.content_type.model for p in Permission.objects.filter(codename="archive_user")])
print(User.objects.filter(username="linus").exists())
"""
STATE = """
from django.contrib.auth.models import User
grace = User.objects.get(username="grace")
print(sorted(g.name for g in grace.groups.all()))
print(grace.date_joined.date().isoformat(), grace.last_login and grace.last_login.day)
print(repr(grace.first_name), repr(grace.last_name))
"""


def _django(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def admin_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str]]]:
    """The admin site on runserver, its database migrated and seeded."""
    database = tmp_path_factory.mktemp("admin-site") / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.admin_site.settings",
        "ADMIN_SITE_DB": str(database),
        "PYTHONPATH": str(ROOT),
    }
    _django(env, "migrate", "-v", "0")
    _django(env, "shell", "-v", "0", "-c", SETUP)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/admin/login/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the admin site did not start")
        yield url, env
    finally:
        server.terminate()
        server.wait(timeout=10)


def _passes_cold_then_warm(
    admin_site: tuple[str, dict[str, str]],
    workdir: Path,
    suite_name: str,
    state_script: str,
    expected: list[str],
) -> None:
    """From the seeded state each time, the suite passes grounded by the grammar, then replayed
    from that cache, with no model call, and the database then says `expected`."""
    url, env = admin_site
    suite = suite_file(SITE / suite_name, url)
    cache = engine.MemoryActionCache()
    for tag in ("cold", "warm"):
        _django(env, "shell", "-v", "0", "-c", RESET)
        report = run_suite(suite, workdir, cache, tag=tag)
        assert all(c.status == "passed" for c in report.cases), [
            (c.id, c.reason) for c in report.cases
        ]
        acted = [s for c in report.cases for s in c.steps if s.tier is not None]
        assert acted and not any(s.healed for s in acted), tag
        for step in acted:
            replayed = tag == "warm" and not grounded_each_run(step.text)
            assert step.tier == ("cache" if replayed else "grammar"), (tag, step.text)
        assert report.model_usage.calls == 0
        state = _django(env, "shell", "-v", "0", "-c", state_script)
        assert state.strip().splitlines() == expected, tag


def test_django_admin_users_by_grammar_then_from_the_cache(
    admin_site: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    _passes_cold_then_warm(
        admin_site,
        tmp_path,
        "users.tripwire.yaml",
        STATE,
        ["['Editors', 'Reviewers']", f"{today} 15", "'Grace' 'Hopper'"],
    )


def test_django_admin_options_by_grammar_then_from_the_cache(
    admin_site: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    """The options real projects turn on: an autocomplete whose options arrive as it opens (the
    <select> under it lacks them), a raw id lookup in a popup window that closes itself, an
    editable list column named by its header, a row's first checkbox and a bulk action."""
    _passes_cold_then_warm(
        admin_site,
        tmp_path,
        "workshop.tripwire.yaml",
        WORKSHOP_STATE,
        ["['Translators'] False", "['user']", "False"],
    )
