"""A reporter that prints one progress line per step, assertion, capture and case (the CLI's)."""

from __future__ import annotations

from typing import Any, TextIO

from engine.events import Event

_MARKS = {
    "passed": "\u2713",
    "failed": "\u2717",
    "broken": "!",
    "skipped": "-",
    "cancelled": "-",
}
_COLORS = {
    "passed": "32",
    "failed": "31",
    "broken": "33",
    "skipped": "90",
    "cancelled": "90",
}


def _short(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class ConsoleReporter:
    """Writes progress lines to `stream`; `color` adds ANSI colours for terminals."""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    def should_stop(self) -> bool:
        return False

    def _mark(self, status: str) -> str:
        mark = _MARKS.get(status, "?")
        if self.color and status in _COLORS:
            return f"\033[{_COLORS[status]}m{mark}\033[0m"
        return mark

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def emit(self, event: Event) -> None:
        data = event.data
        where = (
            f"{event.case_id}/{event.step_id}" if event.step_id else str(event.case_id)
        )
        if event.type == "case_start":
            self._line(f"\u25cf {event.case_id}: {data.get('title', '')}")
        elif event.type == "action":
            status = str(data.get("status", "passed"))
            tier = data.get("tier")
            label = f"{tier}, healed" if data.get("healed") and tier else tier
            tier_text = f" [{label}]" if label else ""
            reason = (
                f" \u2014 {_short(data['reason'], 160)}" if data.get("reason") else ""
            )
            calls = int((data.get("model") or {}).get("calls", 0))
            if calls:
                tier_text += f" ({calls} model call{'s' if calls > 1 else ''})"
            self._line(
                f"  {self._mark(status)} {where}{tier_text} {data.get('text', '')}{reason}"
            )
        elif event.type == "heal":
            self._line(
                f"    \u21bb healed {where}: {_short(data.get('old_locator'))} \u2192 "
                f"{_short(data.get('new_locator'))}"
            )
        elif event.type == "assert":
            verdict = str(data.get("verdict", ""))
            detail = ""
            if verdict != "passed":
                detail = (
                    f" \u2014 expected {_short(data.get('expected'))!s}, "
                    f"observed {_short(data.get('observed'))!s}"
                )
                if data.get("reason"):
                    detail += f" ({_short(data['reason'], 160)})"
            self._line(
                f"  {self._mark(verdict)} {where} {data.get('text', '')}{detail}"
            )
        elif event.type == "capture":
            status = (
                "passed"
                if data.get("status") == "captured"
                else str(data.get("status"))
            )
            value = (
                f" = {_short(data.get('value'))}"
                if data.get("value") is not None
                else ""
            )
            reason = f" \u2014 {data['reason']}" if data.get("reason") else ""
            self._line(f"  {self._mark(status)} {where} captured{value}{reason}")
        elif event.type == "case_end":
            status = str(data.get("status", ""))
            seconds = float(data.get("duration_ms", 0)) / 1000
            reason = f": {_short(data['reason'], 200)}" if data.get("reason") else ""
            self._line(
                f"{self._mark(status)} {event.case_id} {status} ({seconds:.2f} s){reason}"
            )
        elif event.type == "log" and data.get("level") in ("warning", "error"):
            self._line(f"  ! {data.get('message', '')}")
        elif event.type == "done":
            counts = data.get("counts", {})
            summary = " ".join(
                f"{k}={counts.get(k, 0)}"
                for k in ("passed", "failed", "broken", "skipped")
            )
            seconds = float(data.get("duration_ms", 0)) / 1000
            heals = data.get("heals", 0)
            self._line(
                f"{data.get('status', '')}: {summary} heals={heals} ({seconds:.2f} s)"
            )
