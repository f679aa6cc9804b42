"""Reference data: the default responsibility matrix."""

from django.db import migrations

from sanji.dispatch.reference import ensure_matrix


def load(apps, schema_editor):
    ensure_matrix(apps.get_model("wishes", "DutyType"), apps.get_model("dispatch", "Responsibility"))


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0001_initial"), ("wishes", "0002_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
