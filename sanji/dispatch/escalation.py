"""The escalation scan: wishes past a deadline move up one level, and that level is told.

``escalate_overdue`` takes the wishes whose ``escalate_at`` has passed (one range of a partial index),
in chunks, each chunk in one transaction:

1. lock the chunk's rows (``FOR UPDATE SKIP LOCKED``: a wish being changed right now is left for the
   next run, and two scans never take the same wish);
2. move them up a level with one ``UPDATE`` per (new level, days to act) group, setting when they
   escalate next (the district level: never);
3. write their ``Escalation`` rows (unique per wish and level, so no wish reaches a level twice), their
   ``WishEvent`` rows, and one digest notice per responsible person of each street or district.

A second run finds nothing to do: every escalated wish's ``escalate_at`` is now in the future or NULL.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from sanji.audit.services import audit_record_bulk
from sanji.core import clock
from sanji.core.models import Area, Role, RoleGrant
from sanji.notices.services import notices_queue
from sanji.wishes.deadlines import DEADLINE_OF_STATE, NEXT_LEVEL, STEP_OF_STATE
from sanji.wishes.models import EscalationLevel, Wish, WishEvent, WishPolicy
from sanji.wishes.rollups import wishes_refresh

from .models import Escalation

#: Who answers for an escalated wish at each level: the roles granted on that street or district.
RESPONSIBLE_ROLES = {
    EscalationLevel.STREET: [Role.STREET_OFFICER],
    EscalationLevel.DISTRICT: [Role.DISTRICT_ADMIN],
}
CHUNK = 5000
log = logging.getLogger("sanji.dispatch")


def escalate_overdue(*, now: dt.datetime | None = None, chunk: int = CHUNK) -> int:
    """Escalate every wish whose escalation moment has passed by one level; return how many moved."""
    now = now or clock.now()
    total = 0
    while True:
        seen, moved = _escalate_chunk(now, chunk)
        total += moved
        if seen < chunk:
            return total


def _days_to_act(community_paths: dict[int, str]) -> dict[int, int]:
    """Return, per community id, the escalation days of the policy nearest up its path."""
    policies = dict(WishPolicy.objects.values_list("area_id", "escalation_days"))
    default = policies.get(None, WishPolicy._meta.get_field("escalation_days").default)
    days = {}
    for community_id, path in community_paths.items():
        ids = [int(part) for part in path.strip("/").split("/")]
        days[community_id] = next((policies[i] for i in reversed(ids) if i in policies), default)
    return days


@transaction.atomic
def _escalate_chunk(now: dt.datetime, chunk: int) -> tuple[int, int]:
    """Escalate one chunk; return how many due rows it took and how many of them it escalated."""
    fields = ["pk", "state", "escalation_level", "community_id", "community__path", *set(DEADLINE_OF_STATE.values())]
    rows = list(
        Wish.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
        .filter(escalate_at__lte=now, escalation_level__in=list(NEXT_LEVEL))
        .order_by("escalate_at", "pk")
        .values(*fields)[:chunk]
    )
    seen = len(rows)
    rows = _drop_inconsistent(rows)
    if not rows:
        return seen, 0
    days = _days_to_act({r["community_id"]: r["community__path"] for r in rows})
    groups = defaultdict(list)
    for row in rows:
        row["to_level"] = NEXT_LEVEL[row["escalation_level"]]
        groups[(row["to_level"], days[row["community_id"]])].append(row["pk"])
    for (to_level, days_to_act), ids in groups.items():
        next_at = None if to_level not in NEXT_LEVEL else now + dt.timedelta(days=days_to_act)
        Wish.objects.filter(pk__in=ids).update(escalation_level=to_level, escalated_at=now, escalate_at=next_at)
    levels = {r["pk"]: [r["escalation_level"], r["to_level"]] for r in rows}  # QuerySet.update sends no signal
    audit_record_bulk(Wish, action="update", instances=[Wish(pk=r["pk"], community_id=r["community_id"]) for r in rows],
                      changes=lambda wish: {"escalation_level": levels[wish.pk]})
    Escalation.objects.bulk_create(
        [
            Escalation(
                wish_id=r["pk"],
                from_level=r["escalation_level"],
                to_level=r["to_level"],
                step=STEP_OF_STATE[r["state"]],
                due_at=r[DEADLINE_OF_STATE[r["state"]]],
                at=now,
            )
            for r in rows
        ]
    )
    WishEvent.objects.bulk_create(
        [
            WishEvent(
                wish_id=r["pk"],
                actor=None,
                at=now,
                action=f"escalate_{r['to_level']}",
                from_state=r["state"],
                to_state=r["state"],
                note=STEP_OF_STATE[r["state"]],
                due=r[DEADLINE_OF_STATE[r["state"]]],
            )
            for r in rows
        ]
    )
    wishes_refresh(r["pk"] for r in rows)
    _tell_responsible(rows, now)
    return seen, len(rows)


def _drop_inconsistent(rows: list[dict]) -> list[dict]:
    """Return the rows that can escalate; clear ``escalate_at`` of any that cannot, so none blocks the queue.

    Every writer keeps ``escalate_at`` consistent with the state; a row that is not (an open wish without its
    deadline, a finished wish still scheduled) is logged and taken out of the scan rather than failing it.
    """
    good = [r for r in rows if r["state"] in DEADLINE_OF_STATE and r[DEADLINE_OF_STATE[r["state"]]] is not None]
    if len(good) < len(rows):
        bad = [r["pk"] for r in rows if r not in good]
        log.error("wishes %s have an escalation time but no deadline in their state; unscheduled", bad)
        Wish.objects.filter(pk__in=bad).update(escalate_at=None)
    return good


def _responsible_people(target: Area, level: str) -> tuple[list, bool]:
    """Return who answers for wishes escalated to ``target`` (its officers, or, for a street that has none, the
    district's administrators, so that an escalation is never told to nobody), and whether it is the latter."""
    grants = RoleGrant.objects.filter(area=target, role__in=RESPONSIBLE_ROLES[level]).select_related("user")
    users = [g.user for g in grants]
    if users or level != EscalationLevel.STREET:
        return users, False
    grants = RoleGrant.objects.filter(area__in=target.ancestor_ids(), area__level="district",
                                      role__in=RESPONSIBLE_ROLES[EscalationLevel.DISTRICT]).select_related("user")
    return [g.user for g in grants], True


def _tell_responsible(rows: list[dict], now: dt.datetime) -> None:
    """Queue one digest notice per person responsible at each street or district that received wishes."""
    community_ids = {r["community_id"] for r in rows}
    communities = {a.pk: a for a in Area.objects.filter(pk__in=community_ids)}
    ancestors = {
        a.pk: a
        for a in Area.objects.filter(
            pk__in={i for c in communities.values() for i in c.ancestor_ids()}, level__in=["street", "district"]
        )
    }
    by_target = defaultdict(list)
    for r in rows:
        community = communities[r["community_id"]]
        target = next(
            (ancestors[i] for i in community.ancestor_ids() if i in ancestors and ancestors[i].level == r["to_level"]),
            None,
        )
        if target is not None:
            by_target[target].append(r | {"community": community.name})
    for target, escalated in by_target.items():
        users, instead_of_street = _responsible_people(target, escalated[0]["to_level"])
        step_due = [(r, r[DEADLINE_OF_STATE[r["state"]]]) for r in escalated]
        notices_queue(
            recipients=users,
            kind="wish_escalated",
            params={
                "area": target.name,
                "instead_of_street": instead_of_street,
                "wishes": [
                    {
                        "id": r["pk"],
                        "community": r["community"],
                        "step": STEP_OF_STATE[r["state"]],
                        "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "",
                    }
                    for r, due in step_due
                ],
            },
            # One digest per chunk: a backlog scanned in several chunks gives several digests, none dropped.
            key=f"escalated:{target.pk}:{now.isoformat()}:{min(r['pk'] for r in escalated)}",
            url=f"/wishes/all/?area={target.pk}&overdue=1",
        )
