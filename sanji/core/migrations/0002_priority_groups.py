"""Reference data: the priority groups of domain.md §1 (editable afterwards)."""

from django.db import migrations

from sanji.core.reference import ensure_priority_groups


def load(apps, schema_editor):
    ensure_priority_groups(apps.get_model("core", "PriorityGroup"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
