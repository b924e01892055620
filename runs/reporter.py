"""Engine events → RunEvent rows, written as they happen so a live run can be watched."""

from __future__ import annotations

import datetime as dt
import time

from engine.events import Event, Reporter
from runs.bridge import DbThread
from runs.models import Run, RunEvent


def _parse_ts(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _write_event(run_id: str, seq: int, event: Event) -> None:
    RunEvent.objects.create(
        run_id=run_id,
        seq=seq,
        ts=_parse_ts(event.ts),
        type=event.type,
        case_id=event.case_id or "",
        step_id=event.step_id or "",
        data=event.data,
    )


def cancel_requested(run_id: str) -> bool:
    return Run.objects.filter(pk=run_id, cancel_requested=True).exists()


class DbReporter:
    # Cancellation is checked between steps; polling at most twice a second is plenty.
    CANCEL_POLL_SECONDS = 0.5

    def __init__(
        self,
        run: Run,
        *,
        db: DbThread,
        also: Reporter | None = None,
        first_seq: int = 0,
    ) -> None:
        self.run_id = run.id
        self.db = db
        self.also = also
        # Events of an earlier, interrupted attempt stay; this attempt's continue after them.
        self.offset = first_seq
        self._checked_at = 0.0
        self._stop = False

    def emit(self, event: Event) -> None:
        self.db.send(_write_event, self.run_id, self.offset + event.seq, event)
        if self.also is not None:
            self.also.emit(event)

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self._stop and now - self._checked_at >= self.CANCEL_POLL_SECONDS:
            self._checked_at = now
            self._stop = self.db.call(cancel_requested, self.run_id)
        if self.also is not None and self.also.should_stop():
            return True
        return self._stop
