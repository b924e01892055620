"""Standalone checks: POST /checks/api against a real local HTTP server, POST /checks/screenshot
with real PNGs and real files under the data directory."""

from __future__ import annotations

import base64
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from rest_framework.test import APIClient

from insights.standalone_checks import (
    API_MAX_BODY_BYTES,
    _write_atomically,
    baseline_name,
)

pytestmark = pytest.mark.django_db

DOCUMENT: dict[str, Any] = {
    "status": "ok",
    "data": {"id": 7, "active": True, "count": 1, "nothing": None, "tags": ["a", "b"]},
    "items": [{"id": 1, "ok": True}, {"id": 2, "ok": False}, {"id": 3, "ok": True}],
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(
        self, code: int, body: bytes, content_type: str = "application/json"
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/json":
            self._send(200, json.dumps(DOCUMENT).encode())
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self._send(code, json.dumps({"code": code}).encode())
        elif path == "/text":
            self._send(200, b"<html>hello</html>", "text/html; charset=utf-8")
        elif path == "/slow":
            time.sleep(5)
            self._send(200, b"{}")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/json")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/big":
            self._send(200, b"x" * (API_MAX_BODY_BYTES + 10), "text/plain")
        elif path == "/echo":
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            echo = {
                "method": self.command,
                "x_token": self.headers.get("X-Token"),
                "content_type": self.headers.get("Content-Type"),
                "body": raw,
            }
            self._send(201, json.dumps(echo).encode())
        else:
            self._send(404, b'{"error": "not found"}')

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _route


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The timeout and size tests hang up mid-answer on purpose: no traceback for that.
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _check(api: APIClient, **body: Any) -> dict[str, Any]:
    response = api.post("/api/v1/checks/api", body, format="json")
    assert response.status_code == 200, response.content
    result: dict[str, Any] = response.json()
    assert result["kind"] == "api"
    assert isinstance(result["observed"]["elapsed_ms"], int)
    return result


# --- API check ------------------------------------------------------------------------------------


def test_a_matching_status_passes_and_a_different_one_fails(
    api: APIClient, server: str
) -> None:
    passed = _check(api, url=f"{server}/status/204", status=204)
    assert passed["status"] == "passed"
    assert passed["reason"] == ""
    assert passed["observed"]["status_code"] == 204
    assert passed["expected"] == {"status": 204}
    assert passed["method"] == "GET"

    failed = _check(api, url=f"{server}/status/500", status=200)
    assert failed["status"] == "failed"
    assert failed["observed"]["status_code"] == 500
    assert failed["reason"] == "status 500, expected 200"
    assert "error" not in failed["observed"]


def test_without_expectations_any_2xx_passes(api: APIClient, server: str) -> None:
    assert _check(api, url=f"{server}/json")["status"] == "passed"
    not_found = _check(api, url=f"{server}/nope")
    assert not_found["status"] == "failed"
    assert "expected a 2xx" in not_found["reason"]


def test_json_path_equal_and_not_equal(api: APIClient, server: str) -> None:
    equal = _check(
        api, url=f"{server}/json", status=200, json_path="$.data.id", equals=7
    )
    assert equal["status"] == "passed"
    assert equal["observed"]["value"] == 7
    assert equal["expected"] == {"status": 200, "json_path": "$.data.id", "equals": 7}

    differs = _check(api, url=f"{server}/json", json_path="$.status", equals="down")
    assert differs["status"] == "failed"
    assert differs["observed"]["value"] == "ok"
    assert differs["reason"] == '$.status is "ok", expected "down"'


def test_json_comparison_is_json_not_python(api: APIClient, server: str) -> None:
    # Python says True == 1; JSON says true is not 1.
    bool_vs_int = _check(
        api, url=f"{server}/json", json_path="$.data.count", equals=True
    )
    assert bool_vs_int["status"] == "failed"
    assert bool_vs_int["observed"]["value"] == 1
    # null is a value to compare with, not "no expectation".
    null = _check(api, url=f"{server}/json", json_path="$.data.nothing", equals=None)
    assert null["status"] == "passed"
    assert null["observed"]["value"] is None
    whole = _check(
        api, url=f"{server}/json", json_path="$.data.tags", equals=["a", "b"]
    )
    assert whole["status"] == "passed"


def test_a_path_with_several_matches_yields_the_list(
    api: APIClient, server: str
) -> None:
    result = _check(
        api,
        url=f"{server}/json",
        json_path="$.items[?(@.ok == true)].id",
        equals=[1, 3],
    )
    assert result["status"] == "passed"
    assert result["observed"]["value"] == [1, 3]


def test_a_path_alone_must_match_something(api: APIClient, server: str) -> None:
    assert (
        _check(api, url=f"{server}/json", json_path="$.data.tags")["status"] == "passed"
    )
    missing = _check(api, url=f"{server}/json", json_path="$.data.missing", equals=1)
    assert missing["status"] == "failed"
    assert missing["observed"]["status_code"] == 200
    assert (
        missing["observed"]["error"] == "the JSON path $.data.missing matched nothing"
    )
    assert "value" not in missing["observed"]


def test_a_body_that_is_not_json_fails_the_path(api: APIClient, server: str) -> None:
    result = _check(api, url=f"{server}/text", status=200, json_path="$.a")
    assert result["status"] == "failed"
    assert result["observed"]["status_code"] == 200
    assert result["observed"]["error"].startswith("the response body is not JSON")
    assert "text/html" in result["observed"]["error"]


def test_an_unreachable_host_is_a_failed_check(api: APIClient) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    # The socket is closed: nothing listens there any more.
    result = _check(api, url=f"http://127.0.0.1:{closed_port}/health", status=200)
    assert result["status"] == "failed"
    assert result["observed"]["status_code"] is None
    assert result["observed"]["error"].startswith("could not connect")
    assert "refused" in result["observed"]["error"].lower()
    assert result["reason"] == result["observed"]["error"]


def test_a_slow_server_times_out_as_a_failed_check(api: APIClient, server: str) -> None:
    began = time.monotonic()
    result = _check(api, url=f"{server}/slow", timeout=0.5)
    took = time.monotonic() - began
    assert result["status"] == "failed"
    assert result["observed"]["error"] == "no response within the 0.5 s timeout"
    assert took < 4, "the timeout must cut the request short (the server takes 5 s)"


def test_an_oversized_body_is_a_failed_check_not_a_memory_problem(
    api: APIClient, server: str
) -> None:
    result = _check(api, url=f"{server}/big", json_path="$")
    assert result["status"] == "failed"
    assert "larger than 5 MB" in result["observed"]["error"]


def test_method_headers_and_body_are_sent(api: APIClient, server: str) -> None:
    sent_json = _check(
        api,
        url=f"{server}/echo",
        method="post",
        headers={"X-Token": "abc"},
        body={"q": 1},
        status=201,
        json_path="$",
    )
    assert sent_json["status"] == "passed"
    assert sent_json["method"] == "POST"
    echo = sent_json["observed"]["value"]
    assert echo["method"] == "POST"
    assert echo["x_token"] == "abc"
    assert echo["content_type"] == "application/json"
    assert json.loads(echo["body"]) == {"q": 1}

    sent_text = _check(
        api,
        url=f"{server}/echo",
        method="PUT",
        body="plain words",
        json_path="$.body",
        equals="plain words",
    )
    assert sent_text["status"] == "passed"


def test_redirects_are_followed_unless_asked_not_to(
    api: APIClient, server: str
) -> None:
    followed = _check(api, url=f"{server}/redirect", json_path="$.status", equals="ok")
    assert followed["status"] == "passed"
    assert followed["observed"]["status_code"] == 200
    kept = _check(api, url=f"{server}/redirect", status=302, follow_redirects=False)
    assert kept["status"] == "passed"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({}, "url"),
        ({"url": "ftp://127.0.0.1/file"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "/relative/path"}, "url"),
        ({"url": "http://127.0.0.1/", "method": "FETCH"}, "method"),
        ({"url": "http://127.0.0.1/", "status": 99}, "status"),
        ({"url": "http://127.0.0.1/", "status": "ok"}, "status"),
        ({"url": "http://127.0.0.1/", "timeout": 0}, "timeout"),
        ({"url": "http://127.0.0.1/", "timeout": 61}, "timeout"),
        ({"url": "http://127.0.0.1/", "json_path": "$.a["}, "json_path"),
        ({"url": "http://127.0.0.1/", "equals": 1}, "equals"),
        ({"url": "http://127.0.0.1/", "headers": ["X: y"]}, "headers"),
        ({"url": "http://127.0.0.1/", "headers": {"X: y": "z"}}, "headers"),
        ({"url": "http://127.0.0.1/", "headers": {"X": "a\r\nInjected: 1"}}, "headers"),
        ({"url": "http://127.0.0.1/", "headers": {"X": "snowman ☃"}}, "headers"),
    ],
)
def test_bad_input_is_a_validation_error(
    api: APIClient, body: dict[str, Any], path: str
) -> None:
    response = api.post("/api/v1/checks/api", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["type"] == "validation_error"
    assert error["detail"]
    assert path in [item["path"] for item in error["errors"]]


def test_checks_need_a_token(anon: APIClient, server: str) -> None:
    response = anon.post("/api/v1/checks/api", {"url": f"{server}/json"}, format="json")
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


# --- Screenshot check -----------------------------------------------------------------------------


@pytest.fixture
def dirs(settings: Any, tmp_path: Path) -> tuple[Path, Path]:
    """A data and an artifacts directory of this test's own."""
    settings.DATA_DIR = tmp_path / "data"
    settings.ARTIFACTS_DIR = tmp_path / "data" / "artifacts"
    settings.ARTIFACTS_DIR.mkdir(parents=True)
    return settings.DATA_DIR, settings.ARTIFACTS_DIR


def _png(
    size: tuple[int, int] = (100, 80),
    *,
    changed: int = 0,
    color: tuple[int, int, int] = (30, 120, 200),
) -> str:
    """A base64 PNG: a flat colour with the first `changed` pixels (row by row) in white."""
    image = Image.new("RGB", size, color)
    width = size[0]
    for index in range(changed):
        image.putpixel((index % width, index // width), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


def _shot(api: APIClient, **body: Any) -> dict[str, Any]:
    response = api.post("/api/v1/checks/screenshot", body, format="json")
    assert response.status_code == 200, response.content
    result: dict[str, Any] = response.json()
    assert result["kind"] == "screenshot_region"
    return result


def test_the_first_image_seeds_the_baseline_and_passes(
    api: APIClient, dirs: tuple[Path, Path]
) -> None:
    data_dir, _ = dirs
    result = _shot(api, name="home", image_b64=_png())
    assert result["status"] == "passed"
    assert result["name"] == "home"
    assert result["tol"] == 0.001
    assert result["observed"] == {
        "diff_ratio": 0.0,
        "differing_pixels": 0,
        "total_pixels": 8000,
        "baseline_created": True,
    }
    stored = data_dir / "baselines" / "home.png"
    assert stored.is_file()
    with Image.open(stored) as image:
        assert image.size == (100, 80)


def test_an_identical_image_passes_without_a_diff(
    api: APIClient, dirs: tuple[Path, Path]
) -> None:
    _shot(api, name="same", image_b64=_png())
    result = _shot(api, name="same", image_b64=_png())
    assert result["status"] == "passed"
    assert result["observed"] == {
        "diff_ratio": 0.0,
        "differing_pixels": 0,
        "total_pixels": 8000,
    }
    assert not (dirs[1] / "checks").exists()


def test_a_difference_within_tolerance_passes_and_keeps_a_diff(
    api: APIClient, dirs: tuple[Path, Path]
) -> None:
    _shot(api, name="tolerant", image_b64=_png())
    # 8 of 8000 pixels = 0.001: exactly the default tolerance, which is allowed.
    result = _shot(api, name="tolerant", image_b64=_png(changed=8))
    assert result["status"] == "passed"
    assert result["observed"]["differing_pixels"] == 8
    assert result["observed"]["diff_ratio"] == 0.001
    assert (dirs[1] / result["observed"]["diff_path"]).is_file()
    assert "reason" not in result["observed"]
    # One more pixel tips it over.
    assert _shot(api, name="tolerant", image_b64=_png(changed=9))["status"] == "failed"


def test_a_difference_beyond_tolerance_fails_with_a_diff_image(
    api: APIClient, dirs: tuple[Path, Path]
) -> None:
    _, artifacts = dirs
    baseline = _png()
    _shot(api, name="checkout", image_b64=baseline)
    result = _shot(api, name="checkout", image_b64=_png(changed=400), tol=0.01)
    observed = result["observed"]
    assert result["status"] == "failed"
    assert observed["differing_pixels"] == 400
    assert observed["total_pixels"] == 8000
    assert observed["diff_ratio"] == 0.05
    assert "400 of 8000 pixels differ" in observed["reason"]

    diff_path = observed["diff_path"]
    assert diff_path.startswith("checks/checkout/")
    assert not Path(diff_path).is_absolute()
    with Image.open(artifacts / diff_path) as diff:
        assert diff.format == "PNG"
        assert diff.size == (100, 80)
        rgb = diff.convert("RGB")
        assert rgb.getpixel((0, 0)) == (255, 0, 0)  # changed: highlighted
        assert rgb.getpixel((99, 79)) != (255, 0, 0)  # unchanged: faded baseline
    with Image.open(artifacts / observed["actual_path"]) as actual:
        assert actual.convert("RGB").getpixel((0, 0)) == (255, 255, 255)
    # A failed check leaves the baseline alone.
    assert (dirs[0] / "baselines" / "checkout.png").read_bytes() == base64.b64decode(
        baseline
    )


def test_a_size_mismatch_fails(api: APIClient, dirs: tuple[Path, Path]) -> None:
    _shot(api, name="sized", image_b64=_png((100, 80)))
    result = _shot(api, name="sized", image_b64=_png((100, 81)), tol=1.0)
    assert result["status"] == "failed"
    assert result["observed"]["reason"] == (
        "size mismatch: the baseline is 100×80, the image is 100×81"
    )
    assert result["observed"]["diff_ratio"] == 1.0


def test_update_baseline_replaces_it(api: APIClient, dirs: tuple[Path, Path]) -> None:
    _shot(api, name="moving", image_b64=_png())
    new = _png(color=(0, 0, 0))
    replaced = _shot(api, name="moving", image_b64=new, update_baseline=True)
    assert replaced["status"] == "passed"
    assert replaced["observed"]["baseline_updated"] is True
    assert _shot(api, name="moving", image_b64=new)["observed"]["differing_pixels"] == 0


def test_a_data_url_prefix_is_accepted(api: APIClient, dirs: tuple[Path, Path]) -> None:
    result = _shot(api, name="prefixed", image_b64="data:image/png;base64," + _png())
    assert result["status"] == "passed"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"name": "x", "image_b64": "not base64 at all!"}, "image_b64"),
        ({"name": "x", "image_b64": "QUJD="}, "image_b64"),  # bad padding
        (
            {"name": "x", "image_b64": base64.b64encode(b"GIF89a....").decode()},
            "image_b64",
        ),
        (
            {  # the PNG signature, then garbage: a truncated or corrupt PNG
                "name": "x",
                "image_b64": base64.b64encode(
                    b"\x89PNG\r\n\x1a\n" + b"\0" * 40
                ).decode(),
            },
            "image_b64",
        ),
        ({"name": "", "image_b64": "AAAA"}, "name"),
        ({"image_b64": "AAAA"}, "name"),
        ({"name": "x"}, "image_b64"),
        ({"name": "x", "image_b64": "AAAA", "tol": 1.5}, "tol"),
        ({"name": "x", "image_b64": "AAAA", "tol": -0.1}, "tol"),
    ],
)
def test_bad_screenshot_input_is_a_validation_error(
    api: APIClient, dirs: tuple[Path, Path], body: dict[str, Any], path: str
) -> None:
    response = api.post("/api/v1/checks/screenshot", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()
    assert error["type"] == "validation_error"
    assert path in [item["path"] for item in error["errors"]]
    assert not (dirs[0] / "baselines" / "x.png").exists()


def test_a_jpeg_is_not_a_png(api: APIClient, dirs: tuple[Path, Path]) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="JPEG")
    response = api.post(
        "/api/v1/checks/screenshot",
        {"name": "jpeg", "image_b64": base64.b64encode(out.getvalue()).decode()},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "image_b64", "message": "Not a PNG image."}
    ]


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "../../etc/x",
        "/etc/x",
        "a/b",
        "..",
        ".",
        "a\\b",
        "~/x",
        "x/../../y",
        "..%2fx",
    ],
)
def test_names_cannot_escape_the_baselines_folder(
    api: APIClient, dirs: tuple[Path, Path], name: str
) -> None:
    data_dir, artifacts = dirs
    result = _shot(api, name=name, image_b64=_png())
    assert result["status"] == "passed"
    assert result["observed"]["baseline_created"] is True
    safe = result["name"]
    assert safe == baseline_name(name)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    baselines = data_dir / "baselines"
    # Exactly one file was written, directly inside the baselines folder.
    written = [p for p in (data_dir.parent).rglob("*") if p.is_file()]
    assert written == [baselines / f"{safe}.png"]
    # The same name finds the same baseline again; a diff stays under artifacts/checks.
    again = _shot(api, name=name, image_b64=_png(changed=100))
    assert again["status"] == "failed"
    diff = (artifacts / again["observed"]["diff_path"]).resolve()
    assert diff.is_relative_to((artifacts / "checks").resolve())


