"""Sign-in guessing against a deployed server, with requests racing in several processes: no more
than the limit get their password checked, and the right password is refused too once it is
reached. On SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests

from tests.system.servers import (
    Api,
    TripwireEnv,
    postgres_available,
    postgres_database,
    start_server,
)

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with ExitStack() as stack:
        extra: dict[str, str] = {}
        if request.param == "postgresql":
            if not postgres_available():
                pytest.skip("PostgreSQL is not running on 127.0.0.1")
            extra["TRIPWIRE_DATABASE_URL"] = stack.enter_context(postgres_database())
        server = start_server(TripwireEnv(tmp_path, extra), workers=2, threads=8)
        stack.callback(server.stop)
        Api(server.url)  # creates admin@example.com
        yield server.url


def test_thirty_concurrent_guesses_check_at_most_ten_passwords(url: str) -> None:
    def guess(n: int) -> int:
        return requests.post(
            f"{url}/api/v1/auth/login",
            json={"email": "admin@example.com", "password": f"guess-{n}-wrong"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        codes = list(pool.map(guess, range(30)))
    assert set(codes) <= {401, 429}
    assert codes.count(401) <= 10
    assert codes.count(429) >= 20
    right = requests.post(
        f"{url}/api/v1/auth/login",
        json={"email": "admin@example.com", "password": "Tr1pwire-system-tests"},
        timeout=30,
    )
    assert right.status_code == 429
    # The admin's own sign-in page is held to the same limit.
    admin = requests.Session()
    admin.get(f"{url}/admin/login/", timeout=30)
    page = admin.post(
        f"{url}/admin/login/",
        data={
            "username": "admin@example.com",
            "password": "Tr1pwire-system-tests",
            "csrfmiddlewaretoken": admin.cookies["csrftoken"],
        },
        headers={"Referer": f"{url}/admin/login/"},
        timeout=30,
    )
    assert "Too many sign-in attempts" in page.text
