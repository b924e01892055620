"""Export a stored suite to Playwright, with the locators its action cache learnt (SPEC §10).

The compiler itself is the engine's (`engine.compile_suite`); this module reads the rows it needs.
"""

from __future__ import annotations

from datetime import datetime

from engine import CachedAction, CacheLookup, ExportedSpec, compile_suite, lookup_from
from suites import selectors as suite_selectors
from suites.models import ActionCacheEntry
from suites.services import suite_validate


def cache_lookup_for(*, suite_id: str) -> CacheLookup:
    """The action cache of one suite. The key's URL path is not known before a run, so the
    newest entry of each step wins (a step that ran from several pages keeps several)."""
    rows = (
        ActionCacheEntry.objects.filter(suite_id=suite_id)
        .order_by("-updated", "-id")
        .values_list("case_id", "step_id", "text", "action")
    )
    entries: list[tuple[str, str, str, CachedAction]] = []
    for case_id, step_id, text, data in rows:
        try:
            action = CachedAction.from_dict(data)
        except (KeyError, TypeError, ValueError):
            continue  # an entry this version cannot read is as good as none
        entries.append((case_id, step_id, text, action))
    return lookup_from(entries)


def suite_export(
    *, name: str, use_cache: bool = True, generated_at: datetime | None = None
) -> ExportedSpec:
    """Export the stored suite `name` (file name, or suite id when unambiguous)."""
    row = suite_selectors.suite_get(name=name)
    suite = suite_validate(yaml_text=row.yaml, file=row.file).suite
    cache = cache_lookup_for(suite_id=suite.id) if use_cache else None
    return compile_suite(
        suite, cache=cache, generated_at=generated_at, source_file=row.file
    )
