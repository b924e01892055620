"""The worker: repair what a dead worker left, then run django-q2's cluster and own its shutdown.

django-q2's cluster cannot be stopped by a signal that reaches its whole process group: its
sentinel dies at once on SIGTERM while the cluster's main process, in its signal handler, waits
forever for the sentinel to acknowledge the stop (a known upstream deadlock). So this process is
the cluster's main process with a shutdown of its own. On SIGTERM or SIGINT, to it alone or to
its whole group (Ctrl-C, `kill -TERM -<pgid>`, service managers), it asks the cluster to stop
taking runs, lets running ones finish for `TRIPWIRE_WORKER_GRACE_SECONDS`, then kills whatever is
left below it (workers, Playwright drivers, browsers) and re-queues the runs they held. A signal to
the group kills the cluster's processes at once; their runs are re-queued straight away.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from types import FrameType

from django.utils import timezone
from django_q.cluster import Cluster
from django_q.models import Schedule

from runs.services import runs_reconcile, runs_resend_orphans

logger = logging.getLogger(__name__)
STOPPED_MESSAGE = "the worker was stopped before the run finished; re-queued"
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h

MAINTENANCE = "tripwire-maintenance"


def prepare_worker() -> str:
    """Repair runs a dead worker left behind, and make sure the maintenance tick is scheduled."""
    repaired = runs_reconcile(host=socket.gethostname())
    # At start-up nothing of this host runs yet: whatever waits, however fresh, is sent again.
    resent = runs_resend_orphans(
        now=timezone.now() + timedelta(seconds=30), skip=repaired.requeued
    )
    Schedule.objects.update_or_create(
        name=MAINTENANCE,
        defaults={
            "func": "runs.tasks.maintenance",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
    return (
        f"Worker ready: re-queued {len(repaired.requeued)} and gave up on "
        f"{len(repaired.broken)} interrupted run(s), re-sent {len(resent)} waiting run(s); "
        "maintenance every minute."
    )


class _Cluster(Cluster):  # type: ignore[misc]
    """django-q2's cluster whose signal handler only records that a stop was asked for."""

    def __init__(self) -> None:
        self.stop_asked = threading.Event()
        super().__init__()

    def sig_handler(self, signum: int, frame: FrameType | None) -> None:
        self.stop_asked.set()


def run_cluster(*, grace_s: float) -> int:
    """Run the cluster until it ends or this process is told to stop; 0 on a clean stop."""
    _adopt_orphans()
    cluster = _Cluster()
    cluster.start()
    while cluster.sentinel.is_alive() and not cluster.stop_asked.wait(0.5):
        pass
    stop_asked = cluster.stop_asked.is_set()
    if stop_asked and cluster.sentinel.is_alive():
        # django-q2's graceful stop: no new runs, the running ones finish. Asked from a thread:
        # should the sentinel die meanwhile, setting the event never returns.
        threading.Thread(target=cluster.stop_event.set, daemon=True).start()
        cluster.sentinel.join(timeout=grace_s)
        if cluster.sentinel.is_alive():
            logger.warning(
                "Runs still going after %s s; stopping them to re-queue them", grace_s
            )
    _kill_descendants()
    cluster.sentinel.join(timeout=5)
    released = runs_reconcile(host=socket.gethostname(), message=STOPPED_MESSAGE)
    if released.requeued or released.broken:
        logger.warning(
            "Stopped worker: re-queued %s, broken %s",
            released.requeued,
            released.broken,
        )
    return 0 if stop_asked else 1


def _adopt_orphans() -> None:
    """Become the parent of processes below this one whose own parent dies, so they can be
    found, killed and reaped here (a container's init may never reap them, and a zombie looks
    alive to the run repair)."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError) as exc:
        logger.debug("cannot become a subreaper: %s", exc)


def _descendants() -> list[int]:
    """Every process below this one, from /proc (Linux); browsers sit in groups of their own."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1 and fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    pending = [os.getpid()]
    while pending:
        children = parents.get(pending.pop(), [])
        found.extend(children)
        pending.extend(children)
    return found


def _kill_descendants() -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = _descendants() if sys.platform == "linux" else []
        for pid in alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _reap()
        if not alive:
            return
        time.sleep(0.1)


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
