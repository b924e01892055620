"""Coupon lookup, including the deliberate server bug behind the `CRASH` code."""

from __future__ import annotations


class UnknownCouponError(Exception):
    """The code is not a coupon."""


# Percent off per code. CRASH is in the table with a broken tier so that looking it up
# fails inside real code and produces a real traceback for the server log.
_TABLE: dict[str, tuple[int, int]] = {
    "SAVE10": (10, 1),
    "CRASH": (25, 0),
}


def normalise_code(raw: str) -> str:
    return raw.strip().upper()


def percent_for(code: str) -> int:
    """Percent off for `code`; raises UnknownCouponError, or ZeroDivisionError for CRASH."""
    try:
        percent, tiers = _TABLE[normalise_code(code)]
    except KeyError:
        raise UnknownCouponError(code) from None
    return percent // tiers
