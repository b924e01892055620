"""pytest fixtures for the fakes. Make them available in a test package from its conftest.py:

from tests.fakes import fixtures as fakes
fake_llm = fakes.fake_llm
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.llm import FakeLlm
from tests.fakes.trackers import FakeGitHub, FakeGitLab, FakeJira
from tests.fakes.webhooks import FakeLogSearch, FakeLoki, FakeWebhook


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


@pytest.fixture
def fake_gitlab() -> Iterator[FakeGitLab]:
    with FakeGitLab() as fake:
        yield fake


@pytest.fixture
def fake_jira() -> Iterator[FakeJira]:
    with FakeJira() as fake:
        yield fake


@pytest.fixture
def fake_slack() -> Iterator[FakeWebhook]:
    with FakeWebhook() as fake:
        yield fake


@pytest.fixture
def fake_teams() -> Iterator[FakeWebhook]:
    with FakeWebhook(teams=True) as fake:
        yield fake


@pytest.fixture
def fake_loki() -> Iterator[FakeLoki]:
    with FakeLoki() as fake:
        yield fake


@pytest.fixture
def fake_log_search() -> Iterator[FakeLogSearch]:
    with FakeLogSearch() as fake:
        yield fake


@pytest.fixture
def fake_llm() -> Iterator[FakeLlm]:
    with FakeLlm() as fake:
        yield fake
