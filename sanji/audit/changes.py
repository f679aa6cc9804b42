"""What changed in a row, as the log keeps it: ``{field: [old, new]}``, personal fields as ``"changed"`` only.

No queries here: the old values come from the snapshot taken when the row was read (``snapshot_on_load``) or
last saved (``snapshot``), the new ones from the instance being saved.
"""

import copy
import datetime as dt
import decimal
import uuid

from django.db.models.fields.files import FieldFile

from .registry import Spec

#: What a personal field's entry says instead of its values.
REDACTED = "changed"
#: Where a tracked instance keeps the values it was read with.
SNAPSHOT = "_audit_snapshot"
#: Longest text kept of one value (a wish's text, a note); the rest is cut with an ellipsis.
MAX_TEXT = 300


def plain(value):
    """Return ``value`` as JSON can hold it (a Decimal or a time as text, a file as its name)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value][:50]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in list(value.items())[:50]}
    return plain(str(value))


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def snapshot(instance, spec: Spec) -> dict:
    """Return the followed values of ``instance`` that are loaded (deferred fields are left out)."""
    loaded = instance.__dict__
    taken = {attname: loaded[attname] for _name, attname, _personal in spec.columns if attname in loaded}
    for attname in spec.mutable:
        if attname in taken:
            taken[attname] = copy.deepcopy(taken[attname])
    return taken


def snapshot_on_load(instance, spec: Spec, field_names, values) -> None:
    """Keep what ``from_db`` read, cheaply: the row's own tuple of values (copied only where a value can be
    changed in place, a JSON list or dict); ``old_values`` unpacks it when the row is saved."""
    copies = {a: copy.deepcopy(instance.__dict__[a]) for a in spec.mutable if a in instance.__dict__}
    instance.__dict__[SNAPSHOT] = (field_names, values, copies)


def old_values(instance) -> dict:
    """Return the values ``instance`` was read with (or last saved with); {} for a row never read."""
    taken = instance.__dict__.get(SNAPSHOT)
    if isinstance(taken, tuple):
        field_names, values, copies = taken
        taken = dict(zip(field_names, values, strict=False))
        taken.update(copies)
        instance.__dict__[SNAPSHOT] = taken
    return taken or {}


def on_create(instance, spec: Spec) -> dict:
    values = instance.__dict__
    changes = {}
    for name, attname, personal in spec.columns:
        value = values.get(attname)
        if not _empty(value):
            changes[name] = REDACTED if personal else [None, plain(value)]
    return changes


def on_update(instance, spec: Spec, update_fields=None) -> dict:
    """Return the changes of ``instance`` since its snapshot; ``update_fields`` limits the comparison.

    A field with no snapshot (the row was not read from the database, or the field was deferred) shows its old
    value as None.
    """
    old = old_values(instance)
    values = instance.__dict__
    changes = {}
    for name, attname, personal in spec.columns:
        if update_fields is not None and name not in update_fields and attname not in update_fields:
            continue
        if attname not in values:
            continue
        new, before = values[attname], old.get(attname)
        if attname in old and before == new:
            continue
        if attname not in old and _empty(new):
            continue
        changes[name] = REDACTED if personal else [plain(before), plain(new)]
    return changes


def on_delete(instance, spec: Spec) -> dict:
    values = instance.__dict__
    changes = {}
    for name, attname, personal in spec.columns:
        value = values.get(attname)
        if not _empty(value):
            changes[name] = REDACTED if personal else [plain(value), None]
    return changes
