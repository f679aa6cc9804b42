"""Everything one dashboard shows, gathered once and shared by the page, the API, the sheets and the report."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sanji.core import clock
from sanji.core.models import Area, PriorityGroup
from sanji.wishes.models import DutyType

from .selectors.cadres import cadres_summary
from .selectors.classes import projects_summary, top_classes
from .selectors.property import property_summary
from .selectors.standing import (
    MemberService,
    OpenCount,
    household_coverage,
    member_service,
    open_by_child,
    overdue_wishes,
)
from .selectors.wishes import Counters, WishFigures, wish_figures, wish_figures_by_group
from .slices import Request


@dataclass(frozen=True)
class AreaRow:
    """One child area's line of the drill-down table."""

    area: Area
    counters: Counters
    open: OpenCount
    median_days: object


@dataclass(frozen=True)
class NamedRow:
    code: str
    name: str
    counters: Counters


@dataclass
class Dashboard:
    request: Request
    now: dt.datetime
    wishes: WishFigures
    areas: list[AreaRow]
    open: OpenCount
    coverage: object
    members: MemberService
    groups: list[NamedRow]
    types: list[NamedRow]
    overdue: list
    property: dict
    cadres: dict
    classes: list
    projects: dict

    @property
    def slice(self):
        return self.request.slice

    @property
    def months(self) -> list[tuple[dt.date, Counters]]:
        return [(m, self.wishes.by_month.get(m) or Counters()) for m in self.slice.period.months()]


def _children(area: Area) -> list[Area]:
    children = list(Area.objects.filter(parent=area).exclude(level="grid").order_by("path"))
    return children or [area]


def dashboard_build(request: Request, *, now: dt.datetime | None = None, overdue_limit: int = 50) -> Dashboard:
    """Return the figures of the request's slice: wish measures, drill-down, property, cadres, classes."""
    now = now or clock.now()
    slice_ = request.slice
    wishes = wish_figures(slice_, now=now)
    opened = open_by_child(slice_, now=now)
    areas = [
        AreaRow(child, wishes.by_child.get(child.pk) or Counters(), opened.get(child.pk, OpenCount(0, 0)),
                wishes.child_median_days(child.pk))
        for child in _children(slice_.area)
    ]
    by_group = wish_figures_by_group(slice_, now=now)
    groups = [NamedRow(g.code, g.name, by_group.get(g.code) or Counters()) for g in PriorityGroup.objects.all()]
    types = [
        NamedRow(t.code, t.name, wishes.by_type.get(t.pk) or Counters())
        for t in DutyType.objects.select_related("category").order_by("category__position", "position")
    ]
    if 0 in wishes.by_type:
        types.append(NamedRow("", _("No category"), wishes.by_type[0]))
    return Dashboard(
        request=request, now=now, wishes=wishes, areas=areas,
        open=OpenCount(sum(o.open for o in opened.values()), sum(o.overdue for o in opened.values())),
        coverage=household_coverage(slice_), members=member_service(slice_), groups=groups, types=types,
        overdue=overdue_wishes(slice_, now=now, limit=overdue_limit),
        property=property_summary(area=slice_.area, period=slice_.period),
        cadres=cadres_summary(area=slice_.area, period=slice_.period),
        classes=top_classes(area=slice_.area, period=slice_.period),
        projects=projects_summary(area=slice_.area, period=slice_.period),
    )
