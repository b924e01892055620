"""Deployment switches, as an operator sets them: `check --deploy` is clean with TRIPWIRE_HTTPS,
a server behind a TLS proxy redirects http and sends HSTS, and CORS is off unless origins are
listed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.system.servers import ROOT, TripwireEnv, start_server

pytestmark = pytest.mark.slow

TLS = {
    "TRIPWIRE_HTTPS": "true",
    "TRIPWIRE_HSTS_SUBDOMAINS": "true",
    "TRIPWIRE_HSTS_PRELOAD": "true",
    "TRIPWIRE_DEBUG": "false",
}


def _check_deploy(tmp_path: Path, extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRIPWIRE_")}
    env.update({"TRIPWIRE_DATA_DIR": str(tmp_path), **extra})
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout + done.stderr


def test_check_deploy_is_clean_over_https_and_says_why_without(tmp_path: Path) -> None:
    plain = _check_deploy(tmp_path / "plain", {"TRIPWIRE_DEBUG": "false"})
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in plain
    over_tls = _check_deploy(tmp_path / "tls", TLS)
    assert "System check identified no issues" in over_tls, over_tls


def test_behind_a_tls_proxy_and_with_cors_origins(tmp_path: Path) -> None:
    env = TripwireEnv(
        data_dir=tmp_path,
        extra={**TLS, "TRIPWIRE_CORS_ORIGINS": "https://dash.example.com"},
    )
    server = start_server(env, workers=1, threads=2)
    try:
        plain = requests.get(
            f"{server.url}/api/v1/auth/setup", allow_redirects=False, timeout=10
        )
        assert plain.status_code == 301
        assert plain.headers["Location"].startswith("https://")
        # Load balancers probe health over plain http.
        assert requests.get(f"{server.url}/health", timeout=10).status_code == 200

        proxied = {"X-Forwarded-Proto": "https"}
        secure = requests.get(
            f"{server.url}/api/v1/auth/setup", headers=proxied, timeout=10
        )
        assert secure.status_code == 200
        hsts = secure.headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts

        def preflight(origin: str) -> requests.Response:
            return requests.options(
                f"{server.url}/api/v1/runs",
                headers={
                    **proxied,
                    "Origin": origin,
                    "Access-Control-Request-Method": "POST",
                    "Access-Control-Request-Headers": "authorization, content-type",
                },
                timeout=10,
            )

        allowed = preflight("https://dash.example.com")
        assert allowed.headers.get("Access-Control-Allow-Origin") == (
            "https://dash.example.com"
        )
        assert "authorization" in allowed.headers["Access-Control-Allow-Headers"]
        other = preflight("https://evil.example")
        assert "Access-Control-Allow-Origin" not in other.headers
    finally:
        server.stop()
