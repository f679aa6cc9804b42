"""Staff edits of classes: rename, merge, split. Each holds the district's ``Area`` row locked (as a regrouping
does), writes a ``ClassEdit`` with the actor, and leaves data the next regrouping respects (see ``regroup``)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanji.core import clock
from sanji.core.errors import Conflict, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_id
from sanji.core.models import Area
from sanji.wishes.models import NO_LONGER_NEEDED

from ..models import ClassEdit, ClassEditKind, ClassProject, Membership, ProjectState, WishClass
from ..selectors import class_access

MAX_NAME = 60


def class_rename(*, actor, class_id, name: str) -> WishClass:
    """Give the class a name of staff's choosing; an empty name goes back to the key words."""
    name = clean_text(name, field="name", max_length=MAX_NAME)
    with transaction.atomic():
        wish_class = _lock(actor, class_id)
        before = wish_class.title
        wish_class.name = name
        wish_class.save(update_fields=["name"])
        _log(wish_class, ClassEditKind.RENAME, actor, f"{before} → {wish_class.title}")
    return wish_class


def class_merge(*, actor, class_id, into_id) -> WishClass:
    """Fold the class into another of the same district: its wishes move there, pinned; it stays as an alias."""
    with transaction.atomic():
        source = _lock(actor, class_id)
        try:
            target = class_access(actor, into_id, manage=True)
        except NotFound:
            target = None
        if target is None or target.district_id != source.district_id or target.merged_into_id is not None:
            raise InvalidInput(_("Choose the class to merge into."), field="into")
        if target.pk == source.pk:
            raise InvalidInput(_("A class cannot be merged into itself."), field="into")
        if ClassProject.objects.filter(wish_class=source, state=ProjectState.OPEN).exists():
            raise Conflict(_("This class has a project under way; close the project before merging the class."))
        moved = Membership.objects.filter(wish_class=source).update(
            wish_class=target, pinned=True, placed_at=clock.now()
        )
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        WishClass.objects.filter(merged_into=source).update(merged_into=target)
        _log(source, ClassEditKind.MERGE, actor, _("Merged into “%(name)s”.") % {"name": target.title})
        _log(
            target,
            ClassEditKind.MERGE,
            actor,
            ngettext("“%(name)s” merged in with %(count)s wish.", "“%(name)s” merged in with %(count)s wishes.", moved)
            % {"name": source.title, "count": moved},
        )
    return target


def class_split(*, actor, class_id, wish_ids, name: str) -> WishClass:
    """Move the chosen wishes of a class into a new class named ``name``; they are pinned there."""
    name = clean_text(name, field="name", max_length=MAX_NAME, required=True, message=_("Name the new class."))
    chosen = {parse_id(w) for w in wish_ids or ()} - {None}
    with transaction.atomic():
        source = _lock(actor, class_id)
        members = set(
            Membership.objects.filter(wish_class=source)
            .exclude(wish__state__in=NO_LONGER_NEEDED)
            .values_list("wish_id", flat=True)
        )
        if not chosen or not chosen <= members:
            raise InvalidInput(_("Choose wishes of this class to split off."), field="wishes")
        if chosen == members:
            raise InvalidInput(_("Leave at least one wish in the class; to rename it, use Rename."), field="wishes")
        now = clock.now()
        new = WishClass.objects.create(district=source.district, name=name, label=source.label, created_at=now)
        Membership.objects.filter(wish_id__in=chosen).update(wish_class=new, pinned=True, placed_at=now)
        _log(
            source,
            ClassEditKind.SPLIT,
            actor,
            ngettext(
                "%(count)s wish split off into “%(name)s”.", "%(count)s wishes split off into “%(name)s”.", len(chosen)
            )
            % {"count": len(chosen), "name": name},
        )
        _log(new, ClassEditKind.SPLIT, actor, _("Split off from “%(name)s”.") % {"name": source.title})
    return new


def _lock(actor, class_id) -> WishClass:
    """Return the class ``actor`` may manage, with its district locked; ``NotFound`` otherwise (merged too)."""
    wish_class = class_access(actor, class_id, manage=True)
    Area.objects.select_for_update().get(pk=wish_class.district_id)
    wish_class.refresh_from_db()
    if wish_class.merged_into_id is not None:
        raise NotFound()
    return wish_class


def _log(wish_class: WishClass, kind: str, actor, note: str) -> None:
    ClassEdit.objects.create(wish_class=wish_class, kind=kind, actor=actor, note=note[:300], at=clock.now())
