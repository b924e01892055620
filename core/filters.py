"""Query parameters of list and detail endpoints, validated one way: a value that does not fit is a
400 `validation_error` naming the parameter, never silently ignored or read as something else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.exceptions import ValidationFailed


def _refuse(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        f"{name} {message}.", errors=[{"path": name, "message": message}]
    )


def one_of(name: str, value: str | None, allowed: Sequence[str]) -> str | None:
    """`value` when it is one of `allowed`; None when absent or empty."""
    if value is None or value == "":
        return None
    if value not in allowed:
        raise _refuse(name, f"must be one of {', '.join(allowed)}")
    return value


def some_of(name: str, value: str | None, allowed: Sequence[str]) -> list[str]:
    """A comma list of `allowed` values (`failed,broken`); empty when absent."""
    chosen = [part.strip() for part in (value or "").split(",") if part.strip()]
    unknown = [part for part in chosen if part not in allowed]
    if unknown:
        raise _refuse(
            name, f"must be one or more of {', '.join(allowed)}, not {unknown[0]!r}"
        )
    return chosen


def whole_number(
    name: str, raw: str | None, *, default: int, low: int, high: int | None = None
) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise _refuse(name, f"must be a whole number {bound}")
    return value


def day(name: str, value: str | None) -> date | None:
    """A calendar day, YYYY-MM-DD; None when absent or empty."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _refuse(name, "must be a date, YYYY-MM-DD") from None
