"""Hostile and malformed input against a real server process (gunicorn as deployed, with
tripwire_site/gunicorn.conf.py): every answer is the JSON error shape with a 4xx, never a 500 or an
HTML page, and the expensive ones stay within time and memory the server process can afford.

Several of these are also tested one by one through Django's test client (tests/suites/
test_yaml_limits.py, tests/core/test_errors.py, tests/insights/test_standalone_checks.py); here
they cross a real socket, a real WSGI server and a real worker process, whose CPU time and peak
memory are read from /proc.
"""

from __future__ import annotations

import base64
import json
import socket
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from insights.standalone_checks import SCREENSHOT_MAX_PIXELS
from suites.yaml_limits import MAX_NODES
from tests.suites.test_yaml_limits import alias_bomb
from tests.system.servers import Api, Server, TripwireEnv, start_server

pytestmark = pytest.mark.slow

SUITE = "suite: Corpus\nid: corpus\nbase_url: http://127.0.0.1:9\ncases:\n  - id: a\n    title: A\n    steps: [Open /]\n"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Api]]:
    # One worker process, so the one that served a request is the one measured.
    env = TripwireEnv(data_dir=tmp_path_factory.mktemp("corpus"))
    server = start_server(env, workers=1, threads=2)
    try:
        yield server, Api(server.url)
    finally:
        server.stop()


def _error(
    response: requests.Response, status: int, kind: str | None = None
) -> dict[str, Any]:
    where = f"{response.request.method} {response.request.path_url[:120]}"
    assert response.status_code == status, (
        f"{where}: {response.status_code} {response.text[:500]}"
    )
    assert response.headers["Content-Type"].startswith("application/json"), where
    body: dict[str, Any] = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"], where
    if kind is not None:
        assert body["type"] == kind, f"{where}: {body}"
    return body


def _worker_pid(server: Server) -> int:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids = [int(pid) for pid in children.read_text().split()]
    assert len(pids) == 1, pids
    return pids[0]


def _cpu_seconds(pid: int) -> float:
    # utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (after the comm).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _list_endpoints(server: Server) -> list[str]:
    """Every paginated list of the OpenAPI document (its 200 has `items` and `offset`)."""
    schema = requests.get(f"{server.url}/openapi.json", timeout=30).json()
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        ref = answer.get("content", {}).get("application/json", {}).get("schema", {})
        name = ref.get("$ref", "").rsplit("/", 1)[-1]
        if {"items", "offset"} <= set(components.get(name, {}).get("properties", {})):
            found.append(path)
    return found


def test_an_offset_past_what_databases_take_is_a_400_on_every_list(
    live: tuple[Server, Api],
) -> None:
    server, api = live
    lists = _list_endpoints(server)
    assert {"/api/v1/suites", "/api/v1/runs", "/api/v1/issues", "/api/v1/plans"} <= set(
        lists
    )
    for path in lists:
        url = server.url + path
        body = _error(api.session.get(f"{url}?offset={2**63}", timeout=30), 400)
        assert body["errors"][0]["path"] == "offset"
        assert (
            api.session.get(f"{url}?offset={2**63 - 1}", timeout=30).status_code == 200
        )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (SUITE.replace("Corpus", "Cor\u0007pus"), "character #x0007"),
        ("a: " + "[" * 20_000, "deeper than 64 levels"),
        ("a: " + "[" * 20_000 + "]" * 20_000, "deeper than 64 levels"),
    ],
    ids=["control-character", "open-brackets", "closed-brackets"],
)
def test_unreadable_yaml_is_invalid_yaml_on_create_and_update(
    live: tuple[Server, Api], text: str, fragment: str
) -> None:
    _, api = live
    for response in (
        api.post("/suites", {"yaml": text}),
        api.put("/suites/corpus.tripwire.yaml", {"yaml": text}),
    ):
        assert fragment in _error(response, 400, "invalid_yaml")["detail"]


