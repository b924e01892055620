"""Domain errors raised by services; core.api.exception_handler turns them into the one error shape.

Every non-2xx answer of the API is `{"type": "<snake_case>", "detail": "<sentence>", ...extra}`.
"""

from __future__ import annotations

from typing import Any


class TripwireError(Exception):
    status_code = 400
    type = "bad_request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "detail": self.detail, **self.extra}


class ValidationFailed(TripwireError):
    """Input that does not fit; `errors` is a list of {path, message}."""

    type = "validation_error"

    def __init__(
        self, detail: str, *, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(detail, errors=errors or [])


class InvalidYaml(TripwireError):
    type = "invalid_yaml"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]]) -> None:
        super().__init__(detail, errors=errors)


class InvalidCron(TripwireError):
    type = "invalid_cron"


class NotFound(TripwireError):
    status_code = 404
    type = "not_found"


class PermissionDenied(TripwireError):
    status_code = 403
    type = "permission_denied"


class InvalidCredentials(TripwireError):
    status_code = 401
    type = "invalid_credentials"


class Conflict(TripwireError):
    status_code = 409
    type = "conflict"


class RateLimited(TripwireError):
    status_code = 429
    type = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.retry_after = retry_after


class GenerationError(TripwireError):
    status_code = 502
    type = "generation_error"


class DisplayUnavailable(TripwireError):
    """A headed browser was asked for on a host with no display (no DISPLAY/WAYLAND_DISPLAY)."""

    status_code = 409
    type = "display_unavailable"
