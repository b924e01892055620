"""`manage.py record <id>`: the recorder process behind POST /api/v1/record/start.

A command of its own rather than a `tripwire` subcommand: that command lives in runs/, and runs
may not import recording (tests/test_project.py keeps the imports flowing one way).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.exceptions import TripwireError
from recording.recorder import record


class Command(BaseCommand):
    help = (
        "Run the headed recorder of one session (started by POST /api/v1/record/start)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("record_id")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            record(record_id=options["record_id"])
        except TripwireError as exc:
            raise CommandError(exc.detail) from None
