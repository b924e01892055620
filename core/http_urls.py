"""The one rule for URLs people give Tripwire to open or call: absolute http:// or https://, with a host."""

from __future__ import annotations

from urllib.parse import urlsplit

from core.exceptions import ValidationFailed

HTTP_URL_MESSAGE = "must be an http:// or https:// URL"


def is_http_url(value: object) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
    except ValueError:  # e.g. a malformed IPv6 host or port
        return False
    return parts.scheme in ("http", "https") and bool(host)


def check_http_url(value: object, *, path: str) -> str:
    """`value` without surrounding spaces, or a 400 naming `path`."""
    if not is_http_url(value):
        raise ValidationFailed(
            f"{path} {HTTP_URL_MESSAGE}, got {value!r}.",
            errors=[{"path": path, "message": HTTP_URL_MESSAGE}],
        )
    assert isinstance(value, str)
    return value.strip()
