"""gunicorn as deployed (tripwire_site/gunicorn.conf.py): credentials never reach the access log,
and long request lines reach the API, which answers JSON."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from tests.system.servers import TripwireEnv, start_server

pytestmark = pytest.mark.slow


def test_query_tokens_are_redacted_and_long_urls_answer_json(tmp_path: Path) -> None:
    server = start_server(TripwireEnv(data_dir=tmp_path), workers=1, threads=2)
    try:
        secret = "tw_" + "Q" * 40
        for path in (
            f"/api/v1/artifacts/run1/report.json?token={secret}",
            f"/api/v1/health?x=1&token={secret}",
        ):
            requests.get(
                server.url + path,
                headers={
                    "Authorization": f"Bearer {secret}",
                    "Referer": server.url + path,
                },
                timeout=10,
            )
        long_path = "/api/v1/nothing-here?q=" + "a" * 6000
        answer = requests.get(server.url + long_path, timeout=10)
        assert answer.status_code == 404
        assert answer.json()["type"] == "not_found"
        time.sleep(0.5)  # the access log line is written after the response
        log = server.log.read_text()
    finally:
        server.stop()
    assert "GET /api/v1/health?x=1&token=\u2022\u2022\u2022\u2022" in log
    assert "/api/v1/artifacts/run1/report.json?token=\u2022\u2022\u2022\u2022" in log
    assert secret not in log
