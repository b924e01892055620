"""`manage.py tripwire <command>`: the operator and CI entry point.

Subcommands parse arguments and call services; the rules live in the services.
"""

from __future__ import annotations

import glob
import shutil
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.exceptions import TripwireError
from core.services import admin_seed_from_env
from engine import BrowserKeeper, ConsoleReporter
from runs.models import Run
from suites.selectors import suite_find
from suites.services import suite_export_dir, suite_import_dir

# Exit codes shared with the GitHub Action convention: broken outranks failed outranks ok.
EXIT_OK, EXIT_FAILED, EXIT_BROKEN, EXIT_BAD_INPUT = 0, 1, 2, 3


class Command(BaseCommand):
    help = "Tripwire: run suites, import/export suites, run a worker, seed the admin."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser(
            "run", help="Run suites now, without the queue (the CI gate)"
        )
        run.add_argument(
            "targets", nargs="+", help="Suite files, globs (** works) or stored suites"
        )
        run.add_argument(
            "--cases", nargs="+", help="Only these case ids (and what they need)"
        )
        run.add_argument(
            "--file-issues", help="tripwire (default), none, or e.g. tripwire,github"
        )
        run.add_argument("--out", type=Path, help="Write reports and artifacts here")
        run.add_argument("--headed", action="store_true", help="Show the browser")
        run.add_argument(
            "--base-url", help="Run against this URL instead of the suite's base_url"
        )
        adhoc = sub.add_parser("test-url", help="Run ad-hoc steps against a URL")
        adhoc.add_argument("url")
        adhoc.add_argument(
            "instructions", help="Steps split on newlines, ';' or 'then'"
        )
        adhoc.add_argument("--headed", action="store_true")
        adhoc.add_argument("--out", type=Path)
        imp = sub.add_parser(
            "import", help="Create or update suites from a folder of *.tripwire.yaml"
        )
        imp.add_argument("directory", type=Path)
        exp = sub.add_parser(
            "export-suites", help="Write every suite's YAML into a folder"
        )
        exp.add_argument("directory", type=Path)
        sub.add_parser(
            "worker", help="Repair interrupted runs, then execute queued runs"
        )
        mcp = sub.add_parser(
            "mcp",
            help="Serve the MCP tools on stdin/stdout (for a local coding assistant)",
        )
        mcp.add_argument(
            "--user", help="Act as this user (email): runs and issue changes carry it"
        )
        mcp.add_argument(
            "--queue",
            action="store_true",
            help="Hand runs to the server's workers instead of running them here",
        )
        sub.add_parser(
            "bootstrap", help="Seed the first admin from TRIPWIRE_ADMIN_EMAIL/PASSWORD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "handle_" + options["subcommand"].replace("-", "_"))
        try:
            handler(**options)
        except TripwireError as exc:
            for error in exc.extra.get("errors") or []:
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
            raise CommandError(exc.detail, returncode=EXIT_BAD_INPUT) from None

    # --- suites ----------------------------------------------------------------------------------

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

    # --- running ---------------------------------------------------------------------------------

    def _migrate_if_needed(self) -> None:
        # The CLI is often the first thing CI runs on a fresh data dir.
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", verbosity=0, interactive=False)

    def _targets(self, targets: list[str]) -> list[tuple[str, str]]:
        """(file name, YAML text) for each target: a path, a glob, or a stored suite."""
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        for target in targets:
            path = Path(target)
            if path.is_file():
                paths = [path]
            elif any(ch in target for ch in "*?["):
                # glob.glob, unlike Path.glob, takes absolute patterns as CI passes them.
                paths = sorted(Path(p) for p in glob.glob(target, recursive=True))  # noqa: PTH207
                paths = [p for p in paths if p.is_file()]
            else:
                paths = []
            if paths:
                for match in paths:
                    key = str(match.resolve())
                    if key not in seen:
                        seen.add(key)
                        found.append((match.name, match.read_text(encoding="utf-8")))
                continue
            suite = suite_find(name=target)
            if suite is None:
                raise CommandError(
                    f"no suite matched {target!r} (not a file, a glob with matches, or a stored "
                    "suite)",
                    returncode=EXIT_BAD_INPUT,
                )
            if suite.file not in seen:
                seen.add(suite.file)
                found.append((suite.file, suite.yaml))
        return found

    def handle_run(
        self,
        *,
        targets: list[str],
        cases: list[str] | None,
        file_issues: str | None,
        out: Path | None,
        headed: bool,
        base_url: str | None,
        **_: Any,
    ) -> None:
        self._migrate_if_needed()
        suites = self._targets(targets)
        if cases and len(suites) > 1:
            raise CommandError(
                "--cases needs exactly one suite", returncode=EXIT_BAD_INPUT
            )
        finished = self._run_suites(
            suites,
            cases=cases,
            file_issues=file_issues,
            out=out,
            headed=headed,
            base_url=base_url,
        )
        self._exit_for(finished)

    def _run_suites(
        self,
        suites: list[tuple[str, str]],
        *,
        cases: list[str] | None = None,
        file_issues: str | None = None,
        out: Path | None = None,
        headed: bool = False,
        base_url: str | None = None,
    ) -> list[Run]:
        from runs.engine_adapter import command_line_browsers
        from runs.services import run_cancel, run_create_local

        # Validate every suite before running any, so bad input never half-runs.
        runs = [
            run_create_local(
                file=name,
                yaml_text=text,
                case_ids=cases,
                file_issues=file_issues,
                headed=headed,
                base_url=base_url,
            )
            for name, text in suites
        ]
        # OutputWrapper forwards write/flush to the real stream, all the reporter uses.
        console = ConsoleReporter(self.stdout, color=sys.stdout.isatty())  # type: ignore[arg-type]
        finished: list[Run] = []
        browsers = command_line_browsers()
        try:
            for run in runs:
                if browsers is not None and browsers.interrupted.is_set():
                    # Ctrl-C: what has not started never will, and nothing is left queued.
                    finished.append(run_cancel(run=run))
                    continue
                finished.append(
                    self._run_one(run, console, browsers, out=out, many=len(runs) > 1)
                )
        finally:
            if browsers is not None:
                browsers.close()
        if browsers is not None and browsers.interrupted.is_set():
            self.stdout.write(
                "\nInterrupted: the run in progress stopped after its step."
            )
        return finished

    def _run_one(
        self,
        run: Run,
        console: ConsoleReporter,
        browsers: BrowserKeeper | None,
        *,
        out: Path | None,
        many: bool,
    ) -> Run:
        from runs.execution import run_execute_claimed, worker_name
        from runs.services import run_claim

        self.stdout.write(f"\n▶ {run.suite_name} ({run.suite_file}) — run {run.id}")
        run_claim(run_id=run.id, worker=worker_name())
        run.refresh_from_db()
        done = run_execute_claimed(run, also=console, browsers=browsers)
        self.stdout.write(
            f"  {done.status.upper()}: {done.passed} passed, {done.failed} failed, "
            f"{done.broken} broken, {done.skipped} skipped"
            + (f" — {done.reason}" if done.reason else "")
        )
        if out is not None:
            target = out / done.suite_id if many else out
            self._copy_artifacts(done.id, target)
            self.stdout.write(f"  reports: {target / 'report.html'}")
        return done

    def _exit_for(self, finished: list[Run]) -> None:
        totals = {
            key: sum(getattr(run, key) for run in finished)
            for key in ("passed", "failed", "broken", "skipped")
        }
        self.stdout.write(
            "\nTOTAL: " + ", ".join(f"{value} {key}" for key, value in totals.items())
        )
        self.stdout.write(
            "::tripwire-output:: "
            + " ".join(f"{key}={value}" for key, value in totals.items())
        )
        broken = totals["broken"] or any(
            r.status in ("broken", "cancelled") for r in finished
        )
        code = EXIT_BROKEN if broken else EXIT_FAILED if totals["failed"] else EXIT_OK
        if code:
            sys.exit(code)

    def _copy_artifacts(self, run_id: str, target: Path) -> None:
        from runs.execution import artifacts_dir
        from runs.models import Run

        source = artifacts_dir(Run(id=run_id))
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)

    def handle_test_url(
        self, *, url: str, instructions: str, headed: bool, out: Path | None, **_: Any
    ) -> None:
        from runs.adhoc import adhoc_suite, final_page

        self._migrate_if_needed()
        name, text = adhoc_suite(url=url, instructions=instructions)
        finished = self._run_suites(
            [(name, text)], file_issues="none", out=out, headed=headed
        )
        page = final_page(finished[0])
        if page is not None:
            self.stdout.write(f"\nFinal URL: {page[0]}\n{page[1][:800]}")
        self._exit_for(finished)

    def handle_mcp(self, *, user: str | None, queue: bool, **_: Any) -> None:
        from agents.mcp_server import serve_stdio

        self._migrate_if_needed()
        serve_stdio(user=user, executor="queue" if queue else "inline")

    # --- worker ----------------------------------------------------------------------------------

    def handle_worker(self, **_: Any) -> None:
        from runs.worker import prepare_worker, run_cluster

        self._migrate_if_needed()
        prepared = prepare_worker()
        self.stdout.write(prepared)
        self.stdout.flush()
        code = run_cluster(grace_s=float(settings.WORKER_GRACE_SECONDS))
        if code:
            raise CommandError(
                f"the queue cluster exited with code {code}", returncode=code
            )
