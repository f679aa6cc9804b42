"""Reads of classes and projects, always within the viewer's staff scope.

A class spans its district, but what a viewer sees of it is counted over the wishes in the viewer's own scope
(and in the chosen area): a community secretary sees her community's share of a district-wide class.
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

import rules
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sanji.core import clock, scope
from sanji.core.errors import Forbidden, NotFound
from sanji.core.inputs import parse_id
from sanji.core.models import Area, Claimer
from sanji.wishes.models import NO_LONGER_NEEDED
from sanji.wishes.selectors import OPEN_STATES, overdue_q

from .models import ClassProject, Membership, ProjectState, WishClass

#: The 每月一题 shortlist: each part is a share from 0 to 1; the score is their weighted sum.
SHORTLIST_WEIGHTS = {
    "size": Fraction(2, 5),
    "growth": Fraction(1, 5),
    "priority": Fraction(1, 5),
    "overdue": Fraction(1, 5),
}
SHORTLIST_LENGTH = 10
FIRST_YEAR, LAST_YEAR = 2000, 2200


@dataclass
class ClassRow:
    """One class as a viewer sees it for one month."""

    wish_class: WishClass
    total: int
    this_month: int
    last_month: int
    priority: int
    open: int
    overdue: int
    project: ClassProject | None = None
    priority_groups: list[str] = field(default_factory=list)
    parts: dict[str, Fraction] = field(default_factory=dict)
    score: Fraction = Fraction(0)

    @property
    def growth(self) -> int:
        return self.this_month - self.last_month

    @property
    def priority_share(self) -> Fraction:
        return Fraction(self.priority, self.total) if self.total else Fraction(0)

    @property
    def overdue_share(self) -> Fraction:
        return Fraction(self.overdue, self.open) if self.open else Fraction(0)


def month_bounds(month: str | None) -> tuple[dt.datetime, dt.datetime, dt.datetime, str]:
    """Return (start of the month before, start, end) of ``month`` ("YYYY-MM", local time) and its name.

    An empty or malformed month means the current one.
    """
    today = timezone.localtime(clock.now()).date()
    try:
        year, number = (int(part) for part in (month or "").split("-"))
        first = dt.date(year, number, 1)
    except ValueError:
        first = today.replace(day=1)
    if not FIRST_YEAR <= first.year <= LAST_YEAR:  # far months overflow the date arithmetic below
        first = today.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()

    def local(day):
        return dt.datetime.combine(day, dt.time.min, tzinfo=zone)

    return local(previous), local(first), local(following), first.strftime("%Y-%m")


def memberships_in_scope(user, area: Area | None = None) -> QuerySet:
    """Return the class memberships of the wishes in ``user``'s staff scope (and under ``area``)."""
    memberships = Membership.objects.filter(scope.staff_q(user, "wish__community", "wish__grid"))
    if area is not None:
        memberships = memberships.filter(scope.area_q([area], "wish__community"))
    return memberships.exclude(wish__state__in=NO_LONGER_NEEDED)


def class_table(user, *, area: Area | None = None, month: str | None = None) -> list[ClassRow]:
    """Return the classes with wishes in the viewer's scope, largest this month first."""
    previous, start, end, _name = month_bounds(month)
    now = clock.now()
    rows = (
        memberships_in_scope(user, area)
        .filter(wish__created_at__lt=end)
        .values("wish_class")
        .annotate(
            total=Count("wish", distinct=True),
            this_month=Count("wish", filter=Q(wish__created_at__gte=start), distinct=True),
            last_month=Count(
                "wish", filter=Q(wish__created_at__gte=previous, wish__created_at__lt=start), distinct=True
            ),
            priority=Count("wish", filter=Q(wish__beneficiary__priority_groups__isnull=False), distinct=True),
            open=Count("wish", filter=Q(wish__state__in=OPEN_STATES), distinct=True),
            overdue=Count("wish", filter=_prefixed(overdue_q(now)), distinct=True),
        )
        .order_by()
    )
    counts = {row.pop("wish_class"): row for row in rows}
    classes = WishClass.objects.in_bulk(list(counts))
    projects = {
        p.wish_class_id: p for p in ClassProject.objects.filter(wish_class__in=classes, state=ProjectState.OPEN)
    }
    table = [ClassRow(classes[pk], **values, project=projects.get(pk)) for pk, values in counts.items()]
    _add_priority_groups(user, area, table)
    table.sort(key=lambda row: (-row.this_month, -row.total, row.wish_class.pk))
    return table


def shortlist(user, *, area: Area | None = None, month: str | None = None) -> list[ClassRow]:
    """Return the classes that most need a project this month (每月一题), best first, with their score parts.

    Classes with a project under way, or with no wish this month, are left out. Parts: this month's size against the
    largest class's, growth on last month (capped at doubling), the share of wishes from priority groups, and the
    share of open wishes that are overdue.
    """
    rows = [row for row in class_table(user, area=area, month=month) if row.project is None and row.this_month]
    largest = max((row.this_month for row in rows), default=1)
    for row in rows:
        growth = Fraction(max(row.growth, 0), max(row.last_month, 1))
        row.parts = {
            "size": Fraction(row.this_month, largest),
            "growth": min(growth, Fraction(1)),
            "priority": row.priority_share,
            "overdue": row.overdue_share,
        }
        row.score = sum((SHORTLIST_WEIGHTS[k] * v for k, v in row.parts.items()), Fraction(0))
    rows.sort(key=lambda row: (-row.score, -row.this_month, row.wish_class.pk))
    return rows[:SHORTLIST_LENGTH]


