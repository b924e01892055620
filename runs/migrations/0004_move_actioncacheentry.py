# The action cache now belongs to suites (suites/migrations/0002): forget it here, keep the table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("runs", "0003_run_status_cancelling"),
        ("suites", "0002_actioncacheentry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ActionCacheEntry")],
            database_operations=[],
        ),
    ]
