"""Reads of owners' committee re-elections: access, candidates and the deadlines with what was missed."""

from django.db.models import Max, QuerySet
from django.utils import timezone

from sanji.core import clock
from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.scope import area_q

from ..deadlines import local_day, reelection_deadlines
from ..models import Candidate, Reelection
from ..rules import property_areas


def reelections_in_scope(user) -> QuerySet:
    return Reelection.objects.filter(area_q(property_areas(user), "compound__community")).select_related(
        "compound__community", "outgoing", "vote"
    )


def reelection_access(user, reelection_id, *, lock: bool = False) -> Reelection:
    """Return the re-election if its compound is in ``user``'s property scope; otherwise 404."""
    pk = parse_id(reelection_id)
    found = reelections_in_scope(user).filter(pk=pk) if pk else Reelection.objects.none()
    if lock:
        found = found.select_for_update(of=("self",))
    reelection = found.first()
    if reelection is None:
        raise NotFound()
    return reelection


def candidates_of(reelection: Reelection) -> QuerySet:
    return Candidate.objects.filter(reelection=reelection).select_related("owner", "reviewed_by")


def deadlines_of(reelection: Reelection, *, today=None) -> list:
    """Return the re-election's deadlines as of ``today`` (local), each with its due day and whether it was missed."""
    today = today or timezone.localdate(clock.now())
    objections = reelection.objections.all()
    if objections.filter(answered_at__isnull=True).exists():
        done_on = None
    else:
        last = objections.aggregate(last=Max("answered_at"))["last"]
        done_on = local_day(last) if last else local_day(reelection.announced_at)
    return reelection_deadlines(reelection, today=today, objections_done_on=done_on)
