"""Writes to suites: every path validates the whole document first, so nothing half-saves."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from core.exceptions import InvalidYaml, ValidationFailed
from suites.models import ActionCacheEntry, Suite
from suites.schema import ParsedSuite, SuiteInvalid, parse_suite

SUFFIX = ".tripwire.yaml"
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,150}\.tripwire\.yaml$")


def suite_validate(*, yaml_text: str, file: str = "") -> ParsedSuite:
    """Every problem at once; the size, depth and alias limits are `invalid_yaml` problems too."""
    try:
        return parse_suite(yaml_text, file=file)
    except SuiteInvalid as exc:
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        raise InvalidYaml(
            f"The suite has {count} {noun}: {exc}",
            errors=[problem.as_dict() for problem in exc.problems],
        ) from None


def _apply(suite: Suite, parsed: ParsedSuite, yaml_text: str) -> None:
    suite.suite_id = parsed.suite.id
    suite.name = parsed.suite.name
    suite.base_url = parsed.suite.base_url
    suite.yaml = yaml_text
    suite.cases = parsed.cases
    suite.search_text = "\n".join(
        [parsed.suite.name, parsed.suite.id, *(case["title"] for case in parsed.cases)]
    ).lower()


def check_file_name(file: str) -> str:
    if not FILE_NAME.match(file) or ".." in file:
        raise ValidationFailed(
            f"{file!r} is not a valid suite file name: use letters, digits, '-', '_' and '.', "
            f"ending in {SUFFIX}.",
            errors=[
                {"path": "file", "message": f"must end in {SUFFIX} and be a plain name"}
            ],
        )
    return file


def suite_create(*, yaml_text: str, file: str | None = None) -> Suite:
    """Save a new suite under `file`, or under a free name derived from its id; never overwrite."""
    parsed = suite_validate(yaml_text=yaml_text)
    if file is not None:
        check_file_name(file)
        candidates = [file]
    else:
        stem = parsed.suite.id
        candidates = [
            f"{stem}{SUFFIX}",
            *(f"{stem}-{n}{SUFFIX}" for n in range(2, 1000)),
        ]
    for candidate in candidates:
        suite = Suite(file=candidate)
        _apply(suite, parsed, yaml_text)
        try:
            with transaction.atomic():
                suite.save()
        except IntegrityError:
            continue  # taken, perhaps by a concurrent request: try the next name
        return suite
    raise ValidationFailed(
        f"A suite named {candidates[0]} already exists.",
        errors=[{"path": "file", "message": "already exists"}],
    )


def suite_save(*, file: str, yaml_text: str) -> tuple[Suite, bool]:
    """Replace the suite stored under `file`, or create it there; True when created."""
    existing = Suite.objects.filter(file=file).first()
    if existing is None:
        return suite_create(yaml_text=yaml_text, file=file), True
    return suite_update(suite=existing, yaml_text=yaml_text), False


def suite_update(*, suite: Suite, yaml_text: str) -> Suite:
    parsed = suite_validate(yaml_text=yaml_text, file=suite.file)
    _apply(suite, parsed, yaml_text)
    suite.save()
    return suite


def suite_delete(*, suite: Suite) -> None:
    """The suite and, unless another suite file carries the same id, what its steps learnt."""
    with transaction.atomic():
        suite.delete()
        if not Suite.objects.filter(suite_id=suite.suite_id).exists():
            ActionCacheEntry.objects.filter(suite_id=suite.suite_id).delete()


def action_cache_forget(*, entries: QuerySet[ActionCacheEntry]) -> int:
    """Drop learnt actions: the next run resolves those steps again (grammar, then the model)
    and records what it finds. Returns how many entries were dropped."""
    deleted, _ = entries.delete()
    return deleted


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def suite_import_dir(*, directory: Path) -> SyncResult:
    """Create or update a suite per `*.tripwire.yaml` in `directory`: all of them or none."""
    if not directory.is_dir():
        raise ValidationFailed(f"{directory} is not a directory.")
    files = sorted(directory.glob(f"*{SUFFIX}"))
    if not files:
        raise ValidationFailed(f"No *{SUFFIX} files in {directory}.")
    texts: dict[str, str] = {}
    problems: list[dict[str, object]] = []
    parsed: dict[str, ParsedSuite] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            parsed[path.name] = suite_validate(yaml_text=text, file=path.name)
            texts[path.name] = text
        except InvalidYaml as exc:
            problems.extend(
                {"file": path.name, **error} for error in exc.extra["errors"]
            )
    if problems:
        raise InvalidYaml(
            f"{len({p['file'] for p in problems})} file(s) in {directory} are not valid suites; "
            "nothing was imported.",
            errors=problems,
        )
    result = SyncResult()
    with transaction.atomic():
        existing = {
            suite.file: suite for suite in Suite.objects.filter(file__in=list(texts))
        }
        for name, text in texts.items():
            suite = existing.get(name)
            if suite is not None and suite.yaml == text:
                result.unchanged.append(name)
                continue
            if suite is None:
                suite = Suite(file=check_file_name(name))
                result.created.append(name)
            else:
                result.updated.append(name)
            _apply(suite, parsed[name], text)
            suite.save()
    return result


def suite_export_dir(*, directory: Path) -> list[Path]:
    """Write every suite's YAML, verbatim, as `<directory>/<file>`."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for suite in Suite.objects.order_by("file"):
        target = directory / check_file_name(suite.file)
        target.write_text(suite.yaml, encoding="utf-8")
        written.append(target)
    return written
