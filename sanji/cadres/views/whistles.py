"""Whistles: the list and the form to blow one, a whistle's page with each agency's report, the assessment."""

import datetime as dt

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import InvalidInput, NotFound
from sanji.core.inputs import parse_date
from sanji.core.models import Area
from sanji.core.pages import act
from sanji.core.scope import area_q

from ..models import Agency, WhistleKind
from ..rules import community_areas, covers_community, desk_agency_ids
from ..selectors.access import whistle_access, whistles_in_scope
from ..selectors.assessment import agencies_assessed, communities_assessed
from ..selectors.work import own_placements
from ..services import whistles as services
from ..templatetags.cadre_tags import duration


def _raisable(user) -> list:
    """Return the communities ``user`` may blow a whistle for."""
    own = [p.community for p in own_placements(user).active_on(clock.today())]
    staff = list(Area.objects.filter(area_q(community_areas(user)), level="community"))
    return list({a.pk: a for a in [*staff, *own]}.values())


def _list_page(request, *, error=None, values=None):
    raisable = _raisable(request.user)
    found = whistles_in_scope(request.user).prefetch_related("calls__agency")
    if not raisable and not found.exists() and not desk_agency_ids(request.user):
        raise NotFound()
    return render(request, "cadres/whistles.html", {
        "whistles": found[:100], "raisable": raisable, "agencies": Agency.objects.all(),
        "kinds": WhistleKind.choices,
        "chosen_agencies": values.getlist("agencies") if hasattr(values, "getlist") else [],
        "within": {kind: duration(services.report_within(kind)) for kind in WhistleKind.values},
        "error": error, "values": values or {}})


@login_required
def whistle_list(request):
    return _list_page(request)


@login_required
@require_POST
def whistle_raise(request):
    post = request.POST
    return act(request, lambda: services.whistle_raise(
        actor=request.user, community_id=post.get("community"), kind=post.get("kind", ""),
        problem=post.get("problem", ""), detail=post.get("detail", ""), agency_ids=post.getlist("agencies"),
        report_by=post.get("report_by", "")), done=_("The whistle is blown; the agencies are told."),
        page=lambda **kw: _list_page(request, **kw), to=None)


def _page(request, whistle, *, error=None, values=None):
    desks = desk_agency_ids(request.user)
    calls = list(whistle.calls.select_related("agency", "reported_by"))
    return render(request, "cadres/whistle.html", {
        "whistle": whistle, "calls": calls, "now": clock.now(),
        "my_calls": [c for c in calls if c.agency_id in desks and c.reported_at is None],
        "for_community": covers_community(request.user, whistle.community),
        "agencies": Agency.objects.exclude(pk__in=[c.agency_id for c in calls]),
        "events": whistle.events.select_related("actor"),
        "chosen_agencies": values.getlist("agencies") if hasattr(values, "getlist") else [],
        "error": error, "values": values or {}})


@login_required
def whistle_detail(request, pk):
    return _page(request, whistle_access(request.user, pk))


def _post(request, pk, call, done):
    whistle = whistle_access(request.user, pk)
    return act(request, lambda: call(whistle, request.POST), done=done, to=f"/cadres/whistles/{whistle.pk}/",
               page=lambda **kw: _page(request, whistle, **kw))


@login_required
@require_POST
def whistle_report(request, pk):
    return _post(request, pk, lambda w, p: services.whistle_report(
        actor=request.user, call_id=p.get("call"), attendees=p.get("attendees", ""), action=p.get("action", ""),
        whistle_id=w.pk),
        _("Your agency's report is recorded."))


@login_required
@require_POST
def whistle_call_more(request, pk):
    return _post(request, pk, lambda w, p: services.whistle_call_more(
        actor=request.user, whistle_id=w.pk, agency_ids=p.getlist("agencies")), _("The agencies are told."))


@login_required
@require_POST
def whistle_transition(request, pk, action):
    if action not in ("close", "withdraw"):
        raise NotFound()
    done = _("The whistle is closed.") if action == "close" else _("The whistle is withdrawn.")
    return _post(request, pk, lambda w, p: services.whistle_transition(
        actor=request.user, whistle_id=w.pk, action=action, outcome=p.get("outcome", "")), done)


@login_required
def assessment(request):
    if not rules.has_perm("cadres.act_for_communities", request.user):
        raise NotFound()
    today = clock.today()
    error = None
    try:
        since = parse_date(request.GET.get("since") or today.replace(month=1, day=1), field="since")
        until = parse_date(request.GET.get("until") or today, field="until")
    except InvalidInput as refused:
        error, since, until = refused, today.replace(month=1, day=1), today
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    return render(request, "cadres/assessment.html", {
        "since": since, "until": until, "error": error,
        "communities": communities_assessed(request.user, start, end),
        "agencies": agencies_assessed(request.user, start, end)})
