"""Standalone checks (SPEC §10): one HTTP request, or one screenshot against a stored baseline.

Both are dry runs of a single deterministic check, outside any suite or run. A check that does not
hold is an answer ("failed", with what was observed), not an error: only input that cannot be
checked at all (a bad URL, bad base64, not a PNG) raises `ValidationFailed`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import secrets
import struct
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import requests
from django.conf import settings
from django.utils import timezone
from jsonpath_ng.ext.parser import parse as jsonpath_parse
from PIL import Image, ImageChops, ImageOps

from core.capacity import bounded
from core.exceptions import ValidationFailed
from core.http_urls import check_http_url
from core.outbound import outbound_session

PASSED: Final = "passed"
FAILED: Final = "failed"

API_METHODS: Final = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
API_TIMEOUT_DEFAULT: Final = 10.0
API_TIMEOUT_MAX: Final = 60.0
# The response body is read into memory to evaluate the JSON path: cap it so a check pointed at a
# large download cannot exhaust the web process.
API_MAX_BODY_BYTES: Final = 5 * 1024 * 1024

SCREENSHOT_TOL_DEFAULT: Final = 0.001
# Decoded PNG size and pixel count caps: a screenshot is a few MB at most; a decompression bomb
# (a tiny PNG that inflates to gigabytes) must be refused before Pillow allocates it.
SCREENSHOT_MAX_BYTES: Final = 20 * 1024 * 1024
SCREENSHOT_MAX_PIXELS: Final = 40_000_000
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_NAME_MAX: Final = 80


# --- API check ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiCheckResult:
    """The outcome of one API check; `observed` is what the server answered (or why it did not)."""

    status: str
    method: str
    url: str
    expected: dict[str, Any]
    observed: dict[str, Any]
    reason: str = ""
    kind: str = "api"


def json_path_compile(path: str) -> Any:
    """The compiled jsonpath-ng expression (extended syntax: filters such as `[?(@.id > 1)]`)."""
    try:
        return jsonpath_parse(path)
    except Exception as exc:  # JSONPathError, and the lexer raises bare Exceptions too
        raise ValidationFailed(
            f"json_path: not a valid JSON path ({exc})",
            errors=[{"path": "json_path", "message": f"Not a valid JSON path: {exc}"}],
        ) from exc


def _url_validate(url: str) -> None:
    check_http_url(url, path="url")


def json_equal(left: Any, right: Any) -> bool:
    """JSON equality: `true` is not `1` and `1` is `1.0` (Python's `==` mixes bools and ints)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(
            json_equal(value, right[key]) for key, value in left.items()
        )
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            json_equal(a, b) for a, b in zip(left, right, strict=True)
        )
    return type(left) is type(right) and bool(left == right)


def _connection_error(exc: requests.RequestException, timeout: float) -> str:
    """A short sentence for a request that got no answer (requests' own messages are walls of text)."""
    if isinstance(exc, requests.ConnectTimeout):
        return f"timed out after {timeout:g} s while connecting"
    if isinstance(exc, requests.Timeout):
        return f"no response within the {timeout:g} s timeout"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed: the certificate or protocol was not accepted"
    if isinstance(exc, requests.TooManyRedirects):
        return "too many redirects"
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    if errno:
        return f"could not connect: {errno.group(0).strip()}"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "could not connect: the host name does not resolve"
    return f"could not connect: {type(exc).__name__}"


