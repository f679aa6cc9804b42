"""Shortcuts for the audit tests: the entries of one row, and every audit row as one text to search."""

import json

from sanji.audit.models import AuditEntry, Disclosure


def entries_of(obj, action: str | None = None):
    rows = AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("pk")
    return list(rows.filter(action=action) if action else rows)


def last_entry(obj, action: str | None = None) -> AuditEntry:
    found = entries_of(obj, action)
    assert found, f"no audit entry for {obj._meta.label_lower} {obj.pk}"
    return found[-1]


def everything_logged() -> str:
    """Return every column of every audit and disclosure row as one text."""
    rows = list(AuditEntry.objects.values()) + list(Disclosure.objects.values())
    return json.dumps(rows, ensure_ascii=False, default=str)
