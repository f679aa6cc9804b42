"""The micro-wish measures of domain.md §5, read from the monthly rollups (never from the history).

A ``Slice`` is what a dashboard asks about: an area (its subtree), a period of months, and optionally a
category (a duty category or type) and a priority group. ``wish_figures`` reads the rollups of the slice
in a few grouped queries plus one over the undecided deadlines, and answers every wish measure of the
dashboard from them (a few grouped sums over a year's rows, never the history):

- **Response rate (响应率)**: of the wishes whose response deadline (first claim deadline) fell in the
  period and has passed, the share claimed by it. A wish withdrawn before its deadline leaves the count.
- **Resolution rate (解决率)**: of the wishes whose resolution deadline (the fulfilment date first promised)
  fell in the period and has passed, the share whose standing fulfilment came by it.
- **Satisfaction rate (满意率)**: of the wishes rated in the period, the share rated satisfied or basically
  satisfied.
- **Median days to fulfilment**: over the fulfilments in the period, the median of whole local days from
  publication to fulfilment.

"Has passed" is settled now, at query time: the rollups count an undecided deadline in its month, and
the few undecided ones still in the future (``WishFact``) are taken back out here. The exact rules for
each deadline are in ``sanji.wishes.facts``.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from sanji.core import clock
from sanji.core.models import Area, AreaLevel
from sanji.wishes.facts import COUNTERS
from sanji.wishes.models import ALL_GROUPS, WishFact, WishFulfilDays, WishMonth

from ..period import Period, month_of
from ..rates import Rate, median_of_counts


@dataclass(frozen=True)
class Slice:
    area: Area
    period: Period
    duty_types: tuple[int, ...] | None = None  # None: every category
    group: str = ALL_GROUPS

    def communities(self) -> dict[int, Area]:
        """Return the communities in the area's subtree, by id (the rollups' finest level)."""
        rows = Area.objects.filter(path__startswith=self.area.path, level=AreaLevel.COMMUNITY)
        return {a.pk: a for a in rows}

    def rollup_filter(self, community_ids) -> Q:
        q = Q(month__gte=self.period.first, month__lte=self.period.last, community_id__in=community_ids)
        if self.duty_types is not None:
            q &= Q(duty_type__in=self.duty_types)
        return q


@dataclass
class Counters:
    """The rollup counters of one cell (a month, an area, a category ...), with its undecided deadlines."""

    values: dict = field(default_factory=lambda: defaultdict(int))
    response_waiting: int = 0  # response deadlines in the cell still in the future and undecided
    resolution_waiting: int = 0

    def add(self, row: dict) -> None:
        for name in COUNTERS:
            self.values[name] += row.get(name) or 0

    def __getitem__(self, name: str) -> int:
        return self.values[name]

    @property
    def response(self) -> Rate:
        return Rate(self["response_met"], self["response_due"] - self.response_waiting)

    @property
    def resolution(self) -> Rate:
        return Rate(self["resolution_met"], self["resolution_due"] - self.resolution_waiting)

    @property
    def satisfaction(self) -> Rate:
        return Rate(self["satisfied"], self["rated"])



@dataclass
class WishFigures:
    """Every wish measure of one slice, by month, by child area and by category."""

    slice: Slice
    total: Counters
    by_month: dict[dt.date, Counters]
    by_child: dict[int, Counters]  # child area id (a community for a street, a street for the district)
    by_type: dict[int, Counters]  # duty type id, 0 for none
    fulfil_days: dict[int, int]
    fulfil_days_by_child: dict[int, dict[int, int]]

    @property
    def median_days(self) -> Decimal | None:
        return median_of_counts(self.fulfil_days)

    def child_median_days(self, child_id: int) -> Decimal | None:
        return median_of_counts(self.fulfil_days_by_child.get(child_id, {}))


def child_of(area: Area, community: Area) -> int:
    """Return the id of ``area``'s child on the way down to ``community`` (the community itself at the end)."""
    below = community.ancestor_ids()
    depth = len(area.ancestor_ids())
    return below[depth] if len(below) > depth else community.pk