def test_sanitised_names_keep_distinct_baselines(
    api: APIClient, dirs: tuple[Path, Path]
) -> None:
    names = {baseline_name(name) for name in ("a/b", "a_b", "a b", "a?b", "A_b")}
    assert len(names) == 5
    assert baseline_name("Login-page_v2.mobile") == "Login-page_v2.mobile"
    assert len(baseline_name("x" * 200)) <= 90
    _shot(api, name="a/b", image_b64=_png())
    # a_b is a different baseline: its first image seeds it even though a/b exists.
    assert _shot(api, name="a_b", image_b64=_png((5, 5)))["observed"].get(
        "baseline_created"
    )


def test_a_concurrent_first_run_does_not_overwrite_the_seeded_baseline(
    tmp_path: Path,
) -> None:
    """Two first runs for one name race: the loser compares instead of overwriting."""
    target = tmp_path / "race.png"
    assert _write_atomically(target, b"first", replace=False) is True
    assert _write_atomically(target, b"second", replace=False) is False
    assert target.read_bytes() == b"first"
    assert _write_atomically(target, b"third", replace=True) is True
    assert target.read_bytes() == b"third"
    assert [p.name for p in tmp_path.iterdir()] == [
        "race.png"
    ]  # no temporary files left


def _declared_png(width: int, height: int) -> bytes:
    """A few hundred bytes that declare a width by height RGB image (a decompression bomb)."""
    import struct
    import zlib

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


@pytest.mark.parametrize("side", [7_000, 40_000])
def test_a_decompression_bomb_is_refused_naming_the_limit(
    api: APIClient, dirs: tuple[Path, Path], side: int
) -> None:
    data = _declared_png(side, side)
    assert len(data) < 1000
    response = api.post(
        "/api/v1/checks/screenshot",
        {"name": "bomb", "image_b64": base64.b64encode(data).decode()},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == [
        {
            "path": "image_b64",
            "message": f"The image is {side}×{side} pixels; the limit is 40,000,000 pixels.",
        }
    ]
    assert not (dirs[0] / "baselines" / "bomb.png").exists()