def _read_body(response: requests.Response, *, deadline: float) -> bytes:
    """The body, enforcing the size cap and the overall deadline (requests' timeout is per read)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > API_MAX_BODY_BYTES:
            raise _BodyTooLarge
        if time.monotonic() > deadline:
            raise requests.ReadTimeout
        chunks.append(chunk)
    return b"".join(chunks)


class _BodyTooLarge(Exception):
    pass


_a_check = bounded(
    "checks", setting="CHECKS_CONCURRENCY", what="standalone checks", retry_after=5
)


@_a_check
def api_check_run(
    *,
    url: str,
    method: str = "GET",
    expected_status: int | None = None,
    json_path: str | None = None,
    has_equals: bool = False,
    equals: Any = None,
    headers: dict[str, str] | None = None,
    body: Any = None,
    timeout: float = API_TIMEOUT_DEFAULT,
    follow_redirects: bool = True,
) -> ApiCheckResult:
    """Send one request and check its status and/or a JSON path.

    `has_equals` says whether `equals` was given at all, because `null` is a valid expected value.
    With neither `expected_status` nor `json_path`, any 2xx answer passes. With `json_path` but no
    `equals`, the path must match something. A path with several matches yields the list of them.
    """
    method = method.upper()
    _url_validate(url)
    if method not in API_METHODS:
        raise ValidationFailed(
            f"method: must be one of {', '.join(API_METHODS)}.",
            errors=[{"path": "method", "message": f"Unknown method {method!r}."}],
        )
    if not 0 < timeout <= API_TIMEOUT_MAX:
        raise ValidationFailed(
            f"timeout: must be more than 0 and at most {API_TIMEOUT_MAX:g} seconds.",
            errors=[{"path": "timeout", "message": "Out of range."}],
        )
    if has_equals and not json_path:
        raise ValidationFailed(
            "equals: needs a json_path to compare against (use '$' for the whole body).",
            errors=[{"path": "equals", "message": "equals needs json_path."}],
        )
    compiled = json_path_compile(json_path) if json_path else None

    expected: dict[str, Any] = {}
    if expected_status is not None:
        expected["status"] = expected_status
    if json_path:
        expected["json_path"] = json_path
        if has_equals:
            expected["equals"] = equals

    send: dict[str, Any] = {}
    if isinstance(body, str):
        send["data"] = body.encode()
    elif body is not None:
        send["json"] = body

    observed: dict[str, Any] = {"status_code": None}
    started = time.monotonic()

    def finish(status: str, reason: str = "") -> ApiCheckResult:
        observed["elapsed_ms"] = round((time.monotonic() - started) * 1000)
        return ApiCheckResult(
            status=status,
            method=method,
            url=url,
            expected=expected,
            observed=observed,
            reason=reason,
        )

    def fail_observing(error: str) -> ApiCheckResult:
        observed["error"] = error
        return finish(FAILED, error)

    try:
        with (
            outbound_session() as session,
            session.request(
                method,
                url,
                headers=headers or {},
                timeout=timeout,
                allow_redirects=follow_redirects,
                stream=True,
                **send,
            ) as response,
        ):
            observed["status_code"] = response.status_code
            content_type = response.headers.get("Content-Type", "")
            if content_type:
                observed["content_type"] = content_type
            raw = _read_body(response, deadline=started + timeout)
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader) as exc:
        # Caught here rather than in validation: requests decides what it can send (IDNA host
        # names, header values), and saying why is all the user needs.
        return fail_observing(f"the request could not be sent: {exc}")
    except _BodyTooLarge:
        return fail_observing(
            f"the response body is larger than {API_MAX_BODY_BYTES // (1024 * 1024)} MB"
        )
    except requests.RequestException as exc:
        return fail_observing(_connection_error(exc, timeout))

    problems: list[str] = []
    code = observed["status_code"]
    if expected_status is not None:
        if code != expected_status:
            problems.append(f"status {code}, expected {expected_status}")
    elif compiled is None and not 200 <= code < 300:
        problems.append(f"status {code}, expected a 2xx answer")

    if compiled is not None:
        try:
            document = json.loads(raw)
        except ValueError:
            observed["error"] = "the response body is not JSON" + (
                f" (Content-Type: {content_type})" if content_type else ""
            )
            problems.append(observed["error"])
            return finish(FAILED, "; ".join(problems))
        try:
            matches = [match.value for match in compiled.find(document)]
        except (
            Exception
        ) as exc:  # a filter comparing mismatched types raises TypeError & co.
            observed["error"] = f"the JSON path could not be evaluated: {exc}"
            problems.append(observed["error"])
            return finish(FAILED, "; ".join(problems))
        if not matches:
            observed["error"] = f"the JSON path {json_path} matched nothing"
            problems.append(observed["error"])
        else:
            value = matches[0] if len(matches) == 1 else matches
            observed["value"] = value
            if has_equals and not json_equal(value, equals):
                problems.append(
                    f"{json_path} is {json.dumps(value)}, expected {json.dumps(equals)}"
                )
    return finish(FAILED if problems else PASSED, "; ".join(problems))


# --- Screenshot check -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenshotCheckResult:
    """The outcome of one screenshot comparison; `name` is the sanitised baseline name."""

    status: str
    name: str
    tol: float
    observed: dict[str, Any] = field(default_factory=dict)
    kind: str = "screenshot_region"


def baseline_name(name: str) -> str:
    """A file-system-safe baseline name that can never leave the baselines folder.

    Anything but letters, digits, '.', '_' and '-' becomes '_', and leading/trailing dots are
    dropped, so '..', '/' and '\\' cannot survive. When that changed the name, a short hash of the
    original is appended so that 'a/b' and 'a_b' keep separate baselines.
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")[:_NAME_MAX]
    if slug == name:
        return slug
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{slug or 'baseline'}-{digest}"


