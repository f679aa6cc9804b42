"""Reference data every installation starts with. Loaded by a data migration, and again (idempotently)
by the demo builder, since tests that truncate tables also empty these."""

PRIORITY_GROUPS = [
    ("elderly", "老年人"),
    ("child", "儿童"),
    ("low_income", "低保户"),
    ("disabled", "残疾人"),
    ("empty_nest", "空巢老人"),
]


def ensure_priority_groups(PriorityGroup) -> None:
    """Create the missing priority groups; ``PriorityGroup`` may be a migration's historical model."""
    for code, name in PRIORITY_GROUPS:
        PriorityGroup.objects.get_or_create(code=code, defaults={"name": name})
