"""Signal receivers that write the audit log for every tracked model (``sanji.audit.registry``).

Signals are used here on purpose, and only here. Business logic belongs in services; but the audit log is a
record across every app, of every write whoever makes it (a service, the admin, a command, a fixture), and it
must not depend on each of dozens of services remembering to call it. The receivers decide nothing and change
nothing: they only write a row, in the same transaction as the change they record.

How the old values are known: each tracked model's ``from_db`` is wrapped (``install``) so that a row read from
the database keeps the tuple of values it was read with (no copy but of JSON values, no query; measured at the
cost of loading the row without it, within noise). ``post_save`` compares the saved values with them, writes the
entry when something changed, and keeps the saved values for the next save. ``refresh_from_db`` renews the
values it reloads. A change made without them (a row built in memory and saved with its id) shows the old
values as None.

What signals do not see (``QuerySet.update``, ``bulk_create``, ``bulk_update``, raw SQL) is recorded at the place
of the write with ``audit_record_bulk``; its docstring lists those places and the bulk writes left out.

Receivers are connected per tracked model, never for every sender: a delete receiver on a model turns Django's
fast delete off for it, which untracked tables must keep.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import changes as diff
from .models import Action
from .registry import Spec, load, spec_of
from .services import audit_record

_installed = False


def install() -> None:
    """Connect the receivers and wrap ``from_db`` of every tracked model; safe to call twice."""
    global _installed
    if _installed:
        return
    _installed = True
    for model, spec in load().items():
        _wrap_loading(model, spec)
        post_save.connect(saved, sender=model, dispatch_uid=f"audit-save-{spec.label}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"audit-delete-{spec.label}")
        for name in spec.tracked.m2m:
            through = model._meta.get_field(name).remote_field.through
            m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"audit-m2m-{spec.label}-{name}")


def _wrap_loading(model, spec: Spec) -> None:
    base_from_db = model.from_db.__func__
    base_refresh = model.refresh_from_db

    def from_db(cls, db, field_names, values):
        instance = base_from_db(cls, db, field_names, values)
        diff.snapshot_on_load(instance, spec, field_names, values)
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        base_refresh(self, using=using, fields=fields, from_queryset=from_queryset)
        reread = diff.snapshot(self, spec)
        if fields is not None:  # only these were read again; the others keep what they were read with
            names = set(fields)
            reread = {attname: v for attname, v in reread.items()
                      if attname in names or attname.removesuffix("_id") in names}
        self.__dict__[diff.SNAPSHOT] = {**diff.old_values(self), **reread}

    model.from_db = classmethod(from_db)
    model.refresh_from_db = refresh_from_db


def saved(sender, instance, created, update_fields=None, **kwargs):
    spec = spec_of(sender)
    if created:
        audit_record(instance, action=Action.CREATE, changes=diff.on_create(instance, spec))
    else:
        found = diff.on_update(instance, spec, update_fields=update_fields)
        if found:
            audit_record(instance, action=Action.UPDATE, changes=found)
    instance.__dict__[diff.SNAPSHOT] = diff.snapshot(instance, spec)


def deleted(sender, instance, **kwargs):
    audit_record(instance, action=Action.DELETE, changes=diff.on_delete(instance, spec_of(sender)), deleting=True)


#: Ids removed by ``clear()``, read before the links go (``pre_clear``), keyed by the instance.
_clearing: dict = {}


def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Record links added or removed, always on the side that declares the field (a user's groups, a
    resident's priority groups), whichever side the change was made from."""
    if action == "pre_clear":
        _clearing[(id(instance), sender)] = _linked_ids(sender, instance, reverse, model)
        return
    if action == "post_clear":
        pk_set, verb = _clearing.pop((id(instance), sender), set()), Action.REMOVE
    elif action in ("post_add", "post_remove"):
        verb = Action.ADD if action == "post_add" else Action.REMOVE
    else:
        return
    if not pk_set:
        return
    owner_model, name = _declaring_side(sender, instance, reverse, model)
    if not reverse:
        labels = _labels(model, pk_set)
        audit_record(instance, action=verb, changes={name: sorted(labels.items())})
        return
    for owner in owner_model._base_manager.filter(pk__in=pk_set):
        audit_record(owner, action=verb, changes={name: [(instance.pk, str(instance)[:80])]})


def _declaring_side(sender, instance, reverse, model):
    """Return the model that declares the many-to-many field whose table is ``sender``, and the field's name."""
    owner_model = model if reverse else type(instance)
    for name in spec_of(owner_model).tracked.m2m:
        if owner_model._meta.get_field(name).remote_field.through is sender:
            return owner_model, name
    raise LookupError(f"no tracked many-to-many field uses {sender._meta.label}")


def _linked_ids(sender, instance, reverse, model) -> set:
    """Return the ids on the other side of ``instance``'s links in ``sender`` (read before a ``clear()``)."""
    owner_model, name = _declaring_side(sender, instance, reverse, model)
    field = owner_model._meta.get_field(name)
    mine, theirs = field.m2m_field_name(), field.m2m_reverse_field_name()
    if reverse:
        mine, theirs = theirs, mine
    return set(sender._base_manager.filter(**{f"{mine}_id": instance.pk}).values_list(f"{theirs}_id", flat=True))


def _labels(model, pk_set) -> dict:
    found = {pk: str(obj)[:80] for pk, obj in model._base_manager.in_bulk(list(pk_set)).items()}
    return {pk: found.get(pk, "") for pk in pk_set}