def _baselines_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "baselines"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _confined(folder: Path, file_name: str) -> Path:
    """folder/file_name, checked once more after resolving (defence in depth over baseline_name)."""
    path = (folder / file_name).resolve()
    if path.parent != folder.resolve():
        raise ValidationFailed(
            "name: not a usable baseline name.",
            errors=[{"path": "name", "message": "Not a usable baseline name."}],
        )
    return path


def _png_open(data: bytes, *, path: str) -> Image.Image:
    def invalid(message: str) -> ValidationFailed:
        return ValidationFailed(
            f"{path}: {message}", errors=[{"path": path, "message": message}]
        )

    if len(data) > SCREENSHOT_MAX_BYTES:
        raise invalid(
            f"The image is larger than {SCREENSHOT_MAX_BYTES // (1024 * 1024)} MB."
        )
    if not data.startswith(_PNG_MAGIC):
        raise invalid("Not a PNG image.")
    if len(data) >= 24 and data[12:16] == b"IHDR":
        # The size, from the header, before anything is decoded: a few hundred bytes can
        # declare billions of pixels.
        width, height = struct.unpack(">II", data[16:24])
        if width * height > SCREENSHOT_MAX_PIXELS:
            raise invalid(
                f"The image is {width}×{height} pixels; the limit is "
                f"{SCREENSHOT_MAX_PIXELS:,} pixels."
            )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            if image.width * image.height > SCREENSHOT_MAX_PIXELS:
                raise invalid(
                    f"The image has more than {SCREENSHOT_MAX_PIXELS:,} pixels."
                )
            image.load()
    except ValidationFailed:
        raise
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        raise invalid(f"Not a readable PNG image ({exc}).") from exc
    return image.convert("RGBA")


def _write_atomically(path: Path, data: bytes, *, replace: bool) -> bool:
    """Write `data` to `path` so that no reader ever sees half a file.

    Returns False when `replace` is false and the file already exists: a concurrent first run
    seeded the baseline first, and this image is compared against that one instead.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    temporary.write_bytes(data)
    try:
        if replace:
            temporary.replace(path)
            return True
        try:
            path.hardlink_to(temporary)  # atomic create-if-absent
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: exclusive create instead
            try:
                with path.open("xb") as out:
                    out.write(data)
            except FileExistsError:
                return False
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _diff_image(baseline: Image.Image, mask: Image.Image) -> bytes:
    """The baseline faded to light grey with every differing pixel painted solid red."""
    faded = ImageOps.grayscale(baseline).point(lambda v: 160 + (v * 95) // 255)
    canvas = faded.convert("RGB")
    canvas.paste((255, 0, 0), mask=mask)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _artifact_path(slug: str, suffix: str) -> tuple[Path, str]:
    """A fresh file under ARTIFACTS_DIR/checks/<name>/ and its path relative to ARTIFACTS_DIR."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    relative = f"checks/{slug}/{stamp}-{secrets.token_hex(4)}-{suffix}.png"
    path = Path(settings.ARTIFACTS_DIR) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, relative


