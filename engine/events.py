"""Run events and the Reporter protocol the engine talks to while it runs."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from engine.masking import Masker

EventType = Literal[
    "case_start",
    "step_start",
    "action",
    "heal",
    "shot",
    "assert",
    "capture",
    "log",
    "case_end",
    "done",
]
EVENT_TYPES: tuple[EventType, ...] = (
    "case_start",
    "step_start",
    "action",
    "heal",
    "shot",
    "assert",
    "capture",
    "log",
    "case_end",
    "done",
)


def utc_now() -> str:
    return (
        dt.datetime.now(dt.UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


@dataclass(frozen=True)
class Event:
    """One thing that happened in a run. `data` is JSON-safe and already has secrets masked.

    `step_id` is the step, assertion (`a1`) or capture name the event is about, or None.
    """

    seq: int
    ts: str
    type: EventType
    case_id: str | None
    step_id: str | None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "ts": self.ts,
            "type": self.type,
            "case_id": self.case_id,
            "step_id": self.step_id,
            "data": self.data,
        }


class Reporter(Protocol):
    """Receives events as they happen and may ask the run to stop (checked between steps)."""

    def emit(self, event: Event) -> None: ...

    def should_stop(self) -> bool: ...


class NullReporter:
    def emit(self, event: Event) -> None:
        return None

    def should_stop(self) -> bool:
        return False


class CollectingReporter:
    """Keeps every event; `stop()` (from any thread) makes the run end `cancelled`."""

    def __init__(self, on_event: Callable[[Event], None] | None = None) -> None:
        self.events: list[Event] = []
        self._stop = threading.Event()
        self._on_event = on_event

    def emit(self, event: Event) -> None:
        self.events.append(event)
        if self._on_event is not None:
            self._on_event(event)

    def should_stop(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()

    def of_type(self, kind: EventType) -> list[Event]:
        return [e for e in self.events if e.type == kind]


class MultiReporter:
    """Fans events out to several reporters; stops when any of them asks to."""

    def __init__(self, *reporters: Reporter) -> None:
        self.reporters = reporters

    def emit(self, event: Event) -> None:
        for reporter in self.reporters:
            reporter.emit(event)

    def should_stop(self) -> bool:
        return any(r.should_stop() for r in self.reporters)


class Emitter:
    """Numbers, timestamps and masks events before they reach the reporter."""

    def __init__(
        self,
        reporter: Reporter,
        masker: Masker,
        *,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self.reporter = reporter
        self.masker = masker
        # A stop asked for from outside the reporter (a Ctrl-C on the command line).
        self._stop = stop
        self._seq = 0

    def emit(
        self,
        type_: EventType,
        *,
        case_id: str | None = None,
        step_id: str | None = None,
        **data: Any,
    ) -> Event:
        self._seq += 1
        event = Event(
            seq=self._seq,
            ts=utc_now(),
            type=type_,
            case_id=case_id,
            step_id=step_id,
            data=self.masker.mask_data(
                {k: v for k, v in data.items() if v is not None}
            ),
        )
        self.reporter.emit(event)
        return event

    def should_stop(self) -> bool:
        return self.reporter.should_stop() or (self._stop is not None and self._stop())
