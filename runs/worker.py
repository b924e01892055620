"""The worker: repair what a dead worker left, then run the django-q2 cluster under a supervisor.

Why a supervisor: django-q2's cluster cannot be stopped by a signal that reaches its whole process
group. Its sentinel dies at once on SIGTERM while the cluster's main process, in its own signal
handler, waits forever for that sentinel to acknowledge the stop (a known upstream deadlock). So
`tripwire worker` starts the cluster in a process group of its own and owns the shutdown: on
SIGTERM or SIGINT (to itself or to its group, as service managers and Ctrl-C send them) it asks
the cluster to stop taking runs and lets running ones finish for `TRIPWIRE_WORKER_GRACE_SECONDS`,
then kills what is left of the cluster (browsers included) and re-queues the runs it held.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.utils import timezone
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


def run_cluster(*, grace_s: float) -> int:
    """Run django-q2's cluster until it ends or this process is told to stop; 0 on a clean stop."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    _adopt_orphans()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    cluster = subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "qcluster"],
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    while cluster.poll() is None and not stop.wait(0.5):
        pass
    stopped_by_us = cluster.poll() is None
    if stopped_by_us:
        # To the cluster's main process only: django-q2's own graceful stop, which lets the
        # runs in progress finish and takes no new ones.
        cluster.send_signal(signal.SIGTERM)
        try:
            cluster.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            logger.warning(
                "Runs still going after %s s; stopping them to re-queue them", grace_s
            )
    _kill_group(cluster)
    released = runs_reconcile(host=socket.gethostname(), message=STOPPED_MESSAGE)
    if released.requeued or released.broken:
        logger.warning(
            "Stopped worker: re-queued %s, broken %s",
            released.requeued,
            released.broken,
        )
    return 0 if stopped_by_us else (cluster.returncode or 1)


def _adopt_orphans() -> None:
    """Become the parent of the cluster's processes when their own parent dies, so they are
    reaped here (a container's init may never reap them, and a zombie looks alive)."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError) as exc:
        logger.debug("cannot become a subreaper: %s", exc)


def _kill_group(cluster: subprocess.Popen[bytes]) -> None:
    """Whatever is left of the cluster's process group: its sentinel, workers and drivers."""
    with contextlib.suppress(ProcessLookupError):  # everything has exited already
        os.killpg(cluster.pid, signal.SIGKILL)
    cluster.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left
        if pid == 0:
            time.sleep(0.05)
