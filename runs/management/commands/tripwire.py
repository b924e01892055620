"""`manage.py tripwire <command>`: the operator and CI entry point.

Subcommands parse arguments and call services; the rules live in the services.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.exceptions import TripwireError
from core.services import admin_seed_from_env
from suites.services import suite_export_dir, suite_import_dir


class Command(BaseCommand):
    help = "Tripwire: import/export suites, seed the admin."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import", help="Create or update suites from a folder of *.tripwire.yaml"
        )
        imp.add_argument("directory", type=Path)
        exp = sub.add_parser(
            "export-suites", help="Write every suite's YAML into a folder"
        )
        exp.add_argument("directory", type=Path)
        sub.add_parser(
            "bootstrap", help="Seed the first admin from TRIPWIRE_ADMIN_EMAIL/PASSWORD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "handle_" + options["subcommand"].replace("-", "_"))
        try:
            handler(**options)
        except TripwireError as exc:
            errors = exc.extra.get("errors") or []
            for error in errors:
                where = ":".join(
                    str(part)
                    for part in (
                        error.get("file"),
                        error.get("line"),
                        error.get("column"),
                    )
                    if part
                )
                self.stderr.write(
                    f"  {where} {error.get('path', '')}: {error.get('message')}"
                )
            raise CommandError(exc.detail, returncode=3) from None

    def handle_import(self, *, directory: Path, **_: Any) -> None:
        result = suite_import_dir(directory=directory)
        self.stdout.write(
            f"Imported {directory}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged."
        )

    def handle_export_suites(self, *, directory: Path, **_: Any) -> None:
        written = suite_export_dir(directory=directory)
        self.stdout.write(f"Wrote {len(written)} suite(s) to {directory}.")

    def handle_bootstrap(self, **_: Any) -> None:
        user = admin_seed_from_env()
        self.stdout.write(
            f"Seeded admin {user.email}." if user else "No admin to seed."
        )
