"""Template filters of the pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def duration(milliseconds: int | str | None) -> str:
    """1234 → "1.2 s", 95000 → "1 min 35 s"; nothing → "—"."""
    if milliseconds is None or milliseconds == "":
        return "—"
    ms = int(milliseconds)
    if ms < 10_000:
        return f"{ms / 1000:.1f} s"
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60} s"


@register.filter
def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"
