"""start_demo / DemoHandle and the `python -m demo` command line."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from demo.server import start_demo
from tests.demo.conftest import ShopFactory

REPO = Path(__file__).resolve().parents[2]


def test_handle_reports_url_and_port_and_stops(tmp_path: Path) -> None:
    with start_demo(log_file=tmp_path / "demo.log") as handle:
        assert handle.port > 0
        assert handle.url == f"http://127.0.0.1:{handle.port}"
        assert requests.get(handle.url + "/", timeout=5).status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(handle.url + "/", timeout=2)
    handle.stop()  # stopping twice is harmless


def test_two_shops_run_side_by_side_with_separate_state(make_shop: ShopFactory) -> None:
    first, second = make_shop("original"), make_shop("redesigned")
    assert first.port != second.port
    requests.post(
        first.url + "/signup",
        data={
            "full_name": "A",
            "email": "a@example.com",
            "password": "12345678",
            "terms": "yes",
        },
        timeout=5,
        allow_redirects=False,
    )
    assert requests.get(first.url + "/__demo/stats", timeout=5).json()["signups"] == [
        "a@example.com"
    ]
    assert requests.get(second.url + "/__demo/stats", timeout=5).json()["signups"] == []


def test_unknown_variant_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown demo variant"):
        start_demo(variant="shiny")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_command_line_serves_logs_and_stops_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    log_file = tmp_path / "cli.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "demo",
            "--port",
            "0",
            "--variant",
            "redesigned",
            "--log-file",
            str(log_file),
        ],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first_line = process.stderr.readline()
        match = re.search(
            r"\(redesigned\) serving on (http://127\.0\.0\.1:\d+)", first_line
        )
        assert match, first_line
        url = match.group(1)
        assert "Log in" in requests.get(url + "/login", timeout=5).text
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
        rest = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert '"GET /login" 200' in rest
    assert "stopped" in rest
    assert '"GET /login" 200' in log_file.read_text(encoding="utf-8")


def test_command_line_rejects_unknown_variant() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "demo", "--variant", "shiny"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
