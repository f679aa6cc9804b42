"""Both sides assessed (双考核): whistles raised per community, attendance and closure per agency."""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from sanji.core import clock
from sanji.core.scope import area_q

from ..models import Agency, Whistle, WhistleCall, WhistleState
from ..rules import community_areas


@dataclass(frozen=True)
class CommunityLine:
    name: str
    raised: int
    emergency: int
    closed: int
    open: int


@dataclass(frozen=True)
class AgencyLine:
    name: str
    called: int
    reported: int
    on_time: int
    missed: int  # not reported by its deadline, on a whistle still open or withdrawn after the deadline
    closed: int  # of the whistles it was called to, how many the community closed


def communities_assessed(user, since, until) -> list[CommunityLine]:
    """Return, per community in ``user``'s scope, the whistles raised in [since, until)."""
    rows = (Whistle.objects.filter(area_q(community_areas(user), "community"), raised_at__gte=since,
                                   raised_at__lt=until)
            .values("community__name", "community__path")
            .annotate(raised=Count("pk"), emergency=Count("pk", filter=Q(kind="emergency")),
                      closed=Count("pk", filter=Q(state=WhistleState.CLOSED)),
                      open=Count("pk", filter=Q(state=WhistleState.OPEN)))
            .order_by("community__path"))
    return [CommunityLine(r["community__name"], r["raised"], r["emergency"], r["closed"], r["open"]) for r in rows]


def agencies_assessed(user, since, until) -> list[AgencyLine]:
    """Return, per agency called by a whistle of ``user``'s scope raised in [since, until), its attendance."""
    now = clock.now()
    calls = WhistleCall.objects.filter(area_q(community_areas(user), "whistle__community"),
                                       whistle__raised_at__gte=since, whistle__raised_at__lt=until)
    rows = (calls.values("agency_id")
            .annotate(called=Count("pk"), reported=Count("pk", filter=Q(reported_at__isnull=False)),
                      on_time=Count("pk", filter=Q(reported_at__lte=F("report_by"))),
                      missed=Count("pk", filter=Q(reported_at__isnull=True) & (
                          Q(whistle__state=WhistleState.OPEN, report_by__lt=now)
                          | Q(whistle__state=WhistleState.WITHDRAWN, report_by__lt=F("whistle__closed_at")))),
                      closed=Count("pk", filter=Q(whistle__state=WhistleState.CLOSED))))
    names = dict(Agency.objects.filter(pk__in=[r["agency_id"] for r in rows]).values_list("pk", "name"))
    lines = [AgencyLine(names[r["agency_id"]], r["called"], r["reported"], r["on_time"], r["missed"], r["closed"])
             for r in rows]
    return sorted(lines, key=lambda line: line.name)