@_a_check
def screenshot_check_run(
    *,
    name: str,
    png: bytes,
    tol: float = SCREENSHOT_TOL_DEFAULT,
    update_baseline: bool = False,
) -> ScreenshotCheckResult:
    """Compare a PNG with the baseline stored for `name`.

    The first image for a name becomes its baseline and passes; so does any image sent with
    `update_baseline`. Otherwise it passes when the share of differing pixels is at most `tol`. A
    pixel differs when any RGBA channel differs at all: screenshots from one renderer are exact,
    so anti-aliasing noise is what `tol` is for. Sizes must match.
    """
    if not (0 <= tol <= 1) or math.isnan(tol):
        raise ValidationFailed(
            "tol: must be between 0 and 1.",
            errors=[{"path": "tol", "message": "Must be between 0 and 1."}],
        )
    image = _png_open(png, path="image_b64")
    slug = baseline_name(name)
    baseline_path = _confined(_baselines_dir(), f"{slug}.png")
    total = image.width * image.height

    def seeded(*, key: str) -> ScreenshotCheckResult:
        return ScreenshotCheckResult(
            status=PASSED,
            name=slug,
            tol=tol,
            observed={
                "diff_ratio": 0.0,
                "differing_pixels": 0,
                "total_pixels": total,
                key: True,
            },
        )

    if update_baseline:
        _write_atomically(baseline_path, png, replace=True)
        return seeded(key="baseline_updated")
    if not baseline_path.exists() and _write_atomically(
        baseline_path, png, replace=False
    ):
        return seeded(key="baseline_created")

    baseline = _png_open(baseline_path.read_bytes(), path="baseline")
    if baseline.size != image.size:
        actual_path, actual_relative = _artifact_path(slug, "actual")
        actual_path.write_bytes(png)
        return ScreenshotCheckResult(
            status=FAILED,
            name=slug,
            tol=tol,
            observed={
                "diff_ratio": 1.0,
                "differing_pixels": total,
                "total_pixels": total,
                "actual_path": actual_relative,
                "reason": (
                    f"size mismatch: the baseline is {baseline.width}×{baseline.height}, "
                    f"the image is {image.width}×{image.height}"
                ),
            },
        )

    # Per pixel, the largest channel difference; any non-zero value marks the pixel as differing.
    difference = ImageChops.difference(baseline, image)
    channels = difference.split()
    strongest = channels[0]
    for channel in channels[1:]:
        strongest = ImageChops.lighter(strongest, channel)
    mask = strongest.point(lambda v: 255 if v else 0)
    differing = mask.histogram()[255]
    ratio = differing / total if total else 0.0
    status = PASSED if ratio <= tol else FAILED
    observed: dict[str, Any] = {
        "diff_ratio": round(ratio, 6),
        "differing_pixels": differing,
        "total_pixels": total,
    }
    if differing:
        diff_path, diff_relative = _artifact_path(slug, "diff")
        diff_path.write_bytes(_diff_image(baseline, mask))
        observed["diff_path"] = diff_relative
    if status == FAILED:
        actual_path, actual_relative = _artifact_path(slug, "actual")
        actual_path.write_bytes(png)
        observed["actual_path"] = actual_relative
        observed["reason"] = (
            f"{differing} of {total} pixels differ ({ratio:.4%}), "
            f"more than the tolerance of {tol:.4%}"
        )
    return ScreenshotCheckResult(status=status, name=slug, tol=tol, observed=observed)
