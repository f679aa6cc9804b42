"""Figures about now rather than a month: open and overdue wishes, households reached, members serving.

Open wishes are a small part of the history (a wish is open for days, the history runs for years), so
these read the wishes themselves through the ``(state, community)`` index; coverage reads the
``ServedMonth`` rollup and the register of priority-group households.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from sanji.core import clock
from sanji.core.models import ANY_GROUP, PartyMember, PriorityHouseholds, Resident
from sanji.wishes.deadlines import DEADLINE_OF_STATE, current_deadline_expression
from sanji.wishes.models import ALL_GROUPS, ServedMonth, Wish, WishMonth

from ..rates import Rate
from .wishes import Slice, child_of

OPEN_STATES = tuple(DEADLINE_OF_STATE)


def _open_wishes(slice_: Slice, community_ids):
    rows = Wish.objects.filter(state__in=OPEN_STATES, community_id__in=community_ids)
    if slice_.duty_types is not None:
        chosen = Q(duty_type_id__in=[t for t in slice_.duty_types if t])
        if 0 in slice_.duty_types:
            chosen |= Q(duty_type__isnull=True)
        rows = rows.filter(chosen)
    if slice_.group != ALL_GROUPS:
        rows = rows.filter(beneficiary_groups__contains=f",{slice_.group},")
    return rows


@dataclass(frozen=True)
class OpenCount:
    open: int
    overdue: int


def open_by_child(slice_: Slice, *, now: dt.datetime | None = None) -> dict[int, OpenCount]:
    """Return, per child area, the wishes open now and those of them past the deadline of their step.

    Open: submitted, published, dispatched, claimed, in progress or fulfilled (awaiting confirmation).
    Overdue: open, and the deadline of the current step (review, claim, fulfilment, follow-up) has passed.
    The period does not apply: this is the state of things now.
    """
    now = now or clock.now()
    communities = slice_.communities()
    rows = (
        _open_wishes(slice_, list(communities)).annotate(deadline=current_deadline_expression())
        .values("community_id").annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=now)))
        .order_by()
    )
    out = defaultdict(lambda: [0, 0])
    for row in rows:
        cell = out[child_of(slice_.area, communities[row["community_id"]])]
        cell[0] += row["open"]
        cell[1] += row["overdue"]
    return {k: OpenCount(*v) for k, v in out.items()}


def overdue_wishes(slice_: Slice, *, now: dt.datetime | None = None, limit: int = 50) -> list[Wish]:
    """Return the open wishes past their step's deadline, longest overdue first (at most ``limit``)."""
    now = now or clock.now()
    return list(
        _open_wishes(slice_, list(slice_.communities())).annotate(deadline=current_deadline_expression())
        .filter(deadline__lt=now).select_related("community", "duty_type").order_by("deadline", "pk")[:limit]
    )


def household_coverage(slice_: Slice) -> Rate:
    """Return the share of priority-group households that had a wish fulfilled in the period.

    Denominator: households in the area that are in a priority group on the register now (in the slice's
    group, when one is chosen), as ``PriorityHouseholds`` counts them. Numerator: households with a wish
    fulfilled (and still standing) in a month of the period that was made while they were in a priority
    group (in the chosen group, if any, and in it now). A resident record stands for a household. The
    category filter does not apply: a household is reached whatever it asked for.
    """
    ids = list(slice_.communities())
    served = ServedMonth.objects.filter(
        month__gte=slice_.period.first, month__lte=slice_.period.last, community_id__in=ids, wishes__gt=0,
    )
    if slice_.group != ALL_GROUPS:
        in_group = Resident.priority_groups.through.objects.filter(prioritygroup__code=slice_.group)
        served = served.filter(resident_id__in=in_group.values("resident_id"))
    reached = served.aggregate(n=Count("resident_id", distinct=True))["n"]
    households = PriorityHouseholds.objects.filter(
        community_id__in=ids, group=ANY_GROUP if slice_.group == ALL_GROUPS else slice_.group,
    ).aggregate(n=Sum("households"))["n"]
    return Rate(reached, households or 0)


@dataclass(frozen=True)
class MemberService:
    members: int
    wishes: int
    hours: Decimal

    @property
    def wishes_per_member(self) -> Rate:
        return Rate(self.wishes, self.members)


def member_service(slice_: Slice) -> MemberService:
    """Return the party members reported to the area's communities now, the wishes they fulfilled in the
    period (standing fulfilments by a party-member claimer) and the hours recorded on those wishes."""
    ids = list(slice_.communities())
    sums = WishMonth.objects.filter(slice_.rollup_filter(ids), group=slice_.group).aggregate(
        wishes=Sum("member_fulfilled"), tenths=Sum("member_tenth_hours")
    )
    members = PartyMember.objects.filter(reported_community_id__in=ids).count()
    return MemberService(members, sums["wishes"] or 0, Decimal(sums["tenths"] or 0) / 10)
