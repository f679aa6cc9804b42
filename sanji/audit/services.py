"""The writers of the audit log: a change of a tracked row, and a showing of unmasked personal data.

``audit_record`` is what the receivers call for every save, delete and many-to-many change of a tracked model;
``audit_record_bulk`` is for the few places that write tracked rows with ``bulk_create``, ``bulk_update`` or
``QuerySet.update``, which send no signals; ``disclosure_record`` is called by whatever shows a phone, an
address or an ID number unmasked. Each writes in the caller's transaction, so a change rolled back leaves no row.
"""

import re
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects
from django.utils import timezone

from . import changes as diff
from . import context
from .models import Action, AuditEntry, Disclosure
from .places import area_id_of
from .registry import spec_of

#: A purpose is a short machine code: ``wish_holder_contact``, ``staff_review``, ``admin_edit``.
PURPOSE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def actor_label(user) -> str:
    """Return how the log names ``user``: the display name and the login (``刘文华 (demo-district)``)."""
    if user is None:
        return ""
    shown = getattr(user, "display_name", "") or ""
    username = user.get_username()
    return (f"{shown} ({username})" if shown and shown != username else username)[:160]


def _who(ctx: context.AuditContext, *, deleting=None) -> tuple:
    user = ctx.user()
    label = actor_label(user) if user is not None else ctx.label
    if user is not None and deleting is not None and deleting._meta.label_lower == user._meta.label_lower \
            and deleting.pk == user.pk:
        user = None  # a user deleting his own login: the row keeps the label, not a link to a row that is gone
    return user, label


def _repr(instance) -> str:
    try:
        text = str(instance)
    except ObjectDoesNotExist:  # a __str__ that reads a linked row already deleted
        text = ""
    return text[:200]


def _entry(instance, action: str, changes: dict, *, area_id=None, ctx=None, deleting=None) -> AuditEntry:
    ctx = ctx or context.current()
    user, label = _who(ctx, deleting=deleting)
    return AuditEntry(
        at=timezone.now(), actor=user, actor_label=label, source=ctx.source, action=action,
        model=instance._meta.label_lower, object_id=str(instance.pk), object_repr=_repr(instance),
        changes=changes, area_id=area_id, request_id=ctx.request_id, ip=ctx.ip,
    )


def audit_record(instance, *, action: str, changes: dict, deleting: bool = False) -> AuditEntry:
    """Write one entry for ``instance`` (a tracked row) with ``changes`` as ``sanji.audit.changes`` computes them."""
    spec = spec_of(type(instance))
    area_id = area_id_of(instance, spec.tracked.area if spec else None)
    entry = _entry(instance, action, changes, area_id=area_id, deleting=instance if deleting else None)
    entry.save(force_insert=True)
    return entry


def audit_record_bulk(model, *, action: str, instances: Iterable, fields: Sequence[str] | None = None,
                      changes: dict | Callable | None = None) -> list[AuditEntry]:
    """Write one entry for each row of ``model`` written without signals, in one insert.

    ``create``: the rows as ``bulk_create`` returned them (with their ids); the changes are their values.
    ``update``: the rows as they are now; ``changes`` (one dict for all, or a function of the row) says what
    changed, else ``fields`` are compared with the values the rows were read with.

    Called where tracked rows are written in bulk: the escalation scan (``dispatch.escalation``, wishes' level),
    a batch's placements (``cadres.services.batches``), owners' committee members and terms
    (``property.services.registry`` and ``reelections``). Bulk writes left out on purpose: derived tables (the
    figures' rollups and facts, ``PriorityHouseholds``, wish classes and memberships, a vote's frozen roll,
    proposals), untracked ones (claims, notices, receipts, whistle calls, API tokens' last use), the default
    responsibility matrix loaded at installation (``dispatch.reference``; the data migrations that load the
    other defaults are not recorded either) and the demo builder's one shortcut (``demo.property``).
    """
    spec = spec_of(model)
    if spec is None:
        raise ValueError(f"{model._meta.label} is not tracked by the audit log")
    ctx = context.current()
    areas: dict = {}
    entries = []
    instances = list(instances)
    if action == Action.CREATE:  # their names (``__str__``) may read linked rows: one query per link, not per row
        links = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        prefetch_related_objects(instances, *links)
    for instance in instances:
        if action == Action.CREATE:
            found = diff.on_create(instance, spec)
        elif changes is not None:
            found = changes(instance) if callable(changes) else changes
        else:
            found = diff.on_update(instance, spec, update_fields=fields)
        if not found and action == Action.UPDATE:
            continue
        area_id = _area_cached(instance, spec.tracked.area, areas)
        entries.append(_entry(instance, action, found, area_id=area_id, ctx=ctx))
        instance.__dict__[diff.SNAPSHOT] = diff.snapshot(instance, spec)
    return AuditEntry.objects.bulk_create(entries)


def _area_cached(instance, path, cache: dict):
    """Return the area of ``instance``; rows of one bulk write that share their first link share the query."""
    if not path or not isinstance(path, str) or "__" not in path:
        return area_id_of(instance, path)
    first = path.split("__", 1)[0]
    key = getattr(instance, f"{first}_id", None)
    if key not in cache:
        cache[key] = area_id_of(instance, path)
    return cache[key]


def disclosure_record(*, actor, subject, fields, purpose: str, purpose_ref: str = "") -> Disclosure:
    """Record that ``actor`` was shown the unmasked ``fields`` of ``subject`` (a model instance) for ``purpose``.

    Call it where the data is shown (a page, an API answer, an export), in the same request. ``purpose`` is a
    short code (``wish_holder_contact``); ``purpose_ref`` names the case (``wish:123``). A wrong call (no field,
    a purpose that is not a code, a subject not saved) raises ``ValueError``: it is a programming error, never
    a person's.
    """
    names = sorted({str(f) for f in fields})
    if not names or not all(FIELD_NAME.match(n) for n in names):
        raise ValueError("disclosure_record needs the names of the fields shown")
    if not PURPOSE.match(purpose or ""):
        raise ValueError("the purpose of a disclosure is a short code such as 'staff_review'")
    if subject is None or subject.pk is None:
        raise ValueError("disclosure_record needs a saved subject")
    ctx = context.current()
    user = actor if getattr(actor, "is_authenticated", False) else None
    spec = spec_of(type(subject))
    area_path = spec.tracked.area if spec else _guess_area(subject)
    disclosure = Disclosure(
        at=timezone.now(), actor=user, actor_label=actor_label(user) if user else ctx.label, source=ctx.source,
        subject_model=subject._meta.label_lower, subject_id=str(subject.pk), fields=",".join(names)[:300],
        purpose=purpose, purpose_ref=str(purpose_ref)[:64], area_id=area_id_of(subject, area_path),
        request_id=ctx.request_id, ip=ctx.ip,
    )
    disclosure.save(force_insert=True)
    return disclosure


def _guess_area(subject) -> str | None:
    names = {f.name for f in subject._meta.concrete_fields}
    return next((n for n in ("community", "area") if n in names), None)
