from django.db import migrations


def create_row(apps, schema_editor):
    apps.get_model("core", "InstanceSettings").objects.get_or_create(singleton=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