def class_access(user, class_id, *, manage: bool = False) -> WishClass:
    """Return the class if ``user`` may see it (``manage``: change it); ``NotFound`` for missing and unseen alike."""
    pk = parse_id(class_id)
    wish_class = WishClass.objects.select_related("district", "merged_into").filter(pk=pk).first() if pk else None
    if wish_class is None or not _sees_district(user, wish_class.district):
        raise NotFound()
    if manage and not rules.has_perm("classes.manage_classes", user, wish_class.district):
        raise Forbidden()
    return wish_class


def class_members(user, wish_class: WishClass, area: Area | None = None) -> QuerySet:
    """Return the class's wishes in the viewer's scope, newest first."""
    return (
        memberships_in_scope(user, area)
        .filter(wish_class=wish_class)
        .select_related("wish__community", "wish__beneficiary")
        .order_by("-wish__created_at", "-wish_id")
    )


def class_months(user, wish_class: WishClass, *, months: int = 6) -> list[tuple[str, int]]:
    """Return the number of the class's wishes (in scope) submitted in each of the last ``months`` months."""
    _previous, first, end, _name = month_bounds(None)
    starts = [first]
    for _ in range(months - 1):
        starts.insert(0, month_bounds((starts[0] - dt.timedelta(days=1)).strftime("%Y-%m"))[1])
    members = memberships_in_scope(user).filter(wish_class=wish_class)
    return [
        (start.strftime("%Y-%m"), members.filter(wish__created_at__gte=start, wish__created_at__lt=stop).count())
        for start, stop in zip(starts, [*starts[1:], end], strict=True)
    ]


def merge_targets(user, wish_class: WishClass) -> QuerySet:
    """Return the other live classes of the district, for the merge form."""
    return WishClass.objects.filter(district=wish_class.district, merged_into=None).exclude(pk=wish_class.pk)


def project_access(user, project_id) -> ClassProject:
    pk = parse_id(project_id)
    project = (
        ClassProject.objects.select_related("wish_class__district", "area", "lead").filter(pk=pk).first()
        if pk
        else None
    )
    if project is None or not _sees_district(user, project.wish_class.district):
        raise NotFound()
    return project


def projects_in_scope(user) -> QuerySet:
    districts = [a.ancestor_at("district") for a in scope.staff_areas(user)]
    return ClassProject.objects.filter(wish_class__district__in=[d for d in districts if d]).select_related(
        "wish_class", "area", "lead__party_org", "lead__partner_unit", "lead__area", "lead__member"
    )


def lead_choices(district: Area) -> QuerySet:
    """Return who may lead a project in ``district``: its streets, and the agency party organisations and partner
    units that serve somewhere in it."""
    in_district = Q(kind="street", area__path__startswith=district.path) | Q(
        kind__in=("party_org", "partner_unit"), service_areas__path__startswith=district.path
    )
    return (
        Claimer.objects.filter(in_district).distinct()
        .select_related("party_org", "partner_unit", "area").order_by("kind", "pk")
    )


def project_wishes(user, project: ClassProject) -> QuerySet:
    """Return the project's wishes in the viewer's staff scope (the rest are counted, not shown)."""
    return (
        project.wishes.filter(scope.staff_q(user, "community", "grid")).select_related("community").order_by("pk")
    )


def districts_managed(user) -> list[Area]:
    """Return the districts in which ``user`` may regroup and edit classes."""
    from .rules import manager_areas

    return sorted({a.ancestor_at("district") for a in manager_areas(user)} - {None}, key=lambda a: a.path)


def _sees_district(user, district: Area) -> bool:
    return rules.has_perm("classes.view_classes", user) and any(
        district.contains(area) for area in scope.staff_areas(user)
    )


def _prefixed(q: Q) -> Q:
    """Return ``q`` with every lookup moved under ``wish__`` (a wish filter used on memberships)."""
    prefixed = Q(
        *[_prefixed(child) if isinstance(child, Q) else (f"wish__{child[0]}", child[1]) for child in q.children],
        _connector=q.connector,
        _negated=q.negated,
    )
    return prefixed


def _add_priority_groups(user, area, table: list[ClassRow]) -> None:
    by_class = {row.wish_class.pk: row for row in table}
    rows = (
        memberships_in_scope(user, area)
        .filter(wish_class__in=list(by_class))
        .values("wish_class", "wish__beneficiary__priority_groups__name")
        .annotate(n=Count("wish", distinct=True))
        .order_by("wish_class", "-n")
    )
    for row in rows:
        name = row["wish__beneficiary__priority_groups__name"]
        if name:
            by_class[row["wish_class"]].priority_groups.append(name)
