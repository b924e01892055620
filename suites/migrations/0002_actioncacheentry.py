# The action cache moves from runs to suites: only Django's idea of which app owns the model
# changes; the table (runs_actioncacheentry) and its rows stay as they are.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suites", "0001_initial"),
        ("runs", "0003_run_status_cancelling"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ActionCacheEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=64, unique=True)),
                        ("suite_id", models.CharField(db_index=True, max_length=100)),
                        ("case_id", models.CharField(max_length=100)),
                        ("step_id", models.CharField(max_length=100)),
                        ("text", models.TextField()),
                        (
                            "url_path",
                            models.CharField(blank=True, default="", max_length=2000),
                        ),
                        ("action", models.JSONField()),
                        ("tier", models.CharField(blank=True, default="", max_length=16)),
                        ("hits", models.PositiveIntegerField(default=0)),
                        ("heals", models.PositiveIntegerField(default=0)),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name_plural": "action cache entries",
                        "ordering": ("suite_id", "case_id", "step_id"),
                        "db_table": "runs_actioncacheentry",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
