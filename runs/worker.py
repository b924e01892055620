"""What a worker does before it starts taking runs."""

from __future__ import annotations

import socket
from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule

from runs.services import runs_reconcile, runs_resend_orphans

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
