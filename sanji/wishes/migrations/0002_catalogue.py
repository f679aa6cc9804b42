"""Reference data: the default duty catalogue and the district-wide wish policy."""

from django.db import migrations

from sanji.wishes.reference import ensure_catalogue


def load(apps, schema_editor):
    ensure_catalogue(*(apps.get_model("wishes", name) for name in ("DutyCategory", "DutyType", "WishPolicy")))


class Migration(migrations.Migration):
    dependencies = [("wishes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
