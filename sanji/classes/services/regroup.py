"""Regroup a district's wishes into classes, keeping what staff decided.

The grouping runs outside any transaction (it can take a minute on a large district); its result is then applied
in one transaction that holds the district's ``Area`` row locked, the same lock every staff edit of a class takes,
so an edit made meanwhile is read afresh and respected:

- a wish staff placed by hand (``pinned``) stays where it is;
- each new group keeps the identity (and so the name, projects and history) of the existing class most of its wishes
  were in, following merges; one class answers one group, the largest overlaps first;
- a group left without a class goes to the class most of its pinned wishes are in, even one that already answers
  another group: staff put those wishes together (by a merge), so the grouping does not take them apart again;
- a group with no such class becomes a new class if it has at least ``MIN_CLASS_SIZE`` wishes and some key words;
- a wish that is no longer a need (rejected, withdrawn, merged) leaves its class, pinned or not;
- a machine-made class left with no wishes, no name and no project is deleted.
"""

from collections import Counter
from dataclasses import dataclass

import rules
from django.db import transaction

from sanji.classes.grouping import group
from sanji.core import clock
from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.models import Area
from sanji.wishes.models import NO_LONGER_NEEDED, Wish

from ..models import ClassEdit, ClassEditKind, Membership, WishClass

MIN_CLASS_SIZE = 2


@dataclass(frozen=True)
class RegroupReport:
    wishes: int
    classes: int
    created: int
    deleted: int
    moved: int


def classes_regroup(*, district: Area, workers: int = 1) -> RegroupReport:
    """Group the district's wishes again and apply the result; return what changed."""
    rows = list(
        Wish.objects.filter(community__path__startswith=district.path)
        .exclude(state__in=NO_LONGER_NEEDED)
        .order_by("pk")
        .values_list("pk", "text")
    )
    assignments = group([text for _, text in rows], workers=workers)
    groups: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for (wish_id, _), found in zip(rows, assignments, strict=True):
        groups.setdefault(found.key, []).append(wish_id)
        labels[found.key] = found.label
    with transaction.atomic():
        Area.objects.select_for_update().get(pk=district.pk)
        return _apply(district, groups, labels, len(rows))


def regroup_requested(*, actor, district_id) -> RegroupReport | None:
    """Regroup a district ``actor`` manages: queued when a task queue is configured (None), else run now."""
    from django.conf import settings

    district = (
        Area.objects.filter(pk=parse_id(district_id), level="district").first() if parse_id(district_id) else None
    )
    if district is None or not rules.has_perm("classes.manage_classes", actor, district):
        raise NotFound()
    if not settings.CELERY_BROKER_URL:
        return classes_regroup(district=district)
    from sanji.celery import app  # noqa: F401  (configures the broker the task is sent through)

    from ..tasks import regroup_district

    transaction.on_commit(lambda: regroup_district.delay(district.pk))
    return None


def _apply(district: Area, groups: dict[str, list[int]], labels: dict[str, str], total: int) -> RegroupReport:
    now = clock.now()
    classes = {c.pk: c for c in WishClass.objects.filter(district=district)}
    final = {pk: _final(classes, pk) for pk in classes}
    members = {m.wish_id: m for m in Membership.objects.filter(wish_class__district=district)}
    class_of_group, by_pins = _match(groups, members, final)
    created = 0
    renamed = set()
    for key, wish_ids in sorted(groups.items()):
        if key in class_of_group:
            if key not in by_pins:  # the class's key words follow the group its own wishes formed
                wish_class = classes[class_of_group[key]]
                wish_class.key, wish_class.label, wish_class.regrouped_at = key, labels[key][:120], now
                renamed.add(wish_class.pk)
        elif len(wish_ids) >= MIN_CLASS_SIZE and labels[key]:  # wishes with no words to go by form no class
            wish_class = WishClass.objects.create(
                district=district, key=key, label=labels[key][:120], created_at=now, regrouped_at=now
            )
            ClassEdit.objects.create(wish_class=wish_class, kind=ClassEditKind.CREATE, at=now)
            classes[wish_class.pk] = wish_class
            class_of_group[key] = wish_class.pk
            created += 1
    WishClass.objects.bulk_update([classes[pk] for pk in renamed], ["key", "label", "regrouped_at"], batch_size=1000)
    moved = _place(groups, class_of_group, members, now)
    deleted = _drop_empty(district)
    return RegroupReport(
        total, WishClass.objects.filter(district=district, merged_into=None).count(), created, deleted, moved
    )


def _final(classes: dict[int, WishClass], pk: int) -> int:
    seen = set()
    while classes[pk].merged_into_id is not None and pk not in seen:
        seen.add(pk)
        pk = classes[pk].merged_into_id
    return pk


def _match(groups, members, final) -> tuple[dict[str, int], set[str]]:
    """Pair groups with existing classes; return the pairing and the groups paired through pinned wishes only.

    First one to one, by how many of the group's unpinned wishes each class holds, largest overlaps first: the
    grouping's own past decisions. Then a group still unpaired goes to the class most of its pinned wishes are in,
    even one already paired: staff decided those wishes belong there.
    """
    overlaps = []
    for key, wish_ids in groups.items():
        votes = Counter(final[members[w].wish_class_id] for w in wish_ids if w in members and not members[w].pinned)
        overlaps.extend((count, key, pk) for pk, count in votes.items())
    overlaps.sort(key=lambda item: (-item[0], item[1], item[2]))
    matched: dict[str, int] = {}
    taken: set[int] = set()
    for _count, key, pk in overlaps:
        if key not in matched and pk not in taken:
            matched[key] = pk
            taken.add(pk)
    by_pins = set()
    for key, wish_ids in groups.items():
        pinned = Counter(final[members[w].wish_class_id] for w in wish_ids if w in members and members[w].pinned)
        if key not in matched and pinned:
            matched[key] = min(pinned.items(), key=lambda item: (-item[1], item[0]))[0]
            by_pins.add(key)
    return matched, by_pins


def _place(groups, class_of_group, members, now) -> int:
    """Move every wish not pinned to its group's class; take unpinned wishes out of classes they left."""
    to_update, to_create, placed = [], [], set()
    for key, wish_ids in groups.items():
        target = class_of_group.get(key)
        for wish_id in wish_ids:
            membership = members.get(wish_id)
            if membership is not None and membership.pinned:
                placed.add(wish_id)
                continue
            if target is None:
                continue
            placed.add(wish_id)
            if membership is None:
                to_create.append(Membership(wish_id=wish_id, wish_class_id=target, placed_at=now))
            elif membership.wish_class_id != target:
                membership.wish_class_id, membership.placed_at = target, now
                to_update.append(membership)
    Membership.objects.bulk_create(to_create, batch_size=2000)
    Membership.objects.bulk_update(to_update, ["wish_class", "placed_at"], batch_size=2000)
    grouped = {wish_id for wish_ids in groups.values() for wish_id in wish_ids}
    gone = [w for w, m in members.items() if w not in placed and (not m.pinned or w not in grouped)]
    for start in range(0, len(gone), 2000):
        Membership.objects.filter(wish_id__in=gone[start : start + 2000]).delete()
    return len(to_create) + len(to_update)


def _drop_empty(district: Area) -> int:
    empty = list(
        WishClass.objects.filter(
            district=district, name="", memberships=None, projects=None, merged_classes=None, merged_into=None
        ).values_list("pk", flat=True)
    )
    WishClass.objects.filter(pk__in=empty).delete()
    return len(empty)
