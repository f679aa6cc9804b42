"""Reference data: the priority groups of domain.md §1 (editable afterwards)."""

from django.db import migrations

GROUPS = [
    ("elderly", "老年人"),
    ("child", "儿童"),
    ("low_income", "低保户"),
    ("disabled", "残疾人"),
    ("empty_nest", "空巢老人"),
]


def load(apps, schema_editor):
    PriorityGroup = apps.get_model("core", "PriorityGroup")
    for code, name in GROUPS:
        PriorityGroup.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
