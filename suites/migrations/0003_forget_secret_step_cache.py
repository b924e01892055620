# Cache entries of `secret: true` steps written before the cache stored placeholders may hold a
# literal secret in their text and action: drop them (the next run re-resolves those steps and
# stores the placeholder form). Entries of suites that no longer exist go too.

from typing import Any

from django.db import migrations


def forget(apps: Any, schema_editor: Any) -> None:
    # The real parser gives the exact step ids (explicit or assigned) and secret flags; a suite
    # it cannot read any more is treated as gone.
    from suites.schema import SuiteInvalid, parse_suite

    Suite = apps.get_model("suites", "Suite")
    Entry = apps.get_model("suites", "ActionCacheEntry")
    secret_steps: set[tuple[str, str, str]] = set()
    live_ids: set[str] = set()
    for suite in Suite.objects.all():
        try:
            spec = parse_suite(suite.yaml, file=suite.file).suite
        except (SuiteInvalid, ValueError):
            continue
        live_ids.add(spec.id)
        for case in spec.cases:
            for step in case.steps:
                if step.secret:
                    secret_steps.add((spec.id, case.id, step.id))
    doomed = [
        entry.pk
        for entry in Entry.objects.only("pk", "suite_id", "case_id", "step_id")
        if entry.suite_id not in live_ids
        or (entry.suite_id, entry.case_id, entry.step_id) in secret_steps
    ]
    Entry.objects.filter(pk__in=doomed).delete()


class Migration(migrations.Migration):
    dependencies = [("suites", "0002_actioncacheentry")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
