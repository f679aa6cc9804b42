"""Whistles (吹哨报到): the community names agencies, they report, the community confirms.

``whistle_transition`` is the one writer of ``Whistle.state``: ``open -> closed`` when the community confirms
(every named agency must have reported first) and ``open -> withdrawn``. How long agencies have to report depends
on the kind of whistle (``SANJI_WHISTLE_REPORT_MINUTES``; an emergency's default is 30 minutes); the one who blows
it may set an earlier time, never a later one.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_id, parse_moment
from sanji.core.models import Area
from sanji.notices.services import notices_queue

from ..models import Agency, Placement, Whistle, WhistleCall, WhistleEvent, WhistleKind, WhistleState
from ..rules import covers_community
from ..selectors.access import call_access, whistle_access

DEFAULT_REPORT_MINUTES = {WhistleKind.DAILY: 3 * 24 * 60, WhistleKind.KEY_TASK: 24 * 60, WhistleKind.EMERGENCY: 30}
MAX_AGENCIES = 10


def report_within(kind: str) -> dt.timedelta:
    """Return how long the named agencies have to report to a whistle of ``kind``."""
    minutes = {**DEFAULT_REPORT_MINUTES, **getattr(settings, "SANJI_WHISTLE_REPORT_MINUTES", {})}
    return dt.timedelta(minutes=minutes[kind])


def _placement_of(actor, community: Area):
    return Placement.objects.active_on(clock.today()).filter(cadre__user=actor, community=community).first()


def _agencies(agency_ids) -> list[Agency]:
    ids = list(dict.fromkeys(parse_id(a) for a in agency_ids))
    if not ids or None in ids:
        raise InvalidInput(_("Name at least one agency that must report."), field="agencies")
    if len(ids) > MAX_AGENCIES:
        raise InvalidInput(_("Name at most %(n)s agencies.") % {"n": MAX_AGENCIES}, field="agencies")
    found = list(Agency.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise InvalidInput(_("Choose the agencies from the list."), field="agencies")
    return found


def _tell(agencies, whistle: Whistle, report_by: dt.datetime) -> None:
    due = date_format(timezone.localtime(report_by), "Y-m-d H:i")
    for agency in agencies:
        notices_queue(
            recipients=get_user_model().objects.filter(agency_desks__agency=agency, is_active=True),
            kind="whistle_blown", key=f"whistle-{whistle.pk}-{agency.pk}", url=f"/cadres/whistles/{whistle.pk}/",
            params={"community": whistle.community.name, "problem": whistle.problem, "due": due},
        )


def whistle_raise(*, actor, community_id, kind: str, problem: str, agency_ids, detail: str = "",
                  report_by=None) -> Whistle:
    """Blow a whistle for a community: its party committee (or a cadre placed in it) names the agencies."""
    if kind not in WhistleKind.values:
        raise InvalidInput(_("Choose the kind of whistle: daily, key task or emergency."), field="kind")
    problem = clean_text(problem, field="problem", max_length=120, required=True,
                         message=_("Name the problem the agencies must come for."))
    detail = clean_text(detail, field="detail", max_length=4000)
    agencies = _agencies(agency_ids)
    now = clock.now()
    latest = now + report_within(kind)
    due = latest if report_by in (None, "") else parse_moment(report_by, field="report_by")
    if not now < due <= latest:
        raise InvalidInput(_("The agencies must report by a time after now and no later than %(latest)s.") % {
            "latest": date_format(timezone.localtime(latest), "Y-m-d H:i")}, field="report_by")
    community = Area.objects.filter(pk=parse_id(community_id), level="community").first()
    if community is None:
        raise InvalidInput(_("Choose a community."), field="community")
    with transaction.atomic():
        placement = _placement_of(actor, community)
        if placement is None and not covers_community(actor, community):
            raise Forbidden(_("Only the community's party committee or a cadre placed in it blows its whistle."))
        whistle = Whistle.objects.create(community=community, kind=kind, problem=problem, detail=detail,
                                         raised_by=actor, placement=placement, raised_at=now, report_by=due)
        WhistleCall.objects.bulk_create(WhistleCall(whistle=whistle, agency=a, report_by=due) for a in agencies)
        WhistleEvent.objects.create(whistle=whistle, kind="raised", actor=actor, at=now,
                                    detail={"agencies": [a.pk for a in agencies]})
        _tell(agencies, whistle, due)
        return whistle


def whistle_call_more(*, actor, whistle_id, agency_ids) -> Whistle:
    """Name more agencies on an open whistle; they have as long as the first ones had, counted from now. The
    deadlines of the agencies already named do not move."""
    agencies = _agencies(agency_ids)
    with transaction.atomic():
        whistle = whistle_access(actor, whistle_id, lock=True)
        if not covers_community(actor, whistle.community) and _placement_of(actor, whistle.community) is None:
            raise Forbidden(_("Only the community names agencies."))
        if whistle.state != WhistleState.OPEN:
            raise IllegalTransition(_("This whistle is no longer open."))
        now = clock.now()
        due = now + (whistle.report_by - whistle.raised_at)
        try:
            with transaction.atomic():
                WhistleCall.objects.bulk_create(
                    WhistleCall(whistle=whistle, agency=a, report_by=due) for a in agencies)
        except IntegrityError:
            raise InvalidInput(_("One of these agencies is already named."), field="agencies") from None
        WhistleEvent.objects.create(whistle=whistle, kind="called", actor=actor, at=now,
                                    detail={"agencies": [a.pk for a in agencies]})
        _tell(agencies, whistle, due)
        return whistle


def whistle_report(*, actor, call_id, attendees: str, action: str, whistle_id=None) -> WhistleCall:
    """Record an agency's report to the community: who came and what was done. A late report is kept, as late.

    ``whistle_id``, when given (the page of the whistle the form was on), must be the call's whistle.
    """
    attendees = clean_text(attendees, field="attendees", max_length=200, required=True,
                           message=_("Write who came to the community."))
    action = clean_text(action, field="action", max_length=4000, required=True, message=_("Write what was done."))
    with transaction.atomic():
        call = call_access(actor, call_id, lock=True)
        if whistle_id is not None and call.whistle_id != parse_id(whistle_id):
            raise NotFound()  # a call of another whistle, sent from this whistle's page
        whistle = Whistle.objects.select_for_update().get(pk=call.whistle_id)
        if whistle.state != WhistleState.OPEN:
            raise IllegalTransition(_("This whistle is no longer open."))
        if call.reported_at is not None:
            raise IllegalTransition(_("Your agency has already reported to this whistle."))
        call.reported_at, call.attendees, call.action, call.reported_by = clock.now(), attendees, action, actor
        call.save(update_fields=["reported_at", "attendees", "action", "reported_by"])
        WhistleEvent.objects.create(whistle=whistle, kind="reported", actor=actor, at=call.reported_at,
                                    detail={"agency": call.agency_id})
        return call


TRANSITIONS = {
    (WhistleState.OPEN, "close"): WhistleState.CLOSED,
    (WhistleState.OPEN, "withdraw"): WhistleState.WITHDRAWN,
}


def whistle_transition(*, actor, whistle_id, action: str, outcome: str = "") -> Whistle:
    """Close the whistle when the community confirms the problem was dealt with, or withdraw it.

    Only the community's party committee (or the street and district above it) does either; closing needs every
    named agency to have reported, and an outcome.
    """
    outcome = clean_text(outcome, field="outcome", max_length=4000, required=action == "close",
                         message=_("Write what came of it."))
    with transaction.atomic():
        whistle = whistle_access(actor, whistle_id, lock=True)
        if not covers_community(actor, whistle.community):
            raise Forbidden(_("Only the community's party committee confirms or withdraws a whistle."))
        target = TRANSITIONS.get((whistle.state, action))
        if target is None:
            raise IllegalTransition(_("This whistle cannot do that now."))
        if action == "close" and whistle.calls.filter(reported_at__isnull=True).exists():
            raise IllegalTransition(_("Every named agency must report before the community confirms."))
        whistle.state, whistle.outcome, whistle.closed_at = target, outcome, clock.now()
        whistle.save(update_fields=["state", "outcome", "closed_at"])
        WhistleEvent.objects.create(whistle=whistle, kind=action, actor=actor, at=whistle.closed_at)
        return whistle
