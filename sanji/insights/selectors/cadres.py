"""Young cadres on the dashboard: placements, sentinel reports answered and whistles attended, per community.

Read-only and unscoped: the caller passes an area the user may see. A placement, a report (through its placement)
and a whistle belong to the subtree of their community.
"""

import datetime as dt

from django.db.models import Count, F, Q

from sanji.cadres.models import FieldReport, Placement, Whistle, WhistleCall, WhistleState
from sanji.core import clock
from sanji.core.models import Area, AreaLevel

from ..period import Period, add_months
from ..rates import Rate


def cadres_summary(*, area: Area, period: Period) -> dict:
    """Return the young-cadre figures of ``area``'s subtree for ``period`` (instants in [start, end)).

    - ``as_of``: the day placements are counted on: the period's last day, or today if that is earlier.
    - ``placements_active``: placements in the subtree's communities running on ``as_of`` (started, not ended and
      not recalled before it: ``Placement.objects.active_on``).
    - ``placements_started``: placements in the subtree whose first day falls in the period.
    - ``reports_filed``: sentinel reports filed in the period from placements in the subtree;
      ``reports_answered``: a ``Rate`` whose numerator is those of them the home agency has answered by now (at any
      time) and whose denominator is ``reports_filed``.
    - ``whistles_blown``: whistles raised in the period for the subtree's communities; ``whistles_closed``,
      ``whistles_open``, ``whistles_withdrawn``: the same whistles by their state now.
    - ``whistles_attended``: a ``Rate`` over the agency calls of those whistles (one per agency named, including
      agencies named later). Numerator: calls whose report came by the call's own deadline (``reported_at <=
      report_by``). Denominator: calls whose outcome is settled: reported (on time or late), or unreported with the
      deadline passed on a whistle still open, or unreported on a whistle withdrawn after the deadline. Left out:
      ``calls_pending`` (unreported, the whistle open, the deadline still to come) and ``calls_released``
      (unreported, the whistle withdrawn by its deadline, so nothing was owed). ``calls_made`` = on time + late +
      missed + pending + released, each given as ``calls_<name>``.
    - ``communities``: one row per community of the subtree, in tree order, zeros included: ``community_id``,
      ``community``, ``placements_active``, ``reports_filed``, ``reports_answered``, ``whistles``.

    Six queries.
    """
    in_area = area.path
    start, end = period.start, period.end
    last_day = add_months(period.last, 1) - dt.timedelta(days=1)
    as_of = min(last_day, clock.today())
    communities = list(Area.objects.filter(path__startswith=in_area, level=AreaLevel.COMMUNITY).order_by("path"))
    placements = Placement.objects.filter(community__path__startswith=in_area)
    active = _by_community(placements.active_on(as_of), "community")
    started = placements.filter(starts_on__gte=period.first, starts_on__lte=last_day).count()
    reports = {
        row["placement__community"]: row
        for row in FieldReport.objects.filter(
            placement__community__path__startswith=in_area, filed_at__gte=start, filed_at__lt=end
        ).values("placement__community").annotate(
            filed=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        ).order_by()
    }
    whistles: dict[int, dict[str, int]] = {}
    for row in (Whistle.objects.filter(community__path__startswith=in_area, raised_at__gte=start, raised_at__lt=end)
                .values("community", "state").annotate(n=Count("pk")).order_by()):
        whistles.setdefault(row["community"], {})[row["state"]] = row["n"]
    calls = _calls(in_area, start, end)
    filed = sum(row["filed"] for row in reports.values())
    answered = sum(row["answered"] for row in reports.values())
    by_state = {state: sum(w.get(state, 0) for w in whistles.values()) for state in WhistleState.values}
    settled = calls["on_time"] + calls["late"] + calls["missed"]
    return {
        "as_of": as_of,
        "placements_active": sum(active.values()),
        "placements_started": started,
        "reports_filed": filed,
        "reports_answered": Rate(answered, filed),
        "whistles_blown": sum(by_state.values()),
        "whistles_closed": by_state[WhistleState.CLOSED],
        "whistles_open": by_state[WhistleState.OPEN],
        "whistles_withdrawn": by_state[WhistleState.WITHDRAWN],
        "whistles_attended": Rate(calls["on_time"], settled),
        **{f"calls_{name}": count for name, count in calls.items()},
        "communities": [
            {
                "community_id": community.pk,
                "community": community.name,
                "placements_active": active.get(community.pk, 0),
                "reports_filed": reports.get(community.pk, {}).get("filed", 0),
                "reports_answered": reports.get(community.pk, {}).get("answered", 0),
                "whistles": sum(whistles.get(community.pk, {}).values()),
            }
            for community in communities
        ],
    }


def _by_community(queryset, field: str) -> dict[int, int]:
    """Return how many rows of ``queryset`` each community (``field``) has."""
    return dict(queryset.values(field).annotate(n=Count("pk")).values_list(field, "n").order_by())


def _calls(in_area: str, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Return the agency calls of the whistles raised in [start, end) under ``in_area``, by how each stands now."""
    now = clock.now()
    unreported = Q(reported_at__isnull=True)
    open_ = Q(whistle__state=WhistleState.OPEN)
    withdrawn = Q(whistle__state=WhistleState.WITHDRAWN)
    released = unreported & withdrawn & Q(whistle__closed_at__lte=F("report_by"))
    pending = unreported & open_ & Q(report_by__gte=now)
    return WhistleCall.objects.filter(
        whistle__community__path__startswith=in_area, whistle__raised_at__gte=start, whistle__raised_at__lt=end
    ).aggregate(
        made=Count("pk"),
        on_time=Count("pk", filter=Q(reported_at__lte=F("report_by"))),
        late=Count("pk", filter=Q(reported_at__gt=F("report_by"))),
        missed=Count("pk", filter=unreported & ~pending & ~released),
        pending=Count("pk", filter=pending),
        released=Count("pk", filter=released),
    )