def _waiting(slice_: Slice, community_ids, now: dt.datetime):
    """Yield (kind, month, community, duty type) of each undecided deadline of the slice still ahead."""
    start, end = max(slice_.period.start, now), slice_.period.end
    if start >= end:
        return
    for kind in ("response", "resolution"):
        column = f"{kind}_pending"
        rows = WishFact.objects.filter(
            **{f"{column}__gt": now, f"{column}__gte": slice_.period.start, f"{column}__lt": end},
            community_id__in=community_ids,
        )
        if slice_.duty_types is not None:
            rows = rows.filter(duty_type__in=slice_.duty_types)
        if slice_.group != ALL_GROUPS:
            rows = rows.filter(groups__contains=f",{slice_.group},")
        for community_id, duty_type, due in rows.values_list("community_id", "duty_type", column):
            yield kind, month_of(due), community_id, duty_type


def wish_figures(slice_: Slice, *, now: dt.datetime | None = None) -> WishFigures:
    """Return the wish measures of ``slice_`` (see the module docstring for their definitions)."""
    now = now or clock.now()
    communities = slice_.communities()
    ids = list(communities)
    child = {pk: child_of(slice_.area, community) for pk, community in communities.items()}
    sums = {name: Sum(name) for name in COUNTERS}
    cells = WishMonth.objects.filter(slice_.rollup_filter(ids), group=slice_.group)
    # Three small grouped sums rather than one fine one: the database adds the rows, Python only files them.
    total, by_month = Counters(), defaultdict(Counters)
    by_child, by_type = defaultdict(Counters), defaultdict(Counters)
    for row in cells.values("month").annotate(**sums).order_by():
        by_month[row["month"]].add(row)
        total.add(row)
    for row in cells.values("community_id").annotate(**sums).order_by():
        by_child[child[row["community_id"]]].add(row)
    for row in cells.values("duty_type").annotate(**sums).order_by():
        by_type[row["duty_type"]].add(row)
    for kind, month, community_id, duty_type in _waiting(slice_, ids, now):
        for cell in (total, by_month[month], by_child[child[community_id]], by_type[duty_type]):
            setattr(cell, f"{kind}_waiting", getattr(cell, f"{kind}_waiting") + 1)
    days, days_by_child = defaultdict(int), defaultdict(lambda: defaultdict(int))
    day_rows = (
        WishFulfilDays.objects.filter(slice_.rollup_filter(ids), group=slice_.group)
        .values("community_id", "days").annotate(n=Sum("wishes")).order_by()
    )
    for row in day_rows:
        days[row["days"]] += row["n"]
        days_by_child[child[row["community_id"]]][row["days"]] += row["n"]
    return WishFigures(slice_, total, dict(by_month), dict(by_child), dict(by_type), dict(days),
                       {k: dict(v) for k, v in days_by_child.items()})


def wish_figures_by_group(slice_: Slice, *, now: dt.datetime | None = None) -> dict[str, Counters]:
    """Return the measures of the slice for each priority group (a wish of several groups counts in each)."""
    now = now or clock.now()
    ids = list(slice_.communities())
    sums = {name: Sum(name) for name in COUNTERS}
    out = defaultdict(Counters)
    rows = (
        WishMonth.objects.filter(slice_.rollup_filter(ids)).exclude(group=ALL_GROUPS)
        .values("group").annotate(**sums).order_by()
    )
    for row in rows:
        out[row["group"]].add(row)
    for group in list(out):
        group_slice = Slice(slice_.area, slice_.period, slice_.duty_types, group)
        for kind, _month, _community, _type in _waiting(group_slice, ids, now):
            setattr(out[group], f"{kind}_waiting", getattr(out[group], f"{kind}_waiting") + 1)
    return dict(out)
