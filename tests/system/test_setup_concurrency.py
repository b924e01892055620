"""Two (or ten) browsers racing through first-run setup create exactly one admin."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests

from tests.system.servers import (
    TripwireEnv,
    postgres_available,
    postgres_database,
    start_server,
)

PASSWORD = "Tr1pwire-concurrent"


def _race(url: str, n: int = 10) -> list[int]:
    def attempt(i: int) -> int:
        response = requests.post(
            f"{url}/api/v1/auth/setup",
            json={"email": f"admin{i}@example.com", "password": PASSWORD},
            timeout=30,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(attempt, range(n)))


def _users(url: str, codes: list[int]) -> list[str]:
    winner = codes.index(201)
    token = requests.post(
        f"{url}/api/v1/auth/login",
        json={"email": f"admin{winner}@example.com", "password": PASSWORD},
        timeout=10,
    ).json()["token"]
    listed = requests.get(
        f"{url}/api/v1/auth/users",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    return [user["email"] for user in listed["items"]]


@pytest.fixture(params=["sqlite", "postgresql"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with ExitStack() as stack:
        extra: dict[str, str] = {}
        if request.param == "postgresql":
            if not postgres_available():
                pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
            extra["TRIPWIRE_DATABASE_URL"] = stack.enter_context(postgres_database())
        server = start_server(TripwireEnv(tmp_path, extra), workers=3, threads=4)
        stack.callback(server.stop)
        yield server.url


@pytest.mark.slow
def test_concurrent_setup_creates_exactly_one_admin(server_url: str) -> None:
    codes = _race(server_url)
    assert sorted(codes) == [201] + [409] * 9
    assert len(_users(server_url, codes)) == 1
    assert requests.get(f"{server_url}/api/v1/auth/setup", timeout=10).json() == {
        "needs_setup": False
    }
