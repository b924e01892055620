from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.models import Role, User
from core.services import session_token_for
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _quick_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.hashers.QuickArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Pages keep aggregates a minute in the process cache; each test starts from its own data.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def alice(db: None) -> User:
    """An admin."""
    return UserFactory.create(email="alice@example.com", role=Role.ADMIN)


@pytest.fixture
def bob(db: None) -> User:
    """A member."""
    return UserFactory.create(email="bob@example.com", role=Role.MEMBER)


@pytest.fixture
def client_for() -> Callable[[User], APIClient]:
    def make(user: User) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_token_for(user)}")
        return client

    return make


@pytest.fixture
def admin_api(alice: User, client_for: Callable[[User], APIClient]) -> APIClient:
    return client_for(alice)


@pytest.fixture
def member_api(bob: User, client_for: Callable[[User], APIClient]) -> APIClient:
    return client_for(bob)


@pytest.fixture
def api(member_api: APIClient) -> Iterator[APIClient]:
    yield member_api
