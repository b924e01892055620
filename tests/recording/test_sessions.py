"""Recording sessions: the display rule in-process, then real recordings across real processes.

The real recordings run gunicorn (tests/system/servers.py) under a virtual X display; the
server starts `manage.py record <id>`, whose headed Chromium also listens for DevTools on a
local port (TRIPWIRE_RECORD_DEBUG_PORT), so the test can act in that very browser like a user:
its clicks and keystrokes go through the page's init script and the exposed binding.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import sync_playwright
from rest_framework.test import APIClient

from demo.server import DemoHandle, start_demo
from recording.models import RecordSession
from recording.processes import alive, browser_pids
from tests.system.servers import Api, Server, TripwireEnv, free_port, start_server


@pytest.mark.django_db
def test_start_without_a_display_answers_409_and_says_how_to_get_one(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)

    response = api.post(
        "/api/v1/record/start", {"base_url": "http://127.0.0.1:8500"}, format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "display_unavailable"
    assert "xvfb-run" in body["detail"] and "DISPLAY" in body["detail"]
    assert RecordSession.objects.count() == 0


@pytest.mark.django_db
def test_unknown_sessions_answer_404(api: APIClient) -> None:
    assert api.get("/api/v1/record/sessions/nope").json()["type"] == "not_found"
    response = api.post("/api/v1/record/stop", {"record_id": "nope"}, format="json")
    assert response.status_code == 404


def test_every_record_endpoint_needs_authentication(anon: APIClient) -> None:
    for method, path in [
        ("post", "/api/v1/record/start"),
        ("post", "/api/v1/record/stop"),
        ("post", "/api/v1/record/convert"),
        ("get", "/api/v1/record/sessions/x"),
    ]:
        response = getattr(anon, method)(path, {}, format="json")
        assert response.status_code == 401, path


# --- real recordings -------------------------------------------------------------------------


@dataclass
class Rig:
    api: Api
    shop: DemoHandle
    debug_port: int
    server: Server


def _xvfb() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip(
            "Xvfb is not installed (apt-get install -y xvfb): a real recording needs a display"
        )
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    number = process.stdout.readline().decode().strip()
    try:
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    display_gen = _xvfb()
    display = next(display_gen)
    port = free_port()
    env = TripwireEnv(
        data_dir=tmp_path,
        extra={"DISPLAY": display, "TRIPWIRE_RECORD_DEBUG_PORT": str(port)},
    )
    server = start_server(env, workers=1, threads=4)
    try:
        with start_demo(port=0, stream=StringIO()) as shop:
            yield Rig(api=Api(server.url), shop=shop, debug_port=port, server=server)
    finally:
        server.stop()
        for _ in display_gen:
            pass


def _wait_status(
    api: Api, record_id: str, wanted: set[str], timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = api.get(f"/record/sessions/{record_id}").json()
        if body["status"] in wanted:
            return body
        time.sleep(0.3)
    raise AssertionError(f"session {record_id} never reached {wanted}: {body}")


@pytest.mark.browser
@pytest.mark.slow
def test_a_real_recording_captures_clicks_and_typing_and_stops_its_browser(
    rig: Rig,
) -> None:
    started = rig.api.post("/record/start", {"base_url": rig.shop.url})
    assert started.status_code == 201, started.text
    record_id = started.json()["record_id"]
    _wait_status(rig.api, record_id, {"recording"})
    assert browser_pids(record_id), "the recorder's Chromium should be running"

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(
            f"http://127.0.0.1:{rig.debug_port}"
        )
        page = next(
            p
            for c in browser.contexts
            for p in c.pages
            if p.url.startswith(rig.shop.url)
        )
        page.get_by_role("link", name="Sign up").click()
        page.wait_for_url("**/signup")
        page.get_by_label("Full name").press_sequentially("Ann Example")
        page.get_by_label("Email").press_sequentially("ann@example.com")
        page.get_by_label("Password").press_sequentially("Sup3r-secret-pw")
        page.get_by_label("I accept the terms").check()
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url("**/account?welcome=1")
        page.get_by_text("Account created").wait_for()

    status = rig.api.get(f"/record/sessions/{record_id}").json()
    assert status["status"] == "recording"
    assert status["base_url"] == rig.shop.url
    assert status["action_count"] > 0

    stopped = rig.api.post(
        "/record/stop", {"record_id": record_id, "title": "Sign up", "humanize": False}
    )

    assert stopped.status_code == 200, stopped.text
    body = stopped.json()
    doc = yaml.safe_load(body["yaml"])
    assert [s["do"] for s in doc["cases"][0]["steps"]] == [
        "Open /",
        "Click 'Sign up'",
        "Enter 'Ann Example' into 'Full name'",
        "Enter 'ann@example.com' into 'Email'",
        "Enter ${password} into 'Password'",
        "Check 'I accept the terms'",
        "Click 'Create account'",
    ]
    assert doc["cases"][0]["expect"][0]["check"] == {
        "kind": "url",
        "path_is": "/account",
    }
    assert "Sup3r-secret-pw" not in stopped.text
    # Recorded locators came with the actions: the click on "Sign up" has a verified chain.
    click = next(a for a in body["actions"] if a.get("text") == "Sign up")
    assert click["locators"][0] == {"kind": "role", "value": "Sign up", "role": "link"}
    assert rig.shop.store.stats()["signups"] == ["ann@example.com"]

    assert browser_pids(record_id) == []
    final = rig.api.get(f"/record/sessions/{record_id}").json()
    assert final["status"] == "stopped"
    assert final["action_count"] > 0


def _recorder_pid(record_id: str) -> int:
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"record" in args and record_id.encode() in args:
            return int(entry.name)
    raise AssertionError(f"no recorder process for {record_id}")


@pytest.mark.browser
@pytest.mark.slow
def test_a_recorder_that_fails_or_dies_marks_its_session_failed(rig: Rig) -> None:
    closed = f"http://127.0.0.1:{free_port()}/"
    started = rig.api.post("/record/start", {"base_url": closed})
    assert started.status_code == 201, started.text
    broken = started.json()["record_id"]

    failed = _wait_status(rig.api, broken, {"failed", "stopped"})

    assert failed["status"] == "failed"
    assert "ERR_CONNECTION_REFUSED" in failed["error"]
    assert browser_pids(broken) == []
    stop = rig.api.post("/record/stop", {"record_id": broken})
    assert stop.status_code == 409
    assert stop.json()["type"] == "conflict"
    assert "ERR_CONNECTION_REFUSED" in stop.json()["detail"]

    # Killed outright: nothing could write its status, so the next read notices the dead pid.
    started = rig.api.post("/record/start", {"base_url": rig.shop.url})
    killed = started.json()["record_id"]
    _wait_status(rig.api, killed, {"recording"})
    pid = _recorder_pid(killed)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)

    dead = _wait_status(rig.api, killed, {"failed"}, timeout=10)

    assert "exited unexpectedly" in dead["error"]
    # Stopping still converts what was captured, and no browser of the session survives.
    stop = rig.api.post("/record/stop", {"record_id": killed, "humanize": False})
    assert stop.status_code == 200, stop.text
    assert "Open /" in stop.json()["yaml"]
    assert browser_pids(killed) == []
