"""django-q2 entry points: ids in, services called, nothing else."""

from __future__ import annotations

import logging
import socket

logger = logging.getLogger(__name__)


def execute_run(run_id: str) -> None:
    from runs.engine_adapter import worker_browsers
    from runs.execution import execute_run as run_it

    # Only here, in a worker process, is a browser kept between runs.
    run_it(run_id, browsers=worker_browsers())


def maintenance() -> None:
    """Every minute: repair runs whose worker died, then fire the plans that are due."""
    from runs.plans import plans_fire_due
    from runs.services import runs_reconcile, runs_resend_orphans

    repaired = runs_reconcile(host=socket.gethostname())
    resent = runs_resend_orphans()
    if resent:
        logger.warning("Re-sent queued runs whose queue message was lost: %s", resent)
    if repaired.requeued or repaired.broken:
        logger.warning(
            "Reconciled runs: re-queued %s, broken %s",
            repaired.requeued,
            repaired.broken,
        )
    fired = plans_fire_due()
    if fired:
        logger.info("Fired scheduled plans %s", fired)