def test_deeply_nested_json_is_a_400_not_a_500(live: tuple[Server, Api]) -> None:
    _, api = live
    for body in (
        "[" * 20_000 + "]" * 20_000,
        '{"yaml": ' + "[" * 20_000 + "]" * 20_000 + "}",
    ):
        response = api.session.post(
            f"{api.url}/suites",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        _error(response, 400)


def test_a_nul_character_in_a_string_is_refused(live: tuple[Server, Api]) -> None:
    _, api = live
    response = api.post("/auth/tokens", {"name": "ci\u0000"})
    assert _error(response, 400, "validation_error")["errors"][0]["path"] == "name"


def test_an_alias_bomb_is_refused_in_bounded_time_and_memory(
    live: tuple[Server, Api],
) -> None:
    server, api = live
    pid = _worker_pid(server)
    text = alias_bomb(9)  # 10 aliases on each of 9 levels: 10^9 nodes if expanded
    cpu, peak = _cpu_seconds(pid), _peak_rss_mb(pid)
    started = time.monotonic()
    responses = [
        api.post("/suites", {"yaml": text}),
        api.put("/suites/bomb.tripwire.yaml", {"yaml": text}),
    ]
    took = time.monotonic() - started
    for response in responses:
        detail = _error(response, 400, "invalid_yaml")["detail"]
        assert f"more than {MAX_NODES:,} nodes, the limit" in detail
    assert took < 5, f"{took:.1f} s"
    assert _cpu_seconds(pid) - cpu < 5
    assert _peak_rss_mb(pid) - peak < 200, f"peak RSS grew from {peak:.0f} MB"
    assert api.get("/suites/bomb.tripwire.yaml").status_code == 404


def _declared_png(width: int, height: int) -> bytes:
    """A few hundred bytes that declare a width by height RGB image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * width), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


def test_a_40000_square_png_is_refused_naming_the_limit(
    live: tuple[Server, Api],
) -> None:
    server, api = live
    pid = _worker_pid(server)
    peak = _peak_rss_mb(pid)
    png = base64.b64encode(_declared_png(40_000, 40_000)).decode()
    response = api.post("/checks/screenshot", {"name": "bomb", "image_b64": png})
    body = _error(response, 400, "validation_error")
    assert f"the limit is {SCREENSHOT_MAX_PIXELS:,} pixels" in body["detail"]
    assert _peak_rss_mb(pid) - peak < 200


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/api/v1/runs/", 404),
        ("POST", "/api/v1/nothing-here/", 404),
        ("POST", "/api/", 404),
        ("DELETE", "/api/v1/auth/tokens/abc", 404),
        ("PUT", "/api/v1/suites/a/b/c/", 404),
        ("POST", "/api/v1/docs", 405),
    ],
)
@pytest.mark.parametrize("signed_in", [True, False], ids=["token", "anonymous"])
def test_odd_paths_and_methods_answer_json(
    live: tuple[Server, Api], method: str, path: str, status: int, signed_in: bool
) -> None:
    server, api = live
    session = api.session if signed_in else requests.Session()
    response = session.request(method, server.url + path, data=b"{}", timeout=30)
    _error(response, status)


def _raw(server: Server, request: bytes) -> tuple[int, dict[str, str], bytes]:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_an_over_long_request_line_answers_json(live: tuple[Server, Api]) -> None:
    server, _ = live
    path = "/api/v1/health?q=" + "a" * 20_000
    response = requests.get(server.url + path, timeout=30)
    body = _error(response, 414, "request_uri_too_long")
    assert "too large" in body["detail"]
    # Too many header lines: gunicorn's own 431, also JSON.
    headers = "".join(f"X-Header-{n}: v\r\n" for n in range(200))
    status, answer_headers, raw = _raw(
        server,
        f"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode(),
    )
    assert status == 431
    assert answer_headers["Content-Type"] == "application/json"
    assert json.loads(raw)["type"] == "request_header_fields_too_large"
